/**
 * Before signing, what a careful agent checks about its own certificate: is it valid now, is it
 * known to be revoked (a CRL or OCSP answer already on this computer: no network is asked, so
 * signing works offline), and which CA certificate to put in the CMS beside it. Used by the CLI
 * (`dojang sign`), the app's sign dialog (the warning comes before the password) and cloud signing.
 */
import path from 'node:path';
import { DojangError } from '../../../common/errors.js';
import { TrustStore } from '../anchors.js';
import { RevocationChecker } from '../revocation.js';
import { loadCert, type Cert } from '../x509.js';

export type SignerState = 'ok' | 'expired' | 'notYetValid' | 'revoked';

export interface SignerAssessment {
  state: SignerState;
  /** Why it must not sign (ko + en); null when state is 'ok'. */
  reason: string | null;
  notBefore: string;
  notAfter: string;
  /** The issuing CA certificate from the trust list or cache (DER), or null when unknown. */
  issuerDer: Buffer | null;
}

const day = (d: Date): string => d.toISOString().slice(0, 10);

/** Validity at `now` only: the part that needs neither the trust list nor revocation data. */
export function validityState(c: Cert, now: Date): { state: SignerState; reason: string | null } {
  if (now > c.parts.notAfter) {
    return {
      state: 'expired',
      reason: `유효기간이 ${day(c.parts.notAfter)}에 끝난 인증서로는 서명하지 않습니다 (the certificate expired on ${day(c.parts.notAfter)}: it must not sign)`,
    };
  }
  if (now < c.parts.notBefore) {
    return {
      state: 'notYetValid',
      reason: `유효기간이 ${day(c.parts.notBefore)}부터인 인증서로 아직 서명할 수 없습니다 (the certificate is not valid until ${day(c.parts.notBefore)})`,
    };
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
  if (r.status === 'revoked') {
    const when = r.revokedAt ? ` ${day(new Date(r.revokedAt))}` : '';
    return {
      ...base,
      state: 'revoked',
      reason: `폐지된 인증서로는 서명하지 않습니다${when} (the certificate was revoked${when}${r.reason ? `, ${r.reason}` : ''}: it must not sign)`,
    };
  }
  return { ...base, state: 'ok', reason: null };
}

/**
 * Throws the refusal for an unusable signer: CERT_EXPIRED, CERT_NOT_YET_VALID, CERT_REVOKED.
 * `allowExpired` (tests, `--allow-expired`) lets an expired or not-yet-valid certificate sign; a
 * revoked one never does.
 */
export function refuseUnusableSigner(a: Pick<SignerAssessment, 'state' | 'reason' | 'notBefore' | 'notAfter'>, allowExpired = false): void {
  if (a.state === 'ok') return;
  if (a.state === 'revoked') throw new DojangError('CERT_REVOKED', 'signer.revoked', {}, { reason: a.reason });
  if (allowExpired) return;
  if (a.state === 'expired') throw new DojangError('CERT_EXPIRED', 'signer.expired', { date: a.notAfter.slice(0, 10) });
  throw new DojangError('CERT_NOT_YET_VALID', 'signer.notYetValid', { date: a.notBefore.slice(0, 10) });
}
