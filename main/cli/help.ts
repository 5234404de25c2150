/**
 * `dojang --help` and `dojang --version` answered without loading commander or any command: the
 * overview is written from the command summaries (commands/index.ts). `dojang <command> --help` is
 * commander's, from that command's own options.
 */
import { COMMANDS } from './commands/index.js';

export const VERSION = '0.1.0';
export const DESCRIPTION = 'Dojang (도장): Korean certificates (공동인증서, 금융인증서) from the command line';

/** Characters a terminal shows two columns wide: Hangul, CJK, full-width forms. */
const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/g;

/** The terminal columns `text` takes (every character here is in the BMP: one UTF-16 unit each). */
function columnsOf(text: string): number {
  return text.length + (text.match(WIDE)?.length ?? 0);
}

/** Word-wraps `text` into lines of at most `width` columns (a longer word gets a line of its own). */
export function wrapColumns(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const next = line ? `${line} ${word}` : word;
    if (line && columnsOf(next) > width) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

/** The overview `dojang --help` prints: every command with its summary, wrapped to `columns`. */
export function overviewHelp(columns = 80): string {
  const rows: [string, string][] = [...COMMANDS.map((c): [string, string] => [c.name, c.summary]), ['help [command]', 'display help for command']];
  const term = Math.max(...rows.map(([t]) => t.length), '-V, --version'.length) + 2;
  const width = Math.max(columns - term - 2, 30);
  const item = ([t, d]: [string, string]) =>
    wrapColumns(d, width)
      .map((l, i) => `  ${(i === 0 ? t : '').padEnd(term)}${l}`)
      .join('\n');
  return [
    'Usage: dojang [options] [command]',
    '',
    ...wrapColumns(DESCRIPTION, columns),
    '',
    'Options:',
    item(['-V, --version', 'output the version number']),
    item(['-h, --help', 'display help for command']),
    '',
    'Commands:',
    ...rows.map(item),
  ].join('\n');
}

/** The text for `--version` / `--help` / `help` alone, or null when the arguments need the full program. */
export function quickAnswer(argv: readonly string[], columns?: number): string | null {
  if (argv.length !== 1) return null;
  if (argv[0] === '--version' || argv[0] === '-V') return VERSION;
  if (argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') return overviewHelp(columns);
  return null;
}
