/**
 * HTTP to the cloud: one timeout per attempt, retries (with backoff) only for idempotent calls and
 * only for failures that say nothing happened or may be passing (no answer, 502/503/504), answers
 * checked against a schema (the cloud is a peer, not trusted to be right), and the cloud's clock
 * read from each answer's Date header (the offset serves the CMS signing time and expiry views,
 * so a skewed local clock does not matter).
 */
import type { z } from 'zod';
import type { Logger } from '../core/log.js';
import { DojangError } from '../../common/errors.js';
import { fromCloudAnswer, unreachable, type UnreachableWhy } from './errors.js';

export interface TransportOptions {
  baseUrl: string;
  fetch?: typeof fetch;
  /** Per attempt. */
  timeoutMs?: number;
  /** Extra attempts for idempotent calls. */
  retries?: number;
  backoffMs?: number;
  log?: Logger;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
}

export interface Call<T> {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  body?: unknown;
  token?: string | null;
  /** Safe to send twice: only then is a failed attempt repeated. */
  idempotent: boolean;
  schema: z.ZodType<T>;
  timeoutMs?: number;
  /** Overrides the transport's retry count for this (idempotent) call. */
  retries?: number;
}

const RETRY_STATUS = new Set([502, 503, 504]);

class Retryable extends Error {
  constructor(
    readonly why: UnreachableWhy,
    detail: string,
  ) {
    super(detail);
  }
}

export class CloudTransport {
  readonly baseUrl: string;
  private readonly fetchFn: typeof fetch;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly backoffMs: number;
  private readonly now: () => Date;
  private readonly sleep: (ms: number) => Promise<void>;
  /** Cloud time minus local time, from the last answer's Date header (ms); null before any answer. */
  clockOffsetMs: number | null = null;

  constructor(private readonly opts: TransportOptions) {
    this.baseUrl = normalizeCloudUrl(opts.baseUrl);
    this.fetchFn = opts.fetch ?? fetch;
    this.timeoutMs = opts.timeoutMs ?? 15_000;
    this.retries = opts.retries ?? 2;
    this.backoffMs = opts.backoffMs ?? 300;
    this.now = opts.now ?? (() => new Date());
    this.sleep = opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  /** The cloud's time now, as far as the last answer tells; the local clock before any answer. */
  cloudNow(): Date {
    return new Date(this.now().getTime() + (this.clockOffsetMs ?? 0));
  }

  async call<T>(call: Call<T>): Promise<T> {
    const attempts = call.idempotent ? (call.retries ?? this.retries) + 1 : 1;
    let last: Retryable | null = null;
    for (let attempt = 0; attempt < attempts; attempt++) {
      if (attempt > 0) await this.sleep(this.backoffMs * 2 ** (attempt - 1));
      try {
        return await this.once(call);
      } catch (e) {
        if (!(e instanceof Retryable)) throw e;
        last = e;
        this.opts.log?.warn('cloud call failed', { method: call.method, path: call.path, attempt: attempt + 1, of: attempts, why: e.message });
      }
    }
    throw unreachable(this.baseUrl, last?.why ?? 'noConnection', last?.message);
  }

  private async once<T>(call: Call<T>): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (call.body !== undefined) headers['content-type'] = 'application/json';
    if (call.token) headers.authorization = `Bearer ${call.token}`;
    let response: Response;
    let text: string;
    try {
      response = await this.fetchFn(this.baseUrl + call.path, {
        method: call.method,
        headers,
        body: call.body === undefined ? null : JSON.stringify(call.body),
        signal: AbortSignal.timeout(call.timeoutMs ?? this.timeoutMs),
        redirect: 'error',
      });
      text = await response.text();
    } catch (e) {
      const name = (e as Error)?.name;
      throw name === 'TimeoutError' || name === 'AbortError' ? new Retryable('timeout', 'no answer in time') : new Retryable('noConnection', 'no connection');
    }
    this.readClock(response);
    if (RETRY_STATUS.has(response.status)) throw new Retryable('serverError', `HTTP ${response.status}`);
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    if (response.status >= 500) throw unreachable(this.baseUrl, 'serverError', `HTTP ${response.status}`);
    if (!response.ok) throw fromCloudAnswer(response.status, json, call.path);
    const parsed = call.schema.safeParse(json);
    if (!parsed.success) {
      this.opts.log?.error('the cloud answered in an unexpected shape', { path: call.path, issues: parsed.error.issues.slice(0, 3).map((i) => i.path.join('.')) });
      throw new DojangError('INTERNAL', 'cloud.badAnswer');
    }
    return parsed.data;
  }

  private readClock(response: Response): void {
    const date = response.headers.get('date');
    const t = date ? Date.parse(date) : NaN;
    // The header has whole seconds; +500 ms centres the error.
    if (Number.isFinite(t)) this.clockOffsetMs = t + 500 - this.now().getTime();
  }
}

/** One spelling per cloud (it names the keychain account): lower-case origin + path, no trailing slash. */
export function normalizeCloudUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new DojangError('INVALID_REQUEST', 'cloud.urlInvalid', { url });
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new DojangError('INVALID_REQUEST', 'cloud.urlHttps', { url });
  if (u.protocol === 'http:' && !isLoopback(u.hostname)) {
    throw new DojangError('INVALID_REQUEST', 'cloud.urlHttpLocal', { url });
  }
  if (u.username || u.password || u.search || u.hash) throw new DojangError('INVALID_REQUEST', 'cloud.urlExtras', { url });
  return (u.origin + u.pathname).replace(/\/+$/, '');
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}
