// The working-day calendar page in a real browser: at desktop width the administrator sees a
// due date past the official calendar marked provisional, has a bad file refused naming its
// line, checks and loads the 2027 arrangement, and the same due date is then later and
// official; on a 390 px phone the page fits the screen, loads 2028 the same way, and reads in
// English; a clerk computes due dates but sees no loading form.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { launch, loginAs as login, BASE, SHOTS } from './browser.mjs';

const YEAR_2027 = fileURLToPath(new URL('../data/calendar-2027-fictional.tsv', import.meta.url));
const HEADER = 'date\tkind\tname\n';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const loginAs = (name, viewport) => login(browser, name, { viewport });

async function due(page, from, days, expect) {
  await page.fill('#d-from', from);
  await page.fill('#d-days', String(days));
  await page.click('#due-form button[type=submit]');
  await page.locator('#due-result').filter({ hasText: expect }).waitFor();
  return page.locator('#due-result').textContent();
}

test('desktop: a provisional due date, a bad file refused, 2027 loaded, the due date official', async () => {
  const { page, context, errors } = await loginAs('admin', { width: 1280, height: 860 });
  await page.click('#calendar-link');
  await page.waitForURL('**/calendar.html');
  await page.locator('#coverage').filter({ hasText: '2026-12-24' }).waitFor();
  assert.match(await page.locator('#coverage').textContent(), /2027 年节假日安排加载后/);

  // the question of issue 6: accepted Monday 2026-12-28, five working days
  let text = await due(page, '2026-12-28', 5, '2027-01-04');
  assert.match(text, /到期日 2027-01-04/);
  assert.match(text, /暂定：2027 年节假日安排尚未加载/);

  // a make-up working day on a Monday is refused, naming the line
  assert.equal(await page.inputValue('#l-year'), '2027');
  const bad = readFileSync(YEAR_2027, 'utf8').replace('2027-02-20\tworkday', '2027-02-22\tworkday');
  await page.setInputFiles('#l-file', { name: 'bad-2027.tsv', mimeType: 'text/tab-separated-values', buffer: Buffer.from(bad) });
  await page.click('#l-check');
  await page.locator('#error').filter({ hasText: '第10行' }).waitFor();
  assert.match(await page.locator('#error').textContent(), /第10行/);
  assert.equal(await page.isDisabled('#l-save'), true);

  // the right file: checked (nothing saved), then loaded
  await page.setInputFiles('#l-file', YEAR_2027);
  await page.click('#l-check');
  await page.locator('#check-counts').filter({ hasText: '2027 年：放假 20 天，调休上班 2 天' }).waitFor();
  assert.equal(await page.locator('#check-table tbody tr').count(), 22);
  assert.match(await page.locator('#check-table tbody tr.workday').first().textContent(), /2027-02-20周六调休上班/);
  await page.screenshot({ path: `${SHOTS}/calendar-check.png`, fullPage: true });
  await page.click('#l-save');
  await page.locator('#message').filter({ hasText: '2027 年节假日安排已加载' }).waitFor();

  // the same question, asked again by the page: a later date, official
  await page.locator('#due-result').filter({ hasText: '2027-01-05' }).waitFor();
  text = await page.locator('#due-result').textContent();
  assert.match(text, /正式/);
  assert.doesNotMatch(text, /暂定/);
  assert.match(await page.locator('#coverage').textContent(), /2027-12-24/);
  const row = page.locator('#years-table tbody tr').first();
  assert.equal(await row.getAttribute('data-year'), '2027');
  assert.match(await row.textContent(), /已加载.*calendar-2027-fictional\.tsv/);
  await page.screenshot({ path: `${SHOTS}/calendar-loaded.png`, fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();
});

test('390 px: the page fits, 2028 loaded from pasted text, in English too', async () => {
  const { page, context, errors } = await loginAs('admin', { width: 390, height: 844 });
  await page.goto(BASE + '/calendar.html');
  await page.locator('#coverage').filter({ hasText: '2027-12-24' }).waitFor();
  const fits = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
  assert.equal(await fits(), true, 'no sideways scrolling at 390 px');

  let text = await due(page, '2027-12-20', 10, '2028-01-03');
  assert.match(text, /暂定：2028 年/);
  assert.equal(await page.inputValue('#l-year'), '2028');
  const days = ['2028-01-01', '2028-05-01', '2028-05-02', '2028-05-03', '2028-10-01', '2028-10-02', '2028-10-03']
    .map((d) => `${d}\tholiday\t${d.slice(5, 7) === '01' ? 'NewYear' : d.slice(5, 7) === '05' ? 'LabourDay' : 'NationalDay'}`);
  await page.fill('#l-text', HEADER + days.join('\n') + '\n');
  await page.click('#l-check');
  await page.locator('#check-counts').filter({ hasText: '2028 年：放假 7 天，调休上班 0 天' }).waitFor();
  assert.equal(await fits(), true, 'the checked days fit too');
  await page.click('#l-save');
  await page.locator('#message').filter({ hasText: '2028 年节假日安排已加载' }).waitFor();
  await page.locator('#due-result').filter({ hasText: '正式' }).waitFor();
  // 12-21..12-24, 12-27..12-31, then 2028-01-03 (Monday; 01-01 is a Saturday anyway)
  assert.match(await page.locator('#due-result').textContent(), /2028-01-03/);
  await page.screenshot({ path: `${SHOTS}/calendar-390.png`, fullPage: true });

  await page.click('#lang');
  await page.locator('h1').filter({ hasText: 'Working-day calendar' }).waitFor();
  await page.locator('#due-result').filter({ hasText: 'Official' }).waitFor();
  assert.match(await page.locator('#coverage').textContent(), /official calendar covers 2004-01-01 to 2028-12-24/);
  assert.match(await page.locator('#years-table tbody tr').first().textContent(), /2028Loaded/);
  assert.equal(await fits(), true);
  await page.screenshot({ path: `${SHOTS}/calendar-390-en.png`, fullPage: true });
  await page.click('#lang'); // back to Chinese for the next test's context (storage is per context anyway)
  assert.deepEqual(errors, []);
  await context.close();
});

test('a clerk computes due dates but cannot load a year', async () => {
  const { page, context, errors } = await loginAs('clerk', { width: 1280, height: 800 });
  await page.click('#calendar-link');
  await page.waitForURL('**/calendar.html');
  await page.locator('#coverage').filter({ hasText: '2028-12-24' }).waitFor();
  assert.equal(await page.isVisible('#load-form'), false);
  const text = await due(page, '2026-12-28', 5, '2027-01-05');
  assert.match(text, /正式/);
  assert.deepEqual(errors, []);
  await context.close();
});
