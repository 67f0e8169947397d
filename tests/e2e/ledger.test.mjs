// The ledger in a real browser on the project's own numbered test plan (tests/data/plans/, 22
// measures): the task force imports it (preview, then save), maps an unmatched unit to a
// department; that department's officer reports progress on one of its measures; the task force
// sees it in the monthly dispatch and downloads the xlsx, which reads back with the same figures.
// The published plans: seeds.test.mjs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch, loginAs as login, apiAs, BASE, SHOTS } from './browser.mjs';
import { readXlsx } from '../xlsx.mjs';
import { planPath } from '../plans.mjs';

const PLAN = planPath('numbered-with-units.txt');
const UNIT = '营商环境督查中心'; // not a department of the demo city; lead of measures 17 and 20

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const loginAs = (name, options = {}) => login(browser, name, { acceptDownloads: true, ...options });

test('import, map, report progress, monthly dispatch, xlsx', async () => {
  // the task force imports the plan: a preview first
  let { page, context, errors } = await loginAs('supervisor');
  await page.click('#ledger-link');
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
  assert.equal(plans, 2, "the demo plan and this one");

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
  // (after those of the demo plan, imported first: 1, 3, 6, 7, 8, 10)
  assert.deepEqual(await page.locator('#mine-list button.measure .num').allTextContents(),
    ['1', '3', '6', '7', '8', '10', '1', '2', '3', '4', '17', '19', '20', '21']);
  const title = await first.locator('.mt').textContent();
  await first.click();
  await page.locator('#progress-measure').filter({ hasText: title }).waitFor();
  await page.fill('#p-date', '2023-08-10');
  await page.selectOption('#p-status', 'done');
  await page.fill('#p-percent', '100');
  await page.fill('#p-text', '信用修复工作指引已印发实施。');
  await page.setInputFiles('#p-evidence', { name: '印发通知.txt', mimeType: 'text/plain', buffer: Buffer.from('通知全文') });
  // the upload's progress bar is shown while the files go out, and ends full
  await page.evaluate(() => {
    const bar = document.getElementById('p-evidence-progress');
    window.progressShown = false;
    new MutationObserver(() => { if (!bar.hidden) window.progressShown = true; }).observe(bar, { attributes: true });
  });
  await page.click('#progress-form button[type=submit]');
  await page.locator('#message').filter({ hasText: '进展已报送' }).waitFor();
  assert.ok(await page.evaluate(() => window.progressShown), 'the upload progress was shown');
  assert.deepEqual(await page.locator('#p-evidence-progress').evaluate((b) => [b.value, b.hidden]), [1, true]);
  assert.match(await page.locator('#progress-history li').first().textContent(), /2023-08-10 已完成 100%/);
  assert.equal(await page.locator('#progress-history a').first().textContent(), '印发通知.txt');

  // the page states the evidence limits and checks them before sending: an eleventh file or a
  // file over 512 KiB is named beside the field, and nothing is sent
  assert.equal(await page.locator('#p-evidence-hint').textContent(), '最多10个文件，每个不超过512 KiB');
  await page.fill('#p-text', '再报一次');
  await page.setInputFiles('#p-evidence', Array.from({ length: 11 },
    (_, i) => ({ name: `附件${i}.txt`, mimeType: 'text/plain', buffer: Buffer.from('附件') })));
  await page.click('#progress-form button[type=submit]');
  await page.locator('.field-error[data-for="evidence"]', { hasText: '选了11个文件：最多10个' }).waitFor();
  await page.setInputFiles('#p-evidence', { name: '大.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(600 * 1024) });
  await page.click('#progress-form button[type=submit]');
  await page.locator('.field-error[data-for="evidence"]', { hasText: '“大.pdf”有600 KiB：每个文件不超过512 KiB' }).waitFor();
  assert.equal(await page.locator('#progress-history li').count(), 1);
  await page.setInputFiles('#p-evidence', []);

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
  // an impossible report is refused with the server's words, beside the field it names
  await page.selectOption('#p-status', 'done');
  await page.fill('#p-percent', '60');
  await page.fill('#p-text', '再报一次');
  await page.click('#progress-form button[type=submit]');
  await page.locator('#progress-form .field-error[data-for="percent"]').filter({ hasText: '完成比例应为100%' }).waitFor();
  assert.equal(await page.getAttribute('#p-percent', 'aria-invalid'), 'true');
  assert.equal(await page.getAttribute('#p-percent', 'aria-describedby'), 'p-percent-error');
  // and in the summary at the top of the form, a link to the field
  assert.equal(await page.getAttribute('#progress-form .error-summary a', 'href'), '#p-percent');
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
    [UNIT, '青岛市市场监督管理局', '2', '1', '0', '1', '0', '0', '0', '已完成 +1 · 逾期 0']);
  const total = await page.locator('#report-table tbody tr.total td').allTextContents();
  // with the demo plan's 24 measures, none started then nor due in 2023
  assert.deepEqual(total, ['合计', '', '46', '1', '0', '40', '1', '4', '0', '已完成 +1 · 逾期 0']);
  assert.equal(await page.locator('#report-table tbody tr').count(), 12 + 6 + 1); // the test plan's lead units, the demo plan's others, the total
  await page.screenshot({ path: `${SHOTS}/ledger-dispatch.png`, fullPage: true });
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#r-xlsx')]);
  assert.equal(download.suggestedFilename(), 'dispatch-2023-08.xlsx');
  const rows = readXlsx(readFileSync(await download.path()));
  const x = rows.find((r) => r && r[0] === UNIT);
  assert.deepEqual(x.slice(0, 8), [UNIT, '青岛市市场监督管理局', 2, 1, 0, 1, 0, 0]);
  const sheetTotal = rows.find((r) => r && r[0] === '合计');
  assert.deepEqual(sheetTotal.slice(2, 8), [46, 1, 0, 40, 1, 4]);
  // the page and the workbook agree on 措施总数 and 已取消
  assert.deepEqual([Number(total[2]), Number(total[8])], [sheetTotal[2], sheetTotal[8]]);
  // one plan's dispatch: the test plan alone, without the demo plan's 24 measures; its files too
  const testPlan = await page.locator('#r-plan option').evaluateAll((os) =>
    os.find((o) => o.value && !o.textContent.includes('演示数据')).value);
  await page.selectOption('#r-plan', testPlan);
  await page.click('#report-form button[type=submit]');
  await page.locator('#report-table tbody tr.total td:nth-child(3)', { hasText: /^22$/ }).waitFor();
  assert.match(await page.locator('#r-xlsx').getAttribute('href'), new RegExp(`plan=${testPlan}&format=xlsx$`));

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

// The task force's view of a measure, on a desktop and on a phone: it opens a measure from the
// ledger, sees the report with its evidence, returns it (first without a reason: the Chinese
// error beside the field), urges the measure; the language toggle re-renders the view; the
// unit's officer then sees the returned report and the urging in their list.
for (const [width, height, number] of [[1366, 900, 1], [390, 844, 2]]) {
  test(`the supervisor returns a report and urges a measure (${width}×${height})`, async () => {
    const officerApi = await apiAs('officer');
    const mine = (await officerApi('GET', '/api/v1/ledger/measures?mine=1&limit=1000')).body.measures;
    const measure = mine.find((m) => m.number === number);
    const reported = await officerApi('POST', `/api/v1/ledger/measures/${measure.id}/progress`, {
      reported_on: '2023-09-01', status: 'in_progress', percent: 40, text: '已完成方案起草。',
      evidence: [{ name: `方案${number}.txt`, content_base64: Buffer.from('方案全文').toString('base64') }],
    });
    assert.equal(reported.status, 201);
    const viewport = { width, height };

    let { page, context, errors } = await loginAs('supervisor', { viewport });
    await page.goto(BASE + '/ledger.html');
    const row = page.locator(`#ledger-table tbody tr[data-id="${measure.id}"]`);
    await row.waitFor();
    assert.match(await page.locator('#list-rate').textContent(), /^完成率 \d+%/);
    await row.locator('button.open').click();
    const view = page.locator('#measure-view');
    await page.locator('#mv-title').filter({ hasText: measure.title }).waitFor();
    // tapped on a phone, the view is brought onto the screen
    const top = await view.evaluate((e) => e.getBoundingClientRect().top);
    assert.ok(top >= 0 && top < height / 2, `the view starts at ${top}`);
    assert.equal(await view.locator('.files a').first().textContent(), `方案${number}.txt`);
    assert.ok(await page.evaluate((w) => document.documentElement.scrollWidth <= w, width), 'the page fits the screen');
    const report = view.locator(`li[data-progress="${reported.body.id}"]`);
    await report.getByRole('button', { name: '退回' }).click();
    await report.locator('.field-error[data-for="reason"]').filter({ hasText: '请填写退回原因' }).waitFor();
    assert.equal(await report.locator('textarea').getAttribute('aria-invalid'), 'true');
    await report.getByLabel('退回原因').fill('佐证材料不全，请补充会议纪要');
    await report.getByRole('button', { name: '退回' }).click();
    await page.locator('#message').filter({ hasText: '已退回该进展' }).waitFor();
    await view.locator('li.returned').filter({ hasText: '佐证材料不全，请补充会议纪要' }).waitFor();
    await page.fill('#u-note', '请于本周内补报进展');
    await page.click('#urge-form button[type=submit]');
    await page.locator('#message').filter({ hasText: '已催办' }).waitFor();
    await page.locator('#mv-urgings li').filter({ hasText: '请于本周内补报进展' }).waitFor();
    await page.screenshot({ path: `${SHOTS}/ledger-supervisor-${width}.png`, fullPage: true });
    // the language toggle re-renders the view and the list
    await page.click('#lang');
    await page.locator('#list-rate').filter({ hasText: /^Completion/ }).waitFor();
    assert.match(await page.locator('#mv-meta').textContent(), / · due /);
    await view.locator('li.returned').filter({ hasText: /^.*Returned on/ }).waitFor();
    await page.click('#lang');
    await page.locator('#list-rate').filter({ hasText: /^完成率/ }).waitFor();
    assert.deepEqual(errors, []);
    await context.close();

    // the unit's officer sees the report returned and the urging in their list
    ({ page, context, errors } = await loginAs('officer', { viewport }));
    await page.goto(BASE + '/ledger.html');
    const item = page.locator(`#mine-list button.measure[data-id="${measure.id}"]`);
    await item.locator('.badge.returned').filter({ hasText: '佐证材料不全，请补充会议纪要' }).waitFor();
    assert.match(await item.locator('.badge.urged').textContent(), /催办 1 次，最近：请于本周内补报进展/);
    await item.click();
    await page.locator('#progress-history li.returned').filter({ hasText: '佐证材料不全' }).waitFor();
    const formTop = await page.locator('#progress-form').evaluate((e) => e.getBoundingClientRect().top);
    assert.ok(formTop >= 0 && formTop < height / 2, `the form starts at ${formTop}`);
    assert.deepEqual(errors, []);
    await context.close();
  });
}
