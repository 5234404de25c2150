/**
 * Sending the one-time code. SmsSender is the seam for a real gateway; the development sender
 * appends each message as one JSON line to <dataDir>/sms-outbox.log (the "phone" a developer or a
 * test reads) and logs that it did, without the code. It is refused in production.
 */
import { appendFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Log } from './services/context.js';

export interface SmsMessage {
  to: string;
  text: string;
  purpose: 'connect' | 'reset';
  challengeId: string;
  code: string;
}

export interface SmsSender {
  /** 'dev-outbox' for the development sender. */
  readonly kind: string;
  send(m: SmsMessage): Promise<void>;
}

export const SMS_OUTBOX_FILE = 'sms-outbox.log';

export function maskMobile(mobile: string): string {
  return mobile.length > 4 ? `${mobile.slice(0, 3)}****${mobile.slice(-4)}` : '****';
}

export function smsText(code: string): string {
  return `[Dojang] 인증번호 [${code}]를 3분 안에 입력해 주세요. 타인에게 알려 주지 마세요.`;
}

export class DevOutboxSender implements SmsSender {
  readonly kind = 'dev-outbox';
  readonly file: string;

  constructor(
    dataDir: string,
    private readonly log: Log,
  ) {
    this.file = path.join(dataDir, SMS_OUTBOX_FILE);
  }

  async send(m: SmsMessage): Promise<void> {
    const line = JSON.stringify({ at: new Date().toISOString(), ...m }) + '\n';
    // Written before send() first yields: the message is in the outbox by the time the request
    // that asked for it has been answered (connect codes are not awaited, see connect.ts).
    appendFileSync(this.file, line, { mode: 0o600 });
    this.log.info({ sms: { to: maskMobile(m.to), purpose: m.purpose, challengeId: m.challengeId, outbox: this.file } }, 'sms written to dev outbox');
  }
}

/** Reads the dev outbox (tests, and a developer's client in dev mode). Latest last. */
export async function readOutbox(dataDir: string): Promise<Array<SmsMessage & { at: string }>> {
  let text: string;
  try {
    text = await readFile(path.join(dataDir, SMS_OUTBOX_FILE), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  return text
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as SmsMessage & { at: string });
}
