#!/usr/bin/env node
// The `dojang` command: runs the built CLI (npm run build), or the TypeScript sources through tsx
// in a development checkout that has not been built yet.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const built = path.join(root, 'dist/cli/dojang.mjs');
if (existsSync(built)) {
  const { runCli } = await import(built);
  // Not process.exit(): on a pipe (macOS, Windows) that can cut a long --json answer short.
  process.exitCode = await runCli(process.argv.slice(2));
} else {
  const { spawnSync } = await import('node:child_process');
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'main/cli/main.ts'), ...process.argv.slice(2)], { stdio: 'inherit', cwd: process.cwd() });
  process.exitCode = result.status ?? 1;
}
