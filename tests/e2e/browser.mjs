// Launches Debian's chromium through playwright-core with the flags this machine needs (no
// sandbox as root, no background network traffic to hosts that cannot be reached).
import { chromium } from 'playwright-core';

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
// acceptDownloads); errors thrown by the page are collected in `errors`.
export async function loginAs(browser, name, options = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(BASE + '/');
  await page.fill('#login', name);
  await page.fill('#password', 'yiwang2026');
  await page.click('#submit');
  await page.waitForURL('**/workbench.html');
  return { page, context, errors };
}
