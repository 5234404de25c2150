import type { Command } from 'commander';
import { summary } from './index.js';
import path from 'node:path';
import { DojangError } from '../../../common/errors.js';
import { TrustStore } from '../../verify/anchors.js';
import { checkCertificate, detectInput, verifyCmsSignature, type VerifyOptions } from '../../verify/engine.js';
import { RevocationChecker } from '../../verify/revocation.js';
import { httpClientOver, nodeFetch } from '../../app/network.js';
import type { LinkOrigin, LinkRevocation } from '../../../preload/types.js';
import type { VerifyReport } from '../../verify/types.js';
import { loadCert } from '../../verify/x509.js';
import { CliExit, EXIT } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { cliDataDir, readBounded } from '../paths.js';
import { IDN, readSecrets } from '../secrets.js';
import { cliLanguage, say } from '../language.js';
import { checkDetail, type Message, type MessageKey } from '../../../preload/messages/format.js';

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
export async function cliVerifyOptions(o: TrustCliOptions, dataDir = cliDataDir()): Promise<VerifyOptions> {
  const trust = new TrustStore(dataDir);
  const extra: Buffer[] = [];
  for (const f of o.trust) extra.push(loadCert(await readBounded(f)).der);
  const crls: Buffer[] = [];
  for (const f of o.crl) crls.push(await readBounded(f, MAX_FILE_BYTES));
  const timeoutMs = o.timeout === undefined ? undefined : Number(o.timeout);
  if (timeoutMs !== undefined && !(Number.isInteger(timeoutMs) && timeoutMs > 0 && timeoutMs <= 120_000)) {
    throw new DojangError('INVALID_REQUEST', 'cli.timeoutRange', { min: 1, max: 120_000 });
  }
  const m = await trust.material();
  return {
    ...m,
    anchors: [...m.anchors, ...extra],
    // Node's stack with HTTPS_PROXY / HTTP_PROXY / NO_PROXY (main/app/network.ts).
    revocation: new RevocationChecker({
      crlDir: path.join(dataDir, 'crl'),
      crlDirSnapshot: true,
      crls,
      offline: o.offline,
      timeoutMs,
      http: httpClientOver(nodeFetch(process.env)),
    }),
  };
}

const MARK = { true: '✓', false: '✗', null: '?' } as const;

export function printReport(io: CliIo, r: VerifyReport): void {
  io.out(say('cli.out.verdictLine', { verdict: `cli.out.verdict.${r.verdict}` }));
  if (r.signer) io.out(say('cli.out.signerLine', { holder: r.signer.holder, serial: r.signer.serialHex, issuer: r.signer.issuer }));
  if (r.signingTime) io.out(say('cli.out.signedAtLine', { at: r.signingTime }));
  for (const c of r.checks) io.out(`${MARK[String(c.ok) as keyof typeof MARK]} ${c.name.padEnd(17)} ${checkDetail(c, cliLanguage())}`);
  if (r.chain.length) io.out(say('cli.out.chain'));
  r.chain.forEach((l, i) => {
    io.out(`  ${i + 1}. ${l.subject}  [${l.status}; ${say(ORIGIN[l.origin ?? 'local'])}]`);
    if (l.revocation) io.out(`     ${linkRevocationText(l.revocation)}`);
  });
}

const ORIGIN = {
  signer: 'cli.out.origin.signer',
  message: 'cli.out.origin.message',
  local: 'cli.out.origin.local',
  directory: 'cli.out.origin.directory',
  anchor: 'cli.out.origin.anchor',
} as const satisfies Record<LinkOrigin, MessageKey>;

/** "revocation ✓ good — CRL ldap://… [cached]", "revocation ? unknown: <why>" (in the CLI's language) */
export function linkRevocationText(r: LinkRevocation): string {
  const status = say(`cli.out.revocation.${r.status}`);
  const via = r.source ? ` — ${r.source.toUpperCase()} ${r.url ?? say('cli.out.revocation.localFile')}${r.cached ? ` ${say('cli.out.revocation.cached')}` : ''}` : '';
  return r.status === 'good' ? `${status}${via}` : `${status}${via}: ${checkDetail(r, cliLanguage())}`;
}

/** A check's (or a reason's) catalog message in the JSON: key, params and note for scripts, the text in the CLI's language. */
export function messageJson(c: { message: Message; note?: Message }) {
  return { ...c.message, ...(c.note && { note: c.note }), message: checkDetail(c, cliLanguage()) };
}

/** The stable JSON of `verify` (docs/verify.md). */
export function reportJson(r: VerifyReport) {
  return {
    valid: r.verdict === 'valid',
    verdict: r.verdict,
    signer: r.signer ? { holder: r.signer.holder, serial: r.signer.serialHex } : null,
    signingTime: r.signingTime,
    checks: r.checks.map((c) => ({
      name: c.name,
      ok: c.ok,
      detail: c.detail,
      message: messageJson(c),
    })),
    chain: r.chain.map((l) => ({
      subject: l.subject,
      status: l.status,
      origin: l.origin ?? null,
      revocation: l.revocation ? { ...l.revocation, message: messageJson(l.revocation) } : null,
    })),
  };
}

interface VerifyCliOptions extends TrustCliOptions {
  content?: string;
  idn?: boolean;
  idnStdin?: boolean;
}

/**
 * `verify SIG…`: CMS signatures (DER, PEM, base64, base64url) or certificates, checked as a relying
 * party does. Several files share one trust store and one revocation cache (a CRL is fetched once).
 * Exit 0 when every one is valid; 1 when one is invalid or indeterminate (not proven valid); 3 malformed.
 */
export function registerVerify(program: Command, io: CliIo): void {
  trustOptions(
    program
      .command('verify')
      .description(summary('verify'))
      .argument('<sigs...>', 'signature files (.p7s / .der / .pem / base64 text), or certificates')
      .option('--content <file>', 'the signed content, for a detached signature (one SIG only)'),
  )
    .option('--idn', 'ask for an ID number and check the VID with the R value carried in the signature')
    .option('--idn-stdin', 'like --idn, reading the ID number from stdin')
    .action(async (sigs: string[], o: VerifyCliOptions) => {
      if (sigs.length > 1 && (o.content || o.idn || o.idnStdin)) {
        throw new DojangError('INVALID_REQUEST', 'cli.oneSigOnly');
      }
      const opts = await cliVerifyOptions(o);
      if (o.idn || o.idnStdin) [opts.idn] = await readSecrets(io, [IDN], Boolean(o.idnStdin), '--idn-stdin');
      const content = o.content ? await readBounded(o.content, MAX_FILE_BYTES) : undefined;
      const results: { file: string; report: VerifyReport }[] = [];
      for (const file of sigs) {
        const input = detectInput(await readBounded(file, MAX_FILE_BYTES));
        const report = input.kind === 'certificate' ? await checkCertificate(input.der, opts) : await verifyCmsSignature(input.der, { ...opts, content });
        results.push({ file, report });
      }
      if (o.json) io.json(results.length === 1 ? reportJson(results[0]!.report) : { results: results.map((r) => ({ file: r.file, ...reportJson(r.report) })) });
      else
        for (const { file, report } of results) {
          if (results.length > 1) io.out(`== ${file}`);
          printReport(io, report);
        }
      if (results.some((r) => r.report.verdict !== 'valid')) throw new CliExit(EXIT.CHECK_FAILED);
    });
}
