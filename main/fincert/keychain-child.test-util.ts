/**
 * Test-only child process: connects to a cloud with "remember this device" using the real OS
 * keychain of *its* environment (the parent runs it without a D-Bus session, or with a keyring
 * that refuses access) and prints the resulting status as the last line of stdout (JSON).
 *
 *   node --import tsx keychain-child.test-util.ts <cloudUrl> <cloudDataDir> <person JSON>
 */
import { readOutbox } from '../../cloud/src/index.js';
import { silentLogger } from '../core/log.js';
import { OsKeyStore } from './keystore.js';
import { CloudService } from './service.js';

const [url, dataDir, personJson] = process.argv.slice(2) as [string, string, string];
const person = JSON.parse(personJson) as { name: string; mobile: string; birthDate: string };
const keys = new OsKeyStore();
const app = new CloudService({
  endpoint: async () => ({ url, identity: url, devOutbox: null }),
  keys,
  log: silentLogger,
  now: () => new Date(),
  deviceName: 'keychain child',
});
const probe = await keys.probe();
const before = await app.status();
const started = await app.connectStart(person);
const code = (await readOutbox(dataDir)).filter((m) => m.challengeId === started.requestId).at(-1)?.code ?? '';
const result = await app.connectVerify({ requestId: started.requestId, code, remember: true });
const after = result.connected ? result.status : result;
// Disconnect so the cloud's device slot is free again (and nothing is left behind).
await app.disconnect();
process.stdout.write('\n' + JSON.stringify({ probe, before, after }) + '\n');
