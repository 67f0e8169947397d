// Logging in as the demo clerk in a real browser: the login page (reached from the portal at /),
// a wrong password, the workbench with the clerk's panels, switching language, logging out; a
// staff page opened without a session goes to the login page and back to it after the login.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, BASE, SHOTS } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('the demo clerk logs in and sees the workbench', async () => {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(BASE + '/');
  await page.click('#login-link');
  await page.waitForURL('**/login.html?next=*');
  assert.equal(await page.locator('h1').textContent(), '登录');
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');

  // a wrong password is shown beside the form, the field marked
  await page.fill('#login', 'clerk');
  await page.fill('#password', 'not-the-password');
  await page.click('#submit');
  const alert = page.locator('#error');
  await alert.waitFor({ state: 'visible' });
  assert.match(await alert.textContent(), /账号或密码错误/);
  assert.equal(await page.getAttribute('#password', 'aria-invalid'), 'true');

  // an empty field is caught before anything is sent
  await page.fill('#password', '');
  await page.click('#submit');
  assert.equal(await page.getAttribute('#password', 'aria-invalid'), 'true');

  await page.fill('#password', 'yiwang2026');
  await page.click('#submit');
  await page.waitForURL('**/workbench.html');
  await page.locator('#user-name').filter({ hasText: '李娜' }).waitFor();
  assert.match(await page.locator('#user-name').textContent(), /窗口人员 李娜（工作人员）/);
  assert.equal(await page.locator('#user-dept').textContent(), '青岛市行政审批服务局');
  assert.equal(await page.locator('#user-roles').textContent(), '窗口人员');
  // the clerk's panels, not the admin's
  assert.ok(await page.getByRole('heading', { name: '办件工作台' }).isVisible());
  assert.ok(await page.getByRole('heading', { name: '我的待办' }).isVisible());
  assert.equal(await page.getByRole('heading', { name: '账号管理' }).isVisible(), false);
  await page.screenshot({ path: `${SHOTS}/workbench-clerk.png`, fullPage: true });

  // the session is an HttpOnly cookie: scripts cannot read it
  assert.equal(await page.evaluate(() => document.cookie.includes('yw_session')), false);

  // English, and back
  await page.click('#lang');
  assert.equal(await page.locator('h1').textContent(), 'Workbench');
  assert.equal(await page.locator('#user-roles').textContent(), 'Window clerk');
  await page.click('#lang');
  assert.equal(await page.locator('h1').textContent(), '工作台');

  // a reload keeps the session; logging out ends it
  await page.reload();
  await page.locator('#user-name').filter({ hasText: '李娜' }).waitFor();
  await page.click('#logout');
  await page.waitForURL(BASE + '/');
  await page.locator('#login-link').waitFor();
  // the workbench without a session: the login page, and back to the workbench after it
  await page.goto(BASE + '/workbench.html');
  await page.waitForURL('**/login.html?next=%2Fworkbench.html');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a staff page opened without a session goes to the login page and back there after it', async () => {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(BASE + '/registry.html#lapsing');
  await page.waitForURL('**/login.html?next=%2Fregistry.html%23lapsing');
  await page.fill('#login', 'officer');
  await page.fill('#password', 'yiwang2026');
  await page.click('#submit');
  await page.waitForURL('**/registry.html#lapsing');
  await page.locator('#lapsing[data-loaded="true"]').waitFor({ state: 'attached' });
  // an applicant sent back to a staff page they may not open starts on the portal instead
  await page.click('#logout');
  await page.locator('#login-link').waitFor();
  await page.goto(BASE + '/login.html?next=%2Fledger.html');
  await page.fill('#login', '370202199003071233');
  await page.fill('#password', 'yiwang2026');
  await page.click('#submit');
  await page.waitForURL(BASE + '/');
  await page.locator('#nav-mine').waitFor();
  // and a link to another site is not followed
  await page.click('#logout');
  await page.locator('#login-link').waitFor();
  await page.goto(BASE + '/login.html?next=%2F%2Fexample.com%2F');
  await page.fill('#login', 'clerk');
  await page.fill('#password', 'yiwang2026');
  await page.click('#submit');
  await page.waitForURL('**/workbench.html');
  assert.deepEqual(errors, []);
  await page.close();
});

test('the admin sees the account panel', async () => {
  const page = await browser.newPage();
  await page.goto(BASE + '/login.html');
  await page.fill('#login', 'admin');
  await page.fill('#password', 'yiwang2026');
  await page.press('#password', 'Enter');
  await page.waitForURL('**/workbench.html');
  await page.getByRole('heading', { name: '账号管理' }).waitFor();
  assert.equal(await page.getByRole('heading', { name: '12345 工单' }).isVisible(), false);
  await page.screenshot({ path: `${SHOTS}/workbench-admin.png`, fullPage: true });
  await page.close();
});
