// 超期督办 in the 办件工作台: a server of its own whose clock runs 45 days past the day its demo
// cases were accepted, so their tasks are overdue. The supervisor reads the per-department counts
// and, below them, each overdue task (case, department, officer or the department, working days
// over) and urges one with a note at 1366 px and again at 390 px; the row counts the urgings and
// shows the last note. The 市场监管局's officer reads the 督办通知 in the message centre and sees
// 已督办 on the workbench's 我的待办.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, SHOTS } from './browser.mjs';
import { startServer, apiAt, loginAt } from './server.mjs';

const DAY = 86400000;
const beijingDay = (ms) => new Date(ms + 8 * 3600000).toISOString().slice(0, 10);

let browser, server;
before(async () => {
  server = await startServer(['--clock', `${beijingDay(Date.now() + 45 * DAY)}T10:00`]);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  server?.stop();
});

async function urgeFrom(viewport, label, taskId, note) {
  const sup = await loginAt(browser, server.url, 'supervisor', { viewport });
  await sup.page.goto(`${server.url}/office.html#overdue`);
  await sup.page.locator('#overdue-tasks[data-loaded="true"]').waitFor({ state: 'attached' });
  // the summary above, each task below
  assert.match(await sup.page.locator('#overdue tbody tr[data-department="QD-SCJG"]').textContent(), /青岛市市场监督管理局/);
  const row = sup.page.locator(`#overdue-tasks tbody tr[data-task="${taskId}"]`);
  await row.waitFor();
  const text = await row.textContent();
  assert.match(text, /青岛市市场监督管理局/);
  assert.match(text, /超期\d+个工作日/);
  assert.match(text, /尚无人经办/);
  // a blank note is refused in the page, beside the note
  await row.locator('button[data-act="urge"]').click();
  await row.locator('.field-error').waitFor();
  await row.locator('textarea').fill(note);
  await row.locator('button[data-act="urge"]').click();
  await sup.page.locator('#message:not([hidden])').waitFor();
  assert.match(await sup.page.locator('#message').textContent(), /已督办“.+”，已通知该部门审批人员/);
  const urged = sup.page.locator(`#overdue-tasks tbody tr[data-task="${taskId}"]`);
  await urged.locator(`text=最近：${note}`).waitFor();
  const width = await sup.page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= viewport.width, `page is ${width}px wide`);
  await sup.page.screenshot({ path: `${SHOTS}/office-urge-${label}.png`, fullPage: true });
  const count = await urged.getAttribute('data-urged');
  assert.deepEqual(sup.errors, []);
  await sup.context.close();
  return Number(count);
}

test('the supervisor urges an overdue task from 超期督办; the officer reads it', async () => {
  const { req, login } = apiAt(server.url);
  const supervisor = await login('supervisor');
  const list = await req('GET', '/api/v1/overdue/tasks?department=QD-SCJG&limit=10', { token: supervisor });
  assert.equal(list.status, 200, list.text);
  assert.ok(list.json.tasks.length > 0, 'the demo\'s 市场监管局 tasks are overdue 45 days on');
  const task = list.json.tasks[0];

  assert.equal(await urgeFrom({ width: 1366, height: 900 }, 'desktop', task.id, '已超期，请本周内办结'), 1);
  assert.equal(await urgeFrom({ width: 390, height: 844 }, 'phone', task.id, '请今日办结并反馈'), 2);

  // the 市场监管局's officer: the message, at phone width; 已督办 on the workbench
  const officer = await loginAt(browser, server.url, 'officer', { viewport: { width: 390, height: 844 } });
  assert.match(await officer.page.locator('#work-items').textContent(), /已督办2次/);
  await officer.page.goto(`${server.url}/messages.html`);
  const msg = officer.page.locator('li.msg', { hasText: '督办通知' }).first();
  await msg.waitFor();
  assert.match(await msg.textContent(), new RegExp(`“${task.case_title}”.*督查专班督办：请今日办结并反馈`));
  const width = await officer.page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `page is ${width}px wide`);
  await officer.page.screenshot({ path: `${SHOTS}/office-urge-message-phone.png`, fullPage: true });
  assert.deepEqual(officer.errors, []);
  await officer.context.close();
});
