// The case loop as a stranger meets it, one person at a time, in a real browser: what each of
// them must be able to see and open. The clerk and the officer open every file a case was
// handed in with, and read a district by its name; an officer who decides a task another
// officer has just decided is told so in Chinese and sees the case as it now is; 张三 finds in
// 我的办件 which case waits for his corrections, and opens the files he handed in.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, loginAs as login, loginApplicant, BASE, SHOTS } from './browser.mjs';
import { req, login as apiLogin, itemForm, uploadPdf, DEMO_PERSON } from '../api/lib.mjs';

const DESKTOP = { width: 1366, height: 900 }, PHONE = { width: 390, height: 844 };
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const ITEM = 'QD-SCJG-XK-0004'; // 个体工商户登记: two files, a pledge, a district
let caseId, files;

// 张三's case with two files of his own, each with its name, in 市北区 (370203)
test('张三 applies with two files', async () => {
  const person = await apiLogin(DEMO_PERSON);
  files = [await uploadPdf(person, '登记申请书.pdf', 'loop form'), await uploadPdf(person, '身份证正反面.pdf', 'loop id')];
  const form = await itemForm(ITEM);
  form['address.region'] = '370203';
  const materials = [
    { name: '个体工商户登记申请书', provided_as: 'upload', upload: files[0] },
    { name: '申请人居民身份证', provided_as: 'upload', upload: files[1] },
    { name: '经营场所使用证明', provided_as: 'pledge' },
  ];
  const r = await req('POST', '/api/v1/cases', { token: person, body: { item: ITEM, form, materials } });
  assert.equal(r.status, 201, r.text);
  caseId = r.json.id;
});

// Each uploaded material of the case is a link on the page that opens the file (its bytes, a PDF).
async function opensEveryFile(page, scope, names) {
  // each file with its name, and its download link (kit.js caseFile: the case's own file route)
  const files_ = page.locator(`${scope} .case-file`);
  assert.equal(await files_.count(), names.length, `each file in ${scope}`);
  for (let i = 0; i < names.length; i++) {
    assert.equal(await files_.nth(i).locator('.file-name').textContent(), names[i]);
    const href = await files_.nth(i).locator('a[data-act="download"]').getAttribute('href');
    assert.ok(href.includes(files[i]), href);
    const r = await page.request.get(BASE + href);
    assert.equal(r.status(), 200, `${href} opens`);
    assert.equal(r.headers()['content-type'], 'application/pdf');
    assert.match((await r.body()).toString('latin1'), /^%PDF-/);
  }
}

test('the clerk opens each file the case was handed in with, and reads the district by its name', async () => {
  const { page, errors } = await login(browser, 'clerk', { viewport: PHONE });
  await page.goto(`${BASE}/office.html`);
  await page.locator('#queue[data-loaded="true"]').waitFor({ state: 'attached' });
  await page.locator(`#queue tr[data-case="${caseId}"] button`).click();
  await page.locator('#accept-form').waitFor();
  await opensEveryFile(page, '#case-materials', ['登记申请书.pdf', '身份证正反面.pdf']);
  const form = await page.locator('#case-form').textContent();
  assert.match(form, /所在区（市）\s*市北区/);
  assert.doesNotMatch(form, /370203/);
  await page.screenshot({ path: `${SHOTS}/loop-clerk-materials-phone.png`, fullPage: true });
  // accepted, for the officers
  await page.click('#accept-submit');
  await page.locator('#case[data-state="in_progress"]').waitFor({ state: 'attached' });
  assert.deepEqual(errors, []);
});

test('an officer who decides a task another officer has just decided is told so, in Chinese, and sees it decided', async () => {
  const c = await req('GET', `/api/v1/cases/${caseId}`, { token: await apiLogin('officer') });
  const task = c.json.tasks.find((x) => x.kind === 'review');
  const a = await login(browser, 'officer', { viewport: DESKTOP });
  const b = await login(browser, 'officer', { viewport: PHONE });
  for (const { page } of [a, b]) {
    await page.goto(`${BASE}/office.html`);
    await page.locator('body[data-ready="true"]').waitFor({ state: 'attached' });
    await page.locator(`#inbox tr[data-task="${task.id}"] button`).click();
    await page.locator('#task-actions form').first().waitFor();
  }
  const review = (page) => page.locator('#task-actions form').filter({ hasText: '审批' });
  await opensEveryFile(a.page, '#case-materials', ['登记申请书.pdf', '身份证正反面.pdf']);
  await review(a.page).locator('[data-act="approve"]').click();
  await a.page.locator('#message').filter({ hasText: '已通过' }).waitFor();
  // the second officer, on the page as it was, asks for corrections
  await review(b.page).locator('textarea').fill('请补充经营场所产权证明');
  await review(b.page).locator('details.asks summary').click();
  await review(b.page).locator('details.asks input[type="checkbox"]').first().check();
  await review(b.page).locator('.ask-reason:not([hidden])').first().fill('扫描件不清晰，请重新上传');
  await review(b.page).locator('[data-act="correct"]').click();
  const told = b.page.locator('#error');
  await told.waitFor();
  const text = await told.textContent();
  assert.match(text, /其他人员/, text);
  assert.doesNotMatch(text, /[A-Za-z_]{3,}/, 'no code');
  // the page shows the case as it now is: the review task decided, nothing left to decide on it
  await b.page.locator('#case[data-state="completed"]').waitFor({ state: 'attached' });
  assert.equal(await review(b.page).count(), 0);
  assert.match(await b.page.locator('#case-items').textContent(), /已通过/);
  await b.page.screenshot({ path: `${SHOTS}/loop-officer-decided-first-phone.png`, fullPage: true });
  assert.deepEqual([...a.errors, ...b.errors], []);
});

test('张三 sees in 我的办件 which case waits for his corrections, and opens the files he handed in', async () => {
  const { page, errors } = await loginApplicant(browser, DEMO_PERSON, { viewport: PHONE });
  await page.goto(`${BASE}/#mine`);
  const list = page.locator('#mine');
  await list.locator("tr[data-id]").first().waitFor();
  // the demo's case sent back for 补正 says so in the list
  const r = await req('GET', '/api/v1/cases?mine=true&limit=100', { token: await apiLogin(DEMO_PERSON) });
  const waiting = [];
  for (const c of r.json.cases.filter((x) => x.state === 'in_progress')) {
    const one = await req('GET', `/api/v1/cases/${c.id}`, { token: await apiLogin(DEMO_PERSON) });
    if (one.json.tasks.some((t) => t.state === 'correcting')) waiting.push(c.id);
  }
  assert.ok(waiting.length >= 1, 'the demo has a case sent back');
  for (const id of waiting) assert.match(await list.locator(`tr[data-id="${id}"]`).textContent(), /待补正/);
  assert.doesNotMatch(await list.locator(`tr[data-id="${caseId}"]`).textContent(), /待补正/);
  await page.screenshot({ path: `${SHOTS}/loop-mine-corrections-phone.png`, fullPage: true });
  // his case: the materials he handed in, each file opening
  await page.goto(`${BASE}/#case/${caseId}`);
  await page.locator('#case-files').waitFor();
  await opensEveryFile(page, '#case-files', ['登记申请书.pdf', '身份证正反面.pdf']);
  assert.match(await page.locator('#case-files').textContent(), /经营场所使用证明.*告知承诺/);
  assert.deepEqual(errors, []);
});
