import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { DojangError } from '../../common/errors.js';
import { decodeText, encodeText } from './text.js';

describe('encodeText', () => {
  it('writes UTF-8 by default', () => {
    expect(encodeText('홍길동').toString('hex')).toBe('ed998deab8b8eb8f99');
  });

  it('writes EUC-KR (KS X 1001) bytes for Hangul and ASCII', () => {
    // KS X 1001: 가 = B0A1, 한 = C7D1, 국 = B1B9
    expect(encodeText('가한국 A1', 'euc-kr').toString('hex')).toBe('b0a1c7d1b1b9204131');
    expect(decodeText(Buffer.from('c7d1b1b9', 'hex'), 'euc-kr')).toBe('한국');
  });

  it('agrees with glibc iconv on a sentence', () => {
    const text = '본인은 아래 내용에 동의하며 전자서명합니다. 금액: 10,000원 (2024-05-01)';
    const peer = execFileSync('iconv', ['-f', 'UTF-8', '-t', 'EUC-KR'], { input: text });
    expect(encodeText(text, 'euc-kr').equals(peer)).toBe(true);
  });

  it('encodes syllables outside KS X 1001 as CP949 (as glibc CP949 does) and round-trips them', () => {
    const b = encodeText('똠방각하', 'euc-kr');
    expect(b.equals(execFileSync('iconv', ['-f', 'UTF-8', '-t', 'CP949'], { input: '똠방각하' }))).toBe(true);
    expect(decodeText(b, 'euc-kr')).toBe('똠방각하');
  });

  it('refuses characters EUC-KR cannot hold instead of writing "?"', () => {
    expect(() => encodeText('ok 😀', 'euc-kr')).toThrow(DojangError);
    expect(() => encodeText('ok 😀', 'euc-kr')).toThrow(/U\+1F600/);
    expect(encodeText('ok 😀').length).toBe(7);
  });
});
