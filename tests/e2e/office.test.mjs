// The 办件工作台 in a real browser, the whole life of a 开办餐饮店 case: the person applies
// through the API (one material deferred); the clerk accepts it from the queue with the deferred
// material's due date (after the case's own deadline: with the reason the page then asks); each department's officer finds their task in the inbox and approves it —
// the 卫健委 asks for corrections first and the applicant resubmits — and the case completes.
// Then bad ratings: the 市场监管局's officer verifies and answers one and appeals the other; the
// supervisor reads what is overdue and the figures, and upholds the appeal (帮办代办 has its own
// file, behalf.test.mjs). At 1280 px and at 390 px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, loginAs as login, BASE, SHOTS } from './browser.mjs';
import { req, login as apiLogin, bundleForm, provideMaterials, uploadPdf, dayAfter, DEMO_PERSON } from '../api/lib.mjs';

const DESKTOP = { width: 1280, height: 900 }, PHONE = { width: 390, height: 844 };
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const loginAs = (name, viewport) => login(browser, name, { viewport });

async function noSideScroll(page, viewport) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= viewport.width, `page is ${width}px wide at ${viewport.width}`);
}

async function caseOf(id) {
  const r = await req('GET', `/api/v1/cases/${id}`, { token: await apiLogin('supervisor') });
  assert.equal(r.status, 200, r.text);
  return r.json;
}

const answers = { new_shop: '新开店，还没有营业执照', sells_cooked_food: true, entity_kind: '企业', has_employees: true };
let caseId;

test('the person applies for 开办餐饮店 with one material deferred', async () => {
  const { form, materials: asked } = await bundleForm('YJS-CYKB', answers);
  const person = await apiLogin(DEMO_PERSON);
  // uploads and pledges, and one material deferred (the others that could be are uploaded)
  const materials = await provideMaterials(person, asked);
  const scan = await uploadPdf(person, '扫描件.pdf');
  materials.filter((m) => m.provided_as === 'deferred').slice(1).forEach((m) => Object.assign(m, { provided_as: 'upload', upload: scan }));
  assert.equal(materials.filter((m) => m.provided_as === 'deferred').length, 1, 'one material deferred');
  const r = await req('POST', '/api/v1/cases', { token: person, body: { bundle: 'YJS-CYKB', answers, form, materials } });
  assert.equal(r.status, 201, r.text);
  caseId = r.json.id;
});

test('the clerk sees the queue on a phone and opens the case', async () => {
  const { page, context, errors } = await loginAs('clerk', PHONE);
  await page.click('#office-link');
  await page.waitForURL('**/office.html');
  await page.locator('#queue[data-loaded="true"]').waitFor({ state: 'attached' });
  const row = page.locator(`#queue tr[data-case="${caseId}"]`);
  assert.match(await row.textContent(), /开办餐饮店.*张三/);
  await noSideScroll(page, PHONE);
  await page.screenshot({ path: `${SHOTS}/office-queue-phone.png`, fullPage: true });
  await row.locator('button').click();
  await page.locator('#accept-form').waitFor();
  assert.match(await page.locator('#case-items').textContent(), /食品经营许可证核发.*青岛市市场监督管理局/);
  await noSideScroll(page, PHONE);
  await page.screenshot({ path: `${SHOTS}/office-case-phone.png`, fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();
});

test('the clerk accepts it with the deferred material\'s due date', async () => {
  const { page, context, errors } = await loginAs('clerk', DESKTOP);
  await page.goto(`${BASE}/office.html#queue`);
  await page.click(`#queue tr[data-case="${caseId}"] button`);
  await page.locator('#accept-form').waitFor();
  const marked = page.locator('#accept-materials input[type="checkbox"][disabled]');
  assert.equal(await marked.count(), 1);
  assert.equal(await marked.isChecked(), true);
  // without its due date the form says so beside the date, in Chinese, and sends nothing
  await page.click('#accept-submit');
  const dueError = page.locator('#accept-materials .field-error');
  assert.match(await dueError.textContent(), /^请填写“.+”的补交期限$/);
  assert.equal((await caseOf(caseId)).state, 'submitted');
  // a due date in the past, or too far ahead: the server's refusal shows beside that date
  await page.fill('#accept-materials input[type="date"]:not([disabled])', '2020-01-01');
  await page.click('#accept-submit');
  await page.locator('#accept-materials .field-error').waitFor();
  await page.fill('#accept-materials input[type="date"]:not([disabled])', '2099-12-31');
  await page.click('#accept-submit');
  await page.locator('#accept-materials .field-error', { hasText: '补交期限应在受理之日后60个工作日之内' }).waitFor();
  await page.fill('#accept-materials input[type="date"]:not([disabled])', dayAfter(21));
  // three weeks falls after the case's own deadline: only now is the reason asked, beside the date
  assert.equal(await page.locator('#accept-materials .due-reason').first().isVisible(), false);
  await page.click('#accept-submit');
  const why = page.locator('#accept-materials .due-reason:visible textarea');
  await why.waitFor();
  assert.match(await page.locator('#accept-materials .due-reason:visible .field-error').textContent(),
    /^容缺材料“.+”的补交期限\d{4}-\d\d-\d\d晚于本办件的办结期限\d{4}-\d\d-\d\d，请写明理由$/);
  await why.fill('需待消防部门出具意见');
  await page.click('#accept-submit');
  await page.locator('#case[data-state="in_progress"]').waitFor();
  await page.locator('#case-materials', { hasText: '（晚于办结期限：需待消防部门出具意见）' }).waitFor();
  assert.match(await page.locator('#message').textContent(), /^已受理“开办餐饮店”，办结期限 \d{4}-\d\d-\d\d$/);
  assert.equal(await page.locator('#accept-form').isVisible(), false);
  await page.screenshot({ path: `${SHOTS}/office-accepted-desktop.png`, fullPage: true });
  const c = await caseOf(caseId);
  assert.equal(c.state, 'in_progress');
  assert.equal(c.materials.find((m) => m.provided_as === 'deferred').due_date, dayAfter(21));
  assert.equal(c.materials.find((m) => m.provided_as === 'deferred').due_reason, '需待消防部门出具意见');
  assert.deepEqual(errors, []);
  await context.close();
});

// An officer finds the case's tasks of their department in the inbox and decides each.
async function officerApproves(account, viewport, { correctFirst = false, shot = null } = {}) {
  const { page, context, errors } = await loginAs(account, viewport);
  await page.locator('#office-link').waitFor();
  await page.goto(BASE + '/office.html'); // the link itself is followed by the clerk's test
  await page.locator('#inbox[data-loaded="true"]').waitFor({ state: 'attached' });
  const tasks = (await caseOf(caseId)).tasks.filter((x) => x.kind === 'review' && x.state === 'open' && x.department.code === `QD-${account.slice(8).toUpperCase()}`);
  assert.ok(tasks.length > 0, `${account} has a task`);
  const row = page.locator(`#inbox tr[data-task="${tasks[0].id}"]`);
  assert.match(await row.textContent(), /开办餐饮店/);
  assert.match(await row.locator('.chip').textContent(), /^\d{4}-\d\d-\d\d · (正常|即将到期|已超期)$/);
  await noSideScroll(page, viewport);
  if (shot) await page.screenshot({ path: `${SHOTS}/office-inbox-${shot}.png`, fullPage: true });
  await row.locator('button').click();
  for (const task of tasks) {
    const card = page.locator(`#task-actions form[data-task="${task.id}"]`);
    await card.waitFor();
    if (correctFirst) {
      // 补正 needs a reason: asked beside the reason
      await card.locator('[data-act="correct"]').click();
      assert.equal(await card.locator('.field-error').textContent(), '请填写理由');
      await card.locator('textarea').fill('请补充从业人员健康合格证明的说明');
      // a notice naming nothing is not sent: the one-time notice opens, asking for what to correct
      await card.locator('[data-act="correct"]').click();
      assert.equal(await card.locator('.field-error').textContent(), '请勾选需补正的材料或表单项，并写明各项理由（一次性告知）');
      assert.equal(await card.locator('details.asks').getAttribute('open'), '');
      const named = card.locator('details.asks input[data-kind="material"]').first();
      const material = await named.getAttribute('data-name');
      await named.check();
      await card.locator('.ask-reason:not([hidden])').first().fill('扫描件不清晰，请重新上传');
      await card.locator('[data-act="correct"]').click();
      await page.locator('#message', { hasText: '已要求补正' }).waitFor();
      if (shot) await page.screenshot({ path: `${SHOTS}/office-correct-${shot}.png`, fullPage: true });
      // the applicant resubmits; the task is back in the inbox
      const person = await apiLogin(DEMO_PERSON);
      const r = await req('POST', `/api/v1/cases/${caseId}/resubmit`, { token: person,
        body: { materials: [{ name: material, upload: await uploadPdf(person, '补正材料.pdf', 'office correction') }] } });
      assert.equal(r.status, 200, r.text);
      await page.click('#case-back');
      await page.locator(`#inbox tr[data-task="${task.id}"][data-color]`).waitFor();
      await page.click(`#inbox tr[data-task="${task.id}"] button`);
      await card.waitFor();
    }
    await card.locator('[data-act="approve"]').click();
    await page.locator('#message', { hasText: `已通过“${task.item_name}”` }).waitFor();
  }
  assert.deepEqual(errors, []);
  return { page, context };
}

test('each department\'s officer approves; the 卫健委 asks for corrections first', async () => {
  let s = await officerApproves('officer-scjg', DESKTOP, { shot: 'desktop' });
  await s.context.close();
  s = await officerApproves('officer-wjw', PHONE, { correctFirst: true, shot: 'phone' });
  await s.context.close();
  s = await officerApproves('officer-sw', PHONE);
  await s.context.close();
  // the deferred material is handed in before the last decision
  const owed = (await caseOf(caseId)).materials.find((m) => m.provided_as === 'deferred');
  const person = await apiLogin(DEMO_PERSON);
  const r = await req('POST', `/api/v1/cases/${caseId}/supply`, { token: person,
    body: { material: owed.name, upload: await uploadPdf(person, '补交材料.pdf', 'office e2e supplied') } });
  assert.equal(r.status, 200, r.text);
  s = await officerApproves('officer-rs', DESKTOP);
  await s.page.locator('#case[data-state="completed"]').waitFor();
  assert.match(await s.page.locator('#case-facts').textContent(), /已办结/);
  await s.page.screenshot({ path: `${SHOTS}/office-completed-desktop.png`, fullPage: true });
  await s.context.close();
  assert.equal((await caseOf(caseId)).state, 'completed');
});

test('the 市场监管局 officer verifies and answers one bad rating and appeals another', async () => {
  const person = await apiLogin(DEMO_PERSON);
  const online = await req('POST', `/api/v1/cases/${caseId}/ratings`, { token: person,
    body: { channel: 'online', aspects: { overall: 'dissatisfied' }, text: '等待时间长', tags: ['办理慢'] } });
  assert.equal(online.status, 201, online.text);
  const window = await req('POST', `/api/v1/cases/${caseId}/ratings`, { token: person,
    body: { channel: 'window', aspects: { overall: 'very_dissatisfied' } } });
  assert.equal(window.status, 201, window.text);
  const department = online.json.department.code.slice(3).toLowerCase();
  const { page, context, errors } = await loginAs(`officer-${department}`, PHONE);
  await page.goto(`${BASE}/office.html#rect`);
  const first = page.locator(`#rect-list [data-rect="${online.json.rectification.id}"]`);
  await first.waitFor();
  assert.match(await first.locator('.chip').textContent(), /正常|即将到期/);
  await first.locator('[data-act="verify"]').click();
  assert.equal(await first.locator('.field-error').textContent(), '请填写说明');
  await first.locator('form.step:not(.appeal) textarea').fill('经核实，窗口排队时间过长');
  await first.locator('[data-act="verify"]').click();
  await page.locator(`#rect-list [data-rect="${online.json.rectification.id}"][data-state="rectifying"]`).waitFor();
  await page.locator(`#rect-list [data-rect="${online.json.rectification.id}"] form.step:not(.appeal) textarea`).fill('已增开窗口，并向申请人致歉');
  await page.click(`#rect-list [data-rect="${online.json.rectification.id}"] [data-act="feedback"]`);
  await page.locator(`#rect-list [data-rect="${online.json.rectification.id}"][data-state="feedback"]`).waitFor();
  const second = page.locator(`#rect-list [data-rect="${window.json.rectification.id}"]`);
  await second.locator('form.appeal textarea').fill('申请人对审批结果不满，与窗口服务无关');
  await second.locator('[data-act="appeal"]').click();
  await page.locator('#message', { hasText: '申诉已提交' }).waitFor();
  assert.match(await page.locator(`#rect-list [data-rect="${window.json.rectification.id}"]`).textContent(), /申诉：待决定/);
  await noSideScroll(page, PHONE);
  await page.screenshot({ path: `${SHOTS}/office-rectify-phone.png`, fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();
});

for (const [label, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
  test(`the supervisor reads the overdue view and the ratings' figures (${label})`, async () => {
    const { page, context, errors } = await loginAs('supervisor', viewport);
    await page.click('#office-link');
    await page.waitForURL('**/office.html');
    await page.locator('#overdue[data-loaded="true"]').waitFor({ state: 'attached' });
    assert.equal(await page.locator('[data-tab="overdue"]').getAttribute('aria-selected'), 'true');
    await noSideScroll(page, viewport);
    await page.screenshot({ path: `${SHOTS}/office-overdue-${label}.png`, fullPage: true });
    await page.click('[data-tab="ratings"]');
    await page.locator('#stats[data-loaded="true"]').waitFor({ state: 'attached' });
    const appeal = page.locator('#appeal-list form[data-rating]');
    if (label === 'desktop') {
      assert.equal(await appeal.count(), 1);
      await appeal.locator('textarea').fill('与服务无关，不计入');
      await appeal.locator('[data-act="upheld"]').click();
      await page.locator('#message', { hasText: '申诉成立' }).waitFor();
    }
    await page.locator('#appeal-empty').waitFor();
    const row = page.locator('#stats tbody tr', { hasText: '市场监督管理局' });
    // the rates as the figures count them (this test's 差评 answered, the other excluded; the demo's
    // own 差评 still being verified); this test's not revisited yet
    const figures = (await req('GET', '/api/v1/ratings/stats?by=department', { token: await apiLogin('supervisor') })).json.rows
      .find((x) => x.key === 'QD-SCJG');
    const percent = (rate) => `${(rate * 100).toFixed(1)}%`;
    assert.ok(figures.rectified >= 1);
    assert.equal(await row.locator('td').nth(3).textContent(), percent(figures.rectify_rate));
    assert.equal(await row.locator('td').nth(4).textContent(), figures.revisit_rate === null ? '—' : percent(figures.revisit_rate));
    // each rectification says what the applicant wrote and chose, and opens its case
    const rect = page.locator('#rects-all tbody tr', { hasText: '等待时间长' });
    assert.match(await rect.locator('.rating-tags').textContent(), /办理慢/);
    if (label === 'phone') {
      await rect.locator('button', { hasText: '查看办件' }).click();
      await page.locator('#case:not([hidden])').waitFor();
      assert.ok(page.url().endsWith(`#case/${caseId}`), page.url());
      await page.click('#case-back');
    }
    await noSideScroll(page, viewport);
    await page.screenshot({ path: `${SHOTS}/office-ratings-${label}.png`, fullPage: true });
    await page.click('#lang');
    assert.equal(await page.locator('h1').textContent(), 'Case desk');
    await page.click('#lang');
    assert.deepEqual(errors, []);
    await context.close();
  });
}
