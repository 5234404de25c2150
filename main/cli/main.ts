/**
 * `dojang`: the command-line face of the same modules the app uses (docs/cli.md).
 * Errors print one line on stderr (JSON with --json) and map to the documented exit codes.
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isDojangError } from '../../common/errors.js';
import { CliExit, EXIT, exitCodeFor } from './exit-codes.js';
import { quickAnswer } from './help.js';
import { processIo, type CliIo } from './io.js';
import { cliLanguage } from './language.js';

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
    // `--help` / `--version` alone: answered here, before commander and the commands load (process start time).
    const quick = quickAnswer(argv, io === processIo && process.stdout.isTTY ? process.stdout.columns : undefined);
    if (quick !== null) {
      io.out(quick);
      return EXIT.OK;
    }
    const usageExit = await (await import('./program.js')).runProgram(io, argv);
    if (usageExit !== undefined) return usageExit;
    return process.exitCode === undefined ? EXIT.OK : Number(process.exitCode);
  } catch (error) {
    if (error instanceof CliExit) return error.code;
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
