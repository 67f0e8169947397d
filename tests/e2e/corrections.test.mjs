// 补正 as a one-time notice, in a real browser at 1366 and at 390 px: the 市场监管局 officer ticks
// one material to upload again and one form field to correct, each with its reason; 张三 sees
// exactly those on his case page, is told beside each what is still missing when he resubmits
// too early, uploads the replacement, corrects the field and resubmits; the officer sees the
// earlier file and value beside the new ones and approves.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, loginAs as login, loginApplicant, BASE, SHOTS } from './browser.mjs';
import { req, login as apiLogin, itemForm, uploadPdf, pdfFile, DEMO_PERSON } from '../api/lib.mjs';

const DESKTOP = { width: 1366, height: 900 }, PHONE = { width: 390, height: 844 };
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const ITEM = 'QD-SCJG-XK-0004'; // 个体工商户登记, 市场监管局
const MATERIAL = '个体工商户登记申请书';

// 张三's case, accepted: its review task waits in the 市场监管局's inbox
async function acceptedCase(tag) {
  const person = await apiLogin(DEMO_PERSON);
  const form = { ...(await itemForm(ITEM)), 'address.region': '370203', 'address.detail': '辽宁路100号' };
  const first = await uploadPdf(person, `申请书-${tag}.pdf`, `corrections e2e ${tag}`);
  const id = await uploadPdf(person, `身份证-${tag}.pdf`, `corrections e2e id ${tag}`);
  const s = await req('POST', '/api/v1/cases', { token: person, body: { item: ITEM, form, materials: [
    { name: MATERIAL, provided_as: 'upload', upload: first },
    { name: '申请人居民身份证', provided_as: 'upload', upload: id },
    { name: '经营场所使用证明', provided_as: 'pledge' },
  ] } });
  assert.equal(s.status, 201, s.text);
  const a = await req('POST', `/api/v1/cases/${s.json.id}/accept`, { token: await apiLogin('clerk'), body: {} });
  assert.equal(a.status, 200, a.text);
  return { id: s.json.id, task: a.json.tasks.find((t) => t.kind === 'review').id, first };
}

async function openTask(page, c) {
  await page.goto(`${BASE}/office.html`);
  await page.locator('#inbox[data-loaded="true"]').waitFor({ state: 'attached' });
  await page.locator(`#inbox tr[data-task="${c.task}"] button`).click();
  await page.locator(`#case[data-id="${c.id}"]`).waitFor({ state: 'attached' });
}

const noSideScroll = async (page, viewport) =>
  assert.ok(await page.evaluate((w) => document.documentElement.scrollWidth <= w, viewport.width), 'no sideways scrolling');

for (const [size, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
  test(`补正 names a file and a field; 张三 hands in both; the officer sees old and new and approves (${size})`, async () => {
    const c = await acceptedCase(size);

    // the officer: the notice lists what to correct, each with its reason
    const officer = await login(browser, 'officer', { viewport });
    await openTask(officer.page, c);
    const card = officer.page.locator(`#task-actions form[data-task="${c.task}"]`);
    await card.locator('details.asks summary').click();
    await card.locator(`input[data-kind="material"][data-name="${MATERIAL}"]`).check();
    await card.locator(`input[data-kind="field"][data-name="address.detail"]`).check();
    await card.locator('textarea').fill('请按一次性告知补正');
    // a ticked one without its reason is pointed out beside it
    await card.locator('[data-act="correct"]').click();
    assert.match(await card.locator('.field-error').first().textContent(), /请写明“个体工商户登记申请书”的补正理由/);
    await card.locator('.ask-reason:not([hidden])').nth(0).fill('申请书缺少经营者签名');
    await card.locator('.ask-reason:not([hidden])').nth(1).fill('详细地址缺少门牌号');
    await noSideScroll(officer.page, viewport);
    await officer.page.screenshot({ path: `${SHOTS}/corrections-ask-${size}.png`, fullPage: true });
    await card.locator('[data-act="correct"]').click();
    await officer.page.locator('#message', { hasText: '已要求补正' }).waitFor();
    const asked = await officer.page.locator('#case-fixes').textContent();
    assert.match(asked, /个体工商户登记申请书 — 申请书缺少经营者签名/);
    assert.match(asked, /详细地址 — 详细地址缺少门牌号/);

    // 张三: exactly those two, with their reasons
    const applicant = await loginApplicant(browser, DEMO_PERSON, { viewport });
    const page = applicant.page;
    await page.goto(`${BASE}/#case/${c.id}`);
    const box = page.locator('#corrections');
    await box.waitFor();
    assert.equal(await box.locator('.fix-material').count(), 1);
    assert.equal(await box.locator('.fix-field').count(), 1);
    assert.match(await box.locator('.fix-material').textContent(), /个体工商户登记申请书.*补正原因：申请书缺少经营者签名/);
    assert.match(await box.locator('.fix-field label').textContent(), /^详细地址$/);
    assert.equal(await box.locator('.fix-field input').inputValue(), '辽宁路100号');
    // too early: the missing file is named beside its input, nothing is sent
    await box.locator('.fix-field input').fill('');
    await page.click('#resubmit');
    const errs = await box.locator('.field-error').allTextContents();
    assert.ok(errs.includes('请上传“个体工商户登记申请书”'), errs.join('|'));
    assert.ok(errs.includes('请填写“详细地址”'), errs.join('|'));
    await noSideScroll(page, viewport);
    await page.screenshot({ path: `${SHOTS}/corrections-missing-${size}.png`, fullPage: true });
    assert.equal((await req('GET', `/api/v1/cases/${c.id}`, { token: await apiLogin(DEMO_PERSON) })).json.tasks
      .find((t) => t.id === c.task).state, 'correcting');
    // the replacement and the corrected address
    await box.locator('.fix-material input[type="file"]').setInputFiles({ name: `申请书-已签名-${size}.pdf`, mimeType: 'application/pdf',
      buffer: pdfFile(`corrections e2e signed ${size}`) });
    await box.locator('.fix-material .uploaded:not([hidden])').waitFor();
    await box.locator('.fix-field input').fill('辽宁路100号3单元');
    await page.screenshot({ path: `${SHOTS}/corrections-ready-${size}.png`, fullPage: true });
    await page.click('#resubmit');
    await box.waitFor({ state: 'detached' });
    // the page says what happened where the notice was
    assert.equal(await page.locator('#case-done').textContent(), '已重新提交补正的内容，审批继续计时。');
    await page.locator('#case .task[data-state="open"]').first().waitFor();
    await page.screenshot({ path: `${SHOTS}/corrections-resubmitted-${size}.png`, fullPage: true });
    assert.deepEqual(applicant.errors, []);
    await applicant.context.close();

    // the officer: each earlier version beside the new one, then approves
    await openTask(officer.page, c);
    const fixes = officer.page.locator('#case-fixes');
    const file = fixes.locator('li[data-kind="material"]');
    assert.equal(await file.locator('.earlier .file-name').textContent(), `申请书-${size}.pdf`);
    assert.equal(await file.locator('.given .file-name').textContent(), `申请书-已签名-${size}.pdf`);
    const field = fixes.locator('li[data-kind="field"]');
    assert.match(await field.locator('.earlier').textContent(), /辽宁路100号$/);
    assert.match(await field.locator('.given').textContent(), /辽宁路100号3单元$/);
    // the earlier file still opens
    const href = await file.locator('.earlier a[data-act="download"]').getAttribute('href');
    assert.ok(href.includes(c.first), href);
    assert.equal((await officer.page.request.get(BASE + href)).status(), 200);
    await noSideScroll(officer.page, viewport);
    await officer.page.screenshot({ path: `${SHOTS}/corrections-versions-${size}.png`, fullPage: true });
    await card.locator('[data-act="approve"]').click();
    await officer.page.locator('#case[data-state="completed"]').waitFor({ state: 'attached' });
    assert.deepEqual(officer.errors, []);
    await officer.context.close();
  });
}
