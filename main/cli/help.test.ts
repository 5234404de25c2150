/**
 * `dojang --help` / `--version` come from help.ts without commander; `dojang <command> --help` is still
 * commander's. The overview keeps every summary whole and wraps by terminal columns (Hangul is two wide).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { run } from './cli.test-util.js';
import { COMMANDS } from './commands/index.js';
import { overviewHelp, quickAnswer, wrapColumns } from './help.js';

/** Terminal columns, counted apart from help.ts: Hangul syllables take two. */
const columns = (line: string) => [...line].reduce((n, ch) => n + (/[\uac00-\ud7a3]/.test(ch) ? 2 : 1), 0);

const saved = { LANG: process.env.LANG, LC_ALL: process.env.LC_ALL };
afterEach(() => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

describe('dojang --help', () => {
  it('lists every command once with its whole summary, in lines of at most 80 columns', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    const text = r.out.join('\n');
    const lines = text.split('\n');
    for (const line of lines) expect(columns(line), line).toBeLessThanOrEqual(80);
    const starts = lines.map((l, i) => [l, i] as const).filter(([l]) => /^ {2}\S/.test(l) && !l.startsWith('  -'));
    expect(starts.map(([l]) => l.trim().split(/ {2,}/)[0])).toEqual([...COMMANDS.map((c) => c.name), 'help [command]']);
    for (const [k, c] of COMMANDS.entries()) {
      const [, from] = starts[k]!;
      const until = starts[k + 1]![1];
      const description = lines
        .slice(from, until)
        .map((l, i) => (i === 0 ? l.trim().replace(/^\S+\s+/, '') : l.trim()))
        .join(' ');
      expect(description).toBe(c.summary);
    }
  });

  it('is the same under a Korean and an English locale, Hangul words never split', async () => {
    process.env.LC_ALL = 'ko_KR.UTF-8';
    const ko = (await run(['--help'])).out.join('\n');
    process.env.LC_ALL = 'en_US.UTF-8';
    const en = (await run(['-h'])).out.join('\n');
    expect(ko).toBe(en);
    expect(ko).toContain('(주민등록번호');
    expect(ko).toMatch(/인증서\n\s+가져오기|인증서 가져오기/);
    expect((await run(['help'])).out.join('\n')).toBe(en);
  });

  it('wraps by columns: a Hangul word counts twice', () => {
    expect(wrapColumns('가나다 abc', 7)).toEqual(['가나다', 'abc']);
    expect(wrapColumns('abcdef abc', 10)).toEqual(['abcdef abc']);
    expect(wrapColumns('아주긴한국어단어', 4)).toEqual(['아주긴한국어단어']);
    expect(overviewHelp(120).split('\n').length).toBeLessThan(overviewHelp(80).split('\n').length);
  });

  it('--version prints the version; anything more goes to commander', async () => {
    expect(await run(['--version'])).toMatchObject({ code: 0, out: ['0.1.0'] });
    expect(await run(['-V'])).toMatchObject({ code: 0, out: ['0.1.0'] });
    expect(quickAnswer(['help', 'scan'])).toBeNull();
    expect(quickAnswer(['scan', '--help'])).toBeNull();
  });

  it('a command’s own help is commander’s, with that command’s options', async () => {
    const r = await run(['scan', '--help']);
    expect(r.code).toBe(0);
    expect(r.out.join('\n')).toContain('Usage: dojang scan [options] [roots...]');
    expect(r.out.join('\n')).toContain('--json');
    const viaHelp = await run(['help', 'scan']);
    expect(viaHelp.out.join('\n')).toContain('--json');
    expect((await run(['nonsense'])).code).toBe(2);
  });
});
