// Forms a real applicant can fill, in a real browser at 1366 px and 390 px: 张三 types 开饭店 in
// the portal's search and finds 开办餐饮店 first; as a new 个体工商户 he is asked neither a USCC
// nor for a licence, is asked for his 经营者 and told honestly that an e-certificate cannot yet
// stand in for his ID card; a mobile number, a landline, a postal code and an amount in 元 are
// checked as he types, beside each field, in the words the server uses (tests/api/forms.test.mjs
// holds the server to them).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, apiAs, BASE, SHOTS } from './browser.mjs';

const PERSON = '370202199003071233';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function fits(page, viewport) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= viewport.width, `page is ${width}px wide at ${viewport.width}px`);
}

const fieldError = (page, key) => page.locator(`#apply .field[data-key="${key}"] .field-error`);
const label = (page, key) => page.locator(`#apply .field[data-key="${key}"] label`);

// the server's words for a bad value of each type, asked of the server itself
async function serverWords(person, patch) {
  const item = (await person('GET', '/api/v1/items/QD-SCJG-XK-0001')).body;
  const good = { mobile: '13900000005', landline: '0532-88886666', postcode: '266071', yuan: '1', region: '370202', id_number: PERSON };
  const form = {};
  for (const f of item.fields) form[f.key] = f.options ? f.options[0] : good[f.type] ?? '测试';
  const r = await person('POST', '/api/v1/cases', { item: item.code, form: { ...form, ...patch }, materials: [] });
  return r.body.error.message;
}

for (const [name, viewport] of [['desktop', { width: 1366, height: 900 }], ['phone', { width: 390, height: 844 }]]) {
  test(`a new 个体工商户 finds 开办餐饮店, is asked only what it has, and meets each check as he types (${name})`, async () => {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const person = await apiAs(PERSON);

    // search in everyday words: the bundle first, marked as one
    await page.goto(BASE + '/');
    await page.locator('#q').pressSequentially('开饭店', { delay: 40 });
    const firstRow = page.locator('#items tbody tr').first();
    await page.locator('#items tbody tr[data-code="YJS-CYKB"]').waitFor();
    assert.equal(await firstRow.getAttribute('data-code'), 'YJS-CYKB');
    assert.match(await firstRow.textContent(), /开办餐饮店.*一件事/);
    await fits(page, viewport);
    await page.screenshot({ path: `${SHOTS}/forms-search-${name}.png`, fullPage: true });
    await firstRow.locator('a').click();

    // the questionnaire: a new shop, a 个体工商户
    await page.locator('#bundle[data-code="YJS-CYKB"] #questions').waitFor();
    await page.selectOption('#answer-new_shop', '新开店，还没有营业执照');
    await page.selectOption('#answer-entity_kind', '个体工商户');
    await page.check('.question[data-key="sells_cooked_food"] input[value="true"]');
    await page.check('.question[data-key="has_employees"] input[value="false"]');
    await page.click('#form-button');
    await page.locator('#merged').waitFor();
    const merged = await page.locator('#merged').textContent();
    assert.doesNotMatch(merged, /统一社会信用代码|法定代表人/);
    assert.match(merged, /经营者姓名/);
    assert.match(merged, /个体工商户登记/);

    // logged in, the one form
    await page.click('#apply-link');
    await page.click('#login-first');
    await page.waitForURL('**/login.html?next=*');
    await page.fill('#login', PERSON);
    await page.fill('#password', 'yiwang2026');
    await page.click('#submit');
    await page.waitForURL((url) => url.pathname === '/' && url.hash === '#apply/bundle/YJS-CYKB');
    await page.locator('#apply-form').waitFor();
    assert.equal(await page.locator('#field-entity-uscc').count(), 0, 'no USCC for a shop not opened yet');
    assert.equal(await page.locator('#apply fieldset.material[data-name="营业执照"]').count(), 0, 'no licence either');
    assert.match(await label(page, 'legal_rep.name').textContent(), /^经营者姓名/);
    assert.match(await label(page, 'legal_rep.id_number').textContent(), /^经营者身份证号/);
    assert.equal(await page.inputValue('#field-legal_rep-name'), '张三');
    // a material his e-certificate stands in for (the demo's 居民身份证): said, and no upload asked
    const id = page.locator('#apply fieldset.material[data-name="申请人居民身份证"]');
    assert.match(await id.locator('.cert-reused').textContent(), /已有电子证照，免于提交：居民身份证（编号 /);
    assert.equal(await id.locator('input').count(), 0);
    // one no certificate of his stands in for: said too, with the ways it is taken now
    const place = page.locator('#apply fieldset.material[data-name="经营场所使用证明"] .cert-later');
    assert.match(await place.textContent(), /持有有效的不动产权证书电子证照即可免于提交；您目前没有/);

    // as he types: a mobile number that cannot come right is pointed out at once, in the server's words
    await page.fill('#field-contact-phone', '');
    await page.locator('#field-contact-phone').pressSequentially('12', { delay: 30 });
    await fieldError(page, 'contact.phone').waitFor({ state: 'visible' });
    const mobile = await fieldError(page, 'contact.phone').textContent();
    assert.equal(mobile, await serverWords(person, { 'contact.phone': '12' }));
    assert.equal(mobile, '“联系电话”应为11位手机号码，以1开头，第二位为3至9');
    // corrected: the error goes as he types
    await page.fill('#field-contact-phone', '');
    await page.locator('#field-contact-phone').pressSequentially('1390000', { delay: 30 });
    assert.equal(await fieldError(page, 'contact.phone').isVisible(), false);
    // a number on its way is left alone until he leaves the field, then named
    await page.locator('#field-contact-landline').pressSequentially('0532-888', { delay: 30 });
    await fieldError(page, 'contact.phone').waitFor({ state: 'visible' }); // left with 7 digits: named on blur
    assert.equal(await fieldError(page, 'contact.landline').isVisible(), false);
    await page.locator('#field-address-postcode').focus();
    await fieldError(page, 'contact.landline').waitFor({ state: 'visible' });
    assert.equal(await fieldError(page, 'contact.landline').textContent(), await serverWords(person, { 'contact.landline': '0532-888' }));
    await page.locator('#field-address-postcode').pressSequentially('2660a', { delay: 30 });
    await fieldError(page, 'address.postcode').waitFor({ state: 'visible' });
    assert.equal(await fieldError(page, 'address.postcode').textContent(), await serverWords(person, { 'address.postcode': '2660a' }));
    await fits(page, viewport);
    await page.screenshot({ path: `${SHOTS}/forms-typing-${name}.png`, fullPage: true });
    // right values: every error gone
    await page.fill('#field-contact-phone', '13900000005');
    await page.fill('#field-contact-landline', '0532-88886666');
    await page.fill('#field-address-postcode', '266071');
    await page.locator('#field-address-detail').focus();
    for (const key of ['contact.phone', 'contact.landline', 'address.postcode'])
      assert.equal(await fieldError(page, key).isVisible(), false, key);

    // an amount in 元: the company's licence asks its registered capital
    await page.goto(BASE + '/#apply/item/QD-SCJG-XK-0001');
    await page.locator('#apply-form').waitFor();
    assert.match(await label(page, 'entity.capital').textContent(), /注册资本（元）/);
    await page.locator('#field-entity-capital').pressSequentially('1000.125', { delay: 30 });
    await fieldError(page, 'entity.capital').waitFor({ state: 'visible' });
    assert.equal(await fieldError(page, 'entity.capital').textContent(), await serverWords(person, { 'entity.capital': '1000.125' }));
    assert.equal(await fieldError(page, 'entity.capital').textContent(), '“注册资本（元）”最多填写两位小数（到分）');
    await page.fill('#field-entity-capital', '');
    await page.locator('#field-entity-capital').pressSequentially('五十万', { delay: 30 });
    await fieldError(page, 'entity.capital').waitFor({ state: 'visible' });
    assert.equal(await fieldError(page, 'entity.capital').textContent(), await serverWords(person, { 'entity.capital': '五十万' }));
    await page.fill('#field-entity-capital', '500000.50');
    await page.locator('#field-entity-name').focus();
    assert.equal(await fieldError(page, 'entity.capital').isVisible(), false);
    await fits(page, viewport);
    await page.screenshot({ path: `${SHOTS}/forms-yuan-${name}.png`, fullPage: true });

    // in English, the same checks in the server's English words
    await page.click('#lang');
    await page.fill('#field-entity-capital', '');
    await page.locator('#field-entity-capital').pressSequentially('1.999', { delay: 30 });
    await fieldError(page, 'entity.capital').waitFor({ state: 'visible' });
    assert.equal(await fieldError(page, 'entity.capital').textContent(), '注册资本（元） takes at most two decimals (to the fen)');
    await page.click('#lang');
    assert.deepEqual(errors, []);
    await context.close();
  });
}
