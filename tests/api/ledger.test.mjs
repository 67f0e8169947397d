// The ledger over HTTP: importing the Liaocheng plan (preview, then save), mapping an unmatched
// unit, a unit reporting progress with evidence, the monthly dispatch (JSON and CSV) and the
// evaluation; bad input refused with the field named and nothing changed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { req, login, assertError } from './lib.mjs';
import { readXlsx } from '../xlsx.mjs';

const SEEDS = new URL('../../../shared/seeds/', import.meta.url);
const liaocheng = readFileSync(new URL('liaocheng-hitech-2022-action-plan.txt', SEEDS), 'utf8');
const body = { filename: 'liaocheng-hitech-2022-action-plan.txt', year: 2022, text: liaocheng };

let planId;
let measureId;

test('import: a preview first, then the plan saved; only the task force may', async () => {
  assertError(await req('POST', '/api/v1/ledger/plans', { token: await login('clerk'), body }), 403, 'forbidden');
  const preview = await req('POST', '/api/v1/ledger/plans', { token: await login('supervisor'), body: { ...body, dry_run: true } });
  assert.equal(preview.status, 200, preview.text);
  assert.equal(preview.json.dry_run, true);
  assert.equal(preview.json.plan_id, null);
  assert.equal(preview.json.measures, 118);
  assert.equal(preview.json.preview.length, 118);
  assert.equal(preview.json.preview[2].deadlines[0], '2022-09-30');
  assert.ok(preview.json.unmatched_units.includes('行政审批服务部'));
  const plans = await req('GET', '/api/v1/ledger/plans', { token: await login('supervisor') });
  assert.equal(plans.json.plans.length, 0, 'a preview saves nothing');
  const saved = await req('POST', '/api/v1/ledger/plans', { token: await login('supervisor'), body });
  assert.equal(saved.status, 201, saved.text);
  planId = saved.json.plan_id;
  assert.match(planId, /^[0-9A-Z]{26}$/);
  assert.equal(saved.json.title, '聊城高新区营商环境创新2022年行动计划');
});

test('bad plans are refused naming the field, and change nothing', async () => {
  const token = await login('supervisor');
  assertError(await req('POST', '/api/v1/ledger/plans', { token, body: { ...body, year: 1999 } }), 422, 'invalid', 'year');
  assertError(await req('POST', '/api/v1/ledger/plans', { token, body: { ...body, text: '' } }), 422, 'invalid', 'text');
  assertError(await req('POST', '/api/v1/ledger/plans', { token, body: { ...body, text: '没有措施的一段话。' } }), 422, 'invalid', 'text');
  assertError(await req('POST', '/api/v1/ledger/plans', { token, body: { ...body, text: 'a\u0000b' } }), 400, 'bad_request');
  assertError(await req('POST', '/api/v1/ledger/plans', { token, body: { ...body, year: '2022' } }), 422, 'invalid', 'year');
  const plans = await req('GET', '/api/v1/ledger/plans', { token });
  assert.equal(plans.json.plans.length, 1);
});

test('an unmatched unit is mapped once and its measures follow', async () => {
  const token = await login('supervisor');
  let units = await req('GET', '/api/v1/ledger/units?unmatched=1', { token });
  assert.ok(units.json.units.some((u) => u.name === '发展环境保障部'));
  assertError(await req('POST', '/api/v1/ledger/unit-map', { token, body: { unit: '发展环境保障部', department: '不存在局' } }),
    404, 'not_found', 'department');
  assertError(await req('POST', '/api/v1/ledger/unit-map', { token: await login('officer'), body: { unit: '发展环境保障部', department: 'QD-SCJG' } }),
    403, 'forbidden');
  const r = await req('POST', '/api/v1/ledger/unit-map', { token, body: { unit: '发展环境保障部', department: '市市场监管局' } });
  assert.equal(r.status, 200, r.text);
  assert.ok(r.json.applied >= 10);
  units = await req('GET', '/api/v1/ledger/units', { token });
  const u = units.json.units.find((x) => x.name === '发展环境保障部');
  assert.equal(u.department, '青岛市市场监督管理局');
});

test('the ledger filters by unit, status and section; "mine" is the officer\'s department', async () => {
  const token = await login('supervisor');
  const all = await req('GET', `/api/v1/ledger/measures?plan=${planId}&limit=1000`, { token });
  assert.equal(all.json.total, 118);
  const byUnit = await req('GET', `/api/v1/ledger/measures?unit=${encodeURIComponent('税务局')}`, { token });
  assert.ok(byUnit.json.total > 0);
  for (const m of byUnit.json.measures) assert.ok([...m.lead_units, ...m.responsible_units].includes('税务局'));
  const section = all.json.measures[0].section;
  const bySection = await req('GET', `/api/v1/ledger/measures?section=${encodeURIComponent(section)}`, { token });
  assert.ok(bySection.json.measures.every((m) => m.section === section));
  // every dated measure of 2022 is long past due and nothing is done: overdue, in working days
  const overdue = await req('GET', '/api/v1/ledger/measures?status=overdue&limit=1000', { token });
  assert.ok(overdue.json.total >= 20);
  assert.ok(overdue.json.measures.every((m) => m.overdue && m.overdue_working_days > 900));
  assertError(await req('GET', '/api/v1/ledger/measures?status=sleeping', { token }), 422, 'invalid', 'status');
  const mine = await req('GET', '/api/v1/ledger/measures?mine=1&limit=1000', { token: await login('officer') });
  assert.ok(mine.json.total >= 10);
  for (const m of mine.json.measures) assert.ok([...m.lead_units, ...m.responsible_units].includes('发展环境保障部'));
  measureId = mine.json.measures.find((m) => m.lead_units.includes('发展环境保障部')).id;
  assertError(await req('GET', '/api/v1/ledger/measures', { token: await login('370202199003071233') }), 403, 'forbidden');
});

test('a unit reports progress with evidence; bad reports change nothing', async () => {
  const officer = await login('officer');
  const url = `/api/v1/ledger/measures/${measureId}/progress`;
  const good = { reported_on: '2022-07-15', status: 'in_progress', percent: 50, text: '已完成方案起草，正在征求意见。',
    evidence: [{ name: '方案（征求意见稿）.txt', content_base64: Buffer.from('征求意见稿 v1').toString('base64') }] };
  assertError(await req('POST', url, { token: officer, body: { ...good, percent: 101 } }), 422, 'invalid', 'percent');
  assertError(await req('POST', url, { token: officer, body: { ...good, status: 'done' } }), 422, 'invalid', 'percent');
  assertError(await req('POST', url, { token: officer, body: { ...good, reported_on: '2022/07/15' } }), 422, 'invalid', 'reported_on');
  assertError(await req('POST', url, { token: officer, body: { ...good, reported_on: '2099-01-01' } }), 422, 'invalid', 'reported_on');
  assertError(await req('POST', url, { token: officer, body: { ...good, text: '' } }), 422, 'invalid', 'text');
  assertError(await req('POST', url, { token: officer, body: { ...good, evidence: [{ name: 'a.txt', content_base64: '***' }] } }),
    422, 'invalid', '/evidence/0/content_base64');
  assertError(await req('POST', url, { token: officer, body: { ...good, evidence: [{ name: 'a.txt' }] } }),
    422, 'invalid', '/evidence/0/content_base64');
  assertError(await req('POST', url, { token: officer, body: { ...good, evidence: [{ name: 'a.txt', content_base64: 'YQ==', x: 1 }] } }),
    422, 'invalid', '/evidence/0/x');
  assertError(await req('POST', url, { token: officer, body: { ...good, percent: 4294967396 } }), 422, 'invalid', 'percent');
  assertError(await req('POST', url, { token: officer, body: { ...good, evidence: [{ name: '../a.txt', content_base64: 'YQ==' }] } }),
    422, 'invalid', 'evidence');
  assertError(await req('POST', url, { token: await login('clerk'), body: good }), 403, 'forbidden');
  let m = await req('GET', `/api/v1/ledger/measures/${measureId}`, { token: officer });
  assert.equal(m.json.progress.length, 0);
  assert.equal(m.json.status, 'not_started');

  // the answer is the report as written, not the measure's history
  const r = await req('POST', url, { token: officer, body: good });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.status, 'in_progress');
  assert.equal(r.json.percent, 50);
  assert.equal(r.json.progress, undefined);
  const ev = r.json.evidence[0];
  assert.equal(ev.name, '方案（征求意见稿）.txt');
  const file = await fetch(`${process.env.YW_URL}/api/v1/ledger/evidence/${ev.id}`, { headers: { authorization: `Bearer ${officer}` } });
  assert.equal(file.status, 200);
  assert.equal(Buffer.from(await file.arrayBuffer()).toString(), '征求意见稿 v1');
  assert.match(file.headers.get('content-disposition'), /^attachment; filename\*=UTF-8''%E6%96%B9/);

  const done = await req('POST', url, { token: officer, body: { reported_on: '2022-08-10', status: 'done', percent: 100, text: '已印发实施。' } });
  assert.equal(done.json.status, 'done');
  m = await req('GET', `/api/v1/ledger/measures/${measureId}`, { token: officer });
  assert.equal(m.json.status, 'done');
  assert.equal(m.json.overdue, false);
  assert.deepEqual(m.json.progress.map((p) => p.status), ['done', 'in_progress']);
});

test('a measure carries a measurable target and the values reported against it', async () => {
  const officer = await login('officer');
  const url = `/api/v1/ledger/measures/${measureId}/targets`;
  const target = { name: '企业变更全程网办率', unit: '%', target: '99', due_date: '2022-12-31' };
  assertError(await req('POST', url, { token: officer, body: { ...target, target: '99%' } }), 422, 'invalid', 'target');
  assertError(await req('POST', url, { token: officer, body: { ...target, due_date: '2022-12' } }), 422, 'invalid', 'due_date');
  assertError(await req('POST', url, { token: await login('clerk'), body: target }), 403, 'forbidden');
  const r = await req('POST', url, { token: officer, body: target });
  assert.equal(r.status, 201, r.text);
  assertError(await req('POST', url, { token: officer, body: target }), 409, 'conflict', 'name');
  const id = r.json.targets[0].id;
  for (const [on, value] of [['2022-09-30', '95.5'], ['2022-10-31', '97.25'], ['2022-11-30', '99']])
    assert.equal((await req('POST', `/api/v1/ledger/targets/${id}/values`, { token: officer, body: { measured_on: on, value } })).status, 200);
  // a second value for the same date replaces the first
  await req('POST', `/api/v1/ledger/targets/${id}/values`, { token: officer, body: { measured_on: '2022-10-31', value: '97.5' } });
  assertError(await req('POST', `/api/v1/ledger/targets/${id}/values`, { token: officer, body: { measured_on: '2022-10-31', value: 'high' } }),
    422, 'invalid', 'value');
  assertError(await req('POST', '/api/v1/ledger/targets/nope/values', { token: officer, body: { measured_on: '2022-10-31', value: '1' } }),
    404, 'not_found');
  const m = await req('GET', `/api/v1/ledger/measures/${measureId}`, { token: officer });
  assert.deepEqual(m.json.targets[0].values, [
    { measured_on: '2022-09-30', value: '95.5' }, { measured_on: '2022-10-31', value: '97.5' }, { measured_on: '2022-11-30', value: '99' }]);
  assert.equal(m.json.targets[0].target, '99');
});

test('the monthly dispatch shows the change since last month, as JSON and CSV', async () => {
  const token = await login('supervisor');
  const july = await req('GET', `/api/v1/ledger/dispatch?month=2022-07&plan=${planId}`, { token });
  assert.equal(july.status, 200, july.text);
  assert.equal(july.json.as_of, '2022-07-31');
  assert.equal(july.json.all.total, 118);
  const unitJuly = july.json.units.find((u) => u.unit === '发展环境保障部');
  assert.equal(unitJuly.department, '青岛市市场监督管理局');
  const aug = await req('GET', `/api/v1/ledger/dispatch?month=2022-08&plan=${planId}`, { token });
  const unitAug = aug.json.units.find((u) => u.unit === '发展环境保障部');
  assert.equal(unitAug.now.done, 1);
  assert.equal(unitAug.previous.done, 0);
  assert.equal(aug.json.all.done - aug.json.all_previous.done, 1);
  const sum = (k) => aug.json.all[k];
  assert.equal(sum('done') + sum('in_progress') + sum('not_started') + sum('at_risk') + sum('overdue') + sum('cancelled'), 118);
  const csv = await req('GET', `/api/v1/ledger/dispatch?month=2022-08&plan=${planId}&format=csv`, { token });
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type'), /^text\/csv/);
  assert.ok(csv.text.startsWith('牵头单位,部门,措施总数,已完成'), csv.text.slice(0, 40));
  const raw = await fetch(`${process.env.YW_URL}/api/v1/ledger/dispatch?month=2022-08&format=csv`, { headers: { authorization: `Bearer ${token}` } });
  assert.deepEqual([...Buffer.from(await raw.arrayBuffer()).subarray(0, 3)], [0xef, 0xbb, 0xbf]); // a BOM for spreadsheets
  const line = csv.text.split('\r\n').find((l) => l.startsWith('发展环境保障部,'));
  assert.match(line, /^发展环境保障部,青岛市市场监督管理局,\d+,1,/);
  assert.match(csv.text, /\r\n合计,,118,/);
  const xlsx = await fetch(`${process.env.YW_URL}/api/v1/ledger/dispatch?month=2022-08&plan=${planId}&format=xlsx`,
    { headers: { authorization: `Bearer ${token}` } });
  assert.equal(xlsx.status, 200);
  assert.match(xlsx.headers.get('content-disposition'), /dispatch-2022-08\.xlsx/);
  const rows = readXlsx(Buffer.from(await xlsx.arrayBuffer()));
  assert.equal(rows[0][0], '2022-08 月度调度');
  assert.deepEqual(rows[3].slice(0, 4), ['牵头单位', '部门', '措施总数', '已完成']);
  const unitRow = rows.find((r) => r && r[0] === '发展环境保障部');
  assert.equal(unitRow[1], '青岛市市场监督管理局');
  assert.equal(unitRow[3], 1);
  assert.equal(unitRow[9], 1); // done, change since July
  const total = rows.find((r) => r && r[0] === '合计');
  assert.equal(total[2], 118);
  assertError(await req('GET', '/api/v1/ledger/dispatch?month=2022-13', { token }), 422, 'invalid', 'month');
  assertError(await req('GET', '/api/v1/ledger/dispatch', { token }), 422, 'invalid', 'month');
  assertError(await req('GET', '/api/v1/ledger/dispatch?month=2022-08&format=pdf', { token }), 422, 'invalid', 'format');
  assertError(await req('GET', '/api/v1/ledger/dispatch?month=2022-08', { token: await login('officer') }), 403, 'forbidden');
});

test('the evaluation counts measures on time, late and overdue per unit', async () => {
  const token = await login('supervisor');
  const r = await req('GET', `/api/v1/ledger/evaluation?year=2022&plan=${planId}`, { token });
  assert.equal(r.status, 200, r.text);
  const all = r.json.units.reduce((a, u) => a + u.on_time + u.late + u.overdue + u.open + u.cancelled, 0);
  assert.equal(all, r.json.units.reduce((a, u) => a + u.total, 0));
  assert.ok(r.json.units.some((u) => u.overdue > 0));
  assertError(await req('GET', '/api/v1/ledger/evaluation', { token }), 422, 'invalid', 'year');
});
