// Reuse instead of proofs (免提交) in a real browser, at desktop and at phone width: the demo
// enterprise applies for 特种设备使用登记, which asks for its 营业执照; the form says the licence it
// holds stands in for it and asks for no upload; the case records the certificate. A clerk accepts
// through the API; the 市场监管局's officer opens the case, sees the licence with its status,
// opens it (its QR, holder, validity) and the holder finds that reading in its reads. A licence
// suspended after submission is flagged in the case, and approving asks first.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, apiAs, loginAs, answerConfirm, BASE, SHOTS } from './browser.mjs';
import { pdfFile, uscc } from '../api/lib.mjs';

const ENTERPRISE = '91370202MA3CXK7TXN';
const ITEM = 'QD-SCJG-XK-0007'; // 特种设备使用登记 (市场监管局)
const PDF = pdfFile('certreuse');

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function fits(page, viewport) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= viewport.width, `page is ${width}px wide at ${viewport.width}px`);
}

const licenceRow = (page) => page.locator('#case-materials li[data-material="营业执照"]');

// The officer's view of a case, opened by its address.
async function officerCase(viewport, caseId) {
  const officer = await loginAs(browser, 'officer', { viewport });
  await officer.page.goto(`${BASE}/office.html#case/${caseId}`);
  await officer.page.locator(`#case[data-id="${caseId}"]`).waitFor();
  return officer;
}

for (const [label, viewport] of [['desktop', { width: 1366, height: 900 }], ['phone', { width: 390, height: 844 }]]) {
  test(`the demo enterprise's 营业执照 stands in for the material; the officer opens it (${label})`, async () => {
    const { page, context, errors } = await loginAs(browser, ENTERPRISE, { viewport });
    await page.goto(`${BASE}/#apply/item/${ITEM}`);
    const licence = page.locator('#apply fieldset.material[data-name="营业执照"]');
    await licence.locator('.cert-reused').waitFor();
    assert.match(await licence.locator('.cert-reused').textContent(), /^✓ 已有电子证照，免于提交：营业执照（编号 YZ\w+）/);
    assert.equal(await licence.locator('input').count(), 0, 'no upload, no choice asked');

    // the rest as any applicant gives it
    await page.fill('#field-legal_rep-name', '李四');
    await page.fill('#field-legal_rep-id_number', '370202199003071233');
    await page.selectOption('#field-equipment-kind', '电梯');
    for (const name of ['特种设备使用登记表', '特种设备产品合格证', '监督检验证明']) {
      const m = page.locator(`#apply fieldset.material[data-name="${name}"]`);
      await m.locator('input[type="file"]').setInputFiles({ name: `${name}.pdf`, mimeType: 'application/pdf', buffer: PDF });
      await m.locator('.uploaded', { hasText: `${name}.pdf` }).waitFor();
    }
    await fits(page, viewport);
    await page.screenshot({ path: `${SHOTS}/certreuse-form-${label}.png`, fullPage: true });
    await page.click('#submit-case');
    await page.locator('#done-number').waitFor();
    assert.match(await page.locator('ol.next-steps').textContent(), /以下材料已用您的电子证照，免于提交：营业执照/);
    const caseId = page.url().split('#done/')[1];
    const ent = await apiAs(ENTERPRISE);
    const c = (await ent('GET', `/api/v1/cases/${caseId}`)).body;
    const given = c.materials.find((m) => m.name === '营业执照');
    assert.equal(given.provided_as, 'certificate');
    assert.equal(given.upload, null);
    assert.equal(given.certificate.status, 'valid');
    assert.deepEqual(errors, []);
    await context.close();

    // accepted at the window; the 市场监管局 sees the certificate in the case and opens it
    const clerk = await apiAs('clerk');
    assert.equal((await clerk('POST', `/api/v1/cases/${caseId}/accept`, {})).status, 200);
    const officer = await officerCase(viewport, caseId);
    const row = licenceRow(officer.page);
    assert.match(await row.textContent(), /电子证照免提交/);
    assert.match(await row.locator('.cert-of-material').textContent(), new RegExp(`营业执照，编号 ${given.certificate.number}`));
    assert.match(await row.locator('.cert-valid').textContent(), /证照有效/);
    await row.locator('button.cert-open').click();
    const card = row.locator('.cert-card');
    await card.waitFor();
    assert.match(await card.textContent(), /持证主体/);
    assert.match(await card.textContent(), new RegExp(given.certificate.holder));
    assert.ok(await card.locator('img.cert-qr').evaluate((img) => img.complete && img.naturalWidth > 0), 'the QR is drawn');
    assert.ok((await card.locator('a').getAttribute('href')).includes(given.certificate.id));
    await fits(officer.page, viewport);
    await officer.page.screenshot({ path: `${SHOTS}/certreuse-case-${label}.png`, fullPage: true });
    assert.deepEqual(officer.errors, []);
    await officer.context.close();
    // the holder sees the reading, for this case
    const reads = (await ent('GET', `/api/v1/certificates/${given.certificate.id}/reads`)).body.reads;
    assert.ok(reads.some((r) => r.case_id === caseId && r.department === '青岛市市场监督管理局'), JSON.stringify(reads));
  });
}

test('a licence suspended after submission is flagged in the case; approving asks first', async () => {
  const viewport = { width: 1366, height: 900 };
  // an enterprise of its own, so that the demo's licence stays valid for the other tests
  let body = '';
  for (let i = 0; i < 6; i++) body += String(Math.floor(Math.random() * 10));
  const code = uscc('91370211', `MA${body}`);
  const signup = await fetch(`${BASE}/api/v1/accounts`, { method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ kind: 'enterprise', name: '青岛证照暂停测试有限公司', uscc: code, password: 'yiwang2026' }) });
  assert.equal(signup.status, 201, await signup.text());
  const officerApi = await apiAs('officer');
  const issued = await officerApi('POST', '/api/v1/certificates', { type: 'YYZZ', holder: code, holder_name: '青岛证照暂停测试有限公司',
    fields: { 'entity.name': '青岛证照暂停测试有限公司' }, reason: '测试签发' });
  assert.equal(issued.status, 201, JSON.stringify(issued.body));
  const ent = await apiAs(code);
  const item = (await ent('GET', `/api/v1/items/${ITEM}`)).body;
  const up = await ent('POST', '/api/v1/uploads', PDF);
  assert.ok(up.status === 200 || up.status === 201, JSON.stringify(up.body));
  const materials = item.materials.filter((m) => m.requirement === 'required').map((m) => (m.name === '营业执照'
    ? { name: m.name, provided_as: 'certificate', certificate: issued.body.id } : { name: m.name, provided_as: 'upload', upload: up.body.sha256 }));
  const form = { 'entity.name': '青岛证照暂停测试有限公司', 'entity.uscc': code, 'legal_rep.name': '王五',
    'legal_rep.id_number': '370202199003071233', 'contact.phone': '13900000005', 'equipment.kind': '锅炉' };
  const submitted = await ent('POST', '/api/v1/cases', { item: ITEM, form, materials });
  assert.equal(submitted.status, 201, JSON.stringify(submitted.body));
  const caseId = submitted.body.id;
  assert.equal((await (await apiAs('clerk'))('POST', `/api/v1/cases/${caseId}/accept`, {})).status, 200);
  assert.equal((await officerApi('POST', `/api/v1/certificates/${issued.body.id}/suspend`, { reason: '测试暂停' })).status, 200);

  const { page, context, errors } = await officerCase(viewport, caseId);
  assert.match(await licenceRow(page).locator('.cert-lapsed').textContent(), /注意：此证照在提交后已暂停，请核实后再作决定/);
  const task = submitted.body.id && (await officerApi('GET', `/api/v1/cases/${caseId}`)).body.tasks.find((t) => t.kind === 'review');
  await page.locator(`#task-actions form[data-task="${task.id}"] [data-act="approve"]`).click();
  await answerConfirm(page, false, /以下材料所用的电子证照在提交后已失效：营业执照（已暂停）/);
  assert.equal((await officerApi('GET', `/api/v1/cases/${caseId}`)).body.state, 'in_progress', 'cancelled: nothing decided');
  await page.locator(`#task-actions form[data-task="${task.id}"] [data-act="approve"]`).click();
  await answerConfirm(page, true);
  await page.locator('#message', { hasText: '已通过' }).waitFor();
  assert.equal((await officerApi('GET', `/api/v1/cases/${caseId}`)).body.state, 'completed');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the form follows the enterprise it names; a licence that lapses before submission is said beside its material', async () => {
  const viewport = { width: 390, height: 844 };
  let body = '';
  for (let i = 0; i < 6; i++) body += String(Math.floor(Math.random() * 10));
  const code = uscc('91370212', `MA${body}`);
  const signup = await fetch(`${BASE}/api/v1/accounts`, { method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ kind: 'enterprise', name: '青岛证照换填测试有限公司', uscc: code, password: 'yiwang2026' }) });
  assert.equal(signup.status, 201, await signup.text());
  const officerApi = await apiAs('officer');
  const issued = await officerApi('POST', '/api/v1/certificates', { type: 'YYZZ', holder: code, holder_name: '青岛证照换填测试有限公司',
    fields: { 'entity.name': '青岛证照换填测试有限公司' }, reason: '测试签发' });
  assert.equal(issued.status, 201, JSON.stringify(issued.body));

  const { page, context, errors } = await loginAs(browser, code, { viewport });
  await page.goto(`${BASE}/#apply/item/${ITEM}`);
  const licence = page.locator('#apply fieldset.material[data-name="营业执照"]');
  await licence.locator('.cert-reused').waitFor();
  // another enterprise's code typed in: its licence is not this account's, so an upload is asked
  await page.fill('#field-entity-uscc', ENTERPRISE);
  await page.locator('#field-entity-uscc').press('Tab');
  await licence.locator('input[value="upload"]').waitFor();
  assert.equal(await licence.locator('.cert-reused').count(), 0);
  // its own code again: the licence stands in once more
  await page.fill('#field-entity-uscc', code);
  await page.locator('#field-entity-uscc').press('Tab');
  await licence.locator('.cert-reused').waitFor();

  await page.fill('#field-legal_rep-name', '王五');
  await page.fill('#field-legal_rep-id_number', '370202199003071233');
  await page.fill('#field-contact-phone', '13900000005');
  await page.selectOption('#field-equipment-kind', '锅炉');
  for (const name of ['特种设备使用登记表', '特种设备产品合格证', '监督检验证明']) {
    const m = page.locator(`#apply fieldset.material[data-name="${name}"]`);
    await m.locator('input[type="file"]').setInputFiles({ name: `${name}.pdf`, mimeType: 'application/pdf', buffer: PDF });
    await m.locator('.uploaded', { hasText: `${name}.pdf` }).waitFor();
  }
  // suspended while the form is open: the server's refusal is said beside the licence, which now
  // asks for another way
  assert.equal((await officerApi('POST', `/api/v1/certificates/${issued.body.id}/suspend`, { reason: '测试暂停' })).status, 200);
  await page.click('#submit-case');
  await licence.locator('.field-error').filter({ hasText: '暂停' }).waitFor();
  assert.ok(await licence.locator('.field-error').isVisible());
  assert.equal(await licence.locator('.cert-reused').count(), 0);
  assert.ok(await licence.locator('input[value="upload"]').count() === 1, 'another way is offered');
  await fits(page, viewport);
  await page.screenshot({ path: `${SHOTS}/certreuse-lapsed-form-phone.png`, fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();
});
