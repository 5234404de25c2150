/**
 * The timeline's geometry: one time axis for every certificate, today marked, the renewal window
 * before each expiry shaded. Times are epoch milliseconds; x is in the SVG's user units.
 */
import type { CertificateRow } from '../../../preload/types';
import { RENEWAL_WINDOW_DAYS } from '../data/rules';

export const DAY_MS = 24 * 60 * 60 * 1000;

export interface Domain {
  start: number;
  end: number;
}

/** From the earliest start to the latest expiry (today always inside), with a little room at both ends. */
export function timelineDomain(rows: readonly CertificateRow[], now: number): Domain {
  let start = now;
  let end = now;
  for (const row of rows) {
    const from = row.notBefore ? Date.parse(row.notBefore) : NaN;
    const to = row.notAfter ? Date.parse(row.notAfter) : NaN;
    if (!Number.isNaN(from)) start = Math.min(start, from);
    if (!Number.isNaN(to)) end = Math.max(end, to);
  }
  if (end - start < 60 * DAY_MS) {
    start -= 30 * DAY_MS;
    end += 30 * DAY_MS;
  }
  const pad = (end - start) * 0.02;
  return { start: start - pad, end: end + pad };
}

/** The near view: half a year back, a year and a half ahead — what needs renewing soon, at a readable scale. */
export function nearDomain(now: number): Domain {
  return { start: now - 183 * DAY_MS, end: now + 548 * DAY_MS };
}

export function scaleX(domain: Domain, width: number): (time: number) => number {
  const span = domain.end - domain.start;
  return (time) => ((time - domain.start) / span) * width;
}

export interface Tick {
  time: number;
  /** YYYY or YYYY.MM */
  label: string;
  /** January: drawn stronger. */
  major: boolean;
}

/** Yearly ticks over long spans, quarterly over a few years, monthly otherwise; at most ~24 ticks. */
export function ticks(domain: Domain): Tick[] {
  const years = (domain.end - domain.start) / (365 * DAY_MS);
  const stepMonths = years > 8 ? 12 * Math.ceil(years / 16) : years > 5 ? 6 : years > 2 ? 3 : years > 1 ? 2 : 1;
  // Month boundaries counted from year 0, aligned to the step (quarters start in January, April, …).
  const first = new Date(domain.start);
  let index = first.getFullYear() * 12 + first.getMonth();
  if (new Date(first.getFullYear(), first.getMonth(), 1).getTime() < domain.start) index += 1;
  index = Math.ceil(index / stepMonths) * stepMonths;
  const out: Tick[] = [];
  for (; ; index += stepMonths) {
    const y = Math.floor(index / 12);
    const m = index % 12;
    const time = new Date(y, m, 1).getTime();
    if (time > domain.end) break;
    out.push({ time, label: m === 0 ? String(y) : `${y}.${String(m + 1).padStart(2, '0')}`, major: m === 0 });
  }
  return out;
}

export interface Bar {
  x: number;
  width: number;
  /** The renewal window: RENEWAL_WINDOW_DAYS before expiry up to expiry (clipped to the bar). */
  renewalX: number;
  renewalWidth: number;
}

export function barFor(row: CertificateRow, scale: (time: number) => number): Bar | null {
  if (!row.notBefore || !row.notAfter) return null;
  const from = Date.parse(row.notBefore);
  const to = Date.parse(row.notAfter);
  if (Number.isNaN(from) || Number.isNaN(to) || to < from) return null;
  const x = scale(from);
  const end = scale(to);
  const renewalX = Math.max(x, scale(to - RENEWAL_WINDOW_DAYS * DAY_MS));
  return { x, width: Math.max(end - x, 1), renewalX, renewalWidth: Math.max(end - renewalX, 0) };
}
