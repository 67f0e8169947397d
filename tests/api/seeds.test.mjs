// The ledger over HTTP on the published plans themselves (tests/seeds.mjs finds them; without
// them every test here is skipped, saying why): the Liaocheng plan imported and its units
// mapped, the other two previewed. Runs after ledger.test.mjs on the same server, so it looks
// at its own plan only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { req, login } from './lib.mjs';
import { SKIP, readSeed } from '../plans.mjs';

const LIAOCHENG = 'liaocheng-hitech-2022-action-plan.txt';
let planId;

test('the Liaocheng plan: 118 measures, previewed then saved', { skip: SKIP }, async () => {
  const token = await login('supervisor');
  const body = { filename: LIAOCHENG, year: 2022, text: readSeed(LIAOCHENG) };
  const before = (await req('GET', '/api/v1/ledger/plans', { token })).json.plans.length;
  const preview = await req('POST', '/api/v1/ledger/plans', { token, body: { ...body, dry_run: true } });
  assert.equal(preview.status, 200, preview.text);
  assert.equal(preview.json.measures, 118);
  assert.equal(preview.json.preview.length, 118);
  assert.equal(preview.json.preview[2].deadlines[0], '2022-09-30');
  assert.ok(preview.json.unmatched_units.includes('行政审批服务部'));
  assert.equal((await req('GET', '/api/v1/ledger/plans', { token })).json.plans.length, before, 'a preview saves nothing');
  const saved = await req('POST', '/api/v1/ledger/plans', { token, body });
  assert.equal(saved.status, 201, saved.text);
  planId = saved.json.plan_id;
  assert.equal(saved.json.title, '聊城高新区营商环境创新2022年行动计划');
});

test('the Liaocheng plan: a unit mapped, the ledger filtered, the dispatch totalled', { skip: SKIP }, async () => {
  const token = await login('supervisor');
  const r = await req('POST', '/api/v1/ledger/unit-map', { token, body: { unit: '发展环境保障部', department: '市市场监管局' } });
  assert.equal(r.status, 200, r.text);
  assert.ok(r.json.applied >= 10);
  const list = async (q, t = token) => (await req('GET', `/api/v1/ledger/measures?plan=${planId}&limit=1000&${q}`, { token: t })).json;
  assert.equal((await list('')).total, 118);
  const byUnit = await list(`unit=${encodeURIComponent('税务局')}`);
  assert.ok(byUnit.total > 0);
  for (const m of byUnit.measures) assert.ok([...m.lead_units, ...m.responsible_units].includes('税务局'));
  // every dated measure of 2022 is long past due and nothing is done: overdue, in working days
  const overdue = await list('status=overdue');
  assert.ok(overdue.total >= 20);
  assert.ok(overdue.measures.every((m) => m.overdue && m.overdue_working_days > 900));
  const mine = await list('mine=1', await login('officer'));
  assert.ok(mine.total >= 10);
  for (const m of mine.measures) assert.ok([...m.lead_units, ...m.responsible_units].includes('发展环境保障部'));
  const july = await req('GET', `/api/v1/ledger/dispatch?month=2022-07&plan=${planId}`, { token });
  assert.equal(july.json.all.total, 118);
  assert.equal(july.json.units.find((u) => u.unit === '发展环境保障部').department, '青岛市市场监督管理局');
  const csv = await req('GET', `/api/v1/ledger/dispatch?month=2022-07&plan=${planId}&format=csv`, { token });
  assert.match(csv.text, /\r\n合计,,118,/);
});

test('the Qingdao plans previewed: 100 numbered measures with an annex, 69 clauses', { skip: SKIP }, async () => {
  const token = await login('supervisor');
  const preview = async (name, year) => {
    const r = await req('POST', '/api/v1/ledger/plans', { token, body: { filename: name, year, text: readSeed(name), dry_run: true } });
    assert.equal(r.status, 200, r.text);
    return r.json;
  };
  const three = await preview('qingdao-2022-2024-three-year-plan.txt', 2022);
  assert.equal(three.measures, 100);
  assert.ok(three.annex_units.includes('市大數據局'));
  const oneThing = await preview('qingdao-2024-one-thing-measures.txt', 2024);
  assert.equal(oneThing.measures, 69);
  assert.ok(oneThing.preview.every((m) => m.number === null));
});
