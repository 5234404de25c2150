/**
 * CMS SignedData over a digest the client already computed (detached by nature). Content-based
 * CMS goes through common/pki/cms.ts signCms; this is the same structure — signed attributes
 * contentType, signingTime, messageDigest; signer certificate first — for the "sign a hash"
 * form, which signCms cannot express (it always hashes content itself).
 */
import { locateCertificate } from '../../../common/pki/certificate.js';
import { der, tlv } from '../../../common/pki/asn1.js';
import { OID } from './oids.js';

const DATA = '1.2.840.113549.1.7.1';
const SIGNED_DATA = '1.2.840.113549.1.7.2';
const CONTENT_TYPE = '1.2.840.113549.1.9.3';
const MESSAGE_DIGEST = '1.2.840.113549.1.9.4';
const SIGNING_TIME = '1.2.840.113549.1.9.5';

export async function signCmsOverDigest(opts: {
  digest: Buffer;
  certDer: Buffer;
  chainDer: Buffer[];
  signingTime: Date;
  signer: (signedAttrs: Buffer) => Promise<Buffer>;
}): Promise<Buffer> {
  const cert = locateCertificate(opts.certDer);
  const sha256 = der.seq(der.oid(OID.sha256));
  const signedAttrsSet = der.setOf(
    der.seq(der.oid(CONTENT_TYPE), der.setOf(der.oid(DATA))),
    der.seq(der.oid(SIGNING_TIME), der.setOf(der.utcTime(opts.signingTime))),
    der.seq(der.oid(MESSAGE_DIGEST), der.setOf(der.octetString(opts.digest))),
  );
  const signature = await opts.signer(signedAttrsSet);
  const signerInfo = der.seq(
    der.int(1),
    der.seq(cert.issuerDer, tlv(0x02, cert.serialDer)),
    sha256,
    Buffer.concat([Buffer.from([0xa0]), signedAttrsSet.subarray(1)]),
    der.seq(der.oid(OID.rsaEncryption), der.null()),
    der.octetString(signature),
  );
  const signedData = der.seq(der.int(1), der.setOf(sha256), der.seq(der.oid(DATA)), tlv(0xa0, cert.der, ...opts.chainDer), der.setOf(signerInfo));
  return der.seq(der.oid(SIGNED_DATA), der.explicit(0, signedData));
}
