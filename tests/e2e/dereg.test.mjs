// 简易注销 notices and objections, and the confirmations of what cannot be undone, in a real
// browser at 390 × 844 and 1366 × 900: a stranger opens 简易注销公告 from the portal without
// logging in, reads the notice, is told beside each field what is wrong, files an objection and
// keeps its receipt number; the market regulator finds it on the workbench, opens the entity with
// the objection in view, is asked once before deciding — cancelling changes nothing — dismisses
// one with its reason (the notice goes on) and upholds another (the entity is active again). An
// ordinary deregistration is refused in the page without its reason and its document, then
// rests on the uploaded 清算报告, which the entity's record opens. The clerk's 不予受理 and the
// officer's 不予批准 each ask once, saying what the applicant receives; cancelled, the case is as
// it was.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, loginAs as login, answerConfirm, BASE, SHOTS } from './browser.mjs';
import { req, login as apiLogin, uscc, itemCase, pdfFile, DEMO_PERSON } from '../api/lib.mjs';

const DESKTOP = { width: 1366, height: 900 }, PHONE = { width: 390, height: 844 };
const SUFFIX = String(Date.now() % 100000).padStart(5, '0');
const NOTICE = uscc('92370212', `MA${SUFFIX}D`); // 崂山区
const NOTICE_NAME = `青岛崂山端到端简易注销${SUFFIX}店`;
const ORDINARY = uscc('92370212', `MA${SUFFIX}E`);
const ORDINARY_NAME = `青岛崂山端到端普通注销${SUFFIX}店`;
let browser;

const dayFromToday = (n) => {
  const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};

async function register(officer, code, name) {
  const r = await req('POST', '/api/v1/entities', { token: officer, body: {
    uscc: code, name, kind: 'individual_business', legal_rep: '赵六', capital_fen: 100000, industry: '5292', region: '370212',
    established_on: '2021-03-01', scale: 'micro', employees: 2, revenue_fen: 0, rd_ratio_bp: 0, labels: [], credit: 'B' } });
  assert.equal(r.status, 201, r.text);
}

before(async () => {
  browser = await launch();
  const officer = await apiLogin('officer');
  await register(officer, NOTICE, NOTICE_NAME);
  await register(officer, ORDINARY, ORDINARY_NAME);
  const n = await req('POST', `/api/v1/entities/${NOTICE}/deregistration`, { token: officer, body: { mode: 'simple' } });
  assert.equal(n.status, 200, n.text);
});
after(async () => { await browser?.close(); });

async function loginAs(name, viewport) { return login(browser, name, { viewport }); }

async function noSideScroll(page, viewport) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= viewport.width, `no sideways scrolling at ${viewport.width} px (page is ${width} px wide)`);
}

test('a stranger reads the notices from the portal and files an objection, told beside each field what is wrong', async () => {
  const context = await browser.newContext({ viewport: PHONE, locale: 'zh-CN' });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${BASE}/`);
  await page.locator('body[data-ready="true"]').waitFor({ state: 'attached' });
  await page.click('#notices-link');
  await page.locator('#notices[data-loaded="true"]').waitFor({ state: 'attached' });
  const row = page.locator(`#notices tr[data-uscc="${NOTICE}"]`);
  await row.waitFor();
  assert.match(await row.textContent(), new RegExp(`${NOTICE_NAME}.*${dayFromToday(0)} 至 ${dayFromToday(20)}.*青岛市市场监督管理局`));
  assert.doesNotMatch(await page.locator('main').textContent(), /赵六/); // nothing personal
  await noSideScroll(page, PHONE);
  await page.screenshot({ path: `${SHOTS}/notices-phone.png`, fullPage: true });
  await row.locator('button.object').click();
  const form = page.locator('#objection-form');
  await form.waitFor();
  // nothing filled: each field says what it needs, and nothing is sent
  await page.click('#ob-send');
  assert.equal(await form.locator('.field-error').count(), 3);
  assert.match(await form.locator('#ob-reason-error').textContent(), /10至1000个字/);
  await page.fill('#ob-reason', '本人为该店供货商，尚有货款八千元未结清，请暂缓注销。');
  await page.fill('#ob-name', '李四');
  await page.fill('#ob-contact', '12345');
  await page.click('#ob-send');
  assert.equal(await form.locator('.field-error').count(), 1);
  assert.match(await form.locator('#ob-contact-error').textContent(), /手机号码/);
  await page.fill('#ob-contact', '13905321234');
  await page.click('#ob-send');
  const receipt = page.locator('#receipt');
  await receipt.waitFor();
  assert.match(await receipt.textContent(), /^\d{14}$/);
  assert.match(await page.locator('#objection').textContent(), /回执号/);
  await noSideScroll(page, PHONE);
  await page.screenshot({ path: `${SHOTS}/notices-receipt-phone.png`, fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();
});

test('the regulator finds the objection on the workbench and decides, asked once each time', async () => {
  // a second objection, to uphold
  const second = await req('POST', `/api/v1/dereg-notices/${NOTICE}/objections`, { body: {
    reason: '该店租用本人房屋，尚欠房租两个月未付清。', name: '王房东', contact: '0532-88886666' } });
  assert.equal(second.status, 201, second.text);
  const { page, context, errors } = await loginAs('officer', DESKTOP);
  await page.goto(`${BASE}/workbench.html`);
  await page.locator('body[data-ready="true"]').waitFor({ state: 'attached' });
  // among the department's other work: 还有N项，查看全部 lists the rest in place
  await page.locator('#work-items').waitFor();
  if (await page.locator('#tasks-more').count()) {
    await page.click('#tasks-more');
    await page.locator('#tasks-more').waitFor({ state: 'detached' });
  }
  const item = page.locator('li.work-item[data-kind="objection"]', { hasText: NOTICE_NAME }).first();
  await item.waitFor();
  assert.match(await item.textContent(), /简易注销异议/);
  await item.locator('a.work-link').click();
  await page.locator(`#entity[data-uscc="${NOTICE}"]`).waitFor();
  const pending = page.locator('article.objection[data-state="pending"]');
  await pending.first().waitFor();
  assert.equal(await pending.count(), 2);
  const first = page.locator('article.objection', { hasText: '李四' });
  assert.match(await first.textContent(), /13905321234.*供货商/);
  // 异议不成立 needs its reason, beside the field
  await first.locator('[data-act="dismiss"]').click();
  await first.locator('.field-error').waitFor();
  await first.locator('textarea').fill('经核实，货款已于上月结清，有银行回单为证');
  await first.locator('[data-act="dismiss"]').click();
  await answerConfirm(page, false, new RegExp(`公告继续，至 ${dayFromToday(20)}`));
  assert.equal(await first.getAttribute('data-state'), 'pending');
  await first.locator('[data-act="dismiss"]').click();
  await answerConfirm(page, true);
  await page.locator('article.objection[data-state="dismissed"]', { hasText: '李四' }).waitFor();
  assert.equal(await page.locator('#entity').getAttribute('data-status'), 'deregistering');
  await page.screenshot({ path: `${SHOTS}/dereg-objections-desktop.png`, fullPage: true });
  // 异议成立: the notice stops, the entity is active again
  const other = page.locator('article.objection[data-state="pending"]', { hasText: '王房东' });
  await other.locator('[data-act="uphold"]').click();
  await answerConfirm(page, true, /简易注销公告终止，主体恢复为“存续”/);
  await page.locator('#entity[data-status="active"]').waitFor();
  await page.locator('article.objection[data-state="upheld"]', { hasText: '王房东' }).waitFor();
  assert.match(await page.locator('#deregistration').textContent(), /因异议成立终止/);
  await noSideScroll(page, DESKTOP);
  assert.deepEqual(errors, []);
  await context.close();
});

test('普通注销 is refused in the page without its reason and its document, then rests on the uploaded file', async () => {
  const { page, context, errors } = await loginAs('officer', PHONE);
  await page.goto(`${BASE}/registry.html#entity/${ORDINARY}`);
  await page.locator(`#entity[data-uscc="${ORDINARY}"][data-status="active"]`).waitFor();
  await page.selectOption('#a-deregister-mode', 'ordinary');
  await page.click('#act-deregister button[type="submit"]');
  const form = page.locator('#act-deregister');
  assert.match(await form.locator('#a-deregister-reason-error').textContent(), /注销原因/);
  assert.match(await form.locator('#a-deregister-document-error').textContent(), /依据的文件/);
  assert.equal(await page.locator('dialog.confirm').count(), 0);
  await page.fill('#a-deregister-reason', '经营者决定停业，债权债务已清结');
  await page.setInputFiles('#a-deregister-document', { name: '清算报告.pdf', mimeType: 'application/pdf', buffer: pdfFile(`清算报告 ${ORDINARY}`) });
  await page.click('#act-deregister button[type="submit"]');
  await answerConfirm(page, false, new RegExp(`将注销“${ORDINARY_NAME}”（${ORDINARY}），依据文件“清算报告.pdf”`));
  assert.equal(await page.locator('#entity').getAttribute('data-status'), 'active');
  await page.click('#act-deregister button[type="submit"]');
  await answerConfirm(page, true);
  await page.locator('#entity[data-status="deregistered"]').waitFor();
  assert.match(await page.locator('#message').textContent(), new RegExp(`已注销，注销日期${dayFromToday(0)}`));
  const record = page.locator('#deregistration');
  assert.match(await record.textContent(), /普通注销.*经营者决定停业.*清算报告\.pdf/);
  const href = await page.locator('#dereg-document').getAttribute('href');
  const opened = await page.evaluate(async (h) => { const r = await fetch(h); return [r.status, r.headers.get('content-type')]; }, href);
  assert.deepEqual(opened, [200, 'application/pdf']);
  await noSideScroll(page, PHONE);
  await page.screenshot({ path: `${SHOTS}/dereg-ordinary-phone.png`, fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();
});

test('不予受理 and 不予批准 ask once, saying what the applicant receives; cancelled, the case is as it was', async () => {
  const person = await apiLogin(DEMO_PERSON);
  const submit = async () => {
    const r = await req('POST', '/api/v1/cases', { token: person, body: await itemCase(person, 'QD-SCJG-XK-0004') });
    assert.equal(r.status, 201, r.text);
    return r.json;
  };
  const caseOf = async (id) => (await req('GET', `/api/v1/cases/${id}`, { token: person })).json;
  // the clerk: 不予受理
  const a = await submit();
  const clerk = await loginAs('clerk', DESKTOP);
  await clerk.page.goto(`${BASE}/office.html#queue`);
  await clerk.page.click(`#queue tr[data-case="${a.id}"] button`);
  await clerk.page.locator('#refuse-form').waitFor();
  await clerk.page.fill('#refuse-reason', '不属于本部门受理范围');
  await clerk.page.click('#refuse-submit');
  await answerConfirm(clerk.page, false, /不予受理决定.*不属于本部门受理范围.*不予受理决定书/);
  assert.equal((await caseOf(a.id)).state, 'submitted');
  await clerk.page.click('#refuse-submit');
  await answerConfirm(clerk.page, true);
  await clerk.page.locator('#case[data-state="refused"]').waitFor();
  assert.deepEqual(clerk.errors, []);
  await clerk.context.close();
  // the officer: 不予批准
  const b = await submit();
  const accepted = await req('POST', `/api/v1/cases/${b.id}/accept`, { token: await apiLogin('clerk'), body: {} });
  assert.equal(accepted.status, 200, accepted.text);
  const task = accepted.json.tasks.find((x) => x.kind === 'review');
  const { page, context, errors } = await loginAs('officer', PHONE);
  await page.goto(`${BASE}/office.html`);
  await page.locator('#inbox[data-loaded="true"]').waitFor({ state: 'attached' });
  await page.click(`#inbox tr[data-task="${task.id}"] button`);
  const card = page.locator(`#task-actions form[data-task="${task.id}"]`);
  await card.waitFor();
  await card.locator('textarea').fill('经营场所不符合要求');
  await card.locator('[data-act="reject"]').click();
  const said = await answerConfirm(page, false, /作出不予批准决定，原因：经营场所不符合要求。申请人将收到不予许可决定书/);
  assert.match(said, /个体工商户登记/);
  assert.equal((await caseOf(b.id)).tasks.find((x) => x.id === task.id).state, 'open');
  await noSideScroll(page, PHONE);
  await card.locator('[data-act="reject"]').click();
  await page.locator('dialog.confirm[open]').waitFor();
  await page.screenshot({ path: `${SHOTS}/confirm-reject-phone.png` });
  await answerConfirm(page, true);
  await page.locator('#case[data-state="rejected"]').waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});
