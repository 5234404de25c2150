/**
 * The CLI's input and output: JSON or text on stdout, messages on stderr, and secrets read either
 * from a no-echo prompt on a terminal or, for scripts, from stdin lines (never from argv).
 */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  json(value: unknown): void;
  /** The first `count` lines of stdin (for --password-stdin and friends): fewer when stdin has fewer. */
  stdinLines(count: number): Promise<string[]>;
  /** Asks on the terminal without echo. */
  prompt(question: string): Promise<string>;
}

let stdinCache: Promise<string[]> | null = null;

function readAllStdin(): Promise<string[]> {
  stdinCache ??= new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    process.stdin.on('data', (c: Buffer) => chunks.push(c));
    process.stdin.on('end', () => {
      const lines = Buffer.concat(chunks).toString('utf8').split(/\r?\n/);
      if (lines.at(-1) === '') lines.pop(); // the final newline ends the last line, it does not start another
      resolve(lines);
    });
    process.stdin.on('error', reject);
  });
  return stdinCache;
}

async function promptNoEcho(question: string): Promise<string> {
  if (!process.stdin.isTTY) throw new Error('no terminal to ask on: use the --…-stdin option');
  const { createInterface } = await import('node:readline'); // only a prompt needs it: not loaded for every start
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    const write = (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput.bind(rl);
    (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) => {
      write(s.startsWith(question) ? question : '');
    };
    rl.question(question, (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
  });
}

export const processIo: CliIo = {
  out: (text) => process.stdout.write(text + '\n'),
  err: (text) => process.stderr.write(text + '\n'),
  json: (value) => process.stdout.write(JSON.stringify(value, null, 2) + '\n'),
  stdinLines: async (count) => (await readAllStdin()).slice(0, count),
  prompt: promptNoEcho,
};
