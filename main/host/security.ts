/**
 * The browser host's gate. The page is reachable only on loopback, only with the per-launch secret
 * (exchanged once for an HttpOnly, SameSite=Strict cookie), only under our own Host name (DNS
 * rebinding), and state-changing calls only from our own Origin (cross-site requests).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const COOKIE_NAME = 'dojang_session';

export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function secretsEqual(given: string | undefined | null, secret: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

export interface GateVerdict {
  allowed: boolean;
  reason?: string;
}

/** Checks every request: loopback peer, exact Host, same Origin when one is sent, the session cookie. */
export function checkRequest(req: IncomingMessage, expectedHost: string, secret: string): GateVerdict {
  const peer = req.socket.remoteAddress ?? '';
  if (!(peer === '127.0.0.1' || peer === '::1' || peer === '::ffff:127.0.0.1')) return { allowed: false, reason: 'not loopback' };
  if (req.headers.host !== expectedHost) return { allowed: false, reason: 'wrong host' };
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://${expectedHost}`) return { allowed: false, reason: 'wrong origin' };
  const fetchSite = req.headers['sec-fetch-site'];
  if (typeof fetchSite === 'string' && fetchSite === 'cross-site') return { allowed: false, reason: 'cross-site' };
  if (!secretsEqual(readCookie(req.headers.cookie, COOKIE_NAME), secret)) return { allowed: false, reason: 'no session' };
  return { allowed: true };
}

/** Content Security Policy for the renderer on both hosts: our own scripts and styles only. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');
