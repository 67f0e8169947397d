// 我的办件 marks the cases that wait for the applicant, at 1366 and at 390 px: 张三's case asked
// for 补正 says 待补正, one owing a 容缺 material says 待补交, others say neither; 待我处理 narrows
// the list to those two and 全部 brings the rest back. And the officer's message about a task
// opens that case in 办件工作台 (#case/ID), with the task's actions.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, loginAs as login, loginApplicant, BASE, SHOTS } from './browser.mjs';
import { req, login as apiLogin, itemCase, dayAfter, DEMO_PERSON } from '../api/lib.mjs';

const DESKTOP = { width: 1366, height: 900 }, PHONE = { width: 390, height: 844 };
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const noSideScroll = async (page, viewport) =>
  assert.ok(await page.evaluate((w) => document.documentElement.scrollWidth <= w, viewport.width), 'no sideways scrolling');

// three cases of 张三's: one asked for 补正, one owing a 容缺 material, one simply in progress
async function cases() {
  const [person, clerk, officer] = [await apiLogin(DEMO_PERSON), await apiLogin('clerk'), await apiLogin('officer')];
  const submit = async (code) => {
    const s = await req('POST', '/api/v1/cases', { token: person, body: await itemCase(person, code) });
    assert.equal(s.status, 201, s.text);
    return s.json;
  };
  const correcting = await submit('QD-SCJG-XK-0004');
  const a = await req('POST', `/api/v1/cases/${correcting.id}/accept`, { token: clerk, body: {} });
  const task = a.json.tasks.find((t) => t.kind === 'review');
  assert.equal((await req('POST', `/api/v1/tasks/${task.id}/correct`, { token: officer, body: { reason: '请补正' } })).status, 200);
  const owing = await submit('QD-SCJG-XK-0005');
  const owed = owing.materials.find((m) => m.provided_as === 'deferred').name;
  const b = await req('POST', `/api/v1/cases/${owing.id}/accept`, { token: clerk, body: { deferred: [{ material: owed, due_date: dayAfter(20), due_reason: '设备清单待供货商出具' }] } });
  assert.equal(b.status, 200, b.text);
  const running = await submit('QD-SCJG-XK-0004');
  const c = await req('POST', `/api/v1/cases/${running.id}/accept`, { token: clerk, body: {} });
  assert.equal(c.status, 200, c.text);
  return { correcting: correcting.id, owing: owing.id, running: running.id, task: c.json.tasks.find((t) => t.kind === 'review').id };
}

for (const [size, viewport] of [['1366', DESKTOP], ['390', PHONE]]) {
  test(`我的办件 marks 待补正 and 待补交 and narrows to them (${size} px)`, async () => {
    const ids = await cases();
    const { page, context, errors } = await loginApplicant(browser, undefined, { viewport });
    await page.goto(`${BASE}/#mine`);
    await page.locator('#mine[data-loaded="true"]').waitFor({ state: 'attached' });
    const rowOf = (id) => page.locator(`#my-cases tr[data-id="${id}"]`);
    assert.equal(await rowOf(ids.correcting).locator('[data-needs="corrections"]').textContent(), '待补正');
    assert.equal(await rowOf(ids.owing).locator('[data-needs="owed"]').textContent(), '待补交');
    assert.equal(await rowOf(ids.running).locator('[data-needs]').count(), 0);
    assert.match(await rowOf(ids.correcting).getAttribute('class'), /waiting/);
    assert.equal(await rowOf(ids.correcting).locator('[data-needs]').isVisible(), true);
    await noSideScroll(page, viewport);
    await page.screenshot({ path: `${SHOTS}/mine-marks-${size}.png`, fullPage: true });

    // 待我处理: only what waits for him
    await page.click('#my-filter-waiting');
    await page.locator('#my-filter-waiting[aria-pressed="true"]').waitFor();
    await rowOf(ids.running).waitFor({ state: 'detached' });
    const shown = await page.locator('#my-cases tr[data-id]').count();
    assert.ok(shown >= 2);
    assert.equal(await page.locator('#my-cases tr[data-id]:not(.waiting)').count(), 0);
    assert.match(await page.locator('#my-count').textContent(), /等待您补正或补交/);
    await page.screenshot({ path: `${SHOTS}/mine-waiting-${size}.png`, fullPage: true });
    // in English
    await page.click('#lang');
    await page.locator('#my-filter-waiting', { hasText: 'Waiting for me' }).waitFor();
    assert.equal(await rowOf(ids.owing).locator('[data-needs="owed"]').textContent(), 'Material owed');
    await page.click('#lang');
    // 全部: all again
    await page.click('#my-filter-all');
    await rowOf(ids.running).waitFor();
    assert.deepEqual(errors, []);
    await context.close();

    // the officer's message about the task opens the case where the task is decided
    const officer = await login(browser, 'officer', { viewport });
    const msgs = (await req('GET', '/api/v1/messages?limit=100', { token: await apiLogin('officer') })).json.messages;
    const m = msgs.find((x) => x.kind === 'task.waiting' && x.subject_id === ids.task);
    assert.equal(m.link, `/office.html#case/${ids.running}`);
    await officer.page.goto(`${BASE}/messages.html`);
    await officer.page.locator(`#messages li[data-id="${m.id}"] .msg-title a`).click();
    await officer.page.locator(`#case[data-id="${ids.running}"]`).waitFor();
    assert.equal(await officer.page.locator('#case').isVisible(), true);
    assert.equal(await officer.page.locator(`#task-actions form[data-task="${ids.task}"]`).count(), 1);
    assert.equal(new URL(officer.page.url()).hash, `#case/${ids.running}`);
    await officer.page.screenshot({ path: `${SHOTS}/office-linked-case-${size}.png`, fullPage: true });
    // 返回: the first tab, 我的待办
    await officer.page.click('#case-back');
    await officer.page.locator('#inbox[data-loaded="true"]').waitFor({ state: 'attached' });
    await officer.context.close();
  });
}
