/**
 * Test-only: the real cloud service (cloud/src, PGlite in a temp folder) as the peer of the
 * client's tests, with a clock that can be skewed, RA registration, the dev SMS outbox, and
 * stop / restart on the same port (a cloud that goes away mid-sign and comes back).
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { raRegister, readOutbox, startCloud, type CloudInstance } from '../../cloud/src/index.js';

export interface TestPerson {
  name: string;
  mobile: string;
  birthDate: string;
  idn: string;
}

let people = 0;

/** A new person each call (the cloud refuses two persons with the same contact details). */
export function newPerson(): TestPerson {
  people++;
  const n = String(process.pid % 1000).padStart(3, '0') + String(people).padStart(4, '0');
  return { name: `홍길동${people}`, mobile: `010${n.padStart(8, '1')}`, birthDate: '19900101', idn: `9001011${n.slice(-6)}` };
}

export class TestCloud {
  /** Added to the real time by the cloud's clock (ms). */
  skewMs = 0;
  instance: CloudInstance | null = null;
  port = 0;
  raKey = '';

  constructor(readonly dataDir: string = mkdtempSync(path.join(os.tmpdir(), 'dojang-fincert-cloud-'))) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.instance = await startCloud({
      dataDir: this.dataDir,
      port: this.port,
      clock: { now: () => new Date(Date.now() + this.skewMs) },
      pinCost: 10,
      jobIntervalMs: 0,
      logger: false,
      limits: {
        smsPerPerson: { limit: 1000, windowMs: 60_000 },
        smsPerAddress: { limit: 1000, windowMs: 60_000 },
        verifyPerAddress: { limit: 1000, windowMs: 60_000 },
        pinPerDevice: { limit: 1000, windowMs: 60_000 },
        pinPerPerson: { limit: 1000, windowMs: 60_000 },
      },
    });
    this.port = Number(new URL(this.instance.url).port);
    if (!this.raKey) this.raKey = (await this.instance.createRaKey('test bank')).key;
  }

  async stop(): Promise<void> {
    await this.instance?.close();
    this.instance = null;
  }

  /**
   * fetch as seen from a client of this cloud: the Date header carries the cloud's (possibly
   * skewed) clock, as a server whose system clock is off would send it.
   */
  readonly fetch: typeof fetch = async (input, init) => {
    const r = await fetch(input, init);
    if (this.skewMs === 0) return r;
    const headers = new Headers(r.headers);
    headers.set('date', new Date(Date.now() + this.skewMs).toUTCString());
    return new Response(r.body, { status: r.status, statusText: r.statusText, headers });
  };

  /** The bank registers the person: refNum / authCode for POST /v1/issue. */
  register(p: TestPerson) {
    return raRegister(this.url, this.raKey, p);
  }

  /** The latest SMS code sent to this mobile number (the dev outbox). */
  async lastCode(mobile: string): Promise<string> {
    const messages = (await readOutbox(this.dataDir)).filter((m) => m.to === mobile.replace(/-/g, ''));
    const last = messages.at(-1);
    if (!last) throw new Error(`no SMS to ${mobile}`);
    return last.code;
  }
}
