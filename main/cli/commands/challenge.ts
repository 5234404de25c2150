import { Option, type Command } from 'commander';
import { summary } from './index.js';
import { DojangError } from '../../../common/errors.js';
import { writeFileAtomic } from '../../npki/atomic-write.js';
import { assertChallenge, challengeMessage, checkChallengeAnswer, createChallenge, type Challenge } from '../../verify/challenge.js';
import { closeVerifyStores, registrationStore } from '../../verify/index.js';
import { CliExit, EXIT } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { cliDataDir, readBounded } from '../paths.js';
import { IDN, readSecrets } from '../secrets.js';
import { cliVerifyOptions, messageJson, printReport, reportJson, trustOptions, type TrustCliOptions } from './verify.js';
import { cliLanguage, say } from '../language.js';
import { checkDetail } from '../../../preload/messages/format.js';

async function readChallenge(file: string): Promise<Challenge> {
  let parsed: unknown;
  try {
    parsed = JSON.parse((await readBounded(file)).toString('utf8'));
  } catch (e) {
    if (e instanceof DojangError) throw e;
    throw new DojangError('FILE_DAMAGED', 'cli.challengeNotJson', { path: file });
  }
  try {
    assertChallenge(parsed);
  } catch {
    throw new DojangError('FILE_DAMAGED', 'cli.challengeShape', { path: file });
  }
  return parsed;
}

/**
 * `challenge new` / `challenge check`: sign-in by signature. The relying party makes a challenge,
 * the user signs its message (`dojang sign PATH MSG --out ANSWER.p7s`), the relying party checks
 * the answer (with `--idn`, also the VID, by the R value the answer carries). Spent nonces are kept in
 * the data folder's registration store: the first check spends the challenge, accepted or not.
 */
export function registerChallenge(program: Command, io: CliIo): void {
  const challenge = program.command('challenge').description(summary('challenge'));

  challenge
    .command('new')
    .description('make a sign-in challenge (valid at most 5 minutes)')
    .option('--text <text>', 'the text the user signs (the nonce is added on its own line)')
    .option('--ttl <seconds>', 'lifetime in seconds, at most 300 (default 300)')
    .addOption(new Option('--out <file>', 'where to write the challenge (JSON)').makeOptionMandatory())
    .option('--message-out <file>', 'also write the exact bytes to sign (text, newline, nonce; UTF-8)')
    .option('--json', 'one JSON document on stdout')
    .action(async (o: { text?: string; ttl?: string; out: string; messageOut?: string; json?: boolean }) => {
      const ttl = o.ttl === undefined ? undefined : Number(o.ttl);
      if (ttl !== undefined && !(Number.isInteger(ttl) && ttl > 0 && ttl <= 300)) {
        throw new DojangError('INVALID_REQUEST', 'cli.ttlRange', { min: 1, max: 300 });
      }
      const c = createChallenge({ text: o.text, ttlMs: ttl === undefined ? undefined : ttl * 1000 });
      await writeFileAtomic(o.out, JSON.stringify(c, null, 2) + '\n', 0o644);
      if (o.messageOut) await writeFileAtomic(o.messageOut, challengeMessage(c), 0o644);
      if (o.json) io.json({ ...c, out: o.out, messageOut: o.messageOut ?? null });
      else io.out(`challenge ${o.out}: nonce ${c.nonce}, expires ${c.expiresAt}${o.messageOut ? `; sign ${o.messageOut}` : ''}`);
    });

  trustOptions(
    challenge
      .command('check')
      .description('check an answer (CMS, attached) to a challenge: exit 0 accepted, 1 refused')
      .argument('<challenge>', 'the challenge JSON made by `challenge new`')
      .argument('<answer>', 'the signature (.p7s / .der / .pem / base64 text)')
      .option('--idn', 'ask for the ID number and check the VID with the R value carried in the answer')
      .option('--idn-stdin', 'like --idn, reading the ID number from stdin'),
  ).action(async (file: string, answerFile: string, o: TrustCliOptions & { idn?: boolean; idnStdin?: boolean }) => {
    const c = await readChallenge(file);
    const answer = await readBounded(answerFile, 64 << 20);
    const opts = await cliVerifyOptions(o);
    if (o.idn || o.idnStdin) [opts.idn] = await readSecrets(io, [IDN], Boolean(o.idnStdin), '--idn-stdin');
    let result;
    try {
      result = await checkChallengeAnswer(c, answer, { ...opts, nonces: await registrationStore(cliDataDir()) });
    } finally {
      await closeVerifyStores();
    }
    const reason = { detail: result.reason, message: result.reasonMessage, note: result.reasonNote };
    if (o.json) {
      io.json({
        accepted: result.accepted,
        reason: result.reason,
        reasonMessage: messageJson(reason),
        challengeChecks: result.challengeChecks.map((x) => ({ ...x, message: messageJson(x) })),
        ...(result.report ? { report: reportJson(result.report) } : {}),
      });
    } else {
      io.out(`${say(result.accepted ? 'cli.out.accepted' : 'cli.out.refused')}: ${checkDetail(reason, cliLanguage())}`);
      for (const x of result.challengeChecks) io.out(`${x.ok ? '✓' : '✗'} ${x.name.padEnd(17)} ${checkDetail(x, cliLanguage())}`);
      if (result.report) printReport(io, result.report);
    }
    if (!result.accepted) throw new CliExit(EXIT.CHECK_FAILED);
  });
}
