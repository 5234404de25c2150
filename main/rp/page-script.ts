/**
 * The demo bank's one page script (served as /app.js, an ES module): asks the server for the text to
 * sign, asks Dojang to sign it through the dojang-web SDK (/sdk/dojang-web.js), posts the result
 * back and shows the server's verdict. Kept as text here so the CLI bundle needs no asset step.
 */
export const PAGE_SCRIPT = `import { sign, isAvailable } from '/sdk/dojang-web.js';

const page = document.body.dataset.page;
const $ = (id) => document.getElementById(id);

async function post(path, body) {
  const r = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const answer = await r.json();
  if (!r.ok) throw Object.assign(new Error(answer.error?.message ?? 'HTTP ' + r.status), { code: answer.error?.code ?? 'HTTP_' + r.status });
  return answer;
}

function element(tag, text, className) {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (className) e.className = className;
  return e;
}

function showVerdict(v) {
  const box = $('verdict');
  box.replaceChildren();
  box.dataset.accepted = String(v.accepted);
  box.className = v.accepted ? 'verdict-ok' : 'verdict-bad';
  box.append(element('h2', v.accepted ? '받아들였습니다 (accepted)' : '거부했습니다 (refused)'));
  box.append(element('p', v.reason, 'reason'));
  if (v.signer) box.append(element('p', '서명한 사람 (signer): ' + v.signer.holder + ' · ' + v.signer.serialHex));
  const list = element('ul', undefined, 'checks');
  for (const c of v.checks) list.append(element('li', (c.ok === true ? '✓ ' : c.ok === false ? '✗ ' : '? ') + c.name + ' — ' + c.detail));
  box.append(list);
}

function showError(e) {
  const box = $('verdict');
  box.replaceChildren(element('h2', '오류 (error): ' + (e.code ?? 'ERROR')), element('p', e.message, 'reason'));
  box.dataset.accepted = 'false';
  box.dataset.error = e.code ?? 'ERROR';
  box.className = 'verdict-bad';
}

async function run(task) {
  $('verdict').replaceChildren(element('p', '도장의 창에서 확인하고 서명하세요… (confirm and sign in Dojang’s window…)'));
  delete $('verdict').dataset.accepted;
  delete $('verdict').dataset.error;
  try {
    showVerdict(await task());
  } catch (e) {
    showError(e);
  }
}

isAvailable().then((ok) => {
  $('agent').textContent = ok
    ? '도장이 연결되어 있습니다 (Dojang is available)'
    : '도장 브라우저 확장이나 도장 앱이 없습니다: 설치하고 도장을 켜 두세요 (Dojang’s extension or app is not available)';
  $('agent').dataset.available = String(ok);
});

if (page === 'login') {
  $('login-form').addEventListener('submit', (event) => {
    event.preventDefault();
    run(async () => {
      const c = await post('/api/challenge', { purpose: 'login' });
      const signed = await sign({ content: { texts: [c.message] }, signType: 'login' });
      return post('/api/login', { nonce: c.nonce, signedData: signed.signedData, customerId: $('customer').value.trim() });
    });
  });
}

if (page === 'register') {
  $('register-form').addEventListener('submit', (event) => {
    event.preventDefault();
    run(async () => {
      const c = await post('/api/challenge', { purpose: 'register' });
      const signed = await sign({ content: { texts: [c.message] }, signType: 'registration', includeR: true });
      const idn = $('idn').value.replace(/\\D/g, '');
      $('idn').value = '';
      return post('/api/register', { nonce: c.nonce, signedData: signed.signedData, rValue: signed.rValue, idn, customerId: $('customer').value.trim() });
    });
  });
}

if (page === 'transfer') {
  let issued = null;
  $('transfer-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      issued = await post('/api/transfer', { from: $('from').value, to: $('to').value, amount: $('amount').value, memo: $('memo').value });
      $('transfer-text').textContent = issued.message;
      $('to-sign').hidden = false;
      $('verdict').replaceChildren();
    } catch (e) {
      showError(e);
    }
  });
  $('sign-transfer').addEventListener('click', () => {
    if (!issued) return;
    const t = issued;
    run(async () => {
      const signed = await sign({ content: { texts: [t.message] }, signType: 'transfer' });
      return post('/api/transfer/confirm', { nonce: t.nonce, signedData: signed.signedData });
    });
  });
}
`;
