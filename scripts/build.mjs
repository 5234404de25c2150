// Builds everything into dist/: the main-process entries (Electron host, browser host, CLI; their
// test entries in dist/test), the two preloads (Electron's sandboxed one, the browser host's client)
// and the renderer. Each main bundle's esbuild metafile goes to dist/meta/<name>.json.
import { build } from 'esbuild';
import { build as viteBuild } from 'vite';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { mainBundles } from './bundles.mjs';

const root = path.resolve(import.meta.dirname, '..');
const dist = path.join(root, 'dist');

await viteBuild({ configFile: path.join(root, 'renderer/vite.config.ts'), logLevel: 'warn' });
mkdirSync(path.join(dist, 'meta'), { recursive: true });
await Promise.all([
  ...Object.entries(mainBundles(root)).map(async ([name, { options }]) => {
    const { metafile } = await build(options);
    writeFileSync(path.join(dist, 'meta', `${name}.json`), JSON.stringify(metafile));
  }),
  // Sandboxed preloads can only require('electron'): everything else is bundled in.
  build({
    bundle: true,
    platform: 'node',
    target: 'chrome130',
    format: 'cjs',
    entryPoints: { electron: 'preload/electron.ts' },
    outdir: path.join(dist, 'preload'),
    outExtension: { '.js': '.cjs' },
    external: ['electron'],
    logLevel: 'warning',
  }),
  build({
    bundle: true,
    platform: 'browser',
    target: 'chrome120',
    format: 'iife',
    entryPoints: { browser: 'preload/browser.ts' },
    outdir: path.join(dist, 'preload'),
    logLevel: 'warning',
  }),
  // The web signing agent's page side: the unpacked extension (load dist/web/extension) and the
  // dojang-web SDK as one ES module (the npm package itself is built by web/sdk's own tsc).
  ...[
    { entryPoints: { content: 'web/extension/src/content.ts' }, format: 'iife' },
    { entryPoints: { 'service-worker': 'web/extension/src/service-worker.ts' }, format: 'iife' },
  ].map((o) => build({ ...o, bundle: true, platform: 'browser', target: 'chrome116', outdir: path.join(dist, 'web', 'extension'), logLevel: 'warning' })),
  build({
    bundle: true,
    platform: 'browser',
    target: 'es2020',
    format: 'esm',
    entryPoints: { 'dojang-web': 'web/sdk/src/index.ts' },
    outdir: path.join(dist, 'web', 'sdk'),
    logLevel: 'warning',
  }),
]);
copyFileSync(path.join(root, 'web/extension/manifest.json'), path.join(dist, 'web', 'extension', 'manifest.json'));
console.log('built dist/ (renderer, main, preload, cli, web)');
