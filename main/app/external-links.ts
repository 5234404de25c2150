/**
 * The only pages Dojang opens in the system browser: the certificate authorities' renewal,
 * reissue and revocation pages. Exact https origins; anything else is refused.
 */
export const EXTERNAL_ORIGINS = [
  'https://www.yessign.or.kr',
  'https://www.signkorea.com',
  'https://www.signgate.com',
  'https://www.crosscert.com',
  'https://www.tradesign.net',
  'https://www.kisa.or.kr',
  'https://www.rootca.or.kr',
] as const;

export function isAllowedExternalUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:' || url.username || url.password || url.port) return false;
  return (EXTERNAL_ORIGINS as readonly string[]).includes(url.origin);
}
