/**
 * The content script: the only bridge between a page and the extension. It takes a request the
 * page posted to its own window (with the dojang-web marker and a MessagePort), relays it to the
 * service worker on a port of its own, and answers on the page's MessagePort only. It adds
 * nothing: the service worker learns the page's origin from the browser, not from here.
 */
/// <reference types="chrome" />
import { AGENT_PROTOCOL_VERSION, PAGE_MESSAGE_MARKER, type PortMessage, type WireResponse } from '../../sdk/src/wire.js';

const REQUEST_PORT = 'dojang-request';

window.addEventListener('message', (event: MessageEvent) => {
  if (event.source !== window) return; // another window or frame
  const data = event.data as { marker?: unknown; request?: unknown } | null;
  if (typeof data !== 'object' || data === null || data.marker !== PAGE_MESSAGE_MARKER) return;
  const reply = event.ports[0];
  if (!reply) return;
  const say = (message: PortMessage) => reply.postMessage(message);
  say({ type: 'ack' });

  const id = typeof (data.request as { id?: unknown })?.id === 'string' ? (data.request as { id: string }).id : '';
  const fail = (message: string) => {
    say({ type: 'response', response: { v: AGENT_PROTOCOL_VERSION, id, ok: false, error: { code: 'INTERNAL', message } } });
    reply.close();
  };
  let port: chrome.runtime.Port;
  try {
    port = chrome.runtime.connect({ name: REQUEST_PORT });
  } catch {
    // The extension was updated or reloaded under this page: the page must be reloaded.
    return fail('Dojang’s extension was updated: reload this page.');
  }
  let answered = false;
  port.onMessage.addListener((response: WireResponse) => {
    answered = true;
    say({ type: 'response', response });
    port.disconnect();
    reply.close();
  });
  port.onDisconnect.addListener(() => {
    if (!answered) fail('Dojang’s extension stopped before answering.');
  });
  // The page withdraws the request: the service worker closes the native host, Dojang's window closes.
  reply.onmessage = (e: MessageEvent<{ type?: unknown }>) => {
    if (e.data?.type === 'cancel' && !answered) {
      answered = true;
      port.disconnect();
      reply.close();
    }
  };
  port.postMessage(data.request);
});
