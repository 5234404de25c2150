/**
 * Test/bench-only: makes distinct, well-formed NPKI-style certificates fast. One RSA key (Node crypto)
 * signs every certificate; node-forge builds the TBSCertificate. ~0.3 ms per certificate.
 */
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import forge from 'node-forge';

import { NPKI_DIR as FIXTURES, KICA_DIR, YESSIGN_DIR, YESSIGN_PASSWORD } from '../../fixtures/paths.js';

export { FIXTURES, KICA_DIR, YESSIGN_DIR, YESSIGN_PASSWORD };

/** The DN folder name the yessign fixture would have in a real NPKI tree. */
export const YESSIGN_DN = 'cn=HKD(KILDONG.HONG)009104120200225191000030,ou=HNB,ou=personal4IB,o=yessign,c=kr';

export interface CertFactory {
  make(opts: { serial: number; cn: string; issuerCn?: string; notAfter?: Date; policyOid?: string }): Buffer;
}

const utf8 = (value: string) => ({ value, valueTagClass: forge.asn1.Type.UTF8 as never });

export function certFactory(): CertFactory {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const forgePub = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
  return { make: (o) => makeCert(o, forgePub, privateKey) };
}

function policiesExtension(policyOid: string): { id: string; value: string } {
  const a = forge.asn1;
  const der = a.toDer(
    a.create(a.Class.UNIVERSAL, a.Type.SEQUENCE, true, [
      a.create(a.Class.UNIVERSAL, a.Type.SEQUENCE, true, [a.create(a.Class.UNIVERSAL, a.Type.OID, false, a.oidToDer(policyOid).getBytes())]),
    ]),
  );
  return { id: '2.5.29.32', value: der.getBytes() };
}

function makeCert(o: { serial: number; cn: string; issuerCn?: string; notAfter?: Date; policyOid?: string }, pub: forge.pki.PublicKey, key: KeyObject): Buffer {
  const cert = forge.pki.createCertificate();
  cert.publicKey = pub;
  cert.serialNumber = (0x10000000 + o.serial).toString(16);
  const notAfter = o.notAfter ?? new Date(Date.now() + 200 * 86400_000);
  cert.validity.notBefore = new Date(notAfter.getTime() - 365 * 86400_000);
  cert.validity.notAfter = notAfter;
  cert.setSubject([
    { shortName: 'C', value: 'kr' },
    { shortName: 'O', value: 'yessign' },
    { shortName: 'OU', value: 'personal4IB' },
    { shortName: 'CN', ...utf8(o.cn) },
  ]);
  cert.setIssuer([
    { shortName: 'C', value: 'kr' },
    { shortName: 'O', value: 'yessign' },
    { shortName: 'OU', value: 'AccreditedCA' },
    { shortName: 'CN', value: o.issuerCn ?? 'yessignCA-Test Class 4' },
  ]);
  cert.setExtensions([{ name: 'keyUsage', digitalSignature: true, nonRepudiation: true }, policiesExtension(o.policyOid ?? '1.2.410.200005.1.1.4')]);
  cert.siginfo.algorithmOid = forge.pki.oids['sha256WithRSAEncryption']!;
  cert.signatureOid = cert.siginfo.algorithmOid;
  // getTBSCertificate exists in node-forge but is missing from its type definitions
  const pki = forge.pki as unknown as { getTBSCertificate(c: forge.pki.Certificate): forge.asn1.Asn1 };
  const tbs = Buffer.from(forge.asn1.toDer(pki.getTBSCertificate(cert)).getBytes(), 'binary');
  cert.signature = sign('sha256', tbs, key).toString('binary');
  return Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), 'binary');
}

/** Writes `<root>/<ca>/USER/<dn>/` with the given files; returns the DN folder. */
export async function writeCertFolder(root: string, ca: string, dn: string, files: Record<string, Buffer | string>): Promise<string> {
  const dir = path.join(root, ca, 'USER', dn);
  await fs.mkdir(dir, { recursive: true });
  for (const [name, data] of Object.entries(files)) await fs.writeFile(path.join(dir, name), data);
  return dir;
}

/** The yessign fixture's four-file folder contents (signCert.der + signPri.key; kmCert/kmPri from kica). */
export async function yessignFiles(withKm = true): Promise<Record<string, Buffer>> {
  const files: Record<string, Buffer> = {
    'signCert.der': await fs.readFile(path.join(YESSIGN_DIR, 'signCert.der')),
    'signPri.key': await fs.readFile(path.join(YESSIGN_DIR, 'signPri.key')),
  };
  if (withKm) {
    files['kmCert.der'] = await fs.readFile(path.join(KICA_DIR, 'kmCert.der'));
    files['kmPri.key'] = await fs.readFile(path.join(KICA_DIR, 'kmPri.key'));
  }
  return files;
}

export async function tempDir(prefix = 'dojang-stores-'): Promise<string> {
  const os = await import('node:os');
  return fs.mkdtemp(path.join(os.tmpdir(), prefix));
}
