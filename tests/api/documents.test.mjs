// A case's documents over HTTP (issue 15, docs/documents.md): 受理回执 when accepted, 补正告知书 for
// each 补正, 不予受理/不予许可决定书 when refused or rejected, 办结通知书 when completed — each
// appearing at its step and not before (404), as JSON for the printable page and as a PDF whose
// text, read back with pdftotext, says what it must (the case number, the items, the deferred
// materials with their due dates, the reason, the 60 days and 6 months of the decision's rights).
// Read by those who read the case; verified by anyone with the code under its QR, nothing
// personal in the answer, failures counted per address; the deployment's words set by an admin.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { req, login, assertError, itemCase, uploadPdf, dayAfter, DEMO_PERSON, DEMO_ENTERPRISE } from './lib.mjs';

const FOOD = 'QD-SCJG-XK-0005'; // 食品经营许可证核发 (市场监管局): 主要设备设施清单 may be deferred
const SHOP = 'QD-SCJG-XK-0004'; // 个体工商户登记 (市场监管局)
const salt = randomBytes(6).toString('hex');

const CLASS = { 401: 'unauthenticated', 403: 'forbidden', 404: 'not_found', 422: 'invalid', 429: 'rate_limited' };
function refused(r, status, reason, field) {
  const e = assertError(r, status, CLASS[status], field);
  assert.equal(e.reason, reason, r.text);
  return e;
}

// GET a case's document as `who` (a login, or null for nobody): status, headers, bytes, JSON.
async function get(who, caseId, name, query = '') {
  const headers = who ? { authorization: `Bearer ${await login(who)}` } : {};
  const res = await fetch(`${process.env.YW_URL}/api/v1/cases/${caseId}/documents/${name}${query}`, { headers });
  const bytes = Buffer.from(await res.arrayBuffer());
  const json = (res.headers.get('content-type') || '').includes('json') ? JSON.parse(bytes.toString()) : null;
  return { status: res.status, headers: res.headers, bytes, json, text: bytes.toString('utf8').slice(0, 400) };
}

// A PDF's text as pdftotext reads it, with every space and line break taken out: a layout may
// break a line anywhere.
async function pdfText(who, caseId, kind, query = '') {
  const r = await get(who, caseId, `${kind}.pdf`, query);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.headers.get('content-type'), 'application/pdf');
  assert.equal(r.bytes.subarray(0, 5).toString(), '%PDF-');
  return execFileSync('pdftotext', ['-enc', 'UTF-8', '-', '-'], { input: r.bytes }).toString().replace(/\s+/g, '');
}

async function list(who, caseId) {
  const r = await req('GET', `/api/v1/cases/${caseId}/documents`, { token: await login(who) });
  assert.equal(r.status, 200, r.text);
  return r.json.documents;
}

// 2026-12-08 as a document writes it: 2026年12月8日
const words = (date) => `${date.slice(0, 4)}年${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;

async function submit(token, code) {
  const r = await req('POST', '/api/v1/cases', { token, body: await itemCase(token, code) });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

let address = 0;
// a client address of its own for each check (the server trusts X-Forwarded-For from the tests)
function client() {
  address++;
  return { 'x-forwarded-for': `198.19.${Math.floor(address / 250)}.${(address % 250) + 1}` };
}
const verify = (code, headers = client()) => req('GET', `/api/v1/documents/verify?code=${encodeURIComponent(code)}`, { headers });

const DEFAULTS = { office: '青岛市政务服务中心', contact: '咨询电话：0532-12345（工作日 9:00—17:00）', review_body: '青岛市人民政府',
  court: '有管辖权的人民法院', public_url: '' };
after(async () => { // the deployment's words as the demo has them, for the tests after these
  await req('PUT', '/api/v1/document-settings', { token: await login('admin'), body: DEFAULTS });
});

let food, foodReceipt;

test('a submitted case has no document yet: the list is empty, each kind 404 naming it, an unknown kind 404', async () => {
  const person = await login(DEMO_PERSON);
  food = await submit(person, FOOD);
  assert.deepEqual(await list(DEMO_PERSON, food.id), []);
  for (const [kind, zh] of [['receipt', '受理回执'], ['correction-notice', '补正告知书'], ['decision', '决定书'], ['completion', '办结通知书']]) {
    const e = refused(await get(DEMO_PERSON, food.id, `${kind}.pdf`), 404, 'document_not_issued', 'kind');
    assert.equal(e.message, `此办件尚无${zh}`);
    refused(await get(DEMO_PERSON, food.id, kind), 404, 'document_not_issued', 'kind');
  }
  refused(await get(DEMO_PERSON, food.id, 'licence.pdf'), 404, 'document_kind', 'kind');
  refused(await get(DEMO_PERSON, 'NO-SUCH-CASE', 'receipt.pdf'), 404, 'case_not_found');
  refused(await get(DEMO_PERSON, food.id, 'receipt.pdf', '?serial=0'), 422, 'field_range', 'serial');
});

test('accepted with a material deferred: the receipt names the number, the item, what was received, the deferred one with its due date, the promised date and whom to ask', async () => {
  const due = dayAfter(20);
  const r = await req('POST', `/api/v1/cases/${food.id}/accept`, { token: await login('clerk'),
    body: { deferred: [{ material: '主要设备设施清单', due_date: due, due_reason: '设备清单待供货商出具' }] } });
  assert.equal(r.status, 200, r.text);
  const docs = await list(DEMO_PERSON, food.id);
  assert.equal(docs.length, 1);
  foodReceipt = docs[0];
  assert.deepEqual([foodReceipt.kind, foodReceipt.serial, foodReceipt.title, foodReceipt.office, foodReceipt.number, foodReceipt.current],
    ['receipt', 1, '受理回执', '青岛市市场监督管理局', r.json.number, true]);
  assert.match(foodReceipt.code, /^[0-9A-HJKMNP-TV-Z]{16}$/);
  assert.match(foodReceipt.sha256, /^[0-9a-f]{64}$/);
  const text = await pdfText(DEMO_PERSON, food.id, 'receipt');
  for (const said of ['青岛市市场监督管理局', '受理回执', `办件编号：${r.json.number}`, '张三：', '食品经营许可证核发',
    '食品经营许可申请书', '主要设备设施清单：请于', `${words(due)}前补交`, '容缺受理', `本机关承诺于${words(r.json.deadline)}前办结`,
    '0532-12345', `验证码：${foodReceipt.code.match(/.{4}/g).join('-')}`, `/verify.html?code=${foodReceipt.code}`])
    assert.ok(text.includes(said), `the receipt says ${said}: ${text}`);
  // the page's JSON: the same words, the address the QR opens and its modules
  const page = await get(DEMO_PERSON, food.id, 'receipt');
  assert.equal(page.status, 200, page.text);
  assert.equal(page.json.verify_url, `${process.env.YW_URL}/verify.html?code=${foodReceipt.code}`);
  assert.ok(page.json.qr.length >= 21 && page.json.qr.every((row) => row.length === page.json.qr.length && /^[01]+$/.test(row)));
  assert.deepEqual(page.json.content.blocks[0], ['to', '张三：']);
  assert.ok(page.json.content.blocks.some(([type, t]) => type === 'li' && t === `主要设备设施清单：请于${words(due)}前补交`));
});

test('the PDF: an attachment under its Chinese name (RFC 5987), the same bytes every time, never cached', async () => {
  const a = await get(DEMO_PERSON, food.id, 'receipt.pdf');
  const b = await get('clerk', food.id, 'receipt.pdf');
  assert.equal(a.headers.get('content-disposition'),
    `attachment; filename="${food.number}-receipt-1.pdf"; filename*=UTF-8''${encodeURIComponent(`受理回执-${food.number}.pdf`)}`);
  assert.equal(a.headers.get('cache-control'), 'no-store');
  assert.deepEqual(a.bytes, b.bytes, 'rendered from what was recorded: the same document, the same bytes');
});

test('who reads a document: the applicant, clerks, the task\'s department, supervisors; not another department, another applicant or nobody', async () => {
  for (const who of [DEMO_PERSON, 'clerk', 'officer', 'supervisor', 'admin'])
    assert.equal((await get(who, food.id, 'receipt.pdf')).status, 200, who);
  refused(await get('officer-sw', food.id, 'receipt.pdf'), 403, 'case_not_visible');
  refused(await get(DEMO_ENTERPRISE, food.id, 'receipt.pdf'), 403, 'case_not_visible');
  refused(await req('GET', `/api/v1/cases/${food.id}/documents`, { token: await login(DEMO_ENTERPRISE) }), 403, 'case_not_visible');
  refused(await get(null, food.id, 'receipt.pdf'), 401, 'login_required');
});

test('each 补正 is a notice of its own: what to replace and correct with the reasons; a later one supersedes the earlier', async () => {
  const officer = await login('officer');
  const task = (await req('GET', `/api/v1/cases/${food.id}`, { token: officer })).json.tasks.find((t) => t.kind === 'review');
  refused(await get(DEMO_PERSON, food.id, 'correction-notice.pdf'), 404, 'document_not_issued', 'kind');
  const reason = `请补正申请书 ${salt}`;
  let r = await req('POST', `/api/v1/tasks/${task.id}/correct`, { token: officer, body: { reason,
    materials: [{ name: '食品经营许可申请书', reason: '申请书缺少法定代表人签字' }] } });
  assert.equal(r.status, 200, r.text);
  let text = await pdfText(DEMO_PERSON, food.id, 'correction-notice');
  for (const said of ['补正告知书', food.number, '一次性告知', reason.replace(/\s+/g, ''), '需重新提交的材料', '食品经营许可申请书：申请书缺少法定代表人签字'])
    assert.ok(text.includes(said), `the notice says ${said}: ${text}`);
  // resubmitted, then asked again: notice 2, and notice 1 is no longer the current one
  const person = await login(DEMO_PERSON);
  r = await req('POST', `/api/v1/cases/${food.id}/resubmit`, { token: person, body: {
    materials: [{ name: '食品经营许可申请书', upload: await uploadPdf(person, '申请书（签字）.pdf', `signed ${salt}`) }] } });
  assert.equal(r.status, 200, r.text);
  r = await req('POST', `/api/v1/tasks/${task.id}/correct`, { token: officer, body: { reason: '再次补正',
    fields: [{ key: 'address.detail', reason: '缺少门牌号' }] } });
  assert.equal(r.status, 200, r.text);
  const notices = (await list(DEMO_PERSON, food.id)).filter((d) => d.kind === 'correction-notice');
  assert.deepEqual(notices.map((d) => [d.serial, d.current]), [[1, false], [2, true]]);
  text = await pdfText(DEMO_PERSON, food.id, 'correction-notice');
  assert.ok(text.includes('需更正的填报内容') && text.includes('详细地址：缺少门牌号') && !text.includes(salt), text);
  assert.ok((await pdfText(DEMO_PERSON, food.id, 'correction-notice', '?serial=1')).includes(salt));
  refused(await get(DEMO_PERSON, food.id, 'correction-notice.pdf', '?serial=3'), 404, 'document_serial', 'serial');
  // the verification says which is current
  const first = await verify(notices[0].code);
  assert.equal(first.status, 200, first.text);
  assert.equal(first.json.current, false);
  // answered, so that the task can be decided
  r = await req('POST', `/api/v1/cases/${food.id}/resubmit`, { token: person, body: { form: { 'address.detail': '青岛市市南区香港中路10号甲' } } });
  assert.equal(r.status, 200, r.text);
});

test('a rejected task: 不予许可决定书 with the reason and the rights — 行政复议 in 60 days, 行政诉讼 in 6 months, and where', async () => {
  const admin = await login('admin');
  const court = `青岛市市南区人民法院${salt}`;
  let r = await req('PUT', '/api/v1/document-settings', { token: admin, body: { ...DEFAULTS, court } });
  assert.equal(r.status, 200, r.text);
  const officer = await login('officer');
  const task = (await req('GET', `/api/v1/cases/${food.id}`, { token: officer })).json.tasks.find((t) => t.kind === 'review');
  const reason = `经营场所与食品安全要求不符 ${salt}`;
  r = await req('POST', `/api/v1/tasks/${task.id}/reject`, { token: officer, body: { reason } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.state, 'rejected');
  const text = await pdfText(DEMO_PERSON, food.id, 'decision');
  for (const said of ['不予许可决定书', food.number, '食品经营许可证核发', reason.replace(/\s+/g, ''), '本机关决定不予许可',
    '60日内向青岛市人民政府申请行政复议', `6个月内向${court}提起行政诉讼`])
    assert.ok(text.includes(said), `the decision says ${said}: ${text}`);
  // a case that ends wholly rejected has its decision, not a completion notice
  refused(await get(DEMO_PERSON, food.id, 'completion.pdf'), 404, 'document_not_issued', 'kind');
  assert.deepEqual((await list(DEMO_PERSON, food.id)).map((d) => d.kind),
    ['receipt', 'correction-notice', 'correction-notice', 'decision']);
  // the settings changed since: the receipt keeps the words it was issued with
  assert.deepEqual((await get(DEMO_PERSON, food.id, 'receipt.pdf')).bytes, (await get('clerk', food.id, 'receipt.pdf')).bytes);
});

test('a refused case: 不予受理决定书 with the clerk\'s reason and the rights; no receipt', async () => {
  const c = await submit(await login(DEMO_PERSON), SHOP);
  const reason = `经营范围不属于本事项 ${salt}`;
  const r = await req('POST', `/api/v1/cases/${c.id}/refuse`, { token: await login('clerk'), body: { reason } });
  assert.equal(r.status, 200, r.text);
  const text = await pdfText(DEMO_PERSON, c.id, 'decision');
  for (const said of ['不予受理决定书', c.number, '个体工商户登记', reason.replace(/\s+/g, ''), '本机关决定不予受理', '60日内', '行政复议', '6个月内', '行政诉讼'])
    assert.ok(text.includes(said), `the decision says ${said}: ${text}`);
  refused(await get(DEMO_PERSON, c.id, 'receipt.pdf'), 404, 'document_not_issued', 'kind');
});

test('a completed case: 办结通知书 with the result of each item', async () => {
  const c = await submit(await login(DEMO_PERSON), SHOP);
  let r = await req('POST', `/api/v1/cases/${c.id}/accept`, { token: await login('clerk'), body: {} });
  assert.equal(r.status, 200, r.text);
  refused(await get(DEMO_PERSON, c.id, 'completion.pdf'), 404, 'document_not_issued', 'kind');
  const task = r.json.tasks.find((t) => t.kind === 'review');
  r = await req('POST', `/api/v1/tasks/${task.id}/approve`, { token: await login('officer') });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.state, 'completed');
  const text = await pdfText(DEMO_PERSON, c.id, 'completion');
  for (const said of ['办结通知书', c.number, '已于', '办结', '个体工商户登记（青岛市市场监督管理局）：准予办理'])
    assert.ok(text.includes(said), `the notice says ${said}: ${text}`);
});

test('anyone verifies a code: the kind, the number, the office, the day, current — nothing personal; typed in lower case with dashes too', async () => {
  const r = await verify(foodReceipt.code);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json, { kind: 'receipt', title: '受理回执', serial: 1, office: '青岛市市场监督管理局', number: food.number,
    case_title: '食品经营许可证核发', issued_on: foodReceipt.issued_on, current: true });
  assert.ok(!r.text.includes('张三') && !r.text.includes(DEMO_PERSON) && !/签字|[0-9A-HJKMNP-TV-Z]{26}/.test(r.text), r.text);
  const typed = await verify(foodReceipt.code.toLowerCase().match(/.{4}/g).join('-'));
  assert.deepEqual(typed.json, r.json);
  refused(await verify('ABC'), 422, 'document_code', 'code');
  refused(await verify('UUUUUUUUUUUUUUUU'), 422, 'document_code', 'code');
  const unknown = refused(await verify('0000000000000000'), 404, 'document_code_unknown', 'code');
  assert.match(unknown.message, /没有查到/);
});

test('verification failures are counted per address: past ten, that address is refused even a right code; another is not', async () => {
  const me = client();
  for (let i = 0; i < 10; i++) refused(await verify(`ZZZZZZZZZZZZZZ${String(i).padStart(2, '0')}`, me), 404, 'document_code_unknown', 'code');
  refused(await verify(foodReceipt.code, me), 429, 'document_verify_locked');
  assert.equal((await verify(foodReceipt.code)).status, 200);
  // a known code forgets its attempt: an address verifying real documents is never locked out
  const honest = client();
  for (let i = 0; i < 12; i++) assert.equal((await verify(foodReceipt.code, honest)).status, 200);
});

test('the deployment\'s words: staff read them, only an admin changes them, checked; a public address goes into the QR', async () => {
  refused(await req('GET', '/api/v1/document-settings', { token: await login(DEMO_PERSON) }), 403, 'role_required');
  const read = await req('GET', '/api/v1/document-settings', { token: await login('clerk') });
  assert.equal(read.status, 200, read.text);
  assert.equal(read.json.review_body, '青岛市人民政府');
  refused(await req('PUT', '/api/v1/document-settings', { token: await login('clerk'), body: DEFAULTS }), 403, 'role_required');
  const admin = await login('admin');
  refused(await req('PUT', '/api/v1/document-settings', { token: admin, body: { ...DEFAULTS, public_url: 'ftp://x' } }),
    422, 'document_public_url', 'public_url');
  refused(await req('PUT', '/api/v1/document-settings', { token: admin, body: { ...DEFAULTS, public_url: 'https://a.cn/verify' } }),
    422, 'document_public_url', 'public_url');
  refused(await req('PUT', '/api/v1/document-settings', { token: admin, body: { ...DEFAULTS, court: '  ' } }), 422, 'field_blank', 'court');
  const r = await req('PUT', '/api/v1/document-settings', { token: admin, body: { ...DEFAULTS, public_url: 'https://zwfw.example.cn' } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.public_url, 'https://zwfw.example.cn');
  const page = await get(DEMO_PERSON, food.id, 'receipt');
  assert.equal(page.json.verify_url, `https://zwfw.example.cn/verify.html?code=${foodReceipt.code}`);
  assert.ok((await pdfText(DEMO_PERSON, food.id, 'receipt')).includes(`https://zwfw.example.cn/verify.html?code=${foodReceipt.code}`));
  const back = await req('PUT', '/api/v1/document-settings', { token: admin, body: DEFAULTS });
  assert.equal(back.json.public_url, null);
});
