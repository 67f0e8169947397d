// Plans in the browser (issue 7): a plan previewed again is offered for replacement (替换), which
// keeps the progress of the measures whose text did not change and says how many were kept,
// changed, added and cancelled; the plan list shows each plan's state and counts, and 撤回 asks
// for a reason. Toggling 中文/English keeps what is typed in the 退回 reason and in a progress
// report. The plan is the project's numbered test plan under a title of its own.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, loginAs, apiAs, BASE } from './browser.mjs';
import { readPlan } from '../plans.mjs';

const TITLE = '某市营商环境替换测试计划(测试数据)';
const text = readPlan('numbered-with-units.txt').replace('青岛市营商环境创新提升2023年行动计划(测试数据)', TITLE);
const revised = text
  .replace(/21\.开展跨部门联合抽查。[^\n]*/, '21.推行“综合查一次”。同一场景的检查事项一次完成,年底前覆盖10个行业。〔牵头单位:市市场监管局〕');

let browser;
let planId, measure, report;
before(async () => {
  browser = await launch();
  const supervisor = await apiAs('supervisor');
  const saved = await supervisor('POST', '/api/v1/ledger/plans', { filename: 'replace.txt', year: 2023, text });
  assert.equal(saved.status, 201);
  planId = saved.body.plan_id;
  const list = await supervisor('GET', `/api/v1/ledger/measures?plan=${planId}&limit=100`);
  measure = list.body.measures.find((m) => m.number === 1); // 市市场监管局 leads it: the officer's
  const officer = await apiAs('officer');
  report = await officer('POST', `/api/v1/ledger/measures/${measure.id}/progress`,
    { reported_on: '2023-04-20', status: 'in_progress', percent: 50, text: '已完成系统改造。' });
  assert.equal(report.status, 201);
});
after(async () => { await browser?.close(); });

test('a plan previewed again is replaced keeping its progress; 撤回 asks for a reason', async () => {
  const { page, context, errors } = await loginAs(browser, 'supervisor');
  await page.goto(BASE + '/ledger.html');
  await page.getByRole('tab', { name: '导入计划' }).click();
  // the list: state and counts
  const row = page.locator(`#plans-table tr[data-plan="${planId}"]`);
  await row.waitFor();
  assert.match(await row.textContent(), /执行中/);
  assert.match(await row.textContent(), /22 项：已完成 0，推进中 1，未启动 21，已取消 0/);

  await page.setInputFiles('#i-file', { name: 'revised.txt', mimeType: 'text/plain', buffer: Buffer.from(revised) });
  await page.fill('#i-year', '2023');
  await page.click('#i-preview');
  await page.locator('#i-exists').filter({ hasText: TITLE }).waitFor();
  await page.getByRole('button', { name: '替换' }).dblclick(); // twice: replaced once
  await page.locator('#message').filter({ hasText: '保留 21 项，修改 0 项，新增 1 项，取消 1 项' }).waitFor();
  assert.equal(await page.locator('#i-exists').isHidden(), true);
  await row.filter({ hasText: /23 项：已完成 0，推进中 1，未启动 21，已取消 1/ }).waitFor();
  const kept = await page.evaluate(async (id) => (await (await fetch(`/api/v1/ledger/measures/${id}`)).json()).progress.length, measure.id);
  assert.equal(kept, 1, 'the unchanged measure kept its report');

  // 撤回: the prompt's reason; dismissed, nothing happens
  page.once('dialog', (d) => d.dismiss());
  await row.getByRole('button', { name: '撤回' }).click();
  assert.match(await row.textContent(), /执行中/);
  page.once('dialog', (d) => d.accept('重复导入，改由新计划跟踪'));
  await row.getByRole('button', { name: '撤回' }).click();
  await page.locator('#message').filter({ hasText: `已撤回：${TITLE}` }).waitFor();
  await row.filter({ hasText: /已撤回.*重复导入，改由新计划跟踪/ }).waitFor();
  assert.equal(await row.getByRole('button', { name: '撤回' }).count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the language toggle keeps a typed 退回 reason and a typed progress report', async () => {
  // the plan above is withdrawn: name it, and its measure opens from the list of that plan
  let { page, context, errors } = await loginAs(browser, 'supervisor');
  await page.goto(BASE + '/ledger.html');
  await page.getByRole('tab', { name: '台账' }).click();
  await page.locator('#filters select[name=plan]').selectOption(planId);
  await page.click('#filters button[type=submit]');
  const row = page.locator(`#ledger-table tbody tr[data-id="${measure.id}"]`);
  await row.waitFor();
  await row.locator('button.open').click();
  const reason = page.locator(`#ret-${report.body.id}`);
  await reason.fill('请补充系统上线截图');
  await page.click('#lang');
  await page.locator('#list-rate').filter({ hasText: /^Completion/ }).waitFor();
  assert.equal(await page.locator(`#ret-${report.body.id}`).inputValue(), '请补充系统上线截图');
  await page.click('#lang');
  await page.locator('#list-rate').filter({ hasText: /^完成率/ }).waitFor();
  assert.equal(await page.locator(`#ret-${report.body.id}`).inputValue(), '请补充系统上线截图');
  assert.deepEqual(errors, []);
  await context.close();

  // the officer types a report on a measure of the demo plan, then toggles the language
  ({ page, context, errors } = await loginAs(browser, 'officer'));
  await page.goto(BASE + '/ledger.html');
  const item = page.locator('#mine-list button.measure').first();
  await item.click();
  await page.fill('#p-date', '2026-11-02');
  await page.fill('#p-percent', '70');
  await page.fill('#p-text', '已召开推进会，正在起草实施细则。');
  await page.click('#lang');
  await page.locator('#progress-form h2').filter({ hasText: /^[A-Za-z]/ }).waitFor();
  await page.locator('#mine-list button.measure').first().waitFor();
  assert.deepEqual([await page.inputValue('#p-date'), await page.inputValue('#p-percent'), await page.inputValue('#p-text')],
    ['2026-11-02', '70', '已召开推进会，正在起草实施细则。']);
  await page.click('#lang');
  await page.locator('#progress-form h2').filter({ hasText: '报送进展' }).waitFor();
  assert.equal(await page.inputValue('#p-text'), '已召开推进会，正在起草实施细则。');
  assert.deepEqual(errors, []);
  await context.close();
});
