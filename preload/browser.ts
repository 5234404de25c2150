/**
 * The browser host's `window.dojang`: the same API over HTTP (POST /api/<method>) and
 * Server-Sent Events (/api/events). The session cookie set by the host authenticates both;
 * the page and this script are same-origin with the host.
 */
import { buildApi } from './build-api.js';
import type { EventMessage } from './contract.js';
import { bridgeError, type Outcome } from './errors.js';
import { unpackAnswer } from './list-wire.js';

// The app document came as the answer to the launch page's POST /launch (main/host/server.ts):
// its address becomes '/', so a reload asks for the app by GET (the launch code is spent).
if (location.pathname === '/launch') history.replaceState(null, '', '/');

const api = buildApi({
  host: 'browser',
  async invoke(method, request) {
    const response = await fetch(`/api/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(request),
      credentials: 'same-origin',
    });
    if (response.status === 403) {
      return { ok: false, error: bridgeError('FORBIDDEN', 'bridge.notAuthorised') };
    }
    return unpackAnswer(method, (await response.json()) as Outcome<unknown>);
  },
  subscribe(listener) {
    const source = new EventSource('/api/events');
    source.onmessage = (message: MessageEvent<string>) => {
      const parsed = JSON.parse(message.data) as EventMessage;
      listener(parsed.event, parsed.payload);
    };
  },
});

Object.defineProperty(window, 'dojang', { value: api, writable: false, configurable: false });
