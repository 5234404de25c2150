import { describe, expect, it } from 'vitest';
import type { CertificateDetails } from '../../../preload/types';
import { translator } from '../i18n/translate';
import { compareLines, sameCertificate } from './compare';
import { cloudRow, row } from './test-rows';

const ko = translator('ko');
const en = translator('en');
const line = (lines: ReturnType<typeof compareLines>, field: string) => lines.find((l) => l.field === field)!;

function details(over: Partial<CertificateDetails> = {}): CertificateDetails {
  return {
    row: row(),
    subjectCn: null,
    keyAlgorithm: 'RSA',
    keyBits: 2048,
    signatureAlgorithm: 'sha256WithRSAEncryption',
    policies: [],
    keyUsage: [],
    crlDistributionPoints: [],
    ocspUrls: [],
    vid: { hashAlg: 'sha256' },
    chain: [],
    copies: [],
    km: null,
    ...over,
  };
}

describe('compare', () => {
  it('a 금융인증서 beside a 공동인증서: kind, renewal, secret, storage and where usable differ; the texts follow SPEC §3', () => {
    const npki = row({
      notBefore: '2025-01-01T00:00:00Z',
      notAfter: '2026-01-01T00:00:00Z',
      policy: { oid: 'x', usageKo: '개인 범용', usageEn: 'General purpose (personal)', general: true },
    });
    const cloud = cloudRow({ notBefore: '2025-01-01T00:00:00Z', notAfter: '2028-01-01T00:00:00Z' });
    const lines = compareLines(
      [
        { row: npki, details: details() },
        { row: cloud, details: null },
      ],
      ko,
      'ko',
    );
    for (const f of ['kind', 'renewal', 'secret', 'storage', 'whereUsable', 'term', 'vid']) expect(line(lines, f).differs, f).toBe(true);
    expect(line(lines, 'renewal').values).toEqual(['직접 갱신: 만료 30일 전부터 만료일까지', '자동 갱신: 만료 30일 전부터 쓸 때 확인하면 갱신']);
    expect(line(lines, 'secret').values[1]).toBe('6자리 PIN (남은 시도 5회)');
    expect(line(lines, 'whereUsable').values[0]).toBe('모든 기관 (범용)');
    expect(line(lines, 'term').values).toEqual(['1년 (365일)', '3년 (1095일)']);
    const month = row({ notBefore: '2020-02-24T00:00:00Z', notAfter: '2020-03-25T00:00:00Z' });
    expect(line(compareLines([{ row: month, details: null }], ko, 'ko'), 'term').values).toEqual(['30일']);
    expect(line(lines, 'keyAlgorithm').values).toEqual(['RSA-2048', 'RSA-2048']);
    expect(line(lines, 'keyAlgorithm').differs).toBe(false);
  });

  it('two copies of one certificate: only the storage differs, and they are recognised as the same certificate', () => {
    const a = row({ copyKey: 'k' });
    const b = row({ ...a, id: 'other', copyKey: 'k', location: { kind: 'drive', label: '/media/USB/NPKI', root: '/media/USB/NPKI' } });
    const lines = compareLines(
      [
        { row: a, details: details() },
        { row: b, details: details() },
      ],
      en,
      'en',
    );
    expect(lines.filter((l) => l.differs).map((l) => l.field)).toEqual(['storage']);
    expect(
      sameCertificate([
        { row: a, details: null },
        { row: b, details: null },
      ]),
    ).toBe(true);
    expect(
      sameCertificate([
        { row: a, details: null },
        { row: row(), details: null },
      ]),
    ).toBe(false);
    expect(sameCertificate([{ row: a, details: null }])).toBe(false);
  });

  it('says what it cannot know yet, and why VID is impossible with a key-less copy', () => {
    const keyless = row({ hasKey: false });
    const lines = compareLines([{ row: keyless, details: null }], en, 'en');
    expect(line(lines, 'keyAlgorithm').values).toEqual(['…']);
    expect(line(lines, 'vid').values).toEqual(['No (no private key)']);
    const locked = cloudRow({ cloud: { credentialId: 'c', pinLocked: true, triesLeft: 0, renewalOffered: false } });
    expect(line(compareLines([{ row: locked, details: null }], en, 'en'), 'secret').values).toEqual(['6-digit PIN (locked)']);
  });
});
