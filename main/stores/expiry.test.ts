import { describe, expect, it } from 'vitest';
import { dueForNotification, expiryState, RENEWAL_WINDOW_DAYS } from './expiry.js';

const DAY = 86400_000;
const now = new Date('2026-03-10T03:00:00Z');
const after = (ms: number) => ({ notAfter: new Date(now.getTime() + ms).toISOString() });

describe('expiryState', () => {
  it('valid beyond the renewal window', () => {
    expect(expiryState(after(31 * DAY), now)).toEqual({ state: 'valid', daysLeft: 31 });
    expect(expiryState(after(RENEWAL_WINDOW_DAYS * DAY + 1000), now).state).toBe('valid');
  });
  it('renewal from 30 days before expiry until the last moment', () => {
    expect(expiryState(after(RENEWAL_WINDOW_DAYS * DAY), now)).toEqual({ state: 'renewal', daysLeft: 30 });
    expect(expiryState(after(12 * DAY + 5000), now)).toEqual({ state: 'renewal', daysLeft: 12 });
    expect(expiryState(after(1000), now)).toEqual({ state: 'renewal', daysLeft: 0 });
    expect(expiryState(after(0), now)).toEqual({ state: 'renewal', daysLeft: 0 });
  });
  it('expired after notAfter with a negative daysLeft', () => {
    expect(expiryState(after(-1000), now)).toEqual({ state: 'expired', daysLeft: -1 });
    expect(expiryState(after(-3 * DAY - 1), now)).toEqual({ state: 'expired', daysLeft: -4 });
  });
  it('the yessign fixture (valid to 2020-03-25) is expired', () => {
    expect(expiryState({ notAfter: '2020-03-25T14:59:59.000Z' }, now).state).toBe('expired');
  });
  it('rejects a non-date', () => {
    expect(() => expiryState({ notAfter: 'soon' }, now)).toThrow(RangeError);
  });
});

describe('dueForNotification', () => {
  const at = (y: number, m: number, d: number, h: number) => new Date(y, m - 1, d, h, 0, 0);
  it('never notified → due', () => {
    expect(dueForNotification(null, now)).toBe(true);
    expect(dueForNotification('garbage', now)).toBe(true);
  });
  it('at most once per local day', () => {
    expect(dueForNotification(at(2026, 3, 10, 8).toISOString(), at(2026, 3, 10, 23))).toBe(false);
    expect(dueForNotification(at(2026, 3, 10, 23).toISOString(), at(2026, 3, 11, 0))).toBe(true);
    expect(dueForNotification(at(2026, 2, 28, 9).toISOString(), at(2026, 3, 10, 9))).toBe(true);
  });
  it('a last time slightly ahead (clock drift) silences today, a far-future one does not block forever', () => {
    expect(dueForNotification(at(2026, 3, 10, 12).toISOString(), at(2026, 3, 10, 11))).toBe(false);
    expect(dueForNotification(at(2030, 1, 1, 0).toISOString(), at(2026, 3, 10, 11))).toBe(true);
  });
});
