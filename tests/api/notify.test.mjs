// Every step that needs someone tells them, linked to the thing it is about: the applicant hears
// 受理 (by SMS too), 补正, 不予受理 and 办结 on their case page; the department's officers hear
// the task waiting, the corrections handed in and the 督办 on the case in the 办件工作台, the 差评
// on its rectification (by SMS too); the clerk who filed a case at the window for its applicant
// (帮办代办) hears what comes back to it — 补正 asked, 不予受理 by another clerk, 办结, a 容缺
// material falling due — each in Chinese and English, and nobody else does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { req, login, itemCase, dayAfter, DEMO_PERSON } from './lib.mjs';

const ITEM = 'QD-SCJG-XK-0004'; // 市场监管局, no materials
const DEFERRABLE = 'QD-SCJG-XK-0005'; // takes a material deferred (容缺)

const messages = async (token, lang) => {
  const r = await req('GET', '/api/v1/messages?limit=100', { token, headers: lang ? { 'accept-language': lang } : {} });
  assert.equal(r.status, 200, r.text);
  return r.json.messages;
};
// the messages of `kind` about `subject` (a case's or a task's id)
const about = async (token, kind, subject, lang) => (await messages(token, lang)).filter((m) => m.kind === kind && m.subject_id === subject);
const outbox = async () => (await req('GET', '/api/v1/outbox?limit=200', { token: await login('admin') })).json.outbox;

// a second window clerk, made once by the administrator
let second = null;
async function secondClerk() {
  if (second) return second;
  const body = { kind: 'staff', login: 'window-notify', name: '窗口人员 周敏', department: 'QD-XZSP', roles: ['clerk'],
    password: 'secret-pass-2' };
  const r = await req('POST', '/api/v1/accounts', { token: await login('admin'), body });
  assert.equal(r.status, 201, r.text);
  second = await login('window-notify', 'secret-pass-2');
  return second;
}

// a case of `code` the clerk files at the window for the demo person (帮办代办)
async function atWindow(clerk, code) {
  const person = (await req('GET', '/api/v1/me', { token: await login(DEMO_PERSON) })).json.id;
  const s = await req('POST', '/api/v1/cases', { token: clerk, body: { ...(await itemCase(clerk, code)), on_behalf_of: person } });
  assert.equal(s.status, 201, s.text);
  assert.equal(s.json.on_behalf, true);
  return s.json;
}

test('the applicant hears 受理 by message and SMS, linked to the case page', async () => {
  const [person, clerk] = [await login(DEMO_PERSON), await login('clerk')];
  const s = await req('POST', '/api/v1/cases', { token: person, body: await itemCase(person, ITEM) });
  assert.equal(s.status, 201, s.text);
  const a = await req('POST', `/api/v1/cases/${s.json.id}/accept`, { token: clerk, body: {} });
  assert.equal(a.status, 200, a.text);
  const [m] = await about(person, 'case.accepted', s.json.id);
  assert.equal(m.link, `/#case/${s.json.id}`);
  const sms = (await outbox()).find((o) => o.text === `【一网通办】办件已受理：${m.body}`);
  assert.ok(sms, 'the acceptance goes by SMS to the applicant\'s phone');
  assert.equal(sms.recipient, '13900000005');
});

test('the officers\' messages open the case in the 办件工作台, an urging too', async () => {
  const [person, clerk, officer, supervisor] = [await login(DEMO_PERSON), await login('clerk'), await login('officer'),
    await login('supervisor')];
  const s = await req('POST', '/api/v1/cases', { token: person, body: await itemCase(person, ITEM) });
  const a = await req('POST', `/api/v1/cases/${s.json.id}/accept`, { token: clerk, body: {} });
  const task = a.json.tasks.find((t) => t.kind === 'review');
  const [waiting] = await about(officer, 'task.waiting', task.id);
  assert.equal(waiting.link, `/office.html#case/${s.json.id}`);
  assert.equal(waiting.subject_type, 'case_task');
  const u = await req('POST', `/api/v1/tasks/${task.id}/urge`, { token: supervisor, body: { note: '请今日办结' } });
  assert.equal(u.status, 201, u.text);
  const [urged] = await about(officer, 'task.urged', task.id);
  assert.equal(urged.link, `/office.html#case/${s.json.id}`);
  assert.equal((await req('POST', `/api/v1/tasks/${task.id}/correct`, { token: officer, body: { reason: '请补正' } })).status, 200);
  assert.equal((await req('POST', `/api/v1/cases/${s.json.id}/resubmit`, { token: person, body: {} })).status, 200);
  const [back] = await about(officer, 'case.resubmitted', task.id);
  assert.equal(back.link, `/office.html#case/${s.json.id}`);
});

test('a 差评 tells its department by message and SMS, linked to its rectification', async () => {
  const [person, clerk, officer, admin] = [await login(DEMO_PERSON), await login('clerk'), await login('officer'), await login('admin')];
  // an officer of 市场监管局 with a phone, to receive the SMS
  const body = { kind: 'staff', login: 'officer-notify', name: '市场监管局审批人员 孙悦', department: 'QD-SCJG',
    roles: ['officer'], password: 'secret-pass-3', phone: '13800000077' };
  const made = await req('POST', '/api/v1/accounts', { token: admin, body });
  assert.equal(made.status, 201, made.text);
  const s = await req('POST', '/api/v1/cases', { token: person, body: await itemCase(person, ITEM) });
  const a = await req('POST', `/api/v1/cases/${s.json.id}/accept`, { token: clerk, body: {} });
  assert.equal((await req('POST', `/api/v1/tasks/${a.json.tasks.find((t) => t.kind === 'review').id}/approve`, { token: officer })).status, 200);
  const r = await req('POST', `/api/v1/cases/${s.json.id}/ratings`, { token: person, body: { channel: 'online', aspects: { overall: 'very_dissatisfied' } } });
  assert.equal(r.status, 201, r.text);
  const rect = r.json.rectification;
  const [m] = await about(await login('officer-notify', 'secret-pass-3'), 'rectification.waiting', rect.id);
  assert.equal(m.link, `/office.html#rect/${rect.id}`);
  assert.equal(m.body, `“${a.json.title}（${a.json.number}）”收到差评，请于${rect.deadline}前核实整改。`);
  const sms = (await outbox()).find((o) => o.recipient === '13800000077' && o.text === `【一网通办】差评待整改：${m.body}`);
  assert.ok(sms, 'the 差评 goes by SMS to the department\'s officer');
});

test('the clerk who filed a case at the window hears its 补正 and its 办结, in both languages', async () => {
  const [clerk, officer, person] = [await login('clerk'), await login('officer'), await login(DEMO_PERSON)];
  const c = await atWindow(clerk, ITEM);
  const a = await req('POST', `/api/v1/cases/${c.id}/accept`, { token: clerk, body: {} });
  assert.equal(a.status, 200, a.text);
  const task = a.json.tasks.find((t) => t.kind === 'review');
  const name = `${c.title}（${c.number}）`;
  // accepting it is the clerk's own act: nothing back to the clerk, the applicant hears it
  assert.deepEqual(await about(clerk, 'case.accepted', c.id), []);
  assert.equal((await about(person, 'case.accepted', c.id)).length, 1);

  const k = await req('POST', `/api/v1/tasks/${task.id}/correct`, { token: officer, body: { reason: '经营场所证明不清晰' } });
  assert.equal(k.status, 200, k.text);
  const [corr] = await about(clerk, 'window.correct', c.id);
  assert.equal(corr.title, '帮办办件需要补正');
  assert.equal(corr.body, `您在窗口为张三提交的“${name}”需要补正：经营场所证明不清晰。请告知申请人补正。`);
  assert.equal(corr.link, `/office.html#case/${c.id}`);
  assert.equal(corr.subject_type, 'case');
  const [corrEn] = await about(clerk, 'window.correct', c.id, 'en');
  assert.equal(corrEn.title, 'A case you filed needs corrections');
  assert.equal(corrEn.body, `“${name}”, which you filed at the window for 张三, needs corrections: 经营场所证明不清晰. Please tell the applicant.`);
  // the applicant hears it too, and another clerk does not
  assert.equal((await about(person, 'case.correct', c.id)).length, 1);
  assert.deepEqual(await about(await secondClerk(), 'window.correct', c.id), []);

  assert.equal((await req('POST', `/api/v1/cases/${c.id}/resubmit`, { token: clerk, body: {} })).status, 200);
  assert.equal((await req('POST', `/api/v1/tasks/${task.id}/reject`, { token: officer, body: { reason: '不符合条件' } })).status, 200);
  const [done] = await about(clerk, 'window.completed', c.id);
  assert.equal(done.title, '帮办办件已办结');
  assert.equal(done.body, `您在窗口为张三提交的“${name}”已办结，结果：不予许可。`);
  const [doneEn] = await about(clerk, 'window.completed', c.id, 'en');
  assert.equal(doneEn.body, `“${name}”, which you filed at the window for 张三, has been decided: not approved.`);
  assert.equal(done.link, `/office.html#case/${c.id}`);
  // nothing of this by SMS to the clerk
  assert.equal((await outbox()).filter((o) => o.recipient === '13800000002' && o.text.includes(c.number)).length, 0);
});

test('the filing clerk hears of 不予受理 by another clerk, not of their own; an applicant\'s own case tells no clerk', async () => {
  const clerk = await login('clerk');
  const c = await atWindow(clerk, ITEM);
  const r = await req('POST', `/api/v1/cases/${c.id}/refuse`, { token: await secondClerk(), body: { reason: '不属于本级受理范围' } });
  assert.equal(r.status, 200, r.text);
  const [m] = await about(clerk, 'window.refused', c.id);
  assert.equal(m.title, '帮办办件不予受理');
  assert.equal(m.body, `您在窗口为张三提交的“${c.title}（${c.number}）”不予受理。原因：不属于本级受理范围`);
  assert.equal(m.link, `/office.html#case/${c.id}`);

  const own = await atWindow(clerk, ITEM);
  assert.equal((await req('POST', `/api/v1/cases/${own.id}/refuse`, { token: clerk, body: { reason: '材料不齐' } })).status, 200);
  assert.deepEqual(await about(clerk, 'window.refused', own.id), []);

  const person = await login(DEMO_PERSON);
  const s = await req('POST', '/api/v1/cases', { token: person, body: await itemCase(person, ITEM) });
  assert.equal((await req('POST', `/api/v1/cases/${s.json.id}/refuse`, { token: await secondClerk(), body: { reason: '材料不齐' } })).status, 200);
  assert.deepEqual((await messages(clerk)).filter((m) => m.subject_id === s.json.id), []);
  assert.equal((await about(person, 'case.refused', s.json.id)).length, 1);
});

test('a 容缺 material falling due tells the applicant and the clerk who filed the case, once', async () => {
  const clerk = await login('clerk');
  const person = await login(DEMO_PERSON);
  const c = await atWindow(clerk, DEFERRABLE);
  const owed = (await req('GET', `/api/v1/cases/${c.id}`, { token: clerk })).json.materials.find((m) => m.provided_as === 'deferred');
  assert.ok(owed, 'the item takes a material deferred');
  const due = dayAfter(1); // within three working days whatever today is
  const a = await req('POST', `/api/v1/cases/${c.id}/accept`, { token: clerk, body: { deferred: [{ material: owed.name, due_date: due }] } });
  assert.equal(a.status, 200, a.text);
  const run = () => execFileSync(process.env.YW_BIN, ['jobs', 'run', 'deferred.remind', '--db', process.env.YW_DB],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  assert.match(run(), /deferred\.remind done/);
  assert.match(run(), /"sent":0/);
  const mine = await about(person, 'deferred.due', c.id);
  assert.equal(mine.length, 1);
  assert.equal(mine[0].link, `/#case/${c.id}`);
  const theirs = await about(clerk, 'window.deferred_due', c.id);
  assert.equal(theirs.length, 1);
  assert.equal(theirs[0].title, '帮办办件容缺材料即将到期');
  assert.equal(theirs[0].body, `您在窗口为张三提交的“${c.title}（${c.number}）”容缺后补的“${owed.name}”须于${due}前补交，请提醒申请人。`);
  assert.equal(theirs[0].link, `/office.html#case/${c.id}`);
});
