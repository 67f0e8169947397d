// The ledger in a real browser: the task force imports the Liaocheng plan (preview, then save),
// maps an unmatched unit to a department; that department's officer reports progress on one of
// its measures; the task force sees it in the monthly dispatch and downloads the xlsx, which
// reads back with the same figures.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { launch, BASE, SHOTS } from './browser.mjs';
import { readXlsx } from '../xlsx.mjs';

const PLAN = fileURLToPath(new URL('../../../shared/seeds/liaocheng-hitech-2022-action-plan.txt', import.meta.url));

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function loginAs(name) {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(BASE + '/');
  await page.fill('#login', name);
  await page.fill('#password', 'yiwang2026');
  await page.click('#submit');
  await page.waitForURL('**/workbench.html');
  return { page, context, errors };
}

test('import, map, report progress, monthly dispatch, xlsx', async () => {
  // the task force imports the plan: a preview first
  let { page, context, errors } = await loginAs('supervisor');
  await page.getByRole('link', { name: '督查台账' }).click();
  await page.waitForURL('**/ledger.html');
  await page.getByRole('tab', { name: '导入计划' }).click();
  await page.setInputFiles('#i-file', PLAN);
  await page.fill('#i-year', '2022');
  await page.click('#i-preview');
  await page.locator('#import-counts').filter({ hasText: '118 项措施' }).waitFor();
  assert.equal(await page.locator('#preview-table tbody tr').count(), 118);
  assert.match(await page.locator('#import-counts').textContent(), /45 个时限/);
  await page.screenshot({ path: `${SHOTS}/ledger-preview.png` });
  await page.click('#i-save');
  await page.locator('#message').filter({ hasText: '已保存到台账' }).waitFor();

  // an unmatched unit mapped to a department
  await page.getByRole('tab', { name: '单位对应' }).click();
  const row = page.locator('#units-table tr[data-unit="发展环境保障部"]');
  await row.waitFor();
  await row.locator('select').selectOption({ label: '青岛市市场监督管理局' });
  await row.getByRole('button', { name: '对应' }).click();
  await page.locator('#message').filter({ hasText: '发展环境保障部 → 青岛市市场监督管理局' }).waitFor();
  assert.equal(await row.count(), 0);
  assert.deepEqual(errors, []);
  await context.close();

  // the officer of that department reports progress on one of its measures
  ({ page, context, errors } = await loginAs('officer'));
  await page.goto(BASE + '/ledger.html');
  // measure 3 names 发展环境保障部 as a lead unit, so it counts in that unit's dispatch row
  const first = page.locator('#mine-list button.measure', { hasText: '提升企业创新发展活力' });
  await first.waitFor();
  const title = await first.locator('.mt').textContent();
  await first.click();
  await page.locator('#progress-measure').filter({ hasText: title }).waitFor();
  await page.fill('#p-date', '2022-08-10');
  await page.selectOption('#p-status', 'done');
  await page.fill('#p-percent', '100');
  await page.fill('#p-text', '已印发实施，全面落地。');
  await page.setInputFiles('#p-evidence', { name: '印发通知.txt', mimeType: 'text/plain', buffer: Buffer.from('通知全文') });
  await page.click('#progress-form button[type=submit]');
  await page.locator('#message').filter({ hasText: '进展已报送' }).waitFor();
  assert.match(await page.locator('#progress-history li').first().textContent(), /2022-08-10 已完成 100%/);
  assert.equal(await page.locator('#progress-history a').first().textContent(), '印发通知.txt');

  // a measurable target, two values, and its chart
  await page.fill('#target-form input[name=name]', '企业变更全程网办率');
  await page.fill('#target-form input[name=unit]', '%');
  await page.fill('#target-form input[name=target]', '99');
  await page.fill('#target-form input[name=due_date]', '2022-12-31');
  await page.click('#target-form button[type=submit]');
  const tform = page.locator('#target-list form').first();
  await tform.waitFor();
  for (const [on, v] of [['2022-09-30', '96.5'], ['2022-10-31', '98']]) {
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
  await page.fill('#r-month', '2022-08');
  await page.click('#report-form button[type=submit]');
  const unit = page.locator('#report-table tbody tr', { hasText: '发展环境保障部' });
  await unit.waitFor();
  const cells = await unit.locator('td').allTextContents();
  assert.equal(cells[1], '青岛市市场监督管理局');
  assert.equal(cells[2], '1');
  assert.match(cells[7], /已完成 \+1/);
  await page.screenshot({ path: `${SHOTS}/ledger-dispatch.png`, fullPage: true });
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#r-xlsx')]);
  assert.equal(download.suggestedFilename(), 'dispatch-2022-08.xlsx');
  const rows = readXlsx(readFileSync(await download.path()));
  const x = rows.find((r) => r && r[0] === '发展环境保障部');
  assert.equal(x[1], '青岛市市场监督管理局');
  assert.equal(x[3], 1);
  assert.equal(rows.find((r) => r && r[0] === '合计')[2], 118);

  // the ledger, filtered to the overdue measures of a unit
  await page.getByRole('tab', { name: '台账' }).click();
  await page.fill('#filters input[name=unit]', '税务局');
  await page.selectOption('#filters select[name=status]', 'overdue');
  await page.click('#filters button[type=submit]');
  await page.locator('#ledger-table tbody tr.late').first().waitFor();
  const n = Number(await page.locator('#list-count').textContent());
  assert.ok(n > 0);
  assert.equal(await page.locator('#ledger-table tbody tr').count(), n);
  assert.deepEqual(errors, []);
  await context.close();
});
