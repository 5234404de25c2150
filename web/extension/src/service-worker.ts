/**
 * The extension's service worker: the one place a page's request becomes an AgentRequest. The
 * origin is the browser's `sender.origin`, never anything in the body (the strict schema refuses
 * an `origin` field outright); the request is size-checked and validated like the app does, limited
 * per tab and origin, and sent to the native host on a port of its own, so that a page that goes
 * away closes the host, and Dojang withdraws the consent window.
 */
/// <reference types="chrome" />
import {
  AGENT_PROTOCOL_VERSION,
  MAX_MESSAGE_BYTES,
  NATIVE_HOST_NAME,
  agentError,
  pageRequestSchema,
  type AgentErrorCode,
  type AgentRequest,
  type AgentResponse,
} from '../../../main/agent/protocol.js';
import { RequestLimiter } from './limits.js';
import { isRelayableOrigin } from './origins.js';

const REQUEST_PORT = 'dojang-request';
const limiter = new RequestLimiter();

function idOf(message: unknown): string {
  const id = (message as { id?: unknown } | null)?.id;
  return typeof id === 'string' && id.length > 0 && id.length <= 64 ? id : '';
}

/** What a native port's end without an answer means for the page. */
function disconnectCode(reason: string | undefined): AgentErrorCode {
  // Chromium: "Specified native messaging host not found." / "Access to the specified native messaging host is forbidden."
  if (reason && /not found|forbidden/i.test(reason)) return 'AGENT_NOT_INSTALLED';
  return 'AGENT_NOT_RUNNING';
}

function checkAnswer(answer: unknown, request: AgentRequest): AgentResponse {
  const a = answer as Partial<AgentResponse> | null;
  if (!a || a.v !== AGENT_PROTOCOL_VERSION) return agentError(request.id, 'AGENT_VERSION_MISMATCH', 'Dojang and its browser extension are of different versions: update both.');
  if (a.id !== request.id) return agentError(request.id, 'INTERNAL', 'Dojang’s answer does not match the request.');
  if (a.ok && request.request.method === 'hello' && (a.value as { protocol?: unknown }).protocol !== AGENT_PROTOCOL_VERSION) {
    return agentError(request.id, 'AGENT_VERSION_MISMATCH', 'Dojang and its browser extension are of different versions: update both.');
  }
  return a as AgentResponse;
}

function relay(page: chrome.runtime.Port, origin: string, tabId: number, message: unknown): void {
  const answer = (response: AgentResponse) => {
    try {
      page.postMessage(response);
    } catch {
      // the page went away
    }
  };
  const id = idOf(message);
  if (new TextEncoder().encode(JSON.stringify(message) ?? '').length > MAX_MESSAGE_BYTES) return answer(agentError(id, 'INVALID_REQUEST', 'The request is too large.'));
  if (!isRelayableOrigin(origin)) return answer(agentError(id, 'SITE_NOT_ALLOWED', 'Dojang signs only for https pages.'));
  const parsed = pageRequestSchema.safeParse(message);
  if (!parsed.success) return answer(agentError(id, 'INVALID_REQUEST', 'The request is not a valid Dojang signing request.'));
  const { verdict, release } = limiter.admit(tabId, origin);
  if (verdict === 'BUSY') return answer(agentError(id, 'BUSY', 'This page already has a request waiting in Dojang.'));
  if (verdict === 'RATE_LIMITED') return answer(agentError(id, 'RATE_LIMITED', 'Too many requests from this site: wait a minute.'));

  const request: AgentRequest = { v: AGENT_PROTOCOL_VERSION, id: parsed.data.id, origin, request: parsed.data };
  const native = chrome.runtime.connectNative(NATIVE_HOST_NAME);
  let settled = false;
  const settle = (response: AgentResponse | null) => {
    if (settled) return;
    settled = true;
    release();
    native.disconnect();
    if (response) answer(response);
  };
  native.onMessage.addListener((reply: unknown) => settle(checkAnswer(reply, request)));
  native.onDisconnect.addListener(() => {
    const reason = chrome.runtime.lastError?.message;
    const code = disconnectCode(reason);
    settle(
      agentError(
        request.id,
        code,
        code === 'AGENT_NOT_INSTALLED'
          ? 'Dojang is not installed for this browser (or needs repair: Dojang → Settings → Web signing).'
          : 'Dojang’s native host stopped: open Dojang and try again.',
      ),
    );
  });
  // The page closed, navigated or withdrew: closing the native port ends the host, and Dojang's request.
  page.onDisconnect.addListener(() => settle(null));
  native.postMessage(request);
}

chrome.runtime.onConnect.addListener((page) => {
  const sender = page.sender;
  // Only our own content script, in a tab, with an origin the browser reported.
  if (page.name !== REQUEST_PORT || !sender || sender.id !== chrome.runtime.id || sender.tab?.id === undefined || typeof sender.origin !== 'string') {
    page.disconnect();
    return;
  }
  const origin = sender.origin;
  const tabId = sender.tab.id;
  const first = (message: unknown) => {
    page.onMessage.removeListener(first); // one request per port
    relay(page, origin, tabId, message);
  };
  page.onMessage.addListener(first);
});
