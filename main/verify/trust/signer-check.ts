/**
 * Before signing, what a careful agent checks about its own certificate: is it valid now, is it
 * known to be revoked (a CRL or OCSP answer already on this computer: no network is asked, so
 * signing works offline), and which CA certificate to put in the CMS beside it. Used by the CLI
 * (`dojang sign`), the app's sign dialog (the warning comes before the password) and cloud signing.
 */
import path from 'node:path';
import { DojangError } from '../../../common/errors.js';
import type { Message } from '../../../preload/messages/format.js';
import { TrustStore } from '../anchors.js';
import { RevocationChecker } from '../revocation.js';
import { loadCert, type Cert } from '../x509.js';

export type SignerState = 'ok' | 'expired' | 'notYetValid' | 'revoked';

export interface SignerAssessment {
  state: SignerState;
  /** Why it must not sign (`signer.*`: the refusal's own message); null when state is 'ok'. */
  reason: Message | null;
  notBefore: string;
  notAfter: string;
  /** The issuing CA certificate from the trust list or cache (DER), or null when unknown. */
  issuerDer: Buffer | null;
}

const day = (d: Date): string => d.toISOString().slice(0, 10);

/** Validity at `now` only: the part that needs neither the trust list nor revocation data. */
export function validityState(c: Cert, now: Date): { state: SignerState; reason: Message | null } {
  if (now > c.parts.notAfter) {
    return { state: 'expired', reason: { key: 'signer.expired', params: { date: day(c.parts.notAfter) } } };
  }
  if (now < c.parts.notBefore) {
    return { state: 'notYetValid', reason: { key: 'signer.notYetValid', params: { date: day(c.parts.notBefore) } } };
  }
  return { state: 'ok', reason: null };
}

/** Validity now, known revocation (local CRLs and cached answers only), and the issuer to carry. */
export async function assessSigner(dataDir: string, certDer: Buffer, now = new Date()): Promise<SignerAssessment> {
  const c = loadCert(certDer);
  const issuer = await new TrustStore(dataDir).findIssuer(c);
  const base = { notBefore: c.info.notBefore, notAfter: c.info.notAfter, issuerDer: issuer?.der ?? null };
  const v = validityState(c, now);
  if (v.state !== 'ok' || !issuer) return { ...base, ...v };
  const r = await new RevocationChecker({ crlDir: path.join(path.resolve(dataDir), 'crl'), offline: true }).check(c, issuer, now);
  if (r.status === 'revoked') return { ...base, state: 'revoked', reason: { key: 'signer.revokedBecause', params: { answer: r.message } } };
  return { ...base, state: 'ok', reason: null };
}

/**
 * Throws the refusal for an unusable signer: CERT_EXPIRED, CERT_NOT_YET_VALID, CERT_REVOKED.
 * `allowExpired` (tests, `--allow-expired`) lets an expired or not-yet-valid certificate sign; a
 * revoked one never does.
 */
export function refuseUnusableSigner(a: Pick<SignerAssessment, 'state' | 'reason' | 'notBefore' | 'notAfter'>, allowExpired = false): void {
  if (a.state === 'ok') return;
  if (a.state === 'revoked') {
    throw a.reason?.key === 'signer.revokedBecause'
      ? new DojangError('CERT_REVOKED', a.reason.key, a.reason.params as { answer: Message })
      : new DojangError('CERT_REVOKED', 'signer.revoked');
  }
  if (allowExpired) return;
  if (a.state === 'expired') throw new DojangError('CERT_EXPIRED', 'signer.expired', { date: a.notAfter.slice(0, 10) });
  throw new DojangError('CERT_NOT_YET_VALID', 'signer.notYetValid', { date: a.notBefore.slice(0, 10) });
}
