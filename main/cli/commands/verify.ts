import type { Command } from 'commander';
import path from 'node:path';
import { DojangError } from '../../core/errors.js';
import { TrustStore } from '../../verify/anchors.js';
import { checkCertificate, detectInput, verifyCmsSignature, type VerifyOptions } from '../../verify/engine.js';
import { RevocationChecker } from '../../verify/revocation.js';
import type { VerifyReport } from '../../verify/types.js';
import { loadCert } from '../../verify/x509.js';
import { CliExit, EXIT } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { cliDataDir, readBounded } from '../paths.js';
import { IDN, readSecrets } from '../secrets.js';

/** A signature or content file: CMS's own limit (a document, not a disk image). */
const MAX_FILE_BYTES = 64 << 20;

export interface TrustCliOptions {
  trust: string[];
  crl: string[];
  offline?: boolean;
  timeout?: string;
  json?: boolean;
}

const collect = (v: string, all: string[]): string[] => [...all, v];

/** The options `verify` and `challenge check` share: extra roots, CRL files, network. */
export function trustOptions(cmd: Command): Command {
  return cmd
    .option('--trust <file>', 'also trust this root certificate (PEM/DER) for this run; repeatable', collect, [])
    .option('--crl <file>', 'use this CRL file (PEM/DER) for revocation; repeatable', collect, [])
    .option('--offline', 'no network: revocation from CRL files and imported CRLs only')
    .option('--timeout <ms>', 'deadline of each OCSP / CRL download (default 5000)')
    .option('--json', 'one JSON document on stdout');
}

/** Anchors: the bundled KISA root, the data folder's trust store, and --trust files. */
export async function cliVerifyOptions(o: TrustCliOptions): Promise<VerifyOptions> {
  const dataDir = cliDataDir();
  const trust = new TrustStore(dataDir);
  const extra: Buffer[] = [];
  for (const f of o.trust) extra.push(loadCert(await readBounded(f)).der);
  const crls: Buffer[] = [];
  for (const f of o.crl) crls.push(await readBounded(f, MAX_FILE_BYTES));
  const timeoutMs = o.timeout === undefined ? undefined : Number(o.timeout);
  if (timeoutMs !== undefined && !(Number.isInteger(timeoutMs) && timeoutMs > 0 && timeoutMs <= 120_000)) {
    throw new DojangError('INVALID_REQUEST', '--timeout 은 1~120000 (밀리초) / --timeout takes 1 to 120000 (milliseconds)');
  }
  const m = await trust.material();
  return {
    ...m,
    anchors: [...m.anchors, ...extra],
    revocation: new RevocationChecker({ crlDir: path.join(dataDir, 'crl'), crls, offline: o.offline, timeoutMs }),
  };
}

const MARK = { true: '✓', false: '✗', null: '?' } as const;

export function printReport(io: CliIo, r: VerifyReport): void {
  const verdict = { valid: '유효 (valid)', invalid: '무효 (invalid)', indeterminate: '확인 불가 (indeterminate)' }[r.verdict];
  io.out(`verdict   ${verdict}`);
  if (r.signer) io.out(`signer    ${r.signer.holder}  serial ${r.signer.serialHex}  (${r.signer.issuer})`);
  if (r.signingTime) io.out(`signed at ${r.signingTime}`);
  for (const c of r.checks) io.out(`${MARK[String(c.ok) as keyof typeof MARK]} ${c.name.padEnd(17)} ${c.detail}`);
}

/** The stable JSON of `verify` (docs/verify.md). */
export function reportJson(r: VerifyReport) {
  return {
    valid: r.verdict === 'valid',
    verdict: r.verdict,
    signer: r.signer ? { holder: r.signer.holder, serial: r.signer.serialHex } : null,
    signingTime: r.signingTime,
    checks: r.checks.map((c) => ({ name: c.name, ok: c.ok, detail: c.detail })),
  };
}

interface VerifyCliOptions extends TrustCliOptions {
  content?: string;
  idn?: boolean;
  idnStdin?: boolean;
}

/**
 * `verify SIG`: a CMS signature (DER, PEM, base64, base64url) or a certificate, checked as a
 * relying party does. Exit 0 valid; 1 invalid or indeterminate (not proven valid); 3 malformed.
 */
export function registerVerify(program: Command, io: CliIo): void {
  trustOptions(
    program
      .command('verify')
      .description('verify a CMS signature (or a certificate): signature, content, chain, validity, usage, policy, revocation')
      .argument('<sig>', 'the signature file (.p7s / .der / .pem / base64 text), or a certificate')
      .option('--content <file>', 'the signed content, for a detached signature'),
  )
    .option('--idn', 'ask for an ID number and check the VID with the R value carried in the signature')
    .option('--idn-stdin', 'like --idn, reading the ID number from stdin')
    .action(async (sig: string, o: VerifyCliOptions) => {
      const input = detectInput(await readBounded(sig, MAX_FILE_BYTES));
      const opts = await cliVerifyOptions(o);
      if (o.idn || o.idnStdin) [opts.idn] = await readSecrets(io, [IDN], Boolean(o.idnStdin), '--idn-stdin');
      let report: VerifyReport;
      if (input.kind === 'certificate') report = await checkCertificate(input.der, opts);
      else {
        const content = o.content ? await readBounded(o.content, MAX_FILE_BYTES) : undefined;
        report = await verifyCmsSignature(input.der, { ...opts, content });
      }
      if (o.json) io.json(reportJson(report));
      else printReport(io, report);
      if (report.verdict !== 'valid') throw new CliExit(EXIT.CHECK_FAILED);
    });
}
