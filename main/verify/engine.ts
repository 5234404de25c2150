/**
 * The relying party's verifier: a CMS SignedData (attached or detached, as the FinCert SDK and
 * NPKI toolkits make it), a raw PKCS#1 signature with its certificate, or a certificate alone →
 * a VerifyReport with every check listed on its own. Verdict: invalid if any check failed;
 * indeterminate if a check that matters could not be made (chain, revocation, and for signatures
 * the signature and content digest; VID when an IDN was given); valid otherwise.
 * Malformed input throws DojangError FILE_DAMAGED; an algorithm we cannot check throws
 * UNSUPPORTED_ALGORITHM naming it.
 */
import { verify as nodeVerify } from 'node:crypto';
import { DojangError } from '../../common/errors.js';
import { Asn1Error, Tag, bitString, children, expect, octets, oid, parse, seq, toDer, type Tlv } from '../../common/pki/asn1.js';
import { nameValues, publicKeyFromSpki } from '../../common/pki/certificate.js';
import { CMS_OID, verifyCms, type CmsCheck } from '../../common/pki/cms.js';
import { lookupPolicy, policyMessage } from '../../common/pki/policies.js';
import { checkVid } from '../../common/pki/vid.js';
import type { Message } from '../../preload/messages/format.js';
import type { LinkOrigin, LinkRevocation } from '../../preload/types.js';
import { buildChainDetailed, judgeChain, toChainLinks, type BuiltChain, type BuiltLink } from './chain.js';
import { issuerFromDirectory } from './directory.js';
import { RevocationChecker, type RevocationOptions } from './revocation.js';
import { both, type CheckName, type RevocationResult, type SignerView, type VerifyCheck, type VerifyReport } from './types.js';
import { algorithmName, fingerprint, keyUsageBit, loadCert, type Cert } from './x509.js';

/** randomNum (SPEC §1.3): the R value a signer may attach as an unsigned attribute. */
export const RANDOM_NUM_OID = '1.2.410.200004.10.1.1.3';

export interface VerifyOptions {
  /** Trust anchors (DER), e.g. TrustStore.anchors(). */
  anchors: Buffer[];
  /** Pinned licensed-CA certificates (TrustStore.material().pinned): anchors the chain check names as such. */
  pinned?: Buffer[];
  /** Extra CA certificates to build the chain with (the message's own are always used). */
  intermediates?: Buffer[];
  /** "Now" for validity and freshness (tests inject it). */
  now?: Date;
  /** A checker (keeps its OCSP cache across calls) or options for one made for this call. */
  revocation?: RevocationChecker | RevocationOptions;
  /** The holder's R value (randomNum) for VID, when not carried in the signature. */
  rValue?: Buffer | null;
  /** The ID number to match (VID). Never stored, never logged, never in a message. */
  idn?: string | null;
  /** Policy OIDs this relying party accepts; when set, any other policy fails the policy check. */
  acceptPolicies?: string[];
  /** Receives each CA certificate from a message that completed a chain (to cache it). */
  onIntermediate?: (der: Buffer) => Promise<void> | void;
}

/**
 * A check: its catalog message (with an optional `note`) is what the Verify screen and the CLI say,
 * in their language; `detail` is the same as "한국어 (English)", for the demo bank's pages and the JSON.
 */
function check(name: CheckName, ok: boolean | null, message: Message, note?: Message): VerifyCheck {
  return { name, ok, detail: both(message) + (note ? ` [${both(note)}]` : ''), message, ...(note && { note }) };
}

function signerView(c: Cert): SignerView {
  return { holder: c.info.holder, subject: c.info.subject, issuer: c.info.issuer, serialHex: c.parts.serialHex, notAfter: c.info.notAfter };
}

function verdictOf(checks: VerifyCheck[], required: Set<CheckName>): VerifyReport['verdict'] {
  if (checks.some((c) => c.ok === false)) return 'invalid';
  if (checks.some((c) => c.ok === null && required.has(c.name))) return 'indeterminate';
  return 'valid';
}

function validityCheck(name: 'validityAtSigning' | 'validityNow', c: Cert, at: Date | null): VerifyCheck {
  if (!at) return check(name, null, { key: 'verify.check.noSigningTime' });
  const now = name === 'validityNow';
  const dates = { at: at.toISOString(), notBefore: c.info.notBefore, notAfter: c.info.notAfter };
  if (at < c.parts.notBefore) return check(name, false, { key: now ? 'verify.check.notYetValidNow' : 'verify.check.notYetValidAtSigning', params: dates });
  if (at > c.parts.notAfter) return check(name, false, { key: now ? 'verify.check.expiredNow' : 'verify.check.expiredAtSigning', params: dates });
  return check(name, true, { key: now ? 'verify.check.validNow' : 'verify.check.validAtSigning', params: dates });
}

function keyUsageCheck(c: Cert): VerifyCheck {
  let ds: boolean | null;
  let nr: boolean | null;
  try {
    ds = keyUsageBit(c.parts, 0);
    nr = keyUsageBit(c.parts, 1);
  } catch {
    return check('keyUsage', false, { key: 'verify.check.keyUsageDamaged' });
  }
  if (ds === null) return check('keyUsage', true, { key: 'verify.check.keyUsageAny' });
  const params = { usages: c.info.keyUsage.join(', ') || '—' };
  return check('keyUsage', Boolean(ds || nr), { key: ds || nr ? 'verify.check.keyUsageSigning' : 'verify.check.keyUsageNotSigning', params });
}

function policyCheck(c: Cert, accept: string[] | undefined): VerifyCheck {
  const p = c.info.policyOid;
  const ca = nameValues(c.parts.issuer, 'CN').at(-1) ?? c.info.issuer;
  const known = p !== null && lookupPolicy(p) !== null;
  const policy: Message = known ? { key: 'verify.policy.named', params: { usage: policyMessage(p, ca), oid: p } } : policyMessage(p, ca);
  if (accept && accept.length) {
    const ok = c.info.policies.some((x) => accept.includes(x));
    return check('policy', ok, { key: ok ? 'verify.policy.accepted' : 'verify.policy.notAccepted', params: { policy } });
  }
  return check('policy', known ? true : null, { key: known ? 'verify.policy.usage' : 'verify.policy.unknown', params: { policy } });
}

function vidCheck(c: Cert, rValue: Buffer | null, idn: string | null | undefined): VerifyCheck {
  if (!idn) return check('vid', null, { key: 'verify.check.vidNoIdn' });
  if (!rValue) return check('vid', null, { key: 'verify.check.vidNoR' });
  try {
    const { match, hashAlg } = checkVid(c.der, rValue, idn);
    return check('vid', match, { key: match ? 'verify.check.vidMatch' : 'verify.check.vidMismatch', params: { hash: hashAlg } });
  } catch (e) {
    if (e instanceof DojangError && e.code === 'NOT_FOUND') return check('vid', false, { key: 'verify.check.vidMissing' });
    if (e instanceof DojangError && e.code === 'UNSUPPORTED_ALGORITHM') return check('vid', null, { key: e.key, params: e.params });
    throw e;
  }
}

interface SignatureFacts {
  /** signature, contentDigest, signedAttributes checks, already decided. */
  checks: VerifyCheck[];
  signingTime: Date | null;
  messageCerts: Buffer[];
  rValue: Buffer | null;
}

/** Where each link of the chain came from, for the report. */
function originOf(l: BuiltLink, i: number, message: Set<string>, directory: Set<string>): LinkOrigin {
  if (l.isTrustAnchor) return 'anchor';
  if (i === 0) return 'signer';
  if (directory.has(l.cert.fingerprint)) return 'directory';
  return message.has(l.cert.fingerprint) ? 'message' : 'local';
}

function linkRevocation(r: RevocationResult | null, l: BuiltLink): LinkRevocation {
  if (!r) {
    const none = { status: 'notChecked', source: null, url: null, cached: false } as const;
    const message: Message = { key: l.isTrustAnchor ? 'verify.revocation.anchor' : l.signature !== 'ok' ? 'verify.revocation.noIssuer' : 'verify.revocation.noSource' };
    return { ...none, message, detail: both(message) };
  }
  const source = r.source === 'crl' && l.cert.info.isCa ? 'arl' : r.source;
  return { status: r.status, source, url: r.url ?? null, cached: r.cached ?? false, message: r.message, detail: r.detail };
}

/** The report's revocation check over the whole chain: revoked anywhere fails, unknown anywhere is unknown. */
function revocationCheck(links: BuiltLink[], results: (RevocationResult | null)[]): VerifyCheck {
  const ca = (i: number): string => links[i]!.cert.info.subjectCn ?? links[i]!.cert.info.subject;
  const revoked = results.findIndex((r) => r?.status === 'revoked');
  if (revoked > 0) return check('revocation', false, { key: 'verify.revocation.caRevoked', params: { ca: ca(revoked), answer: results[revoked]!.message } });
  if (revoked === 0) return check('revocation', false, results[0]!.message);
  const answers = results.flatMap((r, i): Message[] =>
    !r ? [] : [i === 0 ? { key: 'verify.revocation.signer', params: { answer: r.message } } : { key: 'verify.revocation.ca', params: { ca: ca(i), answer: r.message } }],
  );
  const unknown = results.findIndex((r) => r?.status === 'unknown');
  if (unknown >= 0) return check('revocation', null, unknown === 0 ? results[0]!.message : { key: 'verify.revocation.caUnknown', params: { answers } });
  return check('revocation', true, answers.length > 1 ? { key: 'verify.revocation.chainGood', params: { answers } } : results[0]!.message);
}

/**
 * The chain, completed from the CA's LDAP directory when an issuer is missing and the network
 * may be used. A fetched certificate is kept only if the chain then reaches a trusted root.
 */
async function chainWithDirectory(
  signer: Cert,
  intermediates: Buffer[],
  opts: VerifyOptions,
  at: Date,
  checker: RevocationChecker,
): Promise<{ chain: BuiltChain; directory: Set<string>; note?: Message }> {
  const build = (extra: Buffer[]): BuiltChain => buildChainDetailed(signer.der, { anchors: opts.anchors, pinned: opts.pinned, intermediates: [...intermediates, ...extra], at });
  const original = build([]);
  const fetched: Buffer[] = [];
  let chain = original;
  let last = '';
  // At most two levels: an NPKI chain is root → CA → user.
  for (let round = 0; round < 2 && chain.end === 'missingIssuer' && !checker.offline; round++) {
    const answer = await issuerFromDirectory(checker, chain.links.at(-1)!.cert);
    if (!answer) break;
    last = answer.url;
    if ('problem' in answer) return { chain: original, directory: new Set(), note: { key: 'verify.chain.directoryFailed', params: { url: answer.url, problem: answer.problem } } };
    fetched.push(...answer.certs);
    const trial = build(fetched);
    if (trial.links.length <= chain.links.length) break; // nothing fetched verifies as the issuer
    chain = trial;
  }
  if (chain.end === 'anchor') {
    const directory = new Set(chain.links.filter((l) => fetched.some((d) => d.equals(l.cert.der))).map((l) => l.cert.fingerprint));
    return { chain, directory };
  }
  const note: Message | undefined = fetched.length ? { key: 'verify.chain.directoryUnused', params: { url: last } } : undefined;
  return { chain: original, directory: new Set(), note };
}

/** Everything after the cryptographic part: chain, validity, usage, policy, revocation, VID. */
async function assess(signer: Cert, facts: SignatureFacts, opts: VerifyOptions, kind: 'signature' | 'certificate'): Promise<VerifyReport> {
  const now = opts.now ?? new Date();
  const checker = opts.revocation instanceof RevocationChecker ? opts.revocation : new RevocationChecker(opts.revocation ?? {});
  const cryptoFailed = facts.checks.some((c) => c.ok === false);
  const intermediates = [...facts.messageCerts, ...(opts.intermediates ?? [])];
  const at = facts.signingTime ?? now;
  const { chain, directory, note } = cryptoFailed
    ? { chain: buildChainDetailed(signer.der, { anchors: opts.anchors, pinned: opts.pinned, intermediates, at }), directory: new Set<string>() }
    : await chainWithDirectory(signer, intermediates, opts, at, checker);
  const chainJudged = judgeChain(chain);
  const checks: VerifyCheck[] = [
    ...facts.checks,
    check('chain', chainJudged.ok, chainJudged.message, note),
    validityCheck('validityAtSigning', signer, facts.signingTime),
    validityCheck('validityNow', signer, now),
    keyUsageCheck(signer),
    policyCheck(signer, opts.acceptPolicies),
  ];
  const links = chain.links;
  // A CA certificate that names no ARL and no OCSP responder cannot be asked (NPKI CAs always name an ARL).
  const checkable = (l: BuiltLink, i: number): boolean =>
    !l.isTrustAnchor && l.signature === 'ok' && links[i + 1] !== undefined && (i === 0 || l.cert.info.crlDistributionPoints.length + l.cert.info.ocspUrls.length > 0);
  // Every link against its issuer (the signer: CRL or OCSP; a CA: its root's ARL), in parallel.
  const results: (RevocationResult | null)[] = cryptoFailed
    ? links.map(() => null)
    : await Promise.all(links.map((l, i) => (checkable(l, i) ? checker.check(l.cert, links[i + 1]!.cert, now) : null)));
  if (cryptoFailed) {
    checks.push(check('revocation', null, { key: 'verify.revocation.cryptoFailed' }));
  } else if (!results[0]) {
    checks.push(check('revocation', null, { key: 'verify.revocation.issuerMissing' }));
  } else checks.push(revocationCheck(links, results));
  checks.push(vidCheck(signer, opts.rValue ?? facts.rValue, opts.idn));

  const fromMessage = new Set(facts.messageCerts.map((d) => fingerprint(d)));
  if (chain.end === 'anchor' && opts.onIntermediate) {
    for (const l of links.slice(1, -1)) if (fromMessage.has(l.cert.fingerprint) || directory.has(l.cert.fingerprint)) await opts.onIntermediate(l.cert.der);
  }
  const required = new Set<CheckName>(['chain', 'revocation']);
  if (kind === 'signature') {
    required.add('signature');
    required.add('contentDigest');
  }
  if (opts.idn) required.add('vid');
  return {
    verdict: verdictOf(checks, required),
    signer: signerView(signer),
    signingTime: facts.signingTime?.toISOString() ?? null,
    checks,
    chain: toChainLinks(chain).map((link, i) => ({
      ...link,
      origin: originOf(links[i]!, i, fromMessage, directory),
      revocation: linkRevocation(results[i] ?? null, links[i]!),
    })),
    usage: signer.info.usage?.usageKo ?? null,
  };
}

// ---------------------------------------------------------------- CMS

interface SignerExtras {
  hasSignedAttrs: boolean;
  randomNum: Buffer | null;
  signerCount: number;
}

const BER = { ber: true };

/** What verifyCms does not expose: whether signed attributes exist, and the R value among the unsigned ones. */
function signerExtras(cmsDer: Buffer): SignerExtras {
  const [, wrapT] = seq(parse(cmsDer, BER), 'ContentInfo', BER);
  const fields = seq(children(expect(wrapT, 0xa0, 'content'), BER)[0], 'SignedData', BER);
  const infos = children(expect(fields.at(-1), Tag.SET, 'signerInfos'), BER);
  const first = infos[0] ? children(infos[0], BER) : [];
  let randomNum: Buffer | null = null;
  const unsigned = first.find((t) => t.tag === 0xa1);
  if (unsigned) {
    for (const attr of children(unsigned, BER)) {
      const [typeT, valuesT] = seq(attr, 'Attribute', BER);
      if (oid(typeT) !== RANDOM_NUM_OID) continue;
      const v: Tlv | undefined = children(valuesT!, BER)[0];
      if (v?.tag === Tag.BIT_STRING) randomNum = Buffer.from(bitString(v).data);
      else if (v?.tag === Tag.OCTET_STRING) randomNum = Buffer.from(octets(v));
    }
  }
  return { hasSignedAttrs: first.some((t) => t.tag === 0xa0), randomNum, signerCount: infos.length };
}

const base = (name: string): string => name.replace(/ \(signer \d+\)$/, '');

function unsupportedIn(checks: CmsCheck[]): string | null {
  const bad = checks.find((c) => !c.ok && (base(c.name) === 'digestAlgorithm' || base(c.name) === 'signatureAlgorithm'));
  if (!bad) return null;
  const o = /(\d+(?:\.\d+)+)/.exec(bad.detail)?.[1];
  return o ? algorithmName(o) : bad.detail;
}

function fold(checks: CmsCheck[], names: string[]): CmsCheck[] {
  return checks.filter((c) => names.includes(base(c.name)));
}

/** Verifies a CMS SignedData (DER, PEM, base64 or base64url). `content`: for a detached signature. */
export async function verifyCmsSignature(cms: Buffer | string, opts: VerifyOptions & { content?: Buffer }): Promise<VerifyReport> {
  const der = toDer(cms);
  const r = verifyCms(der, opts.content ? { content: opts.content } : {});
  const structure = r.checks.find((c) => c.name === 'structure' && !c.ok);
  if (structure) throw new DojangError('FILE_DAMAGED', 'verify.notCms', {}, { detail: structure.detail });
  let extras: SignerExtras;
  try {
    extras = signerExtras(der);
  } catch (e) {
    throw new DojangError('FILE_DAMAGED', 'verify.signerInfoDamaged', {}, { detail: e instanceof Asn1Error ? e.message : 'unreadable SignerInfo' });
  }
  const unsupported = unsupportedIn(r.checks);
  if (unsupported) {
    throw new DojangError('UNSUPPORTED_ALGORITHM', 'verify.unsupportedAlgorithm', { algorithm: unsupported });
  }
  const signers: Message | undefined = extras.signerCount > 1 ? { key: 'verify.signature.signers', params: { count: extras.signerCount } } : undefined;

  const sigs = fold(r.checks, ['signature']);
  const certMissing = fold(r.checks, ['signerCertificate']).find((c) => !c.ok);
  let signature: VerifyCheck;
  if (certMissing) signature = check('signature', null, { key: 'verify.signature.certMissing' });
  else if (sigs.length === 0) signature = check('signature', null, { key: 'verify.signature.unchecked' });
  else if (sigs.every((c) => c.ok)) signature = check('signature', true, { key: 'verify.signature.ok' }, signers);
  else signature = check('signature', false, { key: 'verify.signature.bad' }, signers);

  const contentChk = r.checks.find((c) => c.name === 'content');
  const digests = fold(r.checks, ['messageDigest']);
  const noSigner: Message = { key: 'verify.signature.noSignerCert' };
  let contentDigest: VerifyCheck;
  if (certMissing) contentDigest = check('contentDigest', null, noSigner);
  else if (contentChk && !contentChk.ok && r.content === null) {
    contentDigest = check('contentDigest', null, { key: 'verify.signature.detached' });
  } else if (contentChk && !contentChk.ok) {
    contentDigest = check('contentDigest', false, { key: 'verify.signature.contentDiffers' });
  } else if (digests.some((c) => !c.ok && c.detail.includes('missing'))) {
    contentDigest = check('contentDigest', false, { key: 'verify.signature.digestMissing' });
  } else if (digests.length > 0) {
    const matches = digests.every((c) => c.ok);
    contentDigest = check('contentDigest', matches, { key: matches ? 'verify.signature.digestMatches' : 'verify.signature.digestMismatch' });
  } else if (!extras.hasSignedAttrs && signature.ok !== null) {
    contentDigest = check('contentDigest', signature.ok, { key: 'verify.signature.coversContent' });
  } else contentDigest = check('contentDigest', null, { key: 'verify.signature.contentUnchecked' });

  let signedAttributes: VerifyCheck;
  if (certMissing) signedAttributes = check('signedAttributes', null, noSigner);
  else if (!extras.hasSignedAttrs) signedAttributes = check('signedAttributes', null, { key: 'verify.signature.noSignedAttributes' });
  else {
    const ct = fold(r.checks, ['contentType']);
    const mdMissing = digests.some((c) => !c.ok && c.detail.includes('missing'));
    const ok = ct.length > 0 && ct.every((c) => c.ok) && !mdMissing;
    // The problems are the CMS verifier's own words (common/pki/cms.ts: technical, English).
    const problems = [...ct.filter((c) => !c.ok), ...digests.filter((c) => !c.ok)].map((c) => c.detail).join('; ') || 'inconsistent';
    if (!ok) signedAttributes = check('signedAttributes', false, { key: 'verify.signature.attributesBad', params: { problems } });
    else if (r.signingTime) signedAttributes = check('signedAttributes', true, { key: 'verify.signature.attributesOk', params: { at: r.signingTime } });
    else signedAttributes = check('signedAttributes', true, { key: 'verify.signature.attributesOkNoTime' });
  }

  const facts: SignatureFacts = {
    checks: [signature, contentDigest, signedAttributes],
    signingTime: r.signingTime ? new Date(r.signingTime) : null,
    messageCerts: r.certificatesDer,
    rValue: extras.randomNum,
  };
  if (!r.signerCertDer) return reportWithoutSigner(facts);
  return assess(loadCert(r.signerCertDer), facts, opts, 'signature');
}

function reportWithoutSigner(facts: SignatureFacts): VerifyReport {
  const missing: Message = { key: 'verify.check.noSigner' };
  const checks: VerifyCheck[] = [
    ...facts.checks,
    ...(['chain', 'validityAtSigning', 'validityNow', 'keyUsage', 'policy', 'revocation', 'vid'] as const).map((n) => check(n, null, missing)),
  ];
  return {
    verdict: verdictOf(checks, new Set(['signature', 'chain', 'revocation'])),
    signer: null,
    signingTime: facts.signingTime?.toISOString() ?? null,
    checks,
    chain: [],
    usage: null,
  };
}

// ---------------------------------------------------------------- PKCS#1 and certificate

export interface RawSignatureInput {
  /** RSASSA-PKCS1-v1_5 signature value: bytes, or base64 / base64url text. */
  signature: Buffer | string;
  certificate: Buffer | string;
  content: Buffer;
  hash?: 'sha256' | 'sha384' | 'sha512' | 'sha1';
}

function signatureBytes(s: Buffer | string): Buffer {
  if (Buffer.isBuffer(s)) return s;
  const t = s.trim();
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(t)) throw new DojangError('FILE_DAMAGED', 'verify.notBase64');
  return Buffer.from(t.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
}

/** Verifies a raw PKCS#1 v1.5 signature (FinCert "PKCS1" format) over `content` with its certificate. */
export async function verifyRawSignature(input: RawSignatureInput, opts: VerifyOptions): Promise<VerifyReport> {
  const cert = loadCert(input.certificate);
  const sig = signatureBytes(input.signature);
  const hash = input.hash ?? 'sha256';
  let ok = false;
  try {
    ok = nodeVerify(hash, input.content, publicKeyFromSpki(cert.parts.spki), sig);
  } catch {
    ok = false;
  }
  const checks = [
    check('signature', ok, { key: ok ? 'verify.signature.pkcs1Ok' : 'verify.signature.pkcs1Bad', params: { hash } }),
    check('contentDigest', ok, { key: 'verify.signature.pkcs1Covers', params: { hash } }),
    check('signedAttributes', null, { key: 'verify.signature.pkcs1NoAttributes' }),
  ];
  return assess(cert, { checks, signingTime: null, messageCerts: [], rValue: null }, opts, 'signature');
}

/** A certificate on its own: chain, validity now, key usage, policy, revocation, VID. */
export async function checkCertificate(certificate: Buffer | string, opts: VerifyOptions): Promise<VerifyReport> {
  const cert = loadCert(certificate);
  const na: Message = { key: 'verify.check.certificateAlone' };
  const checks = [check('signature', null, na), check('contentDigest', null, na), check('signedAttributes', null, na)];
  return assess(cert, { checks, signingTime: null, messageCerts: [], rValue: null }, opts, 'certificate');
}

/** Is this input a CMS SignedData or a certificate? Throws FILE_DAMAGED when neither. */
export function detectInput(input: Buffer | string): { kind: 'cms' | 'certificate'; der: Buffer } {
  const d = toDer(input);
  try {
    const top = parse(d, BER);
    const [first] = children(top, BER);
    if (first?.tag === Tag.OID && oid(first) === CMS_OID.signedData) return { kind: 'cms', der: d };
    if (first?.tag === Tag.SEQUENCE) return { kind: 'certificate', der: d };
  } catch {
    // fall through
  }
  throw new DojangError('FILE_DAMAGED', 'verify.neitherCmsNorCertificate');
}
