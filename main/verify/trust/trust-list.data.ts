/**
 * The bundled trust list (docs/verify.md, 'Trust list'): every public CA certificate Dojang ships,
 * one row each. The bytes are in ./certs/<file> (copied into ./certs.data.ts by
 * `node scripts/trust-list.mjs`); ./trust-list.ts refuses to load when a file does not match the
 * SHA-256 written here. Roles:
 * - root: a KISA root, a trust anchor;
 * - licensed: a current licensed-CA certificate, checked at load by its signature under a root here;
 * - pinned: a licensed CA of the KISA RootCA 5 generation, trusted as an anchor of its own while
 *   KISA RootCA 5 is not installed (its signature cannot be checked: RootCA 5 is not published
 *   where we could fetch it); once the user installs RootCA 5 it is checked against it;
 * - expired: an earlier generation, kept to verify signatures made while it was valid;
 * - test: KISA test roots and test CAs, never trusted unless the user adds the test root.
 */
export type TrustRole = 'root' | 'licensed' | 'pinned' | 'expired' | 'test';

export interface TrustListEntry {
  /** Path below ./certs/. */
  file: string;
  role: TrustRole;
  /** Subject CN, as a reader would look for it. */
  cn: string;
  bits: number;
  /** SHA-256 of the DER, lowercase hex: the value the load checks. */
  sha256: string;
  /** Where the certificate came from. */
  source: string;
  /** The day it was added to the list. */
  added: string;
}

export const TRUST_LIST: readonly TrustListEntry[] = [
  {
    file: 'current/CrossCertCA4.der',
    role: 'licensed',
    cn: 'CrossCertCA4',
    bits: 2048,
    sha256: 'c779740066bcac76a2c753d5fd64e5c4f90c6cd32033437ff701db249c6182c0',
    added: '2026-12-03',
    source: 'sondra760929/DB_PKI@89b4230:data/config/CaPubs_All (via fixtures/ca/current)',
  },
  {
    file: 'current/KISA_RootCA_4.der',
    role: 'root',
    cn: 'KISA RootCA 4',
    bits: 2048,
    sha256: 'a002ff556c601863b08b9aa33a8e6666e97e72bbe552f66eb9f2395c68c7bc98',
    added: '2026-12-03',
    source: 'sondra760929/DB_PKI@89b4230:data/config/CaPubs_All (via fixtures/ca/current)',
  },
  {
    file: 'current/SignKorea_CA4.der',
    role: 'licensed',
    cn: 'SignKorea CA4',
    bits: 2048,
    sha256: '636f48b8b2ab925427ecbe9991fb9ad15c70cafb9f1720eda568c2d9fff90915',
    added: '2026-12-03',
    source: 'sondra760929/DB_PKI@89b4230:data/config/CaPubs_All (via fixtures/ca/current)',
  },
  {
    file: 'current/TradeSignCA4.der',
    role: 'licensed',
    cn: 'TradeSignCA4',
    bits: 2048,
    sha256: '2a4724aacd47fe9646b98cf5f4bab57623e04e467ac9cba47e0f9b06098de8f0',
    added: '2026-12-03',
    source: 'sondra760929/DB_PKI@89b4230:data/config/CaPubs_All (via fixtures/ca/current)',
  },
  {
    file: 'current/signGATE_CA6.der',
    role: 'licensed',
    cn: 'signGATE CA6',
    bits: 2048,
    sha256: '75c535364b0020599e03b4287721596ce9e9dd84e70cd44288ef0d77c05970cc',
    added: '2026-12-03',
    source: 'sondra760929/DB_PKI@89b4230:data/config/CaPubs_All (via fixtures/ca/current)',
  },
  {
    file: 'current/yessignCA_Class_3.der',
    role: 'licensed',
    cn: 'yessignCA Class 3',
    bits: 2048,
    sha256: '0a54ef7e5faa25c4ee250e4f86ccbbd1cf1f6f50f8bb396d1feacf9180dfaebf',
    added: '2026-12-03',
    source: 'sondra760929/DB_PKI@89b4230:data/config/CaPubs_All (via fixtures/ca/current)',
  },
  {
    file: 'rootca5-generation/CrossCertCA5.der',
    role: 'pinned',
    cn: 'CrossCertCA5',
    bits: 3072,
    sha256: 'c0cab634561517fd69283614d7f3080a7fe4199307302cf5355d08bc5645df03',
    added: '2026-12-03',
    source: 'transcribed from a public bank-agent configuration (a CrossWeb EX config script) (via fixtures/ca/rootca5-generation)',
  },
  {
    file: 'rootca5-generation/SignKorea_CA5.der',
    role: 'pinned',
    cn: 'SignKorea CA5',
    bits: 3072,
    sha256: 'ec833d168e2c0395df3f128cfa77aa51e50f72379aa43af6aff97400bec760b2',
    added: '2026-12-03',
    source: 'transcribed from a public bank-agent configuration (a CrossWeb EX config script) (via fixtures/ca/rootca5-generation)',
  },
  {
    file: 'rootca5-generation/TradeSignCA5.der',
    role: 'pinned',
    cn: 'TradeSignCA5',
    bits: 3072,
    sha256: '0c2b4b121540c0a43b161c62bb3a0dd4877c5fdc41f74ab40a2f60f7475799f3',
    added: '2026-12-03',
    source: 'transcribed from a public bank-agent configuration (a CrossWeb EX config script) (via fixtures/ca/rootca5-generation)',
  },
  {
    file: 'rootca5-generation/signGATE_CA7.der',
    role: 'pinned',
    cn: 'signGATE CA7',
    bits: 3072,
    sha256: '760fb5f74b51e8a4c8a7bdf6583be21067004043b0e0044badd7047d6686d904',
    added: '2026-12-03',
    source: 'transcribed from a public bank-agent configuration (a CrossWeb EX config script) (via fixtures/ca/rootca5-generation)',
  },
  {
    file: 'rootca5-generation/yessignCA_Class_4.der',
    role: 'pinned',
    cn: 'yessignCA Class 4',
    bits: 3072,
    sha256: '1fe75cc657b7b3571f156bccf651c4774c80c62422ce60adeab23163f028ec51',
    added: '2026-12-03',
    source: 'transcribed from a public bank-agent configuration (a CrossWeb EX config script) (via fixtures/ca/rootca5-generation)',
  },
  {
    file: 'expired/CrossCertCA2.der',
    role: 'expired',
    cn: 'CrossCertCA2',
    bits: 2048,
    sha256: 'e54153845de915701251e84af58a6f2b88fd3456a0a4655861f33c334b936da5',
    added: '2026-12-03',
    source: 'sondra760929/DB_PKI@89b4230:data/config/CaPubs_All (via fixtures/ca/expired)',
  },
  {
    file: 'expired/CrossCertCA3.der',
    role: 'expired',
    cn: 'CrossCertCA3',
    bits: 2048,
    sha256: '1a37a4bb6a65e2e06466a250779d22da2e90cd0c305fb057e78bd32a0111d237',
    added: '2026-12-03',
    source: 'sondra760929/DB_PKI@89b4230:data/config/CaPubs_All (via fixtures/ca/expired)',
  },
  {
    file: 'expired/KISA_RootCA_1.der',
    role: 'expired',
    cn: 'KISA RootCA 1',
    bits: 2048,
    sha256: '6fdb3f76c8b801a75338d8a50a7c02879f6198b57e594d318d3832900fedcd79',
    added: '2026-12-03',
    source: 'sondra760929/DB_PKI@89b4230:data/config/CaPubs_All (via fixtures/ca/expired)',
  },
  {
    file: 'expired/SignKorea_CA2.der',
    role: 'expired',
    cn: 'SignKorea CA2',
    bits: 2048,
    sha256: 'efb2bac7fdb49528b0ed679dbef8c323fd42b472095192ebd94a9c3ca3ad54b6',
    added: '2026-12-03',
    source: 'sondra760929/DB_PKI@89b4230:data/config/CaPubs_All (via fixtures/ca/expired)',
  },
  {
    file: 'expired/SignKorea_CA3.der',
    role: 'expired',
    cn: 'SignKorea CA3',
    bits: 2048,
    sha256: 'f3f56cd450922c6e770996af7a7ef733d5a0ed2bcb451488b85025164c9a9492',
    added: '2026-12-03',
    source: 'sondra760929/DB_PKI@89b4230:data/config/CaPubs_All (via fixtures/ca/expired)',
  },
  {
    file: 'expired/TradeSignCA.der',
    role: 'expired',
    cn: 'TradeSignCA',
    bits: 2048,
    sha256: '88c274840638cc0b2c8acfdad6f9594eca423c197a39032a40c45f603c69f04a',
    added: '2026-12-03',
    source: 'sondra760929/DB_PKI@89b4230:data/config/CaPubs_All (via fixtures/ca/expired)',
  },
  {
    file: 'expired/TradeSignCA2.der',
    role: 'expired',
    cn: 'TradeSignCA2',
    bits: 2048,
    sha256: '16afc10a401db5c68a50eaedc76198757fd677ca20aa3f2fe6791c89f2c9b07f',
    added: '2026-12-03',
    source: 'sondra760929/DB_PKI@89b4230:data/config/CaPubs_All (via fixtures/ca/expired)',
  },
  {
    file: 'expired/TradeSignCA3.der',
    role: 'expired',
    cn: 'TradeSignCA3',
    bits: 2048,
    sha256: 'df545cdef6bc70a461534f15e9588af2578ea41cfbaf2d0d5dff6ab91866bd6e',
    added: '2026-12-03',
    source: 'sondra760929/DB_PKI@89b4230:data/config/CaPubs_All (via fixtures/ca/expired)',
  },
  {
    file: 'expired/signGATE_CA4.der',
    role: 'expired',
    cn: 'signGATE CA4',
    bits: 2048,
    sha256: '87e8d328c77923a2479932278725933d4674e2755b15a9ae8a014979b677bf34',
    added: '2026-12-03',
    source: 'sondra760929/DB_PKI@89b4230:data/config/CaPubs_All (via fixtures/ca/expired)',
  },
  {
    file: 'expired/signGATE_CA5.der',
    role: 'expired',
    cn: 'signGATE CA5',
    bits: 2048,
    sha256: '3b66ef21e303deaabba6820c425ec3433a0504fac52297822477b355938786c6',
    added: '2026-12-03',
    source: 'sondra760929/DB_PKI@89b4230:data/config/CaPubs_All (via fixtures/ca/expired)',
  },
  {
    file: 'expired/yessignCA_Class_1.der',
    role: 'expired',
    cn: 'yessignCA Class 1',
    bits: 2048,
    sha256: 'e9eeaa943822c4e03ad01f3326c04734ce7595d5aac797de6dfd81ef51e820b3',
    added: '2026-12-03',
    source: 'sondra760929/DB_PKI@89b4230:data/config/CaPubs_All (via fixtures/ca/expired)',
  },
  {
    file: 'expired/yessignCA_Class_2.der',
    role: 'expired',
    cn: 'yessignCA Class 2',
    bits: 2048,
    sha256: 'e66c3bb08eda523bf040e3df90b6706d805067d4c3cacfb24793dd2812fe8d35',
    added: '2026-12-03',
    source: 'sondra760929/DB_PKI@89b4230:data/config/CaPubs_All (via fixtures/ca/expired)',
  },
  {
    file: 'test/Kisa_Test_RootCA_6.der',
    role: 'test',
    cn: 'Kisa Test RootCA 6',
    bits: 2048,
    sha256: '6c4b84ec62603c1ca159082ffe6626e9681eafe133cfcc4eb637d3ca7b097715',
    added: '2026-12-03',
    source: 'sondra760929/DB_PKI@89b4230:data/config/CaPubs_All (via fixtures/ca/test)',
  },
  {
    file: 'test/Kisa_Test_RootCA_7.der',
    role: 'test',
    cn: 'Kisa Test RootCA 7',
    bits: 2048,
    sha256: '66574bb4488f05a3b9a8983ec6a3c9d92e56eefb4cb132d2fa54d428f54e87c6',
    added: '2026-12-03',
    source: 'sondra760929/DB_PKI@89b4230:data/config/CaPubs_All (via fixtures/ca/test)',
  },
  {
    file: 'test/TradeSignCA2015Test.der',
    role: 'test',
    cn: 'TradeSignCA2015Test',
    bits: 2048,
    sha256: '2c35908f74ee463219b9bb8fc1680b9cbc84b71d416ea23e1ac3582b2605e47a',
    added: '2026-12-03',
    source: 'sondra760929/DB_PKI@89b4230:data/config/CaPubs_All (via fixtures/ca/test)',
  },
  {
    file: 'test/TradeSignCA2018Test.der',
    role: 'test',
    cn: 'TradeSignCA2018Test',
    bits: 2048,
    sha256: 'a4161b5cefb51501d569602f14acbfa6dfa68d44391512acb1aeb732c387d309',
    added: '2026-12-03',
    source: 'sondra760929/DB_PKI@89b4230:data/config/CaPubs_All (via fixtures/ca/test)',
  },
  {
    file: 'test/yessignCA-Test_Class_4.der',
    role: 'test',
    cn: 'yessignCA-Test Class 4',
    bits: 2048,
    sha256: 'eeea79b10f1fb0ea360e0a588e7935196a1089304349096467ecb5d9bcbb6dc5',
    added: '2026-12-03',
    source: 'sondra760929/DB_PKI@89b4230:data/config/CaPubs_All (via fixtures/ca/test)',
  },
  {
    file: 'test/yessignCA-Test_Class_5.der',
    role: 'test',
    cn: 'yessignCA-Test Class 5',
    bits: 2048,
    sha256: '7b1e3fff61d0bc994f22a5783f8ea40b445cacbbb329c7fceb12d23ea993f504',
    added: '2026-12-03',
    source: 'sondra760929/DB_PKI@89b4230:data/config/CaPubs_All (via fixtures/ca/test)',
  },
];
