/**
 * The decrypted PrivateKeyInfo (PKCS#8): strict structural check, the NPKI randomNum attribute,
 * and whether the key is the certificate's.
 *
 *   PrivateKeyInfo ::= SEQUENCE { version INTEGER, privateKeyAlgorithm AlgorithmIdentifier,
 *     privateKey OCTET STRING, attributes [0] IMPLICIT SET OF Attribute OPTIONAL,
 *     publicKey [1] IMPLICIT BIT STRING OPTIONAL }   -- (v2, RFC 5958)
 */
import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { Tag, bitString, children, content, expect, oid, parse, seq, type Tlv } from '../../common/pki/asn1.js';

export const RANDOM_NUM_OID = '1.2.410.200004.10.1.1.3';

const ATTRIBUTES_TAG = 0xa0; // [0] IMPLICIT SET OF, constructed
const PUBLIC_KEY_TAG = 0x81; // [1] IMPLICIT BIT STRING, primitive

/** The PrivateKeyInfo's attributes element, or null. Throws (asn1.ts errors) unless `pki` is a well-formed PrivateKeyInfo. */
export function privateKeyInfoAttributes(pki: Buffer): Tlv | null {
  const fields = seq(parse(pki), 'PrivateKeyInfo');
  const version = content(expect(fields[0], Tag.INTEGER, 'version'));
  if (version.length !== 1 || version[0]! > 1) throw new Error('unknown PrivateKeyInfo version');
  const [algOid] = seq(fields[1], 'privateKeyAlgorithm');
  oid(algOid);
  expect(fields[2], Tag.OCTET_STRING, 'privateKey');
  let i = 3;
  let attributes: Tlv | null = null;
  if (fields[i]?.tag === ATTRIBUTES_TAG) {
    attributes = fields[i++]!;
    for (const attr of children(attributes)) {
      const [attrOid, values] = seq(attr, 'Attribute');
      oid(attrOid);
      seq(values, 'Attribute values', {}, Tag.SET);
    }
  }
  if (fields[i]?.tag === PUBLIC_KEY_TAG && version[0] === 1) i++;
  if (i !== fields.length) throw new Error('unexpected fields in PrivateKeyInfo');
  return attributes;
}

/** The randomNum attribute's BIT STRING bytes (usually 20), or null when the key has none. */
export function randomNumOf(pki: Buffer): Buffer | null {
  const attributes = privateKeyInfoAttributes(pki);
  if (!attributes) return null;
  for (const attr of children(attributes)) {
    const [attrOid, values] = seq(attr, 'Attribute');
    if (oid(attrOid) !== RANDOM_NUM_OID) continue;
    const [value] = seq(values, 'randomNum values', {}, Tag.SET);
    return Buffer.from(bitString(value, 'randomNum').data);
  }
  return null;
}

function bigint(b64url: string | undefined): bigint {
  if (!b64url) throw new Error('missing RSA component');
  return BigInt('0x0' + Buffer.from(b64url, 'base64url').toString('hex'));
}

/**
 * Whether the RSA private key is internally consistent: n = p·q, and the exponents and CRT
 * values agree. A damaged byte inside d, p, q or the CRT values still parses; this catches it.
 */
function rsaConsistent(jwk: JsonWebKey): boolean {
  const [n, e, d, p, q, dp, dq, qi] = [jwk.n, jwk.e, jwk.d, jwk.p, jwk.q, jwk.dp, jwk.dq, jwk.qi].map(bigint) as [bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint];
  if (p <= 1n || q <= 1n || p * q !== n) return false;
  const p1 = p - 1n;
  const q1 = q - 1n;
  return (d * e - 1n) % p1 === 0n && (d * e - 1n) % q1 === 0n && d % p1 === dp && d % q1 === dq && (qi * q) % p === 1n;
}

/**
 * How a decrypted private key fits the certificate's public key: 'match' (RSA modulus and exponent
 * equal and the private key consistent; other types: the derived public key equals it),
 * 'damaged' (an RSA key whose own parts disagree: a changed byte), or 'mismatch' (a sound key of
 * another certificate).
 */
export function keyFit(privateKey: KeyObject, certPublicKey: KeyObject): 'match' | 'mismatch' | 'damaged' {
  if (privateKey.asymmetricKeyType !== certPublicKey.asymmetricKeyType) return 'mismatch';
  if (privateKey.asymmetricKeyType === 'rsa') {
    const priv = privateKey.export({ format: 'jwk' });
    const pub = certPublicKey.export({ format: 'jwk' });
    if (!rsaConsistent(priv)) return 'damaged';
    return priv.n === pub.n && priv.e === pub.e ? 'match' : 'mismatch';
  }
  const derived = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  return derived.equals(certPublicKey.export({ type: 'spki', format: 'der' })) ? 'match' : 'mismatch';
}
