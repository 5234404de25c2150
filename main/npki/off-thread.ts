/**
 * The app's key work, run in the crypto worker pool so a slow key (10 million iterations) never
 * freezes the process that answers the window (issue 12). Same results and DojangErrors as the
 * synchronous functions in keyfile.ts and pkcs12.ts, which the CLI keeps using (one command, one
 * key: nothing else waits).
 */
import { createPrivateKey } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { createWorkerPool, type WorkerEntry, type WorkerPool } from '../core/worker-pool.js';
import type { CRYPTO_TASKS, CryptoTask } from './crypto-tasks.js';
import type { ReencryptKey, UnlockedKey } from './keyfile.js';
import type { PfxKeyFile, PfxToKeyFile } from './pkcs12.js';

/**
 * Next to the bundle: dist/main/crypto-worker.cjs (scripts/build.mjs), self-contained, evaluated
 * from its text (read through fs, which also reads Electron's asar). From the sources (tests, dev):
 * a small module that registers tsx in the worker first (`--import tsx` in a worker's execArgv does
 * not reach its entry module on Node 20).
 */
function workerEntry(): WorkerEntry {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const bundled = path.join(here, 'crypto-worker.cjs');
  if (existsSync(bundled)) return { source: readFileSync(bundled, 'utf8') };
  const tsxApi = pathToFileURL(path.join(path.dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/esm/api/index.mjs'));
  const source = pathToFileURL(path.join(here, 'crypto-worker.ts'));
  const loader = `import { register } from ${JSON.stringify(tsxApi.href)}; register(); await import(${JSON.stringify(source.href)});`;
  return { url: new URL('data:text/javascript,' + encodeURIComponent(loader)) };
}

let pool: WorkerPool | null = null;

/** The shared pool: two workers at most (one slow key never holds up a second task), started on first use. */
export function cryptoPool(): WorkerPool {
  pool ??= createWorkerPool(workerEntry, Math.max(1, Math.min(2, os.availableParallelism() - 1)));
  return pool;
}

function run<T extends CryptoTask>(task: T, ...args: Parameters<(typeof CRYPTO_TASKS)[T]>): Promise<ReturnType<(typeof CRYPTO_TASKS)[T]>> {
  return cryptoPool().run(task, args);
}

const buf = (u: Uint8Array): Buffer => Buffer.from(u.buffer, u.byteOffset, u.byteLength);

export async function unlockKeyOffThread(certDer: Buffer, keyDer: Buffer, password: string): Promise<UnlockedKey> {
  const r = await run('unlockKey', certDer, keyDer, password);
  const privateKeyInfo = buf(r.privateKeyInfo);
  return {
    privateKeyInfo,
    protection: r.protection,
    randomNum: r.randomNum ? buf(r.randomNum) : null,
    privateKey: createPrivateKey({ key: privateKeyInfo, format: 'der', type: 'pkcs8' }),
  };
}

export const reencryptKeyOffThread: ReencryptKey = async (certDer, keyDer, oldPassword, newPassword, scheme) =>
  buf(await run('reencryptKey', certDer, keyDer, oldPassword, newPassword, scheme));

export const pfxToKeyFileOffThread: PfxToKeyFile = async (pfxDer, password, newPassword): Promise<PfxKeyFile> => {
  const r = await run('pfxToKeyFile', pfxDer, password, newPassword);
  return { certDer: buf(r.certDer), encryptedKey: buf(r.encryptedKey), hasRandomNum: r.hasRandomNum };
};

export async function exportPfxOffThread(certDer: Buffer, privateKeyInfo: Buffer, password: string, friendlyName: string | undefined): Promise<Buffer> {
  return buf(await run('exportPfx', certDer, privateKeyInfo, password, friendlyName));
}
