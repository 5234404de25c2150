/**
 * Sign-in by signature (SPEC §2.1 relying-party flow): the server issues a challenge, the user
 * signs `text + '\n' + nonce` (UTF-8, CMS attached) with any certificate, and the server checks
 * the signed text and nonce, the challenge's freshness (at most 5 minutes), every check of the
 * verifier, and that the nonce was never presented before. A challenge is spent by the first answer
 * checked against it, whatever the outcome (atomically, so two answers racing with one nonce cannot
 * both get in): the same answer checked again is a replay, never a "first use".
 */
import { randomBytes } from 'node:crypto';
import { DojangError } from '../../common/errors.js';
import { toDer } from '../../common/pki/asn1.js';
import { verifyCms } from '../../common/pki/cms.js';
import { verifyCmsSignature, type VerifyOptions } from './engine.js';
import { both, type VerifyReport } from './types.js';
import { formatMessage, type Message } from '../../preload/messages/format.js';

export const MAX_CHALLENGE_TTL_MS = 5 * 60_000;
const SKEW_MS = 60_000;
const MAX_TEXT = 2000;
export const DEFAULT_CHALLENGE_TEXT = 'Dojang 로그인 확인 (sign-in confirmation)';

export interface Challenge {
  /** 32 random bytes, base64url. */
  nonce: string;
  text: string;
  issuedAt: string;
  expiresAt: string;
}

/** Where spent nonces are kept (the registration store). */
export interface NonceLedger {
  nonceUsed(nonce: string): Promise<boolean>;
  /** Records the nonce as spent; false when it already was (a replay). Atomic. */
  consumeNonce(nonce: string, expiresAt: Date): Promise<boolean>;
}

export interface ChallengeCheck {
  name: 'nonce' | 'content' | 'freshness' | 'replay' | 'registration';
  ok: boolean;
  /** The message as "한국어 (English)" (the demo bank's pages). */
  detail: string;
  /** The same as a catalog message (`challenge.check.*`, `registration.check.*`): what the CLI says. */
  message: Message;
}

export interface ChallengeResult {
  accepted: boolean;
  /** The first reason for a refusal, or what was accepted. Korean, then English. */
  reason: string;
  /** The same as a catalog message; `reasonNote` is the refusing verify check's own message, when it has one. */
  reasonMessage: Message;
  reasonNote?: Message;
  challengeChecks: ChallengeCheck[];
  /** The verifier's report (null when the answer is not a readable signature). */
  report: VerifyReport | null;
}

export function createChallenge(opts: { text?: string; ttlMs?: number; now?: Date } = {}): Challenge {
  const now = opts.now ?? new Date();
  const ttl = opts.ttlMs ?? MAX_CHALLENGE_TTL_MS;
  if (!(ttl > 0 && ttl <= MAX_CHALLENGE_TTL_MS)) {
    throw new DojangError('INVALID_REQUEST', 'challenge.ttlTooLong', { max: MAX_CHALLENGE_TTL_MS / 60_000 });
  }
  const text = opts.text ?? DEFAULT_CHALLENGE_TEXT;
  if (text.length === 0 || text.length > MAX_TEXT) {
    throw new DojangError('INVALID_REQUEST', 'challenge.textLength', { max: MAX_TEXT });
  }
  return { nonce: randomBytes(32).toString('base64url'), text, issuedAt: now.toISOString(), expiresAt: new Date(now.getTime() + ttl).toISOString() };
}

/** What the user signs: the text, a newline, the nonce (UTF-8). */
export function challengeMessage(c: Challenge): Buffer {
  return Buffer.from(`${c.text}\n${c.nonce}`, 'utf8');
}

/** Refuses a challenge record that is not one we could have issued. */
export function assertChallenge(c: unknown): asserts c is Challenge {
  const o = c as Partial<Challenge> | null;
  const ok =
    typeof o === 'object' &&
    o !== null &&
    typeof o.nonce === 'string' &&
    /^[A-Za-z0-9_-]{43}$/.test(o.nonce) &&
    typeof o.text === 'string' &&
    o.text.length > 0 &&
    o.text.length <= MAX_TEXT &&
    typeof o.issuedAt === 'string' &&
    typeof o.expiresAt === 'string' &&
    !Number.isNaN(Date.parse(o.issuedAt)) &&
    !Number.isNaN(Date.parse(o.expiresAt));
  if (!ok) throw new DojangError('INVALID_REQUEST', 'challenge.invalid');
}

export interface ChallengeCheckOptions extends VerifyOptions {
  nonces: NonceLedger;
  /** A further condition before the nonce is spent (registration: "is this certificate registered?"). */
  authorize?: (report: VerifyReport) => Promise<{ ok: boolean; message: Message }>;
}

/** A challenge check: its catalog message, and the same as "한국어 (English)". */
export function challengeCheck(name: ChallengeCheck['name'], ok: boolean, message: Message): ChallengeCheck {
  return { name, ok, detail: both(message), message };
}

/** The name of the check that refused an answer, so a VID mismatch reads "본인확인", not "서명". */
const checkName = (name: VerifyReport['checks'][number]['name']) => `challenge.checkName.${name}` as const;

/** Checks an answer (a CMS SignedData) to `challenge`. Throws FILE_DAMAGED / UNSUPPORTED_ALGORITHM for unreadable answers. */
export async function checkChallengeAnswer(challenge: Challenge, answer: Buffer | string, opts: ChallengeCheckOptions): Promise<ChallengeResult> {
  assertChallenge(challenge);
  const now = opts.now ?? new Date();
  const expected = challengeMessage(challenge);
  const der = toDer(answer);
  const checks: ChallengeCheck[] = [];

  const embedded = verifyCms(der).content;
  const signed = embedded ?? expected; // a detached answer is checked against the expected text by the digest
  const text = signed.toString('utf8');
  const cut = text.lastIndexOf('\n');
  const nonceOk = cut >= 0 && text.slice(cut + 1) === challenge.nonce;
  checks.push(challengeCheck('nonce', nonceOk, { key: nonceOk ? 'challenge.check.nonceOk' : 'challenge.check.nonceOther' }));
  const contentOk = signed.equals(expected);
  checks.push(challengeCheck('content', contentOk, { key: contentOk ? 'challenge.check.textOk' : 'challenge.check.textDiffers' }));

  const issued = Date.parse(challenge.issuedAt);
  const expires = Date.parse(challenge.expiresAt);
  let fresh: Message | null = null;
  if (expires - issued > MAX_CHALLENGE_TTL_MS || expires <= issued) fresh = { key: 'challenge.check.lifetimeTooLong' };
  else if (now.getTime() > expires) fresh = { key: 'challenge.check.expired', params: { at: challenge.expiresAt } };
  else if (now.getTime() < issued - SKEW_MS) fresh = { key: 'challenge.check.notYetValid' };
  const report = await verifyCmsSignature(der, { ...opts, content: expected, now });
  if (!fresh && report.signingTime) {
    const st = Date.parse(report.signingTime);
    if (st < issued - SKEW_MS || st > now.getTime() + SKEW_MS) fresh = { key: 'challenge.check.signingTimeOutside', params: { at: report.signingTime } };
  }
  checks.push(challengeCheck('freshness', fresh === null, fresh ?? { key: 'challenge.check.fresh', params: { until: challenge.expiresAt } }));
  // An answer to this challenge spends it now, before the outcome is known; an answer to another
  // challenge cannot spend this one (it is refused by the nonce check anyway).
  const first = nonceOk ? await opts.nonces.consumeNonce(challenge.nonce, new Date(expires)) : !(await opts.nonces.nonceUsed(challenge.nonce));
  checks.push(challengeCheck('replay', first, { key: first ? 'challenge.check.firstUse' : 'challenge.check.replay' }));

  /** The first refusal: a challenge check's message, or the refusing verify check's name with its own message as a note. */
  const refusedBy = (): { message: Message; note?: Message; detail: string } | null => {
    const bad = checks.find((c) => !c.ok);
    if (bad) return { message: bad.message, detail: bad.detail };
    const c =
      report.verdict === 'invalid'
        ? report.checks.find((x) => x.ok === false)!
        : report.verdict === 'indeterminate'
          ? report.checks.find((x) => x.ok === null && ['chain', 'revocation', 'signature', 'contentDigest', 'vid'].includes(x.name))!
          : null;
    if (!c) return null;
    const message: Message = { key: report.verdict === 'invalid' ? 'challenge.reason.checkFailed' : 'challenge.reason.unchecked', params: { check: checkName(c.name) } };
    return { message, note: c.message, detail: `${formatMessage('ko', message.key, message.params)} (${c.name}: ${c.detail})` };
  };

  let refusal = refusedBy();
  if (refusal === null && opts.authorize) {
    const a = await opts.authorize(report);
    const registration = challengeCheck('registration', a.ok, a.message);
    checks.push(registration);
    if (!a.ok) refusal = registration;
  }
  const accepted: Message = { key: 'challenge.reason.accepted', params: { holder: report.signer?.holder ?? '-', serial: report.signer?.serialHex ?? '-' } };
  return {
    accepted: refusal === null,
    reason: refusal?.detail ?? both(accepted),
    reasonMessage: refusal?.message ?? accepted,
    ...(refusal?.note && { reasonNote: refusal.note }),
    challengeChecks: checks,
    report,
  };
}

/** A challenge result as one report (the bridge's checkChallenge): the challenge checks fold into a 'challenge' check. */
export interface ChallengeReport extends VerifyReport {
  accepted: boolean;
  reason: string;
  reasonMessage: Message;
  reasonNote?: Message;
  challengeChecks: ChallengeCheck[];
}

export function toChallengeReport(result: ChallengeResult): ChallengeReport {
  const report = result.report!;
  const failed = result.challengeChecks.filter((c) => !c.ok);
  // Its message is the first failed check's (the detail lists them all).
  const check = {
    name: 'challenge' as const,
    ok: failed.length === 0,
    detail: failed.length === 0 ? both({ key: 'challenge.check.matches' }) : failed.map((c) => c.detail).join('; '),
    message: failed[0]?.message ?? { key: 'challenge.check.matches' },
  };
  return {
    ...report,
    verdict: result.accepted ? 'valid' : report.verdict === 'valid' ? 'invalid' : report.verdict,
    checks: [...report.checks, check],
    accepted: result.accepted,
    reason: result.reason,
    reasonMessage: result.reasonMessage,
    ...(result.reasonNote && { reasonNote: result.reasonNote }),
    challengeChecks: result.challengeChecks,
  };
}
