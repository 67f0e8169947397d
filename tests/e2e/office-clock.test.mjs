// National Day in the 办件工作台: a server of its own whose clock starts on Sunday 28 September
// 2025 at 10:00 (a make-up working day). A case for 食品经营许可证核发 (5 promised working days),
// accepted by the clerk in the browser that day, is due on Saturday 11 October: 29 and 30
// September, then 9, 10 and 11 October (11 October a make-up working day too) — as the officer's
// inbox shows it, at desktop and at phone width.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, SHOTS } from './browser.mjs';
import { startServer, apiAt, loginAt } from './server.mjs';
import { fillForm, pdfFile, DEMO_PERSON } from '../api/lib.mjs';

let browser, server;
before(async () => {
  server = await startServer(['--clock', '2025-09-28T10:00']);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  server?.stop();
});

test('the server says its clock was set, for training and tests only', () => {
  assert.match(server.log(), /warn server: clock set to 2025-09-28T10:00 \(Asia\/Shanghai\).*for training and tests only/);
});

test('a case accepted on 28 September 2025 is due on 11 October, past National Day', async () => {
  const { req, login } = apiAt(server.url);
  const item = await req('GET', '/api/v1/items/QD-SCJG-XK-0005');
  assert.equal(item.status, 200);
  const person = await login(DEMO_PERSON);
  const up = await fetch(`${server.url}/api/v1/uploads?name=scan.pdf`, { method: 'POST',
    headers: { authorization: `Bearer ${person}`, 'content-type': 'application/pdf' }, body: pdfFile('scan') });
  assert.equal(up.status, 201);
  const scan = (await up.json()).sha256;
  const submitted = await req('POST', '/api/v1/cases', { token: person, body: {
    item: 'QD-SCJG-XK-0005', answers: {}, form: fillForm(item.json.fields),
    materials: [
      { name: '食品经营许可申请书', provided_as: 'upload', upload: scan },
      { name: '营业执照', provided_as: 'upload', upload: scan },
      { name: '食品安全管理制度', provided_as: 'pledge' },
      { name: '经营场所平面布局图', provided_as: 'upload', upload: scan },
      { name: '主要设备设施清单', provided_as: 'deferred' }] } });
  assert.equal(submitted.status, 201, submitted.text);
  const id = submitted.json.id;
  assert.match(submitted.json.created_at, /^2025-09-28T02:/); // 10:00 in Qingdao

  // the clerk accepts it from the queue, the deferred material due in October, before the case's own deadline
  const clerk = await loginAt(browser, server.url, 'clerk', { viewport: { width: 1280, height: 900 } });
  await clerk.page.goto(`${server.url}/office.html#queue`);
  await clerk.page.click(`#queue tr[data-case="${id}"] button`);
  await clerk.page.locator('#accept-form').waitFor();
  await clerk.page.fill('#accept-materials input[type="date"]:not([disabled])', '2025-10-10');
  await clerk.page.click('#accept-submit');
  await clerk.page.locator('#case[data-state="in_progress"]').waitFor();
  assert.match(await clerk.page.locator('#message').textContent(), /办结期限 2025-10-11/);
  assert.match(await clerk.page.locator('#case-facts').textContent(), /受理日2025-09-28/);
  assert.deepEqual(clerk.errors, []);
  await clerk.context.close();

  // the review task, and the post-check of the pledged material (告知承诺) in 20 working days
  const tasks = (await req('GET', `/api/v1/cases/${id}`, { token: await login('officer-scjg') })).json.tasks;
  const review = tasks.find((x) => x.kind === 'review'), verify = tasks.find((x) => x.kind === 'verify');
  for (const [label, viewport] of [['desktop', { width: 1280, height: 800 }], ['phone', { width: 390, height: 844 }]]) {
    const officer = await loginAt(browser, server.url, 'officer-scjg', { viewport });
    await officer.page.goto(`${server.url}/office.html#inbox`);
    const row = officer.page.locator(`#inbox tbody tr[data-task="${review.id}"]`);
    await row.waitFor();
    assert.match(await row.textContent(), /食品经营许可证核发/);
    assert.match(await row.locator('.chip').textContent(), /^2025-10-11 · 正常$/);
    assert.match(await officer.page.locator(`#inbox tbody tr[data-task="${verify.id}"] .chip`).textContent(), /^2025-10-31 · 正常$/);
    const width = await officer.page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= viewport.width, `page is ${width}px wide`);
    await officer.page.screenshot({ path: `${SHOTS}/office-national-day-inbox-${label}.png`, fullPage: true });
    assert.deepEqual(officer.errors, []);
    await officer.context.close();
  }
  const task = (await req('GET', `/api/v1/cases/${id}`, { token: await login('officer-scjg') })).json.tasks.find((x) => x.kind === 'review');
  assert.equal(task.deadline, '2025-10-11');
});
