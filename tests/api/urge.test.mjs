// 超期督办 and 督办 over HTTP (GET /api/v1/overdue/tasks, POST /api/v1/tasks/{id}/urge): a case
// submitted and accepted 45 days ago — on a second server on the same store whose clock was set
// back (`serve --clock`), so that everything written today stays the newest — is not overdue that
// day; today its task is listed — department, nobody yet as officer, working days
// over, paged in SQL — and urged by the supervisor: counted, its last note kept, the department's
// officers told (the other department's not), the inbox item marked, the case's history showing
// it; refused for a blank note, for an officer, once the task is decided (409 naming the state).
// 差评整改 lists carry the rating's words and tags. The job deferred.remind tells the applicant
// once of a 容缺 material due within three working days.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { req, login, assertError, itemCase, DEMO_PERSON } from './lib.mjs';

const ITEM = 'QD-SCJG-XK-0004'; // 市场监管局, one promised working day, no materials
const DAY = 86400000;
const beijingDay = (ms) => new Date(ms + 8 * 3600000).toISOString().slice(0, 10);

// a second server on the same store, its clock 45 days before today (Beijing) at 10:00
const back = { dir: null, pid: null, url: null };
before(() => {
  back.dir = mkdtempSync(join(tmpdir(), 'yiwang-urge-'));
  const here = new URL('../..', import.meta.url).pathname;
  const started = spawnSync('bash', [join(here, 'tests/start-server.sh'), process.env.YW_BIN, process.env.YW_DB, join(here, 'web'),
    join(back.dir, 'url'), '--clock', `${beijingDay(Date.now() - 45 * DAY)}T10:00`],
  { stdio: 'inherit', env: { ...process.env, YW_SERVER_LOG: join(back.dir, 'log') } });
  assert.equal(started.status, 0, 'the second server starts');
  back.pid = Number(readFileSync(join(back.dir, 'url.pid'), 'utf8'));
  back.url = readFileSync(join(back.dir, 'url'), 'utf8').trim();
});
after(() => {
  if (back.pid) { try { process.kill(back.pid, 'SIGTERM'); } catch { /* gone */ } }
  if (back.dir) rmSync(back.dir, { recursive: true, force: true });
});

// A request to the server 45 days back, and a login there (its clock is before today's sessions).
async function earlier(method, path, { token, body } = {}) {
  const headers = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(back.url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null, text };
}

const earlierTokens = new Map();
async function loginEarlier(name) {
  if (!earlierTokens.has(name)) {
    const r = await earlier('POST', '/api/v1/session', { body: { login: name, password: 'yiwang2026' } });
    assert.equal(r.status, 201, r.text);
    earlierTokens.set(name, r.json.token);
  }
  return earlierTokens.get(name);
}

const overdueAt = async (get, token, q) => {
  const r = await get('GET', `/api/v1/overdue/tasks${q}`, { token });
  assert.equal(r.status, 200, r.text);
  return r.json;
};
const find = (list, id) => list.tasks.find((x) => x.id === id);

test('an overdue task is listed, urged with a note, its department told; refused when it may not be', async () => {
  const [person, clerk] = [await loginEarlier(DEMO_PERSON), await loginEarlier('clerk')];
  const [officer, other, supervisor] = [await login('officer'), await login('officer-sw'), await login('supervisor')];
  const s = await earlier('POST', '/api/v1/cases', { token: person, body: await itemCase(await login(DEMO_PERSON), ITEM) });
  assert.equal(s.status, 201, s.text);
  const a = await earlier('POST', `/api/v1/cases/${s.json.id}/accept`, { token: clerk, body: {} });
  assert.equal(a.status, 200, a.text);
  const task = a.json.tasks.find((t) => t.kind === 'review');

  // that day it was not overdue; who may read the list, and its declared query
  assert.equal(find(await overdueAt(earlier, await loginEarlier('supervisor'), '?limit=200'), task.id), undefined);
  assertError(await req('GET', '/api/v1/overdue/tasks', { token: officer }), 403, 'forbidden');
  assertError(await req('GET', '/api/v1/overdue/tasks', { token: await login(DEMO_PERSON) }), 403, 'forbidden');
  assertError(await req('GET', '/api/v1/overdue/tasks?limit=0', { token: supervisor }), 422, 'invalid', 'limit');
  assertError(await req('GET', '/api/v1/overdue/tasks?limit=201', { token: supervisor }), 422, 'invalid', 'limit');
  assertError(await req('GET', '/api/v1/overdue/tasks?state=open', { token: supervisor }), 422, 'invalid', 'state');

  // today it is
  const all = await overdueAt(req, supervisor, '?limit=200');
  const row = find(all, task.id);
  assert.ok(row, JSON.stringify(all));
  assert.equal(row.case_id, s.json.id);
  assert.equal(row.case_number, s.json.number);
  assert.equal(row.case_title, s.json.title);
  assert.equal(row.kind, task.kind); // which task of the case: 审批 or 事后核查
  assert.deepEqual(row.department, { code: 'QD-SCJG', name: '青岛市市场监督管理局' });
  assert.equal(row.officer, null); // nobody of the department has acted on it yet
  assert.equal(row.deadline, task.deadline);
  assert.ok(row.days_over >= 20 && row.days_over <= 40, `${row.days_over} working days over`);
  assert.equal(row.urged, 0);
  assert.equal(row.last_note, null);
  assert.equal(all.total, all.tasks.length);
  // longest overdue first; paged in the store; narrowed to one department
  const deadlines = all.tasks.map((x) => x.deadline);
  assert.deepEqual(deadlines, [...deadlines].sort());
  const [p1, p2] = [await overdueAt(req, supervisor, '?limit=2'), await overdueAt(req, supervisor, '?limit=2&offset=2')];
  assert.equal(p1.total, all.total);
  assert.deepEqual([...p1.tasks, ...p2.tasks].map((x) => x.id), all.tasks.slice(0, 4).map((x) => x.id));
  const scjg = await overdueAt(req, supervisor, '?limit=200&department=QD-SCJG');
  assert.ok(scjg.tasks.every((x) => x.department.code === 'QD-SCJG') && find(scjg, task.id));
  assert.equal(find(await overdueAt(req, supervisor, '?limit=200&department=QD-SW'), task.id), undefined);

  // 督办: refusals change nothing
  const url = `/api/v1/tasks/${task.id}/urge`;
  assertError(await req('POST', url, { token: supervisor, body: { note: '　 ' } }), 422, 'invalid', 'note');
  assertError(await req('POST', url, { token: supervisor, body: {} }), 422, 'invalid', 'note');
  assertError(await req('POST', url, { token: officer, body: { note: '请尽快办理' } }), 403, 'forbidden');
  assertError(await req('POST', '/api/v1/tasks/01NOSUCHTASK0000000000000/urge', { token: supervisor, body: { note: '请尽快办理' } }),
    404, 'not_found', 'id');
  assert.equal(find(await overdueAt(req, supervisor, '?limit=200'), task.id).urged, 0);

  const told = async (token) => (await req('GET', '/api/v1/messages?limit=100', { token })).json.messages
    .filter((m) => m.kind === 'task.urged' && m.subject_id === task.id);
  const first = await req('POST', url, { token: supervisor, body: { note: '已超期，请本周内办结' } });
  assert.equal(first.status, 201, first.text);
  assert.equal(first.json.urged, 1);
  assert.equal(first.json.task_id, task.id);
  const second = await req('POST', url, { token: supervisor, body: { note: '请今日办结并反馈' } });
  assert.equal(second.json.urged, 2);
  const urged = find(await overdueAt(req, supervisor, '?limit=200'), task.id);
  assert.equal(urged.urged, 2);
  assert.equal(urged.last_note, '请今日办结并反馈');

  // the department's officers are told, in their language; another department's are not
  const msgs = await told(officer);
  assert.equal(msgs.length, 2);
  assert.equal(msgs[0].title, '督办通知');
  assert.match(msgs[0].body, new RegExp(`“${s.json.title}”.*已超过办理时限${row.days_over}个工作日.*请今日办结并反馈`));
  assert.equal(msgs[0].link, `/office.html#case/${s.json.id}`);
  assert.deepEqual(await told(other), []);
  const en = await fetch(`${process.env.YW_URL}/api/v1/messages?limit=100`, { headers: { authorization: `Bearer ${officer}`, 'accept-language': 'en' } });
  const enMsg = (await en.json()).messages.find((m) => m.kind === 'task.urged' && m.subject_id === task.id);
  assert.equal(enMsg.title, 'The supervisors urge a task');
  assert.match(enMsg.body, /working days past its deadline; the supervisors urge: 请今日办结并反馈/);

  // the inbox item is marked; the case's history shows it
  const inbox = (await req('GET', '/api/v1/inbox?limit=200', { token: officer })).json;
  assert.equal(inbox.items.find((i) => i.id === task.id).urged, 2);
  assert.ok(inbox.items.filter((i) => i.id !== task.id).every((i) => typeof i.urged === 'number'));
  const c = await req('GET', `/api/v1/cases/${s.json.id}`, { token: supervisor });
  const last = c.json.events.at(-1);
  assert.deepEqual({ task: last.task_id, from: last.from, to: last.to, note: last.note },
    { task: task.id, from: 'open', to: 'urged', note: '请今日办结并反馈' });

  // decided: it leaves the list, and urging it is refused naming its state
  const d = await req('POST', `/api/v1/tasks/${task.id}/approve`, { token: officer });
  assert.equal(d.status, 200, d.text);
  const late = assertError(await req('POST', url, { token: supervisor, body: { note: '请尽快办理' } }), 409, 'conflict');
  assert.equal(late.reason, 'task_state');
  assert.match(late.message, /已通过/);
  assert.equal(find(await overdueAt(req, supervisor, '?limit=200'), task.id), undefined);
});

test('the department\'s 差评整改 reads the rating\'s words and tags', async () => {
  const person = await login(DEMO_PERSON);
  const s = await req('POST', '/api/v1/cases', { token: person, body: await itemCase(person, ITEM) });
  const a = await req('POST', `/api/v1/cases/${s.json.id}/accept`, { token: await login('clerk'), body: {} });
  const task = a.json.tasks.find((t) => t.kind === 'review');
  assert.equal((await req('POST', `/api/v1/tasks/${task.id}/approve`, { token: await login('officer') })).status, 200);
  const r = await req('POST', `/api/v1/cases/${s.json.id}/ratings`, { token: person, body: {
    channel: 'online', aspects: { overall: 'dissatisfied' }, tags: ['办理慢', '窗口态度差'], text: '来回跑了三趟' } });
  assert.equal(r.status, 201, r.text);
  const list = await req('GET', '/api/v1/rectifications', { token: await login('officer') });
  assert.equal(list.status, 200, list.text);
  const x = list.json.rectifications.find((y) => y.rating_id === r.json.id);
  assert.equal(x.text, '来回跑了三趟');
  assert.deepEqual(x.tags, ['办理慢', '窗口态度差']);
});

test('deferred.remind tells the applicant once of a 容缺 material due within three working days', async () => {
  const person = await login(DEMO_PERSON);
  const body = await itemCase(person, 'QD-SCJG-XK-0005');
  const owed = body.materials.find((m) => m.provided_as === 'deferred');
  assert.ok(owed, 'the item takes a material deferred');
  const s = await req('POST', '/api/v1/cases', { token: person, body });
  assert.equal(s.status, 201, s.text);
  const due = beijingDay(Date.now() + 2 * DAY); // within three working days whatever today is
  const a = await req('POST', `/api/v1/cases/${s.json.id}/accept`, { token: await login('clerk'),
    body: { deferred: [{ material: owed.name, due_date: due }] } });
  assert.equal(a.status, 200, a.text);

  // who may start it
  assertError(await req('POST', '/api/v1/jobs', { token: await login('officer'), body: { kind: 'deferred.remind' } }), 403, 'forbidden');
  const reminded = async () => (await req('GET', '/api/v1/messages?limit=100', { token: person })).json.messages
    .filter((m) => m.kind === 'deferred.due' && m.subject_id === s.json.id);
  assert.deepEqual(await reminded(), []);
  // as a city runs it from cron, on today's date; twice
  const run = () => execFileSync(process.env.YW_BIN, ['jobs', 'run', 'deferred.remind', '--db', process.env.YW_DB],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  assert.match(run(), /deferred\.remind done/);
  const once = await reminded();
  assert.equal(once.length, 1);
  assert.equal(once[0].title, '容缺材料即将到期');
  assert.ok(once[0].body.includes(`“${owed.name}”须于${due}前补交`), once[0].body);
  assert.equal(once[0].link, `/#case/${s.json.id}`);
  assert.match(run(), /"sent":0/);
  assert.equal((await reminded()).length, 1);
});
