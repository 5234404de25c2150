/**
 * Making a credential: key pair, certificate, sealed key — all prepared outside any transaction
 * (RSA key generation is the slow part), then written in the caller's transaction.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { computeVid } from '../../../common/pki/vid.js';
import { addYears } from '../clock.js';
import { AAD } from '../crypto/envelope.js';
import { derivePin, type PinMaterial } from '../crypto/pin.js';
import { sealUserKey, type SealedUserKey } from '../crypto/user-keys.js';
import type { Queryable } from '../db/database.js';
import { CloudError } from '../errors.js';
import { buildUserCertificate, encodeName, generateRsaKeyPair, randomSerial } from '../pki/certificates.js';
import { RULES } from '../rules.js';
import type { Ctx } from './context.js';

export interface PersonRow {
  id: string;
  name: string;
  mobile: string;
  birth_date: string;
  holder_no: string;
  idn_sealed: Buffer;
}

export const PERSON_COLUMNS = 'id, name, mobile, birth_date, holder_no, idn_sealed';

export interface PreparedCredential {
  id: string;
  serial: string;
  certDer: Buffer;
  notBefore: Date;
  notAfter: Date;
  randomNum: Buffer;
  sealed: SealedUserKey;
  pin: Omit<PinMaterial, 'kek'>;
}

export function holderCommonName(p: Pick<PersonRow, 'name' | 'holder_no'>): string {
  return `${p.name}()${p.holder_no}`;
}

/** Derives the PIN layer from `pin` (scrypt) unless the caller already holds it. */
export async function prepareCredential(ctx: Ctx, person: PersonRow, pin: string | PinMaterial): Promise<PreparedCredential> {
  const id = randomUUID();
  const [material, pair] = await Promise.all([typeof pin === 'string' ? derivePin(pin, ctx.keys, ctx.pinKdf) : Promise.resolve(pin), generateRsaKeyPair(2048)]);
  const randomNum = randomBytes(20);
  const idn = ctx.keys.open(person.idn_sealed, AAD.idn(person.id)).toString('utf8');
  const now = ctx.clock.now();
  const notBefore = new Date(Math.floor(now.getTime() / 1000) * 1000);
  const notAfter = addYears(notBefore, RULES.certYears);
  const serial = randomSerial(randomBytes(16));
  const certDer = await buildUserCertificate({
    serial,
    issuer: { subject: ctx.ca.issuingSubject, spki: ctx.ca.issuingSpki, key: ctx.ca.issuingKey },
    subject: encodeName([
      ['C', 'KR'],
      ['O', 'Dojang'],
      ['OU', 'Dojang Cloud'],
      ['OU', 'personal'],
      ['CN', holderCommonName(person)],
    ]),
    spki: pair.spki,
    notBefore,
    notAfter,
    realName: person.name,
    vid: computeVid(idn, randomNum, 'sha256'),
    baseUrl: ctx.baseUrl(),
  });
  const { kek, ...pinStored } = material;
  return {
    id,
    serial: serial.toString('hex'),
    certDer,
    notBefore,
    notAfter,
    randomNum,
    sealed: sealUserKey(id, pair.privateKey, ctx.keys, kek),
    pin: pinStored,
  };
}

export async function insertCredential(q: Queryable, personId: string, c: PreparedCredential, now: Date, replaces: string | null): Promise<void> {
  await q.query(
    `INSERT INTO credentials (id, person_id, serial, cert_der, status, not_before, not_after, random_num, key_sealed, dk_sealed,
       pin_salt, pin_kdf, pin_verifier, pin_fails, created_at, last_used_at, replaces)
     VALUES ($1, $2, $3, $4, 'active', $5, $6, $7, $8, $9, $10, $11, $12, 0, $13, $13, $14)`,
    [c.id, personId, c.serial, c.certDer, c.notBefore, c.notAfter, c.randomNum, c.sealed.keySealed, c.sealed.dkSealed, c.pin.salt, c.pin.kdf, c.pin.verifier, now, replaces],
  );
}

/** Locks the person's row for the rest of the transaction; NOT_FOUND when the account is gone. */
export async function lockPerson(q: Queryable, personId: string): Promise<PersonRow> {
  const [p] = await q.query<PersonRow>(`SELECT ${PERSON_COLUMNS} FROM persons WHERE id = $1 FOR UPDATE`, [personId]);
  if (!p) throw new CloudError('NOT_FOUND', 'This cloud account no longer exists.');
  return p;
}

export interface CredentialSummary {
  credentialID: string;
  serialNumber: string;
  certificate: string;
  validFrom: string;
  validTo: string;
}

export function summary(c: Pick<PreparedCredential, 'id' | 'serial' | 'certDer' | 'notBefore' | 'notAfter'>): CredentialSummary {
  return {
    credentialID: c.id,
    serialNumber: c.serial,
    certificate: c.certDer.toString('base64'),
    validFrom: c.notBefore.toISOString(),
    validTo: c.notAfter.toISOString(),
  };
}
