// The one-thing loop as its people walk it (issue 15, "Done when"), in a real browser, twice: at
// 1366 px and at 390 px, each walk with a person of its own. A new 个体工商户 signs up at
// /signup.html, finds 开办餐饮店 by 开饭店, answers that the shop is new and is asked neither a USCC
// nor a licence, uploads each file, pledges what may be pledged and defers 主要设备设施清单; the
// clerk accepts with 容缺 (a due date after the case's deadline, so with the reason the page then
// asks); the receipt PDF says the material is owed and by when. The 市场监管局's officer, led by the
// message of a new task, opens each uploaded file in the page and approves; the 卫健委's asks 补正
// naming one material; the person uploads its replacement and resubmits; the 卫健委's officer, led
// by the message of the resubmission, sees the earlier file beside the new one and approves; the
// 税务局's approves; the person hands in the deferred material as a file, the case completes, and
// the 办结通知书 PDF says so. The person reads each step's message in 消息中心 (the top bar counting
// it) and by SMS; anyone then finds the case by its number and the ID number's last six on the
// public 办件查询. Every step is clicks, typing and file choosers; nothing of the story is an API call.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { launch, loginAs, BASE, SHOTS } from './browser.mjs';
import { idNumber, dayAfter } from '../api/lib.mjs';
import { smsTo } from '../api/sms.mjs';

const DESKTOP = { width: 1366, height: 900 }, PHONE = { width: 390, height: 844 };
const locale = 'zh-CN'; // everyone's browser, as in the city: its date inputs and file choosers in Chinese
const DEFERRED = '主要设备设施清单';
const FIX = '公共场所卫生许可申请表'; // the 卫健委 asks for it again
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// A PDF of one A4 page with a line of text, as a scanner writes one: the browser's viewer draws
// it, and each file of the walk is its own (its text differs, so does its hash).
function onePagePdf(text) {
  const content = `BT /F1 24 Tf 72 760 Td (${text}) Tj ET`;
  const objects = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`, '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>'];
  let body = '%PDF-1.4\n';
  const offsets = objects.map((o, i) => { const at = body.length; body += `${i + 1} 0 obj\n${o}\nendobj\n`; return at; });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  return Buffer.from(`${body}trailer << /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`, 'latin1');
}
const scan = (name, text) => ({ name, mimeType: 'application/pdf', buffer: onePagePdf(text) });

const words = (date) => `${date.slice(0, 4)}年${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;
const pdfText = (bytes) => execFileSync('pdftotext', ['-enc', 'UTF-8', '-', '-'], { input: bytes }).toString().replace(/\s+/g, '');

async function noSideScroll(page, viewport) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= viewport.width, `page is ${width}px wide at ${viewport.width}`);
}

// The top bar's unread count as shown: the badge's number, 0 when there is none.
async function badge(page) {
  await page.locator('#messages-link').waitFor();
  const count = page.locator('#messages-link .count');
  return (await count.count()) ? Number(await count.textContent()) : 0;
}

// The reader opens 消息中心 from the top bar, finds the step's message about this case unread
// (the top bar counting every unread one), and opens it: it is marked read and its link followed.
async function readMessage(page, title, number, viewport, shot) {
  await page.locator('#messages-link').click();
  await page.waitForURL('**/messages.html');
  await page.locator('body[data-ready="true"]').waitFor({ state: 'attached' });
  const message = page.locator('#messages li.unread', { hasText: title }).filter({ hasText: number }).first();
  await message.waitFor();
  const unread = Number((await page.locator('#summary').textContent()).match(/(\d+)条未读/)?.[1] ?? 0);
  assert.equal(await badge(page), unread, 'the top bar counts the unread messages');
  await noSideScroll(page, viewport);
  if (shot) await page.screenshot({ path: `${SHOTS}/${shot}`, fullPage: true });
  await message.locator('.msg-title a').click();
  await page.waitForURL((url) => !url.pathname.endsWith('/messages.html'));
  await page.locator('body[data-ready="true"]').waitFor({ state: 'attached' });
  return unread;
}

// Waits (at most 10 s: the outbox's job sends them a moment after the step) until an SMS to
// `phone` names the case `number` and says `said`.
async function smsSays(phone, said, number) {
  for (let i = 0; i < 200; i++) {
    if (smsTo(phone).some((x) => x.includes(said) && x.includes(number))) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`no SMS to ${phone} says ${said}: ${smsTo(phone).join(' | ')}`);
}

// The server's answer to the page's asking for the file `sha256` to show it (the viewer's later
// requests for parts of it, with a Range, are not the opening).
const viewed = (page, sha256) => page.waitForResponse((r) => r.url().endsWith(`/files/${sha256}`) && !r.request().headers().range);

// A document of the applicant's case page downloaded by its 下载PDF: its text, without spaces.
async function downloadDocument(page, kind, fileName) {
  const entry = page.locator(`#case-documents li[data-kind="${kind}"]`);
  await entry.waitFor();
  const [download] = await Promise.all([page.waitForEvent('download'), entry.locator('a[data-act="pdf"]').click()]);
  assert.equal(download.suggestedFilename(), fileName);
  const bytes = readFileSync(await download.path());
  assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
  return pdfText(bytes);
}

const stamp = String(Date.now() % 1000).padStart(3, '0');
const people = {
  desktop: { id: idNumber(`37020219920815${stamp}`), name: '王小餐', shop: '王记小馆', phone: `1371234${stamp}1` },
  phone: { id: idNumber(`37020319870322${stamp}`), name: '陈小面', shop: '陈家面馆', phone: `1371234${stamp}2` },
};

for (const [size, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
  test(`a new 个体工商户 opens a restaurant from sign-up to the public lookup (${viewport.width} px)`, async () => {
    const who = people[size];
    const due = dayAfter(20); // after the case's deadline of five working days: the clerk says why

    /* ---- the person signs up and applies ---- */
    const person = await browser.newContext({ viewport, locale, acceptDownloads: true });
    const page = await person.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(BASE + '/');
    await page.click('#login-link');
    await page.waitForURL('**/login.html**');
    await page.click('#signup-link');
    await page.waitForURL('**/signup.html');
    await page.locator('body[data-ready="true"]').waitFor({ state: 'attached' });
    await page.fill('#id_number', who.id);
    await page.fill('#name', who.name);
    await page.fill('#phone', who.phone);
    await page.fill('#password', 'my-shop-pass-1');
    await page.fill('#password2', 'my-shop-pass-1');
    await page.click('#signup-submit');
    await page.waitForURL(BASE + '/');
    await page.locator('#user-name', { hasText: who.name }).waitFor();
    assert.equal(await badge(page), 0, 'a new account has no message yet');

    // 开饭店 finds the bundle; the questionnaire: a new shop, a 个体工商户 that cooks
    await page.locator('#q').pressSequentially('开饭店', { delay: 40 });
    const first = page.locator('#items tbody tr').first();
    await page.locator('#items tbody tr[data-code="YJS-CYKB"]').waitFor();
    assert.equal(await first.getAttribute('data-code'), 'YJS-CYKB');
    await first.locator('a').click();
    await page.locator('#bundle[data-code="YJS-CYKB"] #questions').waitFor();
    await page.selectOption('#answer-new_shop', '新开店，还没有营业执照');
    await page.selectOption('#answer-entity_kind', '个体工商户');
    await page.check('.question[data-key="sells_cooked_food"] input[value="true"]');
    await page.check('.question[data-key="has_employees"] input[value="false"]');
    await page.click('#form-button');
    await page.locator('#merged').waitFor();
    await page.click('#apply-link');
    await page.waitForURL((url) => url.hash === '#apply/bundle/YJS-CYKB');
    await page.locator('#apply-form').waitFor();

    // not asked what a shop not opened yet cannot have; asked for its 经营者, prefilled
    assert.equal(await page.locator('#field-entity-uscc').count(), 0, 'no USCC');
    assert.equal(await page.locator('#apply fieldset.material[data-name="营业执照"]').count(), 0, 'no licence');
    assert.doesNotMatch(await page.locator('#apply-form').textContent(), /统一社会信用代码|营业执照（|法定代表人/);
    assert.match(await page.locator('#apply .field[data-key="legal_rep.name"] label').textContent(), /^经营者姓名/);
    assert.equal(await page.inputValue('#field-legal_rep-name'), who.name);
    assert.equal(await page.inputValue('#field-legal_rep-id_number'), who.id);
    assert.equal(await page.inputValue('#field-contact-phone'), who.phone);
    await page.fill('#field-entity-name', who.shop);
    await page.selectOption('#field-address-region', { label: '市南区' });
    await page.fill('#field-address-detail', '香港中路8号');
    await page.selectOption('#field-business-scope', '热食类食品制售');

    // each material: a file where one is taken, else the pledge; 主要设备设施清单 later (容缺)
    const materials = page.locator('#apply fieldset.material');
    const uploaded = [];
    for (let i = 0; i < await materials.count(); i++) {
      const m = materials.nth(i);
      const name = await m.getAttribute('data-name');
      if (name === DEFERRED) {
        await m.locator('input[value="deferred"]').check();
      } else if (await m.locator('input[value="pledge"]').count()) {
        await m.locator('input[value="pledge"]').check();
        await m.locator('input[type="checkbox"]').check();
      } else {
        if (await m.locator('input[value="upload"]').count()) await m.locator('input[value="upload"]').check();
        await m.locator('input[type="file"]').setInputFiles(scan(`${name}.pdf`, `${name} ${size} ${stamp}`.replace(/[^\x20-\x7e]/g, 'x') + ` ${i}`));
        await m.locator('.uploaded', { hasText: `${name}.pdf` }).waitFor();
        uploaded.push(name);
      }
    }
    assert.ok(uploaded.includes(FIX) && uploaded.includes('个体工商户登记申请书'), uploaded.join('、'));
    await noSideScroll(page, viewport);
    await page.screenshot({ path: `${SHOTS}/journey-apply-${size}.png`, fullPage: true });
    await page.click('#submit-case');
    await page.locator('#done-message').waitFor();
    assert.match(await page.locator('#apply').textContent(), new RegExp(`容缺材料（${DEFERRED}）`));
    // the number to read out on the phone or look the case up by, on the answer and on the case
    const number = (await page.locator('#apply dd.case-number').textContent()).trim();
    assert.match(number, /^\d{19}$/);
    await noSideScroll(page, viewport);
    await page.screenshot({ path: `${SHOTS}/journey-submitted-${size}.png`, fullPage: true });
    await page.click('#done-case');
    assert.equal((await page.locator('#case dd.case-number').textContent()).trim(), number);
    const caseId = decodeURIComponent(new URL(page.url()).hash.slice('#case/'.length));

    /* ---- the clerk accepts with 容缺 ---- */
    const clerk = await loginAs(browser, 'clerk', { viewport, locale });
    await clerk.page.goto(`${BASE}/office.html`);
    await clerk.page.locator('#queue[data-loaded="true"]').waitFor({ state: 'attached' });
    const row = clerk.page.locator('#queue tr', { hasText: number });
    assert.match(await row.textContent(), new RegExp(who.name));
    await row.locator('button').click();
    await clerk.page.locator('#accept-form').waitFor();
    const owed = clerk.page.locator(`#accept-materials input[type="checkbox"][data-material="${DEFERRED}"]`);
    assert.equal(await owed.isChecked(), true, 'what the applicant deferred is ticked');
    await clerk.page.locator(`#accept-materials input[type="date"][data-material="${DEFERRED}"]`).fill(due);
    await clerk.page.click('#accept-submit');
    // the date falls after the case's own deadline: the reason is asked beside it
    const why = clerk.page.locator('#accept-materials .due-reason:not([hidden]) textarea');
    await why.waitFor();
    await why.fill('设备清单须待供货商出具');
    await noSideScroll(clerk.page, viewport);
    await clerk.page.screenshot({ path: `${SHOTS}/journey-accept-${size}.png`, fullPage: true });
    await clerk.page.click('#accept-submit');
    await clerk.page.locator('#case[data-state="in_progress"]').waitFor({ state: 'attached' });
    assert.match(await clerk.page.locator(`#case-materials li[data-material="${DEFERRED}"]`).textContent(), /设备清单须待供货商出具/);
    assert.deepEqual(clerk.errors, []);
    await clerk.context.close();

    // the person: 办件已受理, by SMS too; the receipt says what is owed and by when
    assert.equal(await readMessage(page, '办件已受理', number, viewport, `journey-message-${size}.png`), 1);
    await page.locator(`#case[data-id="${caseId}"]`).waitFor();
    const receipt = await downloadDocument(page, 'receipt', `受理回执-${number}.pdf`);
    for (const said of [`办件编号：${number}`, '开办餐饮店', '容缺受理', `${DEFERRED}：请于${words(due)}前补交`, '容缺材料补齐前，办件不能办结'])
      assert.ok(receipt.includes(said), `the receipt says ${said}: ${receipt}`);
    for (const name of uploaded) assert.ok(receipt.includes(`${name}（电子文件）`), `the receipt lists ${name}`);

    /* ---- the 市场监管局's officer reads every file, then approves its two items ---- */
    const scjg = await loginAs(browser, 'officer', { viewport, locale });
    assert.ok(await readMessage(scjg.page, '新的待办任务', number, viewport) >= 1);
    await scjg.page.locator(`#case[data-id="${caseId}"]`).waitFor({ state: 'attached' });
    for (const name of uploaded) {
      const file = scjg.page.locator(`#case-materials li[data-material="${name}"] .case-file`);
      assert.equal(await file.locator('.file-name').textContent(), `${name}.pdf`);
      const answered = viewed(scjg.page, await file.getAttribute('data-sha256'));
      await file.locator('button[data-act="view"]').click();
      const res = await answered;
      assert.equal(res.status(), 200, `${name} opens`);
      assert.equal(res.headers()['content-type'], 'application/pdf');
      await file.locator('.file-viewer iframe').waitFor();
      await file.locator('button[data-act="view"]').click(); // closed again, as one reads one after another
    }
    await noSideScroll(scjg.page, viewport);
    await scjg.page.screenshot({ path: `${SHOTS}/journey-officer-files-${size}.png`, fullPage: true });
    // its two reviews (the post-checks of what was pledged come after, 事后核查)
    const reviews = scjg.page.locator('#task-actions form[data-task]', { hasText: '审批：' });
    assert.deepEqual((await reviews.locator('h3').allTextContents()).map((h) => h.replace(/ .*/, '')),
      ['审批：个体工商户登记', '审批：食品经营许可证核发']);
    for (let n = 2; n > 0; n--) {
      await reviews.first().locator('[data-act="approve"]').click();
      await scjg.page.locator('#message', { hasText: '已通过' }).waitFor();
      await reviews.nth(n - 1).waitFor({ state: 'detached' });
    }
    assert.deepEqual(scjg.errors, []);
    await scjg.context.close();

    /* ---- the 卫健委's officer asks 补正 of one material ---- */
    const wjw = await loginAs(browser, 'officer-wjw', { viewport, locale });
    await readMessage(wjw.page, '新的待办任务', number, viewport);
    const card = wjw.page.locator('#task-actions form[data-task]', { hasText: '审批：' });
    await card.waitFor();
    await card.locator('details.asks summary').click();
    await card.locator(`input[data-kind="material"][data-name="${FIX}"]`).check();
    await card.locator('.ask-reason:not([hidden])').fill('申请表缺少经营者签名');
    await card.locator('textarea').fill('请按一次性告知补正');
    await noSideScroll(wjw.page, viewport);
    await wjw.page.screenshot({ path: `${SHOTS}/journey-correct-${size}.png`, fullPage: true });
    await card.locator('[data-act="correct"]').click();
    await wjw.page.locator('#message', { hasText: '已要求补正' }).waitFor();
    assert.match(await wjw.page.locator('#case-fixes').textContent(), new RegExp(`${FIX} — 申请表缺少经营者签名`));
    assert.deepEqual(wjw.errors, []);
    await wjw.context.close();

    /* ---- the person hands in the replacement and resubmits ---- */
    assert.equal(await readMessage(page, '办件需要补正', number, viewport), 1);
    const box = page.locator('#corrections');
    await box.waitFor();
    assert.equal(await box.locator('.fix-material').count(), 1, 'exactly the material named');
    assert.match(await box.locator('.fix-material').textContent(), new RegExp(`${FIX}.*补正原因：申请表缺少经营者签名`));
    await box.locator('.fix-material input[type="file"]').setInputFiles(scan(`${FIX}-signed.pdf`, `signed ${size} ${stamp}`));
    await box.locator('.fix-material .uploaded:not([hidden])').waitFor();
    await noSideScroll(page, viewport);
    await page.screenshot({ path: `${SHOTS}/journey-fix-${size}.png`, fullPage: true });
    await page.click('#resubmit');
    await box.waitFor({ state: 'detached' });

    /* ---- the 卫健委's officer sees the earlier file beside the new one and approves ---- */
    const wjw2 = await loginAs(browser, 'officer-wjw', { viewport, locale });
    await readMessage(wjw2.page, '补正材料已提交', number, viewport);
    const fix = wjw2.page.locator(`#case-fixes li[data-kind="material"][data-name="${FIX}"]`);
    await fix.locator('.given').waitFor();
    assert.equal(await fix.locator('.earlier .file-name').textContent(), `${FIX}.pdf`);
    assert.equal(await fix.locator('.given .file-name').textContent(), `${FIX}-signed.pdf`);
    for (const version of ['earlier', 'given']) {
      const answered = viewed(wjw2.page, await fix.locator(`.${version} .case-file`).getAttribute('data-sha256'));
      await fix.locator(`.${version} button[data-act="view"]`).click();
      assert.equal((await answered).status(), 200, `the ${version} file opens`);
    }
    await noSideScroll(wjw2.page, viewport);
    await wjw2.page.screenshot({ path: `${SHOTS}/journey-versions-${size}.png`, fullPage: true });
    await wjw2.page.locator('#task-actions form[data-task]', { hasText: '审批：' }).locator('[data-act="approve"]').click();
    await wjw2.page.locator('#message', { hasText: '已通过' }).waitFor();
    assert.deepEqual(wjw2.errors, []);
    await wjw2.context.close();

    /* ---- the 税务局's officer approves ---- */
    const sw = await loginAs(browser, 'officer-sw', { viewport, locale });
    await readMessage(sw.page, '新的待办任务', number, viewport);
    await sw.page.locator('#task-actions form[data-task]', { hasText: '审批：' }).locator('[data-act="approve"]').click();
    await sw.page.locator('#message', { hasText: '已通过' }).waitFor();
    assert.equal(await sw.page.locator('#case').getAttribute('data-state'), 'in_progress', 'the deferred material is still owed');
    assert.deepEqual(sw.errors, []);
    await sw.context.close();

    /* ---- the person hands in the deferred material as a file; the case completes ---- */
    await page.goto(`${BASE}/#case/${caseId}`);
    const deferred = page.locator(`#deferred li[data-name="${DEFERRED}"]`);
    await deferred.waitFor();
    assert.match(await deferred.textContent(), new RegExp(`补交期限 ${due}`));
    // who opened the files: the departments' officers, listed for the person
    assert.match(await page.locator('#file-views').textContent(), /青岛市市场监督管理局/);
    await deferred.locator('input.supply-file').setInputFiles(scan(`${DEFERRED}.pdf`, `equipment ${size} ${stamp}`));
    await page.screenshot({ path: `${SHOTS}/journey-supply-${size}.png`, fullPage: true });
    await deferred.locator('button.supply').click();
    await page.locator('#case[data-state="completed"]').waitFor({ state: 'attached' });
    assert.match(await page.locator(`#deferred li[data-name="${DEFERRED}"]`).textContent(), /已于 \d{4}-\d{2}-\d{2} 补交$/);
    assert.equal(await readMessage(page, '办件已办结', number, viewport), 1);
    await page.locator(`#case[data-id="${caseId}"]`).waitFor();
    const completion = await downloadDocument(page, 'completion', `办结通知书-${number}.pdf`);
    for (const said of ['办结通知书', `办件编号：${number}`, '个体工商户登记（青岛市市场监督管理局）：准予办理',
      '食品经营许可证核发（青岛市市场监督管理局）：准予办理', '公共场所卫生许可证（青岛市卫生健康委员会）：准予办理', '准予办理'])
      assert.ok(completion.includes(said), `the 办结通知书 says ${said}: ${completion}`);
    assert.ok(!completion.includes('不予许可'), completion);
    await noSideScroll(page, viewport);
    await page.screenshot({ path: `${SHOTS}/journey-completed-${size}.png`, fullPage: true });
    // each step's message left by SMS as well
    for (const said of ['已受理', '需要补正', '已办结']) await smsSays(who.phone, said, number);
    assert.deepEqual(errors, []);
    await person.close();

    /* ---- anyone finds the case by its number and the ID number's last six ---- */
    const visitor = await browser.newContext({ viewport, locale });
    const open = await visitor.newPage();
    open.on('pageerror', (e) => errors.push(e.message));
    await open.goto(BASE + '/');
    await open.locator('body[data-ready="true"]').waitFor({ state: 'attached' });
    await open.click('#status-link');
    await open.locator('#status-form').waitFor();
    await open.fill('#status-number', number);
    await open.fill('#status-id_tail', who.id.slice(-6));
    await open.click('#status-go');
    const result = open.locator('#status-result');
    await result.waitFor();
    const text = await result.textContent();
    assert.ok(text.includes(number) && text.includes('开办餐饮店'), text);
    assert.match(text, /已办结/);
    assert.ok(!text.includes(who.name) && !text.includes(who.id), 'nothing personal');
    await noSideScroll(open, viewport);
    await open.screenshot({ path: `${SHOTS}/journey-lookup-${size}.png`, fullPage: true });
    assert.deepEqual(errors, []);
    await visitor.close();
  });
}
