/**
 * SPEC §1.4 as one table: certificate policy OID → what the certificate is for.
 * holder: 'personal' / 'corporate' only where the source says 개인 / 법인 (or 기업); otherwise 'other'.
 * general: 범용 (accepted everywhere). Sources disagree on a few sub-OIDs: edit here, never in code.
 */
export type PolicyRow = readonly [
  oid: string,
  caId: string,
  usageKo: string,
  usageEn: string,
  holder: 'personal' | 'corporate' | 'other',
  general: boolean,
  cloud: boolean,
];

export const POLICY_ROWS: readonly PolicyRow[] = [
  // yessign (금융결제원)
  ['1.2.410.200005.1.1.1', 'yessign', '개인 범용', 'General purpose (personal)', 'personal', true, false],
  ['1.2.410.200005.1.1.5', 'yessign', '법인 범용', 'General purpose (corporate)', 'corporate', true, false],
  ['1.2.410.200005.1.1.4', 'yessign', '개인 은행·보험용', 'Banking & insurance (personal)', 'personal', false, false],
  ['1.2.410.200005.1.1.2', 'yessign', '법인 은행용', 'Banking (corporate)', 'corporate', false, false],
  ['1.2.410.200005.1.1.6.1', 'yessign', '기업뱅킹', 'Business banking', 'corporate', false, false],
  ['1.2.410.200005.1.1.6.2', 'yessign', '신용카드', 'Credit card', 'other', false, false],
  ['1.2.410.200005.1.1.6.8', 'yessign', '전자세금', 'e-Tax invoice', 'other', false, false],
  ['1.2.410.200005.1.1.1.10', 'yessign', '금융인증서', 'Financial certificate (cloud)', 'personal', false, true],
  // SignKorea (코스콤)
  ['1.2.410.200004.5.1.1.5', 'SignKorea', '개인 범용', 'General purpose (personal)', 'personal', true, false],
  ['1.2.410.200004.5.1.1.7', 'SignKorea', '법인 범용', 'General purpose (corporate)', 'corporate', true, false],
  ['1.2.410.200004.5.1.1.9', 'SignKorea', '증권·보험', 'Securities & insurance', 'other', false, false],
  ['1.2.410.200004.5.1.1.9.2', 'SignKorea', '신용카드', 'Credit card', 'other', false, false],
  ['1.2.410.200004.5.1.1.10', 'SignKorea', '법인 증권', 'Securities (corporate)', 'corporate', false, false],
  // KICA (한국정보인증)
  ['1.2.410.200004.5.2.1.2', 'KICA', '개인 범용', 'General purpose (personal)', 'personal', true, false],
  ['1.2.410.200004.5.2.1.1', 'KICA', '법인 범용', 'General purpose (corporate)', 'corporate', true, false],
  ['1.2.410.200004.5.2.1.3', 'KICA', '조달·전자입찰', 'Public procurement & e-bidding', 'other', false, false],
  ['1.2.410.200004.5.2.1.7.1', 'KICA', '은행·보험', 'Banking & insurance', 'other', false, false],
  ['1.2.410.200004.5.2.1.7.2', 'KICA', '증권·보험', 'Securities & insurance', 'other', false, false],
  ['1.2.410.200004.5.2.1.7.3', 'KICA', '신용카드', 'Credit card', 'other', false, false],
  ['1.2.410.200004.5.2.1.6.257', 'KICA', '전자세금', 'e-Tax invoice', 'other', false, false],
  ['1.2.410.200004.5.2.1.6.5001', 'KICA', '국세청', 'National Tax Service', 'other', false, false],
  // CrossCert (한국전자인증)
  ['1.2.410.200004.5.4.1.1', 'CrossCert', '개인 범용', 'General purpose (personal)', 'personal', true, false],
  ['1.2.410.200004.5.4.1.2', 'CrossCert', '법인 범용', 'General purpose (corporate)', 'corporate', true, false],
  ['1.2.410.200004.5.4.1.101', 'CrossCert', '은행·보험', 'Banking & insurance', 'other', false, false],
  ['1.2.410.200004.5.4.1.102', 'CrossCert', '증권', 'Securities', 'other', false, false],
  ['1.2.410.200004.5.4.1.103', 'CrossCert', '신용카드', 'Credit card', 'other', false, false],
  ['1.2.410.200004.5.4.1.104', 'CrossCert', '전자민원', 'e-Government services', 'other', false, false],
  ['1.2.410.200004.5.4.2.80', 'CrossCert', '전자세금', 'e-Tax invoice', 'other', false, false],
  // TradeSign (한국무역정보통신)
  ['1.2.410.200012.1.1.1', 'TradeSign', '개인 범용', 'General purpose (personal)', 'personal', true, false],
  ['1.2.410.200012.1.1.3', 'TradeSign', '법인 범용', 'General purpose (corporate)', 'corporate', true, false],
  ['1.2.410.200012.1.1.101', 'TradeSign', '은행·보험', 'Banking & insurance', 'other', false, false],
  ['1.2.410.200012.1.1.103', 'TradeSign', '증권·보험', 'Securities & insurance', 'other', false, false],
  ['1.2.410.200012.1.1.105', 'TradeSign', '신용카드', 'Credit card', 'other', false, false],
  ['1.2.410.200012.5.19.1.1', 'TradeSign', '전자세금', 'e-Tax invoice', 'other', false, false],
  // NCASign: the source gives holder only, not whether these are 범용.
  ['1.2.410.200004.5.3.1.9', 'NCASign', '개인', 'Personal', 'personal', false, false],
  ['1.2.410.200004.5.3.1.1', 'NCASign', '기관', 'Institution', 'other', false, false],
  ['1.2.410.200004.5.3.1.2', 'NCASign', '법인', 'Corporate', 'corporate', false, false],
  // INIPASS
  ['1.2.410.200004.5.5.1.1', 'INIPASS', '개인', 'Personal', 'personal', false, false],
  ['1.2.410.200004.5.5.1.2', 'INIPASS', '법인', 'Corporate', 'corporate', false, false],
];
