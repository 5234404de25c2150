/**
 * The published dojang-web package: it builds on its own (its tsconfig, no repository imports, no
 * dependencies), and its options type is what the protocol's strict schema accepts.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type { signParamsSchema } from '../../main/agent/protocol.js';
import type { SignOptions } from './src/index.js';

const here = import.meta.dirname;
const root = path.resolve(here, '../..');

describe('the dojang-web package', () => {
  it('builds alone into ESM + declarations that import nothing outside the package', () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'dojang-web-'));
    try {
      execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', path.join(here, 'tsconfig.json'), '--outDir', out]);
      expect(readdirSync(out).sort()).toEqual(['index.d.ts', 'index.js', 'wire.d.ts', 'wire.js']);
      for (const file of ['index.js', 'wire.js', 'index.d.ts']) {
        const imports = [...readFileSync(path.join(out, file), 'utf8').matchAll(/from '([^']+)'/g)].map((m) => m[1]);
        expect(imports.every((i) => i === './wire.js')).toBe(true);
      }
      const pkg = JSON.parse(readFileSync(path.join(here, 'package.json'), 'utf8')) as Record<string, unknown>;
      expect(pkg).not.toHaveProperty('dependencies');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('takes the options the protocol accepts (texts as they are; binaries as bytes, sent as base64url)', () => {
    type Wire = z.input<typeof signParamsSchema>;
    expectTypeOf<Omit<SignOptions, 'content'>>().toMatchTypeOf<Omit<Wire, 'content'>>();
    expectTypeOf<Extract<SignOptions['content'], { texts: string[] }>>().toMatchTypeOf<Wire['content']>();
  });
});
