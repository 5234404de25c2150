import { fileURLToPath } from 'node:url';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openssl } from '../../npki/fixtures.test-util.js';
import { TrustStore } from '../anchors.js';
import { checkCertificate } from '../engine.js';
import { makeCert, rsaKey } from '../test-pki.test-util.js';
import { TRUST_CERTS } from './certs.data.js';
import { TRUST_LIST, type TrustListEntry } from './trust-list.data.js';
import { bundledTrust, loadTrustList } from './trust-list.js';

/** The file and the reason a refused trust list names in the log (the user is told to reinstall). */
function refusal(load: () => unknown): string {
  try {
    load();
  } catch (e) {
    const d = (e as { detail?: { file?: string; why?: string } }).detail;
    return `${d?.file} ${d?.why}`;
  }
  throw new Error('the list was accepted');
}

const CERTS = new URL('./certs/', import.meta.url);
const tmp = () => mkdtempSync(join(tmpdir(), 'dojang-trustlist-'));
const offline = { offline: true } as const;

describe('the bundled trust list', () => {
  it('lists every file under certs/ once, and certs.data.ts holds the same bytes (run `node scripts/trust-list.mjs` after adding one)', () => {
    const files = readdirSync(CERTS, { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.der'))
      .map((f) => f.replace(/\\/g, '/'))
      .sort();
    expect(TRUST_LIST.map((e) => e.file).sort()).toEqual(files);
    expect(Object.keys(TRUST_CERTS).sort()).toEqual(files);
    for (const f of files) expect(Buffer.from(TRUST_CERTS[f]!, 'base64').equals(readFileSync(new URL(f, CERTS))), f).toBe(true);
  });

  it('each SHA-256 in the list is the one OpenSSL computes for the file', () => {
    for (const e of TRUST_LIST) {
      const out = openssl(['x509', '-inform', 'DER', '-in', fileURLToPath(new URL(e.file, CERTS)), '-noout', '-fingerprint', '-sha256']).toString();
      expect(out.trim().split('=')[1]!.replace(/:/g, '').toLowerCase(), e.file).toBe(e.sha256);
    }
  });

  it('loads: KISA roots, licensed CAs verified under them, the pinned RootCA 5 generation, test roots apart', () => {
    const t = bundledTrust();
    expect(t.roots.map((r) => r.entry.cn)).toEqual(['KISA RootCA 4', 'KISA RootCA 1']);
    expect(t.licensed.map((r) => r.entry.cn)).toEqual(
      expect.arrayContaining(['yessignCA Class 3', 'signGATE CA6', 'CrossCertCA4', 'SignKorea CA4', 'TradeSignCA4', 'yessignCA Class 2', 'TradeSignCA']),
    );
    expect(t.pinned.map((r) => r.entry.cn)).toEqual(['CrossCertCA5', 'SignKorea CA5', 'TradeSignCA5', 'signGATE CA7', 'yessignCA Class 4']);
    expect(t.pinned.every((p) => p.cert.info.keyBits === 3072)).toBe(true);
    expect(t.test.map((r) => r.entry.cn)).toContain('Kisa Test RootCA 7');
  });

  it('refuses, naming the file, a certificate edited after the list was made', () => {
    const edited = { ...TRUST_CERTS };
    const b = Buffer.from(edited['current/yessignCA_Class_3.der']!, 'base64');
    b[b.length - 10]! ^= 1;
    edited['current/yessignCA_Class_3.der'] = b.toString('base64');
    expect(() => loadTrustList(TRUST_LIST, edited)).toThrow(
      expect.objectContaining({ code: 'INTERNAL', key: 'trustList.refused', params: { file: 'current/yessignCA_Class_3.der' } }),
    );
    expect(refusal(() => loadTrustList(TRUST_LIST, edited))).toContain('current/yessignCA_Class_3.der does not match its SHA-256');
  });

  it('refuses a list whose row was edited: another fingerprint, or a pinned CA promoted to licensed', () => {
    const rows = (change: (e: TrustListEntry) => TrustListEntry): TrustListEntry[] => TRUST_LIST.map(change);
    const fp = rows((e) => (e.cn === 'KISA RootCA 4' ? { ...e, sha256: '00'.repeat(32) } : e));
    expect(refusal(() => loadTrustList(fp))).toMatch(/current\/KISA_RootCA_4\.der does not match/);
    const promoted = rows((e) => (e.cn === 'yessignCA Class 4' ? { ...e, role: 'licensed' } : e));
    expect(refusal(() => loadTrustList(promoted))).toMatch(/yessignCA_Class_4\.der does not verify under a root/);
    const asRoot = rows((e) => (e.cn === 'signGATE CA6' ? { ...e, role: 'root' } : e));
    expect(refusal(() => loadTrustList(asRoot))).toMatch(/signGATE_CA6\.der is listed as a root but is not self-signed/);
  });
});

describe('verifying with the bundled list', () => {
  const cert = (file: string) => Buffer.from(TRUST_CERTS[file]!, 'base64');

  it('a current licensed CA chains to KISA RootCA 4', async () => {
    const m = await new TrustStore(tmp()).material();
    const r = await checkCertificate(cert('current/yessignCA_Class_3.der'), { ...m, revocation: offline, now: new Date('2026-12-03T00:00:00Z') });
    expect(r.checks.find((c) => c.name === 'chain')).toMatchObject({ ok: true, detail: expect.stringContaining('yessignCA Class 3 → KISA RootCA 4') });
  });

  it('a RootCA 5 generation CA is anchored at its pinned copy, and the report says so plainly', async () => {
    const m = await new TrustStore(tmp()).material();
    const r = await checkCertificate(cert('rootca5-generation/yessignCA_Class_4.der'), { ...m, revocation: offline, now: new Date('2026-12-03T00:00:00Z') });
    const chain = r.checks.find((c) => c.name === 'chain')!;
    expect(chain.ok).toBe(true);
    expect(chain.detail).toContain('KISA RootCA 5 is not installed; anchored at the pinned yessignCA Class 4');
    expect(chain.detail).toContain('KISA RootCA 5 루트 인증서가 설치되어 있지 않아');
  });

  it('an expired generation verifies at a time inside its validity, and not now', async () => {
    const m = await new TrustStore(tmp()).material();
    const ca2 = cert('expired/yessignCA_Class_2.der');
    const then = await checkCertificate(ca2, { ...m, revocation: offline, now: new Date('2020-01-01T00:00:00Z') });
    expect(then.checks.find((c) => c.name === 'chain')!.ok).toBe(true);
    const now = await checkCertificate(ca2, { ...m, revocation: offline, now: new Date('2026-12-03T00:00:00Z') });
    expect(now.checks.find((c) => c.name === 'validityNow')!.ok).toBe(false);
    expect(now.verdict).toBe('invalid');
  });

  it('test roots are listed but not trusted until added', async () => {
    const s = new TrustStore(tmp());
    const test7 = (await s.list()).find((v) => v.subject.includes('Kisa Test RootCA 7'))!;
    expect(test7).toMatchObject({ role: 'test', trusted: false });
    expect((await s.anchors()).some((d) => d.equals(cert('test/Kisa_Test_RootCA_7.der')))).toBe(false);
  });

  it('an impostor "KISA RootCA 5" (right name, OpenSSL-made key) is refused: no pinned CA verifies under it', () => {
    const dir = tmp();
    openssl([
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      join(dir, 'k.pem'),
      '-out',
      join(dir, 'root.pem'),
      '-days',
      '30',
      '-subj',
      '/C=KR/O=KISA/OU=Korea Certification Authority Central/CN=KISA RootCA 5',
    ]);
    const s = new TrustStore(dir);
    expect(() => s.inspect(readFileSync(join(dir, 'root.pem'), 'utf8'))).toThrow(
      expect.objectContaining({ code: 'VERIFY_FAILED', message: expect.stringContaining('yessignCA Class 4') }),
    );
  });
});

describe('installing the root of a pinned generation', () => {
  // A stand-in generation (the real KISA RootCA 5 is not published where we could get it).
  const root5 = makeCert({ cn: 'Test RootCA 5', o: 'KISA', key: rsaKey(0), ca: true });
  const ca5 = makeCert({ cn: 'Test CA Class 4', o: 'yessign', key: rsaKey(1), ca: true, issuer: root5 });
  const user = makeCert({ cn: '홍길동()0001', key: rsaKey(2), issuer: ca5, policyOid: '1.2.410.200005.1.1.1' });
  const list: TrustListEntry[] = [
    ...TRUST_LIST.filter((e) => e.role === 'root'),
    { file: 'g5/ca.der', role: 'pinned', cn: 'Test CA Class 4', bits: 2048, sha256: '', source: 'test', added: '2026-12-03' },
  ];
  const certs = { ...TRUST_CERTS, 'g5/ca.der': ca5.der.toString('base64') };
  list[list.length - 1] = { ...list.at(-1)!, sha256: createSha(ca5.der) };

  it('before: the pinned CA anchors the chain; after `add` (with the confirmed SHA-256) the chain ends at the root', async () => {
    const dir = tmp();
    const s = new TrustStore(dir, { bundled: loadTrustList(list, certs) });
    const before = await checkCertificate(user.der, { ...(await s.material()), revocation: offline });
    expect(before.checks.find((c) => c.name === 'chain')!.detail).toContain('Test RootCA 5 is not installed; anchored at the pinned Test CA Class 4');

    const candidate = s.inspect(root5.pem);
    expect(candidate).toMatchObject({ subject: expect.stringContaining('Test RootCA 5'), anchorsPinned: ['Test CA Class 4'] });
    await expect(s.add(root5.der, { source: 'user', confirmFingerprint: '11'.repeat(32) })).rejects.toMatchObject({ code: 'CONFLICT' });
    await s.add(root5.der, { source: 'user', confirmFingerprint: candidate.fingerprintColons });

    const m = await s.material();
    expect(m.pinned).toEqual([]);
    const after = await checkCertificate(user.der, { ...m, revocation: offline });
    const chain = after.checks.find((c) => c.name === 'chain')!;
    expect(chain).toMatchObject({ ok: true, detail: expect.stringContaining('chain verified to a trust anchor') });
    expect(after.chain.map((l) => l.subject)).toEqual([expect.stringContaining('홍길동'), expect.stringContaining('Test CA Class 4'), expect.stringContaining('Test RootCA 5')]);
    expect((await s.list()).find((v) => v.role === 'pinned')).toMatchObject({ trusted: true, note: null });
  });

  it('a user certificate or an intermediate is not a root to install', () => {
    const s = new TrustStore(tmp(), { bundled: loadTrustList(list, certs) });
    expect(() => s.inspect(user.der)).toThrow(expect.objectContaining({ code: 'INVALID_REQUEST' }));
    expect(() => s.inspect(ca5.der)).toThrow(expect.objectContaining({ code: 'INVALID_REQUEST', message: expect.stringContaining('self-signed') }));
  });

  it('finds the issuer of a certificate among pinned and bundled CAs', async () => {
    const s = new TrustStore(tmp(), { bundled: loadTrustList(list, certs) });
    expect((await s.findIssuer(user.der))?.fingerprint).toBe(createSha(ca5.der));
    expect(await s.findIssuer(makeCert({ cn: 'stray', key: rsaKey(3) }).der)).toBeNull();
  });
});

function createSha(d: Buffer): string {
  return openssl(['dgst', '-sha256', '-r'], d).toString().split(' ')[0]!;
}
