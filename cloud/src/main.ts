/** `npm run cloud`: starts the service from env / config file (see config.ts) until SIGINT / SIGTERM. */
import { loadConfig } from './config.js';
import { startCloud } from './index.js';

async function main(): Promise<void> {
  const cloud = await startCloud(loadConfig());
  const stop = (): void => {
    cloud.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((e: Error) => {
  process.stderr.write(`dojang cloud: ${e.message}\n`);
  process.exit(1);
});
