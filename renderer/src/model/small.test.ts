import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatHex } from '../format';
import { en } from '../i18n/en';
import { ko } from '../i18n/ko';
import { translator } from '../i18n/translate';
import { conflictsOf, mergeSummaries, newOperationId } from '../state/use-transfer';
import { dropKind } from './files';
import { ruleLines } from './password-rules';
import { joinPath, safeFileName } from './paths';

describe('catalogs', () => {
  it('every message has the same {placeholders} in Korean and English', () => {
    const names = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(ko) as (keyof typeof ko)[]) expect(names(en[key]), key).toEqual(names(ko[key]));
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translator('ko')('expiry.valid', { days: 12 })).toBe('12일 남음');
    expect(translator('en')('expiry.valid')).toBe('{days} days left');
  });
});

describe('formats', () => {
  it('dates as YYYY.MM.DD (local time), times as YYYY.MM.DD HH:mm, hex as byte pairs', () => {
    expect(formatDate(new Date(2025, 0, 5, 23, 59).toISOString())).toBe('2025.01.05');
    expect(formatDate(null)).toBe('—');
    expect(formatDate('not a date')).toBe('—');
    expect(formatDateTime(new Date(2025, 10, 9, 7, 3).toISOString())).toBe('2025.11.09 07:03');
    expect(formatHex('a1b2c')).toBe('0A:1B:2C');
  });
});

describe('password rules', () => {
  it('lists every shown rule with a tick, broken ones crossed, unknown ones with main’s message', () => {
    const lines = ruleLines([
      { rule: 'MIN_LENGTH', key: 'password.rule.MIN_LENGTH' },
      { rule: 'NOT_ASCII', key: 'password.rule.NOT_ASCII' },
      { rule: 'SOMETHING_NEW', key: 'password.rule.REPEATED_RUN' },
    ]);
    expect(lines.filter((l) => !l.ok).map((l) => l.rule)).toEqual(['MIN_LENGTH', 'NOT_ASCII', 'SOMETHING_NEW']);
    expect(lines.find((l) => l.rule === 'NOT_ASCII')!.key).toBe('rule.NOT_ASCII');
    expect(lines.find((l) => l.rule === 'SOMETHING_NEW')).toMatchObject({ key: null, mainKey: 'password.rule.REPEATED_RUN' });
    expect(ruleLines([]).every((l) => l.ok)).toBe(true);
    expect(ruleLines([])).toHaveLength(7);
  });
});

describe('paths and files', () => {
  it('joins drive folders and makes safe file names', () => {
    expect(joinPath('/media/USB', 'NPKI')).toBe('/media/USB/NPKI');
    expect(joinPath('E:\\', 'NPKI')).toBe('E:\\NPKI');
    expect(safeFileName('홍길동/()0011:x')).toBe('홍길동_()0011_x');
  });

  it('tells a dropped .pfx, certificate, folder and signature apart', () => {
    expect(dropKind('bank.PFX', false)).toBe('pfx');
    expect(dropKind('a.p12', false)).toBe('pfx');
    expect(dropKind('signCert.der', false)).toBe('certificate');
    expect(dropKind('NPKI', true)).toBe('folder');
    expect(dropKind('contract.p7s', false)).toBe('signature');
  });
});

describe('transfers', () => {
  it('merges the conflict re-run into the first summary', () => {
    const first = {
      done: [{ id: 'a', path: '/t/a' }],
      failed: [
        { id: 'b', code: 'CONFLICT' as const, key: 'copy.sameCertificateThere' as const, message: '' },
        { id: 'c', code: 'DISK_FULL' as const, key: 'file.full' as const, message: '' },
      ],
      cancelled: false,
      untouched: [],
    };
    expect(conflictsOf(first)).toEqual(['b']);
    const second = { done: [{ id: 'b', path: '/t/b (2)' }], failed: [], cancelled: false, untouched: [] };
    const merged = mergeSummaries(first, second, ['b']);
    expect(merged.done.map((d) => d.id)).toEqual(['a', 'b']);
    expect(merged.failed.map((f) => f.id)).toEqual(['c']);
  });

  it('makes operation ids main accepts', () => {
    expect(newOperationId()).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
    expect(newOperationId()).not.toBe(newOperationId());
  });
});
