// Background jobs in a real browser, at desktop and at phone width: the supervisor reaches the
// page from the workbench, starts a check of the audit chain (a double click starts one job),
// and watches it end with its result; in English too. A clerk cannot start one. The outbox's
// deliveries are said in words, not as 其他任务.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, loginAs as login, BASE, SHOTS } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const loginAs = (name, viewport) => login(browser, name, { viewport });

for (const [label, viewport] of [['desktop', { width: 1280, height: 800 }], ['phone', { width: 390, height: 844 }]]) {
  test(`a supervisor starts a check of the audit chain and sees it end (${label})`, async () => {
    const { page, context, errors } = await loginAs('supervisor', viewport);
    await page.click('a[href="/jobs.html"]');
    await page.waitForURL('**/jobs.html');
    assert.equal(await page.locator('h1').textContent(), '后台任务');
    await page.locator('#jobs[data-loaded="true"]').waitFor({ state: 'attached' });
    // the page shows the newest jobs (the platform queues its own: SMS, figures), so count the
    // checks of the audit chain through the API, before and after a double click
    const checks = () => page.evaluate(async () =>
      (await api('GET', '/api/v1/jobs?limit=100')).body.jobs.filter((j) => j.kind === 'audit.verify').length);
    const before = await checks();
    await page.dblclick('#start-button');
    const done = page.locator('#jobs tbody tr').first().filter({ hasText: '核验审计日志哈希链' }).filter({ hasText: '已完成' });
    await done.waitFor({ timeout: 15000 });
    assert.equal(await checks(), before + 1); // a double click started one job
    assert.match(await done.textContent(), /完整：已核验\d+条记录/);
    // nothing wider than the screen
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= viewport.width, `page is ${width}px wide`);
    await page.screenshot({ path: `${SHOTS}/jobs-${label}.png`, fullPage: true });
    await page.click('#lang');
    assert.equal(await page.locator('h1').textContent(), 'Background jobs');
    assert.match(await page.locator('#jobs tbody tr').first().textContent(), /Intact: \d+ entries checked/);
    await page.click('#lang');
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('a clerk sees no start button and no jobs', async () => {
  const { page, context, errors } = await loginAs('clerk', { width: 1280, height: 800 });
  assert.equal(await page.locator('a[href="/jobs.html"]').isVisible(), false);
  await page.goto(BASE + '/jobs.html');
  await page.locator('#empty').waitFor({ state: 'visible' });
  assert.equal(await page.locator('#start').isVisible(), false);
  assert.deepEqual(errors, []);
  await context.close();
});

test('every job the page lists is said by what it does, with its result in words', async () => {
  // the demo's messages went out by the outbox's job (outbox.deliver)
  const { page, errors } = await loginAs('admin', { width: 390, height: 844 });
  await page.goto(`${BASE}/jobs.html`);
  await page.locator('#jobs[data-loaded="true"]').waitFor({ state: 'attached' });
  const text = await page.locator('#jobs tbody').textContent();
  assert.match(text, /发送短信通知/);
  assert.match(text, /已发送\d+条/);
  assert.doesNotMatch(text, /其他任务|0\/0/);
  assert.deepEqual(errors, []);
});
