/**
 * The once-a-day reminder about certificates to renew (≤ 30 days left) or already expired. The
 * decision is here (testable); the Electron host shows it as an OS notification. The browser host
 * has no notifications: the list's banner says the same.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { CertificateRow } from '../../preload/types.js';
import { writeFileAtomic } from '../npki/atomic-write.js';
import { dueForNotification } from '../stores/expiry.js';
import type { AppContext } from './context.js';

export interface ExpiryNotice {
  title: string;
  body: string;
}

/** What to say about these rows today, or null (nothing due, or nothing to say). */
export function expiryNotice(rows: CertificateRow[], language: 'ko' | 'en'): ExpiryNotice | null {
  // One line per certificate, not per copy.
  const unique = new Map<string, CertificateRow>();
  for (const row of rows) if (row.expiry) unique.set(row.copyKey ?? row.id, row);
  const renewal = [...unique.values()].filter((r) => r.expiry === 'renewal');
  if (renewal.length === 0) return null;
  const soonest = renewal.reduce((a, b) => ((a.daysLeft ?? 0) <= (b.daysLeft ?? 0) ? a : b));
  return language === 'ko'
    ? { title: `갱신할 인증서 ${renewal.length}개`, body: `${soonest.holder ?? ''} 인증서가 ${soonest.daysLeft}일 뒤 만료됩니다. 발급기관에서 갱신하세요.` }
    : { title: `${renewal.length} certificate(s) to renew`, body: `${soonest.holder ?? ''}'s certificate expires in ${soonest.daysLeft} days. Renew it with its issuer.` };
}

const STATE_FILE = 'expiry-notice.json';

/** Shows the reminder through `show` at most once a local day, when the user has not turned it off. */
export async function remindOfExpiry(ctx: AppContext, show: (notice: ExpiryNotice) => void): Promise<boolean> {
  const settings = await ctx.settings.get();
  if (!settings.notifications) return false;
  const file = path.join(ctx.dataDir, STATE_FILE);
  const last = await readFile(file, 'utf8').then(
    (t) => (JSON.parse(t) as { last?: string }).last ?? null,
    () => null,
  );
  const now = ctx.now();
  if (!dueForNotification(last, now)) return false;
  // A reminder shown once a day has no refresh: it waits for the drives (PowerShell on Windows), which
  // a list does not, so a certificate only on a stick is not missed.
  await ctx.drives?.known();
  const notice = expiryNotice((await ctx.catalog.list()).certificates, settings.language);
  if (!notice) return false;
  show(notice);
  await writeFileAtomic(file, JSON.stringify({ last: now.toISOString() }), 0o600);
  return true;
}
