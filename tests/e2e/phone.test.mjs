// The phone audit (issue 7): at 390×844 every page fits the screen — no horizontal scroll —,
// its top bar stays on one line, and on every page a logged-in user sees, 退出登录 is on the
// screen. Each page is visited as a role that uses it; the login page as nobody.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, loginAs, BASE, SHOTS } from './browser.mjs';

const PHONE = { viewport: { width: 390, height: 844 } };

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// What the audit measures on the page shown: its scroll width, the rows the top bar's children
// take, and whether a logout control is visible inside the viewport.
async function audit(page) {
  return page.evaluate(() => {
    const bar = document.querySelector('.topbar');
    const tops = new Set();
    for (const e of bar.querySelectorAll('.brand, nav.user > *, .topbar > button')) {
      const r = e.getBoundingClientRect();
      if (r.width && r.height) tops.add(Math.round(r.top + r.height / 2));
    }
    const rows = [...tops].sort((a, b) => a - b).filter((y, i, a) => i === 0 || y - a[i - 1] > 8).length;
    const logout = [...document.querySelectorAll('#logout, [data-logout]')].find((b) => {
      const r = b.getBoundingClientRect();
      return b.offsetParent && r.width > 0 && r.left >= 0 && r.right <= innerWidth && r.top >= 0 && r.bottom <= innerHeight;
    });
    return { scroll: document.documentElement.scrollWidth, width: innerWidth, rows, logout: Boolean(logout) };
  });
}

const pages = [
  ['370202199003071233', '/'],
  ['clerk', '/workbench.html'],
  ['clerk', '/office.html'],
  ['supervisor', '/ledger.html'],
  ['officer', '/ledger.html'],
  ['supervisor', '/figures.html'],
  ['admin', '/calendar.html'],
  ['admin', '/jobs.html'],
  ['91370202MA3CXK7TXN', '/#benefits'], // the enterprise: four section links in the bar
  ['91370202MA3CXK7TXN', '/#policies'],
  ['officer-gxj', '/policies.html'],
  ['officer', '/registry.html'],
  ['clerk', '/registry.html#lapsing'],
];

test('at 390×844 every page fits, its top bar is one line, and 退出登录 is on the screen', async () => {
  const problems = []; // every page's, so one run shows them all
  for (const [who, path] of pages) {
    const { page, context, errors } = await loginAs(browser, who, PHONE);
    await page.goto(BASE + path);
    await page.waitForLoadState('networkidle');
    const a = await audit(page);
    const name = path.replace(/\W+/g, '') || 'index';
    await page.screenshot({ path: `${SHOTS}/phone-${name}-${who.slice(0, 10)}.png` });
    if (a.scroll > a.width) problems.push(`${path} as ${who}: ${a.scroll} px wide on a ${a.width} px screen`);
    if (a.rows !== 1) problems.push(`${path} as ${who}: the top bar takes ${a.rows} lines`);
    if (!a.logout) problems.push(`${path} as ${who}: no 退出登录 on the screen`);
    // in English, whose words are longer
    await page.click('#lang');
    await page.locator('html[lang="en"]').waitFor({ state: 'attached' });
    const en = await audit(page);
    if (en.scroll > en.width) problems.push(`${path} as ${who} in English: ${en.scroll} px wide on a ${en.width} px screen`);
    if (en.rows !== 1) problems.push(`${path} as ${who} in English: the top bar takes ${en.rows} lines`);
    if (!en.logout) problems.push(`${path} as ${who} in English: no Log out on the screen`);
    problems.push(...errors);
    await context.close();
  }
  assert.deepEqual(problems, []);
  // the login page, logged in as nobody: it fits, its bar on one line
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  await page.goto(BASE + '/login.html');
  const a = await audit(page);
  assert.ok(a.scroll <= a.width, `/login.html: ${a.scroll} px wide`);
  assert.equal(a.rows, 1);
  await context.close();
});

test('at 390×844 退出登录 ends the session from the ledger', async () => {
  const { page, context } = await loginAs(browser, 'supervisor', PHONE);
  await page.goto(BASE + '/ledger.html');
  await page.getByRole('button', { name: '退出登录' }).click();
  await page.waitForURL((url) => url.pathname === '/');
  assert.equal(await page.evaluate(async () => (await fetch('/api/v1/me')).status), 401);
  await context.close();
});
