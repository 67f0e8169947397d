// The policy editor for an officer who is no programmer: 工信局's officer builds
// 「注册资本不少于 100 万元 且 (行业属于 制造业 或 不满足 经营异常)」 from the registry's fields by their
// Chinese names — without typing JsonLogic — and sees the match preview count as it is built;
// the JsonLogic is there under 高级; the policy is saved, matches a manufacturer with 500 万元 of
// capital and not a shop with 50 万元, and reads back into the builder; a rule the builder cannot
// show is said so plainly; its grant is ticked with 全选本页 for 批量通过, which says how many and
// how much first. At 1366 × 900 and at 390 × 844.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, loginAs as login, answerConfirm, BASE, SHOTS } from './browser.mjs';
import { req, login as apiLogin, uscc } from '../api/lib.mjs';

const DESKTOP = { width: 1366, height: 900 }, PHONE = { width: 390, height: 844 };
const RUN = Date.now().toString(36).toUpperCase();
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const newUscc = () => uscc('91370211', Array.from({ length: 8 }, () => ALPHABET[Math.floor(Math.random() * 31)]).join(''));
// what the builder makes of it
const RULE = { and: [{ '>=': [{ var: 'capital_fen' }, 100000000] },
  { or: [{ in: [{ var: 'industry_section' }, ['C']] }, { '!': { '==': [{ var: 'status' }, 'abnormal'] } }] }] };
let browser;
const entities = {};

before(async () => {
  browser = await launch();
  const officer = await apiLogin('officer');
  const base = { kind: 'company', legal_rep: '孙八', region: '370211', established_on: '2015-04-01', scale: 'small', employees: 30,
    revenue_fen: 100000000, rd_ratio_bp: 0, labels: [], credit: 'A' };
  // a manufacturer with 500 万元 (meets it) and a shop with 50 万元 (does not)
  for (const [key, capital, industry] of [['maker', 500000000, '3311'], ['shop', 50000000, '5292']]) {
    const body = { ...base, uscc: newUscc(), name: `青岛条件测试${key}${RUN}有限公司`, capital_fen: capital, industry };
    const r = await req('POST', '/api/v1/entities', { token: officer, body });
    assert.equal(r.status, 201, r.text);
    entities[key] = body.uscc;
  }
});
after(async () => { await browser?.close(); });

async function noSideScroll(page, viewport) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= viewport.width, `page is ${width}px wide at ${viewport.width}`);
}

// The row of the builder at `path` (its rows in order, nested groups' rows after their group's).
const rows = (page) => page.locator('#builder .cond-row');

async function build(page, viewport, code) {
  await page.goto(`${BASE}/policies.html`);
  await page.locator('body[data-ready="true"]').waitFor({ state: 'attached' });
  await page.fill('#f-code', code);
  await page.fill('#f-title', '条件编辑测试：制造业企业奖励');
  await page.fill('#f-basis', '青工信字〔2026〕77号');
  await page.fill('#f-amount_yuan', '20000');
  await page.fill('#f-budget_yuan', '2000000.50');
  // the first condition: 注册资本 (元) 不小于 1000000 — read as 100 万元 beside it
  const first = rows(page).first();
  await first.locator('select.cond-field').selectOption({ label: '注册资本（元）' });
  await first.locator('select.cond-op').selectOption({ label: '不小于' });
  await first.locator('input.num').fill('1000000');
  assert.equal(await first.locator('.unit').textContent(), '元');
  assert.equal(await first.locator('.reading').textContent(), '即 100 万元');
  // a group of 或 below it: 行业门类 属于 制造业, 或 不满足 经营状态 等于 列入经营异常名录
  await page.click('#builder > .cond-group > .cond-actions button.add-group');
  const group = page.locator('#builder .cond-group.nested');
  assert.equal(await group.locator('select.cond-join').inputValue(), 'or');
  const industry = group.locator('.cond-row').first();
  await industry.locator('select.cond-field').selectOption({ label: '行业门类' });
  await industry.locator('select.cond-op').selectOption({ label: '属于' });
  await industry.locator('label.choice', { hasText: '制造业' }).locator('input').check();
  await group.locator('button.add-row').click();
  const status = group.locator('.cond-row').nth(1);
  await status.locator('select.cond-field').selectOption({ label: '经营状态' });
  await status.locator('select.cond-op').selectOption({ label: '等于' });
  await status.locator('.cond-value select').selectOption({ label: '列入经营异常名录' });
  await status.locator('label.cond-not input').check();
  // the preview follows the conditions, of the rule as built
  await page.locator(`#preview[data-rule='${JSON.stringify(RULE)}']`).waitFor();
  const matches = Number(await page.locator('#preview').getAttribute('data-matches'));
  assert.ok(matches >= 1);
  assert.match(await page.locator('#preview-count').textContent(), new RegExp(`有 ${matches} 户符合`));
  // the JsonLogic, for those who want it
  await page.click('#advanced summary');
  assert.deepEqual(JSON.parse(await page.inputValue('#f-eligibility')), RULE);
  assert.match(await page.locator('#eligibility-words').textContent(), /注册资本/);
  await noSideScroll(page, viewport);
  return matches;
}

for (const [name, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
  test(`an officer builds 注册资本不少于100万元 且 (行业属于制造业 或 不满足经营异常) without JsonLogic, at ${viewport.width} px`, async () => {
    const { page, context, errors } = await login(browser, 'officer-gxj', { viewport });
    const code = `E2E-COND-${RUN}-${name.toUpperCase()}`;
    await build(page, viewport, code);
    await page.screenshot({ path: `${SHOTS}/policy-builder-${viewport.width}.png`, fullPage: true });
    await page.click('#save');
    await page.locator('#message', { hasText: `已保存政策 ${code}` }).waitFor();
    const saved = (await req('GET', `/api/v1/policies/${code}`)).json;
    assert.deepEqual(saved.eligibility, RULE);
    assert.deepEqual([saved.amount, saved.budget_fen], [2000000, 200000050]);
    // it matches: the manufacturer gets the grant, the shop does not
    const gxj = await apiLogin('officer-gxj');
    for (const u of Object.values(entities)) assert.equal((await req('POST', `/api/v1/entities/${u}/match`, { token: gxj })).status, 200);
    const got = async (u) => (await req('GET', `/api/v1/grants?policy=${code}&uscc=${u}`, { token: gxj })).json.total;
    assert.equal(await got(entities.maker), 1);
    assert.equal(await got(entities.shop), 0);
    // read back into the builder: the rows as they were built, amounts in 元
    await page.reload();
    await page.locator('body[data-ready="true"]').waitFor({ state: 'attached' });
    await page.selectOption('#pick', code);
    assert.equal(await rows(page).count(), 3);
    assert.equal(await rows(page).first().locator('input.num').inputValue(), '1000000');
    assert.equal(await rows(page).nth(2).locator('label.cond-not input').isChecked(), true);
    assert.equal(await page.inputValue('#f-budget_yuan'), '2000000.5');
    assert.equal(await page.inputValue('#f-amount_yuan'), '20000');
    await noSideScroll(page, viewport);
    // 批量通过 at this width too: 全选本页 is there to tick (a phone's cards have no header row), the
    // count and the sum said before anything happens; 取消 leaves the grant waiting
    await page.click('[data-tab="queue"]');
    await page.selectOption('#q-policy', code);
    await page.locator('#page-info', { hasText: '共 1 条' }).waitFor();
    await page.getByRole('checkbox', { name: '全选本页' }).check();
    assert.equal(await page.locator('#queue tbody input.pick-grant:checked').count(), 1);
    await page.click('#batch-approve');
    await page.locator('dialog.confirm[open]', { hasText: '将批准 1 笔兑现，合计 20000.00 元' }).waitFor();
    await noSideScroll(page, viewport);
    await page.screenshot({ path: `${SHOTS}/policy-batch-confirm-${viewport.width}.png`, fullPage: true });
    await answerConfirm(page, false, /将批准 1 笔兑现，合计 20000\.00 元/);
    assert.equal((await req('GET', `/api/v1/grants?policy=${code}&state=pending`, { token: gxj })).json.total, 1);
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('a rule the builder cannot show is said plainly and kept as JSON; an unfinished condition is said beside it', async () => {
  const gxj = await apiLogin('officer-gxj');
  const code = `E2E-COND-${RUN}-JSON`;
  const year = new Date().getFullYear();
  const rule = { '<=': ['13', { var: 'industry_division' }, '43'] };
  const r = await req('POST', '/api/v1/policies', { token: gxj, body: { code, title: '条件编辑测试：区间规则', department: 'QD-GXJ',
    basis: '青工信字〔2026〕78号', valid_from: `${year}-01-01`, valid_to: `${year}-12-31`, mode: 'auto', eligibility: rule,
    amount: { '*': [{ var: 'employees' }, 100] }, budget_fen: 1000000 } });
  assert.equal(r.status, 201, r.text);
  const { page, context, errors } = await login(browser, 'officer-gxj', { viewport: DESKTOP });
  await page.goto(`${BASE}/policies.html`);
  await page.locator('body[data-ready="true"]').waitFor({ state: 'attached' });
  await page.selectOption('#pick', code);
  await page.locator('#builder[data-complex="true"]').waitFor({ state: 'attached' });
  assert.match(await page.locator('#builder .complex').textContent(), /超出了条件列表能表示的范围/);
  assert.equal(await page.locator('#amount-advanced').getAttribute('open'), '');
  assert.deepEqual(JSON.parse(await page.inputValue('#f-amount')), { '*': [{ var: 'employees' }, 100] });
  // written again with the builder: an amount typed with three decimals is refused beside it
  await page.click('#builder button.restart');
  await rows(page).first().locator('input.num').fill('1.234');
  await page.click('#save');
  assert.match(await page.locator('#builder .cond-row .field-error').first().textContent(), /至多两位小数/);
  assert.deepEqual((await req('GET', `/api/v1/policies/${code}`)).json.eligibility, rule);
  assert.deepEqual(errors, []);
  await context.close();
});
