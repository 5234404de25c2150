/**
 * No development code in the product: the bundles the installer ships (scripts/bundles.mjs) are
 * built here with esbuild and their metafiles read: no cloud/ source, no test hooks, and no
 * package the app does not use (fastify, pg). PGlite is the verifier's registration store.
 */
import { build } from 'esbuild';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs module without types
import { mainBundles } from '../../scripts/bundles.mjs';

const root = path.resolve(import.meta.dirname, '../..');
type Bundle = { product: boolean; options: Record<string, unknown> };
const bundles = Object.entries(mainBundles(root) as Record<string, Bundle>);

async function inputsAndImports(options: Record<string, unknown>): Promise<{ inputs: string[]; external: string[] }> {
  const out = mkdtempSync(path.join(os.tmpdir(), 'dojang-bundle-'));
  const { metafile } = await build({ ...options, absWorkingDir: root, outdir: out, write: false, sourcemap: false, logLevel: 'silent' });
  const external = Object.values(metafile!.outputs).flatMap((o) => o.imports.filter((i) => i.external).map((i) => i.path));
  return { inputs: Object.keys(metafile!.inputs), external: [...new Set(external)] };
}

describe('the product bundles', () => {
  for (const [name, bundle] of bundles.filter(([, b]) => b.product)) {
    it(`${name}: no cloud/ code, no test hooks, no fastify or pg`, async () => {
      const { inputs, external } = await inputsAndImports(bundle.options);
      expect(inputs.length).toBeGreaterThan(3);
      expect(inputs.filter((i) => i.startsWith('cloud/'))).toEqual([]);
      expect(inputs.filter((i) => /test-hooks|\.test-util|\.test\./.test(i))).toEqual([]);
      expect(external.filter((p) => /^(fastify|@fastify\/|pg$|pg\/|pg-)/.test(p))).toEqual([]);
      // The app hosts bundle their npm packages (scripts/bundles.mjs): those must not be there either.
      expect(inputs.filter((i) => /node_modules\/(fastify|@fastify\/|pg\/|pg-)/.test(i))).toEqual([]);
    });
  }

  it('the test entries are the product plus the test hooks (so the check above can fail)', async () => {
    const [, testHost] = bundles.find(([name]) => name === 'test-host')!;
    const { inputs } = await inputsAndImports(testHost.options);
    expect(inputs).toContain('main/app/test-hooks.ts');
    expect(inputs).toContain('main/host/start.ts');
  });
});
