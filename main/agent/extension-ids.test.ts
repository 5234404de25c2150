import { createHash, createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXTENSION_IDS } from './extension-ids.js';

const manifest = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../web/extension/manifest.json'), 'utf8')) as Record<string, unknown>;

describe('the extension ID', () => {
  it('is the one Chromium derives from the manifest key (SHA-256 of the public key, first 16 bytes, a–p)', () => {
    const der = Buffer.from(manifest.key as string, 'base64');
    expect(createPublicKey({ key: der, format: 'der', type: 'spki' }).asymmetricKeyType).toBe('rsa');
    const id = [...createHash('sha256').update(der).digest('hex').slice(0, 32)].map((c) => String.fromCharCode(97 + parseInt(c, 16))).join('');
    expect(EXTENSION_IDS[0]).toBe(id);
  });

  it('asks for nothing but native messaging, and runs only on https and loopback http pages', () => {
    expect(manifest.permissions).toEqual(['nativeMessaging']);
    expect(manifest).not.toHaveProperty('host_permissions');
    expect(manifest).not.toHaveProperty('externally_connectable');
    expect(manifest).not.toHaveProperty('web_accessible_resources');
    expect((manifest.content_scripts as { matches: string[] }[])[0]!.matches).toEqual(['https://*/*', 'http://localhost/*', 'http://127.0.0.1/*']);
  });
});
