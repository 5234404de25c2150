/**
 * Test-only: a real OpenLDAP `slapd` (Debian's) on a free loopback port, with a temporary
 * slapd.conf (core + cosine + inetorgperson schema, one mdb database under c=kr, and a default
 * referral for names outside it) and a DIT loaded with `slapadd` before start. Ready means a
 * successful anonymous search, not a sleep. Under CI a missing slapd is a failure (CI installs it).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'ldapts';

export const SLAPD = '/usr/sbin/slapd';
export const SLAPADD = '/usr/sbin/slapadd';
const SCHEMA = '/etc/ldap/schema';

/** Why slapd cannot run here (null: it can). */
export function slapdMissing(): string | null {
  if (!existsSync(SLAPD) || !existsSync(SLAPADD)) return 'slapd is not installed (apt-get install slapd ldap-utils)';
  if (!existsSync(path.join(SCHEMA, 'core.schema'))) return 'the OpenLDAP schema files are missing';
  return null;
}

/** A free TCP port on 127.0.0.1 (released before it is used: the caller binds it next). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export interface LdapEntry {
  dn: string;
  objectClass: string[];
  /** Text attributes (the RDN's attribute among them). */
  text?: Record<string, string>;
  /** Binary attributes, e.g. { 'certificateRevocationList;binary': der }. */
  binary?: Record<string, Buffer[]>;
}

export const SUFFIX = 'c=kr';
export const ROOT_DN = 'cn=admin,c=kr';
export const ROOT_PW = 'dojang-test-only';

function ldif(entries: LdapEntry[]): string {
  return entries
    .map((e) => {
      const lines = [`dn: ${e.dn}`, ...e.objectClass.map((o) => `objectClass: ${o}`)];
      for (const [k, v] of Object.entries(e.text ?? {})) lines.push(/^[\x20-\x7e]*$/.test(v) && !v.startsWith(' ') ? `${k}: ${v}` : `${k}:: ${Buffer.from(v).toString('base64')}`);
      for (const [k, vs] of Object.entries(e.binary ?? {})) for (const v of vs) lines.push(`${k}:: ${v.toString('base64')}`);
      return lines.join('\n') + '\n';
    })
    .join('\n');
}

export interface Slapd {
  port: number;
  /** "ldap://127.0.0.1:port" */
  url: string;
  stop(): Promise<void>;
}

function config(dir: string, referral: string): string {
  return [
    `include ${SCHEMA}/core.schema`,
    `include ${SCHEMA}/cosine.schema`,
    `include ${SCHEMA}/inetorgperson.schema`,
    `pidfile ${dir}/slapd.pid`,
    `argsfile ${dir}/slapd.args`,
    'modulepath /usr/lib/ldap',
    'moduleload back_mdb',
    // Names outside c=kr get a referral (what a CA directory that moved would answer).
    `referral ${referral}`,
    'sizelimit unlimited',
    'database mdb',
    // room for the 50 MB CRL of the "too large" test
    'maxsize 1073741824',
    `suffix "${SUFFIX}"`,
    `rootdn "${ROOT_DN}"`,
    `rootpw ${ROOT_PW}`,
    `directory ${dir}/db`,
    'access to * by * read',
    '',
  ].join('\n');
}

async function ready(url: string, proc: ChildProcess, log: () => string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (proc.exitCode !== null) throw new Error(`slapd exited (${proc.exitCode}): ${log()}`);
    const c = new Client({ url, timeout: 1000, connectTimeout: 1000 });
    try {
      await c.search(SUFFIX, { scope: 'base' });
      return;
    } catch {
      // not listening yet: poll again
    } finally {
      await c.unbind().catch(() => undefined);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`slapd did not answer a search: ${log()}`);
}

/** Starts slapd holding `entries` (the c=kr root entry is added here), on `port` or a free one. */
export async function startSlapd(entries: LdapEntry[], port?: number): Promise<Slapd> {
  const missing = slapdMissing();
  if (missing) throw new Error(missing);
  const dir = mkdtempSync(path.join(tmpdir(), 'dojang-slapd-'));
  mkdirSync(path.join(dir, 'db'));
  port ??= await freePort();
  const conf = path.join(dir, 'slapd.conf');
  writeFileSync(conf, config(dir, `ldap://127.0.0.1:${port}/`));
  writeFileSync(path.join(dir, 'data.ldif'), ldif([{ dn: SUFFIX, objectClass: ['country'], text: { c: 'kr' } }, ...entries]));
  const add = spawnSync(SLAPADD, ['-f', conf, '-l', path.join(dir, 'data.ldif')], { encoding: 'utf8', maxBuffer: 16 << 20 });
  if (add.status !== 0) throw new Error(`slapadd failed: ${add.stderr}`);
  const url = `ldap://127.0.0.1:${port}`;
  // -d 0: stay in the foreground (so the test owns the process) without debug output.
  const proc = spawn(SLAPD, ['-f', conf, '-h', `${url}/`, '-d', '0'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  proc.stderr!.on('data', (c: Buffer) => {
    if (stderr.length < 8192) stderr += c.toString();
  });
  const stop = async (): Promise<void> => {
    if (proc.exitCode === null) {
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await ready(url, proc, () => stderr);
  } catch (e) {
    await stop();
    throw e;
  }
  return { port, url, stop };
}

/** A TCP server on loopback that accepts connections and never answers (a hung directory). */
export async function startSilentServer(): Promise<{ port: number; stop(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as net.AddressInfo).port,
    stop: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}
