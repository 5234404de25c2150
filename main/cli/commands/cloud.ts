/**
 * `dojang cloud ra-issue`: the registration authority's (the bank's) side of the 금융인증서 cloud
 * (docs/cloud-client.md): register a person (name, mobile, birth date; the ID number asked or read
 * from stdin, never from argv) and print the one-time refNum / authCode the person then issues
 * their certificate with, in the app.
 *
 * It calls a running cloud over HTTP (--url, the RA API key in DOJANG_RA_KEY), like a bank would:
 * the CLI never opens a cloud's database. `npm start` prints both for its development cloud;
 * `npm run cloud -- ra-key` makes a key for a cloud folder (scripts/cloud.mjs).
 */
import type { Command } from 'commander';
import { summary } from './index.js';
import { z } from 'zod';
import { DojangError } from '../../../common/errors.js';
import { CloudApiError } from '../../fincert/errors.js';
import { CloudTransport } from '../../fincert/transport.js';
import { nodeFetch } from '../../app/network.js';
import type { CliIo } from '../io.js';
import { IDN, readSecrets } from '../secrets.js';
import { say } from '../language.js';

const registration = z.object({ refNum: z.string(), authCode: z.string(), expiresAt: z.string() });

interface RaIssueOptions {
  name: string;
  mobile: string;
  birth: string;
  idnStdin?: boolean;
  url: string;
  json?: boolean;
}

function checkPerson(o: RaIssueOptions, idn: string): { name: string; mobile: string; birthDate: string; idn: string } {
  const name = o.name.trim();
  if (!name || name.length > 50) throw new DojangError('INVALID_REQUEST', 'cli.nameLength', { max: 50 });
  if (!/^01[016789]-?\d{3,4}-?\d{4}$/.test(o.mobile)) throw new DojangError('INVALID_REQUEST', 'cli.mobile', { value: o.mobile });
  if (!/^(19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])$/.test(o.birth)) throw new DojangError('INVALID_REQUEST', 'cli.birth', { value: o.birth });
  const digits = idn.trim().replace('-', '');
  if (!/^\d{13}$/.test(digits)) throw new DojangError('INVALID_REQUEST', 'cli.idnDigits');
  return { name, mobile: o.mobile, birthDate: o.birth, idn: digits };
}

async function register(url: string, raKey: string, person: ReturnType<typeof checkPerson>) {
  const transport = new CloudTransport({ baseUrl: url, retries: 0, fetch: nodeFetch(process.env) });
  try {
    return await transport.call({ method: 'POST', path: '/v1/ra/registrations', body: person, token: raKey, idempotent: false, schema: registration });
  } catch (e) {
    if (e instanceof CloudApiError && e.cloudCode === 'UNAUTHORIZED') {
      throw new DojangError('PERMISSION_DENIED', 'cli.raKeyRefused');
    }
    throw e;
  }
}

export function registerCloud(program: Command, io: CliIo): void {
  const cloud = program.command('cloud').description(summary('cloud'));

  cloud
    .command('ra-issue')
    .description('register a person as their bank would, and print the refNum / authCode to issue their 금융인증서 with (ID number from a prompt or stdin)')
    .requiredOption('--name <name>', 'real name, as the person will type it when connecting')
    .requiredOption('--mobile <number>', 'mobile number, e.g. 010-1234-5678 (the SMS codes go there)')
    .requiredOption('--birth <YYYYMMDD>', 'birth date (must match the ID number)')
    .option('--idn-stdin', 'read the ID number (주민등록번호) from stdin (one line) instead of asking')
    .requiredOption('--url <url>', 'the running cloud (its RA API key in the environment variable DOJANG_RA_KEY; `npm start` prints both)')
    .option('--json', 'one JSON document on stdout')
    .action(async (o: RaIssueOptions) => {
      const [idn] = await readSecrets(io, [IDN], Boolean(o.idnStdin), '--idn-stdin');
      const person = checkPerson(o, idn!);
      const raKey = process.env.DOJANG_RA_KEY;
      if (!raKey) throw new DojangError('INVALID_REQUEST', 'cli.raKeyMissing');
      const result = await register(o.url, raKey, person);
      if (o.json) return io.json({ ...result, cloud: o.url });
      io.out(say('cli.out.cloud.refNum', { value: result.refNum }));
      io.out(say('cli.out.cloud.authCode', { value: result.authCode }));
      io.out(say('cli.out.cloud.expires', { value: result.expiresAt }));
      io.out(say('cli.out.cloud.enter', { url: o.url }));
    });
}
