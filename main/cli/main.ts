/**
 * `dojang`: the command-line face of the same modules the app uses (docs/cli.md).
 * Errors print one line on stderr (JSON with --json) and map to the documented exit codes.
 */
import { Command, CommanderError } from 'commander';
import { isDojangError } from '../core/errors.js';
import { EXIT, exitCodeFor } from './exit-codes.js';
import { processIo, type CliIo } from './io.js';
import { registerScan } from './commands/scan.js';
import { registerShow } from './commands/show.js';

export function buildProgram(io: CliIo): Command {
  const program = new Command('dojang')
    .description('Dojang (도장): Korean certificates (공동인증서, 금융인증서) from the command line')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });
  registerScan(program, io);
  registerShow(program, io);
  return program;
}

export async function runCli(argv: string[], io: CliIo = processIo): Promise<number> {
  const program = buildProgram(io);
  const wantsJson = argv.includes('--json');
  try {
    await program.parseAsync(argv, { from: 'user' });
    return process.exitCode === undefined ? EXIT.OK : Number(process.exitCode);
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    if (isDojangError(error)) {
      if (wantsJson) io.json({ error: error.toBridge() });
      else io.err(`dojang: ${error.message}`);
      return exitCodeFor(error.code);
    }
    io.err(`dojang: unexpected error: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT.BAD_INPUT;
  }
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('dojang.mjs')) {
  void runCli(process.argv.slice(2)).then((code) => process.exit(code));
}
