import type { Command } from 'commander';
import { DojangError } from '../../../common/errors.js';
import { TrustStore, type TrustAnchorView } from '../../verify/anchors.js';
import type { CliIo } from '../io.js';
import { say, withText } from '../language.js';
import { cliDataDir, readBounded } from '../paths.js';

const ROLE = {
  root: 'cli.out.trust.root',
  licensed: 'cli.out.trust.licensed',
  pinned: 'cli.out.trust.pinned',
  expired: 'cli.out.trust.expired',
  test: 'cli.out.trust.test',
  added: 'cli.out.trust.added',
} as const;

function listJson(v: TrustAnchorView) {
  return { subject: v.subject, sha256: v.fingerprintSha256, notAfter: v.notAfter, role: v.role, source: v.source, trusted: v.trusted, note: v.note && withText(v.note) };
}

/**
 * `trust list|add|remove`: the bundled trust list and the roots the user installed. `add` shows
 * the root's subject and SHA-256 to compare with the value KISA (or the CA) publishes, and installs
 * it only after the user confirms: typing "yes" on a terminal, or `--sha256` with that value.
 */
export function registerTrust(program: Command, io: CliIo): void {
  const trust = program.command('trust').description('trusted roots and licensed CAs (신뢰 목록): list, add a root (e.g. KISA RootCA 5), remove one');

  trust
    .command('list')
    .description('the bundled trust list and the roots you added')
    .option('--json', 'one JSON document on stdout')
    .action(async (o: { json?: boolean }) => {
      const all = await new TrustStore(cliDataDir()).list();
      if (o.json) return io.json(all.map(listJson));
      for (const v of all) {
        io.out(`${v.trusted ? '✓' : '·'} ${say(ROLE[v.role])}  ${v.subject}`);
        io.out(`    SHA-256 ${v.fingerprintColons}  until ${v.notAfter.slice(0, 10)}`);
        if (v.note) io.out(`    ${withText(v.note).message}`);
      }
    });

  trust
    .command('add')
    .description('install a root certificate (self-signed CA) after comparing its SHA-256 with the published value')
    .argument('<file>', 'the root certificate (DER or PEM)')
    .option('--sha256 <hex>', 'the SHA-256 you compared (KISA publishes it); no question asked when it matches')
    .option('--json', 'one JSON document on stdout')
    .action(async (file: string, o: { sha256?: string; json?: boolean }) => {
      const store = new TrustStore(cliDataDir());
      const bytes = await readBounded(file);
      const candidate = store.inspect(bytes);
      io.err(say('cli.out.trust.subject', { subject: candidate.subject }));
      io.err(`SHA-256: ${candidate.fingerprintColons}`);
      io.err(say('cli.out.trust.valid', { from: candidate.notBefore.slice(0, 10), to: candidate.notAfter.slice(0, 10) }));
      if (candidate.anchorsPinned.length) io.err(say('cli.out.trust.pinnedUnder', { names: candidate.anchorsPinned.join(', ') }));
      let confirm = o.sha256;
      if (confirm === undefined) {
        let answer: string;
        try {
          answer = await io.prompt(say('cli.out.trust.confirm'));
        } catch {
          throw new DojangError('INVALID_REQUEST', 'cli.trustNoTerminal');
        }
        if (answer.trim().toLowerCase() !== 'yes') throw new DojangError('CANCELLED', 'cli.trustNotInstalled');
        confirm = candidate.fingerprintSha256;
      }
      const added = await store.add(bytes, { source: 'user', confirmFingerprint: confirm.trim() });
      if (o.json) return io.json({ ...listJson(added), anchorsPinned: candidate.anchorsPinned });
      io.out(say('cli.out.trust.installed', { subject: added.subject }));
    });

  trust
    .command('remove')
    .description('remove a root you added (by SHA-256)')
    .argument('<sha256>', 'its SHA-256, with or without colons')
    .action(async (fp: string) => {
      await new TrustStore(cliDataDir()).remove(fp);
      io.out(say('cli.out.trust.removed', { fingerprint: fp }));
    });
}
