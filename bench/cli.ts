/**
 * CLI start benchmark: `dojang --version` and `dojang --help` as whole processes (the built CLI, as
 * `bin/dojang.js` runs it) against `node -e 0` in the same run, interleaved so load hits both alike.
 * Goal (issue 16): within 1.5× of `node -e 0`.
 * Run: npx tsx bench/cli.ts (builds first when dist/cli is missing)
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const RUNS = 31;
const GOAL = 1.5;

if (!existsSync(path.join(root, 'dist/cli/dojang.mjs'))) spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });

const cases: Record<string, string[]> = {
  'node -e 0': ['-e', '0'],
  'dojang --version': [path.join(root, 'bin/dojang.js'), '--version'],
  'dojang --help': [path.join(root, 'bin/dojang.js'), '--help'],
};

function timeOnce(args: string[]): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}`);
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

const times: Record<string, number[]> = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
for (const args of Object.values(cases)) timeOnce(args); // warm the file cache
for (let i = 0; i < RUNS; i++) for (const [name, args] of Object.entries(cases)) times[name]!.push(timeOnce(args));

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const peer = median(times['node -e 0']!);
console.log(`CLI start, whole process, median of ${RUNS} interleaved runs (node ${process.version})`);
let met = true;
for (const name of Object.keys(cases)) {
  const ms = median(times[name]!);
  const ratio = ms / peer;
  if (name !== 'node -e 0') met &&= ratio <= GOAL;
  console.log(`${name.padEnd(18)} ${ms.toFixed(1).padStart(6)} ms   ratio ${ratio.toFixed(2)}x`);
}
console.log(`goal (≤ ${GOAL}x of node -e 0): ${met ? 'met' : 'NOT met'}`);
