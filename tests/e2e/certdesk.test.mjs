// 证照管理 and 企业身份码 in a real browser, at 1366 × 900 and at 390 × 844: the market regulator's
// officer issues a 食品经营许可证 to the demo enterprise through the form built from the type's
// fields — the holder's number refused beside the field as it is typed, then the registered name
// filled in —, finds it by the holder's number in the list, suspends it with a reason (asked once),
// reinstates it, is refused in words beside 换发 when another officer suspended it meanwhile, and
// revokes it; the detail says each new state and reason. The enterprise page (anyone, from the
// detail's link) shows the valid licences and not the revoked one; the enterprise's own account
// sees the revoked one too. The import screen reports a file's counts and bad rows by line.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, loginAs, answerConfirm, apiAs, BASE, SHOTS } from './browser.mjs';

const DEMO_ENTERPRISE = '91370202MA3CXK7TXN';
const NAME = '青岛海川数字科技有限公司';
const SIZES = [{ width: 1366, height: 900 }, { width: 390, height: 844 }];
let browser;

before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function fits(page, viewport) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= viewport.width, `page is ${width}px wide at ${viewport.width}`);
}

const facts = (page, status) => page.locator(`#cert-facts[data-status="${status}"]`).waitFor();

// One action of the detail: its reason, the kit's confirmation (which says what will happen).
async function act(page, action, reason, says) {
  await page.fill(`#act-${action}-reason`, reason);
  await page.click(`#act-${action} button[data-act="${action}"]`);
  await answerConfirm(page, true, says);
}

for (const viewport of SIZES) {
  test(`at ${viewport.width} px an officer issues a food licence through the form, suspends, reinstates and revokes it; the enterprise page shows the valid licences`, async () => {
    const tag = viewport.width;
    const { page, context, errors } = await loginAs(browser, 'officer', { viewport });
    // the workbench's panel and the top bar lead to the desk
    await page.locator('#nav-certdesk').click();
    await page.waitForURL('**/certdesk.html');
    await page.locator('body[data-ready="true"]').waitFor({ state: 'attached' });
    await page.getByRole('tab', { name: '签发' }).click();
    // only the department's types, never a national one
    const offered = await page.locator('#i-type option').allTextContents();
    assert.ok(offered.includes('食品经营许可证') && offered.includes('营业执照'), offered.join());
    assert.ok(!offered.includes('居民身份证') && !offered.includes('公共场所卫生许可证'), offered.join());
    await page.selectOption('#i-type', { label: '食品经营许可证' });
    // the form is the type's fields, by their labels
    for (const label of ['经营者名称', '经营场所', '经营项目']) await page.getByLabel(label, { exact: true }).waitFor();
    assert.equal(await page.locator('#i-holder-label').textContent(), '统一社会信用代码');
    // sent empty: the holder's number is asked for
    await page.click('#issue-button');
    await page.locator('#i-holder-error').waitFor();
    // a wrong check character, said beside the field as it is typed, in place of the 请填写 it answers
    await page.fill('#i-holder', DEMO_ENTERPRISE.slice(0, 17) + 'M');
    const typedError = page.locator('#i-holder-typed');
    await typedError.waitFor();
    assert.match(await typedError.textContent(), /统一社会信用代码/);
    assert.equal(await page.locator('#i-holder-error').count(), 0);
    assert.deepEqual(await page.locator('#issue .error-summary li').allTextContents(), ['请填写“企业名称”']);
    assert.match(await page.locator('#issue .error-summary').textContent(), /有1处需要更正/);
    await page.fill('#i-holder', DEMO_ENTERPRISE);
    await typedError.waitFor({ state: 'detached' });
    // the registry's name filled in
    await page.waitForFunction(() => document.getElementById('i-holder-name').value !== '');
    assert.equal(await page.inputValue('#i-holder-name'), NAME);
    assert.equal(await page.locator('#issue .error-summary, #issue .field-error').count(), 0); // nothing left to correct
    assert.equal(await page.getByLabel('经营者名称', { exact: true }).inputValue(), NAME);
    await page.getByLabel('经营项目', { exact: true }).fill('热食类食品制售');
    await page.getByLabel('经营场所', { exact: true }).fill('青岛市市南区香港中路10号');
    await page.fill('#i-reason', '依申请签发');
    await fits(page, viewport);
    await page.screenshot({ path: `${SHOTS}/certdesk-issue-${tag}.png`, fullPage: true });
    await page.click('#issue-button');
    await page.waitForURL(/#cert\/[0-9A-Z]{26}$/);
    await facts(page, 'valid');
    const id = page.url().split('/').pop();
    const number = (await page.locator('#cert-facts dd [data-literal]').first().textContent()).trim();
    assert.match(await page.locator('#message').textContent(), new RegExp(`已向${NAME}签发证照，编号 ${number}`));
    const detail = await page.locator('#cert-facts').textContent();
    for (const words of ['热食类食品制售', '经营项目', '青岛市市场监督管理局', '依申请签发']) assert.ok(detail.includes(words), `${words} in ${detail}`);
    assert.ok(!detail.includes('food.items'), 'labels, never keys');

    // the list, by the holder's number: the row opens the detail
    await page.getByRole('tab', { name: '证照列表' }).click();
    await page.fill('#f-holder', DEMO_ENTERPRISE);
    await page.selectOption('#f-type', { label: '食品经营许可证' });
    await page.click('#find');
    const row = page.locator(`#certs tr[data-id="${id}"]`);
    await row.waitFor();
    assert.match(await row.textContent(), /有效/);
    await page.screenshot({ path: `${SHOTS}/certdesk-list-${tag}.png`, fullPage: true });
    await row.locator('a.cert-link').click();
    await facts(page, 'valid');

    // 暂停 with its reason
    await act(page, 'suspend', '停业整顿', new RegExp(`${NAME}的食品经营许可证（编号 ${number}）将暂停使用`));
    await facts(page, 'suspended');
    assert.equal(await page.locator('#cert-reason').textContent(), '停业整顿');
    assert.match(await page.locator('#message').textContent(), /已暂停/);
    // 恢复
    await act(page, 'reinstate', '整改完成', /恢复有效/);
    await facts(page, 'valid');
    assert.equal(await page.locator('#cert-reason').textContent(), '整改完成');
    // another officer suspends it meanwhile: 换发 on the page as it was is refused, in words beside it
    const other = await apiAs('officer');
    assert.equal((await other('POST', `/api/v1/certificates/${id}/suspend`, { reason: '抽检不合格' })).status, 200);
    await act(page, 'renew', '证载事项变更', /换发新版本/);
    const refusal = page.locator('#act-renew .refusal[data-status="409"]');
    await refusal.waitFor();
    assert.match(await refusal.textContent(), /证照当前状态为“已暂停”，不能换发/);
    await page.screenshot({ path: `${SHOTS}/certdesk-refused-${tag}.png`, fullPage: true });
    // the way to the certificate as it is now
    await refusal.locator('button[data-act="reload"]').click();
    await facts(page, 'suspended');
    assert.equal(await page.locator('#cert-reason').textContent(), '抽检不合格');
    // 撤销: then nothing more to do with it
    await act(page, 'revoke', '以欺骗手段取得许可', /永久失效/);
    await facts(page, 'revoked');
    assert.equal(await page.locator('#cert-reason').textContent(), '以欺骗手段取得许可');
    assert.equal(await page.locator('#cert-actions').count(), 0);
    assert.match(await page.locator('#no-actions').textContent(), /已撤销/);
    await fits(page, viewport);
    await page.screenshot({ path: `${SHOTS}/certdesk-revoked-${tag}.png`, fullPage: true });

    // a valid licence besides, issued by the department through the API
    const made = await other('POST', '/api/v1/certificates', { type: 'SPJY', holder: DEMO_ENTERPRISE, holder_name: NAME,
      fields: { 'entity.name': NAME, 'food.items': '预包装食品销售' } });
    assert.equal(made.status, 201, JSON.stringify(made.body));

    // the enterprise page, from the detail's link, as anyone sees it
    const href = await page.locator('#entity-link').getAttribute('href');
    assert.equal(href, `/entity.html?uscc=${DEMO_ENTERPRISE}`);
    const visitor = await browser.newContext({ viewport });
    const pub = await visitor.newPage();
    pub.on('pageerror', (e) => errors.push(e.message));
    await pub.goto(BASE + href);
    await pub.locator('body[data-ready="true"]').waitFor({ state: 'attached' });
    assert.equal(await pub.locator('h1').textContent(), NAME);
    assert.equal(await pub.locator('#ec-status').textContent(), '存续');
    const shown = await pub.locator('#ec-valid').textContent();
    assert.ok(shown.includes('营业执照') && shown.includes('食品经营许可证') && shown.includes(made.body.number), shown);
    assert.ok(!shown.includes(number), 'the revoked licence is not among the valid ones');
    assert.equal(await pub.locator('#ec-all').count(), 0, 'the owner\'s list only for the owner');
    await pub.locator('#ec-qr').waitFor();
    assert.ok(await pub.locator('#ec-qr').evaluate((img) => img.complete && img.naturalWidth > 0), 'the QR is drawn');
    await fits(pub, viewport);
    await pub.screenshot({ path: `${SHOTS}/entity-public-${tag}.png`, fullPage: true });
    await visitor.close();

    // the enterprise itself sees every certificate with its state, and its benefits
    const owner = await loginAs(browser, DEMO_ENTERPRISE, { viewport });
    await owner.page.goto(BASE + href);
    await owner.page.locator('body[data-ready="true"]').waitFor({ state: 'attached' });
    const all = owner.page.locator(`#ec-all li[data-id="${id}"]`);
    await all.waitFor();
    assert.match(await all.textContent(), /已撤销[\s\S]*以欺骗手段取得许可/);
    assert.equal(await owner.page.locator('#ec-benefits').getAttribute('href'), '/#benefits');
    await owner.page.screenshot({ path: `${SHOTS}/entity-owner-${tag}.png`, fullPage: true });
    await owner.context.close();

    assert.deepEqual([...errors, ...owner.errors], []);
    await context.close();
  });
}

test('a supervisor reads the desk without the forms to issue or change', async () => {
  const { page, context, errors } = await loginAs(browser, 'supervisor', { viewport: SIZES[0] });
  await page.goto(BASE + '/certdesk.html');
  await page.locator('body[data-ready="true"]').waitFor({ state: 'attached' });
  await page.locator('#certs[data-loaded="true"]').waitFor({ state: 'attached' });
  assert.equal(await page.getByRole('tab', { name: '签发' }).isVisible(), false);
  const first = page.locator('#certs a.cert-link').first();
  await first.click();
  await page.locator('#cert-facts').waitFor();
  assert.equal(await page.locator('#cert-actions').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the import screen names the columns of the certificates the department issues', async () => {
  const { page, context, errors } = await loginAs(browser, 'officer', { viewport: SIZES[1] });
  await page.goto(BASE + '/certdesk.html#import');
  await page.locator('body[data-ready="true"]').waitFor({ state: 'attached' });
  await page.locator('#import details.format summary').click();
  const food = page.locator('#m-columns li', { hasText: '食品经营许可证' });
  await food.waitFor();
  // the column a file must carry, by the label the officer knows, and the type written either way
  const text = await food.textContent();
  assert.match(text, /food\.items[\s\S]*经营项目/);
  assert.match(text, /SPJY/);
  const types = await page.locator('#m-columns li').allTextContents();
  assert.ok(types.some((x) => x.startsWith('营业执照')), types.join());
  assert.ok(!types.some((x) => /居民身份证|公共场所卫生许可证/.test(x)), types.join());
  await fits(page, SIZES[1]);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the import screen reports the progress, then the counts and the bad rows by line', async () => {
  const { page, context, errors } = await loginAs(browser, 'officer', { viewport: SIZES[1] });
  await page.goto(BASE + '/certdesk.html#import');
  await page.locator('body[data-ready="true"]').waitFor({ state: 'attached' });
  const n = String(Date.now() % 100000000).padStart(8, '0');
  const csv = ['type,number,holder,holder_name,valid_from,valid_until,entity.name,food.items',
    `SPJY,JY2019${n}1,${DEMO_ENTERPRISE},${NAME},2019-05-01,2029-04-30,${NAME},热食类食品制售`,
    `SPJY,JY2019${n}2,${DEMO_ENTERPRISE.slice(0, 17)}M,${NAME},2019-05-01,2029-04-30,${NAME},冷食类食品制售`,
    `SPJY,JY2019${n}3,${DEMO_ENTERPRISE},${NAME},2019-05-01,2029-04-30,${NAME},预包装食品销售`].join('\n') + '\n';
  await page.setInputFiles('#m-file', { name: 'licences.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.click('#import-button');
  await page.locator('#import-result[data-state="done"]').waitFor({ timeout: 30000 });
  assert.match(await page.locator('#import-counts').textContent(), /新导入 2 份，已存在 0 份，有问题 1 行/);
  const bad = page.locator('#import-bad tr[data-line="3"]');
  await bad.waitFor();
  assert.match(await bad.textContent(), /第 3 行[\s\S]*统一社会信用代码/);
  await page.screenshot({ path: `${SHOTS}/certdesk-import-390.png`, fullPage: true });
  // the same file again changes nothing
  await page.setInputFiles('#m-file', { name: 'licences.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.click('#import-button');
  await page.locator('#import-result[data-state="done"]').waitFor({ timeout: 30000 });
  await page.waitForFunction(() => /已存在 2 份/.test(document.getElementById('import-counts').textContent));
  assert.deepEqual(errors, []);
  await context.close();
});
