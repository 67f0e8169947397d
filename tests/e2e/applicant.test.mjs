// The applicant's side of 一网通办 in a real browser, at desktop and at phone width: the person
// 张三 searches the portal at /, answers 开办餐饮店's questionnaire, logs in when asked, fills in
// the one form (prefilled from the account), meets the client's checks and the server's (each
// beside its field), provides each material by upload, pledge or deferral, submits with a double
// click (one case), and follows the case in 我的办件. The clerk accepts through the API; each
// department's officer logs in and approves its task from the inbox of the 办件工作台 in the
// browser; the applicant hands in the deferred materials, sees the case completed and rates it
// 非常满意.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, apiAs, loginAs, BASE, SHOTS } from './browser.mjs';
import { pdfFile, dayAfter } from '../api/lib.mjs';

const PERSON = '370202199003071233';
const PDF = pdfFile('applicant');

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// An officer approves a task from the inbox of the 办件工作台, in the browser.
async function approveFromInbox(account, taskId, viewport) {
  const { page, context, errors } = await loginAs(browser, account, { viewport });
  await page.locator('#office-link').waitFor();
  await page.goto(BASE + '/office.html');
  await page.locator('#inbox[data-loaded="true"]').waitFor({ state: 'attached' });
  await page.locator(`#inbox tr[data-task="${taskId}"] button`).click();
  await page.locator(`#task-actions form[data-task="${taskId}"] [data-act="approve"]`).click();
  await page.locator('#message', { hasText: '已通过' }).waitFor();
  assert.deepEqual(errors, []);
  await context.close();
}

async function fits(page, viewport) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= viewport.width, `page is ${width}px wide at ${viewport.width}px`);
}

// an ID number whose check character is right (GB 11643) but whose province the server does not know
function idNumberWithCheck(first17) {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * weights[i];
  return first17 + '10X98765432'[sum % 11];
}

const fieldError = (page, key) => page.locator(`#apply .field[data-key="${key}"] .field-error`);

for (const [label, viewport] of [['desktop', { width: 1280, height: 900 }], ['phone', { width: 390, height: 844 }]]) {
  test(`the person applies to open a restaurant, follows the case and rates it (${label})`, async () => {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const submissions = [];
    page.on('request', (r) => { if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/v1/cases') submissions.push(r); });
    const person = await apiAs(PERSON);
    const before = (await person('GET', '/api/v1/cases?mine=true')).body.total;

    // the portal is the front page; search as one types
    await page.goto(BASE + '/');
    assert.equal(await page.locator('h1').textContent(), '办事大厅');
    assert.ok(await page.locator('#login-link').isVisible());
    await page.locator('#q').pressSequentially('餐饮', { delay: 40 });
    await page.locator('#items tbody tr', { hasText: '食品经营许可证核发' }).waitFor();
    await fits(page, viewport);
    await page.screenshot({ path: `${SHOTS}/applicant-search-${label}.png`, fullPage: true });

    // 开办餐饮店: the questionnaire, then 在线申报, which asks to log in first
    await page.locator('#bundles[data-loaded="true"]').waitFor({ state: 'attached' });
    await page.click('#bundles a[data-code="YJS-CYKB"]');
    await page.locator('#bundle[data-code="YJS-CYKB"] #questions').waitFor();
    await page.check('.question[data-key="sells_cooked_food"] input[value="true"]');
    await page.selectOption('#answer-new_shop', '新开店，还没有营业执照');
    await page.selectOption('#answer-entity_kind', '企业');
    await page.check('.question[data-key="has_employees"] input[value="true"]');
    await page.click('#form-button');
    await page.locator('#merged').waitFor();
    await page.click('#apply-link');
    await page.locator('#login-first').waitFor();
    await page.click('#login-first');
    await page.waitForURL('**/login.html?next=*');
    await page.fill('#login', PERSON);
    await page.fill('#password', 'yiwang2026');
    await page.click('#submit');

    // back on the portal, in the one form, prefilled from the account
    await page.waitForURL((url) => url.pathname === '/' && url.hash === '#apply/bundle/YJS-CYKB');
    await page.locator('#apply-form').waitFor();
    await page.locator('#user-name', { hasText: '张三' }).waitFor();
    assert.ok(await page.locator('#logout').isVisible());
    assert.equal(await page.inputValue('#field-legal_rep-name'), '张三');
    assert.equal(await page.inputValue('#field-legal_rep-id_number'), PERSON);
    assert.equal(await page.inputValue('#field-contact-phone'), '13900000005');
    assert.match(await page.locator('#apply h2').textContent(), /开办餐饮店/);
    // a region is one of Qingdao's districts
    assert.ok(await page.locator('#field-address-region option[value="370202"]').count() === 1);
    await page.selectOption('#field-entity-kind', '有限责任公司');
    await page.fill('#field-entity-capital', '50');
    await page.selectOption('#field-address-region', '370202');
    await page.fill('#field-address-detail', '香港中路1号');
    await page.selectOption('#field-business-scope', '热食类食品制售');
    await fits(page, viewport);
    await page.screenshot({ path: `${SHOTS}/applicant-form-${label}.png`, fullPage: true });

    // the materials: each the way the item accepts it; his ID card, the e-certificate he holds,
    // stands in for its copy (免提交)
    const materials = page.locator('#apply fieldset.material');
    const count = await materials.count();
    assert.ok(count > 5);
    let pledged = 0, deferred = 0, uploaded = 0, reused = 0;
    for (let i = 0; i < count; i++) {
      const m = materials.nth(i);
      const name = await m.getAttribute('data-name');
      if (name.startsWith('授权委托书')) continue; // conditional: not needed here
      if (await m.locator('.cert-reused').count()) {
        assert.equal(await m.locator('input').count(), 0);
        reused++;
      } else if (await m.locator('input[value="pledge"]').count()) {
        await m.locator('input[value="pledge"]').check();
        await m.locator('input[type="checkbox"]').check();
        pledged++;
      } else if (await m.locator('input[value="deferred"]').count()) {
        await m.locator('input[value="deferred"]').check();
        deferred++;
      } else {
        await m.locator('input[type="file"]').setInputFiles({ name: `${name}.pdf`, mimeType: 'application/pdf', buffer: PDF });
        await m.locator('.uploaded', { hasText: `${name}.pdf` }).waitFor();
        assert.match(await m.locator('.uploaded').textContent(), /\(\d+ B\)/);
        uploaded++;
      }
    }
    assert.ok(pledged > 0 && deferred > 0 && uploaded > 0, `${pledged} pledged, ${deferred} deferred, ${uploaded} uploaded`);
    assert.equal(reused, 1, 'the 居民身份证 he holds');

    // a new shop is not asked for the USCC it does not have yet
    assert.equal(await page.locator('#field-entity-uscc').count(), 0);
    // client-side checks: 企业名称 left blank, a mobile number of ten digits — nothing is sent
    await page.fill('#field-contact-phone', '1390000000');
    await page.click('#submit-case');
    await fieldError(page, 'entity.name').waitFor({ state: 'visible' });
    assert.equal(await fieldError(page, 'entity.name').textContent(), '请填写“企业名称”');
    assert.equal(await fieldError(page, 'contact.phone').textContent(), '“联系电话”应为11位手机号码，以1开头，第二位为3至9');
    assert.equal(await page.getAttribute('#field-entity-name', 'aria-invalid'), 'true');
    // and a summary at the top of the form, linking to each field
    assert.match(await page.locator('#apply-form .error-summary a[href="#field-entity-name"]').textContent(), /请填写“企业名称”/);
    assert.equal(await page.locator('#apply-form .error-summary a[href="#field-contact-phone"]').count(), 1);
    assert.equal(submissions.length, 0, 'nothing was submitted');
    await fits(page, viewport);
    await page.screenshot({ path: `${SHOTS}/applicant-form-error-${label}.png`, fullPage: true });

    // the server is the authority: an ID number the client lets through (province 99), refused
    // beside its field
    await page.fill('#field-entity-name', '海川餐饮');
    await page.fill('#field-contact-phone', '13900000005');
    await page.fill('#field-legal_rep-id_number', idNumberWithCheck('99020219900307123'));
    await page.click('#submit-case');
    await fieldError(page, 'legal_rep.id_number').filter({ hasText: '省级行政区划' }).waitFor();
    assert.equal(await fieldError(page, 'legal_rep.id_number').textContent(), '身份证号码前两位99不是有效的省级行政区划代码');
    assert.equal(submissions.length, 1);
    assert.equal((await person('GET', '/api/v1/cases?mine=true')).body.total, before);

    // submitted with a double click: one case
    await page.fill('#field-legal_rep-id_number', PERSON);
    await page.dblclick('#submit-case');
    await page.locator('#done-message').waitFor();
    const id = decodeURIComponent(new URL(page.url()).hash.slice('#done/'.length)); // the case's id: in the address, never on the page
    assert.match(await page.locator('#done-message').textContent(), /开办餐饮店/);
    assert.match(await page.locator('#apply').textContent(), /容缺材料/);
    assert.equal((await person('GET', '/api/v1/cases?mine=true')).body.total, before + 1, 'one case for a double click');
    // the number to write down or read out on the phone, said where the person learns it is sent
    assert.equal(await page.locator('#done-number').textContent(), (await person('GET', `/api/v1/cases/${id}`)).body.number);
    await fits(page, viewport);
    await page.screenshot({ path: `${SHOTS}/applicant-done-${label}.png`, fullPage: true });

    // 我的办件
    await page.click('#nav-mine');
    const row = page.locator(`#my-cases tr[data-id="${id}"]`);
    await row.waitFor();
    assert.match(await row.textContent(), /开办餐饮店/);
    assert.match(await row.textContent(), /已提交，待受理/);
    await fits(page, viewport);
    await page.screenshot({ path: `${SHOTS}/applicant-mine-${label}.png`, fullPage: true });

    // the staff: the clerk accepts, giving the deferred materials due dates; each department's
    // officer approves its task from the inbox
    const clerk = await apiAs('clerk');
    const submitted = (await clerk('GET', `/api/v1/cases/${id}`)).body;
    const owed = submitted.materials.filter((m) => m.provided_as === 'deferred').map((m) => ({ material: m.name, due_date: dayAfter(30), due_reason: '设备清单待供货商出具' }));
    assert.equal(owed.length, deferred);
    const accepted = await clerk('POST', `/api/v1/cases/${id}/accept`, { deferred: owed });
    assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
    const reviews = accepted.body.tasks.filter((task) => task.kind === 'review');
    assert.equal(reviews.length, 5);
    for (const task of reviews)
      await approveFromInbox(`officer-${task.department.code.replace(/^QD-/, '').toLowerCase()}`, task.id, viewport);

    // the case page: every task approved, the deferred materials still owed, handed in here
    await row.locator('a').click();
    await page.locator(`#case[data-id="${id}"]`).waitFor();
    assert.equal(await page.locator('#case ul.tasks li[data-state="approved"]').count(), 5);
    assert.match(await page.locator('#case .case-items').textContent(), /青岛市卫生健康委员会/);
    assert.match(await page.locator('#deferred').textContent(), new RegExp(`补交期限 ${dayAfter(30)}`));
    await fits(page, viewport);
    await page.screenshot({ path: `${SHOTS}/applicant-case-${label}.png`, fullPage: true });
    // 补交 is the file: without one the applicant is told beside the input, nothing is sent
    await page.locator('#deferred button.supply').first().click();
    assert.match(await page.locator('#deferred .field-error').first().textContent(), /^请先选择要补交的“.+”文件$/);
    for (let i = 0; i < deferred; i++) {
      await page.locator('#deferred input.supply-file').first().setInputFiles({ name: `补交材料${i}.pdf`, mimeType: 'application/pdf',
        buffer: pdfFile(`supplied ${label} ${i}`) });
      await page.locator('#deferred button.supply').first().click();
      await page.waitForFunction((n) => document.querySelectorAll('#deferred button.supply').length === n, deferred - i - 1);
      assert.match(await page.locator('#case-done').textContent(), /^已补交“.+”。$/);
    }
    await page.locator('#case[data-state="completed"]').waitFor();
    assert.match(await page.locator('#case').textContent(), /已办结/);
    assert.ok(await page.locator('#case ol.timeline li').count() >= 5);

    // 好差评: 非常满意, with a tag and a word
    await page.check('#rating input[name="rate-overall"][value="very_satisfied"]');
    await page.selectOption('#rate-efficiency', 'very_satisfied');
    await page.check('#rating fieldset.tags input[value="my.rating.tag.once"]');
    await page.fill('#rate-text', '一次就办好了');
    await fits(page, viewport);
    await page.screenshot({ path: `${SHOTS}/applicant-rate-${label}.png`, fullPage: true });
    await page.click('#rate-submit');
    await page.locator('#rating-given').waitFor();
    assert.equal(await page.locator('#rating-given').textContent(), '您的评价：非常满意');
    assert.match(await page.locator('#rating').textContent(), /一次办成/);
    const ratings = (await person('GET', `/api/v1/cases/${id}/ratings`)).body.ratings;
    assert.equal(ratings.length, 1);
    assert.equal(ratings[0].level, 'very_satisfied');
    await fits(page, viewport);
    await page.screenshot({ path: `${SHOTS}/applicant-rated-${label}.png`, fullPage: true });

    // 我的办件 says it is done; then logging out ends the session
    await page.click('#nav-mine');
    await page.locator(`#my-cases tr[data-id="${id}"][data-state="completed"]`).waitFor();
    assert.match(await page.locator(`#my-cases tr[data-id="${id}"]`).textContent(), /已办结/);
    await page.click('#logout');
    await page.waitForURL(BASE + '/');
    await page.locator('#login-link').waitFor();
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('a 差评 shows its rectification and asks the applicant for a 回访', async () => {
  // a case of the enterprise, decided through the API, rated 不满意 in the browser
  const enterprise = await apiAs('91370202MA3CXK7TXN');
  const item = (await enterprise('GET', '/api/v1/items/QD-SW-QR-0001')).body;
  const form = {};
  const values = { 'entity.name': '青岛海川数字科技有限公司', 'entity.uscc': '91370202MA3CXK7TXN', 'legal_rep.name': '李四',
    'legal_rep.id_number': '370202199003071233', 'contact.phone': '13900000006', 'address.region': '370202', 'address.detail': '香港中路1号' };
  for (const f of item.fields) form[f.key] = values[f.key] ?? (f.type === 'number' ? 1 : f.options ? f.options[0] : '测试');
  const file = (await enterprise('POST', '/api/v1/uploads?name=scan.pdf', PDF)).body;
  const materials = item.materials.filter((m) => m.requirement === 'required')
    .map((m) => (m.accepted_as.includes('pledge') ? { name: m.name, provided_as: 'pledge' } : { name: m.name, provided_as: 'upload', upload: file.sha256 }));
  const made = await enterprise('POST', '/api/v1/cases', { item: 'QD-SW-QR-0001', answers: {}, form, materials });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const clerk = await apiAs('clerk');
  const accepted = (await clerk('POST', `/api/v1/cases/${made.body.id}/accept`, {})).body;
  const officer = await apiAs('officer-sw');
  for (const task of accepted.tasks.filter((x) => x.kind === 'review')) await officer('POST', `/api/v1/tasks/${task.id}/approve`);

  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(BASE + '/login.html?next=' + encodeURIComponent(`/#case/${made.body.id}`));
  await page.fill('#login', '91370202MA3CXK7TXN');
  await page.fill('#password', 'yiwang2026');
  await page.click('#submit');
  await page.locator(`#case[data-id="${made.body.id}"][data-state="completed"]`).waitFor();
  await page.check('#rating input[name="rate-overall"][value="dissatisfied"]');
  await page.check('#rating fieldset.tags input[value="my.rating.tag.slow"]');
  await page.click('#rate-submit');
  await page.locator('#rectification').waitFor();
  assert.match(await page.locator('#rectification').textContent(), /核实中/);

  // the department verifies and gives feedback; the applicant answers the 回访
  const rect = (await enterprise('GET', `/api/v1/cases/${made.body.id}/ratings`)).body.ratings[0].rectification;
  assert.equal((await officer('POST', `/api/v1/rectifications/${rect.id}/verify`, { note: '经核实，受理后未及时流转' })).status, 200);
  assert.equal((await officer('POST', `/api/v1/rectifications/${rect.id}/feedback`, { note: '已调整流转时限，并向申请人致歉' })).status, 200);
  await page.reload();
  await page.locator('#revisit-satisfied').waitFor();
  assert.match(await page.locator('#rectification').textContent(), /已调整流转时限/);
  await page.screenshot({ path: `${SHOTS}/applicant-revisit-phone.png`, fullPage: true });
  await page.click('#revisit-satisfied');
  await page.locator('#rectification', { hasText: '您的回访：满意' }).waitFor();
  assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= 390);
  assert.deepEqual(errors, []);
  await context.close();
});
