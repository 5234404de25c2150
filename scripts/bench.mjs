// `npm run bench`: runs every benchmark (bench/*.ts), each measuring a native peer in the same run,
// and writes their reports to docs/benchmarks.md. `npm run bench -- seed cms` runs only those and
// replaces only their sections there.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const only = process.argv.slice(2);
const benches = readdirSync(path.join(root, 'bench'))
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.startsWith('_'))
  .map((f) => f.slice(0, -3))
  .filter((name) => only.length === 0 || only.includes(name))
  .sort();

const sections = {};
let failed = 0;
for (const name of benches) {
  console.log(`\n=== bench/${name}`);
  const started = Date.now();
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'bench', `${name}.ts`)], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  if (result.status !== 0) failed++;
  sections[name] = `## bench/${name}.ts\n\n${result.status === 0 ? '' : `**failed (exit ${result.status})**\n\n`}\`\`\`\n${result.stdout.trim()}\n\`\`\`\n\n(${seconds} s)\n`;
}

const doc = path.join(root, 'docs/benchmarks.md');
// The benchmarks' quick-run and profiling knobs (see each file's header): a run with one set measures something
// else than the documented run (fewer rows, a profiler attached), so it does not replace the docs.
const KNOBS = ['CLOUD_CLIENTS', 'CLOUD_DB', 'CLOUD_AUTH', 'CLOUD_PROF', 'CLOUD_PERF', 'CLOUD_NODE_FLAGS', 'CLOUD_THREADS', 'COUNT'];
const knobs = KNOBS.filter((k) => process.env[k] !== undefined);
if (knobs.length) {
  console.log(`\ndocs/benchmarks.md left as it was: a run with ${knobs.join(', ')} set is not the documented run`);
} else if (only.length === 0) {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const header = `# Benchmarks\n\nWritten by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: ${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}.\nEach benchmark measures a native peer in the same run and reports the ratio; absolute times vary by machine, ratios much less.\n\n`;
  writeFileSync(doc, header + Object.values(sections).join('\n'));
  console.log('\nwrote docs/benchmarks.md');
} else if (existsSync(doc)) {
  // Only the benchmarks run now: their sections replaced (or added, in name order), the others kept.
  const parts = readFileSync(doc, 'utf8').split(/^(?=## bench\/)/m);
  const kept = new Map(parts.slice(1).map((part) => [/^## bench\/(.+)\.ts/.exec(part)[1], part.trimEnd() + '\n']));
  for (const [name, text] of Object.entries(sections))
    kept.set(name, `${text.trimEnd()}\n\n(run on ${new Date().toISOString().slice(0, 10)}, alone: \`npm run bench -- ${only.join(' ')}\`)\n`);
  const names = [...kept.keys()].sort();
  writeFileSync(doc, parts[0] + names.map((n) => kept.get(n)).join('\n'));
  console.log(`\nreplaced ${Object.keys(sections).join(', ')} in docs/benchmarks.md`);
}
process.exit(failed > 0 ? 1 : 0);
