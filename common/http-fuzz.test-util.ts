/**
 * Test-only: seeded mutations of raw HTTP requests sent over plain TCP sockets to a running server
 * (the browser host, the cloud service). Each case gets its own connection; the answer is the
 * status line's code, or how the connection ended.
 */
import net from 'node:net';
import { mutate, rng } from './fuzz.test-util.js';

/** Requests no mutator is likely to find on its own: the issue-12 crashers and parser edge cases. */
export const HOSTILE_TARGETS = [
  '//',
  '//[::1',
  'http://[',
  '/%c0%ae',
  '/%',
  '/%ff%fe',
  '/%00',
  '/a\u0000b',
  '*',
  'http://127.0.0.1/',
  '/..%2f..%2fetc%2fpasswd',
  '/' + 'a'.repeat(70_000),
  '/api/%E0%A4%A',
  '/launch?s=%',
];

export function request(lines: string[], body = ''): Buffer {
  return Buffer.from(lines.join('\r\n') + '\r\n\r\n' + body, 'latin1');
}

/** One raw exchange: the status code answered, or 'closed' / an error code when none came. */
export function exchange(port: number, bytes: Buffer): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    let head = '';
    let done = false;
    const finish = (what: string) => {
      if (done) return;
      done = true;
      socket.destroy();
      resolve(what);
    };
    // A safety net for requests the server rightly waits on (more headers or body to come): not a verdict.
    socket.setTimeout(1_000, () => finish('timeout'));
    socket.on('data', (chunk: Buffer) => {
      head += chunk.toString('latin1');
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(head);
      if (status) finish(status[1]!);
      else if (head.length > 64) finish('garbage');
    });
    socket.on('error', (e: NodeJS.ErrnoException) => finish(e.code ?? 'error'));
    socket.on('close', () => finish('closed'));
    // No half-close: a browser never sends one, and the host refuses connections whose owner it cannot see any more.
    socket.on('connect', () => socket.write(bytes));
  });
}

const HTTP_TOKENS = ['\r\n', '\n', '\r', ':', ' ', '%', '%c0%ae', '%00', '\u0000', '//', '[', '?', '#', '..', '\u00ff', ';', '=', ',', 'x'.repeat(9000)];

/** A byte mutation (fuzz.test-util) or an HTTP token spliced in where it hurts. */
function mutateRequest(src: Buffer, r: (n: number) => number): Buffer {
  if (src.length >= 8 && r(2) === 0) return mutate(src, r);
  const at = r(src.length + 1);
  const token = Buffer.from(HTTP_TOKENS[r(HTTP_TOKENS.length)]!, 'latin1');
  return Buffer.concat([src.subarray(0, at), token, src.subarray(at + r(3))]);
}

/** `cases` seeded mutations of the seeds (hostile targets included), `parallel` at a time: counts per answer. */
export async function fuzzServer(port: number, seeds: Buffer[], cases: number, seed: number, parallel = 16): Promise<Map<string, number>> {
  const r = rng(seed);
  const inputs: Buffer[] = [];
  for (const target of HOSTILE_TARGETS) {
    inputs.push(request([`GET ${target} HTTP/1.1`, `Host: 127.0.0.1:${port}`]));
    inputs.push(request([`POST ${target} HTTP/1.1`, `Host: 127.0.0.1:${port}`, 'Content-Type: application/json', 'Content-Length: 2'], '{}'));
  }
  inputs.push(request(['GET / HTTP/1.1', `Host: 127.0.0.1:${port}`, `X-Big: ${'x'.repeat(100_000)}`]));
  inputs.push(request(['GET / HTTP/1.1', `Host: 127.0.0.1:${port}`, ...Array.from({ length: 3000 }, (_, i) => `X-${i}: ${i}`)]));
  while (inputs.length < cases) {
    let bytes = seeds[r(seeds.length)]!;
    for (let n = 1 + r(3); n > 0; n--) bytes = mutateRequest(bytes, r);
    inputs.push(bytes);
  }
  const counts = new Map<string, number>();
  let next = 0;
  async function worker(): Promise<void> {
    while (next < inputs.length) {
      const answer = await exchange(port, inputs[next++]!);
      counts.set(answer, (counts.get(answer) ?? 0) + 1);
    }
  }
  await Promise.all(Array.from({ length: parallel }, worker));
  return counts;
}
