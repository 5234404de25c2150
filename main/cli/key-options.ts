/**
 * What the key commands (unlock, vid, passwd, export-pfx, sign) share: their options, opening
 * the key with the certificate, and the stable JSON description of a key file's protection.
 */
import type { Command } from 'commander';
import { unlockKey, type KeyProtection, type UnlockedKey } from '../npki/keyfile.js';
import type { CliIo } from './io.js';
import { readKeyPairAt, type KeyPairAt } from './paths.js';
import { CURRENT_PASSWORD, readSecrets, type SecretRequest } from './secrets.js';

export interface KeyCommandOptions {
  json?: boolean;
  key?: string;
  passwordStdin?: boolean;
  newPasswordStdin?: boolean;
  idnStdin?: boolean;
}

/** Adds --json, --key and --password-stdin. */
export function keyOptions(cmd: Command): Command {
  return cmd
    .option('--json', 'one JSON document on stdout')
    .option('--key <file>', 'the encrypted private key (default: signPri.key next to the certificate)')
    .option('--password-stdin', 'read the password(s) from stdin, one per line, instead of asking');
}

/** Any --…-stdin option puts all of the command's secrets on stdin (see secrets.ts). */
export function secretsFromStdin(o: KeyCommandOptions): boolean {
  return Boolean(o.passwordStdin || o.newPasswordStdin || o.idnStdin);
}

export function stdinOptionName(o: KeyCommandOptions): string {
  return o.newPasswordStdin ? '--new-password-stdin' : o.idnStdin ? '--idn-stdin' : '--password-stdin';
}

/**
 * Reads the certificate and key (before asking anything), runs `check` on them (it may refuse
 * before any password is asked), then the secrets, then opens the key.
 */
export async function openKey(
  io: CliIo,
  target: string,
  o: KeyCommandOptions,
  extra: SecretRequest[] = [],
  first: SecretRequest = CURRENT_PASSWORD,
  check?: (pair: KeyPairAt) => Promise<void>,
): Promise<{ pair: KeyPairAt; unlocked: UnlockedKey; secrets: string[] }> {
  const pair = await readKeyPairAt(target, o.key);
  await check?.(pair);
  const [password, ...secrets] = await readSecrets(io, [first, ...extra], secretsFromStdin(o), stdinOptionName(o));
  const unlocked = unlockKey(pair.certDer, pair.keyDer, password!);
  return { pair, unlocked, secrets: [password!, ...secrets] };
}

/** The stable JSON description of how a key file is protected (docs/cli.md). */
export function keyFields(protection: KeyProtection, hasRandomNum: boolean) {
  return {
    keyFormat: protection.scheme,
    cipher: protection.cipher ?? 'seed-cbc',
    prf: protection.prf ?? null,
    iterations: protection.iterations,
    hasRandomNum,
  };
}
