/**
 * Where a user renews, reissues or revokes a certificate: one page per CA and action. main/ opens
 * only the exact https origins in main/app/external-links.ts, so every URL here starts with one of
 * them (model/problems.test.ts checks it against a copy of that list).
 * (assumed) Only yessign's pages were seen (its personal-certificate guide: renew / reissue / revoke
 * each point to the issuing bank, "등록대행기관"); for the other CAs the home page is the honest link.
 * Edit here, nowhere else.
 */
export type CaAction = 'issue' | 'renew' | 'reissue' | 'revoke';

export interface CaLinks {
  /** A new issue (after expiry). yessign's renewal page is also where it says how to get a new one. */
  issue: string;
  renew: string;
  reissue: string;
  revoke: string;
}

const home = (origin: string): CaLinks => ({ issue: `${origin}/`, renew: `${origin}/`, reissue: `${origin}/`, revoke: `${origin}/` });

export const CA_LINKS: Readonly<Record<string, CaLinks>> = {
  yessign: {
    issue: 'https://www.yessign.or.kr/main/intro/personal/commonRenew.jsp',
    renew: 'https://www.yessign.or.kr/main/intro/personal/commonRenew.jsp',
    reissue: 'https://www.yessign.or.kr/main/intro/personal/commonReissue.jsp',
    revoke: 'https://www.yessign.or.kr/main/intro/personal/commonRevoke.jsp',
  },
  SignKorea: home('https://www.signkorea.com'),
  KICA: home('https://www.signgate.com'),
  CrossCert: home('https://www.crosscert.com'),
  TradeSign: home('https://www.tradesign.net'),
};

/** Root certificates and the list of recognised CAs (KISA's root CA site). */
export const ROOT_CA_INFO = 'https://www.rootca.or.kr/';

/** The CA's page for this action, or null when Dojang has none (the user asks the issuing bank). */
export function caLink(caId: string | null | undefined, action: CaAction): string | null {
  if (!caId) return null;
  const links = CA_LINKS[caId] ?? Object.entries(CA_LINKS).find(([id]) => id.toLowerCase() === caId.toLowerCase())?.[1];
  return links ? links[action] : null;
}
