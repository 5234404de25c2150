import { passwordRulesError } from '../npki/password-rules.js';

/** The new password must follow the 공동인증서 rules (SPEC §1.6), as a password change does. */
export function assertNewPassword(newPassword: string): void {
  const broken = passwordRulesError(newPassword);
  if (broken) throw broken;
}
