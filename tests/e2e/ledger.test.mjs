// The ledger in a real browser on the project's own numbered test plan (tests/data/plans/, 22
// measures): the task force imports it (preview, then save), maps an unmatched unit to a
// department; that department's officer reports progress on one of its measures; the task force
// sees it in the monthly dispatch and downloads the xlsx, which reads back with the same figures.
// The published plans: seeds.test.mjs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch, loginAs as login, BASE, SHOTS } from './browser.mjs';
import { readXlsx } from '../xlsx.mjs';
import { planPath } from '../plans.mjs';

const PLAN = planPath('numbered-with-units.txt');
const UNIT = '营商环境督查中心'; // not a department of the demo city; lead of measures 17 and 20

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const loginAs = (name) => login(browser, name, { acceptDownloads: true });

test('import, map, report progress, monthly dispatch, xlsx', async () => {
  // the task force imports the plan: a preview first
  let { page, context, errors } = await loginAs('supervisor');
  await page.getByRole('link', { name: '督查台账' }).click();
  await page.waitForURL('**/ledger.html');
  await page.getByRole('tab', { name: '导入计划' }).click();
  await page.setInputFiles('#i-file', PLAN);
  await page.fill('#i-year', '2023');
  await page.click('#i-preview');
  await page.locator('#import-counts').filter({ hasText: '22 项措施' }).waitFor();
  assert.equal(await page.locator('#import-counts').textContent(),
    '共 10 个部分、22 项措施、14 个时限；21 个单位，其中 2 个未对应到部门；5 处文字未归入措施'); // the lines not placed counted too
  assert.equal(await page.locator('#preview-table tbody tr').count(), 22);
  assert.deepEqual(await page.locator('#preview-table tbody tr').nth(14).locator('td').allTextContents(),
    ['15', '(四)政务服务与数据共享领域', '推进电子证照共享应用', '市大数据局', '市行政审批局、市公安局', '2023-03-31 2023-12-31']);
  await page.screenshot({ path: `${SHOTS}/ledger-preview.png` });
  await page.dblclick('#i-save'); // a double click saves the plan once
  await page.locator('#message').filter({ hasText: '已保存到台账' }).waitFor();
  const plans = await page.evaluate(async () => (await (await fetch('/api/v1/ledger/plans')).json()).plans.length);
  assert.equal(plans, 1);

  // an unmatched unit mapped to a department
  await page.getByRole('tab', { name: '单位对应' }).click();
  const row = page.locator(`#units-table tr[data-unit="${UNIT}"]`);
  await row.waitFor();
  assert.equal(await page.locator('#units-table tr[data-unit]').count(), 2);
  await row.locator('select').selectOption({ label: '青岛市市场监督管理局' });
  await row.getByRole('button', { name: '对应' }).click();
  await page.locator('#message').filter({ hasText: `${UNIT} → 青岛市市场监督管理局` }).waitFor();
  assert.match(await page.locator('#message').textContent(), /更新 2 条/);
  assert.equal(await row.count(), 0);
  assert.deepEqual(await page.locator('#units-table tr[data-unit]').evaluateAll((rs) => rs.map((r) => r.dataset.unit)),
    ['企业服务专员办公室']);
  assert.deepEqual(errors, []);
  await context.close();

  // the officer of that department reports progress on one of its measures
  ({ page, context, errors } = await loginAs('officer'));
  await page.goto(BASE + '/ledger.html');
  // 市市场监管局's measures: its own, its field's, and those of the unit now mapped to it
  const first = page.locator('#mine-list button.measure', { hasText: '完善信用修复机制' });
  await first.waitFor();
  assert.deepEqual(await page.locator('#mine-list button.measure .num').allTextContents(), ['1', '2', '3', '4', '17', '19', '20', '21']);
  const title = await first.locator('.mt').textContent();
  await first.click();
  await page.locator('#progress-measure').filter({ hasText: title }).waitFor();
  await page.fill('#p-date', '2023-08-10');
  await page.selectOption('#p-status', 'done');
  await page.fill('#p-percent', '100');
  await page.fill('#p-text', '信用修复工作指引已印发实施。');
  await page.setInputFiles('#p-evidence', { name: '印发通知.txt', mimeType: 'text/plain', buffer: Buffer.from('通知全文') });
  await page.click('#progress-form button[type=submit]');
  await page.locator('#message').filter({ hasText: '进展已报送' }).waitFor();
  assert.match(await page.locator('#progress-history li').first().textContent(), /2023-08-10 已完成 100%/);
  assert.equal(await page.locator('#progress-history a').first().textContent(), '印发通知.txt');

  // a measurable target, two values, and its chart
  await page.fill('#target-form input[name=name]', '信用修复办结率');
  await page.fill('#target-form input[name=unit]', '%');
  await page.fill('#target-form input[name=target]', '98');
  await page.fill('#target-form input[name=due_date]', '2023-12-31');
  await page.click('#target-form button[type=submit]');
  const tform = page.locator('#target-list form').first();
  await tform.waitFor();
  for (const [on, v] of [['2023-09-30', '93.5'], ['2023-10-31', '97']]) {
    await tform.locator('input[name=measured_on]').fill(on);
    await tform.locator('input[name=value]').fill(v);
    await tform.locator('button').click();
    await page.locator('#target-list svg.chart text', { hasText: `${v}%` }).waitFor();
  }
  assert.equal(await page.locator('#target-list svg.chart circle').count(), 2);
  await page.screenshot({ path: `${SHOTS}/ledger-progress.png`, fullPage: true });
  // an impossible report is refused with the server's words, naming the field
  await page.selectOption('#p-status', 'done');
  await page.fill('#p-percent', '60');
  await page.fill('#p-text', '再报一次');
  await page.click('#progress-form button[type=submit]');
  await page.locator('#error').filter({ hasText: 'percent' }).waitFor();
  assert.deepEqual(errors, []);
  await context.close();

  // the task force sees it in August's dispatch and downloads the workbook
  ({ page, context, errors } = await loginAs('supervisor'));
  await page.goto(BASE + '/ledger.html');
  await page.getByRole('tab', { name: '月度调度' }).click();
  await page.fill('#r-month', '2023-08');
  await page.click('#report-form button[type=submit]');
  const unit = page.locator('#report-table tbody tr', { hasText: UNIT });
  await unit.waitFor();
  // measure 20 done, 17 not started; in all, 1, 3, 6 and 11 past due, 12 due on 08-31 at risk
  assert.deepEqual(await unit.locator('td').allTextContents(),
    [UNIT, '青岛市市场监督管理局', '1', '0', '1', '0', '0', '已完成 +1 · 逾期 0']);
  assert.deepEqual(await page.locator('#report-table tbody tr.total td').allTextContents(),
    ['合计', '', '1', '0', '16', '1', '4', '已完成 +1 · 逾期 0']);
  assert.equal(await page.locator('#report-table tbody tr').count(), 12 + 1);
  await page.screenshot({ path: `${SHOTS}/ledger-dispatch.png`, fullPage: true });
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#r-xlsx')]);
  assert.equal(download.suggestedFilename(), 'dispatch-2023-08.xlsx');
  const rows = readXlsx(readFileSync(await download.path()));
  const x = rows.find((r) => r && r[0] === UNIT);
  assert.deepEqual(x.slice(0, 8), [UNIT, '青岛市市场监督管理局', 2, 1, 0, 1, 0, 0]);
  assert.deepEqual(rows.find((r) => r && r[0] === '合计').slice(2, 8), [22, 1, 0, 16, 1, 4]);

  // the ledger, filtered to the overdue measures of a unit: 市税务局 is named by 1, 2, 9 and 13,
  // and only 1 and 9 have deadlines
  await page.getByRole('tab', { name: '台账' }).click();
  await page.fill('#filters input[name=unit]', '市税务局');
  await page.selectOption('#filters select[name=status]', 'overdue');
  // the whole list is on the page already: wait for the filtered answer, then for it to be shown
  const [filtered] = await Promise.all([
    page.waitForResponse((r) => r.url().includes('/api/v1/ledger/measures?') && r.url().includes('status=overdue')),
    page.click('#filters button[type=submit]'),
  ]);
  assert.equal((await filtered.json()).total, 2);
  await page.locator('#list-count').filter({ hasText: /^2$/ }).waitFor();
  assert.deepEqual(await page.locator('#ledger-table tbody tr.late td:first-child').allTextContents(), ['1', '9']);
  assert.equal(await page.locator('#ledger-table tbody tr').count(), 2);
  assert.deepEqual(errors, []);
  await context.close();
});
