// One inbox for everyone at work (GET /api/v1/inbox): whatever waits for the person — a clerk's
// cases at the window and owed 容缺 materials, an officer's department's tasks, post-checks and
// 差评 rectifications, a supervisor's overdue items of the whole city — by deadline, with counts
// by colour computed over all of it, paged; applicants have none.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { req, login, assertError, itemCase, DEMO_PERSON } from './lib.mjs';

const ITEM = 'QD-SCJG-XK-0004'; // 市场监管局
const inbox = async (token, q = '') => {
  const r = await req('GET', `/api/v1/inbox${q}`, { token });
  assert.equal(r.status, 200, r.text);
  return r.json;
};

test('the clerk, the officer and the supervisor each see what waits for them, with counts', async () => {
  const [person, clerk, officer, supervisor, other] = [await login(DEMO_PERSON), await login('clerk'),
    await login('officer'), await login('supervisor'), await login('officer-sw')];
  const s = await req('POST', '/api/v1/cases', { token: person, body: await itemCase(person, ITEM) });
  assert.equal(s.status, 201, s.text);

  // at the window: the case waits for acceptance, undated
  const atWindow = await inbox(clerk, '?limit=200');
  const waiting = atWindow.items.find((i) => i.id === s.json.id);
  assert.deepEqual({ kind: waiting.kind, title: waiting.title, detail: waiting.detail, deadline: waiting.deadline, color: waiting.color },
    { kind: 'acceptance', title: s.json.title, detail: '张三', deadline: null, color: 'none' });
  assert.equal(atWindow.counts.undated, atWindow.items.filter((i) => !i.deadline).length);

  // accepted: the officer's department has the task, coloured, counted by colour
  const before = await inbox(officer, '?limit=200');
  const a = await req('POST', `/api/v1/cases/${s.json.id}/accept`, { token: clerk, body: {} });
  assert.equal(a.status, 200, a.text);
  const task = a.json.tasks.find((t) => t.kind === 'review');
  const mine = await inbox(officer, '?limit=200');
  assert.equal(mine.counts.total, before.counts.total + a.json.tasks.length);
  const item = mine.items.find((i) => i.id === task.id);
  assert.equal(item.kind, 'task');
  assert.equal(item.deadline, task.deadline);
  assert.equal(item.color, task.color);
  assert.equal(item.department, '青岛市市场监督管理局');
  const { total, green, yellow, red, paused, undated } = mine.counts;
  assert.equal(green + yellow + red + paused + undated, total);
  assert.equal(mine.items.filter((i) => i.color === 'yellow').length, yellow);
  // sorted by deadline, undated last
  const dated = mine.items.map((i) => i.deadline).filter(Boolean);
  assert.deepEqual(dated, [...dated].sort());
  assert.ok(!(await inbox(clerk, '?limit=200')).items.some((i) => i.id === s.json.id));
  // another department does not see it; a 补正 pauses it
  assert.ok(!(await inbox(other, '?limit=200')).items.some((i) => i.id === task.id));
  assert.equal((await req('POST', `/api/v1/tasks/${task.id}/correct`, { token: officer, body: { reason: '补充' } })).status, 200);
  const paused2 = await inbox(officer, '?limit=200');
  assert.equal(paused2.items.find((i) => i.id === task.id).color, 'paused');
  assert.equal(paused2.counts.paused, paused + 1);

  // paging in the store: two at a time, the same order
  const page1 = await inbox(officer, '?limit=2'), page2 = await inbox(officer, '?limit=2&offset=2');
  assert.deepEqual([...page1.items, ...page2.items].map((i) => i.id), paused2.items.slice(0, 4).map((i) => i.id));

  // the supervisor's: only what is overdue, anywhere
  const sup = await inbox(supervisor, '?limit=200');
  assert.ok(sup.items.every((i) => i.color === 'red'), JSON.stringify(sup.items));
  assert.equal(sup.counts.red, sup.counts.total);

  assertError(await req('GET', '/api/v1/inbox', { token: person }), 403, 'forbidden');
  assertError(await req('GET', '/api/v1/inbox?limit=0', { token: officer }), 422, 'invalid', 'limit');
  assertError(await req('GET', '/api/v1/inbox?limit=201', { token: officer }), 422, 'invalid', 'limit');
  assertError(await req('GET', '/api/v1/inbox?mine=1', { token: officer }), 422, 'invalid', 'mine');
});
