import { DojangError } from '../../common/errors.js';
import { checkPasswordRules } from '../npki/password-rules.js';

/** The new password must follow the 공동인증서 rules (SPEC §1.6), as a password change does. */
export function assertNewPassword(newPassword: string): void {
  const broken = checkPasswordRules(newPassword);
  if (broken.length > 0) {
    throw new DojangError('PASSWORD_RULES', broken.map((b) => b.message).join('\n'), { rules: broken.map((b) => b.rule) });
  }
}
