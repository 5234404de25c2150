/** Test-only: runs the CLI in-process with a recording CliIo, and builds NPKI folders from the repo's fixtures. */
import { execFileSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CliIo } from './io.js';
import { runCli } from './main.js';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
import { NPKI_DIR as FIXTURES, KICA_DIR as KICA, KICA_PASSWORD, YESSIGN_DIR as YESSIGN, YESSIGN_PASSWORD } from '../../fixtures/paths.js';

export { FIXTURES, KICA, KICA_PASSWORD, YESSIGN, YESSIGN_PASSWORD };
/** The DN folder the yessign fixture would have in a real NPKI tree. */
export const YESSIGN_DN = 'cn=HKD(KILDONG.HONG)009104120200225191000030,ou=HNB,ou=personal4IB,o=yessign,c=kr';
/** Follows the 공동인증서 rules (SPEC §1.6). */
export const NEW_PASSWORD = 'Dojang#2024xy!';

export interface CliRun {
  code: number;
  out: string[];
  err: string[];
  /** Every io.json value, in order. */
  json: unknown[];
  prompts: string[];
  /** The one JSON document (throws when there is not exactly one). */
  doc<T = Record<string, unknown>>(): T;
  text(): string;
}

/**
 * `stdin`: the lines of stdin (for --…-stdin); `answers`: what the terminal prompt answers in order
 * (absent: there is no terminal, as with a pipe); `language`: the locale's language for this run
 * (absent: English, whatever the machine's locale).
 */
export async function run(argv: string[], opts: { stdin?: string[]; answers?: string[]; language?: 'ko' | 'en' } = {}): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const json: unknown[] = [];
  const prompts: string[] = [];
  const answers = [...(opts.answers ?? [])];
  const io: CliIo = {
    out: (t) => void out.push(t),
    err: (t) => void err.push(t),
    json: (v) => void json.push(JSON.parse(JSON.stringify(v))),
    stdinLines: async (n) => (opts.stdin ?? []).slice(0, n),
    prompt: async (q) => {
      prompts.push(q);
      if (!opts.answers) throw new Error('not a terminal');
      const a = answers.shift();
      if (a === undefined) throw new Error('test asked more than it scripted');
      return a;
    },
  };
  const saved = process.env.LC_ALL;
  process.env.LC_ALL = opts.language === 'ko' ? 'ko_KR.UTF-8' : 'C.UTF-8';
  let code: number;
  try {
    code = await runCli(argv, io);
  } finally {
    if (saved === undefined) delete process.env.LC_ALL;
    else process.env.LC_ALL = saved;
  }
  return {
    code,
    out,
    err,
    json,
    prompts,
    doc<T>() {
      if (json.length !== 1) throw new Error(`expected one JSON document, got ${json.length}; err: ${err.join('\n')}`);
      return json[0] as T;
    },
    text: () => [...out, ...err].join('\n'),
  };
}

export async function tempDir(prefix = 'dojang-cli-'): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), prefix));
}

/** `<dir>/NPKI/yessign/USER/<DN>/` holding the yessign fixture's pair; returns the DN folder. */
export async function yessignFolder(npkiRoot: string, dn = YESSIGN_DN): Promise<string> {
  const folder = path.join(npkiRoot, 'yessign', 'USER', dn);
  await mkdir(folder, { recursive: true });
  await cp(path.join(YESSIGN, 'signCert.der'), path.join(folder, 'signCert.der'));
  await cp(path.join(YESSIGN, 'signPri.key'), path.join(folder, 'signPri.key'));
  return folder;
}

export function openssl(args: string[], input?: Buffer): Buffer {
  return execFileSync('openssl', args, { input, stdio: ['pipe', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
}

/**
 * A certificate for the yessign fixture's own key, made by OpenSSL, whose identifyData carries
 * `vidHex` (none when null): the fixture's real IDN is not known, so a VID match needs this.
 */
export async function certWithVidFor(dir: string, vidHex: string | null): Promise<Buffer> {
  await writeFile(
    path.join(dir, 'vid.cnf'),
    [
      '[req]',
      'distinguished_name=dn',
      'x509_extensions=ext',
      '[dn]',
      '[ext]',
      vidHex ? 'subjectAltName=otherName:1.2.410.200004.10.1.1;SEQUENCE:idd' : 'basicConstraints=CA:FALSE',
      '[idd]',
      'realName=FORMAT:UTF8,UTF8String:홍길동',
      'infos=SEQUENCE:infos',
      '[infos]',
      'info=SEQUENCE:info',
      '[info]',
      'type=OID:1.2.410.200004.10.1.1.1',
      'vid=SEQUENCE:vid',
      '[vid]',
      'hashAlg=SEQUENCE:alg',
      `virtualId=EXPLICIT:0,FORMAT:HEX,OCTETSTRING:${vidHex ?? ''}`,
      '[alg]',
      'a=OID:2.16.840.1.101.3.4.2.1',
      '',
    ].join('\n'),
  );
  const out = path.join(dir, 'vid-cert.der');
  openssl([
    'req',
    '-x509',
    '-new',
    '-key',
    path.join(YESSIGN, 'signPri.key.decrypted.der'),
    '-keyform',
    'DER',
    '-utf8',
    '-config',
    path.join(dir, 'vid.cnf'),
    '-subj',
    '/CN=HKD',
    '-days',
    '1',
    '-outform',
    'DER',
    '-out',
    out,
  ]);
  return readFile(out);
}
