// The phone audit (issue 7): at 390×844 every page fits the screen — no horizontal scroll —,
// and its top bar works: the brand and the tools (messages, language, 退出登录) on one line,
// the logo square, 一网通办 whole, every section link whole and on the screen (they wrap onto
// the lines below, never cut), nothing in the bar clipped; on every page a logged-in user sees,
// 退出登录 is on the screen, and the unread messages' badge shows when the messages API answers
// (hidden while it does not). Each page is visited as a role that uses it, every role at least
// once; the login page as nobody.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, loginAs, BASE, SHOTS } from './browser.mjs';

const PHONE = { viewport: { width: 390, height: 844 } };

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// What the audit measures on the page shown: its scroll width, the rows the bar's first line
// (the brand and the tools) takes, what in the bar is cut or off the screen, the logo's box,
// the brand's text, whether a logout control is visible inside the viewport, and the badge.
async function audit(page) {
  return page.evaluate(async () => {
    const bar = document.querySelector('header.topbar');
    const tops = new Set();
    for (const e of bar.querySelectorAll('.brand, .tools > *')) {
      const r = e.getBoundingClientRect();
      if (r.width && r.height) tops.add(Math.round(r.top + r.height / 2));
    }
    const rows = [...tops].sort((a, b) => a - b).filter((y, i, a) => i === 0 || y - a[i - 1] > 8).length;
    const cut = [];
    for (const e of bar.querySelectorAll('a, button, span')) {
      const r = e.getBoundingClientRect();
      if (!r.width || !e.textContent.trim()) continue;
      if (e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).display !== 'inline') cut.push(`${e.textContent.trim()} is clipped`);
      if (r.left < 0 || r.right > innerWidth + 0.5) cut.push(`${e.textContent.trim()} runs off the screen`);
    }
    const logo = bar.querySelector('.logo').getBoundingClientRect();
    const logout = [...document.querySelectorAll('#logout, [data-logout]')].find((b) => {
      const r = b.getBoundingClientRect();
      return b.offsetParent && r.width > 0 && r.left >= 0 && r.right <= innerWidth && r.top >= 0 && r.bottom <= innerHeight;
    });
    const messages = (await fetch('/api/v1/messages')).status;
    const badge = document.querySelector('#messages-link');
    return { scroll: document.documentElement.scrollWidth, width: innerWidth, rows, cut, logo: [logo.width, logo.height],
      brand: bar.querySelector('.brand-name').textContent, logout: Boolean(logout), messages, badge: badge ? badge.textContent : null };
  });
}

// The problems audit() found on `what`, in `name` (the app's name in the page's language).
function problemsOf(a, what, name) {
  const p = [];
  if (a.scroll > a.width) p.push(`${what}: ${a.scroll} px wide on a ${a.width} px screen`);
  if (a.rows !== 1) p.push(`${what}: the bar's first line takes ${a.rows} lines`);
  for (const c of a.cut) p.push(`${what}: ${c}`);
  if (Math.abs(a.logo[0] - a.logo[1]) > 0.5 || a.logo[0] < 28) p.push(`${what}: the logo is ${a.logo[0]}×${a.logo[1]}`);
  if (a.brand !== name) p.push(`${what}: the brand says ${a.brand}`);
  if (!a.logout) p.push(`${what}: no logout on the screen`);
  if (a.messages === 404 && a.badge !== null) p.push(`${what}: a messages badge with no messages API`);
  if (a.messages === 200 && a.badge === null) p.push(`${what}: no messages badge`);
  return p;
}

const pages = [
  ['370202199003071233', '/'],
  ['370202199003071233', '/#mine'],
  ['clerk', '/workbench.html'],
  ['admin', '/workbench.html'], // the most sections: they wrap onto three lines
  ['officer-gxj', '/workbench.html'],
  ['clerk', '/office.html'],
  ['supervisor', '/ledger.html'],
  ['officer', '/ledger.html'],
  ['supervisor', '/figures.html'],
  ['admin', '/calendar.html'],
  ['admin', '/jobs.html'],
  ['admin', '/accounts.html'],
  ['91370202MA3CXK7TXN', '/#benefits'], // the enterprise: four section links in the bar
  ['91370202MA3CXK7TXN', '/#policies'],
  ['officer-gxj', '/policies.html'],
  ['officer', '/registry.html'],
  ['clerk', '/registry.html#lapsing'],
  ['370202199003071233', '/messages.html'],
  ['officer', '/messages.html'],
  ['officer', '/workbench.html'], // 我的待办 with its counts and items
  ['370202199003071233', '/verify.html'], // 文书核验, public
  ['officer', '/certdesk.html'],
  ['officer', '/certdesk.html#issue'],
  ['91370202MA3CXK7TXN', '/entity.html?uscc=91370202MA3CXK7TXN'], // 企业身份码, the owner's view
  ['370202199003071233', '/certs.html'], // 我的证照
  ['91370202MA3CXK7TXN', '/certs.html'],
];

test('at 390×844 every page fits, its top bar works — nothing cut, the logo square — and 退出登录 is on the screen', async () => {
  const problems = []; // every page's, so one run shows them all
  for (const [who, path] of pages) {
    const { page, context, errors } = await loginAs(browser, who, PHONE);
    await page.goto(BASE + path);
    await page.waitForLoadState('networkidle');
    await page.locator('body[data-ready="true"]').waitFor({ state: 'attached' });
    const name = path.replace(/\W+/g, '') || 'index';
    await page.screenshot({ path: `${SHOTS}/phone-${name}-${who.slice(0, 10)}.png` });
    problems.push(...problemsOf(await audit(page), `${path} as ${who}`, '一网通办'));
    // in English, whose words are longer
    await page.click('#lang');
    await page.locator('html[lang="en"]').waitFor({ state: 'attached' });
    problems.push(...problemsOf(await audit(page), `${path} as ${who} in English`, 'Yiwang One-Stop Services'));
    problems.push(...errors);
    await context.close();
  }
  assert.deepEqual(problems, []);
  // the login page, logged in as nobody: it fits, its bar on one line
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  await page.goto(BASE + '/login.html');
  await page.locator('body[data-ready="true"]').waitFor({ state: 'attached' });
  const a = await audit(page);
  assert.ok(a.scroll <= a.width, `/login.html: ${a.scroll} px wide`);
  assert.equal(a.rows, 1);
  assert.deepEqual(a.cut, []);
  assert.equal(a.brand, '一网通办');
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
