/**
 * `dojang cloud …`: the registration authority's (the bank's) side of the 금융인증서 cloud, for
 * the local development service (docs/cloud-client.md).
 *
 *   ra-issue: register a person (name, mobile, birth date; the ID number asked or read from
 *             stdin, never from argv) and print the one-time refNum / authCode the person then
 *             issues their certificate with, in the app.
 *   ra-key:   make a registration-authority API key for a cloud run with `npm run cloud`.
 *
 * Without --url, ra-issue opens the app's own local cloud (<Dojang data folder>/cloud): the app
 * must be closed (the database is one process's), and a throwaway RA key is made and revoked
 * around the one registration. With --url it calls a running cloud with the key in DOJANG_RA_KEY.
 */
import type { Command } from 'commander';
import { summary } from './index.js';
import path from 'node:path';
import { z } from 'zod';
import { DojangError } from '../../core/errors.js';
import { CloudApiError } from '../../fincert/errors.js';
import { CloudTransport } from '../../fincert/transport.js';
import type { CliIo } from '../io.js';
import { cliDataDir } from '../paths.js';
import { IDN, readSecrets } from '../secrets.js';

const registration = z.object({ refNum: z.string(), authCode: z.string(), expiresAt: z.string() });

interface RaIssueOptions {
  name: string;
  mobile: string;
  birth: string;
  idnStdin?: boolean;
  url?: string;
  dataDir?: string;
  json?: boolean;
}

/** The app's local cloud folder (the one `npm start` runs), unless --data-dir names another. */
function cloudFolder(dataDir: string | undefined): string {
  return dataDir ? path.resolve(dataDir) : path.join(cliDataDir(), 'cloud');
}

function checkPerson(o: RaIssueOptions, idn: string): { name: string; mobile: string; birthDate: string; idn: string } {
  const name = o.name.trim();
  if (!name || name.length > 50) throw new DojangError('INVALID_REQUEST', '이름은 1~50자입니다 / --name: 1 to 50 characters');
  if (!/^01[016789]-?\d{3,4}-?\d{4}$/.test(o.mobile)) throw new DojangError('INVALID_REQUEST', `휴대폰 번호가 아닙니다 / --mobile is not a Korean mobile number: ${o.mobile}`);
  if (!/^(19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])$/.test(o.birth)) throw new DojangError('INVALID_REQUEST', `생년월일은 YYYYMMDD입니다 / --birth must be YYYYMMDD: ${o.birth}`);
  const digits = idn.trim().replace('-', '');
  if (!/^\d{13}$/.test(digits)) throw new DojangError('INVALID_REQUEST', '주민등록번호는 13자리 숫자입니다 / the ID number must be 13 digits');
  return { name, mobile: o.mobile, birthDate: o.birth, idn: digits };
}

async function register(url: string, raKey: string, person: ReturnType<typeof checkPerson>) {
  const transport = new CloudTransport({ baseUrl: url, retries: 0 });
  try {
    return await transport.call({ method: 'POST', path: '/v1/ra/registrations', body: person, token: raKey, idempotent: false, schema: registration });
  } catch (e) {
    if (e instanceof CloudApiError && e.cloudCode === 'UNAUTHORIZED') {
      throw new DojangError('PERMISSION_DENIED', '등록기관 API 키가 거부되었습니다 / the cloud refused the registration-authority API key (DOJANG_RA_KEY)');
    }
    throw e;
  }
}

/** Opens the local cloud in this process; the folder lock refuses while the app (or another process) has it open. */
async function openLocalCloud(folder: string) {
  const { startCloud } = await import('../../../cloud/src/index.js');
  try {
    return await startCloud({ dataDir: folder, host: '127.0.0.1', port: 0, logger: false, production: false, jobIntervalMs: 0 });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (/is using/.test(message)) {
      throw new DojangError(
        'CONFLICT',
        `로컬 클라우드를 다른 프로세스(Dojang 앱)가 쓰고 있습니다. 앱을 닫고 다시 하거나 --url과 DOJANG_RA_KEY를 쓰세요 / ` +
          `the local cloud (${folder}) is open in another process, probably Dojang itself: close it and run this again, or use --url with DOJANG_RA_KEY`,
      );
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
    .option('--url <url>', 'a running cloud instead of the local one (API key in the environment variable DOJANG_RA_KEY)')
    .option('--data-dir <folder>', "the local cloud's folder (default: <Dojang data folder>/cloud, the one `npm start` runs)")
    .option('--json', 'one JSON document on stdout')
    .action(async (o: RaIssueOptions) => {
      const [idn] = await readSecrets(io, [IDN], Boolean(o.idnStdin), '--idn-stdin');
      const person = checkPerson(o, idn!);
      let result: z.infer<typeof registration>;
      let where: string;
      if (o.url) {
        const raKey = process.env.DOJANG_RA_KEY;
        if (!raKey) throw new DojangError('INVALID_REQUEST', '--url에는 DOJANG_RA_KEY 환경 변수가 필요합니다 / --url needs the API key in the environment variable DOJANG_RA_KEY (see `dojang cloud ra-key`)');
        where = o.url;
        result = await register(o.url, raKey, person);
      } else {
        where = cloudFolder(o.dataDir);
        const local = await openLocalCloud(where);
        try {
          const key = await local.createRaKey('dojang cloud ra-issue');
          try {
            result = await register(local.url, key.key, person);
          } finally {
            await local.revokeRaKey(key.id);
          }
        } finally {
          await local.close();
        }
      }
      if (o.json) return io.json({ ...result, cloud: where });
      io.out(`참조번호 (refNum)    ${result.refNum}`);
      io.out(`인가코드 (authCode)  ${result.authCode}`);
      io.out(`유효기한 (expires)   ${result.expiresAt}`);
      io.out(`Dojang에서 금융인증서 발급에 입력하세요 / enter both in Dojang under 금융인증서 → issue (cloud: ${where}).`);
    });

  cloud
    .command('ra-key')
    .description('make a registration-authority API key for a cloud folder (printed once; the cloud must not be running with that folder)')
    .requiredOption('--name <name>', "the bank's name")
    .option('--data-dir <folder>', "the cloud's folder (default: <Dojang data folder>/cloud)")
    .option('--json', 'one JSON document on stdout')
    .action(async (o: { name: string; dataDir?: string; json?: boolean }) => {
      const folder = cloudFolder(o.dataDir);
      const local = await openLocalCloud(folder);
      let key;
      try {
        key = await local.createRaKey(o.name);
      } finally {
        await local.close();
      }
      if (o.json) return io.json({ id: key.id, name: key.name, key: key.key });
      io.out(key.key);
      io.err(`RA key ${key.id} (${key.name}) for ${folder}: shown once; pass it as DOJANG_RA_KEY.`);
    });
}
