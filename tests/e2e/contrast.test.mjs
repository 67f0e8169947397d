// Contrast in a real browser, page by page: the edge of every visible input, select and text
// area against what is behind it at least 3:1 (WCAG 1.4.11), and the text of every visible
// button against its own background at least 4.5:1 (1.4.3) — the primary buttons included,
// which once were white on white.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, loginAs, BASE } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// Runs in the page: every fault as "what: ratio".
function faults() {
  const rgb = (s) => (s.match(/[\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const opaque = (c) => { const v = rgb(c); return v.length < 4 || v[3] > 0.5; };
  const behind = (el) => {
    for (let e = el.parentElement; e; e = e.parentElement) {
      const c = getComputedStyle(e).backgroundColor;
      if (opaque(c) && c !== 'rgba(0, 0, 0, 0)') return rgb(c);
    }
    return [255, 255, 255];
  };
  const seen = (el) => el.offsetParent !== null && getComputedStyle(el).visibility !== 'hidden';
  const out = [];
  for (const el of document.querySelectorAll('input:not([type=checkbox]):not([type=radio]):not([type=file]), select, textarea')) {
    if (!seen(el)) continue;
    const st = getComputedStyle(el);
    if (parseFloat(st.borderTopWidth) === 0) continue;
    const r = ratio(rgb(st.borderTopColor), behind(el));
    if (r < 3) out.push(`${el.tagName.toLowerCase()}#${el.id || el.name || '?'} edge: ${r.toFixed(2)}`);
  }
  for (const el of document.querySelectorAll('button')) {
    if (!seen(el) || !el.textContent.trim()) continue;
    const st = getComputedStyle(el);
    const bg = opaque(st.backgroundColor) && st.backgroundColor !== 'rgba(0, 0, 0, 0)' ? rgb(st.backgroundColor) : behind(el);
    const r = ratio(rgb(st.color), bg);
    if (r < 4.5) out.push(`button "${el.textContent.trim().slice(0, 20)}" text: ${r.toFixed(2)}`);
  }
  return out;
}

const pages = [
  [null, '/login.html'], [null, '/signup.html'], [null, '/'], [null, '/figures.html'],
  ['clerk', '/office.html'], ['officer', '/office.html'], ['supervisor', '/ledger.html'], ['supervisor', '/jobs.html'],
  ['admin', '/calendar.html'], ['admin', '/accounts.html'], ['clerk', '/workbench.html'], ['officer-gxj', '/policies.html'], [null, '/#policies'],
  ['officer', '/registry.html'], ['officer', '/registry.html#entity/91370202MA3CXK7TXN'], ['clerk', '/registry.html#lapsing'],
  ['370202199003071233', '/messages.html'], ['officer', '/workbench.html'], [null, '/verify.html'], [null, '/accessibility.html'],
  [null, '/#item/QD-SCJG-XK-0004'], ['370202199003071233', '/#mine'],
  ['officer', '/certdesk.html'], ['officer', '/certdesk.html#issue'], [null, '/entity.html?uscc=91370202MA3CXK7TXN'],
  ['370202199003071233', '/certs.html'], ['91370202MA3CXK7TXN', '/certs.html'],
];

for (const [who, path] of pages) {
  test(`contrast of ${path}${who ? ` as ${who}` : ''}`, async () => {
    let context, page;
    if (who) ({ context, page } = await loginAs(browser, who));
    else { context = await browser.newContext(); page = await context.newPage(); }
    await page.goto(BASE + path);
    await page.waitForLoadState('networkidle');
    assert.deepEqual(await page.evaluate(faults), []);
    await context.close();
  });
}

// 长辈版 (kit.js): the same pages with it on, as a person who chose it sees every page — the same
// contrast, and body text of 20 px at least.
for (const [who, path] of pages) {
  test(`contrast of ${path}${who ? ` as ${who}` : ''} in 长辈版`, async () => {
    let context, page;
    if (who) ({ context, page } = await loginAs(browser, who));
    else { context = await browser.newContext(); page = await context.newPage(); }
    await context.addInitScript(() => localStorage.setItem('yw.elder', '1'));
    await page.goto('about:blank'); // a fresh load of the page, not a move within it
    await page.goto(BASE + path);
    await page.waitForLoadState('networkidle');
    assert.equal(await page.evaluate(() => document.documentElement.classList.contains('elder')), true);
    assert.ok(await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize)) >= 20, 'body text of 20 px at least');
    assert.deepEqual(await page.evaluate(faults), []);
    await context.close();
  });
}
