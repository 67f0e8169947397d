// A case's documents in a real browser (issue 15, docs/documents.md), at 1366 px and at 390 px: the
// applicant's case page lists the 受理回执 with 打印 and 下载PDF; the PDF downloads under its Chinese
// name and its text (pdftotext) names the case number and the deferred material with its due date;
// 打印 opens the page to print — the document's words, its QR code and address, the print button,
// and in print only the sheet; the QR's address opens the public verification without a login,
// 此文书真实有效 with the facts and no name; an unknown code is told as such. The officer's case view
// lists the documents too, and a refused case's 不予受理决定书 names the 60 days and 6 months.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { launch, loginAs, BASE, SHOTS } from './browser.mjs';
import { req, login as apiLogin, itemCase, dayAfter, DEMO_PERSON } from '../api/lib.mjs';

const DESKTOP = { width: 1366, height: 900 }, PHONE = { width: 390, height: 844 };
const FOOD = 'QD-SCJG-XK-0005'; // 食品经营许可证核发: 主要设备设施清单 may be deferred
let browser, accepted, refused, due;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const words = (date) => `${date.slice(0, 4)}年${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;

async function noSideScroll(page, viewport) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= viewport.width, `page is ${width}px wide at ${viewport.width}`);
}

test('a case accepted with a material deferred, and another refused', async () => {
  const person = await apiLogin(DEMO_PERSON), clerk = await apiLogin('clerk');
  const submit = async () => {
    const r = await req('POST', '/api/v1/cases', { token: person, body: await itemCase(person, FOOD) });
    assert.equal(r.status, 201, r.text);
    return r.json;
  };
  accepted = await submit();
  due = dayAfter(25);
  const a = await req('POST', `/api/v1/cases/${accepted.id}/accept`, { token: clerk, body: { deferred: [{ material: '主要设备设施清单', due_date: due, due_reason: '设备清单待供货商出具' }] } });
  assert.equal(a.status, 200, a.text);
  refused = await submit();
  const r = await req('POST', `/api/v1/cases/${refused.id}/refuse`, { token: clerk, body: { reason: '申请事项不属于本市管辖' } });
  assert.equal(r.status, 200, r.text);
});

for (const [label, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
  test(`the applicant downloads the receipt, prints it and verifies it by its QR's address (${label})`, async () => {
    const { page, context, errors } = await loginAs(browser, DEMO_PERSON, { viewport, acceptDownloads: true });
    await page.goto(`${BASE}/#case/${accepted.id}`);
    const entry = page.locator('#case-documents li[data-kind="receipt"]');
    await entry.waitFor();
    assert.match(await entry.textContent(), /受理回执/);
    assert.equal(await entry.locator('a[data-act="print"]').textContent(), '打印');
    assert.equal(await entry.locator('a[data-act="pdf"]').textContent(), '下载PDF');
    await noSideScroll(page, viewport);

    // 下载PDF: saved under its Chinese name; its text says the number and the deferred material
    const [download] = await Promise.all([page.waitForEvent('download'), entry.locator('a[data-act="pdf"]').click()]);
    assert.equal(download.suggestedFilename(), `受理回执-${accepted.number}.pdf`);
    const bytes = readFileSync(await download.path());
    assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', '-', '-'], { input: bytes }).toString().replace(/\s+/g, '');
    for (const said of [`办件编号：${accepted.number}`, '食品经营许可证核发', `主要设备设施清单：请于${words(due)}前补交`])
      assert.ok(text.includes(said), `the PDF says ${said}: ${text}`);

    // 打印: the sheet with the words, the QR code and its address; the button prints
    await entry.locator('a[data-act="print"]').click();
    await page.waitForURL('**/document.html?**');
    const paper = page.locator('#paper');
    await paper.waitFor();
    const sheet = await paper.textContent();
    for (const said of ['受理回执', `办件编号：${accepted.number}`, '张三：', `主要设备设施清单：请于${words(due)}前补交`, '验证码：'])
      assert.ok(sheet.includes(said), `the sheet says ${said}`);
    assert.equal(await paper.locator('svg[role="img"]').count(), 1);
    const url = await page.locator('#doc-url').getAttribute('href');
    assert.match(url, /\/verify\.html\?code=[0-9A-HJKMNP-TV-Z]{16}$/);
    await page.evaluate(() => { window.print = () => { document.body.dataset.printed = 'yes'; }; });
    await page.click('#doc-print');
    assert.equal(await page.locator('body').getAttribute('data-printed'), 'yes');
    await noSideScroll(page, viewport);
    await page.screenshot({ path: `${SHOTS}/document-receipt-${label}.png`, fullPage: true });
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('header.topbar').isVisible(), false);
    assert.equal(await page.locator('#doc-print').isVisible(), false);
    assert.ok(await paper.isVisible());
    await page.emulateMedia({ media: 'screen' });

    // the QR's address, opened by anyone: genuine, with the facts and nothing personal
    const visitor = await browser.newContext({ viewport });
    const open = await visitor.newPage();
    open.on('pageerror', (e) => errors.push(e.message));
    await open.goto(url);
    await open.locator('#verify-verdict').waitFor();
    assert.equal(await open.locator('#verify-verdict').textContent(), '此文书真实有效');
    const facts = await open.locator('#verify-result').textContent();
    for (const said of ['受理回执', accepted.number, '食品经营许可证核发', '青岛市市场监督管理局']) assert.ok(facts.includes(said), said);
    assert.ok(!facts.includes('张三') && !facts.includes(DEMO_PERSON), facts);
    await noSideScroll(open, viewport);
    await open.screenshot({ path: `${SHOTS}/document-verify-${label}.png`, fullPage: true });
    // a code nobody issued: told beside the field, no verdict
    await open.fill('#verify-code', '0000-0000-0000-0000');
    await open.click('#verify-go');
    await open.locator('#verify-form').filter({ hasText: '没有查到此验证码对应的文书' }).waitFor();
    assert.equal(await open.locator('#verify-result').isVisible(), false);
    await visitor.close();
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('the officer\'s case view lists the receipt; a refused case\'s decision to print names the rights', async () => {
  const { page, context, errors } = await loginAs(browser, 'officer', { viewport: DESKTOP });
  await page.goto(BASE + '/office.html#inbox');
  await page.locator('#inbox[data-loaded="true"]').waitFor({ state: 'attached' });
  const task = (await req('GET', `/api/v1/cases/${accepted.id}`, { token: await apiLogin('officer') })).json.tasks.find((x) => x.kind === 'review');
  await page.locator(`#inbox tr[data-task="${task.id}"] button`).click();
  const entry = page.locator('#case-documents li[data-kind="receipt"]');
  await entry.waitFor();
  assert.match(await entry.locator('a[data-act="print"]').getAttribute('href'), new RegExp(`case=${accepted.id}&kind=receipt`));
  await context.close();

  const clerk = await loginAs(browser, 'clerk', { viewport: PHONE });
  await clerk.page.goto(`${BASE}/document.html?case=${refused.id}&kind=decision`);
  const paper = clerk.page.locator('#paper');
  await paper.waitFor();
  const sheet = (await paper.textContent()).replace(/\s+/g, '');
  for (const said of ['不予受理决定书', '申请事项不属于本市管辖', '60日内', '行政复议', '6个月内', '行政诉讼'])
    assert.ok(sheet.includes(said), `the decision says ${said}`);
  await noSideScroll(clerk.page, PHONE);
  await clerk.page.screenshot({ path: `${SHOTS}/document-decision-phone.png`, fullPage: true });
  // a document the case does not have: the page says so
  await clerk.page.goto(`${BASE}/document.html?case=${refused.id}&kind=receipt`);
  await clerk.page.locator('#error').filter({ hasText: '此办件尚无受理回执' }).waitFor();
  assert.deepEqual([...errors, ...clerk.errors], []);
  await clerk.context.close();
});
