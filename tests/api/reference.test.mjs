// Reference data and the working-day calendar over HTTP, with bad dates.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { req, assertError, DEMO_ENTERPRISE } from './lib.mjs';

test('working days: due dates, counts and days across holidays', async () => {
  let r = await req('GET', '/api/v1/calendar/add?from=2024-02-08&days=3');
  assert.equal(r.status, 200);
  assert.equal(r.json.due, '2024-02-19');
  r = await req('GET', '/api/v1/calendar/add?from=2024-09-27&days=3');
  assert.equal(r.json.due, '2024-10-08');
  r = await req('GET', '/api/v1/calendar/count?from=2025-01-27&to=2025-02-07');
  assert.equal(r.json.working_days, 3);
  r = await req('GET', '/api/v1/calendar/days/2024-02-18');
  assert.equal(r.json.working_day, true); // a make-up Sunday
  r = await req('GET', '/api/v1/calendar/days/2024-10-03');
  assert.equal(r.json.working_day, false);
});

test('a date in the wrong format names the parameter; past the calendar is out_of_range', async () => {
  const e = assertError(await req('GET', '/api/v1/calendar/add?from=2024/02/08&days=3'), 422, 'invalid', 'from');
  assert.match(e.message, /YYYY-MM-DD/);
  assert.equal(e.reason, 'date_format');
  assertError(await req('GET', '/api/v1/calendar/add?from=2024-02-30&days=3'), 422, 'invalid', 'from');
  assertError(await req('GET', '/api/v1/calendar/add?from=2024-02-08'), 422, 'invalid', 'days');
  assertError(await req('GET', '/api/v1/calendar/add?from=2024-02-08&days=ten'), 422, 'invalid', 'days');
  assertError(await req('GET', '/api/v1/calendar/days/tomorrow'), 422, 'invalid', 'date');
  const r = assertError(await req('GET', '/api/v1/calendar/add?from=2026-12-20&days=30'), 422, 'out_of_range');
  assert.match(r.message, /2026-12-31/);
});

test('regions and industries', async () => {
  const r = await req('GET', '/api/v1/regions?parent=370200');
  assert.equal(r.json.regions.length, 10);
  assert.ok(r.json.regions.some((x) => x.code === '370202' && x.name === '市南区'));
  const i = await req('GET', '/api/v1/industries');
  assert.equal(i.json.industries.length, 117);
  assert.ok(i.json.industries.some((x) => x.code === '65' && x.section === 'I'));
});

test('validators for USCC and ID numbers', async () => {
  assert.equal((await req('GET', `/api/v1/validate/uscc/${DEMO_ENTERPRISE}`)).json.valid, true);
  assertError(await req('GET', '/api/v1/validate/uscc/91350100M000100Y44'), 422, 'invalid', 'uscc');
  assertError(await req('GET', '/api/v1/validate/id-number/110105194912310021'), 422, 'invalid', 'id_number');
  assert.equal((await req('GET', '/api/v1/validate/id-number/11010519491231002X')).json.valid, true);
});

test('departments are public, found by code or alias', async () => {
  const r = await req('GET', '/api/v1/departments');
  assert.ok(r.json.departments.length >= 30);
  const names = r.json.departments.map((d) => d.name);
  for (const n of ['青岛市行政审批服务局', '青岛市市场监督管理局', '国家税务总局青岛市税务局', '青岛市人力资源和社会保障局',
    '青岛市公安局', '青岛市住房和城乡建设局', '青岛市自然资源和规划局', '青岛市生态环境局', '青岛市民营经济发展局',
    '青岛市大数据发展管理局', '青岛市医疗保障局', '青岛市住房公积金管理中心']) assert.ok(names.includes(n), n);
  const d = await req('GET', '/api/v1/departments/' + encodeURIComponent('市医保局'));
  assert.equal(d.json.code, 'QD-YB');
});
