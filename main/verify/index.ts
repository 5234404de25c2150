/**
 * The relying party (검증) module: one function per bridge method, each `(dataDir, request)`, so
 * the IPC handlers are one line each (docs/verify.md). Files live under dataDir:
 *   trust/anchors.json, trust/intermediates/   trust anchors and cached CA certificates
 *   crl/                                        imported and fetched CRLs
 *   relying-party/                              the PGlite database (registrations, nonces, challenges)
 * Server code uses the engine directly: verifyCmsSignature, checkCertificate, TrustStore, …
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { DojangError } from '../../common/errors.js';
import { TrustStore, type AnchorCandidate, type TrustAnchorView } from './anchors.js';
import { assertChallenge, checkChallengeAnswer, createChallenge, toChallengeReport, type Challenge, type ChallengeReport } from './challenge.js';
import { checkCertificate, detectInput, verifyCmsSignature, type VerifyOptions } from './engine.js';
import { openPgliteStore, type RegistrationStore } from './registration-store.js';
import { RevocationChecker, importCrl as importCrlInto, type CrlSummary } from './revocation.js';
import type { HttpClient } from './http.js';
import type { CloudRootOffer, VerifyReport } from './types.js';
import { loadCert } from './x509.js';

export { TrustStore, bundledAnchor, type AnchorCandidate, type TrustAnchorView, type TrustMaterial, type AnchorSource } from './anchors.js';
export { assessSigner, refuseUnusableSigner, type SignerAssessment } from './trust/signer-check.js';
export { buildChain, type ChainLink, type ChainOptions } from './chain.js';
export { checkCertificate, detectInput, verifyCmsSignature, verifyRawSignature, type RawSignatureInput, type VerifyOptions } from './engine.js';
export { RevocationChecker, describeCrl, type CrlSummary, type RevocationOptions } from './revocation.js';
export {
  assertChallenge,
  challengeMessage,
  checkChallengeAnswer,
  createChallenge,
  toChallengeReport,
  MAX_CHALLENGE_TTL_MS,
  type Challenge,
  type ChallengeCheck,
  type ChallengeReport,
  type ChallengeResult,
  type NonceLedger,
} from './challenge.js';
export { registerCertificate, signInWithCertificate, type RegisterRequest, type SignInRequest, type RegistrationOutcome } from './registration.js';
export { SqlRegistrationStore, openPgliteStore, type Registration, type RegistrationStore, type SqlClient } from './registration-store.js';
export type { CheckName, CloudRootOffer, RevocationResult, SignerView, VerifyCheck, VerifyReport } from './types.js';

/** A file on disk or the bytes themselves (base64, base64url or PEM text). */
export type InputRef = { path: string } | { base64: string };

const MAX_INPUT_BYTES = 64 << 20;

async function readInput(ref: InputRef, what: string): Promise<Buffer | string> {
  if ('base64' in ref) {
    if (ref.base64.length > MAX_INPUT_BYTES * 2) throw new DojangError('FILE_DAMAGED', `${what}이(가) 너무 큽니다 (${what} too large)`);
    return ref.base64;
  }
  const s = await stat(ref.path).catch(() => null);
  if (!s?.isFile()) throw new DojangError('NOT_FOUND', `파일이 없습니다 (no such file: ${ref.path})`);
  if (s.size > MAX_INPUT_BYTES) throw new DojangError('FILE_DAMAGED', `파일이 너무 큽니다 (file too large: ${ref.path})`);
  return readFile(ref.path);
}

/** R value (randomNum) as text: hex when it is only hex digits of even length, else base64 / base64url. */
export function parseRValue(text: string | undefined | null): Buffer | null {
  if (!text) return null;
  const t = text.trim();
  if (/^([0-9a-fA-F]{2})+$/.test(t)) return Buffer.from(t, 'hex');
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(t)) return Buffer.from(t.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  throw new DojangError('INVALID_REQUEST', 'R값은 16진수나 base64로 입력하세요 (give the R value as hex or base64)');
}

interface Context {
  trust: TrustStore;
  revocation: RevocationChecker;
  store: Promise<RegistrationStore> | null;
}

const contexts = new Map<string, Context>();
/** The host's HTTP client for OCSP and CRLs (main/app/network.ts); default: Node's http. */
let http: HttpClient | undefined;

/** Set by the app context before the first check: revocation fetches then go the host's way (Electron: net.fetch). */
export function useHttpClient(client: HttpClient): void {
  http = client;
}

function context(dataDir: string): Context {
  const key = path.resolve(dataDir);
  let c = contexts.get(key);
  if (!c) {
    c = { trust: new TrustStore(key), revocation: new RevocationChecker({ crlDir: path.join(key, 'crl'), ...(http ? { http } : {}) }), store: null };
    contexts.set(key, c);
  }
  return c;
}

/** The registration store of a data folder, opened once per process. */
export function registrationStore(dataDir: string): Promise<RegistrationStore> {
  const c = context(dataDir);
  c.store ??= openPgliteStore(path.join(path.resolve(dataDir), 'relying-party')).catch((e: unknown) => {
    c.store = null;
    throw e;
  });
  return c.store;
}

/** Closes the databases opened by this module (app shutdown, tests). */
export async function closeVerifyStores(): Promise<void> {
  const open = [...contexts.values()].map((c) => c.store).filter((s): s is Promise<RegistrationStore> => s !== null);
  contexts.clear();
  await Promise.all(open.map(async (s) => (await s.catch(() => null))?.close()));
}

async function verifyOptions(dataDir: string, extra: { rValue?: string | null; idn?: string | null }): Promise<VerifyOptions> {
  const c = context(dataDir);
  return {
    ...(await c.trust.material()),
    revocation: c.revocation,
    rValue: parseRValue(extra.rValue),
    idn: extra.idn ?? null,
    onIntermediate: (der) => c.trust.cacheIntermediate(der).catch(() => undefined),
  };
}

// ---------------------------------------------------------------- bridge methods

export interface VerifySignatureRequest {
  input: InputRef;
  /** The signed content, for a detached signature. */
  contentPath?: string;
  rValue?: string;
  idn?: string;
}

/** Verifies a CMS signature file or text (a certificate given here is checked as a certificate). */
export async function verifySignature(dataDir: string, req: VerifySignatureRequest): Promise<VerifyReport> {
  const input = detectInput(await readInput(req.input, 'signature'));
  const opts = await verifyOptions(dataDir, req);
  if (input.kind === 'certificate') return checkCertificate(input.der, opts);
  const content = req.contentPath ? Buffer.from(await readInput({ path: req.contentPath }, 'content')) : undefined;
  return verifyCmsSignature(input.der, { ...opts, content });
}

export interface VerifyCertificateRequest {
  input: InputRef;
  rValue?: string;
  idn?: string;
}

/** A certificate's chain, validity, usage, policy and revocation; VID when an R value and IDN are given. */
export async function verifyCertificate(dataDir: string, req: VerifyCertificateRequest): Promise<VerifyReport> {
  return checkCertificate(await readInput(req.input, 'certificate'), await verifyOptions(dataDir, req));
}

export function listTrustAnchors(dataDir: string, _req: Record<string, never> = {}): Promise<TrustAnchorView[]> {
  return context(dataDir).trust.list();
}

/** A root about to be installed: its SHA-256 and subject to compare with the CA's published value. */
export async function inspectTrustAnchor(dataDir: string, req: InputRef): Promise<AnchorCandidate> {
  return context(dataDir).trust.inspect(await readInput(req, 'certificate'));
}

/**
 * Adds a root the user trusts (a file, or base64 / PEM text); answers the whole list.
 * `confirmFingerprintSha256`: the SHA-256 the user was shown (inspectTrustAnchor) and accepted.
 */
export async function addTrustAnchor(dataDir: string, req: InputRef & { confirmFingerprintSha256?: string }): Promise<TrustAnchorView[]> {
  const trust = context(dataDir).trust;
  const input = 'path' in req ? { path: req.path } : { base64: req.base64 };
  await trust.add(await readInput(input, 'certificate'), { source: 'user', confirmFingerprint: req.confirmFingerprintSha256 });
  return trust.list();
}

/** Removes an added root; answers the whole list. The bundled KISA RootCA 4 cannot be removed (CONFLICT). */
export async function removeTrustAnchor(dataDir: string, req: { fingerprintSha256: string }): Promise<TrustAnchorView[]> {
  const trust = context(dataDir).trust;
  await trust.remove(req.fingerprintSha256);
  return trust.list();
}

/** Pins the configured cloud service's root once the user confirmed its fingerprint (`confirmFingerprintSha256`: the one shown). */
export async function pinCloudRoot(dataDir: string, req: { url: string; input: InputRef; confirmFingerprintSha256?: string }): Promise<TrustAnchorView> {
  return context(dataDir).trust.pinCloudRoot(req.url, await readInput(req.input, 'certificate'), req.confirmFingerprintSha256);
}

/** What the configured cloud's root is to this data folder's trust store. */
export async function cloudRootOffer(dataDir: string, cloud: { url: string; rootDer: Buffer }): Promise<CloudRootOffer> {
  const trust = context(dataDir).trust;
  const root = loadCert(cloud.rootDer);
  const pinned = await trust.cloudRoot(cloud.url);
  const url = new URL(cloud.url).origin;
  const state = pinned === null ? 'offered' : pinned.fingerprintSha256 === root.fingerprint ? 'pinned' : 'changed';
  return { url, root: { ...trust.describe(root), source: 'cloud' }, state };
}

/**
 * Did a report's chain stop short of trust at this root: the root itself among the links (carried in
 * the signature, not trusted), or the top link issued by a certificate of that name that is missing?
 */
export function chainEndsAtRoot(report: VerifyReport, rootDer: Buffer): boolean {
  const top = report.chain.at(-1);
  if (!top || report.checks.find((c) => c.name === 'chain')?.ok !== null) return false;
  const root = loadCert(rootDer);
  if (top.status === 'untrustedRoot') return top.subject === root.info.subject && top.serialHex === root.parts.serialHex;
  return top.status === 'missingIssuer' && top.issuer === root.info.subject;
}

/** Imports a CRL file (for CAs that publish CRLs over LDAP only) into `<dataDir>/crl`. */
export async function importCrl(dataDir: string, req: InputRef): Promise<CrlSummary> {
  return importCrlInto(path.join(path.resolve(dataDir), 'crl'), await readInput(req, 'CRL'));
}

/**
 * R values of the sign-in demo's answers, by challenge nonce: the signing side hands the R value to
 * the checking side inside main (as a page hands it to its server), never through the renderer,
 * since with the certificate's public VID it would let anyone search for the ID number. Dropped
 * when the challenge expires.
 */
const heldRValues = new Map<string, { r: Buffer; expires: number }>();

function dropExpiredRValues(now: number): void {
  for (const [nonce, held] of heldRValues) {
    if (held.expires < now) {
      held.r.fill(0);
      heldRValues.delete(nonce);
    }
  }
}

/** Keeps the R value that came with an answer to `challenge`; answers whether there was one. */
export function holdChallengeRValue(challenge: Challenge, r: Buffer | null): boolean {
  dropExpiredRValues(Date.now());
  if (!r) return false;
  heldRValues.set(challenge.nonce, { r: Buffer.from(r), expires: Date.parse(challenge.expiresAt) });
  return true;
}

/** Issues a sign-in challenge (kept in the registration store until it is answered or expires). */
export async function newChallenge(dataDir: string, req: { text?: string } = {}): Promise<Challenge> {
  const c = createChallenge({ text: req.text });
  await (await registrationStore(dataDir)).saveChallenge(c);
  return c;
}

export interface CheckChallengeRequest {
  /** The challenge as newChallenge gave it: it must be one this data folder issued. */
  challenge: Challenge;
  /** The answer: CMS SignedData (base64, base64url or PEM). */
  cmsBase64: string;
  rValue?: string;
  idn?: string;
}

/** Checks an answer to a challenge this data folder issued; a replayed nonce is refused. */
export async function checkChallenge(dataDir: string, req: CheckChallengeRequest): Promise<ChallengeReport> {
  assertChallenge(req.challenge);
  const store = await registrationStore(dataDir);
  const issued = await store.findChallenge(req.challenge.nonce);
  const same =
    issued &&
    issued.text === req.challenge.text &&
    Date.parse(issued.issuedAt) === Date.parse(req.challenge.issuedAt) &&
    Date.parse(issued.expiresAt) === Date.parse(req.challenge.expiresAt);
  if (!same) throw new DojangError('NOT_FOUND', '여기서 발급한 확인 요청이 아닙니다 (this challenge was not issued here: make a new one)');
  dropExpiredRValues(Date.now());
  const opts = await verifyOptions(dataDir, req);
  const held = heldRValues.get(issued.nonce)?.r ?? null;
  const result = await checkChallengeAnswer(issued, req.cmsBase64, { ...opts, rValue: opts.rValue ?? held, nonces: store });
  return toChallengeReport(result);
}
