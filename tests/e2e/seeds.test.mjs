// The published Liaocheng plan previewed in a real browser (tests/plans.mjs finds it; without it
// the test is skipped, saying why). Only a preview: the ledger test's figures stay as they are.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, BASE } from './browser.mjs';
import { SKIP, seedPath } from '../plans.mjs';

let browser;
before(async () => { if (!SKIP) browser = await launch(); });
after(async () => { await browser?.close(); });

test('the Liaocheng plan previewed: 118 measures, 44 deadlines (one repeated in its measure counted once)', { skip: SKIP }, async () => {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(BASE + '/login.html');
  await page.fill('#login', 'supervisor');
  await page.fill('#password', 'yiwang2026');
  await page.click('#submit');
  await page.waitForURL('**/workbench.html');
  await page.goto(BASE + '/ledger.html');
  await page.getByRole('tab', { name: '导入计划' }).click();
  await page.setInputFiles('#i-file', seedPath('liaocheng-hitech-2022-action-plan.txt'));
  await page.fill('#i-year', '2022');
  await page.click('#i-preview');
  await page.locator('#import-counts').filter({ hasText: '118 项措施' }).waitFor();
  assert.equal(await page.locator('#preview-table tbody tr').count(), 118);
  assert.match(await page.locator('#import-counts').textContent(), /44 个时限/);
  assert.deepEqual(errors, []);
  await page.close();
});
