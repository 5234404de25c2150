/**
 * The key service on a PKCS#11 token (SoftHSM2 in tests, a real HSM in production), through
 * pkcs11js. Objects on the token, all sensitive and non-extractable, named by label:
 *
 *   <prefix>-ca-root, <prefix>-ca-issuing   RSA-2048 CA keys; certificates, CRLs and OCSP
 *                                           answers are signed inside (CKM_SHA256_RSA_PKCS)
 *   <prefix>-wrap-v<N>                      AES-256 wrapping keys; data keys and IDNs are
 *                                           sealed inside (CKM_AES_GCM, the AAD names the row)
 *   <prefix>-pepper, <prefix>-idn-lookup    HMAC-SHA256 keys (CKM_SHA256_HMAC)
 *
 * A copy of the data folder or a database dump therefore opens nothing, and testing a PIN
 * guess against a stored verifier needs one HMAC inside the HSM. Cost per request: one HMAC
 * per PIN check and one AES-GCM per authorize / sign (tens of microseconds on SoftHSM); the
 * user's own RSA key still signs in the service's workers, once the HSM has unwrapped its data
 * key. AES and HMAC calls are synchronous on one session (they cannot interleave); CA
 * signatures run asynchronously, each on a session of its own.
 */
import { createPublicKey, randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import type * as P from 'pkcs11js';
import { KeyMissing, type CaKey, type CaRole, type KeyService } from './key-service.js';

export interface Pkcs11Config {
  /** Path of the PKCS#11 module, e.g. /usr/lib/softhsm/libsofthsm2.so */
  module: string;
  /** Label of the token that holds the keys. */
  tokenLabel: string;
  /** User PIN of the token. */
  pin: string;
  /** Prefix of the object labels (several services can share a token). Default "dojang". */
  labelPrefix?: string;
}

const modules = new Map<string, P.PKCS11>();

/**
 * The native binding, loaded on first use only: processes that never configure an HSM (the
 * desktop app's embedded development cloud, under Electron's ABI) never load the addon.
 */
let binding: typeof P | undefined;
function pkcs11Binding(): typeof P {
  binding ??= createRequire(import.meta.url)('pkcs11js') as typeof P;
  return binding;
}

/** One loaded, initialized module per path and process (C_Initialize may run only once). */
function loadModule(path: string): P.PKCS11 {
  const pkcs11js = pkcs11Binding();
  const hit = modules.get(path);
  if (hit) return hit;
  const m = new pkcs11js.PKCS11();
  m.load(path);
  try {
    m.C_Initialize({ flags: pkcs11js.CKF_OS_LOCKING_OK });
  } catch (e) {
    if (!String((e as Error).message).includes('CKR_CRYPTOKI_ALREADY_INITIALIZED')) throw e;
  }
  modules.set(path, m);
  return m;
}

function findSlot(m: P.PKCS11, label: string): P.Handle {
  for (const slot of m.C_GetSlotList(true)) {
    if (m.C_GetTokenInfo(slot).label.trim() === label) return slot;
  }
  throw new Error(`No PKCS#11 token labelled "${label}" in the module. Check the token label and the module path.`);
}

export function pkcs11KeyService(cfg: Pkcs11Config): KeyService {
  const pkcs11js = pkcs11Binding();
  const m = loadModule(cfg.module);
  const slot = findSlot(m, cfg.tokenLabel);
  const openSession = (): P.Handle => m.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION | pkcs11js.CKF_RW_SESSION);
  const session = openSession();
  try {
    m.C_Login(session, pkcs11js.CKU_USER, cfg.pin);
  } catch (e) {
    if (!String((e as Error).message).includes('CKR_USER_ALREADY_LOGGED_IN')) {
      m.C_CloseSession(session);
      throw new Error(`The PKCS#11 token "${cfg.tokenLabel}" refused the PIN (${(e as Error).message}).`);
    }
  }
  const prefix = cfg.labelPrefix ?? 'dojang';
  const label = (name: string): string => `${prefix}-${name}`;

  const find = (cls: number, name: string): P.Handle[] => {
    m.C_FindObjectsInit(session, [
      { type: pkcs11js.CKA_CLASS, value: cls },
      { type: pkcs11js.CKA_LABEL, value: label(name) },
    ]);
    try {
      return m.C_FindObjects(session, 16);
    } finally {
      m.C_FindObjectsFinal(session);
    }
  };
  const secret = (name: string): P.Handle | null => find(pkcs11js.CKO_SECRET_KEY, name)[0] ?? null;
  const kept = [
    { type: pkcs11js.CKA_TOKEN, value: true },
    { type: pkcs11js.CKA_PRIVATE, value: true },
    { type: pkcs11js.CKA_SENSITIVE, value: true },
    { type: pkcs11js.CKA_EXTRACTABLE, value: false },
  ];
  const makeSecret = (name: string, keyType: number, mech: number, usage: P.Template): P.Handle =>
    m.C_GenerateKey(session, { mechanism: mech }, [
      { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_SECRET_KEY },
      { type: pkcs11js.CKA_KEY_TYPE, value: keyType },
      { type: pkcs11js.CKA_LABEL, value: label(name) },
      { type: pkcs11js.CKA_VALUE_LEN, value: 32 },
      ...kept,
      ...usage,
    ]);
  const HMAC_KEYS = ['pepper', 'idn-lookup'] as const;
  const hmacKeys = new Map<string, P.Handle>();
  /** An HMAC key by name, found once; made only by createHmacKeys (the first start, under the bootstrap lock). */
  const hmacKey = (name: (typeof HMAC_KEYS)[number]): P.Handle => {
    const hit = hmacKeys.get(name);
    if (hit) return hit;
    const found = find(pkcs11js.CKO_SECRET_KEY, name);
    if (!found.length) {
      throw new KeyMissing(`The key "${label(name)}" is not on the PKCS#11 token "${cfg.tokenLabel}". Check the token label, the label prefix and the module.`);
    }
    if (found.length > 1) {
      throw new Error(
        `The PKCS#11 token "${cfg.tokenLabel}" holds ${found.length} keys labelled "${label(name)}": keep the one this database was made with and delete the others.`,
      );
    }
    hmacKeys.set(name, found[0]!);
    return found[0]!;
  };
  const hmac = (name: (typeof HMAC_KEYS)[number], data: Buffer): Buffer => {
    m.C_SignInit(session, { mechanism: pkcs11js.CKM_SHA256_HMAC }, hmacKey(name));
    return Buffer.from(m.C_Sign(session, data, Buffer.alloc(32)));
  };

  const wrapKeys = new Map<number, P.Handle>();
  const wrapKey = (v: number): P.Handle => {
    const hit = wrapKeys.get(v);
    if (hit) return hit;
    const h = secret(`wrap-v${v}`);
    if (!h) throw new Error(`Wrapping key version ${v} is not on the PKCS#11 token.`);
    wrapKeys.set(v, h);
    return h;
  };
  const gcm = (iv: Buffer, aad: string): P.Mechanism => ({
    mechanism: pkcs11js.CKM_AES_GCM,
    parameter: { type: pkcs11js.CK_PARAMS_AES_GCM, iv, ivBits: iv.length * 8, aad: Buffer.from(aad, 'utf8'), tagBits: 128 } as P.GcmParams,
  });

  // Asynchronous CA signatures: one session per signature in flight.
  const idle: P.Handle[] = [];
  const caKey = (role: CaRole): CaKey => {
    const [priv] = find(pkcs11js.CKO_PRIVATE_KEY, `ca-${role}`);
    const [pub] = find(pkcs11js.CKO_PUBLIC_KEY, `ca-${role}`);
    if (!priv || !pub) throw new Error(`The ${role} CA key "${label(`ca-${role}`)}" is not on the PKCS#11 token.`);
    const attrs = m.C_GetAttributeValue(session, pub, [{ type: pkcs11js.CKA_MODULUS }, { type: pkcs11js.CKA_PUBLIC_EXPONENT }]);
    const b64 = (v: unknown): string => Buffer.from(v as Buffer).toString('base64url');
    const spki = createPublicKey({ key: { kty: 'RSA', n: b64(attrs[0]!.value), e: b64(attrs[1]!.value) }, format: 'jwk' }).export({
      type: 'spki',
      format: 'der',
    });
    return {
      spki,
      async sign(data) {
        const s = idle.pop() ?? openSession();
        try {
          m.C_SignInit(s, { mechanism: pkcs11js.CKM_SHA256_RSA_PKCS }, priv);
          return Buffer.from(await m.C_SignAsync(s, data, Buffer.alloc(512)));
        } finally {
          idle.push(s);
        }
      },
    };
  };

  return {
    kind: 'pkcs11',
    pepper: (data) => hmac('pepper', data),
    idnLookup: (data) => hmac('idn-lookup', data),
    kcv: () => hmac('pepper', Buffer.from('dojang-cloud-kcv-v1')),
    createHmacKeys() {
      for (const name of HMAC_KEYS) {
        if (!secret(name)) makeSecret(name, pkcs11js.CKK_GENERIC_SECRET, pkcs11js.CKM_GENERIC_SECRET_KEY_GEN, [{ type: pkcs11js.CKA_SIGN, value: true }]);
      }
    },
    createWrapVersion(v) {
      if (secret(`wrap-v${v}`)) return;
      makeSecret(`wrap-v${v}`, pkcs11js.CKK_AES, pkcs11js.CKM_AES_KEY_GEN, [
        { type: pkcs11js.CKA_ENCRYPT, value: true },
        { type: pkcs11js.CKA_DECRYPT, value: true },
      ]);
    },
    destroyWrapVersion(v) {
      for (const h of find(pkcs11js.CKO_SECRET_KEY, `wrap-v${v}`)) m.C_DestroyObject(session, h);
      wrapKeys.delete(v);
    },
    wrap(v, plaintext, aad) {
      const iv = randomBytes(12);
      m.C_EncryptInit(session, gcm(iv, aad), wrapKey(v));
      return Buffer.concat([iv, m.C_Encrypt(session, plaintext, Buffer.alloc(plaintext.length + 16))]);
    },
    unwrap(v, blob, aad) {
      if (blob.length < 12 + 16) throw new Error('not a wrapped blob');
      m.C_DecryptInit(session, gcm(blob.subarray(0, 12), aad), wrapKey(v));
      return Buffer.from(m.C_Decrypt(session, blob.subarray(12), Buffer.alloc(blob.length)));
    },
    async generateCaKey(role) {
      const name = label(`ca-${role}`);
      if (find(pkcs11js.CKO_PRIVATE_KEY, `ca-${role}`).length) {
        throw new Error(`The PKCS#11 token already holds a key labelled "${name}" (another deployment, or an interrupted first start). Use another label prefix, or delete it.`);
      }
      const s = openSession();
      await m
        .C_GenerateKeyPairAsync(
          s,
          { mechanism: pkcs11js.CKM_RSA_PKCS_KEY_PAIR_GEN },
          [
            { type: pkcs11js.CKA_TOKEN, value: true },
            { type: pkcs11js.CKA_LABEL, value: name },
            { type: pkcs11js.CKA_VERIFY, value: true },
            { type: pkcs11js.CKA_MODULUS_BITS, value: 2048 },
            { type: pkcs11js.CKA_PUBLIC_EXPONENT, value: Buffer.from([1, 0, 1]) },
          ],
          [{ type: pkcs11js.CKA_LABEL, value: name }, { type: pkcs11js.CKA_SIGN, value: true }, ...kept],
        )
        .finally(() => m.C_CloseSession(s));
      return { key: caKey(role), pkcs8: null };
    },
    loadCaKey: (role) => caKey(role),
    close() {
      for (const s of [session, ...idle.splice(0)]) {
        try {
          m.C_CloseSession(s);
        } catch {
          // already closed
        }
      }
    },
  };
}
