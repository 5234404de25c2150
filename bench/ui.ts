/**
 * The UI with 1,000 certificates, in the browser host and Debian's Chromium (Playwright):
 * launch → full list rendered (the renderer's 'dojang:list-rendered' mark) and the time per filter
 * keystroke (its 'dojang:filter' measures: input event → filtered list committed).
 * Peer, same run, same browser, same 1,000 rows: a plain DOM table that renders every row and
 * rebuilds on each keystroke (what the list would cost without virtualization).
 * Memory: the browser host's resident set with the 1,000 rows listed, then every 100 list refreshes up
 * to 400, beside its V8 heap after the latest full GC (the host runs with --trace-gc): a leak grows
 * the heap with the count; allocator and GC noise moves the RSS but not the heap after GC.
 * Launch, as Electron starts (its main process and its browser process start together, and the
 * window exists before main serves it): the host and Chromium start at once and Chromium opens its
 * tab while the host is still starting; the tab navigates when the host prints its launch page. The
 * total runs from the host's spawn to the list's mark, every phase inside it. Its peer, alternating
 * with it in the same run: the same Chromium launched, a tab open, and a static file:// page of the
 * same 1,000 rows as a plain table loaded (no host, no app: the floor of any window showing them).
 * Goals: ≤ 1.0 s to the full list, ≤ 16 ms p95 per keystroke, no RSS growth beyond noise.
 * Run: npx tsx bench/ui.ts   (builds dist/ first when it is missing)
 */
import { chromium, type Browser, type Page } from '@playwright/test';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { pathToFileURL } from 'node:url';
import type { CertificateRow } from '../preload/types.js';
import { CHROMIUM, CHROMIUM_ARGS } from '../e2e/fixtures/host.js';
import { certMaker, sampleSpecs, writeCertificates } from '../e2e/fixtures/ui.js';

const root = path.resolve(import.meta.dirname, '..');
const COUNT = 1000;
/** Typed one key at a time, then erased: a holder, a CA, a serial number (colons as users copy them), one that matches nothing. */
const QUERIES = ['김민준', '코스콤', '50:1', 'xyz'];

if (!existsSync(path.join(root, 'dist/main/host.mjs')) || !existsSync(path.join(root, 'dist/renderer/index.html'))) {
  const built = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}

const base = mkdtempSync(path.join(os.tmpdir(), 'dojang-bench-ui-'));
const home = path.join(base, 'home');
const dataDir = path.join(base, 'data');
mkdirSync(dataDir, { recursive: true });
const generated = performance.now();
writeCertificates(path.join(home, 'NPKI'), sampleSpecs(COUNT), certMaker());
console.log(`${COUNT} distinct certificates written to a temp ~/NPKI in ${((performance.now() - generated) / 1000).toFixed(1)} s`);

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};
const ms = (v: number) => `${v.toFixed(1)} ms`;
/** CPU time (user + system) of a process so far, in ms (Linux /proc: clock ticks of 10 ms). */
const cpuMs = (pid: number | undefined): number => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
};
/** Resident set of a process in MiB (Linux /proc; elsewhere not measured). */
const rssMiB = (pid: number | undefined): number => {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb) / 1024;
};

const env = { ...process.env, HOME: home, USERPROFILE: home, DOJANG_DATA_DIR: dataDir, XDG_CONFIG_HOME: path.join(home, '.config'), TZ: 'Asia/Seoul' };
const LAUNCHES = 3;

interface Launch {
  /** The V8 heap (MB) after each full (mark-compact) GC so far, from the host's --trace-gc lines. */
  heapAfterGc: number[];
  wall: number;
  /** The host's ready line (listening), and Chromium launched: both start at once. */
  listening: number;
  /** The host's CPU time (user + system) until its ready line. */
  hostCpu: number;
  browserReady: number;
  /** Chromium's browser context and tab open (opened while the host starts). */
  pageOpened: number;
  /** The later of the host ready and the tab open: the navigation starts here. */
  navigating: number;
  /** From the tab open to the app document's navigation start: launch page → POST /launch → cookie → '/'. */
  handshake: number;
  fromNavigation: number;
  /** In the app document: the renderer's entry and all its scripts loaded, the list's call sent and answered, the settings answered (ms from its start). */
  doc: { answered: number; entry: number; scripts: number; listSent: number; listAnswered: number; settingsAnswered: number };
  host: ChildProcess;
  browser: Browser;
  page: Page;
}

/** Spawn the browser host and Chromium together, open the page, wait for the list's mark. */
async function launch(): Promise<Launch> {
  const started = performance.now();
  const host = spawn(process.execPath, ['--trace-gc', path.join(root, 'dist/main/host.mjs')], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  const heapAfterGc: number[] = [];
  let listening = 0;
  let hostCpu = 0;
  const url = new Promise<string>((resolve, reject) => {
    readline.createInterface({ input: host.stdout! }).on('line', (line) => {
      if (line.startsWith('{')) {
        listening = performance.now() - started;
        hostCpu = cpuMs(host.pid);
        return resolve((JSON.parse(line) as { url: string }).url);
      }
      const after = /Mark-Compact [\d.]+ \([\d.]+\) -> ([\d.]+) \(/.exec(line)?.[1];
      if (after) heapAfterGc.push(Number(after));
    });
    host.once('exit', (code) => reject(new Error(`browser host exited with ${code}`)));
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS }).catch((error: unknown) => {
    host.kill('SIGTERM');
    throw error;
  });
  const browserReady = performance.now() - started;
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'ko-KR' })).newPage();
  const pageOpened = performance.now() - started;
  const address = await url;
  const navigating = performance.now() - started;
  await page.goto(address);
  await page.waitForFunction(() => performance.getEntriesByName('dojang:list-rendered').length > 0, undefined, { timeout: 30_000 });
  const wall = performance.now() - started;
  const { fromNavigation, timeOrigin, doc } = await page.evaluate(() => {
    // No named functions in here: tsx would wrap them in a helper the page lacks.
    const calls = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
    const list = calls.find((e) => e.name.endsWith('/api/listCertificates'));
    return {
      fromNavigation: performance.getEntriesByName('dojang:list-rendered')[0]!.startTime,
      timeOrigin: performance.timeOrigin,
      doc: {
        answered: performance.getEntriesByType('navigation')[0]!.toJSON().responseStart as number,
        entry: Math.min(...calls.filter((e) => e.name.includes('/assets/') && e.name.endsWith('.js')).map((e) => e.responseEnd)),
        scripts: Math.max(...calls.filter((e) => e.name.endsWith('.js')).map((e) => e.responseEnd)),
        listSent: list?.startTime ?? NaN,
        listAnswered: list?.responseEnd ?? NaN,
        settingsAnswered: calls.find((e) => e.name.endsWith('/api/getSettings'))?.responseEnd ?? NaN,
      },
    };
  });
  const handshake = timeOrigin - (performance.timeOrigin + started) - navigating;
  return { heapAfterGc, wall, listening, hostCpu, browserReady, pageOpened, navigating, handshake, fromNavigation, doc, host, browser, page };
}

/** The launch peer: Chromium launched, a tab, a static page of the rows loaded and painted (ms). */
async function launchPeer(file: string): Promise<number> {
  const started = performance.now();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'ko-KR' })).newPage();
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    await page.evaluate(() => new Promise(requestAnimationFrame));
    return performance.now() - started;
  } finally {
    await browser.close();
  }
}

/** The rows as the peer's static page: a plain table with the app list's columns. */
function staticTable(rows: CertificateRow[]): string {
  const cell = (text: string | null | undefined) => `<td>${(text ?? '').replace(/&/g, '&amp;').replace(/</g, '&lt;')}</td>`;
  const body = rows
    .map((r) => `<tr>${[r.holder, r.ca?.nameKo, r.policy?.usageKo, `${r.notBefore} – ${r.notAfter}`, String(r.daysLeft), r.location.label].map(cell).join('')}</tr>`)
    .join('\n');
  return `<!doctype html><html lang="ko"><head><meta charset="utf-8"><title>peer</title></head><body><table><tbody>\n${body}\n</tbody></table></body></html>\n`;
}

async function close(l: Launch): Promise<void> {
  await l.browser.close();
  l.host.kill('SIGTERM');
}

const launches: Launch[] = [];
const peerLaunches: number[] = [];
const peerFile = path.join(base, 'peer-list.html');
try {
  for (let i = 0; i < LAUNCHES; i++) {
    const l = await launch();
    launches.push(l);
    if (i === 0) {
      const outcome = await l.page.evaluate(() => window.dojang.listCertificates({}));
      writeFileSync(peerFile, staticTable(outcome.ok ? outcome.value.certificates : []));
    }
    if (i < LAUNCHES - 1) await close(l);
    peerLaunches.push(await launchPeer(peerFile));
  }
  const { page, browser } = launches.at(-1)!;
  const median = (pick: (l: Launch) => number) => percentile(launches.map(pick), 50);
  const rowsShown = await page.getByTestId('cert-row').count();
  // Of the page-load time, how much is main scanning 1,000 folders (one listCertificates call, timed in the page).
  const scan = await page.evaluate(async () => {
    const t0 = performance.now();
    await window.dojang.listCertificates({});
    return performance.now() - t0;
  });
  const total = await page.getByRole('heading', { level: 1 }).innerText();

  // Memory of the host process: listed once, then every 100 refreshes up to 400.
  const { host, heapAfterGc } = launches.at(-1)!;
  const refresh = (times: number) =>
    page.evaluate(async (n) => {
      for (let i = 0; i < n; i++) await window.dojang.listCertificates({});
    }, times);
  const memory: { refreshes: number; rss: number; heap: number | undefined }[] = [];
  for (let refreshes = 0; refreshes <= 400; refreshes += 100) {
    if (refreshes > 0) await refresh(100);
    memory.push({ refreshes, rss: rssMiB(host.pid), heap: heapAfterGc.at(-1) });
  }

  // Keystrokes: type each query a key at a time, then erase it; one 'dojang:filter' measure per key.
  const search = page.getByLabel('검색');
  await search.click();
  const measures = () => page.evaluate(() => performance.getEntriesByName('dojang:filter').length);
  const press = async (key: string) => {
    const before = await measures();
    if (key === 'Backspace') await page.keyboard.press(key);
    else await page.keyboard.type(key); // Hangul arrives as text input, as from an IME
    await page.waitForFunction((n) => performance.getEntriesByName('dojang:filter').length > n, before);
  };
  for (const query of QUERIES) {
    for (const ch of query) await press(ch);
    for (let i = 0; i < query.length; i++) await press('Backspace');
  }
  const ours = await page.evaluate(() => performance.getEntriesByName('dojang:filter').map((e) => e.duration));

  // The peer: the same rows as a plain table, every row in the DOM, rebuilt per keystroke.
  const rows = await page.evaluate(async () => {
    const outcome = await window.dojang.listCertificates({});
    return outcome.ok ? outcome.value.certificates : [];
  });
  const peerPage = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await peerPage.setContent('<!doctype html><html><body><input id="q"><table><tbody id="t"></tbody></table></body></html>');
  await peerPage.evaluate('window.__name = (f) => f'); // tsx keeps function names with a helper the page lacks
  const peer = await peerPage.evaluate(
    ({ rows, queries }: { rows: CertificateRow[]; queries: string[] }) => {
      const tbody = document.getElementById('t')!;
      const render = (shown: CertificateRow[]) => {
        const fragment = document.createDocumentFragment();
        for (const r of shown) {
          const tr = document.createElement('tr');
          for (const text of [r.holder, r.ca?.nameKo, r.policy?.usageKo, `${r.notBefore} – ${r.notAfter}`, String(r.daysLeft), r.location.label]) {
            const td = document.createElement('td');
            td.textContent = text ?? '';
            tr.appendChild(td);
          }
          fragment.appendChild(tr);
        }
        tbody.replaceChildren(fragment);
        return document.body.offsetHeight; // layout, as the app's commit is followed by one
      };
      const t0 = performance.now();
      render(rows);
      const full = performance.now() - t0;
      const haystacks = rows.map((r) => [r.holder, r.ca?.nameKo, r.serialHex].join('\n').toLowerCase());
      const keystrokes: number[] = [];
      for (const query of queries) {
        const typed = [...[...query].map((_, i) => query.slice(0, i + 1)), ...[...query].map((_, i) => query.slice(0, query.length - i - 1))];
        for (const text of typed) {
          const k0 = performance.now();
          render(rows.filter((_, i) => haystacks[i]!.includes(text.toLowerCase())));
          keystrokes.push(performance.now() - k0);
        }
      }
      return { full, keystrokes };
    },
    { rows, queries: QUERIES },
  );

  const p95 = percentile(ours, 95);
  const peerP95 = percentile(peer.keystrokes, 95);
  console.log(`list: "${total.replace(/\s+/g, ' ')}", ${rowsShown} rows in the DOM (virtualized)`);
  console.log(`launch → full list rendered, median of ${LAUNCHES}: ${ms(median((l) => l.wall))} wall [${launches.map((l) => ms(l.wall)).join(', ')}]; goal ≤ 1000 ms`);
  const peerLaunch = percentile(peerLaunches, 50);
  console.log(
    `  peer (Chromium launched, a tab, a static file:// page of the same ${COUNT} rows loaded), median of ${LAUNCHES}: ${ms(peerLaunch)} [${peerLaunches.map(ms).join(', ')}]; ratio ours/peer ${(median((l) => l.wall) / peerLaunch).toFixed(2)}`,
  );
  console.log(
    `  from the host's spawn (medians): host listening ${ms(median((l) => l.listening))} (its CPU ${ms(median((l) => l.hostCpu))}); at the same time Chromium launched ${ms(median((l) => l.browserReady))}, its tab open ${ms(median((l) => l.pageOpened))}; navigation from ${ms(median((l) => l.navigating))}`,
  );
  console.log(
    `  then the launch page (file://) until its POST /launch ${ms(median((l) => l.handshake))}; POST /launch (answered with the app document) → 'dojang:list-rendered' ${ms(median((l) => l.fromNavigation))} (in it: the document answered ${ms(median((l) => l.doc.answered))}, the renderer's entry loaded ${ms(median((l) => l.doc.entry))}, all scripts ${ms(median((l) => l.doc.scripts))}, listCertificates sent ${ms(median((l) => l.doc.listSent))} and answered ${ms(median((l) => l.doc.listAnswered))}, settings answered ${ms(median((l) => l.doc.settingsAnswered))}); a later listCertificates scan alone ≈ ${ms(scan)}`,
  );
  const at = (n: number) => memory.find((m) => m.refreshes === n)!;
  const mb = (v: number | undefined) => (v === undefined ? '–' : v.toFixed(0));
  console.log(
    `browser host with ${COUNT} listed, after 0 / 100 / 200 / 300 / 400 refreshes: RSS ${memory.map((m) => mb(m.rss)).join(' / ')} MiB; V8 heap after the latest full GC ${memory.map((m) => mb(m.heap)).join(' / ')} MB`,
  );
  const heapGrowth = (at(400).heap ?? NaN) - (at(100).heap ?? NaN);
  console.log(
    `growth 100 → 400 refreshes: RSS ${(at(400).rss - at(100).rss).toFixed(1)} MiB, heap after GC ${heapGrowth.toFixed(1)} MB (goal: no growth beyond noise; a leak of one list per refresh would add ~${((300 * JSON.stringify(rows).length) / 2 ** 20).toFixed(0)} MB)`,
  );
  console.log(
    `filter keystroke → filtered list committed: p50 ${ms(percentile(ours, 50))}, p95 ${ms(p95)}, max ${ms(Math.max(...ours))} over ${ours.length} keystrokes (goal p95 ≤ 16 ms)`,
  );
  console.log(`peer (plain DOM table, all ${rows.length} rows): full render ${ms(peer.full)}; keystroke p50 ${ms(percentile(peer.keystrokes, 50))}, p95 ${ms(peerP95)}`);
  console.log(
    `ratio keystroke p95 ours/peer: ${(p95 / peerP95).toFixed(2)} (the peer's page has no app, no bridge, no scan: its full render ${ms(peer.full)} compares with our list's render after the data arrives)`,
  );
} finally {
  for (const l of launches.slice(-1)) await close(l);
  rmSync(base, { recursive: true, force: true });
}
