import { Option, type Command } from 'commander';
import { summary } from './index.js';
import { createHash } from 'node:crypto';
import { DojangError } from '../../../common/errors.js';
import { writeFileAtomic } from '../../npki/atomic-write.js';
import { signCms, signPkcs1 } from '../../../common/pki/cms.js';
import { encodeText, type TextEncoding } from '../../npki/text.js';
import type { CliIo } from '../io.js';
import { keyOptions, openKey, type KeyCommandOptions } from '../key-options.js';
import { cliDataDir, readBounded } from '../paths.js';
import { parseCertificate } from '../../../common/pki/certificate.js';
import { assessSigner, refuseUnusableSigner } from '../../verify/trust/signer-check.js';
import { say } from '../language.js';

/** CMS's own limit (cms.ts): a document, not a disk image. */
const MAX_SIGN_BYTES = 64 << 20;

interface SignOptions extends KeyCommandOptions {
  out: string;
  text?: string;
  detached?: boolean;
  encoding?: TextEncoding;
  pkcs1?: boolean;
  /** false with --no-chain. */
  chain: boolean;
  allowExpired?: boolean;
}

/**
 * The bytes to sign. A file is signed as it is, unless --encoding says it is UTF-8 text to be
 * signed in that encoding (a relying party that wants EUC-KR, SPEC §1.2b).
 */
async function contentOf(input: string | undefined, o: SignOptions): Promise<Buffer> {
  if ((input === undefined) === (o.text === undefined)) throw new DojangError('INVALID_REQUEST', 'cli.signOneInput');
  if (o.text !== undefined) return encodeText(o.text, o.encoding ?? 'utf-8');
  const bytes = await readBounded(input!, MAX_SIGN_BYTES);
  if (!o.encoding) return bytes;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new DojangError('FILE_DAMAGED', 'cli.notUtf8', { path: input! });
  }
  return encodeText(text, o.encoding);
}

/** `sign PATH IN --out OUT.p7s`: CMS SignedData (attached or detached), or a raw PKCS#1 signature. */
export function registerSign(program: Command, io: CliIo): void {
  keyOptions(program.command('sign').description(summary('sign')).argument('<path>', 'a certificate folder, or a certificate file').argument('[in]', 'the file to sign'))
    .option('--text <text>', 'sign this text instead of a file')
    .option('--detached', 'leave the content out of the signature (the relying party has it)')
    .addOption(new Option('--encoding <encoding>', 'IN / --text is text: sign it in this encoding').choices(['utf-8', 'euc-kr']))
    .option('--pkcs1', 'write a raw RSASSA-PKCS1-v1_5 / SHA-256 signature instead of CMS')
    .option('--no-chain', "leave the issuing CA's certificate out of the CMS (by default it is carried when the trust list knows it)")
    .option('--allow-expired', 'sign even with an expired or not-yet-valid certificate (testing only; a revoked one is always refused)')
    .addOption(new Option('--out <file>', 'where to write the signature').makeOptionMandatory())
    .action(async (target: string, input: string | undefined, o: SignOptions) => {
      if (o.pkcs1 && o.detached) throw new DojangError('INVALID_REQUEST', 'cli.signPkcs1NoDetached');
      const content = await contentOf(input, o);
      let issuerDer: Buffer | null = null;
      const { pair, unlocked } = await openKey(io, target, o, [], undefined, async (p) => {
        const a = await assessSigner(cliDataDir(), p.certDer);
        refuseUnusableSigner(a, o.allowExpired);
        if (a.reason) io.err(say('cli.out.warning', { reason: a.reason }));
        issuerDer = a.issuerDer;
      });
      const chainDer = o.chain && issuerDer ? [issuerDer] : [];
      let signature: Buffer;
      try {
        signature = o.pkcs1
          ? signPkcs1(unlocked.privateKey, content)
          : await signCms({
              content,
              detached: Boolean(o.detached),
              certDer: pair.certDer,
              chainDer,
              signer: (data) => signPkcs1(unlocked.privateKey, data),
            });
      } finally {
        unlocked.privateKeyInfo.fill(0);
      }
      await writeFileAtomic(o.out, signature, 0o644);
      const fields = {
        path: o.out,
        format: o.pkcs1 ? 'pkcs1' : 'cms',
        detached: o.pkcs1 ? true : Boolean(o.detached),
        encoding: o.encoding ?? (o.text !== undefined ? 'utf-8' : null),
        bytes: signature.length,
        contentSha256: createHash('sha256').update(content).digest('hex'),
        caIncluded: o.pkcs1 || chainDer.length === 0 ? null : parseCertificate(chainDer[0]!).subject,
      };
      if (o.json) return io.json(fields);
      io.out(say('cli.out.signed', { path: o.out }));
    });
}
