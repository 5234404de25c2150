/**
 * Object identifiers the CA writes.
 *
 * POLICY: our own arc, 2.25.<UUID as an integer> (ITU-T X.667: anyone may mint an OID from a
 * UUID without registration). UUID ac7aacc8-a197-46a5-ae1a-cffebacb3566 was generated once for
 * Dojang Cloud; sub-arc .1 is "personal cloud signing certificate". We must NOT claim
 * 1.2.410.200005.1.1.1.10 (금융결제원's 금융인증서 policy): relying parties would take our test
 * certificates for real ones. The arc lives in the shared policy table, so relying parties label it.
 */
import { DOJANG_CLOUD_ARC, DOJANG_CLOUD_POLICY_OID } from '../../../common/pki/policies.data.js';

export const DOJANG_ARC = DOJANG_CLOUD_ARC;
export const POLICY_OID = DOJANG_CLOUD_POLICY_OID;

export const OID = {
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha256WithRSAEncryption: '1.2.840.113549.1.1.11',
  sha1: '1.3.14.3.2.26',
  sha256: '2.16.840.1.101.3.4.2.1',
  // names
  countryName: '2.5.4.6',
  organizationName: '2.5.4.10',
  organizationalUnitName: '2.5.4.11',
  commonName: '2.5.4.3',
  // extensions
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  cRLNumber: '2.5.29.20',
  reasonCode: '2.5.29.21',
  crlDistributionPoints: '2.5.29.31',
  certificatePolicies: '2.5.29.32',
  authorityKeyIdentifier: '2.5.29.35',
  authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
  userNotice: '1.3.6.1.5.5.7.2.2',
  ocsp: '1.3.6.1.5.5.7.48.1',
  caIssuers: '1.3.6.1.5.5.7.48.2',
  ocspBasic: '1.3.6.1.5.5.7.48.1.1',
  ocspNonce: '1.3.6.1.5.5.7.48.1.2',
  // SPEC §1.3
  identifyData: '1.2.410.200004.10.1.1',
  vid: '1.2.410.200004.10.1.1.1',
} as const;

/** CRLReason values (RFC 5280 §5.3.1) the service uses. */
export const REASON = {
  unspecified: 0,
  keyCompromise: 1,
  superseded: 4,
  cessationOfOperation: 5,
} as const;
