/**
 * The one HTTP seam of the main process: a fetch function the host chooses. Electron passes
 * Chromium's net.fetch (system proxy, PAC, the OS trust store); the browser host and the CLI keep
 * Node's stack, through undici's EnvHttpProxyAgent so HTTPS_PROXY / HTTP_PROXY / NO_PROXY apply.
 * The cloud client takes the fetch as is; the revocation client gets an HttpClient over it.
 */
import { HttpFailure, type HttpClient } from '../verify/http.js';

export type FetchFn = typeof fetch;

/**
 * Node's stack with the proxy from the environment (none set: direct). undici itself loads on the first
 * request through the proxy: it is the largest import of the hosts, and most starts send nothing.
 */
export function nodeFetch(env: NodeJS.ProcessEnv): FetchFn {
  const proxied = env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy;
  if (!proxied) return fetch;
  let proxy: Promise<{ fetch: typeof import('undici').fetch; dispatcher: import('undici').Dispatcher }> | null = null;
  const connect = () =>
    import('undici').then(({ EnvHttpProxyAgent, fetch: undiciFetch }) => ({
      fetch: undiciFetch,
      dispatcher: new EnvHttpProxyAgent({
        ...(env.HTTP_PROXY || env.http_proxy ? { httpProxy: env.HTTP_PROXY || env.http_proxy } : {}),
        ...(env.HTTPS_PROXY || env.https_proxy ? { httpsProxy: env.HTTPS_PROXY || env.https_proxy } : {}),
        ...(env.NO_PROXY || env.no_proxy ? { noProxy: env.NO_PROXY || env.no_proxy } : {}),
      }),
    }));
  return (async (input: Parameters<FetchFn>[0], init?: RequestInit) => {
    const { fetch: undiciFetch, dispatcher } = await (proxy ??= connect());
    return undiciFetch(input as string, { ...(init as object), dispatcher });
  }) as unknown as FetchFn;
}

function networkReason(e: unknown): string {
  const cause = (e as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code) return `${cause.code}: ${cause.message ?? ''}`.trim();
  return e instanceof Error ? e.message : String(e);
}

/** The revocation client's contract (one exchange, a deadline, a size cap, no redirects) over any fetch. */
export function httpClientOver(fetchFn: FetchFn): HttpClient {
  return async (req) => {
    const signal = AbortSignal.timeout(req.timeoutMs);
    let res: Response;
    try {
      res = await fetchFn(req.url, { method: req.method, headers: req.headers ?? {}, ...(req.body ? { body: new Uint8Array(req.body) } : {}), redirect: 'manual', signal });
    } catch (e) {
      if (signal.aborted) throw new HttpFailure(`no answer within ${req.timeoutMs} ms`);
      throw new HttpFailure(networkReason(e));
    }
    const declared = Number(res.headers.get('content-length') ?? NaN);
    if (declared > req.maxBytes) throw new HttpFailure(`answer too large (${declared} bytes)`);
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of (res.body ?? []) as unknown as AsyncIterable<Uint8Array>) {
        size += chunk.length;
        if (size > req.maxBytes) throw new HttpFailure(`answer too large (over ${req.maxBytes} bytes)`);
        chunks.push(Buffer.from(chunk));
      }
    } catch (e) {
      if (e instanceof HttpFailure) throw e;
      throw new HttpFailure(signal.aborted ? `no answer within ${req.timeoutMs} ms` : networkReason(e));
    }
    return { status: res.status, contentType: res.headers.get('content-type'), body: Buffer.concat(chunks) };
  };
}
