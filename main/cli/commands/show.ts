import type { Command } from 'commander';
import { summary } from './index.js';
import { parseCertificate, type CertificateInfo } from '../../../common/pki/certificate.js';
import { readCertificateAt } from '../paths.js';
import type { CliIo } from '../io.js';

/** The stable JSON fields of `show` (docs/cli.md); `scan` rows carry the same. */
export function showFields(cert: CertificateInfo) {
  return {
    holder: cert.holder,
    subject: cert.subject,
    issuer: cert.issuer,
    ca: cert.ca?.nameKo ?? null,
    serial: cert.serialHex,
    notBefore: cert.notBefore,
    notAfter: cert.notAfter,
    policyOid: cert.policyOid,
    usage: cert.usage?.usageKo ?? null,
    keyAlgorithm: cert.keyAlgorithm,
    keyBits: cert.keyBits,
    fingerprintSha256: cert.fingerprintSha256,
    hasVid: cert.vid !== null,
    vidHashAlg: cert.vid?.hashAlg ?? null,
  };
}

export function registerShow(program: Command, io: CliIo): void {
  program
    .command('show')
    .description(summary('show'))
    .argument('<path>')
    .option('--json', 'one JSON document on stdout')
    .action(async (target: string, options: { json?: boolean }) => {
      const cert = parseCertificate((await readCertificateAt(target)).certDer);
      const fields = showFields(cert);
      if (options.json) return io.json(fields);
      for (const [name, value] of Object.entries({ ...fields, keyUsage: cert.keyUsage.join(', '), crl: cert.crlDistributionPoints.join(' '), ocsp: cert.ocspUrls.join(' ') })) {
        io.out(`${name.padEnd(18)} ${value ?? '-'}`);
      }
    });
}
