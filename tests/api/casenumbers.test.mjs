// Case numbers (办件编号) and the public lookup (办件查询) over HTTP: a submitted case carries a
// number of region, Beijing day and serial, in its JSON and in lists; numbers are unique and
// consecutive; the lookup without login finds the case by number and the applicant's ID tail,
// in Chinese or English, without names; a wrong pair is one 404 whichever half was wrong; a
// malformed one 422 naming the field; ten failures from one address lock that address out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { req, login, assertError, itemCase, DEMO_PERSON, DEMO_ENTERPRISE } from './lib.mjs';

const ITEM = 'QD-SCJG-XK-0004'; // 个体工商户登记: its form names the region (address.region)
const PERSON = await login(DEMO_PERSON);

// Beijing's day of now, as YYYYMMDD
function beijingDay() {
  return new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10).replaceAll('-', '');
}

let address = 0;
// a client address of its own for each check (the server trusts X-Forwarded-For from the tests)
function client() {
  address++;
  return { 'x-forwarded-for': `198.18.${Math.floor(address / 250)}.${(address % 250) + 1}` };
}

async function lookup(number, tail, headers = client()) {
  const q = new URLSearchParams();
  if (number !== undefined) q.set('number', number);
  if (tail !== undefined) q.set('id_tail', tail);
  return req('GET', `/api/v1/case-status?${q}`, { headers });
}

async function submit(token, region) {
  const body = await itemCase(token, ITEM);
  if (region) body.form['address.region'] = region;
  const r = await req('POST', '/api/v1/cases', { token, body });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

test('a case is numbered by the region its form names, the day in Beijing and a serial', async () => {
  const a = await submit(PERSON, '370212');
  const b = await submit(PERSON, '370212');
  const c = await submit(PERSON, '370203');
  for (const k of [a, b, c]) assert.match(k.number, /^\d{19}$/);
  assert.equal(a.number.slice(0, 14), `370212${beijingDay()}`);
  assert.equal(c.number.slice(0, 14), `370203${beijingDay()}`);
  // consecutive within a region and day
  assert.equal(Number(b.number.slice(14)), Number(a.number.slice(14)) + 1);
  assert.notEqual(a.number, b.number);
  // in the case, in my list, and nowhere instead of the id
  const one = await req('GET', `/api/v1/cases/${a.id}`, { token: PERSON });
  assert.equal(one.json.number, a.number);
  const list = await req('GET', '/api/v1/cases?mine=true&limit=50', { token: PERSON });
  assert.equal(list.json.cases.find((k) => k.id === b.id).number, b.number);
});

test('a case whose form names no region is numbered under its department\'s region', async () => {
  const enterprise = await login(DEMO_ENTERPRISE);
  const body = await itemCase(enterprise, 'QD-SCJG-XK-0002'); // 变更登记: no region field
  const r = await req('POST', '/api/v1/cases', { token: enterprise, body });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.number.slice(0, 14), `370200${beijingDay()}`);
});

test('numbers stay unique under submissions at once', async () => {
  const bodies = await Promise.all(Array.from({ length: 12 }, () => itemCase(PERSON, ITEM)));
  const rs = await Promise.all(bodies.map((body) => {
    body.form['address.region'] = '370211';
    return req('POST', '/api/v1/cases', { token: PERSON, body });
  }));
  for (const r of rs) assert.equal(r.status, 201, r.text);
  const serials = rs.map((r) => Number(r.json.number.slice(14))).sort((x, y) => x - y);
  assert.equal(new Set(serials).size, 12);
  assert.equal(serials[11] - serials[0], 11); // consecutive: none skipped, none twice
});

test('the public lookup: the number and the ID tail show the state and steps, nothing personal', async () => {
  const k = await submit(PERSON, '370202');
  const clerk = await login('clerk');
  const acc = await req('POST', `/api/v1/cases/${k.id}/accept`, { token: clerk, body: {} });
  assert.equal(acc.status, 200, acc.text);
  const r = await lookup(k.number, DEMO_PERSON.slice(-6));
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.number, k.number);
  assert.equal(r.json.title, '个体工商户登记');
  assert.equal(r.json.state, 'in_progress');
  assert.equal(r.json.state_text, '办理中');
  assert.deepEqual(r.json.steps.map((s) => s.step),
    ['提交申请', '已受理', '进入审查办理', '青岛市市场监督管理局：开始审查（个体工商户登记）',
      '青岛市市场监督管理局：开始核查承诺事项（个体工商户登记）']);
  for (const s of r.json.steps) assert.match(s.date, /^\d{4}-\d{2}-\d{2}$/);
  // no names, no ids, no form
  assert.doesNotMatch(r.text, new RegExp(`${k.id}|${DEMO_PERSON}|${k.applicant.name}|窗口|officer|clerk`));
  assert.equal(r.json.form, undefined);
  // in English by Accept-Language
  const en = await req('GET', `/api/v1/case-status?number=${k.number}&id_tail=${DEMO_PERSON.slice(-6)}`,
    { headers: { ...client(), 'accept-language': 'en' } });
  assert.equal(en.status, 200, en.text);
  assert.equal(en.json.state_text, 'in progress');
  assert.equal(en.json.steps[0].step, 'application submitted');
  // an X in an ID number may be typed in lower case
  const lower = await lookup(k.number, DEMO_PERSON.slice(-6).toLowerCase());
  assert.equal(lower.status, 200, lower.text);
});

test('the lookup refuses a wrong pair with one answer, and a malformed one naming the field', async () => {
  const k = await submit(PERSON, '370202');
  const wrongTail = await lookup(k.number, '000000');
  const e1 = assertError(wrongTail, 404, 'not_found');
  assert.equal(e1.reason, 'case_status_not_found');
  const otherNumber = `${k.number.slice(0, 14)}99999`;
  const e2 = assertError(await lookup(otherNumber, DEMO_PERSON.slice(-6)), 404, 'not_found');
  assert.equal(e2.message, e1.message); // which half was wrong is not told
  assert.equal(assertError(await lookup('12345', '123456'), 422, 'invalid', 'number').reason, 'case_status_number');
  assert.equal(assertError(await lookup(k.number, '12-456'), 422, 'invalid', 'id_tail').reason, 'case_status_id_tail');
  assert.equal(assertError(await lookup(k.number, '1234567'), 422, 'invalid', 'id_tail').reason, 'case_status_id_tail');
  assertError(await lookup(undefined, '123456'), 422, 'invalid', 'number');
});

test('ten failed lookups from one address within 15 minutes lock that address out', async () => {
  const k = await submit(PERSON, '370202');
  const tail = DEMO_PERSON.slice(-6);
  const me = client();
  // a right answer is no failure
  assert.equal((await lookup(k.number, tail, me)).status, 200);
  for (let i = 0; i < 10; i++) assertError(await lookup(k.number, '000000', me), 404, 'not_found');
  const locked = await lookup(k.number, tail, me);
  assert.equal(assertError(locked, 429, 'rate_limited').reason, 'case_status_locked');
  // another address is not locked out
  assert.equal((await lookup(k.number, tail)).status, 200);
});
