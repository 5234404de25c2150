// `npm start`: build when the sources are newer than dist/, start the development 금융인증서 cloud
// (in this process), then run the Electron host when its binary can run here, else the browser
// host in a Chromium app window — and say which, and why. The app is told of the cloud by
// DOJANG_DEV_CLOUD; a packaged app never runs or names one.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { tsImport } from 'tsx/esm/api';

const root = path.resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

function needsBuild() {
  const marker = path.join(root, 'dist/main/host.mjs');
  if (!existsSync(marker)) return true;
  const built = statSync(marker).mtimeMs;
  return ['main', 'common', 'preload', 'renderer', 'cloud'].some((d) => existsSync(path.join(root, d)) && newestMtime(path.join(root, d)) > built);
}

/** The Electron binary electron's installer left (its path.txt names it under dist/), or null. */
function installedElectron(electronDir) {
  const pathFile = path.join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = path.join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

/**
 * Fetches Electron's binary with electron's own installer (install.js: @electron/get, checked
 * against the checksums shipped in the package). `npm ci` does not download it; this is the first
 * moment it is needed. Returns null when fetched, else why not, in a few words.
 */
function fetchElectron(electronDir) {
  console.log('Fetching the Electron binary (first start)…');
  const r = spawnSync(process.execPath, [path.join(electronDir, 'install.js')], { encoding: 'utf8', timeout: 300_000 });
  if (r.status === 0) return null;
  const detail = (r.error?.message ?? r.stderr ?? '').split('\n').find((line) => line.trim()) ?? `exit ${r.status}`;
  return `its binary could not be fetched (${detail.trim()})`;
}

/** The Electron binary's path when it is installed (fetched now if needed) and starts here, else the reason it cannot. */
function electronStatus() {
  let electronDir;
  try {
    electronDir = path.dirname(require.resolve('electron/package.json'));
  } catch {
    return { ok: false, why: 'the electron package is not installed' };
  }
  // Not require('electron'): its index.js would download with its own output and throw on failure.
  let binary = installedElectron(electronDir);
  if (!binary) {
    const why = fetchElectron(electronDir);
    if (why) return { ok: false, why };
    binary = installedElectron(electronDir);
    if (!binary) return { ok: false, why: 'its installer finished but left no binary' };
  }
  const probe = spawnSync(binary, ['--version'], { timeout: 15_000, env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
  if (probe.status !== 0) return { ok: false, why: `its binary does not run here (${probe.error?.message ?? `exit ${probe.status}`})` };
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return { ok: false, why: 'there is no display' };
  return { ok: true, binary };
}

if (needsBuild()) {
  console.log('Building Dojang…');
  const result = spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { stdio: 'inherit', cwd: root });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

/** A free loopback port, so the app can be told the cloud's address before the cloud is up. */
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/**
 * The development cloud: PGlite in <data folder>/cloud, SMS codes in its sms-outbox.log
 * (docs/cloud-client.md). Its first start makes a CA (seconds), so the app starts alongside it.
 */
async function startDevCloud() {
  const { defaultDataDir } = await tsImport(path.join(root, 'main/app/paths.ts'), import.meta.url);
  const dataDir = path.join(defaultDataDir(process.platform, os.homedir(), process.env), 'cloud');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const running = tsImport(path.join(root, 'cloud/src/index.ts'), import.meta.url).then(async ({ startCloud }) => {
    const cloud = await startCloud({ dataDir, host: '127.0.0.1', port, logger: false, production: false });
    const key = await cloud.createRaKey('npm start');
    console.log(`The development cloud is up at ${url}. To register a person as a bank would:`);
    console.log(`  DOJANG_RA_KEY=${key.key} node dist/cli/dojang.mjs cloud ra-issue --url ${url} --name … --mobile … --birth …`);
    return cloud;
  });
  running.catch((e) => console.error(`The development cloud did not start: ${e.message}`));
  // The port changes at every start: the keychain knows this cloud by its folder.
  return { endpoint: { url, identity: `local:${dataDir}`, devOutbox: path.join(dataDir, 'sms-outbox.log') }, running };
}

const devCloud = await startDevCloud();
const env = { ...process.env, DOJANG_DEV_CLOUD: JSON.stringify(devCloud.endpoint) };
console.log(`The 금융인증서 cloud: the development service in ${devCloud.endpoint.identity.slice('local:'.length)} (SMS codes in its sms-outbox.log; docs/cloud-client.md).`);

const electron = electronStatus();
const child = electron.ok
  ? (console.log('Starting Dojang in Electron (the desktop app).'), spawn(electron.binary, [path.join(root, 'dist/main/electron.mjs')], { stdio: 'inherit', cwd: root, env }))
  : (console.log(`Starting Dojang in the browser host, because Electron cannot run: ${electron.why}.`),
    spawn(process.execPath, [path.join(root, 'dist/main/host.mjs'), '--open'], { stdio: 'inherit', cwd: root, env }));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
// The cloud closes its database before the launcher exits.
child.on(
  'exit',
  (code) =>
    void devCloud.running
      .then(
        (cloud) => cloud.close(),
        () => {},
      )
      .finally(() => process.exit(code ?? 0)),
);
