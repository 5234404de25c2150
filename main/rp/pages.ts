/**
 * The demo bank's pages: plain HTML (Korean, English in parentheses, as the CLI writes), one
 * stylesheet and one page script (page-script.ts), no inline script or style (the CSP forbids them).
 * Every page says which roots the bank trusts, so a refusal for an unknown root is no surprise.
 */

export interface TrustedRoot {
  subject: string;
  fingerprintSha256: string;
  /** Why it is trusted: the bundled KISA root, a test root of the fixtures, the development cloud's root, a --trust file. */
  source: 'kisa' | 'test' | 'cloud' | 'file';
  /** The cloud's address, for a cloud root. */
  url?: string;
}

export type PageName = 'home' | 'login' | 'register' | 'transfer';

const SOURCE = {
  kisa: 'KISA 최상위 인증기관: 실제 공동인증서 (KISA root: real certificates)',
  test: '시험용 루트: fixtures/ 의 시험 인증서 (test root of the test fixtures)',
  cloud: '개발용 금융인증서 클라우드의 루트 (the local development cloud’s root)',
  file: '--trust 로 지정한 루트 (given with --trust)',
} as const;

const TITLES: Record<PageName, string> = {
  home: '도장 은행 (Dojang demo bank)',
  login: '로그인 (sign in)',
  register: '타기관 인증서 등록 (register a certificate)',
  transfer: '이체 확인 (transfer confirmation)',
};

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function rootsSection(roots: readonly TrustedRoot[]): string {
  const items = roots
    .map(
      (r) =>
        `<li><strong>${escapeHtml(r.subject)}</strong><br><span class="muted">${escapeHtml(SOURCE[r.source])}${r.url ? ` — ${escapeHtml(r.url)}` : ''}</span><br><code>SHA-256 ${r.fingerprintSha256.slice(0, 16)}…</code></li>`,
    )
    .join('');
  return `<section aria-labelledby="roots-title"><h2 id="roots-title">이 은행이 신뢰하는 루트 (roots this bank trusts)</h2>
<p class="muted">서명한 인증서의 인증 경로가 이 가운데 하나에서 끝나야 받아들입니다. 그 밖의 인증서는 거부합니다. (A signer's chain must end at one of these; any other is refused.)</p>
<ul class="roots">${items}</ul></section>`;
}

const BODIES: Record<PageName, string> = {
  home: `<p>도장(Dojang)으로 서명하는 은행 예시입니다. 브라우저 확장과 도장 앱이 있으면, 서명은 도장의 창에서 사용자가 확인한 뒤에만 만들어집니다. (A demo relying party: pages ask Dojang to sign through its browser extension; the user consents in Dojang’s own window.)</p>
<ul class="menu">
<li><a href="/login">로그인 (sign in with a certificate)</a></li>
<li><a href="/register">타기관 인증서 등록 (register a certificate with this bank: identity check with the ID number)</a></li>
<li><a href="/transfer">이체 확인 (confirm a transfer by signing its exact text)</a></li>
</ul>`,
  login: `<p>은행이 보낸 일회용 문구에 인증서로 서명해 로그인합니다. (Sign the one-time text the bank sends.)</p>
<form id="login-form">
<label for="customer">고객 ID (선택: 등록한 인증서로만 로그인) (customer id, optional: sign in only with the certificate registered to it)</label>
<input id="customer" name="customer" autocomplete="username">
<button type="submit">인증서로 로그인 (sign in)</button>
</form>`,
  register: `<p>인증서가 본인의 것인지 주민등록번호로 확인(본인확인, VID)한 뒤 이 은행에 등록합니다. 주민등록번호는 확인에만 쓰고 저장하지 않습니다. (The bank checks with your ID number that the certificate is yours, then registers it; the number is used for that check only and never kept.)</p>
<form id="register-form">
<label for="customer">고객 ID (customer id)</label>
<input id="customer" name="customer" required autocomplete="username">
<label for="idn">주민등록번호 13자리 (ID number, 13 digits)</label>
<input id="idn" name="idn" type="password" inputmode="numeric" required autocomplete="off">
<button type="submit">인증서 등록 (register)</button>
</form>`,
  transfer: `<p>은행이 이체 내용을 글로 만들어 보내면, 그 글 그대로 서명합니다. 은행은 서명한 글이 보낸 글과 한 글자도 다르지 않은지 확인합니다. (The bank writes the transfer as text; you sign exactly that text; the bank checks it word for word.)</p>
<form id="transfer-form">
<label for="from">출금 계좌 (from account)</label>
<input id="from" name="from" required value="110-123-456789">
<label for="to">입금 계좌 (to account)</label>
<input id="to" name="to" required value="333-22-1111111">
<label for="amount">금액 (원) (amount, won)</label>
<input id="amount" name="amount" required inputmode="numeric" value="50000">
<label for="memo">메모 (memo)</label>
<input id="memo" name="memo" value="월세">
<button type="submit">이체 내용 받기 (get the text to sign)</button>
</form>
<section id="to-sign" hidden aria-labelledby="to-sign-title"><h2 id="to-sign-title">서명할 글 (the text to sign)</h2>
<pre id="transfer-text"></pre>
<button id="sign-transfer" type="button">이 글에 서명 (sign this text)</button></section>`,
};

export function page(name: PageName, roots: readonly TrustedRoot[]): string {
  return `<!doctype html>
<html lang="ko">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${TITLES[name]}</title>
<link rel="stylesheet" href="/style.css">
<script type="module" src="/app.js"></script>
</head>
<body data-page="${name}">
<header><a href="/">도장 은행 (Dojang demo bank)</a></header>
<main>
<h1>${TITLES[name]}</h1>
${BODIES[name]}
<p id="agent" class="muted" role="status"></p>
<section id="verdict" aria-live="polite"></section>
${rootsSection(roots)}
</main>
</body>
</html>
`;
}

export const STYLE = `body{font-family:system-ui,sans-serif;margin:0;color:#1b1f24;background:#fafafa}
header{padding:.75rem 1.5rem;background:#0b3d91}header a{color:#fff;font-weight:600;text-decoration:none}
main{max-width:48rem;margin:0 auto;padding:1rem 1.5rem}
label{display:block;margin-top:.75rem}input{font:inherit;padding:.35rem;width:100%;max-width:24rem}
button{font:inherit;margin-top:1rem;padding:.45rem 1rem}
.muted{color:#57606a}pre{white-space:pre-wrap;background:#fff;border:1px solid #d0d7de;padding:.75rem}
.verdict-ok{border-left:4px solid #1a7f37;padding-left:.75rem}.verdict-bad{border-left:4px solid #cf222e;padding-left:.75rem}
.checks li{margin:.2rem 0}.roots li{margin:.5rem 0}
`;
