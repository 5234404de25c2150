/**
 * The HTTP client revocation checks use: one request, a hard deadline for the whole exchange
 * (a responder that accepts the connection and then hangs must not hang us), a size cap on the
 * answer, no redirects, no cookies. Only http: and https: URLs.
 */
import http from 'node:http';
import https from 'node:https';

export interface HttpRequest {
  method: 'GET' | 'POST';
  url: string;
  body?: Buffer;
  headers?: Record<string, string>;
  timeoutMs: number;
  maxBytes: number;
}

export interface HttpResponse {
  status: number;
  contentType: string | null;
  body: Buffer;
}

/** Network trouble in words for a report ("timed out after 5000 ms", "connection refused"). */
export class HttpFailure extends Error {
  override name = 'HttpFailure';
}

export type HttpClient = (req: HttpRequest) => Promise<HttpResponse>;

export const httpRequest: HttpClient = (req) =>
  new Promise((resolve, reject) => {
    let url: URL;
    try {
      url = new URL(req.url);
    } catch {
      reject(new HttpFailure(`not a URL: ${req.url}`));
      return;
    }
    const lib = url.protocol === 'http:' ? http : url.protocol === 'https:' ? https : null;
    if (!lib) {
      reject(new HttpFailure(`unsupported scheme ${url.protocol}`));
      return;
    }
    let settled = false;
    const finish = (err: Error | null, value?: HttpResponse): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (err) {
        request.destroy();
        reject(err);
      } else resolve(value!);
    };
    const headers: Record<string, string> = { ...req.headers, Connection: 'close' };
    if (req.body) headers['Content-Length'] = String(req.body.length);
    // finish() runs only from the callbacks and the timer below, once `request` and `timer` exist
    // (a synchronous throw from lib.request rejects the promise before any timer is set).
    const request = lib.request(url, { method: req.method, headers, agent: false }, (res) => {
      const declared = Number(res.headers['content-length'] ?? NaN);
      if (declared > req.maxBytes) {
        finish(new HttpFailure(`answer too large (${declared} bytes)`));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > req.maxBytes) finish(new HttpFailure(`answer too large (over ${req.maxBytes} bytes)`));
        else chunks.push(c);
      });
      res.on('end', () => finish(null, { status: res.statusCode ?? 0, contentType: res.headers['content-type'] ?? null, body: Buffer.concat(chunks) }));
      res.on('error', (e) => finish(new HttpFailure(e.message)));
    });
    const timer = setTimeout(() => finish(new HttpFailure(`no answer within ${req.timeoutMs} ms`)), req.timeoutMs);
    request.on('error', (e: NodeJS.ErrnoException) => finish(new HttpFailure(e.code ? `${e.code}: ${e.message}` : e.message)));
    request.end(req.body);
  });
