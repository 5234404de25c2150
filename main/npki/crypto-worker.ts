/** Entry of the crypto worker thread (built as dist/main/crypto-worker.mjs): runs CRYPTO_TASKS for the pool. */
import { parentPort } from 'node:worker_threads';
import { DojangError } from '../../common/errors.js';
import type { ResultMessage, TaskMessage } from '../core/worker-pool.js';
import { CRYPTO_TASKS, type CryptoTask } from './crypto-tasks.js';

parentPort!.on('message', (msg: TaskMessage) => {
  let reply: ResultMessage;
  try {
    const run = CRYPTO_TASKS[msg.task as CryptoTask] as (...args: unknown[]) => unknown;
    if (typeof run !== 'function') throw new DojangError('INTERNAL', `unknown task ${msg.task}`);
    reply = { id: msg.id, ok: true, value: run(...msg.args) };
  } catch (e) {
    reply =
      e instanceof DojangError
        ? { id: msg.id, ok: false, error: { code: e.code, message: e.message, ...(e.detail ? { detail: e.detail } : {}) } }
        : { id: msg.id, ok: false, error: { code: 'INTERNAL', message: '내부 오류가 발생했습니다 (internal error)' } };
  }
  parentPort!.postMessage(reply);
});
