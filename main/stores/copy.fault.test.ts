/**
 * Kill-at-a-random-point test: a child process copies or moves a certificate folder and is SIGKILLed at a
 * random moment inside the operation, many times. Afterwards the source is intact (or, for a move, safely in
 * the recovery area with the target complete), and the target holds the whole verified folder or nothing
 * visible; cleanupTemp removes the leftovers. DOJANG_FAULT_RUNS sets the number of runs (default 200).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir, writeCertFolder, YESSIGN_DN, yessignFiles } from './cert-factory.test-util.js';
import { cleanupTemp } from './copy.js';
import { RecoveryArea } from './recovery.js';
import { sha256 } from './tree.js';

const RUNS = Number(process.env['DOJANG_FAULT_RUNS'] ?? 200);
const PER_FILE_DELAY_MS = 4;
let base: string;
let child: string;

beforeAll(async () => {
  base = await tempDir('dojang-fault-');
  // A bundled child starts in ~70 ms; `npx tsx` takes ~650 ms, which would make 200 runs too slow.
  child = path.join(base, 'copy-child.mjs');
  await build({
    entryPoints: [fileURLToPath(new URL('./copy-cli.test-util.ts', import.meta.url))],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: child,
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    logLevel: 'error',
  });
});
afterAll(async () => {
  await fs.rm(base, { recursive: true, force: true });
});

async function digest(dir: string): Promise<string | null> {
  try {
    const names = (await fs.readdir(dir)).sort();
    const parts = await Promise.all(names.map(async (f) => `${f}:${sha256(await fs.readFile(path.join(dir, f)))}`));
    return parts.join('|');
  } catch {
    return null;
  }
}

/** Runs the child; kills it `killAfterMs` after it says it started the operation (or lets it finish when null). */
function runChild(args: string[], killAfterMs: number | null): Promise<{ killed: boolean; ms: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const p = spawn(process.execPath, [child, ...args], {
      env: { ...process.env, DOJANG_TEST_COPY_DELAY_MS: String(PER_FILE_DELAY_MS), DOJANG_TEST_SIGNAL_READY: '1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let readyAt = 0;
    p.stderr.on('data', (d: Buffer) => {
      if (!readyAt && d.toString().includes('R')) {
        readyAt = performance.now();
        if (killAfterMs !== null) setTimeout(() => p.kill('SIGKILL'), killAfterMs);
      }
    });
    p.on('error', reject);
    p.on('exit', (_code, signal) => resolve({ killed: signal === 'SIGKILL', ms: performance.now() - (readyAt || t0) }));
  });
}

describe('copy and move survive SIGKILL at any point', () => {
  it(`${RUNS} runs: source intact, target whole or nothing, leftovers cleaned`, async () => {
    const files = await yessignFiles();
    // Calibrate: how long does the operation take after the ready mark? (median of a few whole runs)
    const times: number[] = [];
    for (let c = 0; c < 5; c++) {
      const cal = path.join(base, `cal${c}`);
      const calSrc = await writeCertFolder(path.join(cal, 'src', 'NPKI'), 'yessign', YESSIGN_DN, files);
      await fs.mkdir(path.join(cal, 'dst'), { recursive: true });
      times.push((await runChild([c % 2 ? 'copy' : 'move', calSrc, path.join(cal, 'dst', 'NPKI'), path.join(cal, 'data')], null)).ms);
    }
    const opMs = times.sort((a, b) => a - b)[2]!;
    const windowMs = Math.max(5, opMs);

    const outcomes = { targetNothing: 0, targetComplete: 0, tempLeft: 0, sourceInRecovery: 0, notKilled: 0 };
    const t0 = performance.now();
    for (let i = 0; i < RUNS; i++) {
      const op = i % 2 === 0 ? 'copy' : 'move';
      const dir = path.join(base, `r${i}`);
      const src = await writeCertFolder(path.join(dir, 'src', 'NPKI'), 'yessign', YESSIGN_DN, files);
      const want = await digest(src);
      const dstRoot = path.join(dir, 'dst', 'NPKI');
      await fs.mkdir(path.dirname(dstRoot), { recursive: true });
      const dataDir = path.join(dir, 'data');
      const { killed } = await runChild([op, src, dstRoot, dataDir], Math.random() * windowMs);
      if (!killed) outcomes.notKilled++;

      const user = path.join(dstRoot, 'yessign', 'USER');
      const before = await fs.readdir(user).catch(() => [] as string[]);
      const visible = before.filter((n) => !n.startsWith('.'));
      if (before.some((n) => n.startsWith('.dojang-tmp-'))) outcomes.tempLeft++;
      // Nothing but the one whole folder is ever visible at the target.
      expect(visible.length <= 1).toBe(true);
      const target = visible.length ? await digest(path.join(user, visible[0]!)) : null;
      if (target !== null) expect(target).toBe(want);

      await cleanupTemp(dstRoot);
      const area = new RecoveryArea(dataDir);
      await area.cleanup();
      expect((await fs.readdir(user).catch(() => [] as string[])).filter((n) => n.startsWith('.'))).toEqual([]);

      const source = await digest(src);
      if (source === null) {
        // only a move may take the source away, and only after the target is complete; it sits in recovery
        expect(op).toBe('move');
        expect(target).toBe(want);
        const items = await area.list();
        expect(items.map((x) => x.originalPath)).toEqual([src]);
        expect(await digest(path.join(area.dir, items[0]!.id, 'item'))).toBe(want);
        outcomes.sourceInRecovery++;
      } else {
        expect(source).toBe(want);
      }
      if (target === null) outcomes.targetNothing++;
      else outcomes.targetComplete++;
      await fs.rm(dir, { recursive: true, force: true });
    }
    const totalS = (performance.now() - t0) / 1000;
    console.log(`fault test: ${RUNS} runs in ${totalS.toFixed(1)} s (operation ≈ ${opMs.toFixed(0)} ms, kill window ${windowMs.toFixed(0)} ms):`, JSON.stringify(outcomes));
    // The kills must actually land inside the operation, not only before or after it.
    expect(outcomes.tempLeft).toBeGreaterThan(RUNS / 20);
    expect(outcomes.targetNothing).toBeGreaterThan(0);
    expect(outcomes.targetComplete).toBeGreaterThan(0);
  }, 120_000);
});
