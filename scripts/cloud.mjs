// The local 금융인증서 cloud, a development tool (the app never runs one: docs/cloud-client.md).
//   npm run cloud                                     runs the service (cloud/src/main.ts); config by env, see cloud/src/config.ts
//   npm run cloud -- ra-key --name <bank> [--data-dir <folder>]
//                                                     makes a registration-authority API key for a cloud folder that is
//                                                     not running (printed once; pass it to `dojang cloud ra-issue` as DOJANG_RA_KEY)
//   npm run cloud -- keys status|rotate|rewrap|retire <N> [--data-dir <folder>] [--json]
//                                                     the wrapping key's rotation (docs/cloud-api.md): with PostgreSQL while
//                                                     instances run, with the embedded database on a stopped folder
// Both use the service's configuration (env / config file, cloud/src/config.ts): its database and its keys (the HSM).
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import path from 'node:path';
import { tsImport } from 'tsx/esm/api';

const root = path.resolve(import.meta.dirname, '..');

/** The configured service as an administration target: its folder, database and keys. */
async function target(dataDir) {
  const { loadConfig } = await tsImport(path.join(root, 'cloud/src/config.ts'), import.meta.url);
  const config = loadConfig(dataDir ? { ...process.env, DOJANG_CLOUD_DATA_DIR: dataDir } : process.env);
  return { dataDir: config.dataDir, databaseUrl: config.databaseUrl, pkcs11: config.pkcs11, production: config.production };
}

const admin = () => tsImport(path.join(root, 'cloud/src/admin.ts'), import.meta.url);

async function raKey(args) {
  const { values } = parseArgs({ args, options: { name: { type: 'string' }, 'data-dir': { type: 'string' }, json: { type: 'boolean' } } });
  if (!values.name) throw new Error('ra-key needs --name <the bank’s name>');
  const config = await target(values['data-dir']);
  const key = await (await admin()).createRaKey(config, values.name);
  if (values.json) process.stdout.write(JSON.stringify({ id: key.id, name: key.name, key: key.key }) + '\n');
  else {
    process.stdout.write(key.key + '\n');
    process.stderr.write(`RA key ${key.id} (${key.name}) for ${config.dataDir}: shown once; pass it as DOJANG_RA_KEY.\n`);
  }
}

async function keys(args) {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { 'data-dir': { type: 'string' }, json: { type: 'boolean' } } });
  const [action, version] = positionals;
  const config = await target(values['data-dir']);
  const a = await admin();
  const say = (json, text) => process.stdout.write((values.json ? JSON.stringify(json) : text) + '\n');
  if (action === 'status') {
    const s = await a.keysStatus(config);
    const lines = [`current version: ${s.current}`];
    for (const v of s.versions) lines.push(`  version ${v.version}: ${v.blobs} blob(s)${v.retired ? ', retired' : ''}`);
    lines.push(s.instances.length ? `running instances: ${s.instances.map((i) => `${i.id} (seals under ${i.sealsUnder ?? '?'})`).join(', ')}` : 'running instances: none');
    say(s, lines.join('\n'));
  } else if (action === 'rotate') {
    const v = await a.rotateKeys(config);
    say({ current: v }, `current version: ${v} (running instances seal under it within 5 s); next: keys rewrap`);
  } else if (action === 'rewrap') {
    const n = await a.rewrapKeys(config);
    say({ rewrapped: n }, `re-wrapped ${n} blob(s)${n ? '; run it again until it answers 0' : ''}`);
  } else if (action === 'retire' && /^[1-9][0-9]*$/.test(version ?? '')) {
    await a.retireKey(config, Number(version));
    say({ retired: Number(version) }, `version ${version} destroyed`);
  } else {
    throw new Error('keys needs status, rotate, rewrap or retire <version>');
  }
}

const [command, ...rest] = process.argv.slice(2);
const commands = { 'ra-key': raKey, keys };
if (Object.hasOwn(commands, command)) {
  commands[command](rest).catch((e) => {
    process.stderr.write(`dojang cloud ${command}: ${e.message}\n`);
    process.exit(1);
  });
} else {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'cloud/src/main.ts'), ...process.argv.slice(2)], { stdio: 'inherit', cwd: root });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
