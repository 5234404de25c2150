/**
 * Every `dojang` command: its name, its one-line summary (for `dojang --help` and its own help) and how to
 * load it. Modules are imported only when their command runs, so `--version` and `--help` start fast.
 */
import type { Command } from 'commander';
import type { CliIo } from '../io.js';

type Register = (program: Command, io: CliIo) => void;

export interface CliCommand {
  name: string;
  summary: string;
  load(): Promise<Register>;
}

const SUMMARIES = {
  scan: 'list the certificates in ROOT folders (default: this computer’s NPKI folders, the folders added in the app, USB drives)',
  show: 'show a certificate (PATH: a certificate folder or a certificate file)',
  unlock: 'check a certificate’s password: exit 0 when it opens the private key, 1 when it does not',
  vid: 'check that a certificate belongs to an ID number (주민등록번호 / 사업자등록번호): exit 0 on a match, 1 otherwise',
  passwd: 'change a certificate’s password (the new one must follow the 공동인증서 rules)',
  'export-pfx': 'export a certificate and its key as a .pfx / .p12 file (인증서 내보내기)',
  'import-pfx': 'import a .pfx / .p12 file into an NPKI folder (인증서 가져오기)',
  sign: 'sign a file or a text with a certificate: CMS SignedData (DER), or a raw PKCS#1 v1.5 / SHA-256 signature',
  drives: 'list removable drives (USB) and their NPKI folders',
  cp: 'copy certificate folders into an NPKI folder (another drive, a USB stick, a backup)',
  mv: 'move certificate folders into an NPKI folder (the source goes to the recovery folder)',
  rm: 'delete certificate folders (they go to the recovery folder: see `dojang restore`)',
  restore: 'list deleted certificates, or put one back where it was',
  cloud: 'the 금융인증서 cloud: the registration-authority (bank) side',
  verify: 'verify a CMS signature (or a certificate): signature, content, chain, validity, usage, policy, revocation',
  challenge: 'sign-in challenges: make one, check an answer',
  trust: 'trusted roots and licensed CAs (신뢰 목록): list, add a root (e.g. KISA RootCA 5), remove one',
  rp: 'the demo bank, a relying party: sign-in, 타기관 등록 with VID and transfer confirmation pages that sign with the dojang-web SDK (rp serve)',
  agent: 'the web signing agent: register the native host with Chrome, Chromium, Edge and Brave (install, status, uninstall)',
} as const;

export type CommandName = keyof typeof SUMMARIES;

/** The summary a command module gives its `.description()`: one text for both help screens. */
export function summary(name: CommandName): string {
  return SUMMARIES[name];
}

const loaders: Record<CommandName, () => Promise<Register>> = {
  scan: async () => (await import('./scan.js')).registerScan,
  show: async () => (await import('./show.js')).registerShow,
  unlock: async () => (await import('./unlock.js')).registerUnlock,
  vid: async () => (await import('./vid.js')).registerVid,
  passwd: async () => (await import('./passwd.js')).registerPasswd,
  'export-pfx': async () => (await import('./export-pfx.js')).registerExportPfx,
  'import-pfx': async () => (await import('./import-pfx.js')).registerImportPfx,
  sign: async () => (await import('./sign.js')).registerSign,
  drives: async () => (await import('./drives.js')).registerDrives,
  cp: async () => (await import('./transfer.js')).registerCp,
  mv: async () => (await import('./transfer.js')).registerMv,
  rm: async () => (await import('./recovery.js')).registerRm,
  restore: async () => (await import('./recovery.js')).registerRestore,
  cloud: async () => (await import('./cloud.js')).registerCloud,
  verify: async () => (await import('./verify.js')).registerVerify,
  challenge: async () => (await import('./challenge.js')).registerChallenge,
  trust: async () => (await import('./trust.js')).registerTrust,
  rp: async () => (await import('./rp.js')).registerRp,
  agent: async () => (await import('./agent.js')).registerAgent,
};

export const COMMANDS: readonly CliCommand[] = (Object.keys(SUMMARIES) as CommandName[]).map((name) => ({
  name,
  summary: SUMMARIES[name],
  load: loaders[name],
}));

/** The command the arguments run: the first word that is not an option (`help X` asks for X). */
export function commandNamed(argv: readonly string[]): CliCommand | undefined {
  const words = argv.filter((a) => !a.startsWith('-'));
  const name = words[0] === 'help' ? words[1] : words[0];
  return COMMANDS.find((c) => c.name === name);
}
