// Builds everything into dist/: the main-process entries (Electron host, browser host, their crypto
// worker, CLI, cloud service), the two preloads (Electron's sandboxed one, the browser host's client) and the renderer.
import { build } from 'esbuild';
import { build as viteBuild } from 'vite';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const dist = path.join(root, 'dist');
const node = { bundle: true, platform: 'node', target: 'node20', packages: 'external', sourcemap: 'linked', logLevel: 'warning' };

await viteBuild({ configFile: path.join(root, 'renderer/vite.config.ts'), logLevel: 'warn' });
await Promise.all([
  build({ ...node, entryPoints: { electron: 'main/electron/main.ts' }, outdir: path.join(dist, 'main'), format: 'esm', outExtension: { '.js': '.mjs' }, external: ['electron'] }),
  build({ ...node, entryPoints: { host: 'main/host/main.ts' }, outdir: path.join(dist, 'main'), format: 'esm', outExtension: { '.js': '.mjs' } }),
  // The crypto worker thread of both hosts (main/npki/off-thread.ts finds it next to their bundles):
  // self-contained CommonJS, so it also runs as an eval'd worker from inside Electron's asar archive.
  build({ ...node, packages: undefined, entryPoints: { 'crypto-worker': 'main/npki/crypto-worker.ts' }, outdir: path.join(dist, 'main'), format: 'cjs', outExtension: { '.js': '.cjs' } }),
  // Split: each command's modules load only when that command runs (fast `--version` / `--help`).
  build({ ...node, entryPoints: { dojang: 'main/cli/main.ts' }, outdir: path.join(dist, 'cli'), format: 'esm', splitting: true, chunkNames: 'chunks/[name]-[hash]', outExtension: { '.js': '.mjs' } }),
  // Sandboxed preloads can only require('electron'): everything else is bundled in.
  build({ bundle: true, platform: 'node', target: 'chrome130', format: 'cjs', entryPoints: { electron: 'preload/electron.ts' }, outdir: path.join(dist, 'preload'), outExtension: { '.js': '.cjs' }, external: ['electron'], logLevel: 'warning' }),
  build({ bundle: true, platform: 'browser', target: 'chrome120', format: 'iife', entryPoints: { browser: 'preload/browser.ts' }, outdir: path.join(dist, 'preload'), logLevel: 'warning' }),
]);
console.log('built dist/ (renderer, main, preload, cli)');
