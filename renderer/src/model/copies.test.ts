import { describe, expect, it } from 'vitest';
import { translator } from '../i18n/translate';
import { differingCopyLines, sortCopies, type CopyView } from './copies';

const ko = translator('ko');
const en = translator('en');

function copy(id: string, over: Partial<CopyView> = {}, keyFile: Partial<NonNullable<CopyView['keyFile']>> = {}): CopyView {
  return {
    id,
    location: { kind: 'default', label: '~/NPKI', root: '/home/u/NPKI' },
    path: `/home/u/NPKI/yessign/USER/cn=${id}`,
    keyFile: { format: 'seedCBCWithSHA1', iterations: 2048, fingerprint: '0123456789abcdef', modifiedAt: '2026-01-01T00:00:00.000Z', ...keyFile },
    ...over,
  };
}

describe('copies', () => {
  it('keeps one order whatever order they came in (by folder)', () => {
    const a = copy('a', { path: '/media/USB/NPKI/x' });
    const b = copy('b', { path: '/home/u/NPKI/x' });
    const c = copy('c', { path: '/home/u/backup/NPKI/x' });
    expect(sortCopies([a, b, c]).map((x) => x.id)).toEqual(['b', 'c', 'a']);
    expect(sortCopies([c, a, b]).map((x) => x.id)).toEqual(['b', 'c', 'a']);
  });

  it('shows only the lines that differ; the same key file in two places differs only by place', () => {
    const home = copy('home');
    const usb = copy('usb', {
      location: { kind: 'drive', label: '/media/u/KINGSTON/NPKI', driveLabel: 'KINGSTON', root: '/media/u/KINGSTON/NPKI' },
      path: '/media/u/KINGSTON/NPKI/yessign/USER/cn=x',
    });
    const lines = differingCopyLines([home, usb], [], ko);
    expect(lines.map((l) => l.field)).toEqual(['folder', 'medium']);
    expect(lines[1]!.values).toEqual(['이 컴퓨터', '이동식 디스크 · KINGSTON']);
    expect(differingCopyLines([home, usb], [], en)[1]!.values).toEqual(['This computer', 'Removable drive · KINGSTON']);
  });

  it('a re-encrypted copy differs by fingerprint and format; randomNum appears once a copy opened', () => {
    const a = copy('a', {}, {});
    const b = copy(
      'b',
      { location: { kind: 'folder', label: '/home/u/backup/NPKI', root: '/home/u/backup/NPKI' } },
      { format: 'PBES2 (seed-cbc, HMAC-SHA1)', fingerprint: 'fedcba9876543210' },
    );
    expect(differingCopyLines([a, b], [], ko).map((l) => l.field)).toEqual(['keyFingerprint', 'keyFormat', 'folder', 'medium']);
    const tried = differingCopyLines(
      [a, b],
      [
        { id: 'a', outcome: 'opens', hasRandomNum: true },
        { id: 'b', outcome: 'opens', hasRandomNum: false },
      ],
      ko,
    );
    expect(tried.find((l) => l.field === 'randomNum')!.values).toEqual(['있음', '없음']);
  });

  it('no randomNum line while nothing opened; a copy without a key or with an unreadable key says so', () => {
    const none = copy('none', { keyFile: null });
    const broken = copy('broken', {}, { format: null, iterations: null, fingerprint: 'ffffffffffffffff' });
    const lines = differingCopyLines([none, broken], [{ id: 'broken', outcome: 'wrongPassword', hasRandomNum: null }], ko);
    expect(lines.map((l) => l.field)).toEqual(['keyFingerprint', 'keyFormat', 'keyModified', 'folder']);
    expect(lines.find((l) => l.field === 'keyFormat')!.values).toEqual(['개인키 없음', '읽을 수 없는 키 파일']);
  });
});
