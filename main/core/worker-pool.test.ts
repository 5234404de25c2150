import { afterEach, describe, expect, it } from 'vitest';
import { DojangError } from '../../common/errors.js';
import { createWorkerPool, type WorkerPool } from './worker-pool.js';

// A real worker thread with three tasks: echo, a DojangError-shaped failure, and dying mid-task.
const SOURCE = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', ({ id, task, args }) => {
  if (task === 'echo') parentPort.postMessage({ id, ok: true, value: args });
  else if (task === 'fail') parentPort.postMessage({ id, ok: false, error: { code: 'WRONG_PASSWORD', key: 'key.wrongPassword', message: 'no' } });
  else process.exit(3);
});`;

let pool: WorkerPool;
afterEach(() => pool.close());

describe('the worker pool', () => {
  it('starts no worker before the first task, then at most its size, and answers every task', async () => {
    let started = 0;
    pool = createWorkerPool(() => (started++, { source: SOURCE }), 2);
    expect(started).toBe(0);
    const answers = await Promise.all([1, 2, 3, 4].map((n) => pool.run('echo', [n])));
    expect(answers).toEqual([[1], [2], [3], [4]]);
    expect(started).toBe(2);
  });

  it('carries a DojangError back with its code and message key', async () => {
    pool = createWorkerPool(() => ({ source: SOURCE }), 1);
    const error = await pool.run('fail', []).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DojangError);
    expect(error).toMatchObject({ code: 'WRONG_PASSWORD', key: 'key.wrongPassword' });
  });

  it('fails the task of a worker that dies, as INTERNAL, and replaces the worker for the next task', async () => {
    pool = createWorkerPool(() => ({ source: SOURCE }), 1);
    const error = await pool.run('die', []).catch((e: unknown) => e);
    expect((error as DojangError).code).toBe('INTERNAL');
    expect(await pool.run('echo', ['after'])).toEqual(['after']);
  });
});
