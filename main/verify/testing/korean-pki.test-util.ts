/**
 * Test-only: a certificate hierarchy shaped like the licensed CAs', made by the `openssl` CLI
 * (`openssl ca` keeps the index the OCSP responder and the CRLs are made from):
 *   "KISA RootCA 9 Test" (3072-bit)  ── ARL in the directory at CN=KISA-RootCA-9,OU=Korea-Certification-Authority-Central,O=KISA,C=KR
 *     ├ "yessignCA Class 4 Test" (3072)  CRL at ou=dp5p22874,ou=AccreditedCA,o=yessign,c=kr; OCSP by `openssl ocsp`
 *     ├ "signGATE CA6 Test" (2048)       revoked in the root's ARL
 *     └ "CrossCertCA5 Test" (2048)       its ARL DP names an ARL signed with the wrong key
 *   and, under an untrusted root, "TradeSignCA5 Test" (a directory entry that does not chain).
 * End-entity certificates carry LDAP CRL DPs (with and without ";binary") and OCSP URLs on odd ports.
 */
import { createPrivateKey, sign } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { der, encodeOid, tlv } from '../../../common/pki/asn1.js';
import { openssl } from '../../npki/fixtures.test-util.js';
import { loadCert } from '../x509.js';

export interface TestCa {
  name: string;
  dir: string;
  certPem: string;
  der: Buffer;
  keyFile: string;
  certFile: string;
  config: string;
}

export interface TestLeaf {
  der: Buffer;
  pem: string;
  keyFile: string;
  certFile: string;
}

const ROOT_ARL_DN = 'CN=KISA-RootCA-9,OU=Korea-Certification-Authority-Central,O=KISA,C=KR';
const FORGED_ARL_DN = 'CN=KISA-RootCA-9-Forged,OU=Korea-Certification-Authority-Central,O=KISA,C=KR';
export const YESSIGN_DP_DN = 'ou=dp5p22874,ou=AccreditedCA,o=yessign,c=kr';
export const SIGNGATE_DP_DN = 'ou=dp6p1,ou=AccreditedCA,o=signgate,c=kr';

/** CRLDistributionPoints with one URI, as DER hex (openssl's config syntax splits URIs at commas). */
function crlDpExtension(uri: string): string {
  const dp = der.seq(der.explicit(0, der.implicitConstructed(0, tlv(0x86, Buffer.from(uri, 'latin1')))));
  return 'DER:' + der.seq(dp).toString('hex');
}

function caConfig(dir: string): string {
  return `[ca]
default_ca = this
[this]
dir = ${dir}
database = ${dir}/index.txt
new_certs_dir = ${dir}/new
certificate = ${dir}/ca.pem
private_key = ${dir}/ca.key
serial = ${dir}/serial
crlnumber = ${dir}/crlnumber
default_md = sha256
default_days = 365
default_crl_days = 7
policy = any
unique_subject = no
copy_extensions = none
[any]
countryName = optional
organizationName = optional
organizationalUnitName = optional
commonName = supplied
`;
}

function newKey(file: string, bits: number): void {
  openssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', `rsa_keygen_bits:${bits}`, '-out', file]);
}

function caDir(root: string, name: string): { dir: string; config: string } {
  const dir = path.join(root, name);
  mkdirSync(path.join(dir, 'new'), { recursive: true });
  writeFileSync(path.join(dir, 'index.txt'), '');
  writeFileSync(path.join(dir, 'serial'), '1000\n');
  writeFileSync(path.join(dir, 'crlnumber'), '01\n');
  const config = path.join(dir, 'ca.cnf');
  writeFileSync(config, caConfig(dir));
  return { dir, config };
}

function asCa(name: string, dir: string, config: string): TestCa {
  const certFile = path.join(dir, 'ca.pem');
  const certPem = readFileSync(certFile, 'utf8');
  return { name, dir, certPem, der: loadCert(certPem).der, keyFile: path.join(dir, 'ca.key'), certFile, config };
}

function selfSignedRoot(root: string, name: string, subject: string, bits: number): TestCa {
  const { dir, config } = caDir(root, name);
  newKey(path.join(dir, 'ca.key'), bits);
  openssl([
    'req',
    '-x509',
    '-new',
    '-key',
    path.join(dir, 'ca.key'),
    '-subj',
    subject,
    '-days',
    '3650',
    '-sha256',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
    '-addext',
    'subjectKeyIdentifier=hash',
    '-out',
    path.join(dir, 'ca.pem'),
  ]);
  return asCa(name, dir, config);
}

/** Issues with `openssl ca` (so the issuer's index knows the serial); answers the PEM file. */
function issue(issuer: TestCa, keyFile: string, subject: string, ext: string[], out: string): void {
  const csr = out.replace(/\.pem$/, '.csr');
  const extFile = out.replace(/\.pem$/, '.ext');
  openssl(['req', '-new', '-key', keyFile, '-subj', subject, '-out', csr]);
  writeFileSync(extFile, `[ext]\n${ext.join('\n')}\n`);
  openssl(['ca', '-batch', '-notext', '-config', issuer.config, '-in', csr, '-out', out, '-extfile', extFile, '-extensions', 'ext', '-days', '365']);
}

function subCa(root: string, issuer: TestCa, name: string, subject: string, bits: number, arlUrl: string): TestCa {
  const { dir, config } = caDir(root, name);
  newKey(path.join(dir, 'ca.key'), bits);
  issue(
    issuer,
    path.join(dir, 'ca.key'),
    subject,
    [
      'basicConstraints=critical,CA:TRUE,pathlen:0',
      'keyUsage=critical,keyCertSign,cRLSign',
      'subjectKeyIdentifier=hash',
      'authorityKeyIdentifier=keyid',
      `crlDistributionPoints=${crlDpExtension(arlUrl)}`,
    ],
    path.join(dir, 'ca.pem'),
  );
  return asCa(name, dir, config);
}

function leaf(ca: TestCa, keyFile: string, name: string, cn: string, o: { crlUrl: string; ocspUrl?: string }): TestLeaf {
  const certFile = path.join(ca.dir, `${name}.pem`);
  const ext = [
    'basicConstraints=CA:FALSE',
    'keyUsage=critical,digitalSignature,nonRepudiation',
    'subjectKeyIdentifier=hash',
    'authorityKeyIdentifier=keyid',
    // yessign 개인 범용 (a policy the licensed CAs use)
    'certificatePolicies=1.2.410.200005.1.1.1',
    `crlDistributionPoints=${crlDpExtension(o.crlUrl)}`,
  ];
  if (o.ocspUrl) ext.push(`authorityInfoAccess=OCSP;URI:${o.ocspUrl}`);
  issue(ca, keyFile, `/C=KR/O=yessign/OU=personal4IB/OU=AccreditedCA/CN=${cn}`, ext, certFile);
  const pem = readFileSync(certFile, 'utf8');
  return { der: loadCert(pem).der, pem, keyFile, certFile };
}

function revoke(ca: TestCa, certFile: string): void {
  openssl(['ca', '-config', ca.config, '-revoke', certFile, '-crl_reason', 'keyCompromise']);
}

function readCrl(ca: TestCa, keyFile: string, certFile: string): Buffer {
  const out = path.join(ca.dir, `crl-${Date.now()}-${Math.random().toString(16).slice(2)}.pem`);
  openssl(['ca', '-gencrl', '-config', ca.config, '-keyfile', keyFile, '-cert', certFile, '-crldays', '7', '-out', out]);
  return openssl(['crl', '-in', out, '-outform', 'DER']);
}

/**
 * A CRL of `issuer` of about `bytes` bytes (revoked serials 1..n), signed with its key: the
 * "50 MB CRL" a directory might serve. Built directly (openssl ca would take minutes).
 */
export function bigCrl(issuer: TestCa, bytes: number): Buffer {
  const entryLen = 2 + 6 + 15; // SEQUENCE { INTEGER (4 bytes), UTCTime }
  const n = Math.ceil(bytes / entryLen);
  const when = Buffer.from('260101000000Z', 'latin1');
  const entries = Buffer.alloc(n * entryLen);
  for (let i = 0, o = 0; i < n; i++, o += entryLen) {
    entries[o] = 0x30;
    entries[o + 1] = entryLen - 2;
    entries[o + 2] = 0x02;
    entries[o + 3] = 4;
    entries.writeUInt32BE(0x10000000 + i, o + 4);
    entries[o + 8] = 0x17;
    entries[o + 9] = 13;
    when.copy(entries, o + 10);
  }
  const sha256Rsa = der.seq(tlv(0x06, encodeOid('1.2.840.113549.1.1.11')), der.null());
  const now = Date.now();
  const utc = (t: number): Buffer => tlv(0x17, Buffer.from(new Date(t).toISOString().replace(/^\d\d(\d\d)-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d).*$/, '$1$2$3$4$5$6Z'), 'latin1'));
  const tbs = der.seq(der.int(1), sha256Rsa, loadCert(issuer.der).parts.subject.der, utc(now - 3600_000), utc(now + 7 * 86400_000), tlv(0x30, entries));
  const sig = sign('sha256', tbs, createPrivateKey(readFileSync(issuer.keyFile)));
  return der.seq(tbs, sha256Rsa, der.bitString(sig));
}

export interface KoreanPki {
  root: TestCa;
  yessign: TestCa;
  signgate: TestCa;
  crosscert: TestCa;
  rogueRoot: TestCa;
  rogueCa: TestCa;
  leaves: {
    /** OCSP (good) + LDAP CRL DP */
    ocspGood: TestLeaf;
    /** OCSP says revoked */
    ocspRevoked: TestLeaf;
    /** LDAP CRL DP without ";binary", good */
    crlGood: TestLeaf;
    /** LDAP CRL DP with ";binary", revoked in the CRL */
    crlRevoked: TestLeaf;
    /** under signGATE CA6 Test, which the root's ARL revokes */
    underRevokedCa: TestLeaf;
    /** under the rogue CA (its directory entry does not chain to the trusted root) */
    rogue: TestLeaf;
    hang: TestLeaf;
    refused: TestLeaf;
    referral: TestLeaf;
    empty: TestLeaf;
    big: TestLeaf;
  };
  /** The directory's revocation lists. */
  lists: { rootArl: Buffer; forgedArl: Buffer; yessignCrl: Buffer; signgateCrl: Buffer; rogueCrl: Buffer };
  /** A leaf key (for CMS signing with the leaves). */
  leafKeyFile: string;
}

export interface PkiPorts {
  ldap: number;
  ocsp: number;
  hang: number;
  refused: number;
}

/** Builds the hierarchy in `dir`. Takes a few seconds (3072-bit keys). */
export function buildKoreanPki(dir: string, ports: PkiPorts): KoreanPki {
  const ldap = `ldap://127.0.0.1:${ports.ldap}`;
  const ocspUrl = `http://127.0.0.1:${ports.ocsp}/`;
  const root = selfSignedRoot(dir, 'root', '/C=KR/O=KISA/OU=Korea Certification Authority Central/CN=KISA RootCA 9 Test', 3072);
  const arl = `${ldap}/${ROOT_ARL_DN}?authorityRevocationList`;
  const yessign = subCa(dir, root, 'yessign', '/C=KR/O=yessign/OU=AccreditedCA/CN=yessignCA Class 4 Test', 3072, arl);
  const signgate = subCa(dir, root, 'signgate', '/C=KR/O=signgate/OU=AccreditedCA/CN=signGATE CA6 Test', 2048, arl);
  const crosscert = subCa(dir, root, 'crosscert', '/C=KR/O=crosscert/OU=AccreditedCA/CN=CrossCertCA5 Test', 2048, `${ldap}/${FORGED_ARL_DN}?authorityRevocationList`);
  const rogueRoot = selfSignedRoot(dir, 'rogue-root', '/C=KR/O=KISA/OU=Korea Certification Authority Central/CN=KISA RootCA 9 Test', 2048);
  const rogueCa = subCa(dir, rogueRoot, 'rogue', '/C=KR/O=tradesign/OU=AccreditedCA/CN=TradeSignCA5 Test', 2048, arl);

  const leafKeyFile = path.join(dir, 'leaf.key');
  newKey(leafKeyFile, 2048);
  const dp = (dn: string, attr = 'certificateRevocationList'): string => `${ldap}/${dn}?${attr}`;
  const leaves: KoreanPki['leaves'] = {
    ocspGood: leaf(yessign, leafKeyFile, 'ocsp-good', '홍길동()0011223344556677', { crlUrl: dp(YESSIGN_DP_DN), ocspUrl }),
    ocspRevoked: leaf(yessign, leafKeyFile, 'ocsp-revoked', '김철수()0011223344556678', { crlUrl: dp(YESSIGN_DP_DN), ocspUrl }),
    crlGood: leaf(yessign, leafKeyFile, 'crl-good', '이영희()0011223344556679', { crlUrl: dp(YESSIGN_DP_DN) }),
    crlRevoked: leaf(yessign, leafKeyFile, 'crl-revoked', '박민수()0011223344556680', { crlUrl: dp(YESSIGN_DP_DN, 'certificateRevocationList;binary') }),
    underRevokedCa: leaf(signgate, leafKeyFile, 'under-revoked-ca', '최지우()0011223344556681', { crlUrl: dp(SIGNGATE_DP_DN) }),
    rogue: leaf(rogueCa, leafKeyFile, 'rogue', '정우성()0011223344556682', { crlUrl: dp(YESSIGN_DP_DN) }),
    hang: leaf(yessign, leafKeyFile, 'hang', 'hang', { crlUrl: `ldap://127.0.0.1:${ports.hang}/${YESSIGN_DP_DN}?certificateRevocationList` }),
    refused: leaf(yessign, leafKeyFile, 'refused', 'refused', { crlUrl: `ldap://127.0.0.1:${ports.refused}/${YESSIGN_DP_DN}?certificateRevocationList` }),
    referral: leaf(yessign, leafKeyFile, 'referral', 'referral', { crlUrl: dp('ou=dp5p1,ou=AccreditedCA,o=moved,c=jp') }),
    empty: leaf(yessign, leafKeyFile, 'empty', 'empty', { crlUrl: dp('ou=dpEmpty,ou=AccreditedCA,o=yessign,c=kr') }),
    big: leaf(yessign, leafKeyFile, 'big', 'big', { crlUrl: dp('ou=dpBig,ou=AccreditedCA,o=yessign,c=kr') }),
  };
  revoke(root, signgate.certFile);
  revoke(yessign, leaves.ocspRevoked.certFile);
  revoke(yessign, leaves.crlRevoked.certFile);
  // The forged ARL: the root's name, another key (a CA config whose certificate has the rogue root's key).
  const lists = {
    rootArl: readCrl(root, root.keyFile, root.certFile),
    forgedArl: readCrl(rogueRoot, rogueRoot.keyFile, rogueRoot.certFile),
    yessignCrl: readCrl(yessign, yessign.keyFile, yessign.certFile),
    signgateCrl: readCrl(signgate, signgate.keyFile, signgate.certFile),
    rogueCrl: readCrl(rogueCa, rogueCa.keyFile, rogueCa.certFile),
  };
  return { root, yessign, signgate, crosscert, rogueRoot, rogueCa, leaves, lists, leafKeyFile };
}
