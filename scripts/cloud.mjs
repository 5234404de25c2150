// The local 금융인증서 cloud, a development tool (the app never runs one: docs/cloud-client.md).
//   npm run cloud                                     runs the service (cloud/src/main.ts); config by env, see cloud/src/config.ts
//   npm run cloud -- ra-key --name <bank> [--data-dir <folder>]
//                                                     makes a registration-authority API key for a cloud folder that is
//                                                     not running (printed once; pass it to `dojang cloud ra-issue` as DOJANG_RA_KEY)
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import path from 'node:path';
import { tsImport } from 'tsx/esm/api';

const root = path.resolve(import.meta.dirname, '..');

async function raKey(args) {
  const { values } = parseArgs({ args, options: { name: { type: 'string' }, 'data-dir': { type: 'string' }, json: { type: 'boolean' } } });
  if (!values.name) throw new Error('ra-key needs --name <the bank’s name>');
  const { loadConfig } = await tsImport(path.join(root, 'cloud/src/config.ts'), import.meta.url);
  const { createRaKey } = await tsImport(path.join(root, 'cloud/src/admin.ts'), import.meta.url);
  const config = loadConfig(values['data-dir'] ? { ...process.env, DOJANG_CLOUD_DATA_DIR: values['data-dir'] } : process.env);
  const key = await createRaKey({ dataDir: config.dataDir, databaseUrl: config.databaseUrl }, values.name);
  if (values.json) process.stdout.write(JSON.stringify({ id: key.id, name: key.name, key: key.key }) + '\n');
  else {
    process.stdout.write(key.key + '\n');
    process.stderr.write(`RA key ${key.id} (${key.name}) for ${config.dataDir}: shown once; pass it as DOJANG_RA_KEY.\n`);
  }
}

const [command, ...rest] = process.argv.slice(2);
if (command === 'ra-key') {
  raKey(rest).catch((e) => {
    process.stderr.write(`dojang cloud ra-key: ${e.message}\n`);
    process.exit(1);
  });
} else {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'cloud/src/main.ts'), ...process.argv.slice(2)], { stdio: 'inherit', cwd: root });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
