import { DojangError } from '../../common/errors.js';
import { encryptPrivateKey, unlockKey, type EncryptOptions } from '../npki/keyfile.js';
import { checkPasswordRules } from '../npki/password-rules.js';

/** The new password must follow the 공동인증서 rules (SPEC §1.6), as a password change does. */
export function assertNewPassword(newPassword: string): void {
  const broken = checkPasswordRules(newPassword);
  if (broken.length > 0) {
    throw new DojangError('PASSWORD_RULES', broken.map((b) => b.message).join('\n'), { rules: broken.map((b) => b.rule) });
  }
}

/**
 * Re-encrypts one key file for its certificate under a new password: opened with the old one (and checked
 * against the certificate), encrypted again with the same scheme, PRF, cipher and iterations, fresh salt/IV.
 * The PrivateKeyInfo bytes are kept exactly, so randomNum (VID) survives. Nothing is written here.
 */
export function reencryptKeyFile(keyDer: Buffer, certDer: Buffer, oldPassword: string, newPassword: string): Buffer {
  const { privateKeyInfo, protection } = unlockKey(certDer, keyDer, oldPassword);
  try {
    const same: EncryptOptions = {
      scheme: protection.scheme,
      iterations: protection.iterations,
      ...(protection.scheme === 'pbes2' ? { prf: protection.prf, cipher: protection.cipher } : {}),
    };
    return encryptPrivateKey(privateKeyInfo, newPassword, same);
  } finally {
    privateKeyInfo.fill(0);
  }
}
