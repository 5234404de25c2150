import { describe, expect, it } from 'vitest';
import { createDispatcher, type Handlers } from './dispatch.js';
import { DojangError } from '../../common/errors.js';
import { requestSchemas } from '../../preload/schemas.js';
import { METHODS } from '../../preload/contract.js';
import type { Logger } from '../core/log.js';

function handlers(overrides: Partial<Handlers> = {}): Handlers {
  const unused = async () => {
    throw new Error('not called in this test');
  };
  const base = Object.fromEntries(METHODS.map((m) => [m, unused])) as unknown as Handlers;
  return { ...base, ...overrides };
}

function recordingLogger() {
  const lines: { message: string; fields?: Record<string, unknown> }[] = [];
  const log: Logger = { info: () => {}, warn: () => {}, error: (message, fields) => lines.push({ message, fields }) };
  return { log, lines };
}

describe('the contract', () => {
  it('lists every method that has a schema, and nothing else', () => {
    expect([...METHODS].sort()).toEqual(Object.keys(requestSchemas).sort());
  });
});

describe('dispatch', () => {
  it('runs the handler with the validated request', async () => {
    const { log } = recordingLogger();
    const dispatch = createDispatcher(handlers({ removeFolder: async ({ path }) => ({ language: 'ko', folders: [path], cloudUrl: null, notifications: true }) }), log);
    await expect(dispatch('removeFolder', { path: '/media/usb/NPKI' })).resolves.toEqual({
      ok: true,
      value: { language: 'ko', folders: ['/media/usb/NPKI'], cloudUrl: null, notifications: true },
    });
  });

  it('refuses an unknown method without calling anything', async () => {
    const dispatch = createDispatcher(handlers(), recordingLogger().log);
    const outcome = await dispatch('constructor', {});
    expect(outcome).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it.each([
    ['a missing field', {}],
    ['a wrong type', { path: 42 }],
    ['an unknown field', { path: '/x', extra: true }],
    ['an over-long string', { path: 'a'.repeat(5000) }],
    ['not an object', 'path'],
  ])('refuses %s with INVALID_REQUEST', async (_name, request) => {
    let called = false;
    const dispatch = createDispatcher(
      handlers({ removeFolder: async () => ((called = true), { language: 'ko', folders: [], cloudUrl: null, notifications: true }) }),
      recordingLogger().log,
    );
    const outcome = await dispatch('removeFolder', request);
    expect(outcome).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    expect(called).toBe(false);
  });

  it('passes a DojangError through as {code, key, params} (and its English text)', async () => {
    const dispatch = createDispatcher(
      handlers({
        listCertificates: async () => {
          throw new DojangError('NOT_FOUND', 'cli.noSuchFile', { path: '/a/b' }, { secret: 'stays in main' });
        },
      }),
      recordingLogger().log,
    );
    await expect(dispatch('listCertificates', {})).resolves.toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', key: 'cli.noSuchFile', params: { path: '/a/b' }, message: 'No such file: /a/b' },
    });
  });

  it('hides an unexpected error: INTERNAL without its text or stack, logged in main', async () => {
    const { log, lines } = recordingLogger();
    const dispatch = createDispatcher(
      handlers({
        listCertificates: async () => {
          throw new TypeError('secret internals at /home/user');
        },
      }),
      log,
    );
    const outcome = await dispatch('listCertificates', {});
    expect(outcome.ok).toBe(false);
    const text = JSON.stringify(outcome);
    expect(text).toContain('INTERNAL');
    expect(text).not.toContain('secret internals');
    expect(text).not.toContain('at ');
    expect(lines[0]?.fields?.error).toContain('secret internals');
  });
});
