/**
 * Where revocation data and CA certificates come from: one interface over two transports.
 * HTTP goes through the HttpClient seam (Node sockets, or Chromium's net.fetch in Electron);
 * LDAP goes through `ldapts` on Node sockets. Both apply the same deadline and size cap and
 * report trouble as a FetchFailure in words.
 */
import { HttpFailure, type HttpClient } from './http.js';
import { LdapFailure, type LdapClient } from './ldap.js';

export interface Transports {
  http: HttpClient;
  ldap: LdapClient;
}

export class FetchFailure extends Error {
  override name = 'FetchFailure';
}

export function transportOf(url: string): 'http' | 'ldap' | null {
  if (/^https?:\/\//i.test(url)) return 'http';
  if (/^ldaps?:\/\//i.test(url)) return 'ldap';
  return null;
}

/**
 * The values at `url`: an HTTP body (one value), or the LDAP attribute the URL names
 * (`defaultAttribute` when it names none). Never an empty list: that is a FetchFailure.
 */
export async function fetchValues(t: Transports, url: string, o: { timeoutMs: number; maxBytes: number; defaultAttribute: string }): Promise<Buffer[]> {
  const kind = transportOf(url);
  try {
    if (kind === 'http') {
      const res = await t.http({ method: 'GET', url, timeoutMs: o.timeoutMs, maxBytes: o.maxBytes });
      if (res.status !== 200) throw new FetchFailure(`the server answered HTTP ${res.status}`);
      if (res.body.length === 0) throw new FetchFailure('the server answered with an empty body');
      return [res.body];
    }
    if (kind === 'ldap') {
      const values = await t.ldap({ url, attribute: o.defaultAttribute, timeoutMs: o.timeoutMs, maxBytes: o.maxBytes });
      const attr = /\?([^?]+)/.exec(url)?.[1] ?? o.defaultAttribute;
      if (values.length === 0) throw new FetchFailure(`the directory entry has no ${decodeURIComponent(attr)} value`);
      const over = values.find((v) => v.length > o.maxBytes);
      if (over) throw new FetchFailure(`too large: the answer passed ${o.maxBytes} bytes`);
      return values;
    }
  } catch (e) {
    if (e instanceof FetchFailure) throw e;
    if (e instanceof HttpFailure || e instanceof LdapFailure) throw new FetchFailure(e.message);
    throw new FetchFailure('network error');
  }
  throw new FetchFailure('neither an http nor an ldap address');
}
