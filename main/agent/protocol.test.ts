import { describe, expect, it } from 'vitest';
import { AGENT_PROTOCOL_VERSION } from '../../web/sdk/src/wire.js';
import { parseAgentRequest, signParamsSchema } from './protocol.js';

const request = (params: unknown) => ({ v: AGENT_PROTOCOL_VERSION, id: 'r1', origin: 'https://bank.example', request: { id: 'r1', method: 'sign', params } });
const code = (params: unknown) => {
  const parsed = parseAgentRequest(request(params));
  return parsed.ok ? 'ok' : (parsed.response as { error: { code: string } }).error.code;
};

describe('agent protocol schema', () => {
  it('fills the defaults a page may leave out', () => {
    expect(signParamsSchema.parse({ content: { texts: ['이체 10,000원'] } })).toEqual({
      content: { texts: ['이체 10,000원'] },
      encoding: 'UTF-8',
      format: 'CMS',
      detached: false,
      includeR: false,
      signType: 'other',
      filter: {},
    });
  });

  it('holds every bound: counts, lengths, hidden characters, unknown keys', () => {
    expect(code({ content: { texts: Array(16).fill('a') } })).toBe('ok');
    expect(code({ content: { texts: Array(17).fill('a') } })).toBe('INVALID_REQUEST');
    expect(code({ content: { texts: ['a'.repeat(64 * 1024 + 1)] } })).toBe('INVALID_REQUEST');
    expect(code({ content: { texts: ['\ud800 alone'] } })).toBe('INVALID_REQUEST');
    expect(code({ content: { texts: ['zero\u200bwidth'] } })).toBe('INVALID_REQUEST');
    expect(code({ content: { binaries: [{ name: '', data: 'AA' }] } })).toBe('INVALID_REQUEST');
    expect(code({ content: { texts: ['a'] }, filter: { kinds: [] } })).toBe('INVALID_REQUEST');
    expect(code({ content: { texts: ['a'] }, filter: { policyOids: ['1.2.410.200004.5.2.1.2'], extra: 1 } })).toBe('INVALID_REQUEST');
    expect(code({ content: { texts: ['a'] }, filter: { policyOids: ['1.2.04'] } })).toBe('INVALID_REQUEST');
    expect(code({ content: { texts: ['a'], binaries: [] } })).toBe('INVALID_REQUEST');
  });

  it('refuses an id longer than 64 characters at every level', () => {
    const long = 'x'.repeat(65);
    expect(parseAgentRequest({ ...request({ content: { texts: ['a'] } }), id: long }).ok).toBe(false);
    expect(parseAgentRequest({ ...request({ content: { texts: ['a'] } }), request: { id: long, method: 'hello' } }).ok).toBe(false);
    expect(parseAgentRequest({ ...request({ content: { texts: ['a'] } }), request: { id: 'h', method: 'hello' } }).ok).toBe(true);
  });
});
