/**
 * The native host's entry (dist/main/native-host.mjs), run by the launcher install.ts writes. It
 * finds the same data folder the app uses (the launcher sets DOJANG_DATA_DIR when the app was
 * registered with one).
 */
import os from 'node:os';
import { defaultDataDir } from '../app/paths.js';
import { runNativeHost } from './native-host.js';

const status = await runNativeHost({
  args: process.argv.slice(2),
  input: process.stdin,
  output: process.stdout,
  dataDir: defaultDataDir(process.platform, os.homedir(), process.env),
  report: (line) => process.stderr.write(line + '\n'),
});
process.exitCode = status;
