/**
 * A small structured logger (JSON lines on stderr). Callers pass fields, never secrets: the
 * redaction below is a last line of defence for well-known secret field names, not a licence.
 */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

const SECRET_FIELD = /^(pass(word)?|new_?password|pin|new_?pin|secret|token|idn|private_?key|auth_?code|sms_?code|otp)$/i;

export function redact(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(fields)) out[name] = SECRET_FIELD.test(name) ? '[redacted]' : value;
  return out;
}

export function createLogger(scope: string, write: (line: string) => void = (line) => process.stderr.write(line + '\n')): Logger {
  const emit =
    (level: string) =>
    (message: string, fields: Record<string, unknown> = {}) =>
      write(JSON.stringify({ time: new Date().toISOString(), level, scope, message, ...redact(fields) }));
  return { info: emit('info'), warn: emit('warn'), error: emit('error') };
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
