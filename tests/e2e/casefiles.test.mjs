// Staff decide with the documents in front of them (issue 15): a person applies with a PDF; the
// 市场监管局's officer opens the case from the inbox, reads the material's file in the page (an
// <iframe> of GET /api/v1/cases/{id}/files/{sha256}: application/pdf, inline) and sees its name,
// type, size and hash beside the 下载 link — at 1366 px and again on a phone at 390 px; then the
// applicant opens the case in 我的办件 and reads that the department's officer opened it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { launch, loginAs as login, BASE, SHOTS } from './browser.mjs';
import { req, login as apiLogin, itemForm, DEMO_PERSON } from '../api/lib.mjs';

const DESKTOP = { width: 1366, height: 900 }, PHONE = { width: 390, height: 844 };
const ITEM = 'QD-SCJG-XK-0004'; // 个体工商户登记, decided by the 市场监管局
// A PDF of one A4 page with a line of text, as a scanner writes one: the browser's viewer draws
// it (the API tests' pdfFile has no page, which the viewer reports as an error).
function onePagePdf(text) {
  const content = `BT /F1 28 Tf 72 760 Td (${text}) Tj ET`;
  const objects = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`, '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>'];
  let body = '%PDF-1.4\n';
  const offsets = objects.map((o, i) => { const at = body.length; body += `${i + 1} 0 obj\n${o}\nendobj\n`; return at; });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  return Buffer.from(`${body}trailer << /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`, 'latin1');
}
const pdf = onePagePdf(`Application form ${randomBytes(4).toString('hex')}`);
let browser, caseId, sha;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function noSideScroll(page, viewport) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= viewport.width, `page is ${width}px wide at ${viewport.width}`);
}

test('a person applies with a PDF and the clerk accepts it', async () => {
  const person = await apiLogin(DEMO_PERSON);
  const up = await req('POST', `/api/v1/uploads?name=${encodeURIComponent('登记申请书.pdf')}`,
    { token: person, raw: pdf, headers: { 'content-type': 'application/pdf' } });
  assert.ok(up.status === 201 || up.status === 200, up.text);
  sha = up.json.sha256;
  const r = await req('POST', '/api/v1/cases', { token: person, body: { item: ITEM, form: await itemForm(ITEM), materials: [
    { name: '个体工商户登记申请书', provided_as: 'upload', upload: sha },
    { name: '申请人居民身份证', provided_as: 'upload', upload: sha },
    { name: '经营场所使用证明', provided_as: 'pledge' },
  ] } });
  assert.equal(r.status, 201, r.text);
  caseId = r.json.id;
  const a = await req('POST', `/api/v1/cases/${caseId}/accept`, { token: await apiLogin('clerk'), body: {} });
  assert.equal(a.status, 200, a.text);
});

// The officer opens the case from the inbox and the first material's file in the page.
async function officerReads(viewport, label) {
  const { page, context, errors } = await login(browser, 'officer-scjg', { viewport });
  await page.goto(BASE + '/office.html#inbox');
  await page.locator('#inbox[data-loaded="true"]').waitFor({ state: 'attached' });
  await page.locator(`#inbox tr:has(button) >> nth=0`).waitFor();
  const task = (await req('GET', `/api/v1/cases/${caseId}`, { token: await apiLogin('officer-scjg') })).json.tasks[0];
  await page.locator(`#inbox tr[data-task="${task.id}"] button`).click();
  const item = page.locator('#case-materials li[data-material="个体工商户登记申请书"]');
  const file = item.locator('.case-file');
  await file.waitFor();
  assert.equal(await file.getAttribute('data-sha256'), sha);
  assert.equal(await file.locator('.file-name').textContent(), '登记申请书.pdf');
  assert.equal(await file.locator('.file-meta').textContent(), `PDF 文件 · ${pdf.length} 字节`);
  assert.equal(await file.locator('.file-hash code').textContent(), sha);
  const download = file.locator('a[data-act="download"]');
  assert.equal(await download.getAttribute('href'), `/api/v1/cases/${caseId}/files/${sha}?download=1`);
  assert.equal(await download.textContent(), '下载');
  // 查看: the PDF comes from the server inline, into an <iframe> of the page
  const answered = page.waitForResponse((res) => res.url().endsWith(`/api/v1/cases/${caseId}/files/${sha}`));
  await file.locator('button[data-act="view"]').click();
  const res = await answered;
  assert.equal(res.status(), 200);
  assert.equal(res.headers()['content-type'], 'application/pdf');
  assert.match(res.headers()['content-disposition'], /^inline; filename\*=UTF-8''/);
  const frame = file.locator('.file-viewer iframe');
  await frame.waitFor();
  assert.equal(await frame.getAttribute('src'), `/api/v1/cases/${caseId}/files/${sha}`);
  assert.equal(await file.locator('button[data-act="view"]').textContent(), '收起');
  await noSideScroll(page, viewport);
  await page.waitForTimeout(500); // the viewer draws the PDF
  await item.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/casefiles-officer-${label}.png`, fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();
}

test('the officer opens the PDF from the task view at 1366 px', async () => { await officerReads(DESKTOP, 'desktop'); });
test('and on a phone at 390 px', async () => { await officerReads(PHONE, 'phone'); });

test('the applicant sees their files and that the 市场监管局 opened them', async () => {
  const { page, context, errors } = await login(browser, DEMO_PERSON, { viewport: PHONE });
  await page.goto(`${BASE}/#case/${caseId}`);
  const views = page.locator('#file-views li');
  await views.first().waitFor();
  assert.equal(await views.count(), 2);
  for (const text of await views.allTextContents())
    assert.match(text, /^\d{4}-\d\d-\d\d \d\d:\d\d 青岛市市场监督管理局 部门审批人员 查阅了“个体工商户登记申请书”$/);
  const file = page.locator('#case-files li[data-material="申请人居民身份证"] .case-file');
  assert.equal(await file.locator('.file-name').textContent(), '登记申请书.pdf');
  assert.equal(await file.locator('a[data-act="download"]').getAttribute('href'), `/api/v1/cases/${caseId}/files/${sha}?download=1`);
  await noSideScroll(page, PHONE);
  await page.screenshot({ path: `${SHOTS}/casefiles-applicant-phone.png`, fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();
});
