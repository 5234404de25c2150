import { EventEmitter } from 'node:events';
import type { Drive, DriveLister } from './types.js';

/** Poll period: a plugged drive shows within two periods plus one listing, well inside 3 s. */
export const DRIVE_POLL_MS = 1000;

export interface DrivesChanged {
  added: Drive[];
  removed: Drive[];
  drives: Drive[];
}

/**
 * Polls a lister and emits `drivesChanged` when the set of mount points changes (no native modules:
 * each OS has a cheap listing). A failing listing is reported as `listError` and the last set is kept.
 * The first set is a change only when a scan went without it (forScan).
 */
export class DriveWatcher extends EventEmitter<{ drivesChanged: [DrivesChanged]; listError: [unknown] }> {
  private current = new Map<string, Drive>();
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private inFlight: Promise<DrivesChanged | null> | null = null;
  private firstListing: Promise<void> = Promise.resolve();
  /** The first listing has ended (or failed). */
  private listed = false;
  /** forScan() answered before that: the first set must come as a change. */
  private scannedEarly = false;
  private readonly list: DriveLister;
  private readonly intervalMs: number;

  constructor(opts: { list: DriveLister; intervalMs?: number }) {
    super();
    this.list = opts.list;
    this.intervalMs = opts.intervalMs ?? DRIVE_POLL_MS;
  }

  get drives(): Drive[] {
    return [...this.current.values()];
  }

  /** Lists once (the initial set: a change only after an early forScan()) and starts polling. */
  async start(): Promise<Drive[]> {
    if (!this.running) {
      this.running = true;
      this.firstListing = this.listFirst();
    }
    return this.known();
  }

  /**
   * The drives, once the first listing of start() has ended. For the renderer's drive list and
   * one-shot uses (the expiry reminder), not for a certificate list: see forScan().
   */
  async known(): Promise<Drive[]> {
    await this.firstListing;
    return this.drives;
  }

  /**
   * The drives for a scan, at once. On Windows the first listing starts PowerShell (~0.5–2 s), and
   * the first certificate list must not wait for it: a scan before that listing ends gets no drives,
   * and when it ends its drives are emitted as a change (added = all of them), as if plugged then,
   * so the list is refreshed with them. Without that event the stick would be missing until the
   * next change: the first set is otherwise not a change.
   */
  forScan(): Drive[] {
    if (!this.listed) this.scannedEarly = true;
    return this.drives;
  }

  private async listFirst(): Promise<void> {
    try {
      this.current = new Map((await this.list()).map((d) => [d.id, d]));
    } catch (e) {
      this.emit('listError', e);
    }
    this.listed = true;
    // Emitted before start()/known() resolve, so whoever waits there sees the change made.
    if (this.scannedEarly && this.current.size > 0 && this.running) {
      this.emit('drivesChanged', { added: this.drives, removed: [], drives: this.drives });
    }
    this.schedule();
  }

  stop(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(): void {
    if (!this.running || this.timer || this.inFlight) return;
    this.timer = setTimeout(() => void this.poll(), this.intervalMs);
    this.timer.unref();
  }

  /** One poll; exposed so a caller (or a test) can force a refresh now. Concurrent calls share one listing. */
  poll(): Promise<DrivesChanged | null> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.inFlight ??= this.pollOnce().finally(() => {
      this.inFlight = null;
      this.schedule();
    });
    return this.inFlight;
  }

  private async pollOnce(): Promise<DrivesChanged | null> {
    let change: DrivesChanged | null = null;
    try {
      const next = new Map((await this.list()).map((d) => [d.id, d]));
      const added = [...next.values()].filter((d) => !this.current.has(d.id));
      const removed = [...this.current.values()].filter((d) => !next.has(d.id));
      this.current = next;
      if (added.length || removed.length) {
        change = { added, removed, drives: this.drives };
        if (this.running) this.emit('drivesChanged', change);
      }
    } catch (e) {
      if (this.running) this.emit('listError', e);
    }
    return change;
  }
}
