/**
 * The product rules the UI shows (SPEC §1.6, §2, §3). main/ applies them; the renderer only
 * describes them, so they live here as named constants rather than inside sentences.
 */

/** 공동인증서: renewal opens this many days before expiry. 금융인증서: renewed on use from the same point (assumed). */
export const RENEWAL_WINDOW_DAYS = 30;
export const NPKI_VALIDITY_YEARS = 1;
export const CLOUD_VALIDITY_YEARS = 3;
export const PIN_LENGTH = 6;
/** Wrong PINs in a row before the cloud locks the certificate (assumed, SPEC §2). */
export const PIN_MAX_TRIES = 5;
export const MAX_CLOUD_DEVICES = 5;
/** The cloud service signs with this (SPEC §2); it sends no key details of its own. */
export const CLOUD_KEY_ALGORITHM = 'RSA-2048';
export const CLOUD_SIGNATURE_ALGORITHM = 'sha256WithRSAEncryption (RSASSA-PKCS1-v1_5)';
