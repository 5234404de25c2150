/**
 * LDAP URLs (RFC 4516) as the licensed CAs write them in CRL distribution points:
 *   ldap://ds.yessign.or.kr:389/ou=dp5p22874,ou=AccreditedCA,o=yessign,c=kr?certificateRevocationList
 *   ldap://dir.crosscert.com:389/CN=KISA-RootCA-4,OU=Korea-Certification-Authority-Central,O=KISA,C=KR?authorityRevocationList
 * ldap://host[:port]/dn[?attributes[?scope[?filter[?extensions]]]], each part percent-encoded.
 */

export interface LdapUrl {
  secure: boolean;
  host: string;
  port: number;
  /** Percent-decoded (RFC 4514 string form, as the URL wrote it). */
  dn: string;
  /** As written, e.g. "certificateRevocationList" or "certificateRevocationList;binary"; may be empty. */
  attributes: string[];
  scope: 'base' | 'one' | 'sub';
  filter: string;
  /** "ldap://host:port", what the client connects to ("" host: none named). */
  server: string;
}

export class LdapUrlError extends Error {
  override name = 'LdapUrlError';
}

function decode(part: string, what: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new LdapUrlError(`bad percent-encoding in the ${what}`);
  }
}

const ATTRIBUTE = /^[A-Za-z][A-Za-z0-9-]*(;[A-Za-z0-9-]+)*$|^\d+(\.\d+)+(;[A-Za-z0-9-]+)*$/;

/** Parses an ldap:// or ldaps:// URL. Throws LdapUrlError naming what is wrong. */
export function parseLdapUrl(url: string): LdapUrl {
  const m = /^(ldaps?):\/\/([^/?#]*)(?:\/([^?#]*))?(?:\?([^?#]*))?(?:\?([^?#]*))?(?:\?([^?#]*))?(?:\?([^?#]*))?$/i.exec(url.trim());
  if (!m) throw new LdapUrlError('not an LDAP URL');
  const secure = m[1]!.toLowerCase() === 'ldaps';
  const hostPort = decode(m[2]!, 'host');
  // RFC 4516 allows an empty host ("the client's default server"): parsed (a CRL's partition name may
  // be written so), but a verifier has no default server to fetch from (ldap.ts refuses it).
  const hp = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]*)(?::(\d{1,5}))?$/.exec(hostPort);
  if (!hp) throw new LdapUrlError(`bad host "${hostPort}"`);
  const host = hp[1]!.replace(/^\[|\]$/g, '');
  const port = hp[2] ? Number(hp[2]) : secure ? 636 : 389;
  if (port < 1 || port > 65535) throw new LdapUrlError(`bad port ${hp[2]}`);
  const dn = decode(m[3] ?? '', 'DN');
  const attributes = (m[4] ?? '')
    .split(',')
    .filter((a) => a !== '')
    .map((a) => decode(a, 'attribute'));
  for (const a of attributes) if (!ATTRIBUTE.test(a)) throw new LdapUrlError(`bad attribute "${a}"`);
  const scopeText = decode(m[5] ?? '', 'scope').toLowerCase() || 'base';
  if (scopeText !== 'base' && scopeText !== 'one' && scopeText !== 'sub') throw new LdapUrlError(`bad scope "${scopeText}"`);
  const filter = decode(m[6] ?? '', 'filter') || '(objectClass=*)';
  // A critical extension ("!name") we do not know must make the URL unusable (RFC 4516 §2).
  for (const ext of (m[7] ?? '').split(',').filter(Boolean)) {
    if (ext.startsWith('!')) throw new LdapUrlError(`unsupported critical extension ${decode(ext.slice(1).split('=')[0]!, 'extension')}`);
  }
  const hostText = host.includes(':') ? `[${host}]` : host;
  return { secure, host, port, dn, attributes, scope: scopeText, filter, server: `${secure ? 'ldaps' : 'ldap'}://${hostText}:${port}` };
}

/** "certificateRevocationList;binary" → "certificaterevocationlist" (the attribute type without options). */
export function attributeType(attribute: string): string {
  return attribute.split(';')[0]!.toLowerCase();
}

/** Builds an LDAP URL (the DN percent-encoded where RFC 4516 requires it). */
export function formatLdapUrl(server: string, dn: string, attribute: string): string {
  const enc = (s: string): string => s.replace(/[^A-Za-z0-9=,+;.\-_~!$&'()*:@]/gu, (c) => encodeURIComponent(c));
  return `${server}/${enc(dn)}?${attribute}`;
}
