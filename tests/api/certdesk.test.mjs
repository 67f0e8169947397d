// 企业身份码 and the officers' desk over HTTP (issue 16): an enterprise's page as anyone reads it
// — its name, USCC, status and the certificates valid now, each with its type, number, end and
// where to verify it, nothing else — and as its own account does (every certificate with its
// state and reason, the way to its benefits); a deregistered enterprise says so and shows none;
// the QR (PNG, read back by zbarimg; SVG) opens the page; a USCC that is none is refused naming
// it. The issue form's holder number checked as it is typed: the error issuing would give, in
// Chinese, and an enterprise's registered name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { req, login, assertError, uploadPdf, uscc, idNumber, DEMO_PERSON, DEMO_ENTERPRISE } from './lib.mjs';

const NAME = '青岛海川数字科技有限公司';
const page = (code, token) => req('GET', `/api/v1/entities/${code}/public`, { token });

async function licence(body = {}) {
  const r = await req('POST', '/api/v1/certificates', { token: await login('officer'), body: {
    type: 'SPJY', holder: DEMO_ENTERPRISE, holder_name: NAME, fields: { 'entity.name': NAME, 'food.items': '热食类食品制售' }, ...body } });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

test('anyone reads the enterprise page: name, USCC, status and the valid certificates, nothing else', async () => {
  const valid = await licence();
  const suspended = await licence();
  assert.equal((await req('POST', `/api/v1/certificates/${suspended.id}/suspend`, { token: await login('officer'), body: { reason: '停业整顿' } })).status, 200);
  const expired = await licence({ valid_from: '2019-01-01', valid_until: '2020-12-31' });
  const r = await page(DEMO_ENTERPRISE);
  assert.equal(r.status, 200, r.text);
  const e = r.json;
  assert.deepEqual(Object.keys(e).sort(), ['certificates', 'deregistered_on', 'name', 'owner', 'page_url', 'status', 'uscc']);
  assert.equal(e.name, NAME);
  assert.equal(e.uscc, DEMO_ENTERPRISE);
  assert.equal(e.status, 'active');
  assert.equal(e.owner, false);
  assert.match(e.page_url, new RegExp(`/entity\\.html\\?uscc=${DEMO_ENTERPRISE}$`));
  const ids = e.certificates.map((c) => c.id);
  assert.ok(ids.includes(valid.id), 'the valid licence');
  assert.ok(!ids.includes(suspended.id), 'not a suspended one');
  assert.ok(!ids.includes(expired.id), 'not an expired one');
  assert.ok(e.certificates.some((c) => c.type.name === '营业执照'), 'the demo\'s business licence');
  for (const c of e.certificates) {
    assert.deepEqual(Object.keys(c).sort(), ['id', 'number', 'type', 'valid_until', 'verify_url'], JSON.stringify(c));
    assert.equal(c.verify_url, `${e.page_url.split('/entity.html')[0]}/verify.html?cert=${c.id}`);
  }
  const mine = e.certificates.find((c) => c.id === valid.id);
  assert.equal(mine.number, valid.number);
  assert.equal(mine.valid_until, valid.valid_until);
  assert.equal(mine.type.name, '食品经营许可证');
  // logged in as someone else — staff, a person, another enterprise — it is the same public view
  for (const who of ['officer', DEMO_PERSON]) {
    const o = await page(DEMO_ENTERPRISE, await login(who));
    assert.equal(o.status, 200, o.text);
    assert.equal(o.json.owner, false);
    assert.ok(!o.json.certificates.some((c) => c.id === suspended.id));
  }
});

test('the enterprise itself sees every certificate it holds with its state and reason, and its benefits', async () => {
  const c = await licence();
  const officer = await login('officer');
  assert.equal((await req('POST', `/api/v1/certificates/${c.id}/revoke`, { token: officer, body: { reason: '以欺骗手段取得许可' } })).status, 200);
  const r = await page(DEMO_ENTERPRISE, await login(DEMO_ENTERPRISE));
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.owner, true);
  assert.equal(r.json.benefits_url, '/#benefits');
  const mine = r.json.certificates.find((x) => x.id === c.id);
  assert.ok(mine, 'the revoked licence is in the owner\'s view');
  assert.equal(mine.state, 'revoked');
  assert.equal(mine.status, 'revoked');
  assert.equal(mine.reason, '以欺骗手段取得许可');
  assert.equal(mine.identifier, c.identifier);
  assert.equal(mine.credential, undefined, 'the page carries no credential');
  // the public does not see it
  assert.ok(!(await page(DEMO_ENTERPRISE)).json.certificates.some((x) => x.id === c.id));
});

test('the QR opens the page: a PNG zbarimg reads back, an SVG', async () => {
  const e = (await page(DEMO_ENTERPRISE)).json;
  const png = await fetch(`${process.env.YW_URL}/api/v1/entities/${DEMO_ENTERPRISE}/code.png`);
  assert.equal(png.status, 200);
  assert.equal(png.headers.get('content-type'), 'image/png');
  const dir = mkdtempSync(join(tmpdir(), 'yw-ecode-'));
  writeFileSync(join(dir, 'code.png'), Buffer.from(await png.arrayBuffer()));
  const url = execFileSync('zbarimg', ['--raw', '-q', join(dir, 'code.png')]).toString().trim();
  assert.equal(url, e.page_url);
  const svg = await fetch(`${process.env.YW_URL}/api/v1/entities/${DEMO_ENTERPRISE}/code.svg?scale=4`);
  assert.equal(svg.status, 200);
  assert.equal(svg.headers.get('content-type'), 'image/svg+xml');
  assert.match(await svg.text(), /<svg[\s\S]*<path/);
  // a scale out of range is refused naming it
  assertError(await req('GET', `/api/v1/entities/${DEMO_ENTERPRISE}/code.png?scale=99`), 422, 'invalid', 'scale');
});

test('a USCC that is none is refused naming it; one nobody registered is not found', async () => {
  let e = assertError(await page(DEMO_ENTERPRISE.slice(0, 17) + 'M'), 422, 'invalid', 'uscc');
  assert.match(e.message, /校验位/);
  e = assertError(await page('123'), 422, 'invalid', 'uscc');
  assertError(await req('GET', `/api/v1/entities/123/code.png`), 422, 'invalid', 'uscc');
  e = assertError(await page(uscc('91370202', 'MA9XXX9X')), 404, 'not_found', 'uscc');
  assert.equal(e.reason, 'entity_not_found');
});

test('a deregistered enterprise says so and shows no valid certificate', async () => {
  const officer = await login('officer');
  const code = uscc('92370211', `MA0E${String(Date.now() % 10000).padStart(4, '0')}`);
  const name = `青岛市黄岛区身份码注销测试店${code.slice(-4)}`;
  let r = await req('POST', '/api/v1/entities', { token: officer, body: {
    uscc: code, name, kind: 'individual_business', legal_rep: '王五', capital_fen: 100000, industry: '5292',
    region: '370211', established_on: '2020-03-01', scale: 'micro', employees: 2, revenue_fen: 0, rd_ratio_bp: 0,
    labels: [], credit: 'B' } });
  assert.equal(r.status, 201, r.text);
  r = await req('POST', '/api/v1/certificates', { token: officer, body: { type: 'SPJY', holder: code, holder_name: name } });
  assert.equal(r.status, 201, r.text);
  assert.equal((await page(code)).json.certificates.length, 1);
  const doc = await uploadPdf(officer, '清算报告.pdf', `清算报告 ${code}`);
  r = await req('POST', `/api/v1/entities/${code}/deregistration`, { token: officer, body: { mode: 'ordinary', reason: '股东会决议解散', document: doc } });
  assert.equal(r.status, 200, r.text);
  r = await page(code);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status, 'deregistered');
  assert.match(r.json.deregistered_on, /^\d{4}-\d\d-\d\d$/);
  assert.deepEqual(r.json.certificates, []);
});

test('the holder number as it is typed: the error issuing would give, in Chinese; an enterprise\'s registered name', async () => {
  const officer = await login('officer');
  const check = (body, token = officer) => req('POST', '/api/v1/certificates/check', { token, body });
  let r = await check({ type: 'SPJY', holder: DEMO_ENTERPRISE.slice(0, 17) + 'M' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.errors.length, 1);
  assert.equal(r.json.errors[0].field, 'holder');
  assert.equal(r.json.errors[0].reason, 'cert_holder_uscc');
  assert.match(r.json.errors[0].message, /统一社会信用代码/);
  assert.equal(r.json.registered_name, null);
  // issuing says the same
  const issued = await req('POST', '/api/v1/certificates', { token: officer, body: { type: 'SPJY', holder: DEMO_ENTERPRISE.slice(0, 17) + 'M', holder_name: NAME } });
  assert.equal(assertError(issued, 422, 'invalid', 'holder').message, r.json.errors[0].message);
  r = await check({ type: '食品经营许可证', holder: DEMO_ENTERPRISE });
  assert.deepEqual(r.json, { errors: [], registered_name: NAME });
  // a valid USCC nobody registered: no error, no name
  r = await check({ type: 'SPJY', holder: uscc('91370202', 'MA9XXX9X') });
  assert.deepEqual(r.json, { errors: [], registered_name: null });
  // a person's type takes an ID number (an admin: every department's types)
  const admin = await login('admin');
  r = await check({ type: 'CJRZ', holder: DEMO_ENTERPRISE }, admin);
  assert.equal(r.json.errors[0].reason, 'cert_holder_id');
  r = await check({ type: 'CJRZ', holder: idNumber('37020219800101001') }, admin);
  assert.deepEqual(r.json, { errors: [], registered_name: null });
  // in English when asked
  r = await req('POST', '/api/v1/certificates/check', { token: officer, body: { type: 'SPJY', holder: '123' }, headers: { 'accept-language': 'en' } });
  assert.match(r.json.errors[0].message, /USCC/);
  // an unknown type is the request's error; an applicant may not ask; nobody must log in
  assertError(await check({ type: '结婚证书', holder: DEMO_ENTERPRISE }), 404, 'not_found', 'type');
  assertError(await check({ type: 'SPJY', holder: DEMO_ENTERPRISE }, await login(DEMO_PERSON)), 403, 'forbidden');
  assertError(await req('POST', '/api/v1/certificates/check', { body: { type: 'SPJY', holder: DEMO_ENTERPRISE } }), 401, 'unauthenticated');
  assertError(await check({ type: 'SPJY' }), 422, 'invalid', 'holder');
});
