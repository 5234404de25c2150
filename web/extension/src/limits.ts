/**
 * The service worker's limits per page, before anything reaches Dojang: one request in flight per
 * tab and origin (a second gets BUSY), and at most `perMinute` attempts per origin in a sliding
 * minute (the rest get RATE_LIMITED, refused ones count too, so a flood spends its own budget).
 */
export type Verdict = 'go' | 'BUSY' | 'RATE_LIMITED';

export class RequestLimiter {
  private readonly inFlight = new Set<string>();
  private readonly attempts = new Map<string, number[]>();

  constructor(
    private readonly perMinute = 20,
    private readonly now: () => number = Date.now,
  ) {}

  /** On 'go' the caller must call the returned release when the request ends. */
  admit(tabId: number, origin: string): { verdict: Verdict; release(): void } {
    const t = this.now();
    const recent = (this.attempts.get(origin) ?? []).filter((at) => t - at < 60_000);
    recent.push(t);
    this.attempts.set(origin, recent);
    const none = { release() {} };
    if (recent.length > this.perMinute) return { verdict: 'RATE_LIMITED', ...none };
    const key = `${tabId} ${origin}`;
    if (this.inFlight.has(key)) return { verdict: 'BUSY', ...none };
    this.inFlight.add(key);
    return { verdict: 'go', release: () => this.inFlight.delete(key) };
  }
}
