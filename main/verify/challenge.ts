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
import type { VerifyReport } from './types.js';

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
  detail: string;
}

export interface ChallengeResult {
  accepted: boolean;
  /** The first reason for a refusal, or what was accepted. Korean, then English. */
  reason: string;
  challengeChecks: ChallengeCheck[];
  /** The verifier's report (null when the answer is not a readable signature). */
  report: VerifyReport | null;
}

export function createChallenge(opts: { text?: string; ttlMs?: number; now?: Date } = {}): Challenge {
  const now = opts.now ?? new Date();
  const ttl = opts.ttlMs ?? MAX_CHALLENGE_TTL_MS;
  if (!(ttl > 0 && ttl <= MAX_CHALLENGE_TTL_MS)) {
    throw new DojangError('INVALID_REQUEST', '확인 요청의 유효시간은 5분 이하여야 합니다 (a challenge lives at most 5 minutes)');
  }
  const text = opts.text ?? DEFAULT_CHALLENGE_TEXT;
  if (text.length === 0 || text.length > MAX_TEXT) {
    throw new DojangError('INVALID_REQUEST', `확인 문구는 1~${MAX_TEXT}자여야 합니다 (the challenge text must be 1 to ${MAX_TEXT} characters)`);
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
  if (!ok) throw new DojangError('INVALID_REQUEST', '확인 요청(challenge) 형식이 올바르지 않습니다 (this is not a valid challenge: nonce, text, issuedAt, expiresAt)');
}

export interface ChallengeCheckOptions extends VerifyOptions {
  nonces: NonceLedger;
  /** A further condition before the nonce is spent (registration: "is this certificate registered?"). */
  authorize?: (report: VerifyReport) => Promise<{ ok: boolean; detail: string }>;
}

const ko = (k: string, en: string): string => `${k} (${en})`;

/** The name of the check that refused an answer, so a VID mismatch reads "본인확인", not "서명". */
const CHECK_KO: Record<VerifyReport['checks'][number]['name'], string> = {
  signature: '서명 값',
  contentDigest: '내용 변경 여부',
  signedAttributes: '서명 속성',
  chain: '인증 경로',
  validityAtSigning: '서명 당시 유효기간',
  validityNow: '현재 유효기간',
  keyUsage: '키 용도',
  policy: '인증서 정책',
  revocation: '폐지 여부',
  vid: '본인확인 (VID)',
  challenge: '로그인 챌린지',
};

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
  checks.push({
    name: 'nonce',
    ok: nonceOk,
    detail: nonceOk
      ? ko('확인 요청의 nonce가 서명됨', 'the signed text ends with this challenge’s nonce')
      : ko('다른 확인 요청에 대한 서명입니다', 'the signature answers another challenge (nonce differs)'),
  });
  const contentOk = signed.equals(expected);
  checks.push({
    name: 'content',
    ok: contentOk,
    detail: contentOk
      ? ko('서명한 문구가 요청과 같음', 'the signed text is the challenge text and nonce')
      : ko('서명한 문구가 요청과 다릅니다', 'the signed text is not exactly the challenge text + newline + nonce (UTF-8)'),
  });

  const issued = Date.parse(challenge.issuedAt);
  const expires = Date.parse(challenge.expiresAt);
  let fresh: string | null = null;
  if (expires - issued > MAX_CHALLENGE_TTL_MS || expires <= issued) fresh = 'the challenge claims a lifetime over 5 minutes';
  else if (now.getTime() > expires) fresh = `the challenge expired at ${challenge.expiresAt}`;
  else if (now.getTime() < issued - SKEW_MS) fresh = 'the challenge is not valid yet';
  const report = await verifyCmsSignature(der, { ...opts, content: expected, now });
  if (!fresh && report.signingTime) {
    const st = Date.parse(report.signingTime);
    if (st < issued - SKEW_MS || st > now.getTime() + SKEW_MS) fresh = `the signing time ${report.signingTime} is outside the challenge’s lifetime`;
  }
  checks.push({
    name: 'freshness',
    ok: fresh === null,
    detail:
      fresh === null
        ? ko('유효시간 안의 응답', `answered within the challenge’s lifetime (until ${challenge.expiresAt})`)
        : ko('유효시간이 지났습니다. 새 확인 요청으로 다시 서명하세요', `${fresh}: sign a new challenge`),
  });
  // An answer to this challenge spends it now, before the outcome is known; an answer to another
  // challenge cannot spend this one (it is refused by the nonce check anyway).
  const first = nonceOk ? await opts.nonces.consumeNonce(challenge.nonce, new Date(expires)) : !(await opts.nonces.nonceUsed(challenge.nonce));
  checks.push({
    name: 'replay',
    ok: first,
    detail: first
      ? ko('처음 쓰는 확인 요청', 'first use of this challenge')
      : ko('이미 확인한 응답입니다: 같은 확인 요청은 한 번만 쓸 수 있습니다 (재사용 거부)', 'this challenge was already answered: a replay is refused'),
  });

  const refusedBy = (): string | null => {
    const bad = checks.find((c) => !c.ok);
    if (bad) return bad.detail;
    if (report.verdict === 'invalid') {
      const c = report.checks.find((x) => x.ok === false)!;
      return ko(`${CHECK_KO[c.name]} 확인 실패`, `${c.name}: ${c.detail}`);
    }
    if (report.verdict === 'indeterminate') {
      const c = report.checks.find((x) => x.ok === null && ['chain', 'revocation', 'signature', 'contentDigest', 'vid'].includes(x.name))!;
      return ko(`${CHECK_KO[c.name]}을(를) 끝까지 확인하지 못해 받아들이지 않습니다`, `not accepted until ${c.name} can be checked: ${c.detail}`);
    }
    return null;
  };

  let reason = refusedBy();
  if (reason === null && opts.authorize) {
    const a = await opts.authorize(report);
    checks.push({ name: 'registration', ok: a.ok, detail: a.detail });
    if (!a.ok) reason = a.detail;
  }
  return {
    accepted: reason === null,
    reason: reason ?? ko('확인됨', `accepted: signed by ${report.signer?.holder ?? 'unknown'} (serial ${report.signer?.serialHex ?? '-'})`),
    challengeChecks: checks,
    report,
  };
}

/** A challenge result as one report (the bridge's checkChallenge): the challenge checks fold into a 'challenge' check. */
export interface ChallengeReport extends VerifyReport {
  accepted: boolean;
  reason: string;
  challengeChecks: ChallengeCheck[];
}

export function toChallengeReport(result: ChallengeResult): ChallengeReport {
  const report = result.report!;
  const failed = result.challengeChecks.filter((c) => !c.ok);
  const check = {
    name: 'challenge' as const,
    ok: failed.length === 0,
    detail: failed.length === 0 ? ko('확인 요청에 맞는 응답', 'the nonce, text and time match the challenge; first use') : failed.map((c) => c.detail).join('; '),
  };
  return {
    ...report,
    verdict: result.accepted ? 'valid' : report.verdict === 'valid' ? 'invalid' : report.verdict,
    checks: [...report.checks, check],
    accepted: result.accepted,
    reason: result.reason,
    challengeChecks: result.challengeChecks,
  };
}
