import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLaunchGate, LAUNCH_CODE_LIFETIME_MS } from './launch.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dojang-launch-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function codeIn(pageUrl: string): string {
  return /name="code" value="([^"]+)"/.exec(readFileSync(fileURLToPath(pageUrl), 'utf8'))![1]!;
}

describe('the one-time launch code', () => {
  it('is written 0600 in a 0700 folder, and posted to our origin only', () => {
    const gate = createLaunchGate(path.join(tempDir(), 'launch'), 'http://127.0.0.1:5555');
    const file = fileURLToPath(gate.pageUrl);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    expect(readFileSync(file, 'utf8')).toContain('action="http://127.0.0.1:5555/launch"');
    gate.close();
  });

  it('works once, for a new session value', () => {
    const gate = createLaunchGate(path.join(tempDir(), 'launch'), 'http://127.0.0.1:5555');
    const code = codeIn(gate.pageUrl);
    expect(gate.session()).toBeNull();
    const session = gate.exchange(code);
    expect(session).toMatch(/^[\w-]{43}$/);
    expect(session).not.toBe(code);
    expect(gate.session()).toBe(session);
    expect(gate.exchange(code)).toBeNull();
    expect(gate.session()).toBe(session);
  });

  it('expires after its lifetime', () => {
    let now = 1_000_000;
    const gate = createLaunchGate(path.join(tempDir(), 'launch'), 'http://127.0.0.1:5555', () => now);
    const code = codeIn(gate.pageUrl);
    now += LAUNCH_CODE_LIFETIME_MS + 1;
    expect(gate.exchange(code)).toBeNull();
    expect(gate.exchange(null)).toBeNull();
    gate.close();
  });

  it('refuses a launch folder that is a link (someone else could read through it)', () => {
    const dir = tempDir();
    symlinkSync(os.tmpdir(), path.join(dir, 'launch'));
    expect(() => createLaunchGate(path.join(dir, 'launch'), 'http://127.0.0.1:5555')).toThrow(/not a private folder/);
  });
});
