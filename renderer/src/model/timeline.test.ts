import { describe, expect, it } from 'vitest';
import { barFor, DAY_MS, scaleX, ticks, timelineDomain } from './timeline';
import { row } from './test-rows';

const at = (iso: string) => Date.parse(iso);

describe('timeline', () => {
  it('spans the earliest start to the latest expiry, always including today, with a margin', () => {
    const now = at('2025-06-01T00:00:00Z');
    const d = timelineDomain([row({ notBefore: '2024-01-01T00:00:00Z', notAfter: '2025-01-01T00:00:00Z' })], now);
    expect(d.start).toBeLessThan(at('2024-01-01T00:00:00Z'));
    expect(d.end).toBeGreaterThan(now);
    const span = now - at('2024-01-01T00:00:00Z');
    expect(at('2024-01-01T00:00:00Z') - d.start).toBeCloseTo(span * 0.02, -3);
  });

  it('widens an empty or one-day picture to something readable and ignores damaged rows', () => {
    const now = at('2025-06-01T00:00:00Z');
    const d = timelineDomain([row({ notBefore: null, notAfter: null })], now);
    expect(d.end - d.start).toBeGreaterThanOrEqual(60 * DAY_MS);
  });

  it('maps time linearly onto the width', () => {
    const scale = scaleX({ start: 0, end: 1000 }, 500);
    expect(scale(0)).toBe(0);
    expect(scale(500)).toBe(250);
    expect(scale(1000)).toBe(500);
  });

  it('ticks monthly over a year, quarterly over a few years, yearly over many; labels YYYY.MM, January as YYYY', () => {
    const month = ticks({ start: new Date(2025, 0, 15).getTime(), end: new Date(2025, 9, 20).getTime() });
    expect(month.map((t) => t.label)).toEqual(['2025.02', '2025.03', '2025.04', '2025.05', '2025.06', '2025.07', '2025.08', '2025.09', '2025.10']);
    const quarters = ticks({ start: new Date(2024, 1, 1).getTime(), end: new Date(2027, 0, 2).getTime() });
    expect(quarters[0]!.label).toBe('2024.04');
    expect(quarters.every((t) => [0, 3, 6, 9].includes(new Date(t.time).getMonth()))).toBe(true);
    expect(quarters.filter((t) => t.major).map((t) => t.label)).toEqual(['2025', '2026', '2027']);
    const years = ticks({ start: new Date(2015, 5, 1).getTime(), end: new Date(2026, 0, 1).getTime() });
    expect(years.map((t) => t.label)).toEqual(['2016', '2017', '2018', '2019', '2020', '2021', '2022', '2023', '2024', '2025', '2026']);
    expect(ticks({ start: new Date(1990, 0, 1).getTime(), end: new Date(2040, 0, 1).getTime() }).length).toBeLessThanOrEqual(26);
  });

  it('draws a bar from start to expiry with the 30-day renewal window at its end', () => {
    const scale = scaleX({ start: at('2025-01-01T00:00:00Z'), end: at('2026-01-01T00:00:00Z') }, 365);
    const bar = barFor(row({ notBefore: '2025-01-01T00:00:00Z', notAfter: '2025-12-01T00:00:00Z' }), scale)!;
    expect(bar.x).toBeCloseTo(0);
    expect(bar.width).toBeCloseTo(334);
    expect(bar.renewalX).toBeCloseTo(304);
    expect(bar.renewalWidth).toBeCloseTo(30);
  });

  it('clips the renewal window to a short certificate and draws nothing for a damaged one', () => {
    const scale = scaleX({ start: 0, end: 100 * DAY_MS }, 100);
    const short = barFor(row({ notBefore: new Date(50 * DAY_MS).toISOString(), notAfter: new Date(60 * DAY_MS).toISOString() }), scale)!;
    expect(short.renewalX).toBeCloseTo(50);
    expect(short.renewalWidth).toBeCloseTo(10);
    expect(barFor(row({ notBefore: null, notAfter: null }), scale)).toBeNull();
    expect(barFor(row({ notBefore: '2025-02-01T00:00:00Z', notAfter: '2025-01-01T00:00:00Z' }), scale)).toBeNull();
  });
});
