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
// Scan a copy of what ships: the bundles and the app's package.json (for the Electron version).
const stage = mkdtempSync(path.join(os.tmpdir(), 'dojang-eng-'));
try {
  for (const part of ['main/electron.mjs', 'preload/electron.cjs', 'renderer']) cpSync(path.join(root, 'dist', part), path.join(stage, part), { recursive: true });
  writeFileSync(path.join(stage, 'package.json'), JSON.stringify({ name: 'dojang', main: 'main/electron.mjs', devDependencies: { electron: electronVersion } }));
  const result = await run({ input: stage, electronVersionOverride: electronVersion, isRelative: true, customScan: [], excludeFromScan: [] });
  const bySeverity = (name) => result.issues.filter((i) => i.severity.name === name);
  for (const issue of result.issues) {
    console.log(`${issue.severity.name.padEnd(13)} ${issue.confidence.name.padEnd(10)} ${issue.id}  ${issue.file}:${issue.location.line}`);
  }
  for (const error of result.errors.filter((e) => !e.tolerable)) console.log(`parse error (not scanned): ${error.file}: ${error.message}`);
  const high = bySeverity('HIGH');
  console.log(`electronegativity: ${result.issues.length} findings (${high.length} HIGH, ${bySeverity('MEDIUM').length} MEDIUM) from ${result.atomicChecks + result.globalChecks} checks`);
  process.exit(high.length > 0 ? 1 : 0);
} finally {
  rmSync(stage, { recursive: true, force: true });
}
