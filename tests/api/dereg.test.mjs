// Deregistration that rests on something, and 简易注销's public notice with objections (issue 15):
// 普通注销 refused without its reason or its document, naming each, and kept with both; 简易注销
// answered as a notice that runs until its last day, never as 已注销; the notices read by anyone
// without logging in, paged, nothing personal; an objection filed by anyone — bad input refused
// naming the field, an entity not on notice or a notice over refused, five an hour from one
// address — reaching the regulator's message centre and inbox; the regulator's decision both ways
// (dismissed: the notice goes on; upheld: the entity is as before and the notice's other
// objections close), once only, by the regulators only; completion held while one is pending.
// A second server on the same store, its clock 25 days back, puts an entity on a notice that is
// over today.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { req, login, assertError, uscc, uploadPdf, DEMO_ENTERPRISE } from './lib.mjs';

const DAY = 86400000;
const beijingDay = (ms) => new Date(ms + 8 * 3600000).toISOString().slice(0, 10);
const TODAY = beijingDay(Date.now());
const IN_20 = beijingDay(Date.now() + 20 * DAY);

const back = { dir: null, pid: null, url: null };
before(() => {
  back.dir = mkdtempSync(join(tmpdir(), 'yiwang-dereg-'));
  const here = new URL('../..', import.meta.url).pathname;
  const started = spawnSync('bash', [join(here, 'tests/start-server.sh'), process.env.YW_BIN, process.env.YW_DB, join(here, 'web'),
    join(back.dir, 'url'), '--clock', `${beijingDay(Date.now() - 25 * DAY)}T10:00`, '--trusted-proxy', '127.0.0.1/32,::1'],
  { stdio: 'inherit', env: { ...process.env, YW_SERVER_LOG: join(back.dir, 'log') } });
  assert.equal(started.status, 0, 'the second server starts');
  back.pid = Number(readFileSync(join(back.dir, 'url.pid'), 'utf8'));
  back.url = readFileSync(join(back.dir, 'url'), 'utf8').trim();
});
after(() => {
  if (back.pid) { try { process.kill(back.pid, 'SIGTERM'); } catch { /* gone */ } }
  if (back.dir) rmSync(back.dir, { recursive: true, force: true });
});

async function earlier(method, path, { token, body, headers = {} } = {}) {
  const h = { ...headers };
  if (token) h.authorization = `Bearer ${token}`;
  if (body !== undefined) h['content-type'] = 'application/json';
  const res = await fetch(back.url + path, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null, text };
}

let address = 0;
// a client address of its own for each objector (the server trusts X-Forwarded-For from the tests)
function client() {
  address++;
  return { 'x-forwarded-for': `198.19.${Math.floor(address / 250)}.${(address % 250) + 1}` };
}

let serial = 0;
// A new entity of the registry, registered by the regulator.
async function newEntity(officer, name) {
  serial++;
  const code = uscc('92370211', `MA00D${String(serial).padStart(2, '0')}K`);
  const r = await req('POST', '/api/v1/entities', { token: officer, body: {
    uscc: code, name, kind: 'individual_business', legal_rep: '王五', capital_fen: 100000, industry: '5292',
    region: '370211', established_on: '2020-03-01', scale: 'micro', employees: 2, revenue_fen: 0, rd_ratio_bp: 0,
    labels: [], credit: 'B' } });
  assert.equal(r.status, 201, r.text);
  return code;
}

const simple = (token, code) => req('POST', `/api/v1/entities/${code}/deregistration`, { token, body: { mode: 'simple' } });
const objection = { reason: '该店尚欠本人货款八千元未结清，请暂缓注销。', name: '李四', contact: '13905320000' };
const object = (code, body = objection, headers = client()) =>
  req('POST', `/api/v1/dereg-notices/${code}/objections`, { body, headers });

test('普通注销 rests on a reason and a document, each refused naming it when missing, and keeps both', async () => {
  const officer = await login('officer');
  const code = await newEntity(officer, '青岛市黄岛区普通注销测试店');
  const path = `/api/v1/entities/${code}/deregistration`;
  let e = assertError(await req('POST', path, { token: officer, body: { mode: 'ordinary' } }), 422, 'invalid', 'reason');
  assert.equal(e.reason, 'dereg_reason_required');
  e = assertError(await req('POST', path, { token: officer, body: { mode: 'ordinary', reason: '股东会决议解散' } }), 422, 'invalid', 'document');
  assert.equal(e.reason, 'dereg_document_required');
  assert.match(e.message, /清算报告/);
  // a file someone else uploaded is not one the regulator rests it on
  const persons = await uploadPdf(await login(DEMO_ENTERPRISE), '别人的文件.pdf', `someone else's ${code}`);
  assertError(await req('POST', path, { token: officer, body: { mode: 'ordinary', reason: '股东会决议解散', document: persons } }),
    422, 'invalid', 'document');
  // nothing changed
  const still = await req('GET', `/api/v1/entities/${code}`, { token: officer });
  assert.equal(still.json.status, 'active');
  assert.equal(still.json.deregistration, null);
  const doc = await uploadPdf(officer, '清算报告.pdf', `清算报告 ${code}`);
  const r = await req('POST', path, { token: officer, body: { mode: 'ordinary', reason: '股东会决议解散', document: doc } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status, 'deregistered');
  assert.equal(r.json.outcome, `已注销，注销日期${TODAY}`);
  const got = await req('GET', `/api/v1/entities/${code}`, { token: await login('clerk') });
  assert.equal(got.json.deregistration.mode, 'ordinary');
  assert.equal(got.json.deregistration.reason, '股东会决议解散');
  assert.equal(got.json.deregistration.document.sha256, doc);
  assert.equal(got.json.deregistration.document.name, '清算报告.pdf');
  assert.equal(got.json.deregistration.document.media_type, 'application/pdf');
  assert.ok(got.json.changes.some((c) => c.field === 'dereg_reason' && c.after === '股东会决议解散'));
  // the regulator opens the document
  const file = await req('GET', `/api/v1/uploads/${doc}`, { token: officer });
  assert.equal(file.status, 200);
  assert.equal(file.headers.get('content-type'), 'application/pdf');
});

test('简易注销 is answered as a notice until its last day, which anyone reads without logging in', async () => {
  const officer = await login('officer');
  const code = await newEntity(officer, '青岛市黄岛区简易注销公告测试店');
  const r = await simple(officer, code);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status, 'deregistering');
  assert.equal(r.json.notice_until, IN_20);
  assert.equal(r.json.outcome, `简易注销公告已发布，公告期至${IN_20}（20天）；期满无异议后方可完成注销`);
  assert.doesNotMatch(r.json.outcome, /已注销|已办理注销/);
  const en = await fetch(`${process.env.YW_URL}/api/v1/entities/${code}/deregistration`, { method: 'POST',
    headers: { authorization: `Bearer ${officer}`, 'content-type': 'application/json', 'accept-language': 'en' }, body: '{"mode":"simple"}' });
  assert.equal(en.status, 409); // on notice already: once
  const all = await req('GET', '/api/v1/dereg-notices?limit=100');
  assert.equal(all.status, 200, all.text);
  assert.equal(all.json.notice_days, 20);
  const n = all.json.notices.find((x) => x.uscc === code);
  assert.deepEqual(n, { uscc: code, name: '青岛市黄岛区简易注销公告测试店', started_on: TODAY, notice_until: IN_20,
    office: '青岛市市场监督管理局' });
  assert.doesNotMatch(all.text, /王五/); // nothing personal
  // paged
  const one = await req('GET', '/api/v1/dereg-notices?limit=1&offset=0');
  assert.equal(one.json.notices.length, 1);
  assert.equal(one.json.total, all.json.total);
  assertError(await req('GET', '/api/v1/dereg-notices?limit=0'), 422, 'invalid', 'limit');
  const got = await req('GET', `/api/v1/entities/${code}`, { token: officer });
  assert.equal(got.json.deregistration.mode, 'simple');
  assert.equal(got.json.deregistration.state, 'notice');
  assert.equal(got.json.deregistration.started_on, TODAY);
  assert.equal(got.json.deregistration.office, '青岛市市场监督管理局');
});

test('an objection: bad input refused naming its field and changing nothing; a receipt for a good one', async () => {
  const officer = await login('officer');
  const code = await newEntity(officer, '青岛市黄岛区异议输入测试店');
  const active = await newEntity(officer, '青岛市黄岛区存续测试店');
  assert.equal((await simple(officer, code)).status, 200);
  const bad = async (body, field, reason) => {
    const e = assertError(await object(code, body), 422, 'invalid', field);
    assert.equal(e.reason, reason);
    return e;
  };
  const e = await bad({ ...objection, reason: '太短了' }, 'reason', 'objection_reason_length');
  assert.equal(e.message, '异议理由应为10至1000个字');
  await bad({ ...objection, reason: '很'.repeat(1001) }, 'reason', 'objection_reason_length');
  await bad({ reason: objection.reason, contact: objection.contact }, 'name', 'objection_name');
  await bad({ ...objection, contact: '12345' }, 'contact', 'objection_contact');
  await bad({ ...objection, contact: '1390532000' }, 'contact', 'objection_contact');
  await bad({ ...objection, contact: 'someone@' }, 'contact', 'objection_contact');
  assertError(await object(code, { ...objection, extra: 1 }), 422, 'invalid', 'extra');
  assertError(await object(uscc('92370211', 'MA00YY9A')), 404, 'not_found', 'uscc');
  assert.equal(assertError(await object(active), 409, 'conflict', 'uscc').reason, 'dereg_not_on_notice');
  const officerToken = officer;
  assert.equal((await req('GET', `/api/v1/entities/${code}/objections`, { token: officerToken })).json.objections.length, 0);
  // good ones: a mobile, a landline with its area code, an email
  for (const contact of ['13905320000', '0532-88886666', 'li.si@example.cn']) {
    const r = await object(code, { ...objection, contact });
    assert.equal(r.status, 201, r.text);
    assert.match(r.json.receipt, new RegExp(`^${TODAY.replaceAll('-', '')}\\d{6}$`));
    assert.equal(r.json.state, 'pending');
    assert.equal(r.json.notice_until, IN_20);
    assert.equal(r.json.contact, undefined); // nothing of the objector echoed
  }
  const list = await req('GET', `/api/v1/entities/${code}/objections`, { token: officerToken });
  assert.equal(list.json.objections.length, 3);
  assert.equal(new Set(list.json.objections.map((o) => o.receipt)).size, 3);
  assert.equal(list.json.objections[0].objector, '李四');
  // in English
  const en = await fetch(`${process.env.YW_URL}/api/v1/dereg-notices/${code}/objections`, { method: 'POST',
    headers: { ...client(), 'content-type': 'application/json', 'accept-language': 'en' }, body: JSON.stringify({ ...objection, contact: 'x' }) });
  assert.equal((await en.json()).error.message, 'the contact is a mobile number (11 digits), a landline with its area code or an email address');
});

test('an objection reaches the regulator: a message and an inbox item; only the regulators read it', async () => {
  const officer = await login('officer');
  const code = await newEntity(officer, '青岛市黄岛区异议通知测试店');
  assert.equal((await simple(officer, code)).status, 200);
  const r = await object(code);
  assert.equal(r.status, 201, r.text);
  const msgs = (await req('GET', '/api/v1/messages?limit=100', { token: officer })).json.messages;
  const m = msgs.find((x) => x.kind === 'dereg.objection' && x.body.includes(code));
  assert.ok(m, 'the regulator is told');
  assert.equal(m.title, '简易注销异议待处理');
  assert.equal(m.body, `“青岛市黄岛区异议通知测试店”（统一社会信用代码${code}）的简易注销公告收到异议（回执号${r.json.receipt}），请在公告期满（${IN_20}）前核实，认定异议是否成立。`);
  assert.match(m.link, /^\/registry\.html#objection\/[0-9A-Z]{26}$/);
  const other = await login('officer-sw');
  const theirs = (await req('GET', '/api/v1/messages?limit=100', { token: other })).json.messages;
  assert.ok(!theirs.some((x) => x.kind === 'dereg.objection'));
  const inbox = await req('GET', '/api/v1/inbox?limit=200', { token: officer });
  const item = inbox.json.items.find((x) => x.kind === 'objection' && x.title === '青岛市黄岛区异议通知测试店');
  assert.ok(item, inbox.text);
  assert.equal(item.detail, '李四');
  assert.equal(item.deadline, IN_20);
  assert.equal(item.department, '青岛市市场监督管理局');
  assert.ok(!(await req('GET', '/api/v1/inbox?limit=200', { token: other })).json.items.some((x) => x.kind === 'objection'));
  // roles: the objection and the list are the regulators'
  const id = m.link.split('/').pop();
  assert.equal((await req('GET', `/api/v1/dereg-objections/${id}`, { token: officer })).json.receipt, r.json.receipt);
  assertError(await req('GET', `/api/v1/dereg-objections/${id}`, { token: other }), 403, 'forbidden');
  assertError(await req('GET', `/api/v1/dereg-objections/${id}`), 401, 'unauthenticated');
  assertError(await req('GET', `/api/v1/entities/${code}/objections`, { token: await login(DEMO_ENTERPRISE) }), 403, 'forbidden');
  assertError(await req('GET', '/api/v1/dereg-objections/01JZZZZZZZZZZZZZZZZZZZZZZZ', { token: officer }), 404, 'not_found');
});

test('the regulator decides: dismissed keeps the notice, upheld stops it and closes the rest; once; regulators only', async () => {
  const officer = await login('officer');
  const code = await newEntity(officer, '青岛市黄岛区异议处理测试店');
  assert.equal((await simple(officer, code)).status, 200);
  const ids = [];
  for (let i = 0; i < 3; i++) assert.equal((await object(code)).status, 201);
  for (const o of (await req('GET', `/api/v1/entities/${code}/objections`, { token: officer })).json.objections) ids.push(o.id);
  const decide = (id, body, token = officer) => req('POST', `/api/v1/dereg-objections/${id}/decision`, { token, body });
  // roles, and a dismissal needs its reason
  assertError(await decide(ids[0], { decision: 'dismissed', reason: '经核实已结清' }, await login('officer-sw')), 403, 'forbidden');
  assertError(await decide(ids[0], { decision: 'dismissed', reason: '经核实已结清' }, await login(DEMO_ENTERPRISE)), 403, 'forbidden');
  assertError(await decide(ids[0], { decision: 'dismissed', reason: '经核实已结清' }, null), 401, 'unauthenticated');
  assert.equal(assertError(await decide(ids[0], { decision: 'dismissed' }), 422, 'invalid', 'reason').reason, 'objection_dismiss_reason');
  assertError(await decide(ids[0], { decision: 'maybe' }), 422, 'invalid', 'decision');
  // 异议不成立: recorded with the reason; the notice goes on
  const d = await decide(ids[0], { decision: 'dismissed', reason: '经核实货款已结清' });
  assert.equal(d.status, 200, d.text);
  assert.equal(d.json.objection.state, 'dismissed');
  assert.equal(d.json.objection.decision_note, '经核实货款已结清');
  assert.equal(d.json.entity.status, 'deregistering');
  const again = assertError(await decide(ids[0], { decision: 'upheld' }), 409, 'conflict');
  assert.equal(again.reason, 'objection_state');
  assert.match(again.message, /异议不成立/);
  // 异议成立: the entity is as before, the notice stopped, the third objection closed with it
  const u = await decide(ids[1], { decision: 'upheld', reason: '债务尚未清偿' });
  assert.equal(u.status, 200, u.text);
  assert.equal(u.json.objection.state, 'upheld');
  assert.equal(u.json.entity.status, 'active');
  assert.equal(u.json.entity.notice_until, null);
  const after = (await req('GET', `/api/v1/entities/${code}/objections`, { token: officer })).json.objections;
  assert.equal(after.find((o) => o.id === ids[2]).state, 'closed');
  assert.equal(assertError(await decide(ids[2], { decision: 'upheld' }), 409, 'conflict').reason, 'objection_state');
  const got = await req('GET', `/api/v1/entities/${code}`, { token: officer });
  assert.equal(got.json.deregistration.state, 'stopped');
  assert.ok(got.json.changes.some((c) => c.field === 'objection' && c.after === '债务尚未清偿'));
  assert.ok(!(await req('GET', '/api/v1/dereg-notices?limit=100')).json.notices.some((n) => n.uscc === code));
  assert.ok(!(await req('GET', '/api/v1/inbox?limit=200', { token: officer })).json.items.some((x) => x.kind === 'objection' && x.title === '青岛市黄岛区异议处理测试店'));
  // the audit has each step
  const audit = await req('GET', `/api/v1/audit?object_type=dereg_objection&object_id=${ids[1]}&limit=50`, { token: await login('admin') });
  assert.equal(audit.status, 200, audit.text);
  assert.deepEqual(audit.json.entries.map((x) => x.action).sort(), ['entity.objection_file', 'entity.objection_uphold']);
});

test('a notice that is over takes no objection, and one made in time holds completion until decided', async () => {
  const officer = await login('officer');
  const code = await newEntity(officer, '青岛市黄岛区公告期满测试店');
  // on notice 25 days ago: its last day was five days ago
  const backOfficer = (await earlier('POST', '/api/v1/session', { body: { login: 'officer', password: 'yiwang2026' } })).json.token;
  const r = await earlier('POST', `/api/v1/entities/${code}/deregistration`, { token: backOfficer, body: { mode: 'simple' } });
  assert.equal(r.status, 200, r.text);
  const last = r.json.notice_until;
  assert.equal(last, beijingDay(Date.now() - 5 * DAY));
  // in time then, on that day's server
  const inTime = await earlier('POST', `/api/v1/dereg-notices/${code}/objections`, { body: objection, headers: client() });
  assert.equal(inTime.status, 201, inTime.text);
  // over today: refused saying so, and not listed
  const late = assertError(await object(code), 409, 'conflict');
  assert.equal(late.reason, 'dereg_notice_over');
  assert.equal(late.message, `简易注销公告期已于${last}届满，不能再提出异议`);
  assert.ok(!(await req('GET', '/api/v1/dereg-notices?limit=100')).json.notices.some((n) => n.uscc === code));
  // 期满无异议后方可完成注销: the pending one holds it
  const held = assertError(await req('POST', `/api/v1/entities/${code}/deregistration/complete`, { token: officer }), 409, 'conflict');
  assert.equal(held.reason, 'dereg_objections_pending');
  assert.equal(held.message, '简易注销公告收到的1件异议尚未处理，处理后方可完成注销');
  const [o] = (await req('GET', `/api/v1/entities/${code}/objections`, { token: officer })).json.objections;
  assert.equal((await req('POST', `/api/v1/dereg-objections/${o.id}/decision`, { token: officer,
    body: { decision: 'dismissed', reason: '异议人与该店无债权关系' } })).status, 200);
  const done = await req('POST', `/api/v1/entities/${code}/deregistration/complete`, { token: officer });
  assert.equal(done.status, 200, done.text);
  assert.equal(done.json.status, 'deregistered');
  assert.equal((await req('GET', `/api/v1/entities/${code}`, { token: officer })).json.deregistration.state, 'done');
});

test('five objections an hour from one address; the sixth is refused, another address is not', async () => {
  const officer = await login('officer');
  const code = await newEntity(officer, '青岛市黄岛区异议限流测试店');
  assert.equal((await simple(officer, code)).status, 200);
  const me = client();
  // a refused one counts nothing
  assertError(await object(code, { ...objection, contact: 'x' }, me), 422, 'invalid', 'contact');
  for (let i = 0; i < 5; i++) assert.equal((await object(code, objection, me)).status, 201);
  const e = assertError(await object(code, objection, me), 429, 'rate_limited');
  assert.equal(e.reason, 'objection_rate_limited');
  assert.equal(e.message, '此网络地址提交的异议过多，请60分钟后再试');
  assert.equal((await object(code)).status, 201);
  assert.equal((await req('GET', `/api/v1/entities/${code}/objections`, { token: officer })).json.objections.length, 6);
});
