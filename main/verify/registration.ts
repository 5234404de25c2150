/**
 * 타기관 등록 (registration of a customer's certificate with an institution). Registration needs a
 * signed challenge AND a VID match with the customer's ID number (so the certificate is the
 * customer's own); the institution then keeps only (customer id, issuer, serial, VID hash
 * algorithm). Sign-in accepts only a registered certificate: a reissued or renewed certificate has a
 * new serial and is refused, with that reason, until it is registered again.
 */
import { checkChallengeAnswer, type Challenge, type ChallengeCheckOptions, type ChallengeResult } from './challenge.js';
import type { VerifyOptions } from './engine.js';
import { both, type VerifyReport } from './types.js';
import type { Registration, RegistrationStore } from './registration-store.js';
import { DojangError } from '../../common/errors.js';
import { toDer } from '../../common/pki/asn1.js';
import { verifyCms } from '../../common/pki/cms.js';
import { readVid } from '../../common/pki/vid.js';
import type { Message } from '../../preload/messages/format.js';

export interface RegisterRequest {
  customerId: string;
  /** The customer's ID number, typed for this check only: never stored, never logged. */
  idn: string;
  challenge: Challenge;
  /** The CMS the customer signed the challenge with. */
  answer: Buffer | string;
  /** The R value when the signature does not carry it. */
  rValue?: Buffer | null;
}

export interface RegistrationOutcome {
  done: boolean;
  /** Korean, then English (the demo bank's pages); `reasonMessage` is the same as a catalog message. */
  reason: string;
  reasonMessage: Message;
  registration: Registration | null;
  result: ChallengeResult;
}

function checkCustomerId(id: string): void {
  if (!/^[\w.@+-]{1,128}$/.test(id)) {
    throw new DojangError('INVALID_REQUEST', 'registration.customerId');
  }
}

/** Registers the certificate that signed `answer` for `customerId`, after the challenge and VID checks. */
export async function registerCertificate(store: RegistrationStore, req: RegisterRequest, opts: VerifyOptions): Promise<RegistrationOutcome> {
  checkCustomerId(req.customerId);
  const authorize = async (report: VerifyReport): Promise<{ ok: boolean; message: Message }> => {
    const signer = report.signer!;
    const existing = await store.registrationByCertificate(signer.issuer, signer.serialHex);
    if (existing && existing.customerId !== req.customerId) return { ok: false, message: { key: 'registration.check.otherCustomer' } };
    return { ok: true, message: { key: existing ? 'registration.check.alreadyMine' : 'registration.check.canRegister' } };
  };
  const opt: ChallengeCheckOptions = { ...opts, idn: req.idn, rValue: req.rValue ?? opts.rValue ?? null, nonces: store, authorize };
  const result = await checkChallengeAnswer(req.challenge, req.answer, opt);
  if (!result.accepted) return { done: false, reason: result.reason, reasonMessage: result.reasonMessage, registration: null, result };
  const signer = result.report!.signer!;
  const signerDer = verifyCms(toDer(req.answer)).signerCertDer!;
  const registration: Registration = {
    customerId: req.customerId,
    issuer: signer.issuer,
    serialHex: signer.serialHex,
    vidHashAlg: readVid(signerDer)!.hashAlg, // the VID check passed, so the certificate has one
    registeredAt: (opts.now ?? new Date()).toISOString(),
  };
  const added = await store.addRegistration(registration);
  if (added === 'otherCustomer') {
    const other: Message = { key: 'registration.check.otherCustomer' };
    return { done: false, reason: both(other), reasonMessage: other, registration: null, result };
  }
  const kept = (await store.registrationByCertificate(signer.issuer, signer.serialHex))!;
  const done: Message =
    added === 'added' ? { key: 'registration.reason.added', params: { serial: signer.serialHex, issuer: signer.issuer } } : { key: 'registration.reason.already' };
  return { done: true, reason: both(done), reasonMessage: done, registration: kept, result };
}

export interface SignInRequest {
  customerId: string;
  challenge: Challenge;
  answer: Buffer | string;
}

/** Signs a customer in with a signed challenge; only a certificate registered to that customer is accepted. */
export async function signInWithCertificate(store: RegistrationStore, req: SignInRequest, opts: VerifyOptions): Promise<RegistrationOutcome> {
  checkCustomerId(req.customerId);
  let registration: Registration | null = null;
  const authorize = async (report: VerifyReport): Promise<{ ok: boolean; message: Message }> => {
    const signer = report.signer!;
    const reg = await store.registrationByCertificate(signer.issuer, signer.serialHex);
    if (reg && reg.customerId === req.customerId) {
      registration = reg;
      return { ok: true, message: { key: 'registration.check.registered', params: { since: reg.registeredAt } } };
    }
    if (reg) return { ok: false, message: { key: 'registration.check.notThisCustomer' } };
    const mine = await store.registrationsOfCustomer(req.customerId);
    if (mine.length === 0) return { ok: false, message: { key: 'registration.check.noneRegistered' } };
    // Serial and issuer are names, the same in either language.
    const registered = mine.map((m) => `${m.serialHex} (${m.issuer})`).join('; ');
    return { ok: false, message: { key: 'registration.check.notRegistered', params: { serial: signer.serialHex, issuer: signer.issuer, registered } } };
  };
  const result = await checkChallengeAnswer(req.challenge, req.answer, { ...opts, idn: null, nonces: store, authorize });
  return { done: result.accepted, reason: result.reason, reasonMessage: result.reasonMessage, registration: result.accepted ? registration : null, result };
}
