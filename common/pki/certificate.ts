/**
 * X.509 certificate reading for NPKI certificates: the raw parts other modules need
 * (tbs bytes, SPKI, issuer name bytes, extensions) and a display model for the UI.
 * Known extensions are decoded; unknown ones are kept as bytes and never fail the parse.
 */
import { createPublicKey, hash, type KeyObject } from 'node:crypto';
import { DojangError } from '../errors.js';
import { Asn1Error, Tag, bitString, bool, children, content, expect, integerHex, oid, parse, raw, readTlv, seq, string, time, toDer, type Tlv } from './asn1.js';
import { matchCa, type CaName } from './ca-names.js';
import { ANY_POLICY_OID, lookupPolicy, type PolicyUsage } from './policies.js';

export type { PolicyUsage } from './policies.js';

export const OID = {
  identifyData: '1.2.410.200004.10.1.1',
  vid: '1.2.410.200004.10.1.1.1',
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  crlDistributionPoints: '2.5.29.31',
  certificatePolicies: '2.5.29.32',
  authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
  ocsp: '1.3.6.1.5.5.7.48.1',
  caIssuers: '1.3.6.1.5.5.7.48.2',
  rsaEncryption: '1.2.840.113549.1.1.1',
  ecPublicKey: '1.2.840.10045.2.1',
  sha1: '1.3.14.3.2.26',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
  sha256WithRSAEncryption: '1.2.840.113549.1.1.11',
} as const;

const SIGNATURE_ALGORITHMS: Record<string, string> = {
  '1.2.840.113549.1.1.4': 'md5WithRSAEncryption',
  '1.2.840.113549.1.1.5': 'sha1WithRSAEncryption',
  '1.2.840.113549.1.1.10': 'RSASSA-PSS',
  '1.2.840.113549.1.1.11': 'sha256WithRSAEncryption',
  '1.2.840.113549.1.1.12': 'sha384WithRSAEncryption',
  '1.2.840.113549.1.1.13': 'sha512WithRSAEncryption',
  '1.2.840.113549.1.1.14': 'sha224WithRSAEncryption',
  '1.2.840.10045.4.1': 'ecdsa-with-SHA1',
  '1.2.840.10045.4.3.2': 'ecdsa-with-SHA256',
  '1.2.840.10045.4.3.3': 'ecdsa-with-SHA384',
  '1.2.840.10045.4.3.4': 'ecdsa-with-SHA512',
  '1.3.101.112': 'Ed25519',
};

export const HASH_NAMES: Record<string, string> = {
  [OID.sha1]: 'sha1',
  [OID.sha256]: 'sha256',
  [OID.sha384]: 'sha384',
  [OID.sha512]: 'sha512',
  '2.16.840.1.101.3.4.2.4': 'sha224',
};

const EC_CURVE_BITS: Record<string, number> = {
  '1.2.840.10045.3.1.7': 256,
  '1.3.132.0.34': 384,
  '1.3.132.0.35': 521,
  '1.3.132.0.10': 256,
};

const NAME_ATTRIBUTES: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.4': 'SN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.9': 'STREET',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.12': 'title',
  '2.5.4.42': 'GN',
  '1.2.840.113549.1.9.1': 'emailAddress',
  '0.9.2342.19200300.100.1.1': 'UID',
  '0.9.2342.19200300.100.1.25': 'DC',
};

const KEY_USAGE_BITS = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'cRLSign',
  'encipherOnly',
  'decipherOnly',
] as const;

const MAX_CERT_BYTES = 256 * 1024;

export interface NameAttribute {
  oid: string;
  /** Short name (CN, O, …) or the dotted OID. */
  type: string;
  value: string;
}

/** A Name as RDNs in encoding order (C first, CN last, as stored). */
export interface ParsedName {
  der: Buffer;
  rdns: NameAttribute[][];
}

export interface Extension {
  oid: string;
  critical: boolean;
  value: Buffer;
}

export interface CertificateParts {
  der: Buffer;
  tbs: Buffer;
  serialHex: string;
  /** INTEGER content octets exactly as encoded (for IssuerAndSerialNumber). */
  serialDer: Buffer;
  issuer: ParsedName;
  subject: ParsedName;
  notBefore: Date;
  notAfter: Date;
  /** SubjectPublicKeyInfo DER, usable with crypto.createPublicKey({ format: 'der', type: 'spki' }). */
  spki: Buffer;
  keyAlgorithmOid: string;
  signatureAlgorithmOid: string;
  signature: Buffer;
  extensions: Extension[];
}

export interface IdentifyData {
  realName: string;
  vids: { hashAlgOid: string; hashAlg: string; virtualId: Buffer }[];
}

export interface CertificateInfo {
  /** identifyData realName when present, else the subject CN. */
  holder: string;
  subject: string;
  issuer: string;
  subjectCn: string | null;
  ca: CaName | null;
  serialHex: string;
  notBefore: string;
  notAfter: string;
  keyAlgorithm: string;
  keyBits: number | null;
  signatureAlgorithm: string;
  policyOid: string | null;
  policies: string[];
  usage: PolicyUsage | null;
  keyUsage: string[];
  crlDistributionPoints: string[];
  ocspUrls: string[];
  caIssuersUrls: string[];
  /** SHA-256 of the DER, lowercase hex without colons. */
  fingerprintSha256: string;
  vid: { hashAlg: string } | null;
  isCa: boolean;
}

function damaged(detail: string): DojangError {
  return new DojangError('FILE_DAMAGED', 'certificate.damaged', {}, { detail });
}

/** Runs a parse step, turning any decoding failure into FILE_DAMAGED. */
function guarded<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof DojangError) throw e;
    throw damaged(e instanceof Error ? e.message : String(e));
  }
}

export function parseName(t: Tlv): ParsedName {
  const rdns = seq(t, 'Name').map((rdn) =>
    seq(rdn, 'RelativeDistinguishedName', {}, Tag.SET).map((atv) => {
      const [typ, val] = seq(atv, 'AttributeTypeAndValue');
      const o = oid(typ);
      if (!val) throw new Asn1Error('attribute without value');
      const value = isStringTag(val.tag) ? string(val) : '#' + raw(val).toString('hex');
      return { oid: o, type: NAME_ATTRIBUTES[o] ?? o, value };
    }),
  );
  return { der: raw(t), rdns };
}

const STRING_TAGS: ReadonlySet<number> = new Set([
  Tag.UTF8_STRING,
  Tag.PRINTABLE_STRING,
  Tag.T61_STRING,
  Tag.IA5_STRING,
  Tag.VISIBLE_STRING,
  Tag.NUMERIC_STRING,
  Tag.BMP_STRING,
  Tag.UNIVERSAL_STRING,
]);

function isStringTag(tag: number): boolean {
  return STRING_TAGS.has(tag);
}

// eslint-disable-next-line no-control-regex
const RFC4514_SPECIAL = /[\\,+"<>;=\u0000-\u001f\u007f]/;

function escapeRfc4514(v: string): string {
  if (!RFC4514_SPECIAL.test(v) && !v.startsWith(' ') && !v.startsWith('#') && !v.endsWith(' ')) return v; // most values: nothing to escape
  if (v.startsWith('#') && /^#[0-9a-f]*$/.test(v)) return v;
  let s = v.replace(/[\\,+"<>;=]/g, (c) => '\\' + c);
  // eslint-disable-next-line no-control-regex
  s = s.replace(/[\u0000-\u001f\u007f]/g, (c) => '\\' + c.charCodeAt(0).toString(16).padStart(2, '0'));
  if (s.startsWith(' ') || s.startsWith('#')) s = '\\' + s;
  if (s.endsWith(' ') && s.length > 1) s = s.slice(0, -1) + '\\ ';
  return s;
}

/** RFC 4514 string: most specific RDN first (`CN=…,OU=…,O=…,C=kr`). */
export function formatName(name: ParsedName, typeCase: 'upper' | 'lower' = 'upper'): string {
  return [...name.rdns]
    .reverse()
    .map((rdn) =>
      rdn
        .map((a) => {
          const t = NAME_ATTRIBUTES[a.oid] ? (typeCase === 'lower' ? a.type.toLowerCase() : a.type) : a.oid;
          return `${t}=${escapeRfc4514(a.value)}`;
        })
        .join('+'),
    )
    .join(',');
}

export function nameValues(name: ParsedName, type: string): string[] {
  const values: string[] = [];
  for (const rdn of name.rdns) for (const a of rdn) if (a.type === type) values.push(a.value);
  return values;
}

interface Slices {
  der: Buffer;
  tbsT: Tlv;
  sigAlgT: Tlv | undefined;
  sigT: Tlv | undefined;
  serialT: Tlv;
  issuerT: Tlv;
  validityT: Tlv | undefined;
  subjectT: Tlv;
  spkiT: Tlv;
  /** Fields after the SPKI: unique IDs and [3] extensions. */
  rest: Tlv[];
}

/** Locates the top-level fields without decoding them (cheap). */
function slices(input: Buffer | string): Slices {
  const der = toDer(input);
  if (der.length > MAX_CERT_BYTES) throw damaged('too large');
  const [tbsT, sigAlgT, sigT, ...extra] = seq(parse(der), 'Certificate');
  if (extra.length) throw new Asn1Error('extra fields in Certificate');
  const f = seq(tbsT, 'TBSCertificate');
  let i = f[0] && f[0].tag === 0xa0 ? 1 : 0;
  const serialT = expect(f[i++], Tag.INTEGER, 'serialNumber');
  expect(f[i++], Tag.SEQUENCE, 'signature');
  const issuerT = expect(f[i++], Tag.SEQUENCE, 'issuer');
  const validityT = f[i++];
  const subjectT = expect(f[i++], Tag.SEQUENCE, 'subject');
  const spkiT = expect(f[i++], Tag.SEQUENCE, 'subjectPublicKeyInfo');
  return { der, tbsT: tbsT!, sigAlgT, sigT, serialT, issuerT, validityT, subjectT, spkiT, rest: f.slice(i) };
}

function readExtensions(rest: Tlv[]): Extension[] {
  const extensions: Extension[] = [];
  for (const f of rest) {
    if (f.tag !== 0xa3) continue; // issuerUniqueID / subjectUniqueID
    const [extsT] = children(f);
    for (const e of seq(extsT, 'Extensions')) {
      const parts = seq(e, 'Extension');
      const eo = oid(parts[0]);
      let critical = false;
      let valueT = parts[1];
      if (valueT && valueT.tag === Tag.BOOLEAN) {
        critical = bool(valueT);
        valueT = parts[2];
      }
      extensions.push({ oid: eo, critical, value: content(expect(valueT, Tag.OCTET_STRING, 'extnValue')) });
    }
  }
  return extensions;
}

/** Splits a certificate into the parts signature checks and other modules need. Throws FILE_DAMAGED. */
export function readCertificate(input: Buffer | string): CertificateParts {
  return guarded(() => {
    const s = slices(input);
    const [spkiAlgT, spkiKeyT] = children(s.spkiT);
    const keyAlgorithmOid = oid(seq(spkiAlgT, 'algorithm')[0]);
    bitString(spkiKeyT, 'subjectPublicKey');
    const [nbT, naT] = seq(s.validityT, 'validity');
    const signatureAlgorithmOid = oid(seq(s.sigAlgT, 'signatureAlgorithm')[0]);
    return {
      der: s.der,
      tbs: raw(s.tbsT),
      serialHex: integerHex(s.serialT),
      serialDer: content(s.serialT),
      issuer: parseName(s.issuerT),
      subject: parseName(s.subjectT),
      notBefore: time(nbT, 'notBefore'),
      notAfter: time(naT, 'notAfter'),
      spki: raw(s.spkiT),
      keyAlgorithmOid,
      signatureAlgorithmOid,
      signature: bitString(s.sigT, 'signatureValue').data,
      extensions: readExtensions(s.rest),
    };
  });
}

/** What CMS needs to find a signer certificate and its key, without decoding names. */
export interface CertificateLocator {
  der: Buffer;
  serialHex: string;
  /** INTEGER content octets exactly as encoded. */
  serialDer: Buffer;
  issuerDer: Buffer;
  spki: Buffer;
  subjectKeyId: Buffer | null;
}

/**
 * A cheap read of a certificate for signature checks. Throws FILE_DAMAGED. A certificate read
 * before comes back as the same (frozen, shared: read only) locator, made over a private copy.
 */
export function locateCertificate(input: Buffer | string): CertificateLocator {
  // A verifier meets the same few signer certificates again and again: the locator of a recent one
  // is kept (bounded, least recently used out first), looked up by a number made of the length and
  // the last 4 bytes (of the signature: no string built per call), then compared whole with the copy
  // it was made over: changed bytes, or another certificate with the same number, are read again.
  const id =
    Buffer.isBuffer(input) && input[0] === Tag.SEQUENCE && input.length > 64 && input.length <= MAX_CERT_BYTES
      ? input.readUInt32LE(input.length - 4) * MAX_CERT_BYTES + input.length
      : null;
  const known = id === null ? undefined : recentLocators.get(id);
  if (known && known.der.equals(input as Buffer)) {
    if (known !== newestLocator) {
      recentLocators.delete(id!);
      recentLocators.set(id!, known);
      newestLocator = known;
    }
    return known;
  }
  const own = id !== null ? Buffer.from(input as Buffer) : input; // a kept locator holds no caller's buffer
  const loc = guarded(() => locatorOf(slices(own)));
  if (id !== null && loc.der === own) {
    if (recentLocators.size >= RECENT_KEYS) recentLocators.delete(recentLocators.keys().next().value!);
    newestLocator = Object.freeze(loc);
    recentLocators.set(id, newestLocator);
  }
  return loc;
}

function locatorOf(s: Slices): CertificateLocator {
  const ski = readExtensions(s.rest).find((e) => e.oid === OID.subjectKeyIdentifier);
  return {
    der: s.der,
    serialHex: integerHex(s.serialT),
    serialDer: content(s.serialT),
    issuerDer: raw(s.issuerT),
    spki: raw(s.spkiT),
    subjectKeyId: ski ? content(expect(parse(ski.value), Tag.OCTET_STRING, 'subjectKeyIdentifier')) : null,
  };
}

const recentLocators = new Map<number, CertificateLocator>();
let newestLocator: CertificateLocator | null = null;

/**
 * A KeyObject for a SubjectPublicKeyInfo. RSA keys go through their PKCS#1 form: OpenSSL 3
 * imports that about ten times faster than SPKI (its SPKI path tries every decoder).
 */
export function publicKeyFromSpki(spki: Buffer): KeyObject {
  // A relying party sees the same few signers and CAs again and again; importing a key costs as much as
  // a verification, so recent keys are kept (public keys only; a KeyObject cannot change). Looked up by
  // the SPKI's last 40 bytes (the modulus's low bytes and the exponent), then compared whole.
  const id = spki.toString('latin1', Math.max(0, spki.length - 40));
  const known = recentKeys.get(id);
  if (known?.spki.equals(spki)) return known.key;
  const key = guarded(() => {
    const [algT, keyT] = children(parse(spki));
    if (oid(seq(algT, 'algorithm')[0]) === OID.rsaEncryption) {
      const { unused, data } = bitString(keyT);
      if (unused === 0) return createPublicKey({ key: data, format: 'der', type: 'pkcs1' });
    }
    return createPublicKey({ key: spki, format: 'der', type: 'spki' });
  });
  if (recentKeys.size >= RECENT_KEYS) recentKeys.delete(recentKeys.keys().next().value!);
  recentKeys.set(id, { spki: Buffer.from(spki), key });
  return key;
}

const RECENT_KEYS = 256;
const recentKeys = new Map<string, { spki: Buffer; key: KeyObject }>();

function ext(parts: CertificateParts, o: string): Buffer | null {
  return parts.extensions.find((e) => e.oid === o)?.value ?? null;
}

function parseExtValue(v: Buffer): Tlv {
  return parse(v);
}

/** identifyData (SPEC §1.3) from the subjectAltName otherName, or null when absent. */
export function readIdentifyData(parts: CertificateParts): IdentifyData | null {
  const san = ext(parts, OID.subjectAltName);
  if (!san) return null;
  return guarded(() => {
    for (const gn of seq(parseExtValue(san), 'GeneralNames')) {
      if (gn.tag !== 0xa0) continue; // otherName
      const [typeT, valueWrap] = children(gn);
      if (oid(typeT) !== OID.identifyData) continue;
      if (!valueWrap || valueWrap.tag !== 0xa0) throw new Asn1Error('identifyData without value');
      const [idT] = children(valueWrap);
      const [nameT, infosT] = seq(idT, 'IdentifyData');
      if (!nameT || !isStringTag(nameT.tag)) throw new Asn1Error('identifyData realName');
      const vids: IdentifyData['vids'] = [];
      if (infosT) {
        for (const info of seq(infosT, 'UserInfos')) {
          const [typ, vidT] = seq(info, 'UserInfo');
          if (oid(typ) !== OID.vid) continue;
          const [hashAlgT, virtualWrap] = seq(vidT, 'VID');
          const hashAlgOid = oid(seq(hashAlgT, 'hashAlg')[0]);
          if (!virtualWrap || virtualWrap.tag !== 0xa0) continue;
          const [vT] = children(virtualWrap);
          vids.push({
            hashAlgOid,
            hashAlg: HASH_NAMES[hashAlgOid] ?? hashAlgOid,
            virtualId: Buffer.from(content(expect(vT, Tag.OCTET_STRING, 'virtualId'))),
          });
        }
      }
      return { realName: string(nameT), vids };
    }
    return null;
  });
}

function readKeyUsage(v: Buffer): string[] {
  const { unused, data } = bitString(parseExtValue(v), 'keyUsage');
  const out: string[] = [];
  const totalBits = data.length * 8 - unused;
  KEY_USAGE_BITS.forEach((name, bit) => {
    if (bit < totalBits && (data[bit >> 3]! & (0x80 >> (bit & 7))) !== 0) out.push(name);
  });
  return out;
}

function readPolicies(v: Buffer): string[] {
  return seq(parseExtValue(v), 'certificatePolicies').map((pi) => oid(seq(pi, 'PolicyInformation')[0]));
}

/** URIs ([6] IA5String) among GeneralName elements. */
function uris(names: Tlv[]): string[] {
  return names.filter((n) => n.tag === 0x86).map((n) => content(n).toString('latin1'));
}

function readCrlDps(v: Buffer): string[] {
  const out: string[] = [];
  for (const dp of seq(parseExtValue(v), 'CRLDistributionPoints')) {
    for (const f of seq(dp, 'DistributionPoint')) {
      if (f.tag !== 0xa0) continue; // distributionPoint
      for (const dpn of children(f)) {
        if (dpn.tag === 0xa0) out.push(...uris(children(dpn))); // fullName
      }
    }
  }
  return out;
}

function readAia(v: Buffer): { ocsp: string[]; caIssuers: string[] } {
  const r = { ocsp: [] as string[], caIssuers: [] as string[] };
  for (const ad of seq(parseExtValue(v), 'AuthorityInfoAccess')) {
    const [m, loc] = seq(ad, 'AccessDescription');
    const method = oid(m);
    if (!loc) continue;
    if (method === OID.ocsp) r.ocsp.push(...uris([loc]));
    if (method === OID.caIssuers) r.caIssuers.push(...uris([loc]));
  }
  return r;
}

function readIsCa(v: Buffer): boolean {
  const [first] = seq(parseExtValue(v), 'BasicConstraints');
  return first !== undefined && first.tag === Tag.BOOLEAN && bool(first);
}

function keyDescription(parts: CertificateParts): { keyAlgorithm: string; keyBits: number | null } {
  const spki = parse(parts.spki);
  const [algT, keyT] = children(spki);
  const [, paramT] = children(algT!);
  switch (parts.keyAlgorithmOid) {
    case OID.rsaEncryption: {
      const { data } = bitString(keyT);
      const [nT] = seq(readTlv(data, 0, data.length), 'RSAPublicKey');
      const n = content(expect(nT, Tag.INTEGER, 'modulus'));
      let i = 0;
      while (i < n.length - 1 && n[i] === 0) i++;
      return { keyAlgorithm: 'RSA', keyBits: (n.length - i - 1) * 8 + 32 - Math.clz32(n[i] ?? 0) };
    }
    case OID.ecPublicKey: {
      const curve = paramT && paramT.tag === Tag.OID ? oid(paramT) : null;
      return { keyAlgorithm: 'EC', keyBits: curve ? (EC_CURVE_BITS[curve] ?? null) : null };
    }
    case '1.3.101.112':
      return { keyAlgorithm: 'Ed25519', keyBits: 256 };
    case '1.2.410.200004.1.1':
    case '1.2.410.200004.1.21':
      return { keyAlgorithm: 'KCDSA', keyBits: null };
    default:
      return { keyAlgorithm: parts.keyAlgorithmOid, keyBits: null };
  }
}

/** The display model of a certificate (DER or PEM). Throws DojangError FILE_DAMAGED. */
/**
 * NPKI subject CNs follow "<name>(<romanised name or empty>)<serial digits>", e.g.
 * "홍길동()0001234567890123": the holder is the part before the parenthesis. Other CNs stay whole.
 */
export function holderFromCn(cn: string | null): string | null {
  if (!cn) return null;
  const match = /^(.+?)\([^()]*\)\d+$/.exec(cn);
  return match ? match[1]!.trim() : cn;
}

export function parseCertificate(input: Buffer | string): CertificateInfo {
  const parts = readCertificate(input);
  return guarded(() => {
    const identify = readIdentifyData(parts);
    const subjectCn = nameValues(parts.subject, 'CN').at(-1) ?? null;
    const ku = ext(parts, OID.keyUsage);
    const cp = ext(parts, OID.certificatePolicies);
    const crl = ext(parts, OID.crlDistributionPoints);
    const aia = ext(parts, OID.authorityInfoAccess);
    const bc = ext(parts, OID.basicConstraints);
    const policies = cp ? readPolicies(cp) : [];
    const policyOid = policies.find((p) => lookupPolicy(p) !== null) ?? policies.find((p) => p !== ANY_POLICY_OID) ?? policies[0] ?? null;
    const access = aia ? readAia(aia) : { ocsp: [], caIssuers: [] };
    const firstVid = identify?.vids[0];
    return {
      holder: identify?.realName || holderFromCn(subjectCn) || formatName(parts.subject),
      subject: formatName(parts.subject),
      issuer: formatName(parts.issuer),
      subjectCn,
      ca: matchCa(nameValues(parts.issuer, 'O'), nameValues(parts.issuer, 'CN').at(-1) ?? null),
      serialHex: parts.serialHex,
      notBefore: parts.notBefore.toISOString(),
      notAfter: parts.notAfter.toISOString(),
      ...keyDescription(parts),
      signatureAlgorithm: SIGNATURE_ALGORITHMS[parts.signatureAlgorithmOid] ?? parts.signatureAlgorithmOid,
      policyOid,
      policies,
      usage: policyOid ? lookupPolicy(policyOid) : null,
      keyUsage: ku ? readKeyUsage(ku) : [],
      crlDistributionPoints: crl ? readCrlDps(crl) : [],
      ocspUrls: access.ocsp,
      caIssuersUrls: access.caIssuers,
      fingerprintSha256: hash('sha256', parts.der),
      vid: firstVid ? { hashAlg: firstVid.hashAlg } : null,
      isCa: bc ? readIsCa(bc) : false,
    };
  });
}
