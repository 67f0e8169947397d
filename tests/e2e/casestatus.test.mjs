// The public 办件查询 in a real browser, nobody logged in, at desktop and at phone width: linked
// from the portal's top area; a malformed number and tail refused beside their fields in Chinese
// before anything is sent; a wrong pair answered with one message; the right pair shows the case's
// number, title, state and steps in words, and again in English after the toggle.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, apiAs, BASE } from './browser.mjs';

const PERSON = '370202199003071233'; // the demo person, who has the demo city's cases
let browser, demoCase;
before(async () => {
  browser = await launch();
  const api = await apiAs(PERSON);
  const mine = await api('GET', '/api/v1/cases?mine=true&limit=50');
  demoCase = mine.body.cases.find((c) => c.number && c.state === 'in_progress');
  assert.ok(demoCase, 'a demo case in progress with a number');
});
after(async () => { await browser?.close(); });

for (const [label, viewport] of [['desktop', { width: 1366, height: 900 }], ['phone', { width: 390, height: 844 }]]) {
  test(`anyone looks a case up by its number and the ID's last six (${label})`, async () => {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(BASE + '/');
    await page.locator('body[data-ready="true"]').waitFor({ state: 'attached' });
    assert.equal(await page.locator('#status-link').textContent(), '办件查询');
    await page.click('#status-link');
    await page.locator('#status-form').waitFor();
    assert.equal(await page.locator('h1').textContent(), '办件查询');

    // malformed: each field's error beside it, in Chinese, nothing sent
    await page.fill('#status-number', '12345');
    await page.fill('#status-id_tail', '12');
    await page.click('#status-go');
    assert.equal(await page.locator('.field-error[data-for="number"]').textContent(), '办件编号应为19位数字');
    assert.equal(await page.locator('.field-error[data-for="id_tail"]').textContent(), '请填写证件号码的最后六位（数字或字母）');
    assert.equal(await page.locator('#status-number').getAttribute('aria-invalid'), 'true');

    // a wrong pair: one message, which says not which half was wrong
    await page.fill('#status-number', demoCase.number);
    await page.fill('#status-id_tail', '000000');
    await page.click('#status-go');
    await page.locator('#status-form .error-summary').filter({ hasText: '没有查到办件' }).waitFor();
    assert.equal(await page.locator('#status-result').count(), 0);

    // the right pair
    await page.fill('#status-id_tail', PERSON.slice(-6));
    await page.click('#status-go');
    const result = page.locator('#status-result');
    await result.waitFor();
    assert.equal(await page.locator('#status-form .error-summary').count(), 0);
    const text = await result.textContent();
    assert.ok(text.includes(demoCase.number));
    assert.ok(text.includes(demoCase.title));
    assert.match(text, /办理中/);
    assert.match(await page.locator('#status-steps li').first().textContent(), /^\d{4}-\d{2}-\d{2} 提交申请$/);
    assert.doesNotMatch(text, /in_progress|[0-9A-HJKMNP-TV-Z]{26}/); // no codes, no ULIDs
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= viewport.width, `page is ${width}px wide`);

    // in English: the words again, and the case asked again in English
    await page.click('#lang');
    await page.locator('#status-result').filter({ hasText: 'in progress' }).waitFor();
    assert.match(await page.locator('#status-steps li').first().textContent(), /application submitted$/);
    assert.equal(await page.locator('h1').textContent(), 'Track a case');
    assert.deepEqual(errors, []);
    await context.close();
  });
}
