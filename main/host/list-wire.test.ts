import { describe, expect, it } from 'vitest';
import { packAnswer, packList, unpackAnswer, unpackList, type PackedList } from '../../preload/list-wire.js';
import type { CertificateList, CertificateRow } from '../../preload/types.js';

const KFTC = { id: 'yessign', nameKo: '금융결제원', nameEn: 'KFTC' };
const BANKING = { oid: '1.2.410.200005.1.1.4', usageKo: '개인 은행·보험용', usageEn: 'Banking & insurance (personal)', general: false };

/** A row as main builds it: fresh location, CA and policy objects each time (main/app/catalog.ts). */
function row(n: number, over: Partial<CertificateRow> = {}): CertificateRow {
  return {
    id: `id-${n}`,
    kind: 'npki',
    location: { kind: 'default', label: '~/NPKI', root: '/home/u/NPKI' },
    path: `/home/u/NPKI/yessign/USER/cn=홍길동${n}`,
    hasKey: n % 2 === 0,
    damaged: null,
    holder: `홍길동${n}`,
    subject: `CN=홍길동${n}()0001,OU=personal4IB,O=yessign,C=kr`,
    issuer: 'CN=yessignCA Class 2,OU=AccreditedCA,O=yessign,C=kr',
    ca: { ...KFTC },
    serialHex: n.toString(16),
    notBefore: '2025-01-01T00:00:00.000Z',
    notAfter: '2026-01-01T00:00:00.000Z',
    daysLeft: n - 500,
    expiry: n < 500 ? 'expired' : 'valid',
    policyOid: BANKING.oid,
    policy: { ...BANKING },
    fingerprintSha256: n.toString(16).padStart(64, '0'),
    copyKey: `CN=yessignCA Class 2,OU=AccreditedCA,O=yessign,C=kr|${n.toString(16)}`,
    lastUsedAt: null,
    cloud: null,
    ...over,
  };
}

const damaged: CertificateRow = {
  ...row(9000),
  damaged: { key: 'scan.damaged', params: { path: '/media/usb/NPKI/x' } },
  holder: null,
  subject: null,
  issuer: null,
  ca: null,
  serialHex: null,
  notBefore: null,
  notAfter: null,
  daysLeft: null,
  expiry: null,
  policyOid: null,
  policy: null,
  fingerprintSha256: null,
  copyKey: null,
  location: { kind: 'drive', label: 'USB', root: '/media/usb/NPKI', driveLabel: 'MY STICK' },
};
const cloud = row(9001, {
  kind: 'cloud',
  location: { kind: 'cloud', label: 'cloud', root: '' },
  path: '',
  cloud: { credentialId: 'cred-1', pinLocked: true, triesLeft: 0, renewalOffered: false },
  lastUsedAt: '2026-11-30T01:02:03.000Z',
});

function list(certificates: CertificateRow[]): CertificateList {
  return {
    certificates,
    looked: [{ storeId: 'default:1', label: '~/NPKI', root: '/home/u/NPKI', kind: 'default', present: true }],
    skipped: [{ path: '/home/u/NPKI/x', reason: { key: 'scan.folderDenied', params: {} } }],
    scannedAt: '2026-12-03T00:00:00.000Z',
  };
}

/** Through JSON text, as the browser host sends it. */
const overTheWire = (packed: PackedList) => JSON.parse(JSON.stringify(packed)) as PackedList;

describe('the browser host’s packed certificate list', () => {
  it('gives back the same list: every field of every row, damaged, drive and cloud rows included, in order', () => {
    const original = list([...Array.from({ length: 50 }, (_, i) => row(i)), damaged, cloud]);
    expect(unpackList(overTheWire(packList(original)))).toEqual(original);
  });

  it('sends each location, CA and policy once, however many rows share it', () => {
    const packed = packList(list(Array.from({ length: 1000 }, (_, i) => row(i))));
    // one location, one CA, one policy
    expect(packed.packed.shared).toHaveLength(3);
    expect(packed.packed.refs).toEqual(['location', 'ca', 'policy']);
    const plainBytes = Buffer.byteLength(JSON.stringify(list(Array.from({ length: 1000 }, (_, i) => row(i)))));
    expect(Buffer.byteLength(JSON.stringify(packed))).toBeLessThan(plainBytes * 0.6);
  });

  it('reads an absent optional field as null (the same meaning: lastUsedAt)', () => {
    const { lastUsedAt: _, ...withoutLastUse } = row(1);
    const [back] = unpackList(overTheWire(packList(list([withoutLastUse as CertificateRow, row(2)])))).certificates;
    expect(back!.lastUsedAt).toBeNull();
  });

  it('keeps an empty list empty', () => {
    expect(unpackList(overTheWire(packList(list([]))))).toEqual(list([]));
  });

  it('packs only listCertificates answers that succeeded; errors and other methods pass as they are', () => {
    const error = { ok: false as const, error: { code: 'INTERNAL', key: 'bridge.internal', params: {}, message: 'x' } };
    expect(packAnswer('listCertificates', error as never)).toBe(error);
    const other = { ok: true as const, value: list([row(1)]) };
    expect(packAnswer('getCertificateDetails', other)).toBe(other);
    expect(unpackAnswer('getCertificateDetails', other)).toBe(other);
    const packed = packAnswer('listCertificates', other);
    expect(packed).not.toEqual(other);
    expect(unpackAnswer('listCertificates', JSON.parse(JSON.stringify(packed)))).toEqual(other);
  });
});
