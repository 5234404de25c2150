/**
 * 타기관 등록 (registration of a customer's certificate with an institution). Registration needs a
 * signed challenge AND a VID match with the customer's ID number (so the certificate is the
 * customer's own); the institution then keeps only (customer id, issuer, serial, VID hash
 * algorithm). Sign-in accepts only a registered certificate: a reissued or renewed certificate has a
 * new serial and is refused, with that reason, until it is registered again.
 */
import { checkChallengeAnswer, type Challenge, type ChallengeCheckOptions, type ChallengeResult } from './challenge.js';
import type { VerifyOptions } from './engine.js';
import type { Registration, RegistrationStore } from './registration-store.js';
import { DojangError } from '../../common/errors.js';
import { toDer } from '../../common/pki/asn1.js';
import { verifyCms } from '../../common/pki/cms.js';
import { readVid } from '../../common/pki/vid.js';
import type { VerifyReport } from './types.js';

const ko = (k: string, en: string): string => `${k} (${en})`;

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
  reason: string;
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
  const authorize = async (report: VerifyReport): Promise<{ ok: boolean; detail: string }> => {
    const signer = report.signer!;
    const existing = await store.registrationByCertificate(signer.issuer, signer.serialHex);
    if (existing && existing.customerId !== req.customerId) {
      return { ok: false, detail: ko('이 인증서는 다른 고객에게 등록되어 있습니다', 'this certificate is registered to another customer') };
    }
    return {
      ok: true,
      detail: existing ? ko('이미 등록된 인증서', 'this certificate was already registered for this customer') : ko('등록 가능', 'the certificate can be registered'),
    };
  };
  const opt: ChallengeCheckOptions = { ...opts, idn: req.idn, rValue: req.rValue ?? opts.rValue ?? null, nonces: store, authorize };
  const result = await checkChallengeAnswer(req.challenge, req.answer, opt);
  if (!result.accepted) return { done: false, reason: result.reason, registration: null, result };
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
    return { done: false, reason: ko('이 인증서는 다른 고객에게 등록되어 있습니다', 'this certificate is registered to another customer'), registration: null, result };
  }
  const kept = (await store.registrationByCertificate(signer.issuer, signer.serialHex))!;
  return {
    done: true,
    reason:
      added === 'added'
        ? ko('등록되었습니다', `registered: serial ${signer.serialHex} from ${signer.issuer}`)
        : ko('이미 등록된 인증서입니다', 'this certificate was already registered'),
    registration: kept,
    result,
  };
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
  const authorize = async (report: VerifyReport): Promise<{ ok: boolean; detail: string }> => {
    const signer = report.signer!;
    const reg = await store.registrationByCertificate(signer.issuer, signer.serialHex);
    if (reg && reg.customerId === req.customerId) {
      registration = reg;
      return { ok: true, detail: ko('등록된 인증서', `a registered certificate (since ${reg.registeredAt})`) };
    }
    if (reg) return { ok: false, detail: ko('이 고객에게 등록된 인증서가 아닙니다', 'this certificate is registered to another customer') };
    const mine = await store.registrationsOfCustomer(req.customerId);
    if (mine.length === 0) {
      return {
        ok: false,
        detail: ko('등록된 인증서가 없습니다. 먼저 인증서를 등록(타기관 등록)하세요', 'no certificate is registered for this customer: register one first (타기관 등록)'),
      };
    }
    const listed = mine.map((m) => `serial ${m.serialHex} from ${m.issuer}`).join('; ');
    return {
      ok: false,
      detail: ko(
        `이 인증서(일련번호 ${signer.serialHex})는 등록되지 않았습니다. 재발급·갱신한 인증서는 일련번호가 바뀌므로 다시 등록(타기관 등록)해야 로그인할 수 있습니다`,
        `this certificate (serial ${signer.serialHex} from ${signer.issuer}) is not registered: a reissued or renewed certificate has a new serial number, so it must be registered again (타기관 등록) before you can sign in with it; registered: ${listed}`,
      ),
    };
  };
  const result = await checkChallengeAnswer(req.challenge, req.answer, { ...opts, idn: null, nonces: store, authorize });
  return { done: result.accepted, reason: result.reason, registration: result.accepted ? registration : null, result };
}
