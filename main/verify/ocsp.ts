/**
 * OCSP client side (RFC 6960): the request (one CertID, SHA-1 hashes as NPKI responders expect,
 * a 32-byte nonce per RFC 8954) and the judgement of an answer: response status, signature by
 * the issuer or by a responder certificate the issuer delegated (id-kp-OCSPSigning), the CertID
 * we asked about, the nonce when echoed, thisUpdate / nextUpdate. Anything short of a sound
 * "good" or "revoked" is "unknown", with the reason.
 */
import { createHash } from 'node:crypto';
import { Asn1Error, Tag, children, content, contextNumber, der, expect, integerHex, octets, oid, parse, raw, seq, time, tlv, type Tlv } from '../../common/pki/asn1.js';
import { OID } from '../../common/pki/certificate.js';
import type { Message } from '../../preload/messages/format.js';
import { reasonMessage, reasonName, revocationResult, unknownRevocation, type RevocationResult } from './types.js';
import { EXT, checkCertificateSignature, checkSigned, extendedKeyUsages, loadCert, publicKeyBits, sameName, type Cert } from './x509.js';

export const OCSP_OID = {
  basic: '1.3.6.1.5.5.7.48.1.1',
  nonce: '1.3.6.1.5.5.7.48.1.2',
} as const;

const HASH_BY_OID: Record<string, 'sha1' | 'sha256' | 'sha384' | 'sha512'> = {
  [OID.sha1]: 'sha1',
  [OID.sha256]: 'sha256',
  [OID.sha384]: 'sha384',
  [OID.sha512]: 'sha512',
};

const RESPONSE_STATUS: Record<number, string> = {
  0: 'successful',
  1: 'malformedRequest',
  2: 'internalError',
  3: 'tryLater',
  5: 'sigRequired',
  6: 'unauthorized',
};

export interface CertId {
  hashOid: string;
  issuerNameHash: Buffer;
  issuerKeyHash: Buffer;
  serialHex: string;
}

function hashWith(oidStr: string, data: Buffer): Buffer | null {
  const h = HASH_BY_OID[oidStr];
  return h ? createHash(h).update(data).digest() : null;
}

export function certIdFor(cert: Cert, issuer: Cert, hashOid: string = OID.sha1): CertId {
  return {
    hashOid,
    issuerNameHash: hashWith(hashOid, cert.parts.issuer.der)!,
    issuerKeyHash: hashWith(hashOid, publicKeyBits(issuer.parts.spki))!,
    serialHex: cert.parts.serialHex,
  };
}

/** OCSPRequest with one Request for `cert` and, when given, a nonce extension. */
export function buildOcspRequest(cert: Cert, issuer: Cert, nonce: Buffer | null): Buffer {
  const id = certIdFor(cert, issuer);
  const certId = der.seq(der.seq(der.oid(id.hashOid), der.null()), der.octetString(id.issuerNameHash), der.octetString(id.issuerKeyHash), tlv(Tag.INTEGER, cert.parts.serialDer));
  const requestList = der.seq(der.seq(certId));
  const exts = nonce ? [der.explicit(2, der.seq(der.seq(der.oid(OCSP_OID.nonce), der.octetString(der.octetString(nonce)))))] : [];
  return der.seq(der.seq(requestList, ...exts));
}

export interface SingleResponse {
  certId: CertId;
  status: 'good' | 'revoked' | 'unknown';
  revokedAt: Date | null;
  reason: number | null;
  thisUpdate: Date;
  nextUpdate: Date | null;
}

export interface BasicResponse {
  tbs: Buffer;
  responder: { byName: Buffer } | { byKey: Buffer };
  producedAt: Date;
  responses: SingleResponse[];
  /** The nonce extension's value octets, or null. */
  nonce: Buffer | null;
  signatureAlgorithmOid: string;
  signature: Buffer;
  certs: Buffer[];
}

export type ParsedOcspResponse = { status: 'successful'; basic: BasicResponse } | { status: string; basic: null };

function enumerated(t: Tlv | undefined, what: string): number {
  const c = content(expect(t, 0x0a, what));
  if (c.length === 0 || c.length > 4) throw new Asn1Error(`bad ${what}`);
  return c.readUIntBE(0, c.length);
}

function readCertId(t: Tlv): CertId {
  const [alg, nameHash, keyHash, serial] = seq(t, 'CertID');
  return {
    hashOid: oid(seq(alg, 'hashAlgorithm')[0]),
    issuerNameHash: Buffer.from(octets(expect(nameHash, Tag.OCTET_STRING, 'issuerNameHash'))),
    issuerKeyHash: Buffer.from(octets(expect(keyHash, Tag.OCTET_STRING, 'issuerKeyHash'))),
    serialHex: integerHex(serial, 'serialNumber'),
  };
}

function readSingle(t: Tlv): SingleResponse {
  const [idT, statusT, thisT, ...rest] = seq(t, 'SingleResponse');
  if (!statusT) throw new Asn1Error('missing certStatus');
  let status: SingleResponse['status'];
  let revokedAt: Date | null = null;
  let reason: number | null = null;
  if (statusT.tag === 0x80) status = 'good';
  else if (statusT.tag === 0x82) status = 'unknown';
  else if (statusT.tag === 0xa1) {
    status = 'revoked';
    const [rt, reasonT] = children(statusT);
    revokedAt = time(expect(rt, Tag.GENERALIZED_TIME, 'revocationTime'), 'revocationTime');
    if (reasonT && contextNumber(reasonT) === 0) reason = enumerated(children(reasonT)[0], 'revocationReason');
  } else throw new Asn1Error('bad certStatus');
  let nextUpdate: Date | null = null;
  for (const f of rest) if (f.tag === 0xa0) nextUpdate = time(expect(children(f)[0], Tag.GENERALIZED_TIME, 'nextUpdate'), 'nextUpdate');
  return {
    certId: readCertId(expect(idT, Tag.SEQUENCE, 'certID')),
    status,
    revokedAt,
    reason,
    thisUpdate: time(expect(thisT, Tag.GENERALIZED_TIME, 'thisUpdate'), 'thisUpdate'),
    nextUpdate,
  };
}

function readNonce(extsWrap: Tlv): Buffer | null {
  for (const e of seq(children(extsWrap)[0], 'Extensions')) {
    const parts = seq(e, 'Extension');
    if (oid(parts[0]) !== OCSP_OID.nonce) continue;
    return Buffer.from(content(expect(parts.at(-1), Tag.OCTET_STRING, 'nonce')));
  }
  return null;
}

/** Decodes an OCSPResponse. Throws Asn1Error when it is not one. */
export function parseOcspResponse(input: Buffer): ParsedOcspResponse {
  const [statusT, bytesT] = seq(parse(input), 'OCSPResponse');
  const code = enumerated(statusT, 'responseStatus');
  const name = RESPONSE_STATUS[code] ?? `status ${code}`;
  if (code !== 0) return { status: name, basic: null };
  const [typeT, respT] = seq(children(expect(bytesT, 0xa0, 'responseBytes'))[0], 'ResponseBytes');
  const type = oid(typeT);
  if (type !== OCSP_OID.basic) throw new Asn1Error(`unsupported OCSP response type ${type}`);
  const [tbsT, algT, sigT, certsT] = seq(parse(octets(expect(respT, Tag.OCTET_STRING, 'response'))), 'BasicOCSPResponse');
  const f = seq(tbsT, 'ResponseData');
  let i = f[0]?.tag === 0xa0 ? 1 : 0;
  const ridT = f[i++];
  let responder: BasicResponse['responder'];
  if (ridT?.tag === 0xa1) responder = { byName: Buffer.from(raw(expect(children(ridT)[0], Tag.SEQUENCE, 'responder name'))) };
  else if (ridT?.tag === 0xa2) responder = { byKey: Buffer.from(content(expect(children(ridT)[0], Tag.OCTET_STRING, 'responder key hash'))) };
  else throw new Asn1Error('bad responderID');
  const producedAt = time(expect(f[i++], Tag.GENERALIZED_TIME, 'producedAt'), 'producedAt');
  const responses = seq(f[i++], 'responses').map(readSingle);
  const extT = f[i];
  const sig = content(expect(sigT, Tag.BIT_STRING, 'signature'));
  if (sig.length < 1 || sig[0] !== 0) throw new Asn1Error('bad signature BIT STRING');
  return {
    status: 'successful',
    basic: {
      tbs: Buffer.from(raw(tbsT!)),
      responder,
      producedAt,
      responses,
      nonce: extT?.tag === 0xa1 ? readNonce(extT) : null,
      signatureAlgorithmOid: oid(seq(algT, 'signatureAlgorithm')[0]),
      signature: Buffer.from(sig.subarray(1)),
      certs: certsT && certsT.tag === 0xa0 ? seq(children(certsT)[0], 'certs').map((c) => Buffer.from(raw(c))) : [],
    },
  };
}

export interface OcspJudgeContext {
  cert: Cert;
  issuer: Cert;
  /** The nonce we sent, or null for a cached / pre-fetched answer. */
  nonce: Buffer | null;
  now: Date;
  /** Clock difference tolerated (default 5 minutes). */
  skewMs?: number;
  /** How old an answer without nextUpdate may be (default 1 hour). */
  maxAgeMs?: number;
}

function responderMatches(responder: BasicResponse['responder'], c: Cert): boolean {
  if ('byName' in responder) return sameName(responder.byName, c.parts.subject.der);
  return createHash('sha1').update(publicKeyBits(c.parts.spki)).digest().equals(responder.byKey);
}

/** The key that may sign this answer: the issuer's own, or a responder certificate the issuer delegated. */
function findSigner(basic: BasicResponse, issuer: Cert, now: Date): { signer: Cert } | { problem: Message } {
  if (responderMatches(basic.responder, issuer)) return { signer: issuer };
  for (const d of basic.certs) {
    let c: Cert;
    try {
      c = loadCert(d);
    } catch {
      continue;
    }
    if (!responderMatches(basic.responder, c)) continue;
    if (!sameName(c.parts.issuer.der, issuer.parts.subject.der) || checkCertificateSignature(c.parts, issuer.parts.spki).result !== 'ok') {
      return { problem: { key: 'revocation.ocsp.responderNotIssued' } };
    }
    if (!extendedKeyUsages(c.parts).includes(EXT.ocspSigning)) return { problem: { key: 'revocation.ocsp.responderNotAuthorised' } };
    if (now < c.parts.notBefore || now > c.parts.notAfter) return { problem: { key: 'revocation.ocsp.responderNotValid' } };
    return { signer: c };
  }
  return { problem: { key: 'revocation.ocsp.responderUnknown' } };
}

function sameCertId(a: CertId, cert: Cert, issuer: Cert): boolean {
  if (a.serialHex !== cert.parts.serialHex) return false;
  const want = hashWith(a.hashOid, cert.parts.issuer.der);
  const key = hashWith(a.hashOid, publicKeyBits(issuer.parts.spki));
  return want !== null && key !== null && want.equals(a.issuerNameHash) && key.equals(a.issuerKeyHash);
}

function nonceMatches(received: Buffer, sent: Buffer): boolean {
  return received.equals(der.octetString(sent)) || received.equals(sent);
}

/** Judges an OCSP answer about `ctx.cert`. Never throws: a bad answer is an 'unknown' with the reason. */
export function judgeOcspResponse(body: Buffer, ctx: OcspJudgeContext): RevocationResult {
  const skew = ctx.skewMs ?? 5 * 60_000;
  const maxAge = ctx.maxAgeMs ?? 60 * 60_000;
  let parsed: ParsedOcspResponse;
  try {
    parsed = parseOcspResponse(body);
  } catch (e) {
    return unknownRevocation({ key: 'revocation.ocsp.unreadable', params: { problem: e instanceof Error ? e.message : String(e) } });
  }
  if (!parsed.basic) return unknownRevocation({ key: 'revocation.ocsp.status', params: { status: parsed.status } });
  const basic = parsed.basic;
  const who = findSigner(basic, ctx.issuer, ctx.now);
  if ('problem' in who) return unknownRevocation(who.problem);
  const sig = checkSigned(basic.tbs, basic.signatureAlgorithmOid, basic.signature, who.signer.parts.spki);
  if (sig.result === 'unsupported') return unknownRevocation({ key: 'revocation.ocsp.unsupportedAlgorithm', params: { algorithm: sig.algorithm } });
  if (sig.result !== 'ok') return unknownRevocation({ key: 'revocation.ocsp.badSignature' });
  if (ctx.nonce && basic.nonce && !nonceMatches(basic.nonce, ctx.nonce)) return unknownRevocation({ key: 'revocation.ocsp.nonce' });
  const single = basic.responses.find((r) => sameCertId(r.certId, ctx.cert, ctx.issuer));
  if (!single) return unknownRevocation({ key: 'revocation.ocsp.otherCertificate' });
  const now = ctx.now.getTime();
  if (single.thisUpdate.getTime() > now + skew) return unknownRevocation({ key: 'revocation.ocsp.future', params: { at: single.thisUpdate.toISOString() } });
  if (single.nextUpdate && single.nextUpdate.getTime() < now - skew) {
    return unknownRevocation({ key: 'revocation.ocsp.staleNext', params: { at: single.nextUpdate.toISOString() } });
  }
  if (!single.nextUpdate && single.thisUpdate.getTime() < now - maxAge && !(ctx.nonce && basic.nonce)) {
    return unknownRevocation({ key: 'revocation.ocsp.staleThis', params: { at: single.thisUpdate.toISOString() } });
  }
  const validUntil = single.nextUpdate;
  if (single.status === 'good') {
    return revocationResult({
      status: 'good',
      source: 'ocsp',
      message: { key: 'revocation.ocsp.good', params: { at: single.thisUpdate.toISOString() } },
      revokedAt: null,
      reason: null,
      validUntil,
    });
  }
  if (single.status === 'revoked') {
    const date = single.revokedAt!.toISOString();
    return revocationResult({
      status: 'revoked',
      source: 'ocsp',
      message:
        single.reason === null
          ? { key: 'revocation.ocsp.revoked', params: { date } }
          : { key: 'revocation.ocsp.revokedFor', params: { date, reason: reasonMessage(single.reason) } },
      revokedAt: date,
      reason: single.reason === null ? null : reasonName(single.reason),
      validUntil,
    });
  }
  return unknownRevocation({ key: 'revocation.ocsp.certUnknown' });
}
