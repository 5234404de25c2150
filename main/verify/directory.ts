/**
 * A missing CA certificate from the CA's own directory. Licensed-CA certificates carry no
 * caIssuers, but their CRL distribution point names the CA's LDAP directory; the issuing CA's
 * entry there (its subject DN) holds `cACertificate;binary`. What comes back is only a
 * candidate: the caller uses it only if the chain then ends at a trusted root (never trusted by
 * arrival).
 */
import { FetchFailure } from './sources.js';
import { formatLdapUrl, parseLdapUrl } from './ldap-url.js';
import type { RevocationChecker } from './revocation.js';
import { displayName, isCaCertificate, loadCert, sameName, type Cert } from './x509.js';

const MAX_CA_CERT_BYTES = 256 * 1024;
const MAX_DIRECTORIES = 2;

export type DirectoryAnswer = { url: string; certs: Buffer[] } | { url: string; problem: string };

/** The CA directories `cert` names (its ldap: CRL distribution points), as "ldap://host:port". */
function directoriesOf(cert: Cert): string[] {
  const out: string[] = [];
  for (const dp of cert.info.crlDistributionPoints) {
    try {
      const server = parseLdapUrl(dp).server;
      if (!out.includes(server)) out.push(server);
    } catch {
      // not an LDAP URL
    }
  }
  return out.slice(0, MAX_DIRECTORIES);
}

/**
 * Asks the directories `cert` names for its issuer's certificate; null when it names none.
 * Only CA certificates whose subject is `cert`'s issuer are returned.
 */
export async function issuerFromDirectory(checker: RevocationChecker, cert: Cert): Promise<DirectoryAnswer | null> {
  const servers = directoriesOf(cert);
  if (servers.length === 0) return null;
  let answer: DirectoryAnswer | null = null;
  for (const server of servers) {
    const url = formatLdapUrl(server, displayName(cert.parts.issuer.der), 'cACertificate;binary');
    try {
      const values = await checker.fetch(url, 'cACertificate;binary', MAX_CA_CERT_BYTES);
      const certs = values.filter((der) => {
        try {
          const c = loadCert(der);
          return isCaCertificate(c.parts) === true && sameName(c.parts.subject.der, cert.parts.issuer.der);
        } catch {
          return false;
        }
      });
      if (certs.length) return { url, certs };
      answer = { url, problem: 'the directory holds no CA certificate of that name' };
    } catch (e) {
      answer = { url, problem: e instanceof FetchFailure ? e.message : 'network error' };
    }
  }
  return answer;
}
