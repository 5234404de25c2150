/**
 * Reads one binary attribute (a CRL, an ARL, CA certificates) from a CA directory over LDAP with
 * `ldapts`: an anonymous base search of the URL's DN, as RFC 4516 URLs in certificates ask.
 * Bounded: one deadline for connect + search (a server that accepts and never answers cannot
 * hang us) and a cap on the bytes read from the socket (the answer is refused, not buffered,
 * once it passes the cap). Referrals are not followed. LDAP stays on Node sockets (no proxy).
 */
import net from 'node:net';
import tls from 'node:tls';
import { Client, ResultCodeError } from 'ldapts';
import { LdapUrlError, attributeType, parseLdapUrl } from './ldap-url.js';

export interface LdapRequest {
  url: string;
  /** The attribute to read when the URL names none, e.g. "certificateRevocationList". */
  attribute: string;
  timeoutMs: number;
  /** Cap on the bytes of the answer (the attribute plus LDAP framing). */
  maxBytes: number;
}

/** The values of the attribute (possibly none). Throws LdapFailure with the reason in words. */
export type LdapClient = (req: LdapRequest) => Promise<Buffer[]>;

/** LDAP trouble in words for a report ("connection refused", "the server answered with a referral"). */
export class LdapFailure extends Error {
  override name = 'LdapFailure';
}

/** Room for the LDAP envelope around the attribute value (DN, type names, result message). */
const FRAMING_BYTES = 64 * 1024;

const RESULT_WORDS: Record<number, string> = {
  3: 'the server ran out of time (timeLimitExceeded)',
  4: 'the server refused the answer size (sizeLimitExceeded)',
  10: 'the server answered with a referral (referrals are not followed)',
  32: 'no such entry in the directory',
  48: 'the directory needs a login for this entry',
  49: 'the directory refused the anonymous login',
  50: 'the directory denied access to this entry',
  51: 'the directory is busy',
  52: 'the directory is unavailable',
  53: 'the directory refused the search',
};

function words(e: unknown, timeoutMs: number): string {
  if (e instanceof LdapFailure) return e.message;
  if (e instanceof ResultCodeError) return RESULT_WORDS[e.code] ?? `the directory answered result code ${e.code}`;
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'the directory host name does not resolve';
  if (code === 'ECONNRESET') return 'the directory closed the connection';
  const msg = e instanceof Error ? e.message : String(e);
  if (/timeout/i.test(msg)) return `no answer within ${timeoutMs} ms`;
  return code ? `${code}: ${msg}` : msg.split('\n')[0]!;
}

/** Follows the BER framing of a stream of LDAPMessages; false once one declares more than `cap` bytes. */
export class FrameMeter {
  private header: number[] = [];
  private remaining = 0;

  constructor(private readonly cap: number) {}

  accept(chunk: Buffer): boolean {
    let i = 0;
    while (i < chunk.length) {
      if (this.remaining > 0) {
        const take = Math.min(this.remaining, chunk.length - i);
        this.remaining -= take;
        i += take;
        continue;
      }
      this.header.push(chunk[i++]!);
      const [, first] = this.header;
      if (first === undefined) continue;
      let length: number;
      if (first < 0x80) length = first;
      else {
        const n = first & 0x7f;
        if (n === 0 || n > 4) return false; // indefinite or absurd length: not LDAP as we take it
        if (this.header.length < 2 + n) continue;
        length = this.header.slice(2).reduce((a, b) => a * 256 + b, 0);
      }
      if (length > this.cap) return false;
      this.header = [];
      this.remaining = length;
    }
    return true;
  }
}

export const ldapSearch: LdapClient = async (req) => {
  let url;
  try {
    url = parseLdapUrl(req.url);
  } catch (e) {
    throw new LdapFailure(e instanceof LdapUrlError ? `not a usable LDAP URL: ${e.message}` : 'not a usable LDAP URL');
  }
  if (!url.host) throw new LdapFailure('not a usable LDAP URL: no host');
  const wanted = url.attributes[0] ?? req.attribute;
  const type = attributeType(wanted);
  const cap = req.maxBytes + FRAMING_BYTES;
  let socket: net.Socket | null = null;
  let tooLarge = false;
  // Reads each LDAPMessage's declared length as it arrives and cuts the connection when one is
  // over the cap, before ldapts buffers it (it would also spend the deadline re-joining chunks).
  const watch = <S extends net.Socket>(s: S): S => {
    socket = s;
    const frames = new FrameMeter(cap);
    s.on('data', (chunk: Buffer) => {
      if (!tooLarge && !frames.accept(chunk)) {
        tooLarge = true;
        s.destroy(new LdapFailure('too large'));
      }
    });
    return s;
  };
  const client = new Client({
    url: url.server,
    timeout: req.timeoutMs,
    connectTimeout: req.timeoutMs,
    strictDN: false,
    createConnection: ((port: number, host: string) => watch(net.connect(port, host))) as typeof net.connect,
    createSecureConnection: ((port: number, host: string, o: tls.ConnectionOptions) => watch(tls.connect(port, host, { ...o, servername: host }))) as typeof tls.connect,
  });
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new LdapFailure(`no answer within ${req.timeoutMs} ms`)), req.timeoutMs);
  });
  try {
    const search = client.search(url.dn, {
      scope: url.scope,
      filter: url.filter,
      // slapd answers "x;binary" for binary syntaxes whichever form was asked; ask for both.
      attributes: [type, `${type};binary`],
      sizeLimit: 2,
      timeLimit: Math.max(1, Math.ceil(req.timeoutMs / 1000)),
      explicitBufferAttributes: [wanted, type, `${type};binary`],
    });
    search.catch(() => undefined); // settled by the race below; a late rejection is not unhandled
    const result = await Promise.race([search, deadline]);
    if (result.searchEntries.length === 0) {
      throw new LdapFailure(result.searchReferences.length ? RESULT_WORDS[10]! : RESULT_WORDS[32]!);
    }
    const values: Buffer[] = [];
    for (const entry of result.searchEntries) {
      for (const [key, v] of Object.entries(entry)) {
        if (key === 'dn' || attributeType(key) !== type) continue;
        for (const x of Array.isArray(v) ? v : [v]) if (Buffer.isBuffer(x) && x.length > 0) values.push(x);
      }
    }
    return values;
  } catch (e) {
    if (tooLarge) throw new LdapFailure(`too large: the answer passed ${req.maxBytes} bytes`);
    throw new LdapFailure(words(e, req.timeoutMs));
  } finally {
    clearTimeout(timer);
    // No unbind exchange: closing the socket ends the session and cannot wait on the server.
    (socket as net.Socket | null)?.destroy();
  }
};
