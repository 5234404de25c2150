/**
 * Per-origin request budget: a small burst, then one request per interval (a token bucket). A page
 * that opens 100 requests gets RATE_LIMITED for all but the burst, and nothing shows for them. The
 * table is bounded: the oldest origin is forgotten first (a forgotten origin starts with a full
 * burst again, which is no more than a new origin gets).
 */
export interface RateLimitOptions {
  burst: number;
  /** One token comes back per interval. */
  intervalMs: number;
  maxOrigins?: number;
}

export class OriginRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly opts: RateLimitOptions) {}

  /** Takes one token for this origin: false when its budget is spent. */
  take(origin: string, now: number): boolean {
    const { burst, intervalMs } = this.opts;
    const bucket = this.buckets.get(origin) ?? { tokens: burst, at: now };
    const refill = Math.floor((now - bucket.at) / intervalMs);
    if (refill > 0) {
      bucket.tokens = Math.min(burst, bucket.tokens + refill);
      bucket.at += refill * intervalMs;
    }
    if (bucket.tokens >= burst) bucket.at = now;
    this.buckets.delete(origin);
    this.buckets.set(origin, bucket);
    if (this.buckets.size > (this.opts.maxOrigins ?? 1000)) this.buckets.delete(this.buckets.keys().next().value!);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}
