// Launches Debian's chromium through playwright-core with the flags this machine needs (no
// sandbox as root, no background network traffic to hosts that cannot be reached).
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';

export async function launch() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

export const BASE = process.env.YW_URL;
export const SHOTS = process.env.YW_SHOTS || '/tmp';

// A demo account logged in through the login page, in a context of its own (options: viewport,
// acceptDownloads); errors thrown by the page are collected in `errors`. Staff land on the
// workbench, applicants (an ID number or a USCC as the login) back on the portal at /.
export async function loginAs(browser, name, options = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(BASE + '/login.html');
  await page.fill('#login', name);
  await page.fill('#password', 'yiwang2026');
  await page.click('#submit');
  if (/^[0-9]/.test(name)) {
    await page.waitForURL((url) => url.pathname === '/');
  } else { // staff: the workbench, once it has drawn the panels of their roles
    await page.waitForURL('**/workbench.html');
    await page.locator('body[data-ready="true"]').waitFor({ state: 'attached' });
  }
  return { page, context, errors };
}

// An applicant logged in, on the portal.
export const loginApplicant = (browser, login = '370202199003071233', options = {}) => loginAs(browser, login, options);

// Calls the API as `login` (a bearer token of its own session): for driving the staff's side
// of a flow the test looks at from the applicant's. A Buffer body is sent as it is, as a PDF
// (an upload); anything else as JSON. Resolves to {status, body}.
export async function apiAs(login) {
  const res = await fetch(BASE + '/api/v1/session', {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login, password: 'yiwang2026' }),
  });
  const { token } = await res.json();
  return async (method, path, body) => {
    const raw = Buffer.isBuffer(body);
    const r = await fetch(BASE + path, {
      method,
      headers: { authorization: `Bearer ${token}`,
        ...(body !== undefined ? { 'content-type': raw ? 'application/pdf' : 'application/json' } : {}),
        ...(method !== 'GET' ? { 'idempotency-key': crypto.randomUUID() } : {}) },
      body: body === undefined ? undefined : raw ? body : JSON.stringify(body),
    });
    const text = await r.text();
    return { status: r.status, body: text ? JSON.parse(text) : null };
  };
}

// The kit's confirmation (confirmAction) open on `page`: checks that it says `pattern` (what will
// happen, with its numbers), then confirms (yes) or cancels it; waits until it is gone. Its text.
export async function answerConfirm(page, yes, pattern) {
  const dialog = page.locator('dialog.confirm[open]');
  await dialog.waitFor();
  const text = await dialog.textContent();
  if (pattern) assert.match(text, pattern);
  await dialog.locator(`[data-act="${yes ? 'confirm' : 'cancel'}"]`).click();
  await dialog.waitFor({ state: 'detached' });
  return text;
}
