// 办件数据 in a real browser, at desktop and at phone width, without logging in: a case of
// 个体工商户登记 is submitted, accepted and approved through the API, and the public figures page
// shows it by item (one case, completed, its materials, decided in 0 working days), by bundle,
// and in English; nothing is wider than a phone's screen.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, loginAs, BASE, SHOTS } from './browser.mjs';
import { req, login, itemCase, currentFigures, DEMO_PERSON } from '../api/lib.mjs';

let browser;
before(async () => {
  browser = await launch();
  const person = await login(DEMO_PERSON);
  const s = await req('POST', '/api/v1/cases', { token: person, body: await itemCase(person, 'QD-SCJG-XK-0004') });
  assert.equal(s.status, 201, s.text);
  const a = await req('POST', `/api/v1/cases/${s.json.id}/accept`, { token: await login('clerk'), body: {} });
  assert.equal(a.status, 200, a.text);
  const ok = await req('POST', `/api/v1/tasks/${a.json.tasks.find((t) => t.kind === 'review').id}/approve`,
    { token: await login('officer') });
  assert.equal(ok.status, 200, ok.text);
  await currentFigures('item'); // kept by a job after each change: wait until it has run
});
after(async () => { await browser?.close(); });

for (const [label, viewport] of [['desktop', { width: 1280, height: 800 }], ['phone', { width: 390, height: 844 }]]) {
  test(`the public figures per item and per bundle (${label})`, async () => {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(BASE + '/figures.html');
    assert.equal(await page.locator('h1').textContent(), '办件数据');
    await page.locator('#figures[data-loaded="true"]').waitFor({ state: 'attached' });
    await page.click('#by-item');
    const row = page.locator('#figures tbody tr', { hasText: '个体工商户登记' });
    await row.waitFor();
    const text = await row.textContent();
    assert.match(text, /0个工作日/);
    assert.equal(await page.locator('#by-item').getAttribute('aria-selected'), 'true');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= viewport.width, `page is ${width}px wide`);
    await page.screenshot({ path: `${SHOTS}/figures-${label}.png`, fullPage: true });
    await page.click('#lang');
    assert.equal(await page.locator('h1').textContent(), 'Case figures');
    assert.match(await row.textContent(), /0 working days/);
    await page.click('#by-bundle');
    await page.locator('#by-bundle[aria-selected="true"]').waitFor();
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('the tabs answer the arrow keys; an applicant opening the ledger is told it has no access', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(BASE + '/figures.html');
  await page.locator('#figures[data-loaded="true"]').waitFor({ state: 'attached' });
  await page.focus('#by-bundle');
  await page.keyboard.press('ArrowRight');
  await page.locator('#by-item[aria-selected="true"]').waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'by-item');
  await page.keyboard.press('Home');
  await page.locator('#by-bundle[aria-selected="true"]').waitFor();
  await context.close();

  const applicant = await loginAs(browser, '370202199003071233');
  await applicant.page.goto(BASE + '/ledger.html');
  await applicant.page.locator('#no-access').waitFor();
  assert.equal(await applicant.page.locator('#no-access h2').textContent(), '无权限');
  assert.equal(await applicant.page.locator('[role="tablist"]').isVisible(), false);
  assert.deepEqual(applicant.errors, []);
  await applicant.context.close();
});
