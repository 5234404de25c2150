import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { summary } from './index.js';
import { DojangError } from '../../../common/errors.js';
import { nodeFetch } from '../../app/network.js';
import { SettingsStore } from '../../app/settings.js';
import { devCloudFromEnv } from '../../fincert/endpoint.js';
import { DemoBank } from '../../rp/bank.js';
import type { TrustedRoot } from '../../rp/pages.js';
import { startBankServer } from '../../rp/server.js';
import { TrustStore } from '../../verify/anchors.js';
import { openPgliteStore } from '../../verify/registration-store.js';
import { bundledTrust } from '../../verify/trust/trust-list.js';
import { isSelfIssued, loadCert } from '../../verify/x509.js';
import type { CliIo } from '../io.js';
import { cliDataDir } from '../paths.js';
import { cliVerifyOptions, trustOptions, type TrustCliOptions } from './verify.js';
import { say } from '../language.js';

interface ServeOptions extends TrustCliOptions {
  port: string;
  host: string;
  data?: string;
  cloud?: string;
  sdk?: string;
}

/** The built SDK beside this code: dist/web/sdk from the CLI bundle (dist/cli), or from the sources (main/cli/commands). */
function defaultSdkFile(): string | null {
  const candidates = [path.resolve(import.meta.dirname, '../web/sdk/dojang-web.js'), path.resolve(import.meta.dirname, '../../../dist/web/sdk/dojang-web.js')];
  return candidates.find((f) => existsSync(f)) ?? null;
}

/** The development cloud's root, as it publishes it (GET /v1/ca). */
async function cloudRoot(url: string): Promise<Buffer> {
  let body: { root?: unknown };
  try {
    const r = await nodeFetch(process.env)(new URL('/v1/ca', url), { signal: AbortSignal.timeout(10_000) });
    if (!r.ok) throw new Error(`HTTP ${r.status}`);
    body = (await r.json()) as { root?: unknown };
  } catch (e) {
    throw new DojangError('CLOUD_UNREACHABLE', 'rp.cloudRootUnreachable', { url: `${url}/v1/ca`, reason: e instanceof Error ? e.message : String(e) });
  }
  if (typeof body.root !== 'string') throw new DojangError('CLOUD_UNREACHABLE', 'rp.cloudRootMissing', { url: `${url}/v1/ca` });
  return loadCert(Buffer.from(body.root, 'base64')).der;
}

const rootView = (der: Buffer, source: TrustedRoot['source'], url?: string): TrustedRoot => {
  const c = loadCert(der);
  return { subject: c.info.subject, fingerprintSha256: c.fingerprint, source, ...(url ? { url } : {}) };
};

/**
 * `rp serve`: the demo bank (docs/demo-bank.md). Trusts the bundled KISA root and the data folder's
 * trust store, the test roots of the fixtures, the development cloud's root (--cloud, else the cloud
 * `npm start` runs, else the one in Dojang's settings), and --trust files. Prints {"url", …} as one JSON line on stdout, then serves
 * until SIGINT / SIGTERM.
 */
export function registerRp(program: Command, io: CliIo): void {
  const rp = program.command('rp').description(summary('rp'));
  trustOptions(
    rp
      .command('serve')
      .description('run the demo bank: sign-in, 타기관 등록 with VID, transfer confirmation (pages that sign with the dojang-web SDK)')
      .option('--port <port>', 'port to listen on (0: any free port)', '8790')
      .option('--host <host>', 'address to listen on', '127.0.0.1')
      .option('--data <folder>', 'the bank’s data folder: spent nonces, issued challenges, registrations (default: <Dojang data>/demo-bank)')
      .option(
        '--cloud <url>',
        'also trust this 금융인증서 cloud’s root (fetched from <url>/v1/ca); default: the development cloud `npm start` runs, else the cloud set in Dojang’s settings',
      )
      .option('--sdk <file>', 'the dojang-web SDK file to serve as /sdk/dojang-web.js (default: dist/web/sdk/dojang-web.js)'),
  ).action(async (o: ServeOptions) => {
    const port = Number(o.port);
    if (!(Number.isInteger(port) && port >= 0 && port <= 65535)) throw new DojangError('INVALID_REQUEST', 'rp.portRange');
    const dataDir = path.resolve(o.data ?? path.join(cliDataDir(), 'demo-bank'));
    const cloudUrl = o.cloud ?? devCloudFromEnv(process.env)?.url ?? ((await new SettingsStore(cliDataDir()).get()).cloudUrl || null);

    const opts = await cliVerifyOptions(o, dataDir);
    const testRoots = bundledTrust()
      .test.filter((t) => isSelfIssued(t.cert))
      .map((t) => t.cert.der);
    // A cloud named with --cloud must answer; one found in the environment or settings may be down.
    const cloud = cloudUrl
      ? await cloudRoot(cloudUrl).catch((e: unknown) => {
          if (o.cloud) throw e;
          io.err(`rp serve: ${e instanceof Error ? e.message : String(e)}`);
          return null;
        })
      : null;
    const stored = (await new TrustStore(dataDir).material()).anchors;
    const files = opts.anchors.filter((a) => !stored.some((s) => s.equals(a)));
    const kisa = bundledTrust()
      .roots.filter((r) => r.entry.role === 'root')
      .map((r) => r.cert.der);
    const anchors = [...opts.anchors, ...testRoots, ...(cloud ? [cloud] : [])];
    const roots = [
      ...kisa.map((d) => rootView(d, 'kisa')),
      ...testRoots.map((d) => rootView(d, 'test')),
      ...(cloud && cloudUrl ? [rootView(cloud, 'cloud', cloudUrl)] : []),
      ...files.map((d) => rootView(d, 'file')),
    ];

    const store = await openPgliteStore(path.join(dataDir, 'relying-party'));
    const bank = new DemoBank({ store, verifyOptions: async () => ({ ...opts, anchors }) });
    let server;
    try {
      server = await startBankServer({
        bank,
        roots,
        sdkFile: o.sdk ? path.resolve(o.sdk) : defaultSdkFile(),
        host: o.host,
        port,
        onError: (e) => io.err(`rp serve: ${e instanceof Error ? e.message : String(e)}`),
      });
    } catch (e) {
      await store.close();
      throw new DojangError('CONFLICT', 'rp.listenFailed', { address: `${o.host}:${port}`, reason: e instanceof Error ? e.message : String(e) });
    }
    // One JSON line (a test or a launcher reads the first line of stdout).
    io.out(JSON.stringify({ url: server.url, data: dataDir, roots: roots.map((r) => ({ subject: r.subject, source: r.source, sha256: r.fingerprintSha256 })) }));
    io.err(say('cli.out.rpRunning', { url: server.url }));
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await server.close();
    await store.close();
  });
}
