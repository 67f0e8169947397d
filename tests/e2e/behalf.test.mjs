// 帮办代办 in a real browser, as a clerk works at the window, at 1366 px and at 390 px: a person
// without an account walks in; the clerk types their ID number, finds nobody and makes the account
// there (every missing field named at once), picks 开办餐饮店 by typing 餐饮, answers the
// questionnaire, and submitting too early shows every problem at once beside its field (the page's
// and the server's); the district is picked by its name, the scans attached, and the case is
// filed for the person. At 390 px the clerk also tries to make the same person again: the
// conflict names the ID number and offers the existing account.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, loginAs as login, BASE, SHOTS } from './browser.mjs';
import { req, login as apiLogin, bundleForm, pdfFile, idNumber } from '../api/lib.mjs';

const DESKTOP = { width: 1366, height: 900 }, PHONE = { width: 390, height: 844 };
const ANSWERS = { new_shop: '新开店，还没有营业执照', sells_cooked_food: true, entity_kind: '个体工商户', has_employees: false };
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function noSideScroll(page, viewport) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= viewport.width, `page is ${width}px wide at ${viewport.width}`);
}

const stamp = String(Date.now() % 1000).padStart(3, '0');
const people = {
  desktop: { id: idNumber(`37020319880412${stamp}`), name: '孙到窗', phone: '13811112222' },
  phone: { id: idNumber(`37020319910923${stamp}`), name: '周到窗', phone: '13811113333' },
};

for (const [label, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
  test(`a clerk files 开办餐饮店 for a walk-in person, at ${viewport.width} px`, async () => {
    const who = people[label];
    const { page, context, errors } = await login(browser, 'clerk', { viewport });
    await page.goto(`${BASE}/office.html#behalf`);
    await page.locator('body[data-ready="true"]').waitFor({ state: 'attached' });
    // required fields are marked, for the eye and for a screen reader
    assert.equal(await page.locator('#behalf-who').getAttribute('aria-required'), 'true');
    assert.equal(await page.locator('label[for="behalf-what"]').evaluate((e) => getComputedStyle(e, '::after').content), '"＊"');

    // nothing chosen: both problems at once
    await page.click('#behalf-submit');
    assert.deepEqual(await page.locator('#behalf .field-error').allTextContents(),
      ['请找到并选择申请人；没有账号的，选择“新建办事人”', '请选择要办理的事项或“一件事”']);
    assert.match(await page.locator('#behalf .error-summary').textContent(), /2/);

    // the person is not known: 新建办事人, with the number typed
    await page.fill('#behalf-who', who.id);
    await page.locator('#behalf-who-list li', { hasText: '新建办事人' }).click();
    await page.locator('#behalf-walkin').waitFor();
    assert.equal(await page.locator('#walkin-id').inputValue(), who.id);
    await page.click('#walkin-create');
    await page.locator('#walkin-phone-error').waitFor();
    assert.deepEqual(await page.locator('#behalf-walkin .field-error').allTextContents(), ['请填写“姓名”', '请填写“手机号码”']);
    await page.fill('#walkin-name', who.name);
    await page.fill('#walkin-phone', '1381111');
    await page.click('#walkin-create');
    await page.locator('#walkin-phone-error', { hasText: '手机号码应为以1开头的11位数字' }).waitFor();
    assert.deepEqual(await page.locator('#behalf-walkin .field-error').allTextContents(), ['手机号码应为以1开头的11位数字']);
    await page.fill('#walkin-phone', who.phone);
    await page.click('#walkin-create');
    await page.locator('#behalf-chosen', { hasText: `申请人：${who.name}（自然人）` }).waitFor();
    assert.equal(await page.locator('#behalf-walkin').isVisible(), false);

    // the bundle by a word of its name, then its questionnaire
    await page.fill('#behalf-what', '餐饮');
    const option = page.locator('#behalf-what-list li', { hasText: '开办餐饮店' }).filter({ hasText: '一件事' });
    await option.waitFor();
    if (label === 'desktop') { // the keyboard: down to it, Enter
      const texts = await page.locator('#behalf-what-list li').allTextContents();
      const at = texts.findIndex((x) => x.includes('开办餐饮店') && x.includes('一件事'));
      for (let i = 0; i <= at; i++) await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
    } else {
      await option.click();
    }
    await page.locator('#behalf-questions select').first().waitFor();
    for (const [key, value] of Object.entries(ANSWERS)) {
      await page.selectOption(`#behalf-questions select[data-question="${key}"]`, String(value));
    }
    await page.locator('#behalf-form-part').waitFor();
    const { form, materials } = await bundleForm('YJS-CYKB', ANSWERS);
    // what is known of the person is there already
    const nameKey = Object.keys(form).find((k) => /name$/.test(k) && k !== 'entity.name');
    if (nameKey) assert.equal(await page.locator(`[data-field="/form/${nameKey}"]`).inputValue(), who.name);

    // submitted too early: every problem at once, each beside its field
    await page.click('#behalf-submit');
    await page.locator('#behalf .error-summary').waitFor();
    const problems = await page.locator('#behalf .field-error').count();
    assert.ok(problems >= 3, `${problems} problems shown`);
    const summary = await page.locator('#behalf .error-summary li').count();
    assert.equal(summary, problems, 'each problem in the summary, and beside its field');
    await noSideScroll(page, viewport);
    await page.screenshot({ path: `${SHOTS}/behalf-errors-${label}.png`, fullPage: true });

    // the form filled in: a district by its name, the rest typed or chosen
    for (const [key, value] of Object.entries(form)) {
      const input = page.locator(`[data-field="/form/${key}"]`);
      if (await input.getAttribute('data-region') === 'true') {
        await input.fill('市南');
        await page.locator(`#${await input.getAttribute('id')}-list li`, { hasText: '市南区' }).first().click();
      } else if (await input.evaluate((e) => e.tagName) === 'SELECT') {
        await input.selectOption(String(value));
      } else if (!(await input.inputValue())) {
        await input.fill(String(value));
      }
    }
    for (const m of materials) {
      const select = page.locator(`#behalf-materials select[data-material="${m.name}"]`);
      const ways = await select.locator('option').evaluateAll((os) => os.map((o) => o.value));
      if (!ways.includes('upload')) { if (ways.includes('pledge')) await select.selectOption('pledge'); continue; }
      await select.selectOption('upload');
      await page.locator(`#${await select.getAttribute('id')}-file`).setInputFiles({ name: '扫描件.pdf', mimeType: 'application/pdf', buffer: pdfFile(`scan ${m.name}`) });
    }
    await noSideScroll(page, viewport);
    await page.screenshot({ path: `${SHOTS}/behalf-filled-${label}.png`, fullPage: true });
    await page.click('#behalf-submit');
    await page.locator('#message', { hasText: `已为${who.name}提交“开办餐饮店”` }).waitFor();
    assert.match(await page.locator('#message').textContent(), /办件编号\d{19}/);
    assert.equal(await page.locator('#behalf-form-part').isVisible(), false);

    const clerk = await apiLogin('clerk');
    const found = (await req('GET', `/api/v1/applicants?q=${who.id}`, { token: clerk })).json.applicants;
    assert.equal(found.length, 1);
    const queue = await req('GET', '/api/v1/cases?state=submitted&limit=500', { token: clerk });
    const filed = queue.json.cases.find((c) => c.applicant.id === found[0].account_id);
    assert.ok(filed, 'the case waits in the queue for the walk-in');
    assert.equal(filed.bundle, 'YJS-CYKB');
    assert.equal(filed.on_behalf, true);
    const c = (await req('GET', `/api/v1/cases/${filed.id}`, { token: clerk })).json;
    const region = Object.entries(c.form).find(([, v]) => /^3702\d\d$/.test(String(v)));
    if (region) assert.equal(region[1], '370202'); // 市南区, picked by its name

    if (label === 'phone') {
      // the same person again: the conflict names the number and offers the account there is
      await page.fill('#behalf-who', '到窗口的人');
      await page.locator('#behalf-who-list li', { hasText: '新建办事人' }).click();
      await page.fill('#walkin-id', people.desktop.id);
      await page.fill('#walkin-phone', '13811114444');
      await page.click('#walkin-create');
      await page.locator('#walkin-id-error', { hasText: '该身份证号码已被注册' }).waitFor();
      await page.click('#walkin-existing');
      await page.locator('#behalf-chosen', { hasText: `申请人：${people.desktop.name}（自然人）` }).waitFor();
    }
    await page.click('#lang');
    assert.equal(await page.locator('label[for="behalf-who"]').textContent(), 'Applicant');
    await page.click('#lang');
    assert.deepEqual(errors, []);
    await context.close();
  });
}
