// The esbuild bundles of the main-process entries, shared by scripts/build.mjs and the bundle test
// (main/electron/bundle.test.ts reads their metafiles: no cloud/ code, no test hooks, in the product).
import path from 'node:path';

const node = { bundle: true, platform: 'node', target: 'node20', packages: 'external', sourcemap: 'linked', logLevel: 'warning', metafile: true };
const esm = { ...node, format: 'esm', outExtension: { '.js': '.mjs' } };

/** name → esbuild options; `product` bundles ship in the installer (electron-builder.yml excludes dist/test). */
export function mainBundles(root) {
  const dist = path.join(root, 'dist');
  return {
    electron: { product: true, options: { ...esm, entryPoints: { electron: 'main/electron/main.ts' }, outdir: path.join(dist, 'main'), external: ['electron'] } },
    host: { product: true, options: { ...esm, entryPoints: { host: 'main/host/main.ts' }, outdir: path.join(dist, 'main') } },
    // Split: each command's modules load only when that command runs (fast `--version` / `--help`).
    cli: { product: true, options: { ...esm, entryPoints: { dojang: 'main/cli/main.ts' }, outdir: path.join(dist, 'cli'), splitting: true, chunkNames: 'chunks/[name]-[hash]' } },
    // The e2e journeys' entries: the product's hosts plus test services (main/app/test-hooks.ts).
    'test-electron': { product: false, options: { ...esm, entryPoints: { electron: 'main/electron/test-main.ts' }, outdir: path.join(dist, 'test'), external: ['electron'] } },
    'test-host': { product: false, options: { ...esm, entryPoints: { host: 'main/host/test-main.ts' }, outdir: path.join(dist, 'test') } },
  };
}
