/**
 * OCSP (RFC 6960): parse a request, answer good / revoked / unknown for each CertID with a
 * BasicOCSPResponse signed by the issuing CA itself (so no delegated responder certificate),
 * echoing the nonce when the request has one.
 */
import { der, children, content, contextNumber, integerHex, octets, oid, parse, raw, seq, type Tlv } from '../../../common/pki/asn1.js';
import type { CaMaterial } from './ca.js';
import { keyIdentifier, signed } from './certificates.js';
import { OID } from './oids.js';

export interface CertIdRequest {
  /** The CertID exactly as sent: echoed in the answer. */
  raw: Buffer;
  hashAlg: 'sha1' | 'sha256' | null;
  issuerNameHash: Buffer;
  issuerKeyHash: Buffer;
  serialHex: string;
}

export interface OcspRequest {
  certIds: CertIdRequest[];
  /** The whole nonce Extension, echoed verbatim. */
  nonceExt: Buffer | null;
}

export const MAX_CERT_IDS = 10;

export class OcspMalformed extends Error {
  override name = 'OcspMalformed';
}

function hashName(o: string): 'sha1' | 'sha256' | null {
  return o === OID.sha1 ? 'sha1' : o === OID.sha256 ? 'sha256' : null;
}

function findNonce(exts: Tlv): Buffer | null {
  for (const e of seq(exts, 'Extensions')) {
    const [id] = children(e);
    if (oid(id) === OID.ocspNonce) return Buffer.from(raw(e));
  }
  return null;
}

export function parseOcspRequest(body: Buffer): OcspRequest {
  try {
    const [tbs] = seq(parse(body), 'OCSPRequest');
    let nonceExt: Buffer | null = null;
    let requestList: Tlv | undefined;
    for (const f of seq(tbs, 'TBSRequest')) {
      if (f.tag === 0x30) requestList = f;
      else if (contextNumber(f) === 2) nonceExt = findNonce(children(f)[0]!);
    }
    const certIds = seq(requestList, 'requestList').map((req) => {
      const [certId] = seq(req, 'Request');
      const [alg, nameHash, keyHash, serial] = seq(certId, 'CertID');
      return {
        raw: Buffer.from(raw(certId!)),
        hashAlg: hashName(oid(seq(alg, 'hashAlgorithm')[0])),
        issuerNameHash: Buffer.from(octets(nameHash!)),
        issuerKeyHash: Buffer.from(octets(keyHash!)),
        serialHex: integerHex(serial),
      };
    });
    if (certIds.length === 0 || certIds.length > MAX_CERT_IDS) throw new OcspMalformed('request list size');
    return { certIds, nonceExt };
  } catch (e) {
    if (e instanceof OcspMalformed) throw e;
    throw new OcspMalformed((e as Error).message);
  }
}

export type CertStatus = { status: 'good' } | { status: 'revoked'; revokedAt: Date; reason: number } | { status: 'unknown' };

export interface SingleAnswer {
  certIdRaw: Buffer;
  status: CertStatus;
}

function certStatus(s: CertStatus): Buffer {
  switch (s.status) {
    case 'good':
      return der.implicitPrimitive(0, Buffer.alloc(0));
    case 'unknown':
      return der.implicitPrimitive(2, Buffer.alloc(0));
    case 'revoked':
      return der.implicitConstructed(1, der.generalizedTime(s.revokedAt), der.explicit(0, der.enumerated(s.reason)));
  }
}

export async function buildOcspResponse(ca: CaMaterial, answers: readonly SingleAnswer[], opts: { producedAt: Date; nextUpdate: Date; nonceExt: Buffer | null }): Promise<Buffer> {
  const responses = answers.map((a) => der.seq(a.certIdRaw, certStatus(a.status), der.generalizedTime(opts.producedAt), der.explicit(0, der.generalizedTime(opts.nextUpdate))));
  const tbs = der.seq(
    der.explicit(2, der.octetString(keyIdentifier(ca.issuingSpki))), // responderID byKey
    der.generalizedTime(opts.producedAt),
    der.seq(...responses),
    ...(opts.nonceExt ? [der.explicit(1, der.seq(opts.nonceExt))] : []),
  );
  const basic = await signed(tbs, ca.issuingKey);
  // BasicOCSPResponse = SEQ{ tbs, alg, sig, [0] certs }: re-open the signed SEQUENCE to add certs.
  const inner = content(parse(basic));
  const withCerts = der.seq(inner, der.explicit(0, der.seq(ca.issuingDer)));
  return der.seq(der.enumerated(0), der.explicit(0, der.seq(der.oid(OID.ocspBasic), der.octetString(withCerts))));
}

/** OCSPResponseStatus without a body: 1 malformedRequest, 2 internalError, 6 unauthorized. */
export function ocspError(status: 1 | 2 | 6): Buffer {
  return der.seq(der.enumerated(status));
}
