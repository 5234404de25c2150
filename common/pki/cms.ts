/**
 * CMS SignedData (RFC 5652), the "CMS" sign format of relying parties (SPEC §2.1):
 * one signer, RSASSA-PKCS1-v1_5 with SHA-256, signed attributes contentType, signingTime,
 * messageDigest. Signing goes through a RawSigner so a local key and a remote (cloud) signer
 * share one path. Verification never throws on bad input: it answers valid=false with the
 * check that failed.
 */
import { constants, createHash, hash, publicDecrypt, sign as nodeSign, verify as nodeVerify, type KeyObject } from 'node:crypto';
import { DojangError } from '../errors.js';
import { Asn1Error, Tag, children, contextNumber, der, expect, octets, oid, parse, raw, seq, time, tlv, toDer, type ReadOptions, type Tlv } from './asn1.js';
import { HASH_NAMES, OID as CERT_OID, locateCertificate, publicKeyFromSpki, type CertificateLocator } from './certificate.js';

export const CMS_OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  rsaEncryption: '1.2.840.113549.1.1.1',
} as const;

/** Signature algorithms accepted in a SignerInfo: OID → hash (null: use the digestAlgorithm). */
const SIGNATURE_HASH: Record<string, string | null> = {
  [CMS_OID.rsaEncryption]: null,
  '1.2.840.113549.1.1.5': 'sha1',
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
  '1.2.840.10045.4.1': 'sha1',
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
  '1.2.840.10045.2.1': null,
};

const BER: ReadOptions = { ber: true };
const MAX_CMS_BYTES = 64 << 20;

/** Signs DER(signedAttrs) with RSASSA-PKCS1-v1_5 / SHA-256: a local key or a remote signer. */
export type RawSigner = (data: Buffer) => Promise<Buffer> | Buffer;

export function signPkcs1(privateKey: KeyObject, data: Buffer): Buffer {
  return nodeSign('sha256', data, privateKey);
}

/**
 * The RawSigner of a local private key. signCms checks every signature against the certificate,
 * except that once a key object has made a signature that verifies under a certificate's key, the
 * pair is remembered (in memory, by reference: a KeyObject cannot change) and later signatures of
 * that pair skip the check — OpenSSL already verifies each RSA-CRT result before returning it.
 */
export function keySigner(privateKey: KeyObject): RawSigner {
  const signer: RawSigner = (data) => signPkcs1(privateKey, data);
  signerKeys.set(signer, privateKey);
  return signer;
}
const signerKeys = new WeakMap<RawSigner, KeyObject>();
/** Key object → the SubjectPublicKeyInfo (latin1) its signatures were seen to verify under. */
const matchedKeys = new WeakMap<KeyObject, string>();

/** Verifies a raw RSASSA-PKCS1-v1_5 / SHA-256 signature with a key or a certificate's key. */
export function verifyPkcs1(publicKeyOrCert: KeyObject | Buffer, data: Buffer, signature: Buffer): boolean {
  const key = Buffer.isBuffer(publicKeyOrCert) ? publicKeyFromSpki(locateCertificate(publicKeyOrCert).spki) : publicKeyOrCert;
  try {
    return nodeVerify('sha256', data, key, signature);
  } catch {
    return false;
  }
}

export interface SignCmsOptions {
  content: Buffer;
  /** True: the content is left out (the relying party has it). */
  detached: boolean;
  certDer: Buffer;
  chainDer?: Buffer[];
  signer: RawSigner;
  /** Defaults to now; a cloud signer may dictate it. */
  signingTime?: Date;
}

// The constant parts of every signature, encoded once.
const SHA256_ALG = der.seq(der.oid(CERT_OID.sha256));
const DIGEST_ALGORITHMS = der.setOf(SHA256_ALG);
const VERSION_1 = der.int(1);
const RSA_ALG = der.seq(der.oid(CMS_OID.rsaEncryption), der.null());
const CONTENT_TYPE_ATTR = der.seq(der.oid(CMS_OID.contentType), der.setOf(der.oid(CMS_OID.data)));
const SIGNING_TIME_OID = der.oid(CMS_OID.signingTime);
const MESSAGE_DIGEST_OID = der.oid(CMS_OID.messageDigest);
const DATA_OID = der.oid(CMS_OID.data);
const SIGNED_DATA_OID = der.oid(CMS_OID.signedData);

/**
 * DER(signedAttrs) as a SET — the bytes the RawSigner signs — for this content and time. A remote
 * signer that signs several items under one PIN check computes them first (main/fincert/sign.ts).
 */
export function cmsSignedAttributes(content: Buffer, signingTime: Date): Buffer {
  const attrs = [
    CONTENT_TYPE_ATTR,
    der.seq(SIGNING_TIME_OID, der.setOf(der.utcTime(signingTime))),
    der.seq(MESSAGE_DIGEST_OID, der.setOf(der.octetString(createHash('sha256').update(content).digest()))),
  ];
  return der.setOf(...attrs); // DER: SET OF sorted by encoding
}

export async function signCms(opts: SignCmsOptions): Promise<Buffer> {
  const cert = locateCertificate(opts.certDer);
  const chain = (opts.chainDer ?? []).map((c) => locateCertificate(c).der);
  const signedAttrsSet = cmsSignedAttributes(opts.content, opts.signingTime ?? new Date());
  const signature = Buffer.from(await opts.signer(signedAttrsSet));
  const key = signerKeys.get(opts.signer);
  const spkiId = key ? cert.spki.toString('latin1') : '';
  if (!key || matchedKeys.get(key) !== spkiId) {
    if (!verifyPkcs1(publicKeyFromSpki(cert.spki), signedAttrsSet, signature)) {
      throw new DojangError('VERIFY_FAILED', 'cms.signatureMismatch');
    }
    if (key) matchedKeys.set(key, spkiId);
  }
  // [0] IMPLICIT: the same content octets under a context tag.
  const signedAttrs = Buffer.from(signedAttrsSet);
  signedAttrs[0] = 0xa0;
  const signerInfo = der.seq(VERSION_1, der.seq(cert.issuerDer, tlv(Tag.INTEGER, cert.serialDer)), SHA256_ALG, signedAttrs, RSA_ALG, der.octetString(signature));
  const encap = opts.detached ? der.seq(DATA_OID) : der.seq(DATA_OID, der.explicit(0, der.octetString(opts.content)));
  // Signer certificate first: many relying parties take certificates[0] as the signer.
  const certSet = tlv(0xa0, cert.der, ...chain);
  const signedData = der.seq(VERSION_1, DIGEST_ALGORITHMS, encap, certSet, der.setOf(signerInfo));
  return der.seq(SIGNED_DATA_OID, der.explicit(0, signedData));
}

// ---------------------------------------------------------------- verify

export interface CmsCheck {
  name: string;
  ok: boolean;
  detail: string;
}

export interface CmsVerifyResult {
  valid: boolean;
  signerCertDer: Buffer | null;
  certificatesDer: Buffer[];
  signingTime: string | null;
  checks: CmsCheck[];
  /** The signed content (embedded, or the one passed in for a detached signature). */
  content: Buffer | null;
}

interface SignerInfoParts {
  sid: Tlv;
  /** Node's name of the digest, or undefined when unsupported (digestOid says which). */
  digestAlg: string | undefined;
  digestOid: string;
  signedAttrs: Tlv | null;
  /** The hash the signature algorithm names (null: the digest algorithm's), or undefined when unsupported. */
  sigHash: string | null | undefined;
  signatureOid: string;
  signature: Buffer;
}

// The algorithm and attribute OIDs nearly every signature carries, matched as bytes before any is decoded.
const SHA256_OID = der.oid(CERT_OID.sha256);
const RSA_OID = der.oid(CMS_OID.rsaEncryption);
const SHA256_RSA_OID = der.oid(CERT_OID.sha256WithRSAEncryption);
const CONTENT_TYPE_OID = der.oid(CMS_OID.contentType);

/** Whether a[aFrom, aTo) and b[bFrom, bTo) hold the same bytes: an inline compare, no subarray made. */
function sameBytes(a: Buffer, aFrom: number, aTo: number, b: Buffer, bFrom = 0, bTo = b.length): boolean {
  if (aTo - aFrom !== bTo - bFrom) return false;
  for (let i = aFrom, j = bFrom; i < aTo; i++, j++) if (a[i] !== b[j]) return false;
  return true;
}

/** Whether `t` is encoded exactly as `encoded` (a DER OID). */
function isOid(t: Tlv | undefined, encoded: Buffer): boolean {
  return t !== undefined && sameBytes(t.buf, t.start, t.end, encoded);
}

type KnownOids = readonly (readonly [encoded: Buffer, dotted: string])[];
const DIGEST_OIDS: KnownOids = [[SHA256_OID, CERT_OID.sha256]];
const SIGNATURE_OIDS: KnownOids = [
  [RSA_OID, CMS_OID.rsaEncryption],
  [SHA256_RSA_OID, CERT_OID.sha256WithRSAEncryption],
];
const CONTENT_TYPE_OIDS: KnownOids = [[DATA_OID, CMS_OID.data]];
const ATTRIBUTE_OIDS: KnownOids = [
  [CONTENT_TYPE_OID, CMS_OID.contentType],
  [MESSAGE_DIGEST_OID, CMS_OID.messageDigest],
  [SIGNING_TIME_OID, CMS_OID.signingTime],
];

/** The OID's dotted form: the ones expected at this place from their bytes, any other decoded (and checked) by oid(). */
function oidOf(t: Tlv | undefined, expected: KnownOids): string {
  for (const [encoded, dotted] of expected) if (isOid(t, encoded)) return dotted;
  return oid(t);
}

function readSignerInfo(t: Tlv): SignerInfoParts {
  const f = seq(t, 'SignerInfo', BER);
  let i = 1;
  const sid = f[i++];
  if (!sid) throw new Asn1Error('SignerInfo without sid');
  const digestOid = oidOf(seq(f[i++], 'digestAlgorithm', BER)[0], DIGEST_OIDS);
  let signedAttrs: Tlv | null = null;
  if (f[i]?.tag === 0xa0) signedAttrs = f[i++]!;
  const signatureOid = oidOf(seq(f[i++], 'signatureAlgorithm', BER)[0], SIGNATURE_OIDS);
  const signature = octets(expect(f[i], f[i]?.tag === 0x24 ? 0x24 : Tag.OCTET_STRING, 'signature'), BER);
  return { sid, digestAlg: HASH_NAMES[digestOid], digestOid, signedAttrs, sigHash: SIGNATURE_HASH[signatureOid], signatureOid, signature };
}

function matchesSid(c: CertificateLocator, sid: Tlv): boolean {
  if (sid.tag === Tag.SEQUENCE) {
    const [issuerT, serialT] = seq(sid, 'IssuerAndSerialNumber', BER);
    if (!issuerT) throw new Asn1Error('IssuerAndSerialNumber without issuer');
    if (!sameBytes(issuerT.buf, issuerT.start, issuerT.end, c.issuerDer)) return false;
    const { buf, contentStart, contentEnd } = expect(serialT, Tag.INTEGER, 'INTEGER');
    return sameBytes(buf, magnitudeStart(buf, contentStart, contentEnd), contentEnd, c.serialDer, magnitudeStart(c.serialDer, 0, c.serialDer.length));
  }
  return contextNumber(sid) === 0 && c.subjectKeyId !== null && sameBytes(sid.buf, sid.contentStart, sid.contentEnd, c.subjectKeyId);
}

/** Where an INTEGER's content [from, to) starts without leading zero octets (how integerHex compares serials); an error when empty. */
function magnitudeStart(buf: Buffer, from: number, to: number): number {
  if (to === from) throw new Asn1Error('empty INTEGER');
  let i = from;
  while (i < to - 1 && buf[i] === 0) i++;
  return i;
}

/** The values of the signed attributes verification reads; any attribute type may appear once. */
interface SignedAttributes {
  contentType?: Tlv[];
  messageDigest?: Tlv[];
  signingTime?: Tlv[];
}

function readSignedAttributes(signedAttrs: Tlv): SignedAttributes {
  const out: SignedAttributes = {};
  const seen: string[] = []; // a handful of attributes: a list beats a Set
  for (const a of children(signedAttrs, BER)) {
    const [typeT, valuesT] = seq(a, 'Attribute', BER);
    const type = oidOf(typeT, ATTRIBUTE_OIDS);
    if (seen.includes(type)) throw new Asn1Error(`attribute ${type} repeated`);
    seen.push(type);
    const values = seq(valuesT, 'attrValues', BER, Tag.SET);
    if (type === CMS_OID.contentType) out.contentType = values;
    else if (type === CMS_OID.messageDigest) out.messageDigest = values;
    else if (type === CMS_OID.signingTime) out.signingTime = values;
  }
  return out;
}

/** Whether the content octets of `t` are the digest given as a 'binary' (latin1) string (crypto.hash makes that 3× faster than a Buffer). */
function sameDigest(t: Tlv, digest: string): boolean {
  if (t.contentEnd - t.contentStart !== digest.length) return false;
  for (let i = 0, p = t.contentStart; i < digest.length; i++, p++) if (t.buf[p] !== digest.charCodeAt(i)) return false;
  return true;
}

/** Date#toISOString, written out: V8's costs a third of a microsecond, as much as the rest of reading the signed attributes. */
function isoString(d: Date): string {
  const y = d.getUTCFullYear();
  if (y < 1000 || y > 9999) return d.toISOString();
  const ms = d.getUTCMilliseconds();
  return `${y}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}T${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}.${ms < 10 ? '00' + ms : ms < 100 ? '0' + ms : ms}Z`;
}

// Module-level, not a closure: the verify path makes no function objects per call.
function two(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

function decodeInput(input: Buffer | string): Buffer {
  const d = toDer(input);
  if (d.length > MAX_CMS_BYTES) throw new Asn1Error('signature too large');
  return d;
}

/** A signer certificate's public key, as the signature check uses it. */
interface SignerKey {
  key: KeyObject;
  /** For an RSA key: RSA_PKCS1_PADDING public-decrypt options, and the modulus length in bytes. */
  rsa: { decrypt: { key: KeyObject; padding: number }; modulusBytes: number } | null;
}

/** Remembered with the locator: locateCertificate hands out the same (frozen) locator for a certificate met before. */
const recentSignerKeys = new WeakMap<CertificateLocator, SignerKey>();

function signerKey(cert: CertificateLocator): SignerKey {
  let k = recentSignerKeys.get(cert);
  if (!k) {
    const key = publicKeyFromSpki(cert.spki);
    const bits = key.asymmetricKeyType === 'rsa' ? key.asymmetricKeyDetails?.modulusLength : undefined;
    k = { key, rsa: bits ? { decrypt: { key, padding: constants.RSA_PKCS1_PADDING }, modulusBytes: Math.ceil(bits / 8) } : null };
    if (Object.isFrozen(cert)) recentSignerKeys.set(cert, k);
  }
  return k;
}

/** DER DigestInfo of SHA-256 up to the digest: AlgorithmIdentifier with NULL parameters, then OCTET STRING (32). */
const SHA256_DIGEST_INFO = Buffer.from('3031300d060960864801650304020105000420', 'hex');

/**
 * RSASSA-PKCS1-v1_5 verification (RFC 8017 §8.2.2), done as OpenSSL's RSA_verify does it: the
 * signature is exactly as long as the modulus; RSA_public_decrypt with PKCS#1 type-1 padding raises
 * s to e mod n (refusing s ≥ n) and checks 00 01 FF…FF 00; what it recovers must be, byte for byte,
 * the DER DigestInfo of the hash. crypto.verify reaches the same RSA_verify through a sign job and a
 * digest context per call, ~1 µs more: a fifth of everything else verifyCms does.
 */
function verifyRsaSha256(rsa: NonNullable<SignerKey['rsa']>, data: Buffer, signature: Buffer): boolean {
  if (signature.length !== rsa.modulusBytes) return false;
  let t: Buffer;
  try {
    t = publicDecrypt(rsa.decrypt, signature);
  } catch {
    return false;
  }
  const digest = hash('sha256', data, 'binary');
  if (t.length !== SHA256_DIGEST_INFO.length + digest.length) return false;
  for (let i = 0; i < SHA256_DIGEST_INFO.length; i++) if (t[i] !== SHA256_DIGEST_INFO[i]) return false;
  for (let i = 0, p = SHA256_DIGEST_INFO.length; i < digest.length; i++, p++) if (t[p] !== digest.charCodeAt(i)) return false;
  return true;
}

function addCheck(result: CmsVerifyResult, name: string, ok: boolean, detail: string): boolean {
  result.checks.push({ name, ok, detail });
  return ok;
}

/**
 * Verifies every signer of a SignedData. Reads only what verification needs, in place: the
 * certificates and the content are subarrays of `cms` (not copies), the signed attributes are
 * hashed from their own bytes with the SET tag put back, and a signer certificate met before costs
 * a lookup (locateCertificate remembers recent ones, compared whole; their keys are kept with them).
 */
export function verifyCms(cms: Buffer | string, opts: { content?: Buffer } = {}): CmsVerifyResult {
  const result: CmsVerifyResult = {
    valid: false,
    signerCertDer: null,
    certificatesDer: [],
    signingTime: null,
    checks: [],
    content: null,
  };
  try {
    verifyInto(decodeInput(cms), opts, result);
  } catch (e) {
    const detail = e instanceof DojangError ? e.message : e instanceof Error ? e.message : String(e);
    addCheck(result, 'structure', false, `not a readable CMS SignedData: ${detail}`);
  }
  result.valid = result.checks.length > 0;
  for (const c of result.checks) if (!c.ok) result.valid = false;
  return result;
}

function verifyInto(input: Buffer, opts: { content?: Buffer }, result: CmsVerifyResult): void {
  const [typeT, wrapT] = seq(parse(input, BER), 'ContentInfo', BER);
  if (!isOid(typeT, SIGNED_DATA_OID) && oid(typeT) !== CMS_OID.signedData) throw new Asn1Error('not SignedData');
  const [sdT] = children(expect(wrapT, 0xa0, 'content'), BER);
  const fields = seq(sdT, 'SignedData', BER);
  let i = 1;
  seq(fields[i++], 'digestAlgorithms', BER, Tag.SET);
  const [eTypeT, eWrapT] = seq(fields[i++], 'EncapsulatedContentInfo', BER);
  const eContentType = oidOf(eTypeT, CONTENT_TYPE_OIDS);
  let embedded: Buffer | null = null;
  if (eWrapT) {
    const [octT] = children(expect(eWrapT, 0xa0, 'eContent'), BER);
    embedded = octets(expect(octT, octT?.tag === 0x24 ? 0x24 : Tag.OCTET_STRING, 'eContent'), BER);
  }
  const certs: CertificateLocator[] = [];
  const certsDer: Buffer[] = []; // the caller's bytes, never a remembered locator's copy
  for (; i < fields.length && fields[i]!.tag !== Tag.SET; i++) {
    if (fields[i]!.tag !== 0xa0) continue; // [1] crls
    for (const c of children(fields[i]!, BER)) {
      if (c.tag !== Tag.SEQUENCE) continue;
      const der = raw(c);
      certs.push(locateCertificate(der));
      certsDer.push(der);
    }
  }
  result.certificatesDer = certsDer;
  const signerInfos = seq(fields[i], 'signerInfos', BER, Tag.SET);
  addCheck(result, 'structure', true, `SignedData with ${signerInfos.length} signer(s), ${certs.length} certificate(s)`);

  let data: Buffer | null = embedded;
  if (embedded && opts.content) {
    addCheck(result, 'content', embedded.equals(opts.content), 'the embedded content and the given content are the same');
  } else if (!embedded) {
    data = opts.content ?? null;
    addCheck(result, 'content', data !== null, data ? 'detached signature; content given' : 'detached signature: the signed content is needed to verify it');
  }
  result.content = data;
  if (signerInfos.length === 0) {
    addCheck(result, 'signer', false, 'no signer');
    return;
  }
  for (let n = 0; n < signerInfos.length; n++) verifySigner(readSignerInfo(signerInfos[n]!), n, certs, eContentType, data, result);
}

function verifySigner(si: SignerInfoParts, n: number, certs: CertificateLocator[], eContentType: string, data: Buffer | null, result: CmsVerifyResult): void {
  const label = n === 0 ? '' : ` (signer ${n + 1})`;
  let at = 0;
  while (at < certs.length && !matchesSid(certs[at]!, si.sid)) at++;
  if (at === certs.length) at = -1;
  const cert = at < 0 ? null : certs[at]!;
  if (n === 0) result.signerCertDer = at < 0 ? null : result.certificatesDer[at]!;
  if (!addCheck(result, 'signerCertificate' + label, cert !== null, cert ? 'the signer certificate is included' : 'the signer certificate is not included')) return;
  const { digestAlg, sigHash } = si;
  if (!addCheck(result, 'digestAlgorithm' + label, digestAlg !== undefined, digestAlg ?? `unsupported digest ${si.digestOid}`)) return;
  if (!addCheck(result, 'signatureAlgorithm' + label, sigHash !== undefined, sigHash !== undefined ? si.signatureOid : `unsupported signature algorithm ${si.signatureOid}`))
    return;

  let signedBytes: Buffer;
  if (si.signedAttrs) {
    const attrs = readSignedAttributes(si.signedAttrs);
    const ct = attrs.contentType;
    const ctOk = ct?.length === 1 && oidOf(ct[0], CONTENT_TYPE_OIDS) === eContentType;
    addCheck(result, 'contentType' + label, ctOk, ctOk ? 'contentType attribute matches' : 'contentType attribute missing or different');
    const md = attrs.messageDigest;
    if (md?.length !== 1) addCheck(result, 'messageDigest' + label, false, 'messageDigest attribute missing');
    else if (data) {
      const signed = md[0]!;
      if (signed.tag !== Tag.OCTET_STRING) throw new Asn1Error('expected an OCTET STRING');
      const ok = sameDigest(signed, hash(digestAlg!, data, 'binary'));
      addCheck(result, 'messageDigest' + label, ok, ok ? 'the content digest matches' : 'the content was changed after signing');
    }
    const st = attrs.signingTime;
    if (st?.[0] && n === 0) result.signingTime = isoString(time(st[0], 'signingTime'));
    // The signature covers the DER SET OF, i.e. the [0] IMPLICIT bytes with the SET tag.
    const { buf, start, end } = si.signedAttrs;
    signedBytes = Buffer.allocUnsafe(end - start);
    buf.copy(signedBytes, 0, start, end);
    signedBytes[0] = Tag.SET;
  } else {
    if (!data) return;
    signedBytes = data;
  }
  const signer = signerKey(cert!);
  const hashName = sigHash ?? digestAlg!;
  // The fast path only ever confirms: whatever it does not confirm, crypto.verify decides. So a
  // crypto library whose PKCS#1 public-decrypt differs (BoringSSL in Electron) costs speed, never a
  // valid signature, and a bad signature pays both calls.
  let ok = signer.rsa !== null && hashName === 'sha256' && verifyRsaSha256(signer.rsa, signedBytes, si.signature);
  if (!ok) {
    try {
      ok = nodeVerify(hashName, signedBytes, signer.key, si.signature);
    } catch {
      ok = false;
    }
  }
  addCheck(result, 'signature' + label, ok, ok ? 'the signature is valid for the signer certificate' : 'the signature does not verify');
}
