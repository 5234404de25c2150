// The esbuild bundles of the main-process entries, shared by scripts/build.mjs and the bundle test
// (main/electron/bundle.test.ts reads their metafiles: no cloud/ code, no test hooks, in the product).
import path from 'node:path';

const node = { bundle: true, platform: 'node', target: 'node20', packages: 'external', sourcemap: 'linked', logLevel: 'warning', metafile: true };
const esm = { ...node, format: 'esm', outExtension: { '.js': '.mjs' } };
/**
 * The two app hosts carry their npm packages inside the bundle: a start reads and compiles one file
 * instead of resolving and loading ~200 (zod alone is ~100 ES modules), ~70 ms less CPU per start
 * (docs/decisions.md, "Performance: launch"). Left outside: native addons, the packages loaded on
 * first use by a dynamic import (undici, PGlite), Electron's own and electron-updater (it reads its
 * files next to itself). Bundled CommonJS packages call require() for Node's modules: the banner
 * gives the ES module a real one.
 */
const appHost = {
  ...esm,
  packages: undefined,
  external: ['electron', 'electron-updater', '@napi-rs/keyring', '@electric-sql/pglite', 'undici'],
  banner: { js: "import { createRequire as __dojangCreateRequire } from 'node:module'; const require = __dojangCreateRequire(import.meta.url);" },
};
const worker = { ...node, packages: undefined, entryPoints: { 'crypto-worker': 'main/npki/crypto-worker.ts' }, format: 'cjs', outExtension: { '.js': '.cjs' } };

/** name → esbuild options; `product` bundles ship in the installer (electron-builder.yml excludes dist/test). */
export function mainBundles(root) {
  const dist = path.join(root, 'dist');
  return {
    electron: { product: true, options: { ...appHost, entryPoints: { electron: 'main/electron/main.ts' }, outdir: path.join(dist, 'main') } },
    host: { product: true, options: { ...appHost, entryPoints: { host: 'main/host/main.ts' }, outdir: path.join(dist, 'main') } },
    // The web signing agent's native messaging host, started by the browser (main/agent/install.ts).
    'native-host': { product: true, options: { ...esm, entryPoints: { 'native-host': 'main/agent/native-host-main.ts' }, outdir: path.join(dist, 'main') } },
    // Split: each command's modules load only when that command runs (fast `--version` / `--help`).
    // The crypto worker thread of both hosts (main/npki/off-thread.ts finds it next to their bundles):
    // self-contained CommonJS, so it also runs as an eval'd worker from inside Electron's asar archive.
    'crypto-worker': { product: true, options: { ...worker, outdir: path.join(dist, 'main') } },
    cli: { product: true, options: { ...esm, entryPoints: { dojang: 'main/cli/main.ts' }, outdir: path.join(dist, 'cli'), splitting: true, chunkNames: 'chunks/[name]-[hash]' } },
    // The e2e journeys' entries: the product's hosts plus test services (main/app/test-hooks.ts).
    'test-electron': { product: false, options: { ...appHost, entryPoints: { electron: 'main/electron/test-main.ts' }, outdir: path.join(dist, 'test') } },
    'test-host': { product: false, options: { ...appHost, entryPoints: { host: 'main/host/test-main.ts' }, outdir: path.join(dist, 'test') } },
    'test-crypto-worker': { product: false, options: { ...worker, outdir: path.join(dist, 'test') } },
  };
}
