/**
 * A small pool of worker threads for CPU-heavy work (key derivation, PFX), so a slow key never
 * freezes the process that answers the window (issue 12). Workers start lazily, on the first
 * task, up to `size`; they hold the process open only while they work. A task's DojangError
 * crosses back with its code and message; anything else becomes INTERNAL. A worker that dies
 * fails its task and is replaced on the next one.
 */
import { Worker } from 'node:worker_threads';
import { DojangError } from '../../common/errors.js';
import type { BridgeError } from '../../preload/errors.js';

/** A module URL to start, or CommonJS source to evaluate (works where files sit inside an archive: asar). */
export type WorkerEntry = { url: URL } | { source: string };

export interface TaskMessage {
  id: number;
  task: string;
  args: unknown[];
}

export type ResultMessage = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: BridgeError & { detail?: Record<string, unknown> } };

interface Job {
  message: TaskMessage;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

export interface WorkerPool {
  run<T>(task: string, args: unknown[]): Promise<T>;
  /** Tasks running now (tests observe that a slow one is still running while others are served). */
  running(): number;
  close(): Promise<void>;
}

export function createWorkerPool(entry: () => WorkerEntry, size: number): WorkerPool {
  const idle: Worker[] = [];
  const busy = new Map<Worker, Job>();
  const queue: Job[] = [];
  let all: Worker[] = [];
  let nextId = 1;

  function spawnWorker(): Worker {
    const e = entry();
    const worker = 'url' in e ? new Worker(e.url) : new Worker(e.source, { eval: true });
    worker.unref();
    worker.on('message', (msg: ResultMessage) => {
      const job = busy.get(worker);
      if (!job || job.message.id !== msg.id) return;
      busy.delete(worker);
      if (msg.ok) job.resolve(msg.value);
      else job.reject(DojangError.revive(msg.error, msg.error.detail));
      worker.unref();
      idle.push(worker);
      pump();
    });
    const lost = (error: unknown) => {
      all = all.filter((w) => w !== worker);
      const i = idle.indexOf(worker);
      if (i >= 0) idle.splice(i, 1);
      const job = busy.get(worker);
      busy.delete(worker);
      job?.reject(new DojangError('INTERNAL', 'worker.stopped', {}, { error: String(error) }));
      pump();
    };
    worker.on('error', lost);
    worker.on('exit', (code) => lost(`exit ${code}`));
    all.push(worker);
    return worker;
  }

  function pump(): void {
    while (queue.length > 0) {
      const worker = idle.pop() ?? (all.length < size ? spawnWorker() : null);
      if (!worker) return;
      const job = queue.shift()!;
      busy.set(worker, job);
      worker.ref();
      worker.postMessage(job.message);
    }
  }

  return {
    run<T>(task: string, args: unknown[]): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ message: { id: nextId++, task, args }, resolve: resolve as (v: unknown) => void, reject });
        pump();
      });
    },
    running: () => busy.size,
    async close() {
      const workers = all;
      all = [];
      idle.length = 0;
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
