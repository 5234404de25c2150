import type { Command } from 'commander';
import os from 'node:os';
import { defaultHostCommand, installNativeHost, nativeHostStatus, uninstallNativeHost, type InstallEnv, type RegistrationStatus } from '../../agent/install.js';
import type { CliIo } from '../io.js';
import { cliDataDir } from '../paths.js';
import { summary } from './index.js';
import { say } from '../language.js';

const STATE = { registered: 'cli.out.agent.registered', missing: 'cli.out.agent.missing', other: 'cli.out.agent.other' } as const;

function installEnv(): InstallEnv {
  return { platform: process.platform, home: os.homedir(), env: process.env, dataDir: cliDataDir() };
}

type Options = { json?: boolean; profile?: string[] };

function print(io: CliIo, o: Options, rows: RegistrationStatus[]): void {
  if (o.json) return io.json(rows);
  for (const r of rows) io.out(`${r.browser.padEnd(8)} ${say(STATE[r.state])}  ${r.where}`);
}

/**
 * `agent install|status|uninstall`: the web signing agent's native messaging host for this user's
 * Chromium-family browsers (main/agent/install.ts). `--profile` adds a browser profile's
 * NativeMessagingHosts folder (a browser started with --user-data-dir).
 */
export function registerAgent(program: Command, io: CliIo): void {
  const agent = program.command('agent').description(summary('agent'));
  const withOptions = (c: Command) =>
    c
      .option('--profile <folder...>', 'also a browser profile’s NativeMessagingHosts folder (--user-data-dir/NativeMessagingHosts)')
      .option('--json', 'one JSON document on stdout');
  withOptions(agent.command('install').description('register (or repair) the native host for Chrome, Chromium, Edge and Brave')).action(async (o: Options) => {
    print(io, o, await installNativeHost(installEnv(), { command: defaultHostCommand(import.meta.dirname), profileFolders: o.profile ?? [] }));
  });
  withOptions(agent.command('status').description('where the native host is registered')).action(async (o: Options) => {
    print(io, o, await nativeHostStatus(installEnv(), { profileFolders: o.profile ?? [] }));
  });
  withOptions(agent.command('uninstall').description('remove every registration and the launcher')).action(async (o: Options) => {
    print(io, o, await uninstallNativeHost(installEnv(), { profileFolders: o.profile ?? [] }));
  });
}
