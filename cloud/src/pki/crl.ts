/** X.509 v2 CRL (RFC 5280 §5) signed by the issuing CA, with cRLNumber and reason codes. */
import type { CaMaterial } from './ca.js';
import { keyIdentifier, SHA256_WITH_RSA, signed } from './certificates.js';
import { der } from '../../../common/pki/asn1.js';
import { OID, REASON } from './oids.js';

export interface RevokedEntry {
  serialHex: string;
  revokedAt: Date;
  reason: number;
}

export interface CrlInput {
  number: number;
  thisUpdate: Date;
  nextUpdate: Date;
  revoked: readonly RevokedEntry[];
}

function ext(oid: string, value: Buffer): Buffer {
  return der.seq(der.oid(oid), der.octetString(value));
}

export function buildCrl(ca: CaMaterial, c: CrlInput): Promise<Buffer> {
  const entries = c.revoked.map((r) =>
    der.seq(
      der.int(Buffer.from(r.serialHex, 'hex')),
      der.utcTime(r.revokedAt),
      // RFC 5280 §5.3.1: reason "unspecified" is expressed by leaving the extension out.
      ...(r.reason !== REASON.unspecified ? [der.seq(ext(OID.reasonCode, der.enumerated(r.reason)))] : []),
    ),
  );
  const tbs = der.seq(
    der.int(1),
    SHA256_WITH_RSA,
    ca.issuingSubject,
    der.utcTime(c.thisUpdate),
    der.utcTime(c.nextUpdate),
    ...(entries.length ? [der.seq(...entries)] : []),
    der.explicit(0, der.seq(ext(OID.authorityKeyIdentifier, der.seq(der.implicitPrimitive(0, keyIdentifier(ca.issuingSpki)))), ext(OID.cRLNumber, der.int(c.number)))),
  );
  return signed(tbs, ca.issuingKey);
}
