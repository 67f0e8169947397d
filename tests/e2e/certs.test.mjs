// Electronic certificates in a real browser (issue 16), at 1366 px and at 390 px: the demo person
// and the demo enterprise see their certificates in 我的证照, each with its fields under the type's
// labels, its status in words and its QR code; the QR decoded from its PNG (zbarimg) opens the
// public verification page, which says 有效 in large words; the certificate file pasted into that
// page verifies, a tampered one does not; the enterprise sees which department read its licence
// for which case; after an officer revokes a licence through the API the public page says 已撤销
// and 我的证照 says why; the printable page lays the licence out with its QR, and in print shows the
// sheet alone. A person who holds none is told how one gets a certificate.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, loginAs, BASE, SHOTS } from './browser.mjs';
import { req, login as apiLogin, itemCase, dayAfter, idNumber, DEMO_PERSON, DEMO_ENTERPRISE } from '../api/lib.mjs';

const VIEWPORTS = [['desktop', { width: 1366, height: 900 }], ['phone', { width: 390, height: 844 }]];
const FOOD = 'QD-SCJG-XK-0005'; // 食品经营许可证核发, by 市场监管局: its officer reads the applicant's 营业执照
let browser, licence, caseNumber;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function noSideScroll(page, width) {
  const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(scroll <= width, `page is ${scroll}px wide at ${width}`);
}

// The image has loaded and has a size: a QR code the browser could draw (waiting for it to load).
const drawn = (img) => img.evaluate((e) => (e.complete ? e.naturalWidth > 0 : new Promise((done) => {
  e.addEventListener('load', () => done(e.naturalWidth > 0));
  e.addEventListener('error', () => done(false));
})));

// A fresh 食品经营许可证 of the demo enterprise, issued by 市场监管局's officer, to revoke.
async function newFoodLicence() {
  const r = await req('POST', '/api/v1/certificates', { token: await apiLogin('officer'), body: {
    type: 'SPJY', holder: DEMO_ENTERPRISE, holder_name: '青岛海川数字科技有限公司', reason: '浏览器测试签发',
    fields: { 'entity.name': '青岛海川数字科技有限公司', 'food.items': '热食类食品制售' } } });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

test('a department reads the enterprise\'s licence for a case it handles', async () => {
  const person = await apiLogin(DEMO_PERSON);
  let r = await req('GET', '/api/v1/certificates?mine=true&type=YYZZ', { token: await apiLogin(DEMO_ENTERPRISE) });
  licence = r.json.certificates.find((c) => c.status === 'valid');
  assert.ok(licence, r.text);
  r = await req('POST', '/api/v1/cases', { token: person, body: await itemCase(person, FOOD) });
  assert.equal(r.status, 201, r.text);
  const made = r.json;
  const deferred = (made.materials || []).filter((m) => m.provided_as === 'deferred').map((m) => ({ material: m.name, due_date: dayAfter(3) }));
  r = await req('POST', `/api/v1/cases/${made.id}/accept`, { token: await apiLogin('clerk'), body: { deferred } });
  assert.equal(r.status, 200, r.text);
  caseNumber = r.json.number;
  r = await req('GET', `/api/v1/certificate-share?case_id=${made.id}&identifier=${encodeURIComponent(licence.identifier)}`, { token: await apiLogin('officer') });
  assert.equal(r.status, 200, r.text);
});

for (const [label, viewport] of VIEWPORTS) {
  test(`我的证照: the person's ID card and the enterprise's licence, with QR codes (${label})`, async () => {
    const { page, context, errors } = await loginAs(browser, DEMO_PERSON, { viewport });
    await page.click('#nav-certs');
    await page.waitForURL('**/certs.html');
    await page.locator('body[data-ready="true"]').waitFor({ state: 'attached' });
    const card = page.locator('article.cert-card[data-type="JMSFZ"]');
    await card.waitFor();
    const text = await card.textContent();
    for (const said of ['居民身份证', '有效', '住址', '山东省青岛市市南区示范路1号', '2020-05-11 至 2040-05-11', '青岛市公安局', DEMO_PERSON])
      assert.ok(text.includes(said), `the card says ${said}: ${text}`);
    assert.doesNotMatch(text, /person\./, 'the type\'s labels, never its keys');
    assert.ok(await drawn(card.locator('.cert-qr img')), 'the QR code is drawn');
    assert.match(await card.locator('.cert-qr img').getAttribute('alt'), /居民身份证的核验二维码/);
    await noSideScroll(page, viewport.width);
    await page.screenshot({ path: `${SHOTS}/certs-person-${label}.png`, fullPage: true });
    await context.close();

    const ent = await loginAs(browser, DEMO_ENTERPRISE, { viewport, acceptDownloads: true });
    await ent.page.goto(`${BASE}/certs.html`);
    const mine = ent.page.locator(`article.cert-card[data-cert="${licence.id}"]`);
    await mine.waitFor();
    const said = await mine.textContent();
    for (const words of ['营业执照', licence.number, '统一社会信用代码', DEMO_ENTERPRISE, '法定代表人（经营者）', '有效', '起长期有效'])
      assert.ok(said.includes(words), `the licence's card says ${words}: ${said}`);
    assert.ok(await drawn(mine.locator('.cert-qr img')));
    // 下载电子证照: the certificate file, a .jwt that is the credential
    const [download] = await Promise.all([ent.page.waitForEvent('download'), mine.locator('a[data-act="download"]').click()]);
    assert.equal(download.suggestedFilename(), `${licence.number}.jwt`);
    // 调取记录: 市场监管局, the case's number
    await mine.locator('button[data-act="reads"]').click();
    const reads = ent.page.locator(`#reads-${licence.id}`);
    await reads.locator('li').first().waitFor();
    const read = await reads.textContent();
    assert.ok(read.includes('青岛市市场监督管理局') && read.includes(caseNumber), read);
    assert.equal(await mine.locator('button[data-act="reads"]').getAttribute('aria-expanded'), 'true');
    await noSideScroll(ent.page, viewport.width);
    await ent.page.screenshot({ path: `${SHOTS}/certs-enterprise-${label}.png`, fullPage: true });
    assert.deepEqual([...errors, ...ent.errors], []);
    await ent.context.close();
  });

  test(`the QR opens the public page, which says 有效; the certificate file verifies there (${label})`, async () => {
    const png = await fetch(`${BASE}/api/v1/certificates/${licence.id}/qr.png`);
    assert.equal(png.status, 200);
    const dir = mkdtempSync(join(tmpdir(), 'yw-e2e-qr-'));
    writeFileSync(join(dir, 'qr.png'), Buffer.from(await png.arrayBuffer()));
    const url = execFileSync('zbarimg', ['--raw', '-q', join(dir, 'qr.png')]).toString().trim();
    assert.match(url, new RegExp(`/verify\\.html\\?cert=${licence.id}$`));
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(url);
    const verdict = page.locator('#cert-verdict');
    await verdict.waitFor();
    assert.match(await verdict.textContent(), /有效$/);
    const facts = await page.locator('#cert-result').textContent();
    for (const said of ['营业执照', licence.number, licence.identifier, DEMO_ENTERPRISE, '青岛市市场监督管理局']) assert.ok(facts.includes(said), said);
    // the large words are large
    const size = await verdict.evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
    assert.ok(size >= 28, `the status is ${size}px`);
    await noSideScroll(page, viewport.width);
    await page.screenshot({ path: `${SHOTS}/certs-verify-${label}.png`, fullPage: true });

    // the credential pasted: verified, in the server's words; one byte changed: not
    const credential = (await req('GET', `/api/v1/certificates/${licence.id}`, { token: await apiLogin(DEMO_ENTERPRISE) })).json.credential;
    await page.fill('#credential', credential);
    await page.click('#credential-go');
    await page.locator('#credential-result[data-result="valid"]').waitFor();
    assert.equal(await page.locator('#credential-verdict').textContent(), '核验通过');
    assert.ok((await page.locator('#credential-message').textContent()).length > 0);
    const [h, p, s] = credential.split('.');
    const sig = Buffer.from(s, 'base64url');
    sig[3] ^= 1;
    await page.fill('#credential', `${h}.${p}.${sig.toString('base64url')}`);
    await page.click('#credential-go');
    await page.locator('#credential-result[data-result="bad_signature"]').waitFor();
    assert.equal(await page.locator('#credential-verdict').textContent(), '核验未通过');
    // nothing pasted: said beside the box
    await page.fill('#credential', '');
    await page.click('#credential-go');
    await page.locator('#credential-error').waitFor();
    // a file chosen: read and verified
    writeFileSync(join(dir, `${licence.number}.jwt`), credential);
    await page.setInputFiles('#credential-file', join(dir, `${licence.number}.jwt`));
    await page.locator('#credential-result[data-result="valid"]').waitFor();
    await noSideScroll(page, viewport.width);
    await page.screenshot({ path: `${SHOTS}/certs-verify-pasted-${label}.png`, fullPage: true });
    assert.deepEqual(errors, []);
    await context.close();
  });

  test(`an officer revokes a licence: the public page says 已撤销, 我的证照 says why (${label})`, async () => {
    const food = await newFoodLicence();
    const r = await req('POST', `/api/v1/certificates/${food.id}/revoke`, { token: await apiLogin('officer'), body: { reason: '以欺骗手段取得许可' } });
    assert.equal(r.status, 200, r.text);
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    await page.goto(food.verify_url);
    const verdict = page.locator('#cert-verdict');
    await verdict.waitFor();
    assert.match(await verdict.textContent(), /已撤销$/);
    assert.equal(await verdict.getAttribute('data-status'), 'revoked');
    assert.doesNotMatch(await page.locator('#cert-result').textContent(), /以欺骗手段/, 'the reason is the holder\'s to read');
    await page.screenshot({ path: `${SHOTS}/certs-revoked-${label}.png`, fullPage: true });
    await context.close();
    const ent = await loginAs(browser, DEMO_ENTERPRISE, { viewport });
    await ent.page.goto(`${BASE}/certs.html`);
    const card = ent.page.locator(`article.cert-card[data-cert="${food.id}"]`);
    await card.waitFor();
    assert.equal(await card.locator('.cert-status').textContent(), '已撤销');
    assert.match(await card.locator('.cert-change').textContent(), /原因：以欺骗手段取得许可/);
    await ent.context.close();
  });

  test(`the printable page: the licence with its QR; in print the sheet alone (${label})`, async () => {
    const { page, context, errors } = await loginAs(browser, DEMO_ENTERPRISE, { viewport });
    await page.goto(`${BASE}/certs.html`);
    await page.locator(`article.cert-card[data-cert="${licence.id}"] a[data-act="print"]`).click();
    await page.waitForURL('**/cert.html?id=**');
    const paper = page.locator('#licence');
    await paper.waitFor();
    const sheet = await paper.textContent();
    for (const said of ['营业执照', `编号：${licence.number}`, '统一社会信用代码', DEMO_ENTERPRISE, '有效期', '长期', '发证机关：青岛市市场监督管理局', licence.identifier])
      assert.ok(sheet.includes(said), `the sheet says ${said}: ${sheet}`);
    assert.ok(await drawn(page.locator('#licence-qr')));
    assert.equal(await page.locator('#cert-pdf').getAttribute('href'), `/api/v1/certificates/${licence.id}/certificate.pdf`);
    await page.evaluate(() => { window.print = () => { document.body.dataset.printed = 'yes'; }; });
    await page.click('#cert-print');
    assert.equal(await page.locator('body').getAttribute('data-printed'), 'yes');
    await noSideScroll(page, viewport.width);
    await page.screenshot({ path: `${SHOTS}/certs-print-${label}.png`, fullPage: true });
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('header.topbar').isVisible(), false);
    assert.equal(await page.locator('#cert-print').isVisible(), false);
    assert.equal(await page.locator('footer').isVisible(), false);
    assert.ok(await paper.isVisible());
    await page.emulateMedia({ media: 'screen' });
    assert.deepEqual(errors, []);
    await context.close();
  });

  test(`a person who holds no certificate is told how one gets one (${label})`, async () => {
    const id = idNumber(`3702021988010${label === 'desktop' ? '1' : '2'}441`);
    const r = await req('POST', '/api/v1/accounts', { body: { kind: 'person', name: '证照测试', id_number: id, password: 'certs-pass-1' } });
    assert.equal(r.status, 201, r.text);
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    await page.goto(`${BASE}/login.html?next=/certs.html`);
    await page.fill('#login', id);
    await page.fill('#password', 'certs-pass-1');
    await page.click('#submit');
    await page.waitForURL('**/certs.html');
    await page.locator('#certs-empty').waitFor();
    assert.match(await page.locator('#certs-empty').textContent(), /办结后/);
    assert.equal(await page.locator('article.cert-card').count(), 0);
    await context.close();
  });
}

test('an enterprise\'s licence in 我的证照 leads to its 企业身份码 (its page and QR)', async () => {
  const viewport = { width: 390, height: 844 };
  const { page, context, errors } = await loginAs(browser, DEMO_ENTERPRISE, { viewport });
  await page.goto(`${BASE}/certs.html`);
  const card = page.locator('article.cert-card[data-type="YYZZ"][data-status="valid"]').first();
  await card.waitFor();
  await card.locator('a[data-act="entity"]').click();
  await page.waitForURL(`**/entity.html?uscc=${DEMO_ENTERPRISE}`);
  await page.locator('#ec-qr').waitFor();
  assert.equal(await page.locator('#ec-name').textContent(), '青岛海川数字科技有限公司');
  await noSideScroll(page, viewport.width);
  assert.deepEqual(errors, []);
  await context.close();
  // a person's own card has no enterprise to lead to
  const person = await loginAs(browser, DEMO_PERSON, { viewport });
  await person.page.goto(`${BASE}/certs.html`);
  const id = person.page.locator('article.cert-card[data-type="JMSFZ"]');
  await id.waitFor();
  assert.equal(await id.locator('a[data-act="entity"]').count(), 0);
  await person.context.close();
});
