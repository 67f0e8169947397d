// The ledger over HTTP on the project's own numbered test plan (tests/data/plans/, 22 measures):
// importing it (preview, then save), mapping an unmatched unit, a unit reporting progress with
// evidence, the monthly dispatch (JSON, CSV, xlsx) and the evaluation, every count exact; bad
// input refused with the field named and nothing changed. The published plans: seeds.test.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { req, login, assertError } from './lib.mjs';
import { readXlsx } from '../xlsx.mjs';
import { readPlan } from '../plans.mjs';

const FILE = 'numbered-with-units.txt';
const body = { filename: FILE, year: 2023, text: readPlan(FILE) };
const TITLE = '青岛市营商环境创新提升2023年行动计划(测试数据)';
const UNIT = '营商环境督查中心'; // unmatched; lead of measures 17 and 20

let planId;
let measureId;
let demoUnits; // the unit names of the demo plan that yiwang demo loads (all matched)
let planUnits; // the unit names of the test plan

test('import: a preview first, then the plan saved; only the task force may', async () => {
  const plansBefore = (await req('GET', '/api/v1/ledger/plans', { token: await login('supervisor') })).json.plans.length;
  assert.equal(plansBefore, 1, 'the demo plan');
  demoUnits = (await req('GET', '/api/v1/ledger/units', { token: await login('supervisor') })).json.units.map((u) => u.name);
  assertError(await req('POST', '/api/v1/ledger/plans', { token: await login('clerk'), body }), 403, 'forbidden');
  const preview = await req('POST', '/api/v1/ledger/plans', { token: await login('supervisor'), body: { ...body, dry_run: true } });
  assert.equal(preview.status, 200, preview.text);
  const p = preview.json;
  assert.equal(p.dry_run, true);
  assert.equal(p.plan_id, null);
  assert.equal(p.title, TITLE);
  assert.deepEqual([p.sections, p.measures, p.deadlines, p.units, p.units_matched, p.units_unmatched], [10, 22, 14, 21, 19, 2]);
  assert.deepEqual(p.unmatched_units, ['企业服务专员办公室', UNIT]);
  assert.deepEqual(p.annex_units, []);
  assert.equal(p.unplaced.length, 5);
  assert.equal(p.lines_not_placed, 5);
  assert.deepEqual(p.documents, [{ plan_id: null, title: TITLE, measures: 22, lines_not_placed: 5 }]);
  assert.equal(p.preview.length, 22);
  assert.deepEqual(p.preview.map((m) => m.number), Array.from({ length: 22 }, (_, i) => i + 1));
  assert.deepEqual(p.preview[0], {
    section: '(一)市场准入与退出领域', number: 1, title: '压缩企业开办时间',
    lead_units: ['市市场监管局'], responsible_units: ['市税务局', '市公安局'], deadlines: ['2023-04-30'],
  });
  // the field's lead unit for a measure that names none; each deadline form
  assert.deepEqual(p.preview[1].lead_units, ['市市场监管局']);
  assert.deepEqual(p.preview[5].deadlines, ['2023-05-20']);
  assert.deepEqual(p.preview[14].deadlines, ['2023-03-31', '2023-12-31']);
  assert.deepEqual(p.preview[17].deadlines, ['2024-06-30']);
  assert.deepEqual(p.preview[20].deadlines, ['2024-12-31']);
  assert.equal(p.preview.reduce((n, m) => n + m.deadlines.length, 0), 14);
  planUnits = new Set(p.preview.flatMap((m) => [...m.lead_units, ...m.responsible_units]));
  const plans = await req('GET', '/api/v1/ledger/plans', { token: await login('supervisor') });
  assert.equal(plans.json.plans.length, plansBefore, 'a preview saves nothing');
  const saved = await req('POST', '/api/v1/ledger/plans', { token: await login('supervisor'), body });
  assert.equal(saved.status, 201, saved.text);
  planId = saved.json.plan_id;
  assert.match(planId, /^[0-9A-Z]{26}$/);
  assert.equal(saved.json.title, TITLE);
  assert.equal(saved.json.measures, 22);
});

test('a notice printing two plans is previewed as two plans, each with its measures', async () => {
  const two = { filename: 'two-documents.txt', year: 2025, text: readPlan('two-documents.txt'), dry_run: true };
  const res = await req('POST', '/api/v1/ledger/plans', { token: await login('supervisor'), body: two });
  assert.equal(res.status, 200, res.text);
  assert.deepEqual(res.json.documents, [
    { plan_id: null, title: '某市优化营商环境行动计划', measures: 3, lines_not_placed: 8 },
    { plan_id: null, title: '某市政务服务提升方案', measures: 2, lines_not_placed: 3 },
  ]);
  assert.equal(res.json.measures, 5);
  assert.equal(res.json.preview.length, 5);
  assert.equal(res.json.lines_not_placed, 11);
  assert.equal(res.json.unplaced.length, 11);
});

test('bad plans are refused naming the field, and change nothing', async () => {
  const token = await login('supervisor');
  assertError(await req('POST', '/api/v1/ledger/plans', { token, body: { ...body, year: 1999 } }), 422, 'invalid', 'year');
  assertError(await req('POST', '/api/v1/ledger/plans', { token, body: { ...body, text: '' } }), 422, 'invalid', 'text');
  const none = assertError(await req('POST', '/api/v1/ledger/plans', { token, body: { ...body, text: '没有措施的一段话。' } }), 422, 'invalid', 'text');
  assert.equal(none.reason, 'plan_no_measures');
  assert.match(none.message, /没有找到任何措施/);
  assertError(await req('POST', '/api/v1/ledger/plans', { token, body: { ...body, text: 'a\u0000b' } }), 400, 'bad_request');
  assertError(await req('POST', '/api/v1/ledger/plans', { token, body: { ...body, year: '2023' } }), 422, 'invalid', 'year');
  const plans = await req('GET', '/api/v1/ledger/plans', { token });
  assert.deepEqual(plans.json.plans.map((p) => [p.id, p.measures]).filter(([id]) => id === planId), [[planId, 22]]);
  assert.equal(plans.json.plans.length, 2, 'the demo plan and this one');
});

test('an unmatched unit is mapped once and its measures follow', async () => {
  const token = await login('supervisor');
  let units = await req('GET', '/api/v1/ledger/units?unmatched=1', { token });
  assert.deepEqual(units.json.units.map((u) => [u.name, u.measures, u.department]),
    [['企业服务专员办公室', 1, null], [UNIT, 2, null]]);
  assertError(await req('POST', '/api/v1/ledger/unit-map', { token, body: { unit: UNIT, department: '不存在局' } }),
    404, 'not_found', 'department');
  assertError(await req('POST', '/api/v1/ledger/unit-map', { token: await login('officer'), body: { unit: UNIT, department: 'QD-SCJG' } }),
    403, 'forbidden');
  const r = await req('POST', '/api/v1/ledger/unit-map', { token, body: { unit: UNIT, department: '市市场监管局' } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.applied, 2);
  units = await req('GET', '/api/v1/ledger/units', { token });
  assert.equal(planUnits.size, 21);
  assert.equal(units.json.units.length, new Set([...demoUnits, ...planUnits]).size);
  assert.equal(units.json.units.find((x) => x.name === UNIT).department, '青岛市市场监督管理局');
  assert.equal(units.json.units.find((x) => x.name === '市卫健委').department, '青岛市卫生健康委员会'); // by alias
  units = await req('GET', '/api/v1/ledger/units?unmatched=1', { token });
  assert.deepEqual(units.json.units.map((u) => u.name), ['企业服务专员办公室']);
});

test('the ledger filters by unit, status and section; "mine" is the officer\'s department', async () => {
  const token = await login('supervisor');
  const list = async (q, t = token) => (await req('GET', `/api/v1/ledger/measures?plan=${planId}&limit=1000&${q}`, { token: t })).json;
  const numbers = (r) => r.measures.map((m) => m.number);
  const all = await list('');
  assert.equal(all.total, 22);
  assert.equal(all.measures[0].plan_title, TITLE);
  // 市税务局: responsible for 1 and 2, lead of 9, and of 13 as its field's lead
  const byUnit = await list(`unit=${encodeURIComponent('市税务局')}`);
  assert.deepEqual(numbers(byUnit), [1, 2, 9, 13]);
  const bySection = await list(`section=${encodeURIComponent('(三)涉税与社保服务领域')}`);
  assert.deepEqual(numbers(bySection), [9, 10, 11, 12, 13]);
  // every dated measure is long past due and nothing is done: overdue, in working days
  const overdue = await list('status=overdue');
  assert.deepEqual(numbers(overdue), [1, 3, 6, 7, 9, 11, 12, 14, 15, 18, 20, 21, 22]);
  assert.ok(overdue.measures.every((m) => m.overdue && m.overdue_working_days >= 470), 'due 2024-12-31 at the latest');
  assert.equal((await list('status=not_started')).total, 22);
  assertError(await req('GET', '/api/v1/ledger/measures?status=sleeping', { token }), 422, 'invalid', 'status');
  // the officer's department is 市市场监管局: its own measures, its field's, and those of the unit mapped to it
  const mine = await list('mine=1', await login('officer'));
  assert.deepEqual(numbers(mine), [1, 2, 3, 4, 17, 19, 20, 21]);
  measureId = mine.measures.find((m) => m.number === 20).id;
  assert.deepEqual(mine.measures.find((m) => m.number === 20).lead_units, [UNIT]);
  assertError(await req('GET', '/api/v1/ledger/measures', { token: await login('370202199003071233') }), 403, 'forbidden');
});

test('a unit reports progress with evidence; bad reports change nothing', async () => {
  const officer = await login('officer');
  const url = `/api/v1/ledger/measures/${measureId}/progress`;
  const good = { reported_on: '2023-07-15', status: 'in_progress', percent: 50, text: '信用修复指引已起草，正在征求意见。',
    evidence: [{ name: '指引（征求意见稿）.txt', content_base64: Buffer.from('征求意见稿 v1').toString('base64') }] };
  assertError(await req('POST', url, { token: officer, body: { ...good, percent: 101 } }), 422, 'invalid', 'percent');
  assertError(await req('POST', url, { token: officer, body: { ...good, status: 'done' } }), 422, 'invalid', 'percent');
  assertError(await req('POST', url, { token: officer, body: { ...good, reported_on: '2023/07/15' } }), 422, 'invalid', 'reported_on');
  assertError(await req('POST', url, { token: officer, body: { ...good, reported_on: '2099-01-01' } }), 422, 'invalid', 'reported_on');
  assertError(await req('POST', url, { token: officer, body: { ...good, text: '' } }), 422, 'invalid', 'text');
  assert.equal(assertError(await req('POST', url, { token: officer, body: { ...good, evidence: [{ name: 'a.txt', content_base64: '***' }] } }),
    422, 'invalid', '/evidence/0/content_base64').reason, 'evidence_not_base64');
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
  assert.equal(m.json.due_date, '2023-11-30');

  // the answer is the report as written, not the measure's history
  const r = await req('POST', url, { token: officer, body: good });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.status, 'in_progress');
  assert.equal(r.json.percent, 50);
  assert.equal(r.json.progress, undefined);
  const ev = r.json.evidence[0];
  assert.equal(ev.name, '指引（征求意见稿）.txt');
  const file = await fetch(`${process.env.YW_URL}/api/v1/ledger/evidence/${ev.id}`, { headers: { authorization: `Bearer ${officer}` } });
  assert.equal(file.status, 200);
  assert.equal(Buffer.from(await file.arrayBuffer()).toString(), '征求意见稿 v1');
  assert.match(file.headers.get('content-disposition'), /^attachment; filename\*=UTF-8''%E6%8C%87/);

  const done = await req('POST', url, { token: officer, body: { reported_on: '2023-08-10', status: 'done', percent: 100, text: '指引已印发实施。' } });
  assert.equal(done.json.status, 'done');
  m = await req('GET', `/api/v1/ledger/measures/${measureId}`, { token: officer });
  assert.equal(m.json.status, 'done');
  assert.equal(m.json.overdue, false);
  assert.deepEqual(m.json.progress.map((p) => p.status), ['done', 'in_progress']);
});


test('a measure carries a measurable target and the values reported against it', async () => {
  const officer = await login('officer');
  const url = `/api/v1/ledger/measures/${measureId}/targets`;
  const target = { name: '信用修复办结率', unit: '%', target: '98', due_date: '2023-12-31' };
  assert.equal(assertError(await req('POST', url, { token: officer, body: { ...target, target: '98%' } }), 422, 'invalid', 'target').reason,
    'field_decimal');
  assert.equal(assertError(await req('POST', url, { token: officer, body: { ...target, due_date: '2023-12' } }), 422, 'invalid', 'due_date').reason,
    'date_format');
  const late = assertError(await req('POST', url, { token: officer, body: { ...target, due_date: '2101-01-01' } }), 422, 'invalid', 'due_date');
  assert.equal(late.reason, 'date_years');
  assert.equal(late.message, 'due_date 应在2000年至2100年之间');
  assertError(await req('POST', url, { token: await login('clerk'), body: target }), 403, 'forbidden');
  const r = await req('POST', url, { token: officer, body: target });
  assert.equal(r.status, 201, r.text);
  const taken = assertError(await req('POST', url, { token: officer, body: target }), 409, 'conflict', 'name');
  assert.equal(taken.reason, 'target_exists');
  assert.equal(taken.message, '该措施已有名为“信用修复办结率”的指标');
  const id = r.json.targets[0].id;
  for (const [on, value] of [['2023-09-30', '92.5'], ['2023-10-31', '95.25'], ['2023-11-30', '98']])
    assert.equal((await req('POST', `/api/v1/ledger/targets/${id}/values`, { token: officer, body: { measured_on: on, value } })).status, 200);
  // a second value for the same date replaces the first
  await req('POST', `/api/v1/ledger/targets/${id}/values`, { token: officer, body: { measured_on: '2023-10-31', value: '96' } });
  assertError(await req('POST', `/api/v1/ledger/targets/${id}/values`, { token: officer, body: { measured_on: '2023-10-31', value: 'high' } }),
    422, 'invalid', 'value');
  assert.equal(assertError(await req('POST', '/api/v1/ledger/targets/nope/values', { token: officer, body: { measured_on: '2023-10-31', value: '1' } }),
    404, 'not_found').reason, 'target_not_found');
  assert.equal(assertError(await req('POST', `/api/v1/ledger/targets/${id}/values`, { token: officer, body: { measured_on: '2099-01-01', value: '1' } }),
    422, 'invalid', 'measured_on').reason, 'date_in_future');
  const m = await req('GET', `/api/v1/ledger/measures/${measureId}`, { token: officer });
  assert.deepEqual(m.json.targets[0].values, [
    { measured_on: '2023-09-30', value: '92.5' }, { measured_on: '2023-10-31', value: '96' }, { measured_on: '2023-11-30', value: '98' }]);
  assert.equal(m.json.targets[0].target, '98');
});

test('the monthly dispatch shows the change since last month, as JSON, CSV and xlsx', async () => {
  const token = await login('supervisor');
  const counts = (c) => [c.total, c.done, c.in_progress, c.not_started, c.at_risk, c.overdue, c.cancelled];
  const july = await req('GET', `/api/v1/ledger/dispatch?month=2023-07&plan=${planId}`, { token });
  assert.equal(july.status, 200, july.text);
  assert.equal(july.json.as_of, '2023-07-31');
  // on 07-31: measure 20 in progress; 1, 3, 6 and 11 past due
  assert.deepEqual(counts(july.json.all), [22, 0, 1, 17, 0, 4, 0]);
  const unitJuly = july.json.units.find((u) => u.unit === UNIT);
  assert.equal(unitJuly.department, '青岛市市场监督管理局');
  assert.deepEqual(counts(unitJuly.now), [2, 0, 1, 1, 0, 0, 0]);
  const aug = await req('GET', `/api/v1/ledger/dispatch?month=2023-08&plan=${planId}`, { token });
  // on 08-31: measure 20 done; 12 (due 08-31) within ten working days, so at risk
  assert.deepEqual(counts(aug.json.all), [22, 1, 0, 16, 1, 4, 0]);
  assert.deepEqual(counts(aug.json.all_previous), counts(july.json.all));
  const unitAug = aug.json.units.find((u) => u.unit === UNIT);
  assert.deepEqual(counts(unitAug.now), [2, 1, 0, 1, 0, 0, 0]);
  assert.deepEqual(counts(unitAug.previous), [2, 0, 1, 1, 0, 0, 0]);
  // one row per lead unit: 12 names lead a measure, the fields' leads included
  assert.equal(aug.json.units.length, 12);
  assert.deepEqual(counts(aug.json.units.find((u) => u.unit === '市市场监管局').now), [6, 0, 0, 4, 0, 2, 0]);

  const csv = await req('GET', `/api/v1/ledger/dispatch?month=2023-08&plan=${planId}&format=csv`, { token });
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type'), /^text\/csv/);
  const lines = csv.text.replace(/^\uFEFF/, '').split('\r\n');
  assert.equal(lines[0], '牵头单位,部门,措施总数,已完成,推进中,未启动,临期,逾期,已取消,完成较上月,临期较上月,逾期较上月');
  assert.ok(lines.includes(`${UNIT},青岛市市场监督管理局,2,1,0,1,0,0,0,+1,+0,+0`), csv.text);
  assert.ok(!lines.some((l) => l.startsWith('企业服务专员办公室,')), 'a unit that leads nothing has no row');
  assert.equal(lines.at(-2), '合计,,22,1,0,16,1,4,0,+1,+1,+0');
  assert.equal(lines.length, 1 + 12 + 1 + 1); // header, units, total, and the empty string after the last CRLF
  const raw = await fetch(`${process.env.YW_URL}/api/v1/ledger/dispatch?month=2023-08&format=csv`, { headers: { authorization: `Bearer ${token}` } });
  assert.deepEqual([...Buffer.from(await raw.arrayBuffer()).subarray(0, 3)], [0xef, 0xbb, 0xbf]); // a BOM for spreadsheets

  const xlsx = await fetch(`${process.env.YW_URL}/api/v1/ledger/dispatch?month=2023-08&plan=${planId}&format=xlsx`,
    { headers: { authorization: `Bearer ${token}` } });
  assert.equal(xlsx.status, 200);
  assert.match(xlsx.headers.get('content-disposition'), /dispatch-2023-08\.xlsx/);
  const rows = readXlsx(Buffer.from(await xlsx.arrayBuffer()));
  assert.equal(rows[0][0], '2023-08 月度调度');
  assert.deepEqual(rows[3].slice(0, 4), ['牵头单位', '部门', '措施总数', '已完成']);
  const unitRow = rows.find((r) => r && r[0] === UNIT);
  assert.deepEqual(unitRow.slice(0, 10), [UNIT, '青岛市市场监督管理局', 2, 1, 0, 1, 0, 0, 0, 1]);
  assert.deepEqual(rows.find((r) => r && r[0] === '合计').slice(2, 9), [22, 1, 0, 16, 1, 4, 0]);

  const month = assertError(await req('GET', '/api/v1/ledger/dispatch?month=2023-13', { token }), 422, 'invalid', 'month');
  assert.equal(month.reason, 'field_format');
  assert.equal(month.message, 'month 应为YYYY-MM格式的月份');
  assertError(await req('GET', '/api/v1/ledger/dispatch', { token }), 422, 'invalid', 'month');
  assertError(await req('GET', '/api/v1/ledger/dispatch?month=2023-08&format=pdf', { token }), 422, 'invalid', 'format');
  assertError(await req('GET', '/api/v1/ledger/dispatch?month=2023-08', { token: await login('officer') }), 403, 'forbidden');
});

test('the evaluation counts measures on time, late and overdue per unit', async () => {
  const token = await login('supervisor');
  const r = await req('GET', `/api/v1/ledger/evaluation?year=2023&plan=${planId}`, { token });
  assert.equal(r.status, 200, r.text);
  // lead units of the measures due in 2023 (18 and 21 are due in 2024; 2, 4, 5 … have no deadline)
  const row = (u) => { const x = r.json.units.find((y) => y.unit === u); return [x.total, x.on_time, x.late, x.overdue, x.open, x.cancelled]; };
  assert.equal(r.json.units.length, 10);
  assert.deepEqual(row(UNIT), [1, 1, 0, 0, 0, 0]);
  assert.deepEqual(row('市市场监管局'), [2, 0, 0, 2, 0, 0]);
  assert.deepEqual(row('市住建局'), [2, 0, 0, 2, 0, 0]);
  assert.deepEqual(row('市大数据局'), [1, 0, 0, 1, 0, 0]);
  const sum = (k) => r.json.units.reduce((a, u) => a + u[k], 0);
  assert.deepEqual([sum('total'), sum('on_time'), sum('overdue')], [12, 1, 11]);
  assertError(await req('GET', '/api/v1/ledger/evaluation', { token }), 422, 'invalid', 'year');
});

test('the task force returns a report, urges and cancels a measure; the unit sees each', async () => {
  const [officer, token] = [await login('officer'), await login('supervisor')];
  const list = async (q, t = token) => (await req('GET', `/api/v1/ledger/measures?plan=${planId}&limit=1000&${q}`, { token: t })).json;
  const one = (await list('mine=1', officer)).measures.find((m) => m.number === 1);
  const url = `/api/v1/ledger/measures/${one.id}`;
  for (const [on, percent] of [['2023-06-01', 30], ['2023-06-15', 50]])
    assert.equal((await req('POST', `${url}/progress`, { token: officer,
      body: { reported_on: on, status: 'in_progress', percent, text: `推进${percent}%` } })).status, 201);
  const latest = (await req('GET', url, { token })).json.progress[0];
  assert.equal(latest.percent, 50);
  const back = `/api/v1/ledger/progress/${latest.id}/return`;

  // only supervisors and admins; a reason is required, in the page's language
  assert.equal(assertError(await req('POST', back, { token: officer, body: { reason: '材料不全' } }), 403, 'forbidden').reason,
    'role_required');
  const missing = assertError(await req('POST', back, { token, body: {} }), 422, 'invalid', 'reason');
  assert.equal(missing.reason, 'supervision_text_required');
  assert.equal(missing.message, '请填写退回原因');
  assert.equal(assertError(await req('POST', back, { token, body: { reason: '  ' }, headers: { 'accept-language': 'en' } }),
    422, 'invalid', 'reason').message, 'a reason is required');
  assertError(await req('POST', back, { token, body: { reason: 'x'.repeat(1001) } }), 422, 'invalid', 'reason');

  // returned once, whatever the retries of one request
  const key = { 'idempotency-key': 'return-1-' + latest.id };
  const returned = await req('POST', back, { token, body: { reason: '佐证材料不全，请补充后重报' }, headers: key });
  assert.equal(returned.status, 200, returned.text);
  assert.deepEqual([returned.json.id, returned.json.returned, returned.json.return_reason, returned.json.returned_by],
    [latest.id, true, '佐证材料不全，请补充后重报', '督查专班 刘洋']);
  const replay = await req('POST', back, { token, body: { reason: '佐证材料不全，请补充后重报' }, headers: key });
  assert.equal(replay.status, 200);
  assert.equal(replay.headers.get('idempotent-replayed'), 'true');
  const twice = assertError(await req('POST', back, { token, body: { reason: '再退一次' } }), 409, 'conflict', 'id');
  assert.equal(twice.reason, 'progress_returned');
  let m = (await req('GET', url, { token: officer })).json;
  assert.deepEqual([m.status, m.percent, m.last_report, m.returned_reason], ['in_progress', 30, '2023-06-01', '佐证材料不全，请补充后重报']);
  assert.deepEqual(m.progress.map((p) => [p.percent, p.returned]), [[50, true], [30, false]]);
  assert.equal((await list('mine=1', officer)).measures.find((x) => x.id === one.id).returned_reason, '佐证材料不全，请补充后重报');

  // urged: each urging kept; the unit's list shows the latest and a count
  assert.equal(assertError(await req('POST', `${url}/urge`, { token, body: { note: '' } }), 422, 'invalid', 'note').message,
    '请填写催办事项');
  assertError(await req('POST', `${url}/urge`, { token: officer, body: { note: '请加快' } }), 403, 'forbidden');
  for (const note of ['请于本周内补报', '请加快推进'])
    assert.equal((await req('POST', `${url}/urge`, { token, body: { note } })).status, 201);
  const mine = (await list('mine=1', officer)).measures.find((x) => x.id === one.id);
  assert.deepEqual([mine.urgings, mine.last_urging], [2, '请加快推进']);
  m = (await req('GET', url, { token: officer })).json;
  assert.deepEqual(m.urging_list.map((u) => [u.note, u.urged_by]), [['请加快推进', '督查专班 刘洋'], ['请于本周内补报', '督查专班 刘洋']]);

  // 完成率 of the plan: measure 20 done of 22; cancelled, measure 1 leaves it and counts as 已取消
  assert.deepEqual((await list('')).completion, { measures: 22, cancelled: 0, done: 1, rate: 5 });
  assertError(await req('POST', `${url}/cancel`, { token, body: {} }), 422, 'invalid', 'reason');
  assertError(await req('POST', `${url}/cancel`, { token: officer, body: { reason: '并入其他措施' } }), 403, 'forbidden');
  const cancelled = await req('POST', `${url}/cancel`, { token, body: { reason: '已并入第2项措施' } });
  assert.equal(cancelled.status, 200, cancelled.text);
  assert.deepEqual([cancelled.json.status, cancelled.json.cancel_reason, cancelled.json.cancelled_by],
    ['cancelled', '已并入第2项措施', '督查专班 刘洋']);
  assert.equal(assertError(await req('POST', `${url}/cancel`, { token, body: { reason: '再取消' } }), 409, 'conflict').reason,
    'measure_cancelled');
  assert.equal(assertError(await req('POST', `${url}/progress`, { token: officer,
    body: { reported_on: '2023-07-01', status: 'in_progress', percent: 60, text: '继续' } }), 409, 'conflict').reason, 'measure_cancelled');
  assert.deepEqual((await list('')).completion, { measures: 22, cancelled: 1, done: 1, rate: 5 });
  assert.equal((await list('status=cancelled')).total, 1);

  // the month's dispatch counts it as cancelled, and its page and workbook agree on 措施总数 and 已取消
  const month = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 7); // Asia/Shanghai
  const json = (await req('GET', `/api/v1/ledger/dispatch?month=${month}&plan=${planId}`, { token })).json;
  assert.deepEqual([json.all.total, json.all.cancelled], [22, 1]);
  const xlsx = await fetch(`${process.env.YW_URL}/api/v1/ledger/dispatch?month=${month}&plan=${planId}&format=xlsx`,
    { headers: { authorization: `Bearer ${token}` } });
  const total = readXlsx(Buffer.from(await xlsx.arrayBuffer())).find((r) => r && r[0] === '合计');
  assert.deepEqual([total[2], total[8]], [json.all.total, json.all.cancelled]);
  // each action is in the audit chain
  const audit = await req('GET', `/api/v1/audit?object_type=ledger_measure&object_id=${one.id}`, { token: await login('admin') });
  assert.equal(audit.status, 200, audit.text);
  const actions = audit.json.entries.map((e) => e.action);
  assert.deepEqual(['ledger.progress_return', 'ledger.urge', 'ledger.cancel'].map((a) => actions.filter((x) => x === a).length), [1, 2, 1]);
});

// The stated limit is what the server takes: ten files of 512 KiB each, as base64 in one report
// (far over the 1 MiB of other JSON bodies); an eleventh file, or a larger one, is refused by name.
test('a report with ten evidence files of 512 KiB each is taken whole', async () => {
  const officer = await login('officer');
  // the department's last measure, which the tests above leave alone
  const all = await req('GET', '/api/v1/ledger/measures?mine=true&limit=1', { token: officer });
  assert.equal(all.status, 200, all.text);
  assert.ok(all.json.total > 0);
  const list = await req('GET', `/api/v1/ledger/measures?mine=true&limit=1&offset=${all.json.total - 1}`, { token: officer });
  const url = `/api/v1/ledger/measures/${list.json.measures[0].id}/progress`;
  const file = (i) => ({ name: `佐证${i}.pdf`, content_base64: Buffer.alloc(512 * 1024, i).toString('base64') });
  const body = { reported_on: '2026-03-02', status: 'in_progress', percent: 30, text: '十份佐证材料',
    evidence: Array.from({ length: 10 }, (_, i) => file(i)) };
  const r = await req('POST', url, { token: officer, body });
  assert.ok(r.status === 200 || r.status === 201, r.text.slice(0, 300));
  const eleven = await req('POST', url, { token: officer, body: { ...body, evidence: [...body.evidence, file(10)] } });
  assertError(eleven, 422, 'invalid', 'evidence');
  const big = { name: '大.pdf', content_base64: Buffer.alloc(512 * 1024 + 1).toString('base64') };
  const tooBig = await req('POST', url, { token: officer, body: { ...body, evidence: [big] } });
  assert.equal(tooBig.status, 422, tooBig.text.slice(0, 300));
});

// Issue 7: the same plan imported again is a conflict naming the plan; replacing it keeps the
// measures whose text did not change with their reports and urgings, takes the new text of a
// measure whose title stayed, adds the new and cancels the ones gone; a plan withdrawn leaves the
// lists and the reports that do not name it. Bad input changes nothing.
test('a plan imported again is replaced, keeping progress; a plan is withdrawn with a reason', async () => {
  const token = await login('supervisor');
  const plan = async () => (await req('GET', '/api/v1/ledger/plans', { token })).json.plans.find((p) => p.id === planId);
  const before = await plan();
  assert.equal(before.state, 'active');
  assert.equal(before.measures, 22);
  assert.deepEqual(before.counts, { not_started: 19, in_progress: 1, done: 1, cancelled: 1 }, JSON.stringify(before));

  // the same document again: a dry run names the plan, saving it is a conflict
  const dry = await req('POST', '/api/v1/ledger/plans', { token, body: { ...body, dry_run: true } });
  assert.equal(dry.json.existing_plan_id, planId);
  const again = assertError(await req('POST', '/api/v1/ledger/plans', { token, body }), 409, 'conflict', 'replace');
  assert.equal(again.reason, 'plan_exists');
  assert.ok(again.message.includes(planId), again.message);
  assert.equal((await plan()).measures, 22, 'the conflict changed nothing');

  // the revised text: 21 gives way to a new measure, 22 is reworded under the same title
  const revised = body.text
    .replace(/21\.开展跨部门联合抽查。[^\n]*/, '21.推行“综合查一次”。同一场景的检查事项一次完成,年底前覆盖10个行业。〔牵头单位:市市场监管局〕')
    .replace('建立检查计划报备制度,未经报备不得开展入企检查。', '建立年度检查计划公示制度,未列入计划的不得开展入企检查。');
  const withdrawnTitle = '某市废止计划(测试数据)';
  const replace = { filename: 'revised.txt', year: 2023, text: revised, replace: planId };
  const preview = await req('POST', '/api/v1/ledger/plans', { token, body: { ...replace, dry_run: true } });
  assert.equal(preview.status, 200, preview.text);
  assert.deepEqual([preview.json.kept, preview.json.changed, preview.json.added, preview.json.removed], [20, 1, 1, 1]);
  assert.equal((await plan()).measures, 22, 'a preview of a replacement saves nothing');
  assertError(await req('POST', '/api/v1/ledger/plans', { token: await login('officer'), body: replace }), 403, 'forbidden');
  assert.equal(assertError(await req('POST', '/api/v1/ledger/plans', { token, body: { ...replace, replace: '01ZZZZZZZZZZZZZZZZZZZZZZZZ' } }),
    404, 'not_found', 'replace').reason, 'plan_not_found');
  const two = { filename: 'two.txt', year: 2025, text: readPlan('two-documents.txt'), replace: planId };
  assert.equal(assertError(await req('POST', '/api/v1/ledger/plans', { token, body: two }), 422, 'invalid', 'replace').reason,
    'plan_replace_documents');
  const keyed = { 'idempotency-key': `replace-${planId}` };
  const r = await req('POST', '/api/v1/ledger/plans', { token, body: replace, headers: keyed });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual([r.json.plan_id, r.json.replaced, r.json.kept, r.json.changed, r.json.added, r.json.removed],
    [planId, true, 20, 1, 1, 1]);
  const once = await req('POST', '/api/v1/ledger/plans', { token, body: replace, headers: keyed });
  assert.equal(once.text, r.text, 'the same key answers the same, replacing once');

  const measures = (await req('GET', `/api/v1/ledger/measures?plan=${planId}&limit=1000`, { token })).json;
  assert.equal(measures.total, 23, '22 in the new text and the one gone, cancelled');
  const byNumber = (n, t) => measures.measures.find((m) => m.number === n && (!t || m.title === t));
  // measure 20 kept its report (the tests above reported on it) and its row
  const kept = byNumber(20);
  assert.equal(kept.id, measureId);
  const detail = (await req('GET', `/api/v1/ledger/measures/${measureId}`, { token })).json;
  assert.ok(detail.progress.length > 0, 'its reports stayed');
  const gone = byNumber(21, '开展跨部门联合抽查');
  assert.equal(gone.status, 'cancelled');
  assert.match(gone.cancel_reason, /替换/);
  assert.equal(byNumber(21, '推行“综合查一次”').status, 'not_started');
  const changed = (await req('GET', `/api/v1/ledger/measures/${byNumber(22).id}`, { token })).json;
  assert.match(changed.text, /年度检查计划公示制度/);
  const after = await plan();
  assert.ok(after.replaced_at);
  assert.equal(after.measures, 23);

  // withdrawing: a reason, the task force only, once; the measures leave the default list
  const other = await req('POST', '/api/v1/ledger/plans', { token, body: { filename: 'x.txt', year: 2023,
    text: revised.replace('青岛市营商环境创新提升2023年行动计划(测试数据)', withdrawnTitle) } });
  assert.equal(other.status, 201, other.text);
  const otherId = other.json.plan_id;
  const url = `/api/v1/ledger/plans/${otherId}/withdraw`;
  const allBefore = (await req('GET', '/api/v1/ledger/measures?limit=1', { token })).json.total;
  assert.equal(assertError(await req('POST', url, { token, body: { reason: '  ' } }), 422, 'invalid', 'reason').reason,
    'supervision_text_required');
  assert.equal(assertError(await req('POST', url, { token, body: {} }), 422, 'invalid', 'reason').reason,
    'supervision_text_required');
  assertError(await req('POST', '/api/v1/ledger/plans/01ZZZZZZZZZZZZZZZZZZZZZZZZ/withdraw', { token, body: { reason: '撤回' } }),
    404, 'not_found', 'id');
  assert.equal((await plan()).state, 'active', 'refused withdrawals changed nothing');
  assertError(await req('POST', url, { token: await login('officer'), body: { reason: '重复导入' } }), 403, 'forbidden');
  const w = await req('POST', url, { token, body: { reason: '重复导入，撤回' } });
  assert.equal(w.status, 200, w.text);
  assert.deepEqual([w.json.state, w.json.withdraw_reason, w.json.withdrawn_by], ['withdrawn', '重复导入，撤回', '督查专班 刘洋']);
  assert.equal(assertError(await req('POST', url, { token, body: { reason: '再撤回' } }), 409, 'conflict', 'id').reason,
    'plan_withdrawn');
  assert.equal(assertError(await req('POST', '/api/v1/ledger/plans', { token, body: { ...replace, replace: otherId } }),
    409, 'conflict', 'replace').reason, 'plan_withdrawn');
  assert.equal((await req('GET', '/api/v1/ledger/measures?limit=1', { token })).json.total, allBefore - 22);
  assert.equal((await req('GET', `/api/v1/ledger/measures?plan=${otherId}&limit=1`, { token })).json.total, 22,
    'named, its measures are still there');
  const listed = (await req('GET', '/api/v1/ledger/plans', { token })).json.plans.find((p) => p.id === otherId);
  assert.equal(listed.state, 'withdrawn');
  // its title is free again: importing it anew is no conflict
  const anew = await req('POST', '/api/v1/ledger/plans', { token, body: { filename: 'x.txt', year: 2023,
    text: revised.replace('青岛市营商环境创新提升2023年行动计划(测试数据)', withdrawnTitle), dry_run: true } });
  assert.equal(anew.json.existing_plan_id, null);
  const audit = await req('GET', `/api/v1/audit?object_type=ledger_plan&object_id=${otherId}`, { token: await login('admin') });
  assert.deepEqual(audit.json.entries.map((e) => e.action).sort(), ['ledger.import', 'ledger.withdraw']);
  const replaced = await req('GET', `/api/v1/audit?object_type=ledger_plan&object_id=${planId}`, { token: await login('admin') });
  assert.equal(replaced.json.entries.filter((e) => e.action === 'ledger.replace').length, 1);
});
