// `npm run bench`: runs every benchmark (bench/*.ts), each measuring a native peer in the same run,
// and writes their reports to docs/benchmarks.md. `npm run bench -- seed cms` runs only those and
// replaces only their sections of docs/benchmarks.md.
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

const sections = [];
let failed = 0;
for (const name of benches) {
  console.log(`\n=== bench/${name}`);
  const started = Date.now();
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'bench', `${name}.ts`)], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  if (result.status !== 0) failed++;
  sections.push(`## bench/${name}.ts\n\n${result.status === 0 ? '' : `**failed (exit ${result.status})**\n\n`}\`\`\`\n${result.stdout.trim()}\n\`\`\`\n\n(${seconds} s)\n`);
}

const docs = path.join(root, 'docs/benchmarks.md');
if (only.length > 0 && existsSync(docs)) {
  // Replace the sections of the benches that ran; keep the others (and the header) as they were.
  let text = readFileSync(docs, 'utf8');
  for (const section of sections) {
    const heading = section.slice(0, section.indexOf('\n'));
    const at = text.indexOf(heading + '\n');
    if (at < 0) {
      text = text.trimEnd() + '\n\n' + section;
      continue;
    }
    const next = text.indexOf('\n## bench/', at + heading.length);
    text = text.slice(0, at) + section + (next < 0 ? '' : text.slice(next));
  }
  writeFileSync(docs, text);
  console.log(`\nupdated ${only.join(', ')} in docs/benchmarks.md`);
}
if (only.length === 0) {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const header = `# Benchmarks\n\nWritten by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: ${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}.\nEach benchmark measures a native peer in the same run and reports the ratio; absolute times vary by machine, ratios much less.\n\n`;
  writeFileSync(docs, header + sections.join('\n'));
  console.log('\nwrote docs/benchmarks.md');
}
process.exit(failed > 0 ? 1 : 0);
