import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { OPEN_KINDS } from '../app/opened-files.js';

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

  it('registers the web signing agent’s native host from the Windows installer, through the app itself', () => {
    expect(config.nsis.include).toBe('build/installer.nsh');
    const nsh = readFileSync(path.join(root, config.nsis.include as string), 'utf8');
    expect(nsh).toMatch(/!macro customInstall\s+ExecWait '"\$INSTDIR\\\$\{APP_EXECUTABLE_FILENAME\}" --register-agent'/);
    expect(nsh).toMatch(/!macro customUnInstall\s+ExecWait '"\$INSTDIR\\\$\{APP_EXECUTABLE_FILENAME\}" --unregister-agent'/);
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

  it('registers the file types the app opens, no more and no fewer', () => {
    expect(config.fileAssociations.map((a: { ext: string }) => `.${a.ext}`).sort()).toEqual(Object.keys(OPEN_KINDS).sort());
  });

  it('signed releases: hardware-held Windows key, forced signing, update publisher check, notarized macOS', () => {
    expect(config.forceCodeSigning).toBe(true);
    expect(config.win.azureSignOptions).toMatchObject({ publisherName: 'Dojang' });
    expect(config.win.verifyUpdateCodeSignature).toBe(true);
    expect(config.mac).toMatchObject({ notarize: true, hardenedRuntime: true });
  });

  it('updates come from a generic HTTPS feed', () => {
    expect(config.publish).toEqual([{ provider: 'generic', url: expect.stringMatching(/^https:\/\//) }]);
  });

  it('x64 and arm64 builds, with the keyring’s native binary outside the asar', () => {
    for (const t of [...config.win.target, ...config.mac.target, ...config.linux.target]) expect([...t.arch].sort()).toEqual(['arm64', 'x64']);
    expect(config.asarUnpack).toContain('**/node_modules/@napi-rs/keyring-*/**');
  });

  it('ships neither the test entries nor the metafiles', () => {
    expect(config.files).toEqual(expect.arrayContaining(['!dist/test/**', '!dist/meta/**']));
  });
});
