// 市场主体库 in a real browser: the market regulator's officer (QD-SCJG) finds an entity registered
// through the API, opens its page — its fields in Chinese, its labels, its history — and acts on
// it by its state: 歇业 refused beside the service address when none is given, then begun; the
// dormancy in the 歇业到期提醒 list when it lapses soon; ended; the entity put on the abnormal
// list and taken off it, each with its reason. On a phone the results are cards, and a simple
// deregistration shows its notice's end and is stopped by an objection; matching runs. A clerk
// reads the same page without a form to act with, and the API refuses the clerk in Chinese.
// At 1280 × 900 and at 390 × 844.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, loginAs as login, answerConfirm, BASE, SHOTS } from './browser.mjs';
import { req, login as apiLogin, uscc } from '../api/lib.mjs';

const DESKTOP = { width: 1280, height: 900 }, PHONE = { width: 390, height: 844 };
const SUFFIX = String(Date.now() % 1000000).padStart(6, '0');
const USCC = uscc('91370213', `MA${SUFFIX}`); // 李沧区
const NAME = `青岛端到端登记测试${SUFFIX}有限公司`;
let browser;

// n days from today in Shanghai, as the server counts days (not the machine's zone: at 00:30 in
// Shanghai it is still yesterday in UTC)
const dayFromToday = (n) => {
  const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};

before(async () => {
  browser = await launch();
  const officer = await apiLogin('officer');
  const record = {
    name: NAME, kind: 'company', legal_rep: '王五', capital_fen: 100000000, industry: '6513', region: '370213',
    established_on: '2020-03-01', scale: 'small', employees: 12, revenue_fen: 300000000, rd_ratio_bp: 300, labels: ['hnte'], credit: 'A',
  };
  const r = await req('POST', '/api/v1/entities', { token: officer, body: { uscc: USCC, ...record } });
  assert.equal(r.status, 201, r.text);
  // one change, for the history
  const c = await req('PUT', `/api/v1/entities/${USCC}`, { token: officer, body: { ...record, employees: 15 } });
  assert.equal(c.status, 200, c.text);
});
after(async () => { await browser?.close(); });

const loginAs = (name, viewport) => login(browser, name, { viewport });

async function noSideScroll(page, viewport) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= viewport.width, `page is ${width}px wide at ${viewport.width}`);
}

const status = (page, s) => page.locator(`#entity[data-status="${s}"]`).waitFor({ state: 'attached' });

test('the officer finds the entity, puts it into dormancy (refused beside the address first), sees it in the reminder, ends it, lists and unlists it', async () => {
  const { page, context, errors } = await loginAs('officer', DESKTOP);
  await page.click('#registry-link');
  await page.waitForURL('**/registry.html');
  await page.locator('body[data-ready="true"]').waitFor({ state: 'attached' });
  await page.fill('#s-q', NAME.slice(2, 14));
  await page.selectOption('#s-region', '370213');
  await page.click('#search-button');
  const row = page.locator(`#results tr[data-uscc="${USCC}"]`);
  await row.waitFor();
  assert.match(await row.textContent(), /公司.*李沧区.*软件和信息技术服务业.*存续/);
  assert.match(await page.locator('#found').textContent(), /共 1 户/);
  await row.locator('a.entity-link').click();
  await page.locator(`#entity[data-uscc="${USCC}"]`).waitFor({ state: 'attached' });
  assert.match(await page.locator('#entity-name').textContent(), new RegExp(`${NAME}.*存续`));
  assert.match(await page.locator('#entity .labels').textContent(), /高新技术企业/);
  assert.equal((await page.locator('dd[data-field="region"]').textContent()).trim(), '李沧区'); // the region by its name, never its code
  assert.equal(await page.locator('dd[data-field="capital_fen"]').textContent(), '1000000.00 元');
  assert.match(await page.locator('#entity').textContent(), /法定代表人（经营者）.*王五/);
  assert.match(await page.locator('#changes tr[data-field="employees"]').textContent(), /从业人数.*12.*15/);
  await noSideScroll(page, DESKTOP);

  // 歇业 without a service address: the server's refusal in Chinese beside that field
  const until = dayFromToday(10);
  await page.fill('#a-dormancy-until', until);
  await page.click('#act-dormancy button[type="submit"]');
  const addrError = page.locator('#act-dormancy #a-dormancy-service_address-error');
  await addrError.waitFor();
  // the router names the field as the API spells it (service_address); the page says its label
  assert.equal(await addrError.textContent(), '请填写“送达地址”');
  assert.equal(await page.getAttribute('#a-dormancy-service_address', 'aria-invalid'), 'true');
  // more than two years: beside the date
  await page.fill('#a-dormancy-service_address', '青岛市李沧区书院路1号');
  await page.fill('#a-dormancy-until', dayFromToday(800));
  await page.click('#act-dormancy button[type="submit"]');
  await page.locator('#a-dormancy-until-error').waitFor();
  assert.match(await page.locator('#a-dormancy-until-error').textContent(), /歇业期限每次最长2年/);
  assert.equal(await page.locator('#a-dormancy-service_address-error').count(), 0);
  await page.fill('#a-dormancy-until', until);
  await page.click('#act-dormancy button[type="submit"]');
  await status(page, 'dormant');
  assert.match(await page.locator('#message').textContent(), /已办理歇业/);
  assert.equal(await page.locator('dd[data-field="dormant_until"]').textContent(), until);
  assert.equal(await page.locator('dd[data-field="service_address"]').textContent(), '青岛市李沧区书院路1号');
  assert.equal(await page.locator('#act-abnormal').count(), 0, 'a dormant entity is not put on the abnormal list');
  await page.screenshot({ path: `${SHOTS}/registry-entity-desktop.png`, fullPage: true });

  // the reminder: lapsing in 10 days, within 30
  await page.click('button[data-tab="lapsing"]');
  const due = page.locator(`#lapsing tr[data-uscc="${USCC}"]`);
  await due.waitFor();
  assert.match(await due.textContent(), new RegExp(`${until}.*10 天.*书院路1号`));
  // soonest first
  const dates = await page.locator('#lapsing tbody tr td:nth-child(3)').allTextContents();
  assert.deepEqual(dates, [...dates].sort());
  await page.selectOption('#l-days', '7');
  await page.locator(`#lapsing tr[data-uscc="${USCC}"]`).waitFor({ state: 'detached' });
  await page.selectOption('#l-days', '30');
  await due.locator('a.entity-link').click();
  await status(page, 'dormant');

  // ended by a double click: active again, once (one history row), and no longer in the reminder
  await page.dblclick('#act-end button[type="submit"]');
  await status(page, 'active');
  assert.match(await page.locator('#message').textContent(), /已结束歇业/);
  const ends = await page.locator('#changes tr[data-field="status"]').allTextContents();
  assert.equal(ends.filter((r) => /歇业.*存续/.test(r)).length, 1);

  // the abnormal list: a reason is required, beside it
  await page.click('#act-abnormal button[type="submit"]');
  await page.locator('#a-abnormal-reason-error').waitFor();
  await page.fill('#a-abnormal-reason', '通过登记的住所无法联系');
  await page.click('#act-abnormal button[type="submit"]');
  await status(page, 'abnormal');
  assert.match(await page.locator('#entity-name').textContent(), /列入经营异常名录/);
  assert.equal(await page.locator('dd[data-field="abnormal_reason"]').textContent(), '通过登记的住所无法联系');
  // on the abnormal list only an ordinary deregistration is offered
  assert.deepEqual(await page.locator('#a-deregister-mode option').evaluateAll((o) => o.map((x) => x.value)), ['ordinary']);
  await page.fill('#a-unabnormal-reason', '已依法办理住所变更登记');
  await page.click('#act-unabnormal button[type="submit"]');
  await status(page, 'active');
  assert.match(await page.locator('#message').textContent(), /已移出经营异常名录/);
  // the history tells it all
  assert.match(await page.locator('#changes').textContent(), /状态/);

  // the reminder reloads on opening its tab (its data-loaded was set by the earlier load, so wait
  // for the row itself to go)
  await page.click('button[data-tab="lapsing"]');
  await page.locator(`#lapsing tr[data-uscc="${USCC}"]`).waitFor({ state: 'detached' });
  await noSideScroll(page, DESKTOP);
  assert.deepEqual(errors, []);
  await context.close();
});

test('on a phone: results as cards; a simple deregistration shows its notice and an objection stops it; matching runs', async () => {
  const { page, context, errors } = await loginAs('officer', PHONE);
  await page.goto(`${BASE}/registry.html`);
  await page.locator('body[data-ready="true"]').waitFor({ state: 'attached' });
  await page.fill('#s-q', USCC);
  await page.click('#search-button');
  const row = page.locator(`#results tr[data-uscc="${USCC}"]`);
  await row.waitFor();
  assert.equal(await page.locator('#results thead').evaluate((e) => getComputedStyle(e).display), 'none');
  assert.equal(await row.evaluate((e) => getComputedStyle(e).display), 'block');
  await noSideScroll(page, PHONE);
  await page.screenshot({ path: `${SHOTS}/registry-search-phone.png`, fullPage: true });
  await row.locator('a.entity-link').click();
  await status(page, 'active');
  await page.selectOption('#a-deregister-mode', 'simple');
  const noticeUntil = dayFromToday(20);
  // asked once, saying it is a notice until its last day; cancelled, nothing changes
  await page.click('#act-deregister button[type="submit"]');
  await answerConfirm(page, false, new RegExp(`公告期20天，至 ${noticeUntil}`));
  assert.equal(await page.locator('#entity').getAttribute('data-status'), 'active');
  await page.click('#act-deregister button[type="submit"]');
  await answerConfirm(page, true);
  await status(page, 'deregistering');
  // honest words: the notice has started and until when, not 已办理注销
  const said = `简易注销公告已发布，公告期至${noticeUntil}（20天）；期满无异议后方可完成注销`;
  await page.locator('#message', { hasText: said }).waitFor();
  assert.match(await page.locator('#notice-until').textContent(), new RegExp(`简易注销公告已发布，公告期至 ${noticeUntil}`));
  assert.doesNotMatch(await page.locator('main').textContent(), /已办理注销/);
  // completing during the notice is refused, in Chinese
  await page.click('#act-complete button[type="submit"]');
  await answerConfirm(page, true, /完成.*的注销登记/);
  await page.locator('#act-complete .form-error:not([hidden])').waitFor();
  assert.match(await page.locator('#act-complete .form-error').textContent(), /[\u4e00-\u9fff]/);
  await page.fill('#a-object-reason', '债权人对清算结果有异议');
  await page.click('#act-object button[type="submit"]');
  await answerConfirm(page, true, /将终止.*的简易注销/);
  await status(page, 'active');
  await page.click('#act-match button[type="submit"]');
  await page.locator('#match-result').waitFor();
  assert.match(await page.locator('#match-result').textContent(), /符合 \d+ 项政策/);
  await noSideScroll(page, PHONE);
  await page.screenshot({ path: `${SHOTS}/registry-entity-phone.png`, fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();
});

test('a clerk reads the registry and its reminder but has nothing to act with; the API refuses the clerk in Chinese', async () => {
  const { page, context, errors } = await loginAs('clerk', PHONE);
  await page.click('#registry-link');
  await page.locator('body[data-ready="true"]').waitFor({ state: 'attached' });
  await page.goto(`${BASE}/registry.html#entity/${USCC}`);
  await page.locator('body[data-ready="true"]').waitFor({ state: 'attached' });
  await status(page, 'active');
  assert.match(await page.locator('#entity-name').textContent(), new RegExp(NAME));
  assert.equal(await page.locator('#actions').count(), 0);
  assert.equal(await page.locator('#entity form, #entity button').count(), 0);
  assert.match(await page.locator('#read-only').textContent(), /只读/);
  await page.click('button[data-tab="lapsing"]');
  await page.locator('#lapsing-empty, #lapsing[data-loaded="true"]').first().waitFor({ state: 'attached' });
  const refused = await page.evaluate(async (u) => {
    const r = await api('POST', `/api/v1/entities/${u}/abnormal`, { reason: '测试' });
    return { status: r.status, message: r.body.error.message };
  }, USCC);
  assert.equal(refused.status, 403);
  assert.match(refused.message, /只有市场监管局的工作人员和管理员/);
  await noSideScroll(page, PHONE);
  assert.deepEqual(errors, []);
  await context.close();
});
