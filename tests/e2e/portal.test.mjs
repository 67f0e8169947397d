// The public portal in a real browser, at desktop and at phone width, with nobody logged in:
// search as one types, an item's guide with its materials, a one-thing bundle's questionnaire
// whose answers decide which items the merged form includes, an error beside the questions,
// and the English toggle re-rendering what is on screen.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, BASE, SHOTS } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function fits(page, viewport) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= viewport.width, `page is ${width}px wide`);
}

for (const [label, viewport] of [['desktop', { width: 1366, height: 900 }], ['phone', { width: 390, height: 844 }]]) {
  test(`an applicant finds an item, reads its guide and asks a bundle for its form (${label})`, async () => {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // the front page, nobody logged in; the old address leads there too
    await page.goto(BASE + '/portal.html');
    await page.waitForURL(BASE + '/');
    assert.equal(await page.locator('h1').textContent(), '办事大厅');
    assert.equal(await page.getAttribute('#login-link', 'href'), '/login.html?next=%2F');
    assert.equal(await page.locator('#logout').isVisible(), false);
    await page.locator('#bundles[data-loaded="true"]').waitFor({ state: 'attached' });
    assert.ok(await page.locator('#bundles a[data-code="YJS-CYKB"]').count() === 1);

    // search as one types
    await page.locator('#q').pressSequentially('营业执照', { delay: 30 });
    const first = page.locator('#items tbody tr').first();
    await first.filter({ hasText: '营业执照（设立登记）' }).waitFor();
    assert.match(await first.textContent(), /青岛市市场监督管理局/);
    assert.match(await first.textContent(), /1 个工作日/);
    assert.match(await first.textContent(), /不收费/);
    assert.match(await first.textContent(), /全程网办/);
    await fits(page, viewport);
    await page.screenshot({ path: `${SHOTS}/portal-search-${label}.png`, fullPage: true });

    // its guide
    await first.locator('a').click();
    await page.locator('#guide[data-code="QD-SCJG-XK-0001"] h2').waitFor();
    assert.equal(await page.getAttribute('#apply-link', 'href'), '#apply/item/QD-SCJG-XK-0001');
    assert.equal(await page.locator('#guide h2').textContent(), '营业执照（设立登记）');
    assert.ok(await page.locator('#guide ul.materials li').count() > 0, 'the guide lists materials');
    assert.match(await page.locator('#guide').textContent(), /申请材料/);
    assert.match(await page.locator('#guide').textContent(), /法定时限/);
    await fits(page, viewport);
    await page.screenshot({ path: `${SHOTS}/portal-guide-${label}.png`, fullPage: true });
    await page.click('#guide a.back');
    await page.locator('#home').waitFor({ state: 'visible' });

    // a bundle: asking without answers is refused, the error beside the questions
    await page.click('#bundles a[data-code="YJS-CYKB"]');
    await page.locator('#bundle[data-code="YJS-CYKB"] #questions').waitFor();
    assert.equal(await page.locator('#bundle h2').textContent(), '开办餐饮店');
    await page.click('#form-button');
    await page.locator('#questions #error').waitFor({ state: 'visible' });
    assert.doesNotMatch(await page.locator('#bundle').textContent(), /null|undefined/);

    const food = page.locator('#merged .merged-name', { hasText: '食品经营许可证核发' });
    const answer = async (key, value) => page.check(`.question[data-key="${key}"] input[value="${value}"]`);
    await page.selectOption('#answer-new_shop', '新开店，还没有营业执照');
    await page.selectOption('#answer-entity_kind', '企业');
    await answer('has_employees', 'false');
    await answer('sells_cooked_food', 'true');
    await page.click('#form-button');
    await page.locator('#merged').waitFor();
    assert.equal(await page.locator('#error').isVisible(), false);
    assert.equal(await food.count(), 1);
    assert.match(await page.locator('#merged').textContent(), /营业执照（设立登记）/);
    // the materials once each
    const materials = await page.locator('#merged ul.materials li strong').allTextContents();
    assert.ok(materials.length > 0);
    assert.equal(new Set(materials).size, materials.length, 'materials are de-duplicated');
    const fields = await page.locator('#merged ul.fields li strong').allTextContents();
    assert.ok(fields.length > 0);
    await fits(page, viewport);
    await page.screenshot({ path: `${SHOTS}/portal-bundle-yes-${label}.png`, fullPage: true });

    await answer('sells_cooked_food', 'false');
    await page.click('#form-button');
    await page.locator('#merged').waitFor();
    await page.waitForFunction(() => !document.querySelector('#merged').textContent.includes('食品经营许可证核发'));
    assert.equal(await food.count(), 0);
    await page.screenshot({ path: `${SHOTS}/portal-bundle-no-${label}.png`, fullPage: true });

    // in English: what is on screen is drawn again, the answers kept
    await page.click('#lang');
    assert.equal(await page.locator('h1').textContent(), 'Service hall');
    assert.equal(await page.locator('#form-button').textContent(), 'Show what I need');
    assert.match(await page.locator('#bundle').textContent(), /The merged materials/);
    assert.ok(await page.locator('.question[data-key="sells_cooked_food"] input[value="false"]').isChecked());
    await fits(page, viewport);
    await page.screenshot({ path: `${SHOTS}/portal-bundle-en-${label}.png`, fullPage: true });
    await page.click('#bundle a.back');
    await page.locator('#home').waitFor({ state: 'visible' });
    assert.match(await page.locator('#items tbody tr').first().textContent(), /Entirely online/);
    assert.match(await page.locator('#items tbody tr').first().textContent(), /Free/);
    await fits(page, viewport);
    await page.click('#lang');
    assert.equal(await page.locator('h1').textContent(), '办事大厅');
    assert.deepEqual(errors, []);
    await context.close();
  });
}
