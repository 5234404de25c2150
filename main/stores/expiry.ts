/** SPEC §1.6: renewal opens 30 days before expiry. */
export const RENEWAL_WINDOW_DAYS = 30;

const DAY_MS = 24 * 60 * 60 * 1000;

export type ExpiryState = 'valid' | 'renewal' | 'expired';

/**
 * daysLeft: whole days until notAfter (0 on the last day, negative once expired: -1 = expired yesterday or today).
 * 'renewal' from RENEWAL_WINDOW_DAYS days before notAfter until notAfter itself.
 */
export function expiryState(cert: { notAfter: string }, now: Date): { state: ExpiryState; daysLeft: number } {
  const end = Date.parse(cert.notAfter);
  if (Number.isNaN(end)) throw new RangeError(`notAfter is not a date: ${cert.notAfter}`);
  const ms = end - now.getTime();
  if (ms < 0) return { state: 'expired', daysLeft: Math.floor(ms / DAY_MS) };
  const daysLeft = Math.floor(ms / DAY_MS);
  return { state: ms <= RENEWAL_WINDOW_DAYS * DAY_MS ? 'renewal' : 'valid', daysLeft };
}

function localDayNumber(d: Date): number {
  return Math.floor(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()) / DAY_MS);
}

/**
 * Expiry reminders go out at most once per local calendar day. A last time that lies more than a day
 * in the future (clock reset, corrupt setting) does not silence reminders forever.
 */
export function dueForNotification(lastNotifiedIso: string | null | undefined, now: Date): boolean {
  if (!lastNotifiedIso) return true;
  const last = new Date(lastNotifiedIso);
  if (Number.isNaN(last.getTime())) return true;
  if (last.getTime() - now.getTime() > DAY_MS) return true;
  return localDayNumber(now) > localDayNumber(last);
}
