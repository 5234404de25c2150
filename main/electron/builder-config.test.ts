import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

// electron-builder.yml cannot be exercised here (packaging downloads Electron and the NSIS/dmg
// tools), so its content is checked against electron-builder's own schema and our hardening rules.
const require = createRequire(import.meta.url);
const yaml = require('js-yaml') as { load(text: string): unknown };
const root = path.resolve(import.meta.dirname, '../..');
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a YAML document, asserted field by field
const config = yaml.load(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as Record<string, any>;

describe('electron-builder.yml', () => {
  it('validates against electron-builder’s schema', async () => {
    const Ajv = require('ajv') as new (opts: object) => { compile(schema: object): ((data: unknown) => boolean) & { errors?: unknown } };
    const schemaPath = require.resolve('app-builder-lib/scheme.json');
    const validate = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true }).compile(JSON.parse(readFileSync(schemaPath, 'utf8')));
    const ok = validate(config);
    expect(validate.errors ?? null, JSON.stringify(validate.errors, null, 1)).toBeNull();
    expect(ok).toBe(true);
  });

  it('builds NSIS for Windows and dmg for macOS', () => {
    expect(config.win.target.map((t: { target: string }) => t.target)).toContain('nsis');
    expect(config.mac.target.map((t: { target: string }) => t.target)).toContain('dmg');
  });

  it('sets the hardening fuses', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });

  it('packages the built app, not the sources', () => {
    expect(config.files).toContain('dist/**/*');
    expect(config.extraMetadata.main).toBe('dist/main/electron.mjs');
    expect(config.asar).toBe(true);
  });
});
