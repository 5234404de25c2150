import { bridgeError } from '../../../preload/errors.js';
import { formatMessage } from '../../../preload/messages/format.js';
import { runBulk } from '../../stores/bulk.js';
import { CliExit, exitCodeFor } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { cliLanguage, say } from '../language.js';

/**
 * Runs a file operation over the PATH arguments. One PATH: its result is the answer, its error
 * the exit code. Several: one after another (runBulk: one failure never stops the rest), the
 * answer `{items: [{source, ok, …result | error}], done, failed}`, and the exit code of the
 * first failure.
 */
export async function runEach<R extends object>(io: CliIo, sources: string[], op: (source: string) => Promise<R>, json: boolean, describe: (r: R) => string): Promise<void> {
  if (sources.length === 1) {
    const r = await op(sources[0]!);
    if (json) io.json(r);
    else io.out(describe(r));
    return;
  }
  const results = new Map<string, R>();
  const summary = await runBulk(sources, async (s) => results.set(s, await op(s)));
  const items = sources.map((source) => {
    const r = results.get(source);
    if (r) return { source, ok: true, ...r };
    const { item: _item, ...error } = summary.failed.find((x) => x.item === source) ?? { item: source, ...bridgeError('INTERNAL', 'bridge.internal') };
    return { source, ok: false, error };
  });
  if (json) io.json({ items, done: summary.done, failed: summary.failed.length });
  else {
    for (const it of items) {
      if (it.ok) io.out(describe(results.get(it.source)!));
      else if ('error' in it) io.err(`dojang: ${it.source}: ${formatMessage(cliLanguage(), it.error.key, it.error.params)}`);
    }
    io.out(say('cli.out.done', { done: summary.done, failed: summary.failed.length }));
  }
  const first = summary.failed[0];
  if (first) throw new CliExit(exitCodeFor(first.code));
}
