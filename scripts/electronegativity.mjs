// Runs Doyensec's Electronegativity on the built Electron code (main, preload, renderer) and fails
// on any HIGH finding. MEDIUM and lower findings are printed; each is fixed or explained in
// docs/decisions.md ("Electronegativity findings").
import { createRequire } from 'node:module';
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
const run = require('@doyensec/electronegativity/dist/runner.js');
const electronVersion = require('electron/package.json').version;

if (!existsSync(path.join(root, 'dist/main/electron.mjs'))) {
  console.error('electronegativity: dist/ is missing — run the build first');
  process.exit(2);
}
// Scan the Electron host's sources, the preload and the built renderer. (Sources, not bundles: the
// inline `eng-disable` notes that justify a finding live in source comments, which bundling drops.)
const stage = mkdtempSync(path.join(os.tmpdir(), 'dojang-eng-'));
try {
  for (const [from, to] of [
    ['main/electron', 'main/electron'],
    ['preload/electron.ts', 'preload/electron.ts'],
    ['dist/renderer', 'renderer'],
  ]) {
    cpSync(path.join(root, from), path.join(stage, to), { recursive: true, filter: (f) => !f.endsWith('.test.ts') });
  }
  writeFileSync(path.join(stage, 'package.json'), JSON.stringify({ name: 'dojang', main: 'main/electron/main.ts', devDependencies: { electron: electronVersion } }));
  const result = await run({ input: stage, electronVersionOverride: electronVersion, isRelative: true, customScan: [], excludeFromScan: [] });
  const bySeverity = (name) => result.issues.filter((i) => i.severity.name === name);
  for (const issue of result.issues) {
    console.log(`${issue.severity.name.padEnd(13)} ${issue.confidence.name.padEnd(10)} ${issue.id}  ${issue.file}:${issue.location.line}`);
  }
  for (const error of result.errors.filter((e) => !e.tolerable)) console.log(`parse error (not scanned): ${error.file}: ${error.message}`);
  const high = bySeverity('HIGH');
  console.log(
    `electronegativity: ${result.issues.length} findings (${high.length} HIGH, ${bySeverity('MEDIUM').length} MEDIUM) from ${result.atomicChecks + result.globalChecks} checks`,
  );
  process.exit(high.length > 0 ? 1 : 0);
} finally {
  rmSync(stage, { recursive: true, force: true });
}
