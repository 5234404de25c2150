/**
 * The one message convention (docs/decisions.md): every error main produces names a catalog key
 * (preload/messages) that has a Korean and an English text with the same parameters, and no
 * DojangError anywhere in main/ or common/ carries a sentence of its own.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { en } from '../preload/messages/en.js';
import { duration, formatMessage, type MessageKey } from '../preload/messages/format.js';
import { ko } from '../preload/messages/ko.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const HANGUL = /[\uac00-\ud7a3]/;
const placeholders = (text: string) => [...text.matchAll(/\{(\w+(?::\w+)?)\}/g)].map((m) => m[1]).sort();

describe('the message catalog', () => {
  it('has every key in Korean and English, with the same placeholders and formats', () => {
    expect(Object.keys(ko).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en) as MessageKey[]) {
      expect(placeholders(ko[key]), key).toEqual(placeholders(en[key]));
      expect(en[key], `${key}: English text`).not.toMatch(HANGUL);
      expect(ko[key].trim(), key).not.toBe('');
    }
  });

  it('puts no particle right after a placeholder in Korean (its last syllable is unknown: no "키링(…)를")', () => {
    for (const key of Object.keys(ko) as MessageKey[]) {
      expect(ko[key], key).not.toMatch(/\}(은|는|이|가|을|를|과|와|으로|로|이\(가\)|을\(를\)|은\(는\))(?![\uac00-\ud7a3])/);
    }
  });

  it('says numbers, waits and nested keys in the language asked', () => {
    expect(formatMessage('en', 'anchors.full', { max: 1000 })).toBe('The trust store holds at most 1,000 roots.');
    expect(formatMessage('ko', 'cloud.rateLimited', { wait: 371 })).toBe('시도가 너무 많습니다. 기다린 뒤 다시 시도하세요: 6분 11초');
    expect(formatMessage('en', 'cloud.rateLimited', { wait: 371 })).toBe('Too many attempts: try again in 6 minutes 11 seconds.');
    expect([duration(60, 'ko'), duration(42, 'en'), duration(3720, 'ko'), duration(3720, 'en')]).toEqual(['1분', '42 seconds', '1시간 2분', '1 hour 2 minutes']);
    expect(formatMessage('ko', 'keychain.missing', { keychain: 'keychain.name.linux' })).toContain('키링(Secret Service: GNOME 키링, KWallet).');
    expect(formatMessage('en', 'password.rulesBroken', { rules: ['password.rule.MIN_LENGTH', 'password.rule.NEEDS_DIGIT'] })).toBe(
      'The new password breaks the joint certificate rules: at least 10 characters; at least one digit (0–9).',
    );
    // Nested messages (a revocation answer per source, per link): each said in the language asked, kept apart by "; ".
    const ocsp = { key: 'revocation.from', params: { answer: { key: 'revocation.ocsp.httpStatus', params: { status: 503 } }, url: 'http://ocsp.example/' } } as const;
    const unknown = { key: 'revocation.unknown', params: { reasons: [ocsp, { key: 'revocation.offline' }] } } as const;
    expect(formatMessage('en', 'verify.revocation.signer', { answer: unknown })).toBe(
      'signer: revocation status unknown: OCSP: the responder answered HTTP 503 (http://ocsp.example/); offline: the network was not used',
    );
    expect(formatMessage('ko', 'verify.revocation.signer', { answer: unknown })).toBe(
      '서명자: 폐지 여부를 확인할 수 없습니다: OCSP: 응답 서버가 HTTP 503 상태로 답함 (http://ocsp.example/); 오프라인: 네트워크를 쓰지 않음',
    );
  });
});

function sources(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('.test-util.ts') && !f.endsWith('.data.ts'))
    .map((f) => path.join(dir, f));
}

/** The argument text of each `new DojangError(…)` in `text`, up to its closing parenthesis. */
function dojangErrorCalls(text: string): string[] {
  const calls: string[] = [];
  for (let i = text.indexOf('new DojangError('); i >= 0; i = text.indexOf('new DojangError(', i + 1)) {
    let depth = 0;
    let j = i + 'new DojangError'.length;
    for (; j < text.length; j++) {
      if (text[j] === '(') depth++;
      else if (text[j] === ')' && --depth === 0) break;
    }
    calls.push(text.slice(i, j + 1));
  }
  return calls;
}

describe('the convention holds in main/ and common/', () => {
  const files = [...sources('main'), ...sources('common')];

  it('finds the DojangErrors it checks (the walk itself works)', () => {
    const calls = files.flatMap((f) => dojangErrorCalls(readFileSync(path.join(ROOT, f), 'utf8')));
    expect(calls.length).toBeGreaterThan(150);
  });

  it('no DojangError carries Korean text in its arguments: a key and parameters only', () => {
    const offending = files.flatMap((f) =>
      dojangErrorCalls(readFileSync(path.join(ROOT, f), 'utf8'))
        .filter((call) => HANGUL.test(call))
        .map((call) => `${f}: ${call.slice(0, 120)}`),
    );
    expect(offending).toEqual([]);
  });

  it('every DojangError names its key as a string literal of the catalog (or passes one through)', () => {
    const keys = new Set(Object.keys(en));
    for (const f of files) {
      for (const call of dojangErrorCalls(readFileSync(path.join(ROOT, f), 'utf8'))) {
        for (const literal of call.matchAll(/^new DojangError\(\s*[^,]+,\s*'([^']+)'/g)) expect(keys, `${f}: ${call.slice(0, 120)}`).toContain(literal[1]);
      }
    }
  });
});

describe('one language at a time: no "한국어 (English)" text built in main/stores or the CLI', () => {
  /** A quoted literal with Korean and then an English aside in parentheses: "손상된 인증서 파일 (damaged certificate file)". */
  const BILINGUAL = /(['`])[^'`\n]*[\uac00-\ud7a3][^'`\n]*\([A-Za-z][^'`\n]*\1/;
  /** Commander's --help texts are English for developers and may name a Korean term: not said to a user. */
  const HELP = /\.(description|option|argument)\(|^\s+[\w'-]+: '/;

  it('finds such text where it is still allowed (the check itself works)', () => {
    const rp = sources('main/rp').flatMap((f) => readFileSync(path.join(ROOT, f), 'utf8').split('\n'));
    expect(rp.some((line) => BILINGUAL.test(line))).toBe(true);
  });

  it('the scan reasons and every CLI output line come from the catalog', () => {
    const offending = [...sources('main/stores'), ...sources('main/cli')].flatMap((f) =>
      readFileSync(path.join(ROOT, f), 'utf8')
        .split('\n')
        .map((line, i) => ({ line, where: `${f}:${i + 1}` }))
        .filter(({ line }) => BILINGUAL.test(line) && !(f.endsWith(path.join('commands', 'index.ts')) || HELP.test(line)))
        .map(({ where, line }) => `${where}: ${line.trim().slice(0, 100)}`),
    );
    expect(offending).toEqual([]);
  });
});

describe('the verify checks and the policy names come from the catalog (main/verify, common/pki/policies.ts)', () => {
  /** A quoted literal with Korean in it, outside comments. */
  const KOREAN_LITERAL = /(['`])[^'`\n]*[\uac00-\ud7a3]/;
  const COMMENT = /^\s*(\/\/|\*|\/\*)/;
  /** Not a message: the text a user signs for sign-in, the same bytes in any language. */
  const SIGNED_TEXT = /^export const DEFAULT_CHALLENGE_TEXT = /;
  const koreanLines = (f: string) =>
    readFileSync(path.join(ROOT, f), 'utf8')
      .split('\n')
      .map((line, i) => ({ line, where: `${f}:${i + 1}` }))
      .filter(({ line }) => KOREAN_LITERAL.test(line) && !COMMENT.test(line));

  it('finds Korean text where it is allowed (the check itself works)', () => {
    expect(koreanLines(path.join('main', 'verify', 'challenge.ts')).filter(({ line }) => SIGNED_TEXT.test(line))).toHaveLength(1);
  });

  it('every check, revocation answer, signer refusal and policy name names a catalog key', () => {
    const offending = [...sources('main/verify'), path.join('common', 'pki', 'policies.ts')]
      .flatMap(koreanLines)
      .filter(({ line }) => !SIGNED_TEXT.test(line))
      .map(({ where, line }) => `${where}: ${line.trim().slice(0, 100)}`);
    expect(offending).toEqual([]);
  });
});
