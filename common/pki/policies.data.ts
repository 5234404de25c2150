/**
 * What a certificate is for (용도): certificate policy OID → usage, one table (SPEC §1.4 and the
 * public sources listed in docs/policies.md). Each 용도 has one label (`policy.usage.<key>`), shared by every CA
 * that issues it, so "개인 은행·보험용" at yessign and at KICA is one choice in filters. Keys are
 * stable: the renderer and saved filters may keep them. Sources disagree on a few sub-OIDs: edit
 * here (and the docs), never in code; an OID that is not here is shown as unknown, never guessed.
 */
export type UsageKey =
  | 'general-personal'
  | 'general-corporate'
  | 'general-institution'
  | 'banking-personal'
  | 'banking-corporate'
  | 'business-banking'
  | 'securities-personal'
  | 'securities-corporate'
  | 'card'
  | 'etax'
  | 'nts-etax'
  | 'procurement'
  | 'civil-service'
  | 'health-welfare'
  | 'cash-report'
  | 'retirement-pension'
  | 'etrade'
  | 'partner'
  | 'fincert-personal'
  | 'fincert-business'
  | 'dojang-cloud';

/** What a 용도 is; its label is the catalog's `policy.usage.<key>` (preload/messages), in both languages. */
export interface UsageLabel {
  /** 범용: accepted by every relying party. */
  general: boolean;
  /** 금융인증서 (the key lives in the cloud). */
  cloud: boolean;
}

export const USAGES: Readonly<Record<UsageKey, UsageLabel>> = {
  'general-personal': { general: true, cloud: false },
  'general-corporate': { general: true, cloud: false },
  'general-institution': { general: true, cloud: false },
  'banking-personal': { general: false, cloud: false },
  'banking-corporate': { general: false, cloud: false },
  'business-banking': { general: false, cloud: false },
  'securities-personal': { general: false, cloud: false },
  'securities-corporate': { general: false, cloud: false },
  card: { general: false, cloud: false },
  etax: { general: false, cloud: false },
  'nts-etax': { general: false, cloud: false },
  procurement: { general: false, cloud: false },
  'civil-service': { general: false, cloud: false },
  'health-welfare': { general: false, cloud: false },
  'cash-report': { general: false, cloud: false },
  'retirement-pension': { general: false, cloud: false },
  etrade: { general: false, cloud: false },
  partner: { general: false, cloud: false },
  'fincert-personal': { general: false, cloud: true },
  'fincert-business': { general: false, cloud: true },
  'dojang-cloud': { general: false, cloud: true },
};

/**
 * Dojang Cloud's own policy arc (cloud/ issues under it): 2.25.<UUID ac7aacc8-a197-46a5-ae1a-cffebacb3566>
 * (ITU-T X.667, no registration needed). It must never be 금융결제원's 1.2.410.200005.1.1.1.10.
 */
export const DOJANG_CLOUD_ARC = `2.25.${BigInt('0xac7aacc8a19746a5ae1acffebacb3566').toString()}`;
/** Sub-arc .1: a personal cloud signing certificate. */
export const DOJANG_CLOUD_POLICY_OID = `${DOJANG_CLOUD_ARC}.1`;

/**
 * holder: 'personal' / 'corporate' only where a source says 개인 / 법인 (사업자, 기업); otherwise 'other'.
 * source: a short key into docs/policies.md ("spec" = SPEC §1.4).
 */
export type PolicyRow = readonly [oid: string, caId: string, usage: UsageKey, holder: 'personal' | 'corporate' | 'other', source: string];

export const POLICY_ROWS: readonly PolicyRow[] = [
  // yessign (금융결제원)
  ['1.2.410.200005.1.1.1', 'yessign', 'general-personal', 'personal', 'spec'],
  ['1.2.410.200005.1.1.5', 'yessign', 'general-corporate', 'corporate', 'spec'],
  ['1.2.410.200005.1.1.4', 'yessign', 'banking-personal', 'personal', 'spec'],
  ['1.2.410.200005.1.1.4.8', 'yessign', 'banking-personal', 'personal', 'fincert-client'],
  ['1.2.410.200005.1.1.4.88', 'yessign', 'banking-personal', 'personal', 'fincert-client'],
  ['1.2.410.200005.1.1.2', 'yessign', 'banking-corporate', 'corporate', 'spec'],
  ['1.2.410.200005.1.1.6.1', 'yessign', 'business-banking', 'corporate', 'spec'],
  ['1.2.410.200005.1.1.6.2', 'yessign', 'card', 'personal', 'spec'],
  ['1.2.410.200005.1.1.6.3', 'yessign', 'procurement', 'corporate', 'oid-registry'],
  ['1.2.410.200005.1.1.6.4', 'yessign', 'retirement-pension', 'corporate', 'oid-names'],
  ['1.2.410.200005.1.1.6.5', 'yessign', 'cash-report', 'corporate', 'oid-registry'],
  ['1.2.410.200005.1.1.6.8', 'yessign', 'etax', 'corporate', 'spec'],
  ['1.2.410.200005.1.1.1.10', 'yessign', 'fincert-personal', 'personal', 'spec'],
  ['1.2.410.200005.1.1.8.11', 'yessign', 'fincert-business', 'corporate', 'fincert-client'],
  ['1.2.410.200005.1.1.8.12', 'yessign', 'fincert-business', 'corporate', 'fincert-client'],
  ['1.2.410.200005.1.1.8.13', 'yessign', 'fincert-business', 'corporate', 'fincert-client'],
  ['1.2.410.200005.1.1.6.10', 'yessign', 'fincert-business', 'corporate', 'fincert-client'],
  // Dojang's own cloud service (cloud/): its own arc, so its certificates are never taken for 금융결제원's
  [DOJANG_CLOUD_POLICY_OID, 'DojangCloud', 'dojang-cloud', 'personal', 'dojang'],
  // SignKorea (코스콤)
  ['1.2.410.200004.5.1.1.5', 'SignKorea', 'general-personal', 'personal', 'spec'],
  ['1.2.410.200004.5.1.1.7', 'SignKorea', 'general-corporate', 'corporate', 'spec'],
  ['1.2.410.200004.5.1.1.9', 'SignKorea', 'securities-personal', 'personal', 'spec'],
  ['1.2.410.200004.5.1.1.9.2', 'SignKorea', 'card', 'personal', 'spec'],
  ['1.2.410.200004.5.1.1.10', 'SignKorea', 'securities-corporate', 'corporate', 'spec'],
  // KICA (한국정보인증, signGATE)
  ['1.2.410.200004.5.2.1.2', 'KICA', 'general-personal', 'personal', 'spec'],
  ['1.2.410.200004.5.2.1.1', 'KICA', 'general-corporate', 'corporate', 'spec'],
  ['1.2.410.200004.5.2.1.3', 'KICA', 'procurement', 'other', 'spec'],
  ['1.2.410.200004.5.2.1.7.1', 'KICA', 'banking-personal', 'personal', 'spec'],
  ['1.2.410.200004.5.2.1.7.2', 'KICA', 'securities-personal', 'personal', 'spec'],
  ['1.2.410.200004.5.2.1.7.3', 'KICA', 'card', 'personal', 'spec'],
  ['1.2.410.200004.5.2.1.6.257', 'KICA', 'etax', 'corporate', 'spec'],
  ['1.2.410.200004.5.2.1.5001', 'KICA', 'nts-etax', 'corporate', 'agent-config'],
  ['1.2.410.200004.5.2.1.6.5001', 'KICA', 'nts-etax', 'corporate', 'spec'],
  ['1.2.410.200004.5.2.1.6.141', 'KICA', 'health-welfare', 'corporate', 'welfare-page'],
  ['1.2.410.200004.5.2.1.5.141', 'KICA', 'health-welfare', 'personal', 'welfare-page'],
  // CrossCert (한국전자인증)
  ['1.2.410.200004.5.4.1.1', 'CrossCert', 'general-personal', 'personal', 'spec'],
  ['1.2.410.200004.5.4.1.2', 'CrossCert', 'general-corporate', 'corporate', 'spec'],
  ['1.2.410.200004.5.4.1.101', 'CrossCert', 'banking-personal', 'personal', 'spec'],
  ['1.2.410.200004.5.4.1.102', 'CrossCert', 'securities-personal', 'personal', 'spec'],
  ['1.2.410.200004.5.4.1.103', 'CrossCert', 'card', 'personal', 'spec'],
  ['1.2.410.200004.5.4.1.104', 'CrossCert', 'civil-service', 'personal', 'spec'],
  ['1.2.410.200004.5.4.2.80', 'CrossCert', 'etax', 'corporate', 'spec'],
  // TradeSign (한국무역정보통신)
  ['1.2.410.200012.1.1.1', 'TradeSign', 'general-personal', 'personal', 'spec'],
  ['1.2.410.200012.1.1.3', 'TradeSign', 'general-corporate', 'corporate', 'spec'],
  ['1.2.410.200012.1.1.101', 'TradeSign', 'banking-personal', 'personal', 'spec'],
  ['1.2.410.200012.1.1.103', 'TradeSign', 'securities-personal', 'personal', 'spec'],
  ['1.2.410.200012.1.1.105', 'TradeSign', 'card', 'personal', 'spec'],
  ['1.2.410.200012.1.1.7', 'TradeSign', 'etrade', 'personal', 'plugin-list'],
  ['1.2.410.200012.1.1.9', 'TradeSign', 'etrade', 'corporate', 'plugin-list'],
  ['1.2.410.200012.5.19.1.1', 'TradeSign', 'etax', 'corporate', 'spec'],
  // NCASign (한국정보사회진흥원): the public lists call these 범용
  ['1.2.410.200004.5.3.1.9', 'NCASign', 'general-personal', 'personal', 'spec'],
  ['1.2.410.200004.5.3.1.1', 'NCASign', 'general-institution', 'other', 'spec'],
  ['1.2.410.200004.5.3.1.2', 'NCASign', 'general-corporate', 'corporate', 'spec'],
  // INIPASS (이니텍)
  ['1.2.410.200004.5.5.1.1', 'INIPASS', 'general-personal', 'personal', 'spec'],
  ['1.2.410.200004.5.5.1.2', 'INIPASS', 'general-corporate', 'corporate', 'spec'],
  ['1.2.410.200004.5.5.1.3.1', 'INIPASS', 'partner', 'personal', 'oid-registry'],
  ['1.2.410.200004.5.5.1.4.1', 'INIPASS', 'partner', 'corporate', 'oid-registry'],
  ['1.2.410.200004.5.5.1.4.2', 'INIPASS', 'etax', 'corporate', 'oid-registry'],
];
