/**
 * SPEC §3: the general 금융인증서 vs 공동인증서 facts, as catalog keys (the texts are in i18n/ko.ts,
 * en.ts under facts.<row>.*). 공동 means "common across institutions", never "shared by people".
 */
export const FACT_ROWS = ['issuer', 'stored', 'validity', 'renewal', 'secret', 'devices', 'cost', 'vid'] as const;
export type FactRow = (typeof FACT_ROWS)[number];
