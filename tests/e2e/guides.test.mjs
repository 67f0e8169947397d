// The guide's new parts, the footer and 长辈版 in a real browser, at 1366 and at 390 px: an item's
// guide shows where, when, whom to call, the steps, the fee, and its blank form downloads as the
// PDF the guide names; a bundle's guide combines its items'; every page — the public ones and
// login included, and the staff's — ends with the footer naming who runs the site and linking to
// the accessibility statement; 长辈版 is one click from the top bar, makes the text 20 px and
// more, leaves out what a page marks secondary, is remembered across pages and toggles back.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { launch, loginAs, BASE, SHOTS } from './browser.mjs';

const DESKTOP = { width: 1366, height: 900 }, PHONE = { width: 390, height: 844 };
const SIZES = [['1366', DESKTOP], ['390', PHONE]];
let browser, site;
before(async () => {
  browser = await launch();
  site = await (await fetch(`${BASE}/api/v1/site`)).json();
});
after(async () => { await browser?.close(); });

const noSideScroll = async (page, viewport) =>
  assert.ok(await page.evaluate((w) => document.documentElement.scrollWidth <= w, viewport.width), 'no sideways scrolling');
const ready = (page) => page.locator('body[data-ready="true"]').waitFor({ state: 'attached' });

async function visitor(viewport) {
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return { context, page, errors };
}

for (const [size, viewport] of SIZES) {
  test(`an item's guide shows where, when, whom to call, the steps and the fee, and its blank form downloads (${size} px)`, async () => {
    const item = await (await fetch(`${BASE}/api/v1/items/QD-SCJG-XK-0004`)).json();
    const { context, page, errors } = await visitor(viewport);
    await page.goto(`${BASE}/#item/QD-SCJG-XK-0004`);
    const guide = page.locator('#guide[data-code="QD-SCJG-XK-0004"]');
    await guide.locator('ol.steps').waitFor();
    const text = await guide.textContent();
    for (const h of ['办理地点', '办理时间', '咨询电话', '监督投诉电话', '办理流程', '收费标准', '空白表格和示例'])
      assert.ok(text.includes(h), `the guide says ${h}`);
    assert.match(await guide.locator('ul.places li').first().textContent(), new RegExp(`^${item.places[0].hall} ${item.places[0].window}${item.places[0].address.replace(/[()（）]/g, '.')}$`));
    assert.ok(text.includes(item.hours));
    const phone = guide.locator('a.phone').first();
    assert.equal(await phone.textContent(), item.phone);
    assert.equal(await phone.getAttribute('href'), `tel:${item.phone.split('转')[0].replace(/[^0-9+]/g, '')}`);
    assert.deepEqual(await guide.locator('ol.steps > li > strong').allTextContents(), item.steps.map((s) => s.name));
    assert.ok(text.includes('不收费'));
    await noSideScroll(page, viewport);
    await page.screenshot({ path: `${SHOTS}/guide-${size}.png`, fullPage: true });

    // the blank form: a download under the guide's name, the PDF of the item's own fields
    const blank = item.files.find((f) => f.kind === 'blank');
    const link = guide.locator('a.guide-file', { hasText: blank.name });
    assert.equal(await link.locator('xpath=..').locator('.badge').textContent(), '空白表格');
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    assert.equal(download.suggestedFilename(), blank.name);
    const path = await download.path();
    assert.equal(readFileSync(path).subarray(0, 5).toString(), '%PDF-');
    const pdf = execFileSync('pdftotext', [path, '-'], { encoding: 'utf8' });
    assert.match(pdf, /个体工商户登记申请表/);
    for (const f of item.fields) assert.ok(pdf.includes(f.label), f.label);
    assert.equal(await guide.locator('a.guide-file', { hasText: '填写示例' }).count(), 1);

    // in English: the headings in English, the hall as the guide names it
    await page.click('#lang');
    await guide.locator('h3', { hasText: 'Where' }).waitFor();
    assert.ok((await guide.textContent()).includes('Blank forms and samples'));
    await noSideScroll(page, viewport);
    await page.screenshot({ path: `${SHOTS}/guide-${size}-en.png`, fullPage: true });
    assert.deepEqual(errors, []);
    await context.close();
  });

  test(`a bundle's guide combines its items' places, phones, fees and forms (${size} px)`, async () => {
    const { context, page, errors } = await visitor(viewport);
    await page.goto(`${BASE}/#bundle/YJS-CYKB`);
    await page.locator('#bundle[data-code="YJS-CYKB"] #questions').waitFor();
    // any answers the questionnaire takes: the first choice of each list, 否 for each yes or no
    for (const q of await page.locator('#questions .question').all()) {
      if (await q.locator('select').count()) await q.locator('select').selectOption({ index: 1 });
      else await q.locator('input[value="false"]').check();
    }
    await page.click('#form-button');
    await page.locator('#bundle-guide').waitFor();
    const items = await page.locator('#merged .merged-name').allTextContents();
    assert.ok(items.length >= 2, 'the bundle has several items');
    const combined = page.locator('#bundle-guide');
    // each item's phone under its name, each item's forms under its name, every hall once
    assert.equal(await combined.locator('ul.phones li').count(), items.length);
    for (const name of items) assert.ok((await combined.locator('ul.phones').textContent()).includes(name), name);
    assert.equal(await combined.locator('ul.guide-files li').count(), 2 * items.length);
    const halls = await combined.locator('ul.places li').allTextContents();
    assert.equal(new Set(halls).size, halls.length);
    assert.match(await combined.textContent(), /合计/);
    await noSideScroll(page, viewport);
    await page.screenshot({ path: `${SHOTS}/guide-bundle-${size}.png`, fullPage: true });
    assert.deepEqual(errors, []);
    await context.close();
  });
}

// every page a visitor and each role open: the footer at the end, with the site's settings
const PUBLIC_PAGES = ['/', '/login.html', '/figures.html', '/accessibility.html', '/#policies', '/#status', '/#item/QD-SCJG-XK-0001'];
const STAFF_PAGES = [['clerk', ['/workbench.html', '/office.html', '/ledger.html', '/registry.html', '/calendar.html', '/jobs.html', '/messages.html']],
  ['admin', ['/policies.html']], ['370202199003071233', ['/#mine', '/messages.html']]];

async function footerOf(page, path) {
  await page.goto(BASE + path);
  await ready(page);
  const foot = page.locator('footer.site-footer');
  await foot.locator('[data-part="host"]').waitFor();
  assert.equal(await page.locator('footer.site-footer').count(), 1, `one footer on ${path}`);
  assert.equal(await foot.locator('[data-part="host"]').textContent(), `主办单位：${site.host}`, path);
  assert.equal(await foot.locator('[data-part="operator"]').textContent(), `承办单位：${site.operator}`, path);
  assert.equal(await foot.locator('[data-part="phone"] a').getAttribute('href'), `tel:${site.phone.replace(/[^0-9+]/g, '')}`);
  assert.equal(await foot.locator('[data-part="email"] a').textContent(), site.email);
  assert.equal(await foot.locator('#accessibility-link').getAttribute('href'), '/accessibility.html');
  assert.equal(await foot.isVisible(), true, path);
  // it ends the page
  assert.ok(await page.evaluate(() => {
    const f = document.querySelector('footer.site-footer');
    return f === document.body.lastElementChild && f.getBoundingClientRect().bottom + window.scrollY >= document.querySelector('main').getBoundingClientRect().bottom + window.scrollY;
  }), path);
}

for (const [size, viewport] of SIZES) {
  test(`every page ends with the footer: who runs the site, its contacts, the accessibility statement (${size} px)`, async () => {
    const { context, page, errors } = await visitor(viewport);
    for (const path of PUBLIC_PAGES) {
      await footerOf(page, path);
      await noSideScroll(page, viewport);
    }
    await page.screenshot({ path: `${SHOTS}/footer-${size}.png`, fullPage: true });
    assert.deepEqual(errors, []);
    await context.close();
    for (const [who, paths] of STAFF_PAGES) {
      const s = await loginAs(browser, who, { viewport });
      for (const path of paths) {
        await footerOf(s.page, path);
        await noSideScroll(s.page, viewport);
      }
      assert.deepEqual(s.errors, []);
      await s.context.close();
    }
  });
}

test('the footer in English names the site in English; the statement says what is done and whom to tell', async () => {
  const { context, page, errors } = await visitor(DESKTOP);
  await page.goto(`${BASE}/accessibility.html`);
  await ready(page);
  assert.equal(await page.locator('h1').textContent(), '无障碍声明');
  assert.ok(await page.locator('#a11y-points li').count() >= 5);
  assert.match(await page.locator('#a11y-contact-text').textContent(), new RegExp(site.phone));
  assert.equal(await page.locator('#accessibility-link').getAttribute('aria-current'), 'page');
  await page.click('#lang');
  await page.locator('footer [data-part="host"]', { hasText: `Run by: ${site.host_en}` }).waitFor();
  assert.equal(await page.locator('h1').textContent(), 'Accessibility statement');
  await page.click('#lang');
  assert.deepEqual(errors, []);
  await context.close();
});

for (const [size, viewport] of SIZES) {
  test(`长辈版: one click from the top bar, larger, fewer things, remembered across pages, and back (${size} px)`, async () => {
    const { context, page, errors } = await visitor(viewport);
    const bodyPx = () => page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
    const elder = () => page.evaluate(() => document.documentElement.classList.contains('elder'));
    await page.goto(`${BASE}/#item/QD-SCJG-XK-0004`);
    await page.locator('#guide ol.steps').waitFor();
    const before = await bodyPx();
    assert.equal(await page.locator('#guide [data-secondary]').isVisible(), true);
    assert.equal(await page.locator('#elder').textContent(), '长辈版');
    assert.equal(await page.locator('#elder').getAttribute('aria-pressed'), 'false');
    await page.click('#elder');
    assert.equal(await elder(), true);
    assert.ok(await bodyPx() >= 20 && await bodyPx() > before, 'larger text');
    assert.equal(await page.locator('#elder').textContent(), '标准版');
    assert.equal(await page.locator('#elder').getAttribute('aria-pressed'), 'true');
    // fewer things: what the guide marks secondary is left out; the steps and forms stay
    assert.equal(await page.locator('#guide [data-secondary]').isVisible(), false);
    assert.equal(await page.locator('#guide ol.steps').isVisible(), true);
    // bigger targets
    const h = await page.locator('#elder').evaluate((e) => e.getBoundingClientRect().height);
    assert.ok(h >= 44, `the toggle is ${h} px high`);
    await noSideScroll(page, viewport);
    await page.screenshot({ path: `${SHOTS}/elder-guide-${size}.png`, fullPage: true });

    // remembered on the next page, the login page included
    for (const path of ['/figures.html', '/login.html', '/accessibility.html']) {
      await page.goto(BASE + path);
      await ready(page);
      assert.equal(await elder(), true, path);
      assert.ok(await bodyPx() >= 20, path);
      await noSideScroll(page, viewport);
    }
    await page.screenshot({ path: `${SHOTS}/elder-login-${size}.png`, fullPage: true });
    // and back
    await page.click('#elder');
    assert.equal(await elder(), false);
    await page.goto(`${BASE}/`);
    await ready(page);
    assert.equal(await elder(), false);
    assert.equal(await bodyPx(), before);
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('长辈版 for a logged-in applicant: 我的办件 and the top bar fit at 390 px', async () => {
  const s = await loginAs(browser, '370202199003071233', { viewport: PHONE });
  await s.page.click('#elder');
  await s.page.goto(`${BASE}/#mine`);
  await s.page.locator('#mine[data-loaded="true"]').waitFor({ state: 'attached' });
  assert.ok(await s.page.evaluate(() => document.documentElement.classList.contains('elder')));
  await noSideScroll(s.page, PHONE);
  await s.page.screenshot({ path: `${SHOTS}/elder-mine-390.png`, fullPage: true });
  assert.deepEqual(s.errors, []);
  await s.context.close();
});
