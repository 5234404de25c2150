/**
 * The exact text a transfer confirmation signs. The server builds it from the fields (the page never
 * composes it), keeps it, and checks the signed bytes against it word for word; a difference is
 * named by its line, so "the amount was changed" reads as that, not as a bad signature.
 */
import { DojangError } from '../../common/errors.js';

export interface TransferFields {
  from: string;
  to: string;
  /** Won, a whole number. */
  amount: number;
  memo: string;
}

export const TRANSFER_HEADING = '[도장 은행] 이체 확인 (transfer confirmation)';
const ACCOUNT = /^\d[\d-]{4,18}\d$/;
const MAX_AMOUNT = 1_000_000_000;
const MAX_MEMO = 40;

function refuse(ko: string, en: string): never {
  throw new DojangError('INVALID_REQUEST', `${ko} (${en})`);
}

/** Checks the fields a page sent; throws INVALID_REQUEST naming the field. */
export function checkTransferFields(input: unknown): TransferFields {
  const o = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  const from = typeof o.from === 'string' ? o.from.trim() : '';
  const to = typeof o.to === 'string' ? o.to.trim() : '';
  if (!ACCOUNT.test(from)) refuse('출금 계좌번호는 숫자와 - 로 6~20자입니다', 'the from account is 6 to 20 digits and hyphens');
  if (!ACCOUNT.test(to)) refuse('입금 계좌번호는 숫자와 - 로 6~20자입니다', 'the to account is 6 to 20 digits and hyphens');
  if (from.replace(/-/g, '') === to.replace(/-/g, '')) refuse('출금 계좌와 입금 계좌가 같습니다', 'the from and to accounts are the same');
  const amount = typeof o.amount === 'string' && /^\d+$/.test(o.amount.trim()) ? Number(o.amount.trim()) : o.amount;
  if (typeof amount !== 'number' || !Number.isInteger(amount) || amount < 1 || amount > MAX_AMOUNT) {
    refuse(`금액은 1원부터 ${MAX_AMOUNT.toLocaleString('ko-KR')}원까지의 정수입니다`, `the amount is a whole number of won from 1 to ${MAX_AMOUNT}`);
  }
  const memo = typeof o.memo === 'string' ? o.memo.trim() : '';
  // One line of printable text: a newline would let a memo pose as another line of the confirmation.
  if (memo.length > MAX_MEMO || /[\p{Cc}\p{Cf}\u2028\u2029]/u.test(memo)) {
    refuse(`메모는 줄바꿈 없이 ${MAX_MEMO}자까지입니다`, `the memo is one line of at most ${MAX_MEMO} characters`);
  }
  return { from, to, amount, memo };
}

/** The text to sign, one field per line (the challenge's nonce is added below it as its last line). */
export function transferText(t: TransferFields): string {
  return [
    TRANSFER_HEADING,
    `출금 계좌 (from): ${t.from}`,
    `입금 계좌 (to): ${t.to}`,
    `금액 (amount): ${t.amount.toLocaleString('ko-KR')}원 (KRW ${t.amount})`,
    `메모 (memo): ${t.memo || '-'}`,
  ].join('\n');
}

/** The first line where the signed text differs from the issued one, or null when they are the same. */
export function firstDifference(issued: string, signed: string): { line: number; issued: string | null; signed: string | null } | null {
  if (issued === signed) return null;
  const a = issued.split('\n');
  const b = signed.split('\n');
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) return { line: i + 1, issued: a[i] ?? null, signed: b[i] ?? null };
  }
  return { line: a.length, issued: a.at(-1) ?? null, signed: b.at(-1) ?? null };
}
