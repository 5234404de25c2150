/**
 * A command's secrets (passwords, the IDN): asked on the terminal without echo, or, for scripts,
 * read from stdin one per line. Never from argv, which every user on the machine can read (ps).
 *
 * Once any of a command's secrets comes from stdin, all of them do, in the order the command
 * lists them (password, new password, IDN): a piped stdin leaves no terminal to ask on.
 * Secrets are never echoed, logged or put in a message.
 */
import { DojangError } from '../../common/errors.js';
import type { MessageKey } from '../../preload/messages/format.js';
import type { CliIo } from './io.js';
import { say } from './language.js';

export interface SecretRequest {
  /** What is asked (a catalog key, said in the CLI's language), e.g. cli.secret.password. */
  label: CliSecretKey;
  /** Ask twice on the terminal (a new password): a typo would lock the user out. */
  confirm?: boolean;
}

type CliSecretKey = Extract<MessageKey, `cli.secret.${string}`>;

export const CURRENT_PASSWORD: SecretRequest = { label: 'cli.secret.password' };
export const NEW_PASSWORD: SecretRequest = { label: 'cli.secret.newPassword', confirm: true };
export const IDN: SecretRequest = { label: 'cli.secret.idn' };

async function ask(io: CliIo, label: string, stdinOption: string): Promise<string> {
  try {
    return await io.prompt(`${label}: `);
  } catch {
    throw new DojangError('INVALID_REQUEST', 'cli.noTerminal', { option: stdinOption });
  }
}

/**
 * Reads the secrets in `requests` order. `fromStdin`: one line each from stdin; else prompts.
 * `stdinOption` names the option to suggest when there is no terminal.
 */
export async function readSecrets(io: CliIo, requests: SecretRequest[], fromStdin: boolean, stdinOption: string): Promise<string[]> {
  if (requests.length === 0) return [];
  if (fromStdin) {
    const lines = await io.stdinLines(requests.length);
    if (lines.length < requests.length) {
      throw new DojangError('INVALID_REQUEST', 'cli.stdinLines', { count: requests.length, names: requests.map((r) => r.label) });
    }
    return lines.slice(0, requests.length);
  }
  const answers: string[] = [];
  for (const r of requests) {
    const first = await ask(io, say(r.label), stdinOption);
    if (r.confirm && (await ask(io, say('cli.secretAgain', { label: r.label }), stdinOption)) !== first) {
      throw new DojangError('INVALID_REQUEST', 'cli.entriesDiffer');
    }
    answers.push(first);
  }
  return answers;
}
