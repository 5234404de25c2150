/**
 * Is this certificate revoked? In order: an OCSP answer or a downloaded CRL kept in memory until
 * its nextUpdate; CRLs held locally (imported by the user, given for one check, or fetched
 * earlier) while fresh; the certificate's OCSP responders over HTTP; its CRL distribution points
 * over HTTP or LDAP (an ARL for a CA certificate: `?authorityRevocationList`). Every network step
 * has a deadline and a size cap. When nothing sound answers, the result is an explicit "unknown"
 * that lists each reason: never a silent "good".
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { DojangError } from '../../common/errors.js';
import { fileSystemError, writeFileAtomic } from '../npki/atomic-write.js';
import { MAX_CRL_BYTES, judgeCrl, parseCrl, type ParsedCrl } from './crl.js';
import { HttpFailure, httpRequest, type HttpClient } from './http.js';
import { ldapSearch, type LdapClient } from './ldap.js';
import { buildOcspRequest, certIdFor, judgeOcspResponse } from './ocsp.js';
import { FetchFailure, fetchValues, transportOf, type Transports } from './sources.js';
import type { Message } from '../../preload/messages/format.js';
import { revocationResult, unknownRevocation, type RevocationResult } from './types.js';
import { canonicalName, type Cert } from './x509.js';

export const DEFAULT_REVOCATION_TIMEOUT_MS = 5000;
/** A CRL or ARL download larger than this is refused ("unknown: too large"): NPKI CRLs are partitioned and small. */
export const DEFAULT_MAX_CRL_DOWNLOAD_BYTES = 20 << 20;
const MAX_OCSP_BYTES = 1 << 20;
const MAX_CACHED_CRLS = 64;
const MAX_CRL_FILES = 200;
const MAX_URLS = 4;
const MAX_CACHED_ANSWERS = 10_000;

export interface RevocationOptions {
  /** Folder of imported and fetched CRLs (`<dataDir>/crl`); null: none. */
  crlDir?: string | null;
  /**
   * Read `crlDir` once, at the first check, and keep its parsed CRLs for this checker's life (one
   * `dojang verify` run over many files). CRLs this checker stores refresh it; changes others make
   * to the folder meanwhile are not seen. Default (long-lived checkers): the folder is read per check.
   */
  crlDirSnapshot?: boolean;
  /** CRLs (DER/PEM) for this checker only, e.g. `dojang verify --crl FILE`. */
  crls?: Buffer[];
  /** Deadline of each HTTP or LDAP exchange, connect included (default 5 s). */
  timeoutMs?: number;
  /** Cap on one CRL/ARL download (default 20 MB). */
  maxCrlBytes?: number;
  /** No network: local CRLs and cached answers only. */
  offline?: boolean;
  http?: HttpClient;
  ldap?: LdapClient;
  skewMs?: number;
}

export interface CrlSummary {
  issuer: string;
  thisUpdate: string;
  nextUpdate: string | null;
  revokedCount: number;
  /** The partition names from issuingDistributionPoint, if any. */
  scope: string[] | null;
  file: string | null;
}

function summary(crl: ParsedCrl, file: string | null): CrlSummary {
  return {
    issuer: crl.issuer,
    thisUpdate: crl.thisUpdate.toISOString(),
    nextUpdate: crl.nextUpdate?.toISOString() ?? null,
    revokedCount: crl.revoked.size,
    scope: crl.idp?.names ?? null,
    file,
  };
}

const sha256 = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');

function scopeKey(crl: ParsedCrl): string {
  return sha256(canonicalName(crl.issuerDer) + '\n' + JSON.stringify(crl.idp?.names ?? []) + (crl.isDelta ? '\ndelta' : ''));
}

/** Reads every *.crl in a folder (bounded). A missing folder holds none. */
async function readCrlFolder(dir: string): Promise<{ file: string; der: Buffer }[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.crl')).slice(0, MAX_CRL_FILES);
  } catch (e) {
    if ((e as { code?: string }).code === 'ENOENT') return [];
    throw fileSystemError(e, 'read');
  }
  const out: { file: string; der: Buffer }[] = [];
  for (const n of names) {
    const file = path.join(dir, n);
    const s = await stat(file).catch(() => null);
    if (s?.isFile() && s.size <= MAX_CRL_BYTES) out.push({ file, der: await readFile(file) });
  }
  return out;
}

/**
 * Keeps a CRL in `dir` as `<scope>-<content>.crl`, replacing older CRLs of the same CA partition.
 * A CRL older than the one already kept is not stored (the newer one stays).
 */
async function storeCrl(dir: string, crl: ParsedCrl): Promise<string> {
  const scope = scopeKey(crl).slice(0, 24);
  const file = path.join(dir, `${scope}-${sha256(crl.der).slice(0, 16)}.crl`);
  await mkdir(dir, { recursive: true }).catch((e: unknown) => {
    throw fileSystemError(e, 'write');
  });
  const same = (await readdir(dir)).filter((n) => n.startsWith(scope + '-') && n.endsWith('.crl'));
  for (const n of same) {
    const p = path.join(dir, n);
    if (p === file) return file;
    let old: ParsedCrl | null = null;
    try {
      old = parseCrl(await readFile(p));
    } catch {
      old = null;
    }
    if (old && old.thisUpdate > crl.thisUpdate) return p;
  }
  await writeFileAtomic(file, crl.der, 0o644);
  for (const n of same) if (path.join(dir, n) !== file) await rm(path.join(dir, n), { force: true });
  return file;
}

/**
 * Imports a CRL file (DER or PEM) into `crlDir`, for CAs whose CRLs are only published over LDAP.
 * Its signature is checked when it is used (the CA certificate may not be known yet).
 */
export async function importCrl(crlDir: string, input: Buffer | string): Promise<CrlSummary> {
  let crl: ParsedCrl;
  try {
    crl = parseCrl(input);
  } catch (e) {
    throw new DojangError('FILE_DAMAGED', 'crl.unreadable', {}, { why: e instanceof Error ? e.message : String(e) });
  }
  return summary(crl, await storeCrl(crlDir, crl));
}

/** Reads a CRL without storing it (for display before import). Throws FILE_DAMAGED. */
export function describeCrl(input: Buffer | string): CrlSummary {
  try {
    return summary(parseCrl(input), null);
  } catch (e) {
    throw new DojangError('FILE_DAMAGED', 'crl.unreadable', {}, { why: e instanceof Error ? e.message : String(e) });
  }
}

/** The attribute a CRL distribution point without one means: CA certificates are listed in ARLs. */
function listAttribute(cert: Cert): string {
  return cert.info.isCa ? 'authorityRevocationList' : 'certificateRevocationList';
}

/** An answer kept from earlier (in memory or a CRL file), said so. */
function fromCache(r: RevocationResult, url: string | null | undefined): RevocationResult {
  return revocationResult({ ...r, message: { key: 'revocation.cached', params: { answer: r.message } }, url, cached: true });
}

/** A source's unknown answer, with the address asked. */
const asked = (r: RevocationResult, url: string): Message => ({ key: 'revocation.from', params: { answer: r.message, url } });

export class RevocationChecker {
  private readonly ocspCache = new Map<string, RevocationResult>();
  /** Downloaded CRLs/ARLs by URL, reused until their nextUpdate. */
  private readonly crlCache = new Map<string, ParsedCrl>();
  private readonly parsed = new Map<string, ParsedCrl | null>();
  private givenCrls: Array<ParsedCrl | null> | null = null;
  private folderCrls: Promise<Array<ParsedCrl | null>> | null = null;
  private readonly transports: Transports;
  readonly timeoutMs: number;
  private readonly maxCrlBytes: number;

  constructor(private readonly opts: RevocationOptions = {}) {
    this.transports = { http: opts.http ?? httpRequest, ldap: opts.ldap ?? ldapSearch };
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_REVOCATION_TIMEOUT_MS;
    this.maxCrlBytes = opts.maxCrlBytes ?? DEFAULT_MAX_CRL_DOWNLOAD_BYTES;
  }

  get offline(): boolean {
    return this.opts.offline === true;
  }

  /** Values of an attribute at an LDAP URL (CA certificates from a CA directory), same limits as CRLs. */
  fetch(url: string, defaultAttribute: string, maxBytes: number): Promise<Buffer[]> {
    return fetchValues(this.transports, url, { timeoutMs: this.timeoutMs, maxBytes, defaultAttribute });
  }

  private parseMemo(der: Buffer): ParsedCrl | null {
    const id = sha256(der);
    if (!this.parsed.has(id)) {
      if (this.parsed.size > 64) this.parsed.clear();
      let crl: ParsedCrl | null;
      try {
        crl = parseCrl(der);
      } catch {
        crl = null;
      }
      this.parsed.set(id, crl);
    }
    return this.parsed.get(id)!;
  }

  /** The revocation status of `cert`, issued by `issuer` (whose key signs the CRL/ARL or the OCSP answer). */
  async check(cert: Cert, issuer: Cert, now: Date = new Date()): Promise<RevocationResult> {
    const reasons: Message[] = [];
    const id = certIdFor(cert, issuer);
    const cacheKey = id.issuerKeyHash.toString('hex') + ':' + id.serialHex;
    const cached = this.ocspCache.get(cacheKey);
    if (cached?.validUntil && cached.validUntil > now) return fromCache(cached, cached.url);

    const local = await this.checkLocalCrls(cert, issuer, now, reasons);
    if (local) return { ...local, url: null, cached: true };

    const info = cert.info;
    for (const url of info.crlDistributionPoints.slice(0, MAX_URLS)) {
      const kept = this.crlCache.get(url);
      if (!kept?.nextUpdate || kept.nextUpdate <= now) continue;
      const r = judgeCrl(kept, cert, issuer, now, this.opts.skewMs);
      if (!('applies' in r) && r.status !== 'unknown') return fromCache(r, url);
    }
    if (this.opts.offline) reasons.push({ key: 'revocation.offline' });
    else {
      for (const url of info.ocspUrls.slice(0, MAX_URLS)) {
        if (transportOf(url) !== 'http') {
          reasons.push({ key: 'revocation.ocsp.notHttp', params: { url } });
          continue;
        }
        const r = { ...(await this.askOcsp(url, cert, issuer, now)), url, cached: false };
        if (r.status !== 'unknown') {
          if (r.validUntil) {
            if (this.ocspCache.size >= MAX_CACHED_ANSWERS) this.ocspCache.clear();
            this.ocspCache.set(cacheKey, r);
          }
          return r;
        }
        reasons.push(asked(r, url));
      }
      for (const url of info.crlDistributionPoints.slice(0, MAX_URLS)) {
        if (!transportOf(url)) continue;
        const r = await this.fetchCrl(url, cert, issuer, now);
        if (r.status !== 'unknown') return { ...r, url, cached: false };
        reasons.push(asked(r, url));
      }
    }
    if (info.crlDistributionPoints.some((u) => transportOf(u) === 'ldap')) reasons.push({ key: 'revocation.ldapNoList' });
    if (info.ocspUrls.length === 0 && info.crlDistributionPoints.length === 0) reasons.push({ key: 'revocation.noSources' });
    return unknownRevocation({ key: 'revocation.unknown', params: { reasons: reasons.length ? reasons : [{ key: 'revocation.noAnswer' }] } });
  }

  /** `crls`, parsed once; the folder's CRLs, parsed (memoized by content) per check or once per snapshot. */
  private async localCrls(): Promise<Array<ParsedCrl | null>> {
    this.givenCrls ??= (this.opts.crls ?? []).map((der) => this.parseMemo(der));
    const dir = this.opts.crlDir;
    if (!dir) return this.givenCrls;
    const read = (): Promise<Array<ParsedCrl | null>> => readCrlFolder(dir).then((files) => files.map((f) => this.parseMemo(f.der)));
    if (!this.opts.crlDirSnapshot) return [...this.givenCrls, ...(await read())];
    const snapshot = (this.folderCrls ??= read());
    snapshot.catch(() => {
      if (this.folderCrls === snapshot) this.folderCrls = null; // a failed read is not kept
    });
    return [...this.givenCrls, ...(await snapshot)];
  }

  private async checkLocalCrls(cert: Cert, issuer: Cert, now: Date, reasons: Message[]): Promise<RevocationResult | null> {
    let good: { r: RevocationResult; thisUpdate: Date } | null = null;
    for (const crl of await this.localCrls()) {
      if (!crl) continue;
      const r = judgeCrl(crl, cert, issuer, now, this.opts.skewMs);
      if ('applies' in r) continue;
      if (r.status === 'revoked') return r; // revocation is final, whatever another list says
      if (r.status === 'good') {
        if (!good || crl.thisUpdate > good.thisUpdate) good = { r, thisUpdate: crl.thisUpdate };
      } else reasons.push(r.message);
    }
    return good?.r ?? null;
  }

  private async askOcsp(url: string, cert: Cert, issuer: Cert, now: Date): Promise<RevocationResult> {
    const nonce = randomBytes(32);
    let body: Buffer;
    try {
      const res = await this.transports.http({
        method: 'POST',
        url,
        body: buildOcspRequest(cert, issuer, nonce),
        headers: { 'Content-Type': 'application/ocsp-request', Accept: 'application/ocsp-response' },
        timeoutMs: this.timeoutMs,
        maxBytes: MAX_OCSP_BYTES,
      });
      if (res.status !== 200) return unknownRevocation({ key: 'revocation.ocsp.httpStatus', params: { status: res.status } });
      body = res.body;
    } catch (e) {
      return unknownRevocation({ key: 'revocation.ocsp.failed', params: { problem: e instanceof HttpFailure ? e.message : 'network error' } });
    }
    return judgeOcspResponse(body, { cert, issuer, nonce, now, skewMs: this.opts.skewMs });
  }

  /** A CRL (or an ARL, for a CA certificate) from an http: or ldap: distribution point. */
  private async fetchCrl(url: string, cert: Cert, issuer: Cert, now: Date): Promise<RevocationResult> {
    const list = cert.info.isCa ? 'ARL' : 'CRL';
    let values: Buffer[];
    try {
      values = await fetchValues(this.transports, url, { timeoutMs: this.timeoutMs, maxBytes: this.maxCrlBytes, defaultAttribute: listAttribute(cert) });
    } catch (e) {
      return unknownRevocation({ key: 'revocation.crl.fetchFailed', params: { list, problem: e instanceof FetchFailure ? e.message : 'network error' } });
    }
    let last = unknownRevocation({ key: 'revocation.crl.notReadable', params: { list } });
    for (const body of values) {
      const crl = this.parseMemo(body);
      if (!crl) continue;
      const r = judgeCrl(crl, cert, issuer, now, this.opts.skewMs);
      if ('applies' in r) {
        last = unknownRevocation({ key: 'revocation.crl.notApplicable', params: { list, why: r.why } });
        continue;
      }
      if (r.status === 'unknown') {
        last = r;
        continue;
      }
      if (this.crlCache.size >= MAX_CACHED_CRLS) this.crlCache.clear();
      this.crlCache.set(url, crl);
      if (this.opts.crlDir) {
        await storeCrl(this.opts.crlDir, crl).catch(() => undefined);
        this.folderCrls = null; // the next check reads the folder with this CRL in it
      }
      return r;
    }
    return last;
  }
}
