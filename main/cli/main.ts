/**
 * `dojang`: the command-line face of the same modules the app uses (docs/cli.md).
 * Errors print one line on stderr (JSON with --json) and map to the documented exit codes.
 */
import { Command, CommanderError } from 'commander';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isDojangError } from '../../common/errors.js';
import { CliExit, EXIT, exitCodeFor } from './exit-codes.js';
import { processIo, type CliIo } from './io.js';
import { cliLanguage } from './language.js';
import { COMMANDS, commandNamed } from './commands/index.js';

/**
 * The program with only the command the arguments name loaded (`dojang scan …` loads scan's modules and
 * nothing else); with no known command (`--help`, `--version`, a typo) every command is a summary line.
 * Loading every command's module graph up front cost ~4× a bare `node` start.
 */
export async function buildProgram(io: CliIo, argv: string[]): Promise<Command> {
  const program = new Command('dojang')
    .description('Dojang (도장): Korean certificates (공동인증서, 금융인증서) from the command line')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });
  const wanted = commandNamed(argv);
  for (const command of COMMANDS) {
    if (command === wanted) (await command.load())(program, io);
    else program.command(command.name).description(command.summary).allowUnknownOption().helpOption(false);
  }
  return program;
}

let pipeWatched = false;

/** `dojang verify … | head`: when the reader leaves, stop quietly (no EPIPE stack). */
function quietOnClosedPipe(): void {
  if (pipeWatched) return;
  pipeWatched = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(0);
      throw e;
    });
  }
}

export async function runCli(argv: string[], io: CliIo = processIo): Promise<number> {
  if (io === processIo) quietOnClosedPipe();
  const wantsJson = argv.includes('--json');
  process.exitCode = undefined; // a command may set it; runCli can run more than once in a process (tests)
  try {
    const program = await buildProgram(io, argv);
    await program.parseAsync(argv, { from: 'user' });
    return process.exitCode === undefined ? EXIT.OK : Number(process.exitCode);
  } catch (error) {
    if (error instanceof CliExit) return error.code;
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    if (isDojangError(error)) {
      if (wantsJson) io.json({ error: error.toBridge() });
      else io.err(`dojang: ${error.text(cliLanguage())}`);
      return exitCodeFor(error.code);
    }
    io.err(`dojang: unexpected error: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT.BAD_INPUT;
  } finally {
    process.exitCode = undefined;
  }
}

// Run directly (tsx, or node dist/cli/dojang.mjs). The exit code is set, not forced with
// process.exit(), so a large JSON answer on a pipe is written out in full first.
function runDirectly(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  if (script.endsWith('dojang.mjs')) return true;
  try {
    return realpathSync(script) === fileURLToPath(import.meta.url); // argv keeps symlinks; import.meta.url does not
  } catch {
    return false;
  }
}

if (runDirectly()) {
  void runCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
