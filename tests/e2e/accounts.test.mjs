// Accounts in a real browser, at 1366 px and at 390 px: an administrator finds and creates a
// staff account in 账号管理 (the password made there, shown once) and the new person logs in with
// it and chooses their own; the administrator disables an account, asked once what happens; a
// person signs up, each field checked as typed; a person logs in with a code read from the SMS
// that left through the outbox; a person whose account a clerk opened at the window claims it by
// phone and chooses a password.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, loginAs, BASE, SHOTS } from './browser.mjs';
import { smsTo, nextSms, codeOf } from '../api/sms.mjs';
import { idNumber, uscc } from '../api/lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const WIDTHS = [[1366, 900], [390, 844]];

async function fresh(width, height) {
  const context = await browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return { context, page, errors };
}

for (const [width, height] of WIDTHS) {
  const n = width === 1366 ? 1 : 2;

  test(`an administrator creates a staff account, the person logs in and chooses a password (${width} px)`, async () => {
    const { page, context, errors } = await loginAs(browser, 'admin', { viewport: { width, height } });
    await page.click('#accounts-link');
    await page.waitForURL('**/accounts.html');
    await page.locator('#results[data-loaded="true"]').waitFor({ state: 'attached' });
    // found by the start of a login, within a department picked by its name
    await page.fill('#s-q', 'officer-');
    await page.selectOption('#s-dept', { label: '青岛市商务局' });
    await page.click('#search-button');
    await page.locator('#found', { hasText: '共1个账号' }).waitFor();
    await page.screenshot({ path: `${SHOTS}/accounts-search-${width}.png`, fullPage: true });

    await page.click('[role="tab"][data-tab="new"]');
    const login = `window${n}x`;
    // what is missing is said beside each field at once
    await page.click('#create-button');
    await page.locator('.error-summary').waitFor();
    assert.equal(await page.getAttribute('#c-login', 'aria-invalid'), 'true');
    await page.fill('#c-login', login);
    await page.fill('#c-name', `新窗口${n}`);
    await page.selectOption('#c-dept', { label: '青岛市行政审批服务局' });
    await page.check('#c-role-clerk');
    await page.check('#c-role-officer');
    await page.click('#create-button');
    const password = (await page.locator('#created-password').textContent()).trim();
    assert.match(password, /^[a-zA-Z2-9]{12}$/);
    assert.match(await page.locator('#created').textContent(), /窗口人员、部门审批人员/);
    await page.screenshot({ path: `${SHOTS}/accounts-created-${width}.png`, fullPage: true });
    assert.deepEqual(errors, []);
    await context.close();

    // the new person: the password they were given, then their own
    const { page: p2, context: c2, errors: e2 } = await fresh(width, height);
    await p2.goto(BASE + '/login.html');
    await p2.fill('#login', login);
    await p2.fill('#password', password);
    await p2.click('#submit');
    await p2.locator('#set-password').waitFor();
    assert.match(await p2.locator('#set-why').textContent(), /管理员设定/);
    await p2.fill('#new-password', 'my-own-password-1');
    await p2.fill('#new-password2', 'my-own-password-2');
    await p2.click('#set-submit');
    assert.match(await p2.locator('.error-summary').textContent(), /两次输入的密码不一致/);
    await p2.fill('#new-password2', 'my-own-password-1');
    await p2.screenshot({ path: `${SHOTS}/login-set-password-${width}.png`, fullPage: true });
    await p2.click('#set-submit');
    await p2.waitForURL('**/workbench.html');
    await p2.locator('#user-roles', { hasText: '窗口人员、部门审批人员' }).waitFor();
    assert.deepEqual(e2, []);
    await c2.close();
  });

  test(`an administrator disables an account, asked once what happens (${width} px)`, async () => {
    const { page, context, errors } = await loginAs(browser, 'admin', { viewport: { width, height } });
    await page.goto(BASE + '/accounts.html');
    await page.locator('#results[data-loaded="true"]').waitFor({ state: 'attached' });
    await page.fill('#s-q', 'officer-sw');
    await page.click('#search-button');
    await page.locator('#results tbody tr[data-id]').first().waitFor();
    await page.click('#results tbody tr [data-act="manage"]');
    await page.locator('#manage-title').waitFor();
    const asked = [];
    page.once('dialog', (d) => { asked.push(d.message()); d.accept(); });
    await page.click('#m-toggle');
    await page.locator('#message', { hasText: '已停用' }).waitFor();
    assert.match(asked[0], /所有已登录的会话立即结束/);
    await page.screenshot({ path: `${SHOTS}/accounts-manage-${width}.png`, fullPage: true });
    page.once('dialog', (d) => d.accept());
    await page.click('#m-toggle');
    await page.locator('#message', { hasText: '已启用' }).waitFor();
    // the departments' tab
    await page.click('[role="tab"][data-tab="departments"]');
    await page.locator('#depts[data-loaded="true"]').waitFor({ state: 'attached' });
    // a department made, renamed and disabled in the page
    await page.click('#dept-new summary');
    await page.fill('#d-name', `青岛市页面测试${n}局`);
    await page.fill('#d-code', `QD-PAGE${n}`);
    await page.selectOption('#d-region', { label: '市南区' });
    await page.click('#dept-create-button');
    await page.locator('#message', { hasText: `已创建“青岛市页面测试${n}局”` }).waitFor();
    const row = page.locator(`#depts tr[data-code="QD-PAGE${n}"]`);
    await row.locator('input').fill(`青岛市页面测试${n}服务局`);
    await row.locator('button', { hasText: '改名' }).click();
    await page.locator('#message', { hasText: '原名称保留为别名' }).waitFor();
    await row.locator('td', { hasText: `青岛市页面测试${n}局` }).waitFor(); // now an alias
    page.once('dialog', (d) => d.accept());
    await row.locator('button', { hasText: '停用' }).click();
    await row.locator('.badge', { hasText: '已停用' }).waitFor();
    await page.screenshot({ path: `${SHOTS}/accounts-departments-${width}.png` });
    assert.deepEqual(errors, []);
    await context.close();
  });

  test(`a person signs up, each field checked as typed (${width} px)`, async () => {
    const { page, context, errors } = await fresh(width, height);
    await page.goto(BASE + '/login.html');
    await page.click('#signup-link');
    await page.waitForURL('**/signup.html');
    await page.locator('body[data-ready="true"]').waitFor({ state: 'attached' });
    // a wrong check character is said beside the field, in the server's words
    await page.fill('#id_number', '370211198506154021');
    await page.locator('#id_number-typed', { hasText: '校验位' }).waitFor();
    // the ID number registered already
    await page.fill('#id_number', '370202199003071233');
    await page.locator('#id_number-typed', { hasText: '已被注册' }).waitFor();
    await page.fill('#phone', '110');
    await page.locator('#phone-typed', { hasText: '手机号码应为' }).waitFor();
    const id = idNumber(`37020219950501${n}12`);
    await page.fill('#id_number', id);
    await page.locator('#id_number-typed').waitFor({ state: 'detached' });
    await page.fill('#name', '注册测试');
    await page.fill('#phone', `1370000050${n}`);
    await page.fill('#password', 'sign-up-pass-1');
    await page.fill('#password2', 'sign-up-pass-1');
    await page.locator('#phone-typed').waitFor({ state: 'detached' });
    await page.screenshot({ path: `${SHOTS}/signup-${width}.png`, fullPage: true });
    await page.click('#signup-submit');
    await page.waitForURL(BASE + '/');
    await page.locator('#user-name', { hasText: '注册测试' }).waitFor();
    // an enterprise's form asks for its USCC and legal representative instead
    await page.click('#logout');
    await page.locator('#login-link').waitFor();
    await page.goto(BASE + '/signup.html');
    await page.check('input[name="kind"][value="enterprise"]');
    assert.equal(await page.isVisible('#id_number'), false);
    await page.fill('#uscc', uscc('91370202', `MA3E2E0${n}`));
    await page.fill('#name', `青岛注册测试${n}有限公司`);
    await page.fill('#legal_representative', '李四');
    await page.fill('#phone', `1370000051${n}`);
    await page.fill('#password', 'sign-up-pass-1');
    await page.fill('#password2', 'sign-up-pass-1');
    await page.click('#signup-submit');
    await page.waitForURL(BASE + '/');
    await page.locator('#nav-benefits').waitFor();
    assert.deepEqual(errors, []);
    await context.close();
  });

  test(`a person logs in with a code by SMS, and one opened at the window claims it (${width} px)`, async () => {
    // an account a clerk opened at the window: no password
    const clerkLogin = await fetch(BASE + '/api/v1/session', { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: 'clerk', password: 'yiwang2026' }) });
    const { token } = await clerkLogin.json();
    const id = idNumber(`37020219600601${n}12`);
    const phone = `1370000060${n}`;
    const made = await fetch(BASE + '/api/v1/accounts', { method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ kind: 'person', name: '窗口开户', id_number: id, phone }) });
    assert.equal(made.status, 201, await made.text());

    const { page, context, errors } = await fresh(width, height);
    await page.goto(BASE + '/login.html');
    await page.fill('#login', id);
    await page.fill('#password', 'a-guess-of-mine');
    await page.click('#submit');
    await page.locator('#error', { hasText: '该账号由窗口代为开设' }).waitFor();
    await page.click('#use-code');
    assert.equal(await page.inputValue('#code-who'), id);
    await page.fill('#code-who', phone);
    const seen = smsTo(phone).length;
    await page.click('#send-code');
    await page.locator('#send-code:disabled', { hasText: /\d+秒后可重新获取/ }).waitFor();
    assert.match(await page.locator('#code-sent').textContent(), /验证码已通过短信发送/);
    await page.screenshot({ path: `${SHOTS}/login-code-${width}.png`, fullPage: true });
    const code = codeOf(await nextSms(phone, seen));
    await page.fill('#code', code === '000000' ? '111111' : '000000');
    await page.click('#code-submit');
    await page.locator('.error-summary', { hasText: '验证码错误或已失效' }).waitFor();
    await page.fill('#code', code);
    await page.click('#code-submit');
    await page.locator('#set-password').waitFor();
    assert.match(await page.locator('#set-why').textContent(), /办事窗口代为开设/);
    await page.fill('#new-password', 'claimed-pass-1');
    await page.fill('#new-password2', 'claimed-pass-1');
    await page.click('#set-submit');
    await page.waitForURL(BASE + '/');
    await page.locator('#user-name', { hasText: '窗口开户' }).waitFor();
    // from then on the password works as well
    await page.click('#logout');
    await page.locator('#login-link').waitFor();
    await page.goto(BASE + '/login.html');
    await page.fill('#login', id);
    await page.fill('#password', 'claimed-pass-1');
    await page.click('#submit');
    await page.waitForURL(BASE + '/');
    assert.deepEqual(errors, []);
    await context.close();
  });
}
