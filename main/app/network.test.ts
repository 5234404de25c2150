/**
 * Node's stack honours the proxy from the environment: the cloud client (CloudApi over the real
 * cloud) and the revocation client (HttpClient, a real HTTP responder) go through a real forward
 * proxy on loopback, which sees the requests; a proxy that refuses or hangs is a clear error, in
 * bounded time. Without a proxy set, requests go direct.
 */
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudApi } from '../fincert/api.js';
import { TestCloud } from '../fincert/cloud.test-util.js';
import { httpClientOver, nodeFetch } from './network.js';

/** A forward proxy (absolute-form requests and CONNECT tunnels, as undici uses), recording what it forwarded. */
function forwardProxy(): Promise<{ url: string; seen: string[]; close(): Promise<void> }> {
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const target = new URL(req.url!);
    const upstream = http.request(target, { method: req.method, headers: { ...req.headers, host: target.host } }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    seen.push(`CONNECT ${req.url}`);
    const [host, port] = req.url!.split(':');
    const upstream = net.connect(Number(port), host!, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  return listen(server).then((url) => ({ url, seen, close: () => new Promise<void>((r) => server.close(() => r())) }));
}

function listen(server: http.Server | net.Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

const cloud = new TestCloud();
let responder: http.Server;
let responderUrl = '';
beforeAll(async () => {
  await cloud.start();
  responder = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/pkix-crl' }).end(Buffer.from([0x30, 0x03, 0x02, 0x01, 0x00])));
  responderUrl = await listen(responder);
}, 120_000);
afterAll(async () => {
  await cloud.stop();
  responder.close();
});

describe('Node’s stack and HTTP_PROXY', () => {
  it('the cloud and revocation clients go through the proxy when one is set', async () => {
    const proxy = await forwardProxy();
    try {
      const fetchFn = nodeFetch({ HTTP_PROXY: proxy.url });
      const api = new CloudApi({ baseUrl: cloud.url, fetch: fetchFn, retries: 0 });
      // The cloud's own answer, relayed by the proxy (the same for unknown people as for known ones: no account oracle).
      const answer = await api.connectRequest({ name: '없는사람', mobile: '010-0000-0000', birthDate: '19900101' });
      expect(answer).toMatchObject({ challengeID: expect.any(String), expiresIn: 180 });
      const crl = await httpClientOver(fetchFn)({ method: 'GET', url: `${responderUrl}/ca.crl`, timeoutMs: 5000, maxBytes: 1000 });
      expect(crl).toMatchObject({ status: 200, contentType: 'application/pkix-crl' });
      // undici tunnels (CONNECT) even to http:// targets; a plain forward request would count too.
      const through = (url: string) => proxy.seen.some((line) => line === `CONNECT ${new URL(url).host}` || line.split(' ')[1]?.startsWith(`${url}/`));
      expect(through(cloud.url)).toBe(true);
      expect(through(responderUrl)).toBe(true);
    } finally {
      await proxy.close();
    }
  });

  it('no proxy set: direct', async () => {
    const res = await httpClientOver(nodeFetch({}))({ method: 'GET', url: `${responderUrl}/ca.crl`, timeoutMs: 5000, maxBytes: 1000 });
    expect(res.status).toBe(200);
  });

  it('a proxy that refuses connections: a clear error naming the refusal', async () => {
    const closed = net.createServer();
    const url = await listen(closed);
    await new Promise<void>((r) => closed.close(() => r()));
    const e = await httpClientOver(nodeFetch({ HTTP_PROXY: url }))({ method: 'GET', url: `${responderUrl}/x`, timeoutMs: 5000, maxBytes: 1000 }).catch((err: unknown) => err);
    expect(e).toMatchObject({ name: 'HttpFailure', message: expect.stringMatching(/ECONNREFUSED/) });
    const api = new CloudApi({ baseUrl: cloud.url, fetch: nodeFetch({ HTTP_PROXY: url }), retries: 0 });
    await expect(api.connectRequest({ name: 'x', mobile: '010-0000-0000', birthDate: '19900101' })).rejects.toMatchObject({ code: 'CLOUD_UNREACHABLE' });
  });

  it('a proxy that accepts and never answers: the request’s own deadline ends it', async () => {
    const sockets: net.Socket[] = [];
    const silent = net.createServer((s) => void sockets.push(s));
    const url = await listen(silent);
    try {
      const e = await httpClientOver(nodeFetch({ HTTP_PROXY: url }))({ method: 'GET', url: `${responderUrl}/x`, timeoutMs: 300, maxBytes: 1000 }).catch((err: unknown) => err);
      expect(e).toMatchObject({ name: 'HttpFailure', message: 'no answer within 300 ms' });
      const api = new CloudApi({ baseUrl: cloud.url, fetch: nodeFetch({ HTTP_PROXY: url }), retries: 0, timeoutMs: 300 });
      await expect(api.connectRequest({ name: 'x', mobile: '010-0000-0000', birthDate: '19900101' })).rejects.toMatchObject({ code: 'CLOUD_UNREACHABLE' });
    } finally {
      for (const s of sockets) s.destroy();
      silent.close();
    }
  });
});
