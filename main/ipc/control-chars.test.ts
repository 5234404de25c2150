/** Issue 12: NUL and other control characters in names, ids and paths → INVALID_REQUEST naming the field, never INTERNAL. */
import { describe, expect, it } from 'vitest';
import { createDispatcher, type Handlers } from './dispatch.js';
import { silentLogger } from '../core/log.js';

// Every handler fails the test if reached: the schema must refuse first.
const handlers = new Proxy({}, { get: () => () => Promise.reject(new Error('the handler ran')) }) as Handlers;
const dispatch = createDispatcher(handlers, silentLogger);

const CASES: [method: string, request: Record<string, unknown>, field: string][] = [
  ['cloudConnectStart', { name: '김\u0000도장', mobile: '010-1234-5678', birthDate: '19850505' }, 'name'],
  ['addFolder', { path: '/home/a\u0000b' }, 'path'],
  ['testPassword', { id: 'abc\u0000', password: 'x' }, 'id'],
  ['restoreCertificate', { recoveryId: 'r\u001b[2J' }, 'recoveryId'],
  ['openExternal', { url: 'https://example.com/\u0000' }, 'url'],
  ['cloudIssue', { refNum: '1\u00002', authCode: 'a', pin: '123456' }, 'refNum'],
  ['newChallenge', { text: 'line\u0000' }, 'text'],
];

describe('control characters through the bridge', () => {
  it.each(CASES)('%s refuses a control character in %j with INVALID_REQUEST naming the field', async (method, request, field) => {
    const outcome = await dispatch(method, request);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error.code).toBe('INVALID_REQUEST');
    expect(outcome.error.message).toContain(`(${field})`);
    expect(outcome.error.message).toMatch(/control characters/);
  });

  it('still takes line breaks where the field is free text', async () => {
    const outcome = await dispatch('newChallenge', { text: 'two\nlines' });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'INTERNAL' } }); // reached the (failing) handler
  });
});
