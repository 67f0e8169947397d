// Reference data over HTTP: regions, industries, validators, departments. (The working-day
// calendar is in calendar.test.mjs.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { req, assertError, DEMO_ENTERPRISE } from './lib.mjs';

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
