/**
 * RSA signing off the event loop. node:crypto has no asynchronous "sign this precomputed digest"
 * (crypto.sign hashes its input; privateEncrypt is synchronous), so a small pool of worker
 * threads does: data key (unwrapped with the HSM's help on the main thread, user-keys.ts
 * sadDataKey) → private key (JWK) → RSASSA-PKCS1-v1_5 over each DigestInfo.
 *
 * The worker keeps parsed keys for a few minutes (KeyObject setup costs as much as a signature),
 * keyed by a hash of the data key: a cached key is only reached by someone who could unwrap the
 * data key, i.e. who holds a valid SAD token and the HSM. The worker source is plain JavaScript evaluated
 * from a string, so it runs the same under tsx, vitest and an esbuild bundle.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

export interface SignJob {
  credentialId: string;
  /** The data key (user-keys.ts sadDataKey). */
  dk: Buffer;
  /** credentials.key_sealed */
  keySealed: Buffer;
  /** DER DigestInfo values to sign. */
  digestInfos: Buffer[];
}

const WORKER_SOURCE = String.raw`
const { parentPort } = require('node:worker_threads');
const crypto = require('node:crypto');
const CACHE_MAX = 256;
const CACHE_TTL_MS = 5 * 60 * 1000;
const cache = new Map();

function open(key, blob, aad) {
  if (blob.length < 29 || blob[0] !== 1) throw new Error('not a sealed blob');
  const d = crypto.createDecipheriv('aes-256-gcm', key, blob.subarray(1, 13));
  d.setAAD(Buffer.from(aad, 'utf8'));
  d.setAuthTag(blob.subarray(13, 29));
  return Buffer.concat([d.update(blob.subarray(29)), d.final()]);
}

function keyFor(job) {
  const dk = Buffer.from(job.dk);
  const id = crypto.createHash('sha256').update(dk).update(job.credentialId).digest('hex');
  const hit = cache.get(id);
  const now = Date.now();
  // The data key's copies here are wiped once it is hashed and the sealed key opened.
  let jwk;
  try {
    if (hit && now - hit.at < CACHE_TTL_MS) return hit.key;
    jwk = JSON.parse(open(dk, Buffer.from(job.keySealed), 'key|' + job.credentialId).toString('utf8'));
  } finally {
    dk.fill(0);
    job.dk.fill(0);
  }
  const key = crypto.createPrivateKey({ key: jwk, format: 'jwk' });
  cache.delete(id);
  cache.set(id, { key, at: now });
  if (cache.size > CACHE_MAX) cache.delete(cache.keys().next().value);
  return key;
}

parentPort.on('message', (msg) => {
  const out = msg.jobs.map((job) => {
    try {
      const key = keyFor(job);
      return { sigs: job.digestInfos.map((di) => crypto.privateEncrypt({ key, padding: crypto.constants.RSA_PKCS1_PADDING }, Buffer.from(di))) };
    } catch (e) {
      return { error: String(e && e.message) };
    }
  });
  parentPort.postMessage({ id: msg.id, out });
});
`;

interface Pending {
  resolve: (r: Array<{ sigs?: Uint8Array[]; error?: string }>) => void;
  reject: (e: Error) => void;
  jobs: number;
}

class PoolWorker {
  worker!: Worker;
  /** Jobs sent and not answered yet. */
  inFlight = 0;
  closed = false;
  private pending = new Map<number, Pending>();
  private nextId = 1;

  constructor() {
    this.spawn();
  }

  private spawn(): void {
    this.worker = new Worker(WORKER_SOURCE, { eval: true });
    this.worker.unref();
    this.worker.on('message', (m: { id: number; out: Array<{ sigs?: Uint8Array[]; error?: string }> }) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      this.inFlight -= p.jobs;
      p.resolve(m.out);
    });
    const fail = (e: Error): void => {
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
      this.inFlight = 0;
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => {
      fail(new Error(`signing worker exited (${code})`));
      if (!this.closed) this.spawn();
    });
  }

  run(jobs: SignJob[]): Promise<Array<{ sigs?: Uint8Array[]; error?: string }>> {
    const id = this.nextId++;
    this.inFlight += jobs.length;
    // Exact-size copies: a Buffer is often a view on an 8 KiB pool slab, and a message carries
    // the whole of a view's ArrayBuffer. The data-key copies are wiped once the message is made.
    const dks = jobs.map((j) => new Uint8Array(j.dk));
    const msg = jobs.map((j, k) => ({
      credentialId: j.credentialId,
      dk: dks[k],
      keySealed: new Uint8Array(j.keySealed),
      digestInfos: j.digestInfos.map((d) => new Uint8Array(d)),
    }));
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, jobs: jobs.length });
      try {
        this.worker.postMessage({ id, jobs: msg });
      } catch (e) {
        // Not sent: not in flight either.
        this.pending.delete(id);
        this.inFlight -= jobs.length;
        reject(e as Error);
      } finally {
        for (const dk of dks) dk.fill(0);
      }
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.worker.terminate();
  }
}

export class SignKeyError extends Error {
  override name = 'SignKeyError';
}

interface Queued {
  job: SignJob;
  resolve: (r: Buffer[] | SignKeyError) => void;
  reject: (e: Error) => void;
}

const SPLIT_ABOVE = 4;

export class SignPool {
  private readonly workers: PoolWorker[];
  private queued: Queued[] = [];
  private flushing = false;
  private idleWaiters: Array<() => void> = [];
  /** Flushes (the jobs of one SAD batch each) sent and not yet all answered. */
  private flushesOut = 0;

  constructor(size = Math.max(1, Math.min(4, availableParallelism()))) {
    this.workers = Array.from({ length: size }, () => new PoolWorker());
  }

  /**
   * Whether the workers hold enough to stay busy: two batches (or one and jobs waiting to be sent).
   * The SAD consumer holds its next batch while this is so: one batch signs while the next one is
   * consumed, and the one after grows meanwhile.
   */
  get busy(): boolean {
    return this.flushesOut + (this.queued.length > 0 ? 1 : 0) >= 2;
  }

  /** Calls `fn` once, the next time the pool is not busy (at once if it is not now). */
  onIdle(fn: () => void): void {
    if (this.busy) this.idleWaiters.push(fn);
    else fn();
  }

  private settled(): void {
    if (this.busy || !this.idleWaiters.length) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const fn of waiters) fn();
  }

  /**
   * Signs the jobs, spread over the least busy workers; one result per job, in order. Jobs asked
   * for in the same turn of the event loop (the requests of one SAD batch) travel together: one
   * message per worker, not one per request — posting a message costs more than the RSA operation.
   */
  signAll(jobs: SignJob[]): Promise<Array<Buffer[] | SignKeyError>> {
    return Promise.all(
      jobs.map(
        (job) =>
          new Promise<Buffer[] | SignKeyError>((resolve, reject) => {
            this.queued.push({ job, resolve, reject });
            if (!this.flushing) {
              this.flushing = true;
              setImmediate(() => this.flush());
            }
          }),
      ),
    );
  }

  private flush(): void {
    this.flushing = false;
    const all = this.queued;
    this.queued = [];
    const order = [...this.workers].sort((a, b) => a.inFlight - b.inFlight);
    // A few jobs go to the least busy worker in one message (a message costs about a third of a
    // signature on both threads); more are split so that every core signs.
    const share = all.length <= SPLIT_ABOVE ? all.length : Math.ceil(all.length / order.length);
    const sent: Promise<unknown>[] = [];
    for (let i = 0; i < order.length && i * share < all.length; i++) {
      const part = all.slice(i * share, (i + 1) * share);
      const run = order[i]!.run(part.map((q) => q.job));
      sent.push(run);
      run.then(
        (results) =>
          part.forEach((q, k) => {
            const r = results[k];
            q.resolve(r?.sigs ? r.sigs.map((s) => Buffer.from(s.buffer, s.byteOffset, s.byteLength)) : new SignKeyError(r?.error ?? 'sign failed'));
          }),
        (e: Error) => part.forEach((q) => q.reject(e)),
      );
    }
    this.flushesOut++;
    void Promise.allSettled(sent).then(() => {
      this.flushesOut--;
      this.settled();
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
  }
}

/** DigestInfo prefix for SHA-256 (RFC 8017 §9.2 note 1). */
const SHA256_DIGEST_INFO = Buffer.from('3031300d060960864801650304020105000420', 'hex');

export function sha256DigestInfo(hash: Buffer): Buffer {
  if (hash.length !== 32) throw new Error('a SHA-256 hash is 32 bytes');
  return Buffer.concat([SHA256_DIGEST_INFO, hash]);
}
