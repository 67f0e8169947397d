// The message centre over HTTP: a case told to the people it concerns — the applicant learns of
// its acceptance, a 补正 and its decision, the department's officers of the task waiting for them
// — each message in Chinese and English, the unread count, marking one or all read, others'
// messages out of reach, the declared input refused; the SMS of a 补正 queued in the outbox and
// delivered by the outbox.deliver job (to the command tests/api/run.sh gives the server).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { req, login, assertError, itemCase, DEMO_PERSON, DEMO_ENTERPRISE } from './lib.mjs';

const ITEM = 'QD-SCJG-XK-0004'; // 市场监管局

const messages = async (token, q = '', headers = {}) => {
  const r = await req('GET', `/api/v1/messages${q}`, { token, headers });
  assert.equal(r.status, 200, r.text);
  return r.json;
};

test('a case tells the applicant and the department, in both languages', async () => {
  const [person, clerk, officer, other] = [await login(DEMO_PERSON), await login('clerk'), await login('officer'),
    await login('officer-sw')];
  const before = await messages(person);
  const officerBefore = await messages(officer);
  const otherBefore = await messages(other);
  const s = await req('POST', '/api/v1/cases', { token: person, body: await itemCase(person, ITEM) });
  assert.equal(s.status, 201, s.text);
  const a = await req('POST', `/api/v1/cases/${s.json.id}/accept`, { token: clerk, body: {} });
  assert.equal(a.status, 200, a.text);

  const mine = await messages(person);
  assert.equal(mine.total, before.total + 1);
  assert.equal(mine.unread, before.unread + 1);
  const accepted = mine.messages[0];
  assert.equal(accepted.title, '办件已受理');
  assert.equal(accepted.body, `您申请的“${a.json.title}（${a.json.number}）”已受理，将于${a.json.deadline}前办结。`);
  assert.equal(accepted.link, `/#case/${s.json.id}`);
  assert.equal(accepted.read, false);
  const en = await messages(person, '', { 'accept-language': 'en' });
  assert.equal(en.messages[0].title, 'Your application has been accepted');

  // the officers of 市场监管局 learn of the task; another department's do not
  const theirs = await messages(officer);
  assert.equal(theirs.total, officerBefore.total + 1);
  assert.equal(theirs.messages[0].title, '新的待办任务');
  assert.match(theirs.messages[0].body, /申请人：张三/);
  assert.equal(theirs.messages[0].link, `/office.html#case/${s.json.id}`);
  assert.equal((await messages(other)).total, otherBefore.total);

  // 补正: a message and an SMS to the applicant's phone
  const review = a.json.tasks.find((t) => t.kind === 'review');
  const c = await req('POST', `/api/v1/tasks/${review.id}/correct`, { token: officer, body: { reason: '请补充经营场所证明' } });
  assert.equal(c.status, 200, c.text);
  const corr = (await messages(person)).messages[0];
  assert.equal(corr.title, '办件需要补正');
  assert.match(corr.body, /请补充经营场所证明/);
  const admin = await login('admin');
  const queued = await req('GET', '/api/v1/outbox', { token: admin });
  assert.equal(queued.status, 200, queued.text);
  const sms = queued.json.outbox.find((o) => o.text.includes('请补充经营场所证明'));
  assert.ok(sms, queued.text);
  assert.equal(sms.recipient, '13900000005');
  assert.equal(sms.channel, 'sms');
  assert.match(sms.text, /^【一网通办】办件需要补正：/);
  assertError(await req('GET', '/api/v1/outbox', { token: person }), 403, 'forbidden');
  assertError(await req('GET', '/api/v1/outbox?state=lost', { token: admin }), 422, 'invalid', 'state');

  // the delivery job queued with it sends it (to the log) and records it sent, once
  let sent;
  for (let i = 0; i < 100 && !sent; i++) {
    const all = await req('GET', '/api/v1/outbox?state=sent', { token: admin });
    sent = all.json.outbox.find((o) => o.id === sms.id);
    if (!sent) await new Promise((r) => setTimeout(r, 100));
  }
  assert.ok(sent, 'the SMS is delivered');
  assert.equal(sent.attempts, 1);
  assert.ok(sent.sent_at);
  const jobs = await req('GET', '/api/v1/jobs', { token: admin });
  assert.ok(jobs.json.jobs.some((j) => j.kind === 'outbox.deliver' && j.state === 'done'), jobs.text);

  // the applicant resubmits, the officers are told; approval tells the applicant of the decision
  assert.equal((await req('POST', `/api/v1/cases/${s.json.id}/resubmit`, { token: person, body: {} })).status, 200);
  assert.equal((await messages(officer)).messages[0].title, '补正材料已提交');
  assert.equal((await req('POST', `/api/v1/tasks/${review.id}/approve`, { token: officer })).status, 200);
  const done = (await messages(person)).messages[0];
  assert.equal(done.title, '办件已办结');
  assert.equal(done.body, `您申请的“${a.json.title}（${a.json.number}）”已办结，结果：准予办理。欢迎对本次服务作出评价。`);
  const doneEn = (await messages(person, "", { "accept-language": "en" })).messages[0];
  assert.equal(doneEn.body, `Your application “${a.json.title}（${a.json.number}）” has been decided: approved. Please rate the service.`);
});

test('read one, read all; nobody reads or marks another account\'s messages', async () => {
  const person = await login(DEMO_PERSON);
  const ent = await login(DEMO_ENTERPRISE);
  const list = await messages(person, '?limit=2');
  assert.equal(list.messages.length, 2);
  const unread = list.messages.find((m) => !m.read) ?? list.messages[0];
  const one = await req('POST', '/api/v1/messages/read', { token: person, body: { ids: [unread.id] } });
  assert.equal(one.status, 200, one.text);
  const after = await messages(person);
  assert.equal(after.messages.find((m) => m.id === unread.id).read, true);
  // another account's id is not found, and changes nothing
  const theirs = await req('POST', '/api/v1/messages/read', { token: ent, body: { ids: [unread.id] } });
  assertError(theirs, 404, 'not_found', '/ids/0');
  // the declared input: ids or all; ids a list of strings
  assertError(await req('POST', '/api/v1/messages/read', { token: person, body: {} }), 422, 'invalid', 'ids');
  assertError(await req('POST', '/api/v1/messages/read', { token: person, body: { ids: 'x' } }), 422, 'invalid', 'ids');
  assertError(await req('POST', '/api/v1/messages/read', { token: person, raw: '{"all":' }), 400, 'bad_request');
  assertError(await req('GET', '/api/v1/messages?limit=0', { token: person }), 422, 'invalid', 'limit');
  assertError(await req('GET', '/api/v1/messages'), 401, 'unauthenticated');
  const all = await req('POST', '/api/v1/messages/read', { token: person, body: { all: true } });
  assert.equal(all.status, 200, all.text);
  assert.equal(all.json.marked, after.unread);
  assert.equal((await messages(person)).unread, 0);
});

test('a 差评 tells its department to verify and rectify it', async () => {
  const [person, clerk, officer] = [await login(DEMO_PERSON), await login('clerk'), await login('officer')];
  const s = await req('POST', '/api/v1/cases', { token: person, body: await itemCase(person, ITEM) });
  const a = await req('POST', `/api/v1/cases/${s.json.id}/accept`, { token: clerk, body: {} });
  assert.equal((await req('POST', `/api/v1/tasks/${a.json.tasks.find((t) => t.kind === 'review').id}/approve`, { token: officer })).status, 200);
  const r = await req('POST', `/api/v1/cases/${s.json.id}/ratings`, { token: person, body: { channel: 'online', aspects: { overall: 'very_dissatisfied' } } });
  assert.equal(r.status, 201, r.text);
  const m = (await messages(officer)).messages[0];
  assert.equal(m.title, '差评待整改');
  assert.equal(m.body, `“${a.json.title}（${a.json.number}）”收到差评，请于${r.json.rectification.deadline}前核实整改。`);
  assert.equal(m.link, `/office.html#rect/${r.json.rectification.id}`);
});
