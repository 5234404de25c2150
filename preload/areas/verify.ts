import type { Message } from '../messages/format.js';
import type { ChainLink } from '../types.js';

export const VERIFY_METHODS = [
  'verifySignature',
  'verifyCertificate',
  'saveReport',
  'listTrustAnchors',
  'inspectTrustAnchor',
  'addTrustAnchor',
  'removeTrustAnchor',
  'importCrl',
  'newChallenge',
  'answerChallenge',
  'checkChallenge',
  'cloudRootOffer',
  'pinCloudRoot',
] as const;

export type CheckName =
  | 'signature'
  | 'contentDigest'
  | 'signedAttributes'
  | 'chain'
  | 'validityAtSigning'
  | 'validityNow'
  | 'keyUsage'
  | 'policy'
  | 'revocation'
  | 'vid'
  /** Only in checkChallenge's report: nonce, signed text, freshness, replay. */
  | 'challenge';

export interface VerifyCheck {
  name: CheckName;
  /** null: unknown or not checked (the detail says which and why); never a silent pass. */
  ok: boolean | null;
  /** What the Verify screen and the CLI say, in their language (`checkDetail`). */
  message: Message;
  /** The same as "한국어 (English)" (the JSON's and the demo bank's text), the note in brackets. */
  detail: string;
  /** A second message said after it, in brackets (the chain's CA directory note). */
  note?: Message;
}

export interface SignerView {
  holder: string;
  subject: string;
  issuer: string;
  serialHex: string;
  notAfter: string;
}

export interface VerifyReport {
  verdict: 'valid' | 'invalid' | 'indeterminate';
  signer: SignerView | null;
  /** From the signed attributes (ISO 8601), when the signature carries one. */
  signingTime: string | null;
  checks: VerifyCheck[];
  /** The signer's chain as far as it could be built, leaf first. */
  chain: ChainLink[];
  /** The policy's 용도 when known ("개인 은행·보험용"), else null. */
  usage: string | null;
  /** The chain stops at the configured 금융인증서 service's root, not trusted yet: offered for pinning. */
  cloudRoot?: CloudRootOffer;
}

/** The configured 금융인증서 service's root, offered for pinning on first use. */
export interface CloudRootOffer {
  /** The service's address. */
  url: string;
  root: TrustAnchorView;
  /** offered: not pinned yet; pinned: trusted for this service; changed: the service now presents another root than the pinned one. */
  state: 'offered' | 'pinned' | 'changed';
}

export interface TrustAnchorView {
  fingerprintSha256: string;
  fingerprintColons: string;
  subject: string;
  notBefore: string;
  notAfter: string;
  source: 'bundled' | 'cloud' | 'user';
  /** The trust-list role of a bundled certificate; 'added' for a root the user or the cloud added. */
  role: 'root' | 'licensed' | 'pinned' | 'expired' | 'test' | 'added';
  trusted: boolean;
  /** A plain note (a catalog key): e.g. "KISA RootCA 5 is not installed; anchored at the pinned …". */
  note: Message | null;
}

/** A root about to be installed: compare its SHA-256 with the CA's published value first. */
export interface AnchorCandidate extends TrustAnchorView {
  /** Pinned licensed CAs that will chain to it. */
  anchorsPinned: string[];
}

export interface Challenge {
  nonce: string;
  text: string;
  issuedAt: string;
  expiresAt: string;
}

export interface VerifyResults {
  verifySignature: VerifyReport;
  verifyCertificate: VerifyReport;
  saveReport: { path: string };
  listTrustAnchors: TrustAnchorView[];
  inspectTrustAnchor: AnchorCandidate;
  addTrustAnchor: TrustAnchorView[];
  removeTrustAnchor: TrustAnchorView[];
  importCrl: { issuer: string; thisUpdate: string; nextUpdate: string | null; revokedCount: number };
  newChallenge: Challenge;
  /** carriesR: the answer came with the R value (kept in main for the identity check; never sent here). */
  answerChallenge: { cmsBase64: string; carriesR: boolean };
  checkChallenge: VerifyReport;
  /** null: no 금융인증서 cloud is configured. */
  cloudRootOffer: CloudRootOffer | null;
  pinCloudRoot: TrustAnchorView[];
}
