// Issue 16's "Done when", in a real browser, twice: at 1366 px and at 390 px, each walk with a
// person of its own. A new 个体工商户 fills in 开办餐饮店 as a new shop through the portal and
// submits it; the clerk's acceptance and the departments' approvals go through the API (journey.test
// walks those pages). 我的证照 then shows the licences the case issued — the new enterprise's 营业执照
// with the USCC the registry gave it, the 食品经营许可证 and the 公共场所卫生许可证 — each with its QR
// code; each QR decoded from its PNG (zbarimg) opens the verification page, which says 有效. The
// 市场监管局's officer finds the food licence in 证照管理 by the enterprise's number and revokes it
// with a reason, confirmed; its verification page then says 已撤销, and 我的证照 says why. A second
// case, 住房公积金缴存登记（单位）, which asks for the 营业执照, asks for no upload (免于提交: the
// licence stands in for it), and the 公积金中心's officer, from the inbox, sees the certificate in
// the case, valid, and opens it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, loginAs, apiAs, answerConfirm, BASE, SHOTS } from './browser.mjs';
import { idNumber, pdfFile } from '../api/lib.mjs';

const DESKTOP = { width: 1366, height: 900 }, PHONE = { width: 390, height: 844 };
const locale = 'zh-CN';
const FUND = 'QD-GJJ-GG-0001'; // 住房公积金缴存登记（单位）: its one material is the 营业执照
const LICENCES = { YYZZ: '营业执照', SPJY: '食品经营许可证', GGWS: '公共场所卫生许可证' };
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function noSideScroll(page, viewport) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= viewport.width, `page is ${width}px wide at ${viewport.width}`);
}

const ready = (page) => page.locator('body[data-ready="true"]').waitFor({ state: 'attached' });
const drawn = (img) => img.evaluate((e) => e.complete && e.naturalWidth > 0);

// What a card of 我的证照 says under the label `label` (its dt), as shown.
const factOf = (card, label) => card.locator('dl.cert-facts dt', { hasText: new RegExp(`^${label}$`) }).locator('xpath=following-sibling::dd[1]').textContent();

// The address the QR code of certificate `id` holds: its PNG as anyone downloads it, read by zbarimg.
async function qrAddress(id, dir) {
  const png = await fetch(`${BASE}/api/v1/certificates/${id}/qr.png`);
  assert.equal(png.status, 200);
  assert.equal(png.headers.get('content-type'), 'image/png');
  const file = join(dir, `${id}.png`);
  writeFileSync(file, Buffer.from(await png.arrayBuffer()));
  return execFileSync('zbarimg', ['--raw', '-q', file]).toString().trim();
}

// The verdict of the public verification page at `url`, in its large words.
async function verdictAt(page, url) {
  await page.goto(url);
  const verdict = page.locator('#cert-verdict');
  await verdict.waitFor();
  return (await verdict.textContent()).trim();
}

// The case's open review tasks, each approved by an officer of its department, until it is
// decided (开办餐饮店 opens its departments' tasks in stages), read as `login`. Its last state.
async function approveAll(caseId, login) {
  const applicant = await apiAs(login);
  for (let round = 0; round < 10; round++) {
    const c = (await applicant('GET', `/api/v1/cases/${caseId}`)).body;
    const open = c.tasks.filter((t) => t.kind === 'review' && t.state === 'open');
    if (!open.length) return c.state;
    for (const t of open) {
      const officer = await apiAs(`officer-${t.department.code.slice(3).toLowerCase()}`);
      const r = await officer('POST', `/api/v1/tasks/${t.id}/approve`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
    }
  }
  assert.fail('the case still has tasks open after ten rounds');
}

const stamp = String(Date.now() % 1000).padStart(3, '0');
const people = {
  desktop: { id: idNumber(`37020219910612${stamp}`), name: '赵证照', shop: `赵记餐馆${stamp}`, phone: `1381234${stamp}1` },
  phone: { id: idNumber(`37020319850917${stamp}`), name: '孙证照', shop: `孙家小厨${stamp}`, phone: `1381234${stamp}2` },
};

for (const [size, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
  test(`a new shop's licences in 我的证照, verified by QR, one revoked, the licence reused (${viewport.width} px)`, async () => {
    const who = people[size];
    const dir = mkdtempSync(join(tmpdir(), 'yw-e2e-certjourney-'));
    // the person's account, signed up as signup.html does (journey.test walks that page)
    const made = await fetch(`${BASE}/api/v1/accounts`, { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'person', name: who.name, id_number: who.id, phone: who.phone, password: 'yiwang2026' }) });
    assert.equal(made.status, 201, await made.text());

    /* ---- the person applies for 开办餐饮店 as a new shop ---- */
    const { page, context, errors } = await loginAs(browser, who.id, { viewport, locale });
    await ready(page);
    await page.locator('#q').pressSequentially('开饭店', { delay: 40 });
    await page.locator('#items tbody tr[data-code="YJS-CYKB"]').waitFor();
    await page.locator('#items tbody tr[data-code="YJS-CYKB"] a').click();
    await page.locator('#bundle[data-code="YJS-CYKB"] #questions').waitFor();
    await page.selectOption('#answer-new_shop', '新开店，还没有营业执照');
    await page.selectOption('#answer-entity_kind', '个体工商户');
    await page.check('.question[data-key="sells_cooked_food"] input[value="true"]');
    await page.check('.question[data-key="has_employees"] input[value="false"]');
    await page.click('#form-button');
    await page.locator('#merged').waitFor();
    await page.click('#apply-link');
    await page.locator('#apply-form').waitFor();
    await page.fill('#field-entity-name', who.shop);
    await page.selectOption('#field-address-region', { label: '市南区' });
    await page.fill('#field-address-detail', '香港中路9号');
    await page.selectOption('#field-business-scope', '热食类食品制售');
    // every material given now (a file, or the pledge where one is taken), so that the case
    // completes when the departments approve
    const materials = page.locator('#apply fieldset.material');
    for (let i = 0; i < await materials.count(); i++) {
      const m = materials.nth(i);
      const name = await m.getAttribute('data-name');
      if (await m.locator('input[value="pledge"]').count()) {
        await m.locator('input[value="pledge"]').check();
        await m.locator('input[type="checkbox"]').check();
      } else {
        if (await m.locator('input[value="upload"]').count()) await m.locator('input[value="upload"]').check();
        await m.locator('input[type="file"]').setInputFiles({ name: `${name}.pdf`, mimeType: 'application/pdf', buffer: pdfFile(`${name} ${size} ${stamp}`) });
        await m.locator('.uploaded', { hasText: `${name}.pdf` }).waitFor();
      }
    }
    await page.click('#submit-case');
    await page.locator('#done-message').waitFor();
    assert.match((await page.locator('#apply dd.case-number').textContent()).trim(), /^\d{19}$/);
    await page.click('#done-case');
    await page.locator('#case dd.case-number').waitFor();
    const caseId = decodeURIComponent(new URL(page.url()).hash.slice('#case/'.length));

    /* ---- accepted and approved by the departments (the API: journey.test walks these pages) ---- */
    const clerk = await apiAs('clerk');
    const accepted = await clerk('POST', `/api/v1/cases/${caseId}/accept`, {});
    assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
    assert.equal(await approveAll(caseId, who.id), 'completed');
    await page.reload();
    await page.locator('#case[data-state="completed"]').waitFor({ state: 'attached' });
    // the timeline says 已办结 once, and what the completion did as a note beside it: the licences
    const timeline = await page.locator('#case ol.timeline').first().innerText();
    assert.equal(timeline.match(/已办结/g)?.length, 1, timeline);
    assert.match(timeline, /办理结果说明[\s\S]*电子证照：已签发营业执照/, timeline);

    /* ---- 我的证照: the three licences, each with its QR ---- */
    await page.click('#nav-certs');
    await page.waitForURL('**/certs.html');
    await ready(page);
    const cards = {};
    for (const [code, name] of Object.entries(LICENCES)) {
      const card = page.locator(`article.cert-card[data-type="${code}"][data-status="valid"]`);
      await card.waitFor();
      assert.equal(await card.count(), 1, `one valid ${name}`);
      assert.equal(await card.locator('h2').textContent(), name);
      assert.equal(await card.locator('.cert-status').textContent(), '有效');
      assert.ok(await drawn(card.locator('.cert-qr img')), `the QR of the ${name} is drawn`);
      cards[code] = { card, id: await card.getAttribute('data-cert'), number: (await factOf(card, '证照编号')).trim() };
    }
    // the 营业执照's holder is the new enterprise, by the USCC the registry gave it
    const uscc = (await factOf(cards.YYZZ.card, '统一社会信用代码')).trim();
    assert.match(uscc, /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/);
    const registry = await (await apiAs('officer'))('GET', `/api/v1/entities/${uscc}`);
    assert.equal(registry.status, 200, JSON.stringify(registry.body));
    assert.equal(registry.body.name, who.shop);
    assert.match(await cards.YYZZ.card.textContent(), new RegExp(who.shop));
    for (const code of ['SPJY', 'GGWS']) assert.equal((await factOf(cards[code].card, '统一社会信用代码')).trim(), uscc, `the ${LICENCES[code]} is the enterprise's`);
    await noSideScroll(page, viewport);
    await page.screenshot({ path: `${SHOTS}/certjourney-certs-${size}.png`, fullPage: true });

    /* ---- each QR, read from its PNG, opens the verification page: 有效 ---- */
    const visitor = await browser.newContext({ viewport, locale });
    const open = await visitor.newPage();
    open.on('pageerror', (e) => errors.push(e.message));
    const addresses = {};
    for (const code of Object.keys(LICENCES)) {
      addresses[code] = await qrAddress(cards[code].id, dir);
      assert.match(addresses[code], new RegExp(`/verify\\.html\\?cert=${cards[code].id}$`));
      assert.match(await verdictAt(open, addresses[code]), /有效$/);
      const facts = await open.locator('#cert-result').textContent();
      assert.ok(facts.includes(LICENCES[code]) && facts.includes(cards[code].number) && facts.includes(uscc), facts);
    }
    await noSideScroll(open, viewport);
    await open.screenshot({ path: `${SHOTS}/certjourney-verify-valid-${size}.png`, fullPage: true });

    /* ---- 证照管理: the 市场监管局's officer revokes the food licence ---- */
    const officer = await loginAs(browser, 'officer', { viewport, locale });
    await officer.page.locator('#nav-certdesk').click();
    await officer.page.waitForURL('**/certdesk.html');
    await ready(officer.page);
    await officer.page.fill('#f-holder', uscc);
    await officer.page.selectOption('#f-type', { label: '食品经营许可证' });
    await officer.page.click('#find');
    const row = officer.page.locator(`#certs tr[data-id="${cards.SPJY.id}"]`);
    await row.waitFor();
    assert.match(await row.textContent(), /有效/);
    await row.locator('a.cert-link').click();
    await officer.page.locator('#cert-facts[data-status="valid"]').waitFor();
    await officer.page.fill('#act-revoke-reason', '经营场所与许可不符');
    await officer.page.click('#act-revoke button[data-act="revoke"]');
    await answerConfirm(officer.page, true, new RegExp(`${who.shop}的食品经营许可证（编号 ${cards.SPJY.number}）[\\s\\S]*永久失效`));
    await officer.page.locator('#cert-facts[data-status="revoked"]').waitFor();
    assert.equal(await officer.page.locator('#cert-reason').textContent(), '经营场所与许可不符');
    await noSideScroll(officer.page, viewport);
    await officer.page.screenshot({ path: `${SHOTS}/certjourney-revoked-desk-${size}.png`, fullPage: true });
    assert.deepEqual(officer.errors, []);
    await officer.context.close();

    // the same QR's page now says 已撤销 (and not why); the others still 有效
    const revoked = await verdictAt(open, addresses.SPJY);
    assert.match(revoked, /已撤销$/);
    assert.doesNotMatch(await open.locator('#cert-result').textContent(), /经营场所与许可不符/);
    await open.screenshot({ path: `${SHOTS}/certjourney-verify-revoked-${size}.png`, fullPage: true });
    assert.match(await verdictAt(open, addresses.YYZZ), /有效$/);
    await visitor.close();
    // the holder reads why in 我的证照
    await page.reload();
    await ready(page);
    const gone = page.locator(`article.cert-card[data-cert="${cards.SPJY.id}"]`);
    await gone.waitFor();
    assert.equal(await gone.locator('.cert-status').textContent(), '已撤销');
    assert.match(await gone.locator('.cert-change').textContent(), /原因：经营场所与许可不符/);

    /* ---- a second case asks for the 营业执照: the licence stands in, no upload ---- */
    await page.goto(BASE + '/');
    await ready(page);
    await page.locator('#q').pressSequentially('公积金缴存登记', { delay: 40 });
    const item = page.locator(`#items tbody tr[data-code="${FUND}"]`);
    await item.waitFor();
    await item.locator('a').click();
    await page.click('#apply-link');
    await page.locator('#apply-form').waitFor();
    const licence = page.locator('#apply fieldset.material[data-name="营业执照"]');
    await licence.locator('.cert-reused').waitFor();
    assert.match(await licence.locator('.cert-reused').textContent(), new RegExp(`^✓ 已有电子证照，免于提交：营业执照（编号 ${cards.YYZZ.number}）`));
    assert.equal(await licence.locator('input').count(), 0, 'no upload, no choice asked');
    await page.fill('#field-entity-name', who.shop);
    await page.fill('#field-entity-uscc', uscc); // as 我的证照 shows it
    assert.equal(await page.inputValue('#field-legal_rep-id_number'), who.id);
    await noSideScroll(page, viewport);
    await page.screenshot({ path: `${SHOTS}/certjourney-reuse-form-${size}.png`, fullPage: true });
    await page.click('#submit-case');
    await page.locator('#done-message').waitFor();
    assert.match(await page.locator('ol.next-steps').textContent(), /以下材料已用您的电子证照，免于提交：营业执照/);
    const second = (await page.locator('#apply dd.case-number').textContent()).trim();
    await page.click('#done-case');
    await page.locator('#case dd.case-number').waitFor();
    const secondId = decodeURIComponent(new URL(page.url()).hash.slice('#case/'.length));
    assert.deepEqual(errors, []);
    await context.close();

    /* ---- accepted; the 公积金中心's officer sees the certificate in the case ---- */
    const again = await clerk('POST', `/api/v1/cases/${secondId}/accept`, {});
    assert.equal(again.status, 200, JSON.stringify(again.body));
    const gjj = await loginAs(browser, 'officer-gjj', { viewport, locale });
    await gjj.page.goto(`${BASE}/office.html#inbox`);
    await gjj.page.locator('#inbox[data-loaded="true"]').waitFor({ state: 'attached' });
    const task = gjj.page.locator('#inbox tr', { hasText: second });
    await task.locator('button').click();
    await gjj.page.locator(`#case[data-id="${secondId}"]`).waitFor();
    const given = gjj.page.locator('#case-materials li[data-material="营业执照"]');
    assert.match(await given.textContent(), /电子证照免提交/);
    assert.match(await given.locator('.cert-of-material').textContent(), new RegExp(`营业执照，编号 ${cards.YYZZ.number}`));
    assert.match(await given.locator('.cert-valid').textContent(), /证照有效/);
    await given.locator('button.cert-open').click();
    const shown = given.locator('.cert-card');
    await shown.waitFor();
    // whose it is, by the enterprise's number as well as its name
    const holder = shown.locator('dt', { hasText: /^统一社会信用代码$/ }).locator('xpath=following-sibling::dd[1]');
    assert.equal((await holder.textContent()).trim(), uscc);
    assert.match(await shown.textContent(), new RegExp(`持证主体${who.shop}`));
    assert.ok(await drawn(shown.locator('img.cert-qr')), 'the QR is drawn');
    await noSideScroll(gjj.page, viewport);
    await gjj.page.screenshot({ path: `${SHOTS}/certjourney-officer-case-${size}.png`, fullPage: true });
    assert.deepEqual(gjj.errors, []);
    await gjj.context.close();
  });
}
