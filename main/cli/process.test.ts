/**
 * The real `dojang` command: `node bin/dojang.js` in a child process, secrets on stdin, answers on
 * stdout, exit codes from the process. bin/dojang.js is copied into a temp install next to a CLI
 * bundle built now from these sources with the build's esbuild options (dist/ may be stale or
 * missing during unit tests), and once more without a bundle to run its tsx fallback.
 */
import { spawnSync } from 'node:child_process';
import { cp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { needs } from '../../fixtures/environment.js';
import { NEW_PASSWORD, REPO, YESSIGN_DN, YESSIGN_PASSWORD, openssl, tempDir, yessignFolder } from './cli.test-util.js';

let install: string;
let work: string;
let folder: string;

beforeAll(async () => {
  install = await tempDir('dojang-cli-install-');
  await mkdir(path.join(install, 'bin'));
  await cp(path.join(REPO, 'bin', 'dojang.js'), path.join(install, 'bin', 'dojang.js'));
  await symlink(path.join(REPO, 'node_modules'), path.join(install, 'node_modules'), 'dir');
  await build({
    bundle: true,
    platform: 'node',
    target: 'node20',
    packages: 'external',
    format: 'esm',
    entryPoints: { dojang: path.join(REPO, 'main/cli/main.ts') },
    outdir: path.join(install, 'dist', 'cli'),
    outExtension: { '.js': '.mjs' },
    logLevel: 'error',
  });
}, 60_000);
afterAll(async () => {
  await rm(install, { recursive: true, force: true });
});
beforeEach(async () => {
  work = await tempDir();
  folder = await yessignFolder(path.join(work, 'NPKI'));
});
afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

function dojang(args: string[], stdin = '', bin = path.join(install, 'bin', 'dojang.js'), env: NodeJS.ProcessEnv = {}): Ran {
  const r = spawnSync(process.execPath, [bin, ...args], {
    input: stdin,
    encoding: 'utf8',
    cwd: work,
    env: { ...process.env, DOJANG_DATA_DIR: path.join(work, 'data'), ...env },
    timeout: 60_000,
    maxBuffer: 64 << 20,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('node bin/dojang.js', () => {
  it('--version and --help answer from the bundle (exit 0, every command listed)', () => {
    expect(dojang(['--version'])).toMatchObject({ code: 0, stdout: '0.1.0\n' });
    const help = dojang(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: dojang \[options\] \[command\]/);
    for (const c of ['scan', 'verify', 'trust']) expect(help.stdout).toMatch(new RegExp(`^  ${c} `, 'm'));
  });

  it('unlock: 0 with --password-stdin and a JSON answer; 1 for a wrong password', () => {
    const ok = dojang(['unlock', folder, '--password-stdin', '--json'], `${YESSIGN_PASSWORD}\n`);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ ok: true, hasRandomNum: true, iterations: 2048 });
    const bad = dojang(['unlock', folder, '--password-stdin', '--json'], 'wrong-pass-1!\n');
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout)).toMatchObject({ ok: false, error: { code: 'WRONG_PASSWORD' } });
    expect(bad.stdout + bad.stderr).not.toContain('wrong-pass-1!');
  });

  it("errors in the locale's language: Korean under LANG=ko_KR, English otherwise (one language per line)", () => {
    const ko = dojang(['unlock', folder, '--password-stdin'], 'wrong-pass-1!\n', undefined, { LC_ALL: '', LC_MESSAGES: '', LANG: 'ko_KR.UTF-8' });
    expect(ko.code).toBe(1);
    expect(ko.stderr).toContain('비밀번호가 맞지 않거나');
    expect(ko.stderr).not.toContain('wrong password');
    const en = dojang(['unlock', folder, '--password-stdin'], 'wrong-pass-1!\n', undefined, { LC_ALL: 'C.UTF-8' });
    expect(en.stderr).toContain('Wrong password, or a damaged key file');
    expect(en.stderr).not.toMatch(/[\uac00-\ud7a3]/);
  });

  it("cloud ra-issue: its errors in the locale's language too, before and after the network", () => {
    const args = ['cloud', 'ra-issue', '--name', 'Hong', '--birth', '19800101', '--url', 'http://127.0.0.1:9', '--idn-stdin'];
    const korean = { LC_ALL: '', LC_MESSAGES: '', LANG: 'ko_KR.UTF-8', DOJANG_RA_KEY: 'k' };
    const english = { LC_ALL: 'C.UTF-8', DOJANG_RA_KEY: 'k' };
    const badMobileKo = dojang([...args, '--mobile', '02-123-4567'], '8001011234567\n', undefined, korean);
    expect(badMobileKo.stderr).toBe('dojang: 휴대폰 번호가 아닙니다 (--mobile): 02-123-4567\n');
    const badMobileEn = dojang([...args, '--mobile', '02-123-4567'], '8001011234567\n', undefined, english);
    expect(badMobileEn.stderr).toBe('dojang: --mobile is not a Korean mobile number: 02-123-4567\n');
    // Port 9 (discard) has no cloud: CLOUD_UNREACHABLE, said in each language.
    const downKo = dojang([...args, '--mobile', '010-1234-5678'], '8001011234567\n', undefined, korean);
    expect(downKo.stderr).toMatch(/^dojang: 금융인증서 클라우드에 연결할 수 없습니다 \(http:\/\/127\.0\.0\.1:9, 연결되지 않음\)/);
    const downEn = dojang([...args, '--mobile', '010-1234-5678'], '8001011234567\n', undefined, english);
    expect(downEn.stderr).toMatch(/^dojang: The financial certificate cloud at http:\/\/127\.0\.0\.1:9 cannot be reached \(no connection\)/);
    expect(downEn.stderr).not.toMatch(/[\uac00-\ud7a3]/);
    expect(downEn.code).toBe(downKo.code);
  });

  it('dojang verify … into a pipe its reader already closed (| head): exits quietly, no EPIPE stack', async () => {
    const doc = path.join(work, 'doc.txt');
    await writeFile(doc, 'closed pipe');
    const sig = path.join(work, 'doc.p7s');
    expect(dojang(['sign', folder, doc, '--out', sig, '--password-stdin', '--allow-expired'], `${YESSIGN_PASSWORD}\n`).code).toBe(0);
    const open = dojang(['verify', sig]);
    expect(open.stdout.length).toBeGreaterThan(0); // it does write: the closed pipe below is written to
    const bin = path.join(install, 'bin', 'dojang.js');
    // `true` exits without reading before node has even started: every write meets a closed pipe.
    const r = spawnSync('bash', ['-c', 'set -o pipefail; "$0" "$1" verify "$2" | true', process.execPath, bin, sig], {
      encoding: 'utf8',
      cwd: work,
      env: { ...process.env, DOJANG_DATA_DIR: path.join(work, 'data') },
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('passwd with the old and new password on two stdin lines (CRLF too); unlock after keeps randomNum', () => {
    const r = dojang(['passwd', folder, '--new-password-stdin'], `${YESSIGN_PASSWORD}\r\n${NEW_PASSWORD}\r\n`);
    expect(r.code).toBe(0);
    expect(dojang(['unlock', folder, '--password-stdin'], `${YESSIGN_PASSWORD}\n`).code).toBe(1);
    const now = dojang(['unlock', folder, '--password-stdin', '--json'], NEW_PASSWORD); // no final newline
    expect(JSON.parse(now.stdout)).toMatchObject({ ok: true, hasRandomNum: true });
  });

  it('sign: openssl cms -verify accepts the attached signature', async () => {
    const doc = path.join(work, 'doc.txt');
    await writeFile(doc, '세금계산서 2024-001');
    const out = path.join(work, 'doc.p7s');
    const r = dojang(['sign', folder, doc, '--out', out, '--password-stdin', '--allow-expired'], `${YESSIGN_PASSWORD}\n`);
    expect(r.code).toBe(0);
    expect(openssl(['cms', '-verify', '-noverify', '-binary', '-inform', 'DER', '-in', out]).toString('utf8')).toBe('세금계산서 2024-001');
  });

  it('export-pfx: openssl pkcs12 -nodes opens it with the password from the second stdin line', () => {
    const out = path.join(work, 'b.pfx');
    const r = dojang(['export-pfx', folder, out, '--new-password-stdin', '--json'], `${YESSIGN_PASSWORD}\npfx-Pass-42\n`);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ path: out, hasRandomNum: true, format: 'modern', chain: 0 });
    expect(openssl(['pkcs12', '-in', out, '-nodes', '-passin', 'pass:pfx-Pass-42']).toString()).toContain('BEGIN PRIVATE KEY');
  });

  it('exit 2 for bad usage and no terminal to ask on; exit 3 for a missing file', () => {
    const usage = dojang(['sign', folder]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/--out/);
    const noTty = dojang(['unlock', folder]);
    expect(noTty.code).toBe(2);
    expect(noTty.stderr).toMatch(/--password-stdin/);
    const missing = dojang(['show', path.join(work, 'nothing')]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/No such path/);
    const missingJson = dojang(['show', path.join(work, 'nothing'), '--json']);
    expect(JSON.parse(missingJson.stdout)).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('drives --json parses', () => {
    const r = dojang(['drives', '--json']);
    expect(r.code).toBe(0);
    expect(Array.isArray(JSON.parse(r.stdout).drives)).toBe(true);
  });

  it('scan --json of 300 certificates arrives whole through a pipe', async () => {
    const root = path.join(work, 'office', 'NPKI');
    await Promise.all(Array.from({ length: 300 }, (_, i) => yessignFolder(root, `cn=client${String(i).padStart(3, '0')},o=yessign,c=kr`)));
    const r = dojang(['scan', root, '--json']);
    expect(r.code).toBe(0);
    expect(r.stdout.length).toBeGreaterThan(128 * 1024);
    expect(JSON.parse(r.stdout).certificates).toHaveLength(300);
    // A reader that leaves early (`| head`): a quiet end, no EPIPE stack.
    const piped = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${path.join(install, 'bin', 'dojang.js')}" scan "${root}" --json | head -c 100 > /dev/null`], {
      encoding: 'utf8',
      env: { ...process.env, DOJANG_DATA_DIR: path.join(work, 'data') },
    });
    expect(piped.stderr).toBe('');
    expect(piped.status).toBe(0);
  }, 60_000);

  it('a docs/cli.md-style loop: unlock every certificate with --password-stdin, collect with jq', async (ctx) => {
    needs(ctx, 'jq', spawnSync('jq', ['--version']).status !== 0 && 'jq is not installed (the documented example pipes into jq)');
    const root = path.join(work, 'office', 'NPKI');
    await yessignFolder(root, 'cn=a,o=yessign,c=kr');
    await yessignFolder(root, 'cn=b,o=yessign,c=kr');
    await writeFile(path.join(work, 'pw.txt'), `${YESSIGN_PASSWORD}\n`);
    const script = `
      node "$DOJANG" scan "$ROOT" --json | jq -r '.certificates[].path' |
      while IFS= read -r cert; do
        node "$DOJANG" unlock "$cert" --password-stdin --json < pw.txt | jq -c --arg p "$cert" '{path: $p, ok, hasRandomNum}'
      done`;
    const r = spawnSync('bash', ['-c', script], {
      cwd: work,
      encoding: 'utf8',
      env: { ...process.env, DOJANG: path.join(install, 'bin', 'dojang.js'), ROOT: root, DOJANG_DATA_DIR: path.join(work, 'data') },
      timeout: 60_000,
    });
    expect(r.status).toBe(0);
    const rows = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows).toHaveLength(2);
    expect(rows.every((x) => x.ok === true && x.hasRandomNum === true)).toBe(true);
  }, 60_000);

  it('without a built bundle, bin/dojang.js runs the sources through tsx', async () => {
    const dev = await tempDir('dojang-cli-dev-');
    try {
      await mkdir(path.join(dev, 'bin'));
      await cp(path.join(REPO, 'bin', 'dojang.js'), path.join(dev, 'bin', 'dojang.js'));
      for (const d of ['main', 'preload', 'node_modules']) await symlink(path.join(REPO, d), path.join(dev, d), 'dir');
      const r = spawnSync(process.execPath, [path.join(dev, 'bin', 'dojang.js'), 'show', folder, '--json'], {
        cwd: REPO, // where `--import tsx` resolves
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(r.status).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ holder: 'HKD', serial: '459c75' });
      const bad = spawnSync(process.execPath, [path.join(dev, 'bin', 'dojang.js'), 'unlock', folder, '--password-stdin'], {
        cwd: REPO,
        input: 'wrong-pass-1!\n',
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(bad.status).toBe(1);
    } finally {
      await rm(dev, { recursive: true, force: true });
    }
  }, 60_000);

  it('a relative PATH is taken from the working directory', () => {
    const r = dojang(['show', path.join('NPKI', 'yessign', 'USER', YESSIGN_DN), '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).holder).toBe('HKD');
  });
});
