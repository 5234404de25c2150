/** Entry of the crypto worker thread (built as dist/main/crypto-worker.mjs): runs CRYPTO_TASKS for the pool. */
import { parentPort } from 'node:worker_threads';
import { DojangError } from '../../common/errors.js';
import { bridgeError } from '../../preload/errors.js';
import type { ResultMessage, TaskMessage } from '../core/worker-pool.js';
import { CRYPTO_TASKS, type CryptoTask } from './crypto-tasks.js';

parentPort!.on('message', (msg: TaskMessage) => {
  let reply: ResultMessage;
  try {
    const run = CRYPTO_TASKS[msg.task as CryptoTask] as (...args: unknown[]) => unknown;
    if (typeof run !== 'function') throw new DojangError('INTERNAL', 'worker.unknownTask', { task: msg.task });
    reply = { id: msg.id, ok: true, value: run(...msg.args) };
  } catch (e) {
    reply =
      e instanceof DojangError
        ? { id: msg.id, ok: false, error: { ...e.toBridge(), ...(e.detail ? { detail: e.detail } : {}) } }
        : { id: msg.id, ok: false, error: bridgeError('INTERNAL', 'bridge.internal') };
  }
  parentPort!.postMessage(reply);
});
