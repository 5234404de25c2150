/**
 * The commander program, loaded only when the arguments need it (help.ts answers `--help` and
 * `--version` alone): with only the command the arguments name loaded (`dojang scan …` loads scan's
 * modules and nothing else), every other command a summary line.
 */
import { Command, CommanderError } from 'commander';
import { EXIT } from './exit-codes.js';
import type { CliIo } from './io.js';
import { COMMANDS, commandNamed } from './commands/index.js';
import { DESCRIPTION, VERSION } from './help.js';

export async function buildProgram(io: CliIo, argv: string[]): Promise<Command> {
  const program = new Command('dojang')
    .description(DESCRIPTION)
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });
  const wanted = commandNamed(argv);
  for (const command of COMMANDS) {
    if (command === wanted) (await command.load())(program, io);
    else program.command(command.name).description(command.summary).allowUnknownOption().helpOption(false);
  }
  return program;
}

/** Runs the arguments; a usage error (commander's) becomes its exit code, anything else is thrown. */
export async function runProgram(io: CliIo, argv: string[]): Promise<number | undefined> {
  try {
    await (await buildProgram(io, argv)).parseAsync(argv, { from: 'user' });
    return undefined;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    throw error;
  }
}
