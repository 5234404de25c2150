// `npm start`: build when the sources are newer than dist/, then run the Electron host when its
// binary can run here, else the browser host in a Chromium app window — and say which, and why.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

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
  return ['main', 'preload', 'renderer', 'cloud'].some((d) => existsSync(path.join(root, d)) && newestMtime(path.join(root, d)) > built);
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

// Cloud (issue 6): with no settings.cloudUrl, the app runs the local cloud service itself (PGlite in
// <data folder>/cloud, SMS codes in <data folder>/cloud/sms-outbox.log; docs/cloud-client.md).
const env = { ...process.env, DOJANG_EMBEDDED_CLOUD: '1' };
console.log('The 금융인증서 cloud: the local development service (its SMS codes go to <data folder>/cloud/sms-outbox.log; see docs/cloud-client.md).');

const electron = electronStatus();
const child = electron.ok
  ? (console.log('Starting Dojang in Electron (the desktop app).'),
    spawn(electron.binary, [path.join(root, 'dist/main/electron.mjs')], { stdio: 'inherit', cwd: root, env }))
  : (console.log(`Starting Dojang in the browser host, because Electron cannot run: ${electron.why}.`),
    spawn(process.execPath, [path.join(root, 'dist/main/host.mjs'), '--open'], { stdio: 'inherit', cwd: root, env }));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
