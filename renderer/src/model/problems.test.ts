import { describe, expect, it } from 'vitest';
import { problemOf, revokeLink } from './problems';
import { cloudRow, row } from './test-rows';

describe('what to do when something is wrong', () => {
  it('expired 공동인증서: no renewal, a new issue at the CA', () => {
    const p = problemOf(row({ expiry: 'expired', daysLeft: -3 }))!;
    expect(p.kind).toBe('expired');
    expect(p.remedies).toEqual([{ kind: 'link', action: 'issue', url: expect.stringMatching(/^https:\/\/www\.yessign\.or\.kr\//) }]);
  });

  it('renewal window: the CA renewal page for a file certificate, renew-in-place for the cloud one', () => {
    expect(problemOf(row({ expiry: 'renewal', ca: { id: 'KICA', nameKo: '', nameEn: '' } }))!.remedies[0]).toEqual({
      kind: 'link',
      action: 'renew',
      url: 'https://www.signgate.com/',
    });
    expect(problemOf(cloudRow({ expiry: 'renewal' }))!.remedies).toEqual([{ kind: 'renewCloud' }]);
  });

  it('locked PIN: unlock (SMS + new PIN) first, reissue second', () => {
    const p = problemOf(cloudRow({ cloud: { credentialId: 'c', pinLocked: true, triesLeft: 0, renewalOffered: false } }))!;
    expect(p.kind).toBe('locked');
    expect(p.remedies.map((r) => r.kind)).toEqual(['unlock', 'reissueCloud']);
  });

  it('damaged or key-less: another copy first, then reissue; a CA without a page gets no link', () => {
    expect(problemOf(row({ damaged: { key: 'scan.damaged' }, expiry: null }))!.remedies.map((r) => r.kind)).toEqual(['findCopy', 'link']);
    const noKey = problemOf(row({ hasKey: false, ca: { id: 'NCASign', nameKo: '', nameEn: '' } }))!;
    expect(noKey.kind).toBe('noKey');
    expect(noKey.remedies).toEqual([{ kind: 'findCopy' }]);
  });

  it('a valid certificate has no problem, but lost-or-stolen still points at the revocation page', () => {
    expect(problemOf(row())).toBeNull();
    expect(revokeLink(row())).toMatch(/commonRevoke/);
    expect(revokeLink(row({ ca: null }))).toBeNull();
  });
});
