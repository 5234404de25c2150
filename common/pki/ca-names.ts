/**
 * The accredited (now "recognised") Korean CAs, keyed by the NPKI folder name they use
 * (SPEC §1.1). `match` finds the CA from an issuer's O / CN.
 */
export interface CaName {
  /** Also the NPKI folder name (matched case-insensitively on disk). */
  id: string;
  nameKo: string;
  nameEn: string;
  /** A CA's test CA (e.g. "yessignCA-Test Class 4"): its certificates are for testing, never for a bank. */
  test: boolean;
}

interface CaEntry extends Omit<CaName, 'test'> {
  /** Issuer O values (lowercase). */
  organizations: string[];
  /** Issuer CN prefixes (lowercase), e.g. the signGATE brand of KICA. */
  cnPrefixes: string[];
}

const CAS: readonly CaEntry[] = [
  {
    id: 'yessign',
    nameKo: '금융결제원',
    nameEn: 'KFTC (Korea Financial Telecommunications & Clearings Institute)',
    organizations: ['yessign'],
    cnPrefixes: ['yessign'],
  },
  { id: 'SignKorea', nameKo: '코스콤', nameEn: 'Koscom', organizations: ['signkorea'], cnPrefixes: ['signkorea'] },
  {
    id: 'KICA',
    nameKo: '한국정보인증',
    nameEn: 'KICA (Korea Information Certificate Authority)',
    organizations: ['kica'],
    cnPrefixes: ['signgate', 'kica'],
  },
  {
    id: 'CrossCert',
    nameKo: '한국전자인증',
    nameEn: 'CrossCert (Korea Electronic Certification Authority)',
    organizations: ['crosscert'],
    cnPrefixes: ['crosscert'],
  },
  {
    id: 'TradeSign',
    nameKo: '한국무역정보통신',
    nameEn: 'KTNET (Korea Trade Network)',
    organizations: ['tradesign', 'ktnet'],
    cnPrefixes: ['tradesign'],
  },
  // (assumed) NCASign was run by 한국전산원 (NCA), later 한국정보사회진흥원 (NIA).
  {
    id: 'NCASign',
    nameKo: '한국정보사회진흥원',
    nameEn: 'NIA (National Information Society Agency, formerly NCA)',
    organizations: ['ncasign'],
    cnPrefixes: ['ncasign'],
  },
  // (assumed) INIPASS: the INITECH-run CA named in the policy table (SPEC §1.4).
  { id: 'INIPASS', nameKo: '이니텍', nameEn: 'INITECH (INIPASS)', organizations: ['inipass'], cnPrefixes: ['inipass'] },
  {
    id: 'KISA',
    nameKo: '한국인터넷진흥원',
    nameEn: 'KISA (Korea Internet & Security Agency)',
    organizations: ['kisa'],
    cnPrefixes: ['kisa'],
  },
];

function pub(e: CaEntry, test = false): CaName {
  return { id: e.id, nameKo: e.nameKo, nameEn: e.nameEn, test };
}

/**
 * A test CA by its name: every test CA in the trust list has "Test" in its CN ("yessignCA-Test
 * Class 4", "TradeSignCA2018Test", "Kisa Test RootCA 7"); no production CA does.
 */
export function isTestCaName(cn: string | null): boolean {
  return !!cn && /test/i.test(cn);
}

/** The CA with this id / NPKI folder name (case-insensitive), or null. */
export function caById(id: string): CaName | null {
  const e = CAS.find((c) => c.id.toLowerCase() === id.toLowerCase());
  return e ? pub(e) : null;
}

/** Finds the CA from issuer attributes: O first, then the CN prefix. */
export function matchCa(issuerO: readonly string[], issuerCn: string | null): CaName | null {
  const test = isTestCaName(issuerCn);
  for (const o of issuerO) {
    const e = CAS.find((c) => c.organizations.includes(o.trim().toLowerCase()));
    if (e) return pub(e, test);
  }
  if (issuerCn) {
    const cn = issuerCn.trim().toLowerCase();
    const e = CAS.find((c) => c.cnPrefixes.some((p) => cn.startsWith(p)));
    if (e) return pub(e, test);
  }
  return null;
}

export const CA_FOLDER_NAMES: readonly string[] = CAS.map((c) => c.id);
