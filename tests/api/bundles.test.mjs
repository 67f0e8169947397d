// Bundles (一件事) over HTTP: anyone lists the demo bundles and reads one; the merged form for
// 开办餐饮店 changes with the cooked-food answer (items and fields), a field asked by two items
// appears once, materials once with the items that need them; bad answers are refused naming
// /answers/KEY; an unknown bundle is 404; the staged 工程建设项目审批 has its four stages within
// 70 working days; an administrator saves bundles (a bad condition refused at its pointer, audited),
// other roles are refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { req, login, assertError } from './lib.mjs';

// an error of the class its status means, with its specific reason
const CLASS = { 404: 'not_found', 409: 'conflict', 422: 'invalid' };
const refused = (r, status, reason, field) => assert.equal(assertError(r, status, CLASS[status], field).reason, reason, r.text);

const run = Date.now().toString(36).toUpperCase();
const form = (code, answers) => req('POST', `/api/v1/bundles/${code}/form`, { body: { answers } });
const restaurant = (cooked) => ({ new_shop: '新开店，还没有营业执照', sells_cooked_food: cooked, entity_kind: '企业', has_employees: false });

test('anyone lists the bundles and reads one', async () => {
  const r = await req('GET', '/api/v1/bundles');
  assert.equal(r.status, 200, r.text);
  const names = r.json.bundles.map((b) => b.name);
  for (const n of ['企业开办', '开办餐饮店', '企业信息变更', '企业注销登记', '教育入学', '残疾人服务', '出生',
    '水电气网联合报装', '二手房转移登记及水电气网联动过户', '工程建设项目审批'])
    assert.ok(names.includes(n), n);
  const kb = r.json.bundles.find((b) => b.code === 'YJS-QYKB');
  assert.equal(kb.lead_department.code, 'QD-SCJG');
  // 企业开办: licence, seal, tax, social insurance, housing fund and the bank account
  const kbForm = await req('POST', '/api/v1/bundles/YJS-QYKB/form', { body: { answers: { needs_invoices: true, has_employees: true } } });
  assert.equal(kbForm.status, 200, kbForm.text);
  const depts = new Set(kbForm.json.items.map((i) => i.department.code));
  for (const d of ['QD-SCJG', 'QD-GA', 'QD-SW', 'QD-RS', 'QD-GJJ', 'QD-JRB']) assert.ok(depts.has(d), d);
  assert.ok(kbForm.json.fields.some((f) => f.key === 'bank.name' && f.type === 'choice'));
  const one = await req('GET', '/api/v1/bundles/YJS-CYKB');
  assert.equal(one.status, 200, one.text);
  assert.equal(one.json.questions[0].key, 'new_shop');
  assert.equal(one.json.questions[0].kind, 'choice');
  assert.equal(one.json.questions[1].key, 'sells_cooked_food');
  assert.equal(one.json.questions[1].kind, 'yes_no');
  const food = one.json.items.find((i) => i.code === 'QD-SCJG-XK-0005');
  assert.deepEqual(food.condition, { '==': [{ var: 'sells_cooked_food' }, true] });
  assert.equal(food.name, '食品经营许可证核发');
  refused(await req('GET', '/api/v1/bundles/YJS-NONE'), 404, 'bundle_not_found');
  refused(await form('YJS-NONE', {}), 404, 'bundle_not_found');
});

test('the merged form follows the answers', async () => {
  const withFood = await form('YJS-CYKB', restaurant(true));
  const without = await form('YJS-CYKB', restaurant(false));
  assert.equal(withFood.status, 200, withFood.text);
  assert.equal(without.status, 200, without.text);
  const codes = (f) => f.json.items.map((i) => i.code);
  assert.ok(codes(withFood).includes('QD-SCJG-XK-0005'));
  assert.ok(!codes(without).includes('QD-SCJG-XK-0005'));
  assert.ok(withFood.json.fields.length > without.json.fields.length);
  // each data element once, listing the items that ask it
  const keys = withFood.json.fields.map((f) => f.key);
  assert.equal(new Set(keys).size, keys.length);
  const shared = withFood.json.fields.filter((f) => f.items.length > 1);
  assert.ok(shared.length > 0, 'a field asked by two items');
  // materials once, listing the items that need them
  const mats = withFood.json.materials.map((m) => m.name + '|' + (m.cert_type || ''));
  assert.equal(new Set(mats).size, mats.length);
  for (const m of withFood.json.materials) assert.ok(m.items.length >= 1);
  const item = withFood.json.items.find((i) => i.code === 'QD-SCJG-XK-0005');
  assert.equal(item.department.code, 'QD-SCJG');
  assert.equal(typeof item.promised_days, 'number');
  assert.deepEqual(withFood.json.stages, []);
});

test('answers are checked against the questionnaire', async () => {
  refused(await form('YJS-CYKB', { ...restaurant(true), frob: true }), 422, 'bundle_answer_unknown', '/answers/frob');
  refused(await form('YJS-CYKB', { ...restaurant(true), sells_cooked_food: 'yes' }), 422, 'bundle_answer_kind',
    '/answers/sells_cooked_food');
  refused(await form('YJS-CYKB', { ...restaurant(true), entity_kind: '合伙企业' }), 422, 'bundle_answer_option',
    '/answers/entity_kind');
  refused(await form('YJS-CYKB', { new_shop: '新开店，还没有营业执照', sells_cooked_food: true, entity_kind: '企业' }), 422, 'bundle_answer_missing',
    '/answers/has_employees');
  refused(await form('YJS-CYKB', { ...restaurant(true), has_employees: { a: 1 } }), 422, 'field_type',
    '/answers/has_employees');
  refused(await req('POST', '/api/v1/bundles/YJS-CYKB/form', { body: {} }), 422, 'field_required', 'answers');
  // the declared object: at most 30 members, keys of 64 bytes at most
  const many = Object.fromEntries(Array.from({ length: 31 }, (_, i) => [`q${i}`, true]));
  refused(await form('YJS-CYKB', many), 422, 'field_too_many', 'answers');
  refused(await form('YJS-CYKB', { ['k'.repeat(65)]: true }), 422, 'field_too_long');
});

test('the staged bundle: four stages within 70 working days', async () => {
  const one = await req('GET', '/api/v1/bundles/YJS-GCJS');
  assert.equal(one.json.limit_days, 70);
  assert.deepEqual(one.json.stages.map((s) => s.name), ['立项用地规划许可', '工程建设许可', '施工许可', '竣工验收']);
  const f = await form('YJS-GCJS', { needs_eia: false });
  assert.equal(f.status, 200, f.text);
  assert.equal(f.json.stages.length, 4);
  assert.equal(f.json.limit_days, 70);
  assert.ok(f.json.total_days <= 70);
  assert.ok(!f.json.stages[1].items.includes('QD-STHJ-XK-0001'));
  assert.equal(f.json.items.find((i) => i.code === 'QD-ZJ-XK-0001').stage, '施工许可');
});

test('an administrator saves bundles; others are refused', async () => {
  const admin = await login('admin');
  const code = `T${run}-YJS`;
  const bundle = {
    code, name: '测试一件事', lead_department: 'QD-SCJG',
    questions: [{ key: 'cooked', label: '是否热食', kind: 'yes_no' }],
    items: [{ code: 'QD-SCJG-XK-0001' }, { code: 'QD-SCJG-XK-0005', condition: { '==': [{ var: 'cooked' }, true] } }],
  };
  const bad = { ...bundle, items: [...bundle.items, { code: 'QD-SW-QR-0001', condition: { and: [{ frob: 1 }] } }] };
  refused(await req('POST', '/api/v1/bundles', { token: admin, body: bad }), 422, 'rule_unknown_operator',
    '/items/2/condition/and/0');
  const typo = { ...bundle, items: [bundle.items[0], { code: 'QD-SCJG-XK-0005', condition: { '==': [{ var: 'cookd' }, true] } }] };
  refused(await req('POST', '/api/v1/bundles', { token: admin, body: typo }), 422, 'bundle_condition_var',
    '/items/1/condition/==/0/var');
  refused(await req('POST', '/api/v1/bundles', { token: admin, body: { ...bundle, items: [{ code: 'QD-NONE-0001' }] } }),
    422, 'bundle_item_unknown', '/items/0/code');
  const staged = { ...bundle, stages: [{ name: '一', items: ['QD-SCJG-XK-0001'] }, { name: '二', items: ['QD-SCJG-XK-0005'] }] };
  refused(await req('POST', '/api/v1/bundles', { token: admin, body: { ...staged, limit_days: 5 } }), 422,
    'bundle_over_limit', 'limit_days'); // 1 + 5 promised days
  const c = await req('POST', '/api/v1/bundles', { token: admin, body: bundle });
  assert.equal(c.status, 201, c.text);
  assert.equal(c.json.changed, true);
  refused(await req('POST', '/api/v1/bundles', { token: admin, body: bundle }), 409, 'bundle_exists');
  const u = await req('PUT', `/api/v1/bundles/${code}`, { token: admin, body: { ...bundle, code: undefined, name: '测试一件事（改）' } });
  assert.equal(u.status, 200, u.text);
  assert.equal(u.json.name, '测试一件事（改）');
  const f = await form(code, { cooked: true });
  assert.deepEqual(f.json.items.map((i) => i.code), ['QD-SCJG-XK-0001', 'QD-SCJG-XK-0005']);
  const officer = await login('officer');
  assertError(await req('POST', '/api/v1/bundles', { token: officer, body: bundle }), 403, 'forbidden');
  assertError(await req('PUT', `/api/v1/bundles/${code}`, { token: officer, body: bundle }), 403, 'forbidden');
  assertError(await req('POST', '/api/v1/bundles', { body: bundle }), 401, 'unauthenticated');
  const audit = await req('GET', `/api/v1/audit?limit=5`, { token: admin });
  assert.equal(audit.status, 200, audit.text);
  const actions = JSON.stringify(audit.json);
  assert.ok(actions.includes('bundle.create') && actions.includes('bundle.update'), actions.slice(0, 300));
});
