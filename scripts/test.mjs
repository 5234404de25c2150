// `npm test`: every check, in order, stopping at the first failure: format, lint, type-check, unit tests,
// build, Electron security scan, end-to-end journeys. Ends with the ten slowest tests and one line
// "N passed, N failed, N skipped" (a skipped test is never counted as passed).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const reports = path.join(root, 'reports');
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

const steps = [
  ['format', 'npx', ['prettier', '--check', '.']],
  ['lint', 'npx', ['eslint', '.', '--max-warnings=0']],
  ['typecheck', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']],
  ['unit', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile.json=reports/unit.json']],
  ['build', process.execPath, ['scripts/build.mjs']],
  ['electronegativity', process.execPath, ['scripts/electronegativity.mjs']],
  ['e2e', 'npx', ['playwright', 'test']],
];

const readReport = (name) => {
  const file = path.join(reports, name);
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
};

/** Vitest's JSON report: a failed file (one that could not even load) counts as a failure too. */
function unitCounts(r) {
  const failedFiles = r.testResults.filter((f) => f.status === 'failed' && f.assertionResults.every((a) => a.status !== 'failed')).length;
  return { passed: r.numPassedTests, failed: r.numFailedTests + failedFiles, skipped: r.numPendingTests + r.numTodoTests };
}

/** Playwright's JSON report: flaky = passed on a retry (retries are 0, so it stays 0). */
function e2eCounts(r) {
  return { passed: r.stats.expected + r.stats.flaky, failed: r.stats.unexpected, skipped: r.stats.skipped };
}

/** [milliseconds, name] of every test that ran, from both reports. */
function durations(unit, e2e) {
  const all = [];
  for (const file of unit?.testResults ?? []) {
    for (const a of file.assertionResults) {
      if (typeof a.duration === 'number') all.push([a.duration, `${path.relative(root, file.name)} › ${a.fullName}`]);
    }
  }
  const walk = (suite, file) => {
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests) for (const r of t.results) all.push([r.duration, `${file ?? suite.file} › ${spec.title}`]);
    }
    for (const child of suite.suites ?? []) walk(child, file ?? suite.file);
  };
  for (const suite of e2e?.suites ?? []) walk(suite, suite.file);
  return all.sort((x, y) => y[0] - x[0]);
}

const only = process.argv.slice(2);
let status = 0;
for (const [name, command, args] of steps) {
  if (only.length > 0 && !only.includes(name)) continue;
  console.log(`\n=== ${name}`);
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: root, shell: process.platform === 'win32' });
  console.log(`=== ${name}: ${result.status === 0 ? 'ok' : 'FAILED'} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  if (result.status !== 0) {
    status = result.status ?? 1;
    break;
  }
}

const unit = readReport('unit.json');
const e2e = readReport('e2e.json');
const totals = { passed: 0, failed: 0, skipped: 0 };
for (const c of [unit && unitCounts(unit), e2e && e2eCounts(e2e)]) {
  if (c) for (const k of Object.keys(totals)) totals[k] += c[k];
}
const slowest = durations(unit, e2e).slice(0, 10);
if (slowest.length > 0) {
  console.log('\nslowest tests:');
  for (const [ms, name] of slowest) console.log(`${(ms / 1000).toFixed(1).padStart(7)} s  ${name}`);
}
console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(status !== 0 ? status : totals.failed > 0 ? 1 : 0);
