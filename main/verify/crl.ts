/**
 * CRLs (RFC 5280 §5): decode, check the issuer's signature, decide whether a CRL covers a
 * certificate (issuer name; issuingDistributionPoint against the certificate's CRL distribution
 * points, because NPKI CAs partition their CRLs and a partition that lacks a serial says nothing
 * about it), and look the serial up. Delta and indirect CRLs are not used.
 */
import { Asn1Error, Tag, bool, children, content, contextNumber, expect, integerHex, oid, parse, raw, seq, time, toDer, type Tlv } from '../../common/pki/asn1.js';
import { canonicalName, checkSigned, displayName, sameName, type Cert, type SignatureCheck } from './x509.js';
import { parseLdapUrl } from './ldap-url.js';
import type { Message } from '../../preload/messages/format.js';
import { reasonMessage, reasonName, revocationResult, unknownRevocation, type RevocationResult } from './types.js';

export const MAX_CRL_BYTES = 32 << 20;

const CRL_EXT = {
  crlNumber: '2.5.29.20',
  reasonCode: '2.5.29.21',
  invalidityDate: '2.5.29.24',
  deltaCrlIndicator: '2.5.29.27',
  issuingDistributionPoint: '2.5.29.28',
  certificateIssuer: '2.5.29.29',
  authorityKeyIdentifier: '2.5.29.35',
  freshestCrl: '2.5.29.46',
} as const;

/** Critical extensions we process; any other critical one makes the CRL unusable. */
const UNDERSTOOD = new Set<string>([CRL_EXT.crlNumber, CRL_EXT.issuingDistributionPoint, CRL_EXT.authorityKeyIdentifier, CRL_EXT.deltaCrlIndicator]);

export interface RevokedEntry {
  revokedAt: Date;
  reason: number | null;
}

export interface IssuingDistributionPoint {
  /** URIs (as written) and directory names (canonical) this CRL is the partition for; null: no name. */
  names: string[] | null;
  onlyUserCerts: boolean;
  onlyCaCerts: boolean;
  onlySomeReasons: boolean;
  indirect: boolean;
  onlyAttributeCerts: boolean;
}

export interface ParsedCrl {
  der: Buffer;
  tbs: Buffer;
  issuerDer: Buffer;
  issuer: string;
  thisUpdate: Date;
  nextUpdate: Date | null;
  signatureAlgorithmOid: string;
  signature: Buffer;
  revoked: Map<string, RevokedEntry>;
  idp: IssuingDistributionPoint | null;
  isDelta: boolean;
  /** Critical extensions (CRL or entry) we do not process. */
  unsupportedCritical: string[];
}

function isTime(t: Tlv | undefined): boolean {
  return t !== undefined && (t.tag === Tag.UTC_TIME || t.tag === Tag.GENERALIZED_TIME);
}

function extensions(t: Tlv): { oid: string; critical: boolean; value: Buffer }[] {
  return seq(t, 'Extensions').map((e) => {
    const parts = seq(e, 'Extension');
    const critical = parts[1]?.tag === Tag.BOOLEAN ? bool(parts[1]) : false;
    return { oid: oid(parts[0]), critical, value: content(expect(parts.at(-1), Tag.OCTET_STRING, 'extnValue')) };
  });
}

function readIdp(value: Buffer): IssuingDistributionPoint {
  const out: IssuingDistributionPoint = {
    names: null,
    onlyUserCerts: false,
    onlyCaCerts: false,
    onlySomeReasons: false,
    indirect: false,
    onlyAttributeCerts: false,
  };
  const flag = (t: Tlv): boolean => {
    const c = content(t);
    if (c.length !== 1) throw new Asn1Error('bad BOOLEAN in issuingDistributionPoint');
    return c[0] !== 0;
  };
  for (const f of seq(parse(value), 'IssuingDistributionPoint')) {
    switch (contextNumber(f)) {
      case 0: {
        const [dpn] = children(f);
        out.names = [];
        if (dpn && dpn.tag === 0xa0) {
          for (const gn of children(dpn)) {
            if (gn.tag === 0x86) out.names.push(content(gn).toString('latin1'));
            else if (gn.tag === 0xa4) out.names.push(canonicalName(Buffer.from(raw(children(gn)[0]!))));
          }
        }
        break;
      }
      case 1:
        out.onlyUserCerts = flag(f);
        break;
      case 2:
        out.onlyCaCerts = flag(f);
        break;
      case 3:
        out.onlySomeReasons = true;
        break;
      case 4:
        out.indirect = flag(f);
        break;
      case 5:
        out.onlyAttributeCerts = flag(f);
        break;
      default:
        throw new Asn1Error('bad issuingDistributionPoint');
    }
  }
  return out;
}

function readEntry(t: Tlv, unsupported: Set<string>): [string, RevokedEntry] {
  const [serialT, dateT, extsT] = seq(t, 'revokedCertificate');
  let reason: number | null = null;
  if (extsT) {
    for (const e of extensions(expect(extsT, Tag.SEQUENCE, 'crlEntryExtensions'))) {
      if (e.oid === CRL_EXT.reasonCode) {
        const r = content(expect(parse(e.value), 0x0a, 'reasonCode'));
        if (r.length !== 1) throw new Asn1Error('bad reasonCode');
        reason = r[0]!;
      } else if (e.critical && e.oid !== CRL_EXT.invalidityDate) unsupported.add(e.oid);
    }
  }
  return [integerHex(serialT, 'userCertificate'), { revokedAt: time(dateT, 'revocationDate'), reason }];
}

/** Decodes a CRL (DER, PEM or base64). Throws Asn1Error when it is not one. */
export function parseCrl(input: Buffer | string): ParsedCrl {
  const d = toDer(input);
  if (d.length > MAX_CRL_BYTES) throw new Asn1Error('CRL too large');
  const [tbsT, algT, sigT, ...extra] = seq(parse(d), 'CertificateList');
  if (extra.length) throw new Asn1Error('extra fields in CertificateList');
  const f = seq(tbsT, 'TBSCertList');
  let i = f[0]?.tag === Tag.INTEGER ? 1 : 0;
  expect(f[i++], Tag.SEQUENCE, 'signature');
  const issuerT = expect(f[i++], Tag.SEQUENCE, 'issuer');
  const thisUpdate = time(f[i++], 'thisUpdate');
  const nextUpdate = isTime(f[i]) ? time(f[i++], 'nextUpdate') : null;
  const unsupported = new Set<string>();
  const revoked = new Map<string, RevokedEntry>();
  if (f[i]?.tag === Tag.SEQUENCE) {
    for (const e of children(f[i++]!)) {
      const [serial, entry] = readEntry(e, unsupported);
      revoked.set(serial, entry);
    }
  }
  let idp: IssuingDistributionPoint | null = null;
  let isDelta = false;
  if (f[i]?.tag === 0xa0) {
    for (const e of extensions(children(f[i++]!)[0]!)) {
      if (e.oid === CRL_EXT.issuingDistributionPoint) idp = readIdp(e.value);
      if (e.oid === CRL_EXT.deltaCrlIndicator) isDelta = true;
      if (e.critical && !UNDERSTOOD.has(e.oid)) unsupported.add(e.oid);
    }
  }
  if (i !== f.length) throw new Asn1Error('unexpected field in TBSCertList');
  const sig = content(expect(sigT, Tag.BIT_STRING, 'signatureValue'));
  if (sig.length < 1 || sig[0] !== 0) throw new Asn1Error('bad signatureValue');
  const issuerDer = Buffer.from(raw(issuerT));
  return {
    der: d,
    tbs: Buffer.from(raw(tbsT!)),
    issuerDer,
    issuer: displayName(issuerDer),
    thisUpdate,
    nextUpdate,
    signatureAlgorithmOid: oid(seq(algT, 'signatureAlgorithm')[0]),
    signature: Buffer.from(sig.subarray(1)),
    revoked,
    idp,
    isDelta,
    unsupportedCritical: [...unsupported],
  };
}

/** "ldap://host/ou=dp5p1,o=yessign,c=kr?certificateRevocationList" → "ou=dp5p1,o=yessign,c=kr". */
function ldapDn(url: string): string | null {
  try {
    return parseLdapUrl(url)
      .dn.toLowerCase()
      .replace(/\s*([,=+])\s*/g, '$1')
      .trim();
  } catch {
    return null;
  }
}

function sameDpName(a: string, b: string): boolean {
  if (a.toLowerCase() === b.toLowerCase()) return true;
  const da = a.includes('://') ? ldapDn(a) : a.replace(/\s*([,=+])\s*/g, '$1');
  const db = b.includes('://') ? ldapDn(b) : b.replace(/\s*([,=+])\s*/g, '$1');
  return da !== null && db !== null && da.length > 0 && da === db;
}

/** Why this CRL does not speak about `cert`, or null when it does. */
export function crlScopeProblem(crl: ParsedCrl, cert: Cert): Message | null {
  if (!sameName(crl.issuerDer, cert.parts.issuer.der)) return { key: 'revocation.crl.scope.otherCa', params: { issuer: crl.issuer } };
  if (crl.isDelta) return { key: 'revocation.crl.scope.delta' };
  const idp = crl.idp;
  if (!idp) return null;
  if (idp.indirect) return { key: 'revocation.crl.scope.indirect' };
  if (idp.onlySomeReasons) return { key: 'revocation.crl.scope.someReasons' };
  if (idp.onlyAttributeCerts) return { key: 'revocation.crl.scope.attributeCerts' };
  if (idp.onlyCaCerts && !cert.info.isCa) return { key: 'revocation.crl.scope.caOnly' };
  if (idp.onlyUserCerts && cert.info.isCa) return { key: 'revocation.crl.scope.userOnly' };
  if (idp.names && idp.names.length > 0) {
    const dps = cert.info.crlDistributionPoints;
    if (!idp.names.some((n) => dps.some((dp) => sameDpName(n, dp)))) return { key: 'revocation.crl.scope.otherPartition', params: { names: idp.names.join(', ') } };
  }
  return null;
}

export type CrlJudgement = RevocationResult | { applies: false; why: Message };

/** A CRL's signature, checked once per issuer key: a bulk verification judges the same list for every file (a ParsedCrl never changes). */
function crlSignature(crl: ParsedCrl, spki: Buffer): SignatureCheck {
  let byKey = crlSignatures.get(crl);
  if (!byKey) crlSignatures.set(crl, (byKey = new Map()));
  const id = spki.toString('latin1');
  let sig = byKey.get(id);
  if (!sig) byKey.set(id, (sig = checkSigned(crl.tbs, crl.signatureAlgorithmOid, crl.signature, spki)));
  return sig;
}
const crlSignatures = new WeakMap<ParsedCrl, Map<string, SignatureCheck>>();

/**
 * Judges a CRL about `cert` (issued by `issuer`). Never throws. A CA certificate's list is its
 * issuer's ARL, and is said so.
 */
export function judgeCrl(crl: ParsedCrl, cert: Cert, issuer: Cert, now: Date, skewMs = 5 * 60_000): CrlJudgement {
  const scope = crlScopeProblem(crl, cert);
  if (scope) return { applies: false, why: scope };
  const list = cert.info.isCa ? 'ARL' : 'CRL';
  const sig = crlSignature(crl, issuer.parts.spki);
  if (sig.result === 'unsupported') return unknownRevocation({ key: 'revocation.crl.unsupportedAlgorithm', params: { list, algorithm: sig.algorithm } });
  if (sig.result !== 'ok') return unknownRevocation({ key: 'revocation.crl.badSignature', params: { list } });
  if (crl.unsupportedCritical.length) return unknownRevocation({ key: 'revocation.crl.unsupportedCritical', params: { list, extensions: crl.unsupportedCritical.join(', ') } });
  if (crl.thisUpdate.getTime() > now.getTime() + skewMs) return unknownRevocation({ key: 'revocation.crl.future', params: { list, at: crl.thisUpdate.toISOString() } });
  if (!crl.nextUpdate) return unknownRevocation({ key: 'revocation.crl.noNextUpdate', params: { list } });
  if (crl.nextUpdate.getTime() < now.getTime() - skewMs) return unknownRevocation({ key: 'revocation.crl.stale', params: { list, at: crl.nextUpdate.toISOString() } });
  const entry = crl.revoked.get(cert.parts.serialHex);
  if (entry && entry.reason !== 8) {
    const date = entry.revokedAt.toISOString();
    return revocationResult({
      status: 'revoked',
      source: 'crl',
      message:
        entry.reason === null
          ? { key: 'revocation.crl.revoked', params: { list, date } }
          : { key: 'revocation.crl.revokedFor', params: { list, date, reason: reasonMessage(entry.reason) } },
      revokedAt: date,
      reason: entry.reason === null ? null : reasonName(entry.reason),
      validUntil: crl.nextUpdate,
    });
  }
  return revocationResult({
    status: 'good',
    source: 'crl',
    message: { key: 'revocation.crl.good', params: { list, at: crl.thisUpdate.toISOString() } },
    revokedAt: null,
    reason: null,
    validUntil: crl.nextUpdate,
  });
}
