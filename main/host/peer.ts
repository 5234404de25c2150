/**
 * Peer credentials for loopback TCP (issue 12): on Linux the kernel's socket table
 * (/proc/net/tcp, tcp6) names the owner uid of the client's end of a connection, so the host
 * can refuse connections made by other local users before reading a byte. Elsewhere there is no
 * such table to read without privileges: the answer is "unknown" and the session cookie is the
 * only gate (docs/security.md).
 */
import { readFile } from 'node:fs/promises';
import { endianness } from 'node:os';

export type PeerOwner = { uid: number } | 'unknown' | 'not-found';

export interface Endpoint {
  address: string;
  port: number;
}

/** An IPv4 address as the kernel prints it: the 32-bit word in host byte order, in hex. */
function hexIPv4(address: string, littleEndian: boolean): string | null {
  const parts = address.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) return null;
  return Buffer.from(littleEndian ? parts.reverse() : parts)
    .toString('hex')
    .toUpperCase();
}

/** The address:port forms of an IPv4 endpoint in /proc/net/tcp and (v4-mapped) /proc/net/tcp6. */
export function procEndpoints(e: Endpoint, littleEndian = endianness() === 'LE'): string[] {
  const v4 = hexIPv4(e.address.replace(/^::ffff:/i, ''), littleEndian);
  if (!v4) return [];
  const port = e.port.toString(16).toUpperCase().padStart(4, '0');
  // ::ffff:a.b.c.d: four 32-bit words, each in host byte order
  const mapped = littleEndian ? 'FFFF0000' : '0000FFFF';
  return [`${v4}:${port}`, `0000000000000000${mapped}${v4}:${port}`];
}

const TIME_WAIT = '06';
const LISTEN = '0A';

/**
 * The uid owning the socket whose local end is `client` and remote end `server` in a
 * /proc/net/tcp-format table (columns: sl local rem st tx:rx tr:when retrnsmt uid …); null when
 * no live row matches (TIME_WAIT rows have no owner).
 */
export function socketOwnerIn(table: string, client: Endpoint, server: Endpoint, littleEndian?: boolean): number | null {
  const locals = procEndpoints(client, littleEndian);
  const remotes = procEndpoints(server, littleEndian);
  for (const line of table.split('\n').slice(1)) {
    const cols = line.trim().split(/\s+/);
    if (cols.length < 8 || cols[3] === TIME_WAIT || cols[3] === LISTEN) continue;
    if (!locals.includes(cols[1]!) || !remotes.includes(cols[2]!)) continue;
    const uid = Number(cols[7]);
    if (Number.isInteger(uid)) return uid;
  }
  return null;
}

const TABLES = ['/proc/net/tcp', '/proc/net/tcp6'];

async function readTables(): Promise<string[]> {
  return Promise.all(TABLES.map((t) => readFile(t, 'latin1').catch(() => '')));
}

/**
 * Looks connections' owners up in the kernel's tables, off the main thread (a read of a big
 * table takes milliseconds). Lookups that arrive while a read runs share the next read: it
 * starts after they were accepted, so their rows are in it; a flood of connections costs one
 * read at a time, not one each.
 */
export function createPeerLookup(platform: NodeJS.Platform = process.platform): (client: Partial<Endpoint>, server: Endpoint) => Promise<PeerOwner> {
  let waiting: (() => void)[] = [];
  let reading = false;
  let latest: string[] = [];
  async function pump(): Promise<void> {
    if (reading) return;
    reading = true;
    while (waiting.length > 0) {
      const batch = waiting;
      waiting = [];
      latest = await readTables();
      for (const done of batch) done();
    }
    reading = false;
  }
  return async (client, server) => {
    if (platform !== 'linux') return 'unknown';
    if (!client.address || !client.port) return 'not-found';
    await new Promise<void>((resolve) => {
      waiting.push(resolve);
      void pump();
    });
    for (const text of latest) {
      const uid = socketOwnerIn(text, { address: client.address, port: client.port }, server);
      if (uid !== null) return { uid };
    }
    return 'not-found';
  };
}

/** True when the connection may go on: same user, or an OS where the owner cannot be known. */
export function samePeerUser(owner: PeerOwner, uid: number | undefined): boolean {
  if (owner === 'unknown') return true;
  return owner !== 'not-found' && uid !== undefined && owner.uid === uid;
}
