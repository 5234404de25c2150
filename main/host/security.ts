/**
 * The browser host's gate. The page is reachable only on loopback, only from this user's
 * processes where the OS tells (peer.ts), only with the session cookie (traded once for a
 * one-time launch code, launch.ts), only under our own Host name (DNS rebinding), and
 * state-changing calls only from our own Origin (cross-site requests).
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { headerValue } from './request-target.js';

export const COOKIE_NAME = 'dojang_session';

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

export function isLoopback(address: string | undefined): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

/** Checks every request: loopback peer, exact Host, same Origin when one is sent, the session cookie. */
export function checkRequest(req: IncomingMessage, expectedHost: string, session: string | null): GateVerdict {
  if (!isLoopback(req.socket.remoteAddress)) return { allowed: false, reason: 'not loopback' };
  if (headerValue(req.headers, 'host') !== expectedHost) return { allowed: false, reason: 'wrong host' };
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://${expectedHost}`) return { allowed: false, reason: 'wrong origin' };
  if (headerValue(req.headers, 'sec-fetch-site') === 'cross-site') return { allowed: false, reason: 'cross-site' };
  if (session === null || !secretsEqual(readCookie(headerValue(req.headers, 'cookie'), COOKIE_NAME), session)) {
    return { allowed: false, reason: 'no session' };
  }
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
