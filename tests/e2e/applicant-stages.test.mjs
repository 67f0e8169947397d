// The applicant's case page in a real browser, at phone width, for what the first browser test
// does not reach: a staged bundle (工程建设项目审批) shows its four stages — the first under way,
// then done when its tasks are approved and the second under way; a 补正 request shows its
// reason and 重新提交 puts the task back; and a case not yet decided is withdrawn (撤回) after
// the confirmation. The staff's steps go through the API.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, loginApplicant, answerConfirm, BASE, SHOTS } from './browser.mjs';
import { req, login, bundleForm, provideMaterials, itemCase, dayAfter, DEMO_PERSON } from '../api/lib.mjs';

const PHONE = { width: 390, height: 844 };
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const officerOf = (task) => login('officer-' + task.department.code.slice(3).toLowerCase());

async function fits(page) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= PHONE.width, `page is ${width}px wide`);
}

test('a staged bundle: its stages, a 补正 and the resubmission, on a phone', async () => {
  const person = await login(DEMO_PERSON);
  const answers = { needs_eia: false };
  const { form, materials: asked } = await bundleForm('YJS-GCJS', answers);
  const materials = await provideMaterials(person, asked);
  const s = await req('POST', '/api/v1/cases', { token: person, body: { bundle: 'YJS-GCJS', answers, form, materials } });
  assert.equal(s.status, 201, s.text);
  const deferred = materials.filter((m) => m.provided_as === 'deferred').map((m) => ({ material: m.name, due_date: dayAfter(30), due_reason: '设备清单待供货商出具' }));
  const a = await req('POST', `/api/v1/cases/${s.json.id}/accept`, { token: await login('clerk'), body: { deferred } });
  assert.equal(a.status, 200, a.text);
  const first = a.json.tasks.filter((t) => t.kind === 'review');
  const correction = await req('POST', `/api/v1/tasks/${first[0].id}/correct`,
    { token: await officerOf(first[0]), body: { reason: '请补充项目选址意见' } });
  assert.equal(correction.status, 200, correction.text);

  const { page, context, errors } = await loginApplicant(browser, DEMO_PERSON, { viewport: PHONE });
  await page.goto(`${BASE}/#case/${s.json.id}`);
  await page.locator(`#case[data-id="${s.json.id}"]`).waitFor();
  const stages = page.locator('#case ol.stages li');
  assert.equal(await stages.count(), 4);
  assert.deepEqual(await stages.evaluateAll((li) => li.map((x) => x.className)),
    ['stage stage-open', 'stage stage-waiting', 'stage stage-waiting', 'stage stage-waiting']);
  assert.match(await page.locator('#corrections').textContent(), /请补充项目选址意见/);
  await fits(page);
  await page.screenshot({ path: `${SHOTS}/applicant-stages-phone.png`, fullPage: true });
  await page.click('#resubmit');
  await page.locator('#corrections').waitFor({ state: 'detached' });

  // the first stage approved: done, the second under way
  for (const t of first) {
    const r = await req('POST', `/api/v1/tasks/${t.id}/approve`, { token: await officerOf(t) });
    assert.equal(r.status, 200, r.text);
  }
  await page.reload();
  await page.locator(`#case[data-id="${s.json.id}"]`).waitFor();
  assert.deepEqual(await stages.evaluateAll((li) => li.map((x) => x.className)),
    ['stage stage-done', 'stage stage-open', 'stage stage-waiting', 'stage stage-waiting']);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a case not yet decided is withdrawn after the confirmation', async () => {
  const person = await login(DEMO_PERSON);
  const s = await req('POST', '/api/v1/cases', { token: person, body: await itemCase(person, 'QD-SCJG-XK-0004') });
  assert.equal(s.status, 201, s.text);
  const { page, context, errors } = await loginApplicant(browser, DEMO_PERSON, { viewport: PHONE });
  await page.goto(`${BASE}/#case/${s.json.id}`);
  await page.locator(`#case[data-id="${s.json.id}"][data-state="submitted"]`).waitFor();
  // asked once: cancelled, nothing happens; confirmed, withdrawn
  await page.click('#withdraw');
  await answerConfirm(page, false, /撤回后不能恢复/);
  assert.equal(await page.locator(`#case[data-id="${s.json.id}"]`).getAttribute('data-state'), 'submitted');
  await page.click('#withdraw');
  await answerConfirm(page, true);
  await page.locator(`#case[data-id="${s.json.id}"][data-state="withdrawn"]`).waitFor();
  assert.match(await page.locator('#case').textContent(), /已撤回/);
  assert.equal(await page.locator('#withdraw').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});
