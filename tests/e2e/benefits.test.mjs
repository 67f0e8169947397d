// 免申即享 in a real browser: the 工信局's officer writes a policy in the editor of
// policies.html — a bad rule is refused beside its field with its path — and sees the match
// preview's count; matching runs for the demo enterprise; the enterprise logs in and finds the
// benefit on 我的惠企政策 with the explanation of why (and of why not for a policy it does not
// meet), and the message in its inbox; the officer
// approves and pays it from the queue (a double click on 登记拨付 pays once), the budget shows
// what was spent, and the enterprise sees it paid. The public policy library, no login. At
// 1280 × 900 and at 390 × 844.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, loginAs as login, answerConfirm, BASE, SHOTS } from './browser.mjs';
import { req, login as apiLogin, uscc, DEMO_ENTERPRISE } from '../api/lib.mjs';

const DESKTOP = { width: 1280, height: 900 }, PHONE = { width: 390, height: 844 };
const CODE = `E2E-${Date.now().toString(36).toUpperCase()}`;
const AMOUNT = 500000; // fen: 5000 yuan
let browser;

before(async () => {
  browser = await launch();
  // the demo enterprise in the registry, 35 employees (registered through the lifecycle route,
  // or changed back if another test registered it)
  const officer = await apiLogin('officer');
  const record = {
    name: '青岛海川数字科技有限公司', kind: 'company', legal_rep: '张三', capital_fen: 500000000, industry: '6513', region: '370202',
    established_on: '2019-05-20', scale: 'small', employees: 35, revenue_fen: 1200000000, rd_ratio_bp: 450, labels: ['hnte', 'zjtx'], credit: 'A',
  };
  const r = await req('POST', '/api/v1/entities', { token: officer, body: { uscc: DEMO_ENTERPRISE, ...record } });
  if (r.status === 409) assert.equal((await req('PUT', `/api/v1/entities/${DEMO_ENTERPRISE}`, { token: officer, body: record })).status, 200);
  else assert.equal(r.status, 201, r.text);
});
after(async () => { await browser?.close(); });

const loginAs = (name, viewport) => login(browser, name, { viewport });

async function noSideScroll(page, viewport) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= viewport.width, `page is ${width}px wide at ${viewport.width}`);
}

const eligibility = { and: [{ '==': [{ var: 'uscc' }, DEMO_ENTERPRISE] }, { '>=': [{ var: 'employees' }, 20] }] };

test('the officer writes a policy in the editor: a bad rule is refused at its path, the preview counts the match', async () => {
  const { page, context, errors } = await loginAs('officer-gxj', DESKTOP);
  await page.click('#policies-link');
  await page.waitForURL('**/policies.html');
  await page.locator('body[data-ready="true"]').waitFor({ state: 'attached' });
  assert.equal(await page.inputValue('#f-department'), 'QD-GXJ');
  await page.fill('#f-code', CODE);
  await page.fill('#f-title', '端到端测试：吸纳就业奖励');
  await page.fill('#f-basis', '青工信字〔2026〕88号');
  await page.fill('#f-summary', '从业人数20人以上的企业，一次性奖励5000元。');
  await page.selectOption('#f-mode', 'auto');
  await page.fill('#f-amount_yuan', String(AMOUNT / 100));
  await page.fill('#f-budget_yuan', '1000000');
  // a bad rule written as JSON under 高级: refused beside the eligibility field, with the node's path, in Chinese
  await page.click('#advanced summary');
  await page.fill('#f-eligibility', JSON.stringify({ and: [eligibility.and[0], { bogus: [1] }] }));
  await page.click('#save');
  const err = page.locator('#f-eligibility-error');
  await err.waitFor();
  assert.match(await err.textContent(), /\/eligibility\/and\/1.*未知运算符/);
  // not JSON at all: said before anything is sent
  await page.fill('#f-eligibility', '{"and": [');
  await page.click('#preview-button');
  assert.match(await page.locator('#f-eligibility-error').textContent(), /不是有效的JSON/);
  await page.fill('#f-eligibility', JSON.stringify(eligibility, null, 2));
  assert.match(await page.locator('#eligibility-words').textContent(), /从业人数 ≥ 20/);
  await page.click('#save');
  await page.locator('#preview[data-matches]').waitFor();
  assert.equal(await page.locator('#preview').getAttribute('data-matches'), '1');
  assert.match(await page.locator('#preview-count').textContent(), /有 1 户符合/);
  assert.match(await page.locator('#message').textContent(), new RegExp(`已保存政策 ${CODE}`));
  await noSideScroll(page, DESKTOP);
  await page.screenshot({ path: `${SHOTS}/policies-editor-desktop.png`, fullPage: true });
  // the policy in the editor is changed (PUT), not created again
  await page.fill('#f-summary', '从业人数20人以上的企业，一次性奖励5000元（修订）。');
  await page.evaluate(() => { document.querySelector('#message').textContent = ''; });
  await page.click('#save');
  await page.locator('#message', { hasText: `已保存政策 ${CODE}` }).waitFor();
  assert.equal((await req('GET', `/api/v1/policies/${CODE}`)).json.summary, '从业人数20人以上的企业，一次性奖励5000元（修订）。');
  // a new policy under a code that is taken: refused beside 编号, the saved one unchanged
  await page.click('#new-policy');
  await page.fill('#f-code', CODE);
  await page.fill('#f-title', '同号的另一项政策');
  await page.fill('#f-basis', '青工信字〔2026〕89号');
  await page.fill('#f-amount_yuan', '0.01');
  await page.fill('#f-eligibility', JSON.stringify(eligibility));
  await page.click('#save');
  const taken = page.locator('#f-code-error');
  await taken.waitFor();
  assert.equal(await taken.textContent(), `政策编号${CODE}已存在：如需修改，请在列表中选择该政策`);
  assert.equal((await req('GET', `/api/v1/policies/${CODE}`)).json.title, '端到端测试：吸纳就业奖励');
  assert.deepEqual(errors, []);
  await context.close();
});

test('matching for the enterprise; it sees the benefit with why, and its inbox, on a phone', async () => {
  // and one for 100 employees or more, which it does not meet
  const gxj = await apiLogin('officer-gxj');
  const big = await req('POST', '/api/v1/policies', { token: gxj, body: {
    code: `${CODE}-BIG`, title: '端到端测试：规模企业奖励', department: 'QD-GXJ', basis: '青工信字〔2026〕89号',
    valid_from: `${new Date().getFullYear()}-01-01`, valid_to: `${new Date().getFullYear()}-12-31`, mode: 'apply',
    eligibility: { and: [eligibility.and[0], { '>=': [{ var: 'employees' }, 100] }] }, amount: { '+': [AMOUNT] }, budget_fen: 100000000 } });
  assert.equal(big.status, 201, big.text);
  // the officer matches the whole registry from the queue: a background job, followed to its end
  {
    const { page, context, errors } = await loginAs('officer-gxj', DESKTOP);
    await page.goto(`${BASE}/policies.html#queue`);
    await page.locator('body[data-ready]').waitFor({ state: 'attached' });
    await page.click('#run-match');
    await page.locator('#match-progress', { hasText: '匹配完成' }).waitFor({ timeout: 30000 });
    assert.match(await page.locator('#match-progress').textContent(), /匹配完成：\d+个市场主体，匹配\d+项/);
    assert.deepEqual(errors, []);
    await context.close();
  }
  const { page, context, errors } = await loginAs(DEMO_ENTERPRISE, PHONE);
  await page.click('#nav-benefits');
  await page.locator('#benefits[data-loaded="true"]').waitFor({ state: 'attached' });
  const card = page.locator(`#eligible li[data-policy="${CODE}"]`);
  assert.equal(await card.getAttribute('data-state'), 'pending');
  const why = await card.locator('.why').textContent();
  assert.match(why, /符合：从业人数 35 ≥ 20/);
  assert.match(await card.textContent(), /免申即享.*5000\.00 元.*待审批/);
  // a policy it does not meet, folded below, with why not
  await page.click('#unmet-section summary');
  const unmet = page.locator(`#unmet li[data-policy="${CODE}-BIG"]`);
  assert.match(await unmet.locator('.why').textContent(), /不符合：从业人数 35 < 100/);
  // the inbox tells of it; marking it read lowers the count
  const unread = Number((await page.locator('#unread').textContent()).match(/\d+/)[0]);
  assert.ok(unread >= 1);
  const msg = page.locator('#inbox li.unread', { hasText: '端到端测试' }).first();
  await msg.locator('button.mark-read').click();
  await page.locator('#unread', { hasText: `${unread - 1} 条未读` }).waitFor();
  await noSideScroll(page, PHONE);
  await page.screenshot({ path: `${SHOTS}/benefits-phone.png`, fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();
});

test('the officer approves it and pays it once from the queue; the budget shows it spent', async () => {
  const { page, context, errors } = await loginAs('officer-gxj', PHONE);
  await page.goto(`${BASE}/policies.html#queue`);
  await page.locator('body[data-ready="true"]').waitFor({ state: 'attached' });
  await page.locator('#queue[data-loaded="true"]').waitFor({ state: 'attached' });
  const row = page.locator(`#queue tr[data-policy="${CODE}"][data-uscc="${DEMO_ENTERPRISE}"]`);
  assert.equal(await row.getAttribute('data-state'), 'pending');
  await noSideScroll(page, PHONE);
  await page.screenshot({ path: `${SHOTS}/policies-queue-phone.png`, fullPage: true });
  await row.locator('button.approve').click();
  // it says what will happen before it does: the entity and the amount in 元
  await page.locator('dialog.confirm[open]').waitFor();
  await noSideScroll(page, PHONE);
  await page.screenshot({ path: `${SHOTS}/policies-confirm-phone.png`, fullPage: true });
  await answerConfirm(page, true, /批准青岛海川数字科技有限公司的兑现 5000\.00 元/);
  // approved, it leaves the pending queue; the approved ones wait for 登记拨付
  await row.waitFor({ state: 'detached' });
  await page.selectOption('#q-state', 'approved');
  await page.locator(`#queue tr[data-policy="${CODE}"][data-state="approved"]`).waitFor();
  // a double click on 登记拨付: the button is disabled while the request runs, and its key is
  // the same anyway — paid once
  const pay = page.locator(`#queue tr[data-policy="${CODE}"] button.pay`);
  await pay.dblclick();
  await answerConfirm(page, true, /拨付 5000\.00 元/);
  await page.locator(`#queue tr[data-policy="${CODE}"]`).waitFor({ state: 'detached' });
  assert.match(await page.locator('#message').textContent(), /已登记拨付.*凭证号 BF\d{14}/);
  assert.equal(await page.locator('#error').isHidden(), true);
  const gxj = await apiLogin('officer-gxj');
  const paid = await req('GET', `/api/v1/grants?policy=${CODE}`, { token: gxj });
  assert.deepEqual(paid.json.grants.map((g) => g.state), ['paid']);
  const ent = await apiLogin(DEMO_ENTERPRISE);
  const told = (await req('GET', '/api/v1/me/messages?limit=200', { token: ent })).json.messages.filter((x) => x.policy === CODE && x.title.startsWith('已拨付'));
  assert.equal(told.length, 1);
  // the budget, at 1280 px
  await page.setViewportSize(DESKTOP);
  await page.click('[data-tab="budget"]');
  const budget = page.locator(`#budgets .budget[data-code="${CODE}"]`);
  await budget.waitFor();
  assert.match(await budget.locator('dd.spent').textContent(), /5000\.00/);
  assert.match(await budget.locator('dd.remaining').textContent(), /995000\.00/);
  await noSideScroll(page, DESKTOP);
  await page.screenshot({ path: `${SHOTS}/policies-budget-desktop.png`, fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();
});

test('a long queue: pages of the server, 批量通过 with progress, stopped by the budget', async () => {
  // 23 entities of this run, a policy of 1,000 fen each with a budget for 5
  const gxj = await apiLogin('officer-gxj');
  const officer = await apiLogin('officer');
  const digits = String(Date.now() % 10000).padStart(4, '0');
  const usccs = Array.from({ length: 23 }, (_, i) => uscc('91370202', `EQ${digits}${String(i).padStart(2, '0')}`));
  const code = `${CODE}-Q`;
  const year = new Date().getFullYear();
  const p = await req('POST', '/api/v1/policies', { token: gxj, body: {
    code, title: '端到端测试：批量兑现', department: 'QD-GXJ', basis: '青工信字〔2026〕88号', valid_from: `${year}-01-01`,
    valid_to: `${year}-12-31`, mode: 'auto', eligibility: { in: [{ var: 'uscc' }, usccs] }, amount: { '+': [1000] }, budget_fen: 5000 } });
  assert.equal(p.status, 201, p.text);
  for (const [i, u] of usccs.entries()) {
    const r = await req('POST', '/api/v1/entities', { token: officer, body: { uscc: u, name: `批量测试企业${i}`, kind: 'company',
      legal_rep: '王五', capital_fen: 100000000, industry: '6513', region: '370202', established_on: '2020-01-01', scale: 'small',
      employees: 10, revenue_fen: 100000000, rd_ratio_bp: 100, labels: [], credit: 'A' } });
    assert.equal(r.status, 201, r.text);
  }
  const { page, context, errors } = await loginAs('officer-gxj', DESKTOP);
  await page.goto(`${BASE}/policies.html#queue`);
  await page.locator('body[data-ready="true"]').waitFor({ state: 'attached' });
  await page.selectOption('#q-policy', code);
  await page.locator('#page-info', { hasText: '第 1 页，共 23 条' }).waitFor();
  assert.equal(await page.locator('#queue tbody tr').count(), 20);
  assert.equal(await page.locator('#prev').isDisabled(), true);
  await page.click('#next');
  await page.locator('#page-info', { hasText: '第 2 页，共 23 条' }).waitFor();
  assert.equal(await page.locator('#queue tbody tr').count(), 3);
  assert.equal(await page.locator('#next').isDisabled(), true);
  await page.click('#prev');
  await page.locator('#page-info', { hasText: '第 1 页' }).waitFor();
  // the whole first page: five pass, the sixth is refused by the server's budget check
  await page.check('#select-all');
  await page.click('#batch-approve');
  // the count and the total first, with what is left of the budget
  await answerConfirm(page, true, /将批准 20 笔兑现，合计 200\.00 元。本政策剩余预算 50\.00 元。/);
  await page.locator('#error', { hasText: '预算不足，已停止：已通过 5/20' }).waitFor();
  assert.equal(await page.locator('#batch-progress').textContent(), '已通过 5/20');
  await page.locator('#page-info', { hasText: '共 18 条' }).waitFor();
  const b = (await req('GET', '/api/v1/policy-budgets', { token: gxj })).json.budgets.find((x) => x.code === code);
  assert.deepEqual([b.spent_fen, b.pending_fen, b.pending_count, b.remaining_fen], [5000, 18000, 18, 0]);
  await page.screenshot({ path: `${SHOTS}/policies-queue-batch-desktop.png`, fullPage: true });
  // the budgets tab: what waits, from one call
  await page.click('[data-tab="budget"]');
  const card = page.locator(`#budgets .budget[data-code="${code}"]`);
  await card.waitFor();
  assert.match(await card.locator('dd.pending').textContent(), /180\.00.*18/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the enterprise sees it paid, at 1280 px', async () => {
  const { page, context, errors } = await loginAs(DEMO_ENTERPRISE, DESKTOP);
  await page.goto(`${BASE}/#benefits`);
  await page.locator('#benefits[data-loaded="true"]').waitFor({ state: 'attached' });
  assert.equal(await page.locator(`#eligible li[data-policy="${CODE}"]`).getAttribute('data-state'), 'paid');
  assert.match(await page.locator(`#my-grants tr[data-policy="${CODE}"]`).textContent(), /已拨付/);
  await noSideScroll(page, DESKTOP);
  await page.screenshot({ path: `${SHOTS}/benefits-paid-desktop.png`, fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();
});

test('the public policy library: no login, conditions in words, search', async () => {
  for (const viewport of [PHONE, DESKTOP]) {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(BASE + '/');
    await page.click('#nav-library');
    await page.locator('#policies[data-loaded="true"]').waitFor({ state: 'attached' });
    const card = page.locator(`#policy-list li[data-code="${CODE}"]`);
    assert.match(await card.textContent(), /从业人数 ≥ 20.*每户 5000\.00 元/);
    assert.match(await card.textContent(), /青岛市工业和信息化局/);
    await page.fill('#pol-q', '专精特新');
    await page.locator(`#policy-list li[data-code="${CODE}"]`).waitFor({ state: 'detached' });
    assert.match(await page.locator('#policy-list').textContent(), /认定标签包含“专精特新中小企业”/);
    await noSideScroll(page, viewport);
    await page.screenshot({ path: `${SHOTS}/policy-library-${viewport.width}.png`, fullPage: true });
    // in English, the conditions too; and back
    await page.click('#lang');
    await page.locator('#h1-title', { hasText: 'Policy library' }).waitFor();
    assert.match(await page.locator('#policy-list').textContent(), /Labels include "专精特新中小企业"/);
    await page.click('#lang');
    await page.locator('#h1-title', { hasText: '惠企政策库' }).waitFor();
    assert.deepEqual(errors, []);
    await context.close();
  }
});
