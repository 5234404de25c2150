/**
 * The demo bank (`dojang rp serve`): a relying party on the verify engine, as a bank's server is.
 * It issues every text the customer signs (a challenge: text + newline + nonce, kept in the
 * registration store), and accepts an answer only for a challenge it issued, for the purpose it
 * was issued for, once (the first check spends it), fresh, and with every check of the verifier
 * passing: sign-in (any trusted certificate, or the one registered to a customer id), 타기관 등록
 * (the VID must match the ID number typed on the page, with the R value the signer returned), and a
 * transfer confirmation whose signed text must be the one the server built, word for word.
 */
import { DojangError } from '../../common/errors.js';
import { toDer } from '../../common/pki/asn1.js';
import { verifyCms } from '../../common/pki/cms.js';
import { checkChallengeAnswer, challengeMessage, createChallenge, type Challenge, type ChallengeResult } from '../verify/challenge.js';
import { parseRValue } from '../verify/index.js';
import { registerCertificate, signInWithCertificate } from '../verify/registration.js';
import type { Registration, RegistrationStore } from '../verify/registration-store.js';
import type { VerifyOptions } from '../verify/engine.js';
import { checkTransferFields, firstDifference, transferText, TRANSFER_HEADING, type TransferFields } from './transfer-text.js';

export type Purpose = 'login' | 'register' | 'transfer';

export const LOGIN_TEXT = '[도장 은행] 로그인 (sign in)';
export const REGISTER_TEXT = '[도장 은행] 인증서 등록 (타기관 등록, certificate registration)';

export interface IssuedChallenge {
  nonce: string;
  /** Exactly what the page asks the signer to sign (UTF-8): the text, a newline, the nonce. */
  message: string;
  expiresAt: string;
}

export interface BankCheck {
  name: string;
  ok: boolean | null;
  detail: string;
}

/** The server's answer to a signed confirmation: accepted or not, why, and every check. */
export interface BankVerdict {
  accepted: boolean;
  purpose: Purpose;
  /** The first reason for a refusal, or what was accepted (Korean, then English). */
  reason: string;
  signer: { holder: string; serialHex: string; issuer: string } | null;
  /** The challenge checks (nonce, content, freshness, replay, registration), then the verifier's. */
  checks: BankCheck[];
  registration?: Registration | null;
  /** A transfer: the text the bank issued (what the customer had to sign, above the nonce). */
  issuedText?: string;
  /** A transfer whose signed text differs from the issued one: the first line that differs. */
  difference?: { line: number; issued: string | null; signed: string | null };
}

export interface BankOptions {
  store: RegistrationStore;
  /** Anchors, revocation and the rest, per check (the cloud root may be fetched lazily). */
  verifyOptions(): Promise<VerifyOptions>;
  now?: () => Date;
  /** Challenge lifetime, at most 5 minutes (the default). */
  ttlMs?: number;
}

const ko = (k: string, en: string): string => `${k} (${en})`;

function purposeOf(text: string): Purpose | null {
  if (text === LOGIN_TEXT) return 'login';
  if (text === REGISTER_TEXT) return 'register';
  if (text.startsWith(`${TRANSFER_HEADING}\n`)) return 'transfer';
  return null;
}

/** The signed data a page posts: the SDK's `signedData` (one base64url CMS per content item) or one string. */
function firstSigned(signedData: unknown): string {
  const first = Array.isArray(signedData) ? (signedData as unknown[])[0] : signedData;
  if (typeof first !== 'string' || first.length === 0 || first.length > 1_000_000) {
    throw new DojangError('INVALID_REQUEST', ko('서명 값(signedData)이 없습니다', 'signedData: one base64url CMS SignedData is needed'));
  }
  return first;
}

function text(v: unknown, what: string, pattern: RegExp): string {
  if (typeof v !== 'string' || !pattern.test(v.trim())) throw new DojangError('INVALID_REQUEST', ko(`${what} 형식이 올바르지 않습니다`, `${what} is not valid`));
  return v.trim();
}

const NONCE = /^[A-Za-z0-9_-]{43}$/;
const IDN = /^\d{6}-?\d{7}$|^\d{3}-?\d{2}-?\d{5}$/;
const CUSTOMER = /^[\w.@+-]{1,128}$/;

function verdictOf(purpose: Purpose, result: ChallengeResult, extra: Partial<BankVerdict> = {}): BankVerdict {
  const report = result.report;
  return {
    accepted: result.accepted,
    purpose,
    reason: result.reason,
    signer: report?.signer ? { holder: report.signer.holder, serialHex: report.signer.serialHex, issuer: report.signer.issuer } : null,
    checks: [...result.challengeChecks, ...(report?.checks ?? [])],
    ...extra,
  };
}

function refused(purpose: Purpose, reason: string, check: BankCheck): BankVerdict {
  return { accepted: false, purpose, reason, signer: null, checks: [check] };
}

export class DemoBank {
  private readonly now: () => Date;

  constructor(private readonly opts: BankOptions) {
    this.now = opts.now ?? (() => new Date());
  }

  private async issue(text: string): Promise<IssuedChallenge> {
    const c = createChallenge({ text, now: this.now(), ...(this.opts.ttlMs ? { ttlMs: this.opts.ttlMs } : {}) });
    await this.opts.store.saveChallenge(c);
    return { nonce: c.nonce, message: challengeMessage(c).toString('utf8'), expiresAt: c.expiresAt };
  }

  /** A sign-in or registration challenge. */
  challenge(purpose: 'login' | 'register'): Promise<IssuedChallenge> {
    return this.issue(purpose === 'login' ? LOGIN_TEXT : REGISTER_TEXT);
  }

  /** Builds the transfer's text from its fields and issues it to be signed. */
  async newTransfer(fields: unknown): Promise<IssuedChallenge & { transfer: TransferFields; text: string }> {
    const transfer = checkTransferFields(fields);
    const text = transferText(transfer);
    return { ...(await this.issue(text)), transfer, text };
  }

  /** The challenge this server issued for `purpose` under `nonce`, or a refusal saying why not. */
  private async issued(purpose: Purpose, nonce: unknown): Promise<Challenge | BankVerdict> {
    const n = text(nonce, 'nonce', NONCE);
    const c = await this.opts.store.findChallenge(n);
    if (!c) {
      const why = ko('이 은행이 발급한 확인 요청이 아닙니다', 'this nonce was not issued by this bank (or has been cleared): ask for a new one');
      return refused(purpose, why, { name: 'nonce', ok: false, detail: why });
    }
    const was = purposeOf(c.text);
    if (was !== purpose) {
      const why = ko('다른 용도로 발급한 확인 요청입니다', `this nonce was issued for ${was ?? 'something else'}, not for ${purpose}`);
      return refused(purpose, why, { name: 'content', ok: false, detail: why });
    }
    return c;
  }

  private async options(): Promise<VerifyOptions> {
    return { ...(await this.opts.verifyOptions()), now: this.now() };
  }

  /** Sign-in: any certificate the bank trusts, or (with a customer id) only the one registered to it. */
  async login(body: { nonce?: unknown; signedData?: unknown; customerId?: unknown }): Promise<BankVerdict> {
    const c = await this.issued('login', body.nonce);
    if (!('text' in c)) return c;
    const answer = firstSigned(body.signedData);
    if (body.customerId !== undefined && body.customerId !== '') {
      const customerId = text(body.customerId, 'customer id', CUSTOMER);
      const out = await signInWithCertificate(this.opts.store, { customerId, challenge: c, answer }, await this.options());
      return verdictOf('login', out.result, { registration: out.registration });
    }
    return verdictOf('login', await checkChallengeAnswer(c, answer, { ...(await this.options()), nonces: this.opts.store }));
  }

  /** 타기관 등록: the VID must match the ID number, with the R value the signer returned (includeR). */
  async register(body: { nonce?: unknown; signedData?: unknown; rValue?: unknown; idn?: unknown; customerId?: unknown }): Promise<BankVerdict> {
    const c = await this.issued('register', body.nonce);
    if (!('text' in c)) return c;
    const answer = firstSigned(body.signedData);
    const customerId = text(body.customerId, 'customer id', CUSTOMER);
    // The ID number is used for this one check: never stored, never logged, never echoed.
    const idn = text(body.idn, '주민등록번호 / ID number', IDN);
    const rValue = typeof body.rValue === 'string' && body.rValue ? parseRValue(body.rValue) : null;
    const out = await registerCertificate(this.opts.store, { customerId, idn, challenge: c, answer, rValue }, await this.options());
    return verdictOf('register', out.result, { reason: out.reason, accepted: out.done, registration: out.registration });
  }

  /** A transfer confirmation: the signed text must be the one this bank built, word for word. */
  async confirmTransfer(body: { nonce?: unknown; signedData?: unknown }): Promise<BankVerdict> {
    const c = await this.issued('transfer', body.nonce);
    if (!('text' in c)) return c;
    const answer = firstSigned(body.signedData);
    const result = await checkChallengeAnswer(c, answer, { ...(await this.options()), nonces: this.opts.store });
    const signed = verifyCms(toDer(answer)).content;
    const difference = signed ? firstDifference(challengeMessage(c).toString('utf8'), signed.toString('utf8')) : null;
    if (difference) {
      const reason = ko(
        `서명한 이체 내용이 은행이 보낸 것과 다릅니다 (${difference.line}번째 줄)`,
        `the signed transfer text differs from the one this bank issued at line ${difference.line}: issued "${difference.issued ?? ''}", signed "${difference.signed ?? ''}"`,
      );
      return verdictOf('transfer', { ...result, accepted: false, reason }, { issuedText: c.text, difference });
    }
    return verdictOf('transfer', result, { issuedText: c.text });
  }
}
