// The audit log over HTTP: supervisors and admins read it and check its chain.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { req, login, assertError } from './lib.mjs';

test('every change is in the audit log with before and after', async () => {
  const admin = await login('admin');
  const d = await req('POST', '/api/v1/departments', {
    token: admin, body: { code: 'QD-AUDIT', name: '青岛市审计测试局', region_code: '370200', aliases: ['市审计测试局'] },
  });
  assert.equal(d.status, 201, d.text);
  const r = await req('GET', `/api/v1/audit?object_type=department&object_id=${d.json.id}`, { token: await login('supervisor') });
  assert.equal(r.status, 200);
  assert.equal(r.json.entries.length, 1);
  const e = r.json.entries[0];
  assert.equal(e.action, 'department.create');
  assert.equal(e.before, null);
  assert.equal(e.after.name, '青岛市审计测试局');
  assert.match(e.hash, /^[0-9a-f]{64}$/);
  const all = await req('GET', '/api/v1/audit?limit=5', { token: admin });
  assert.equal(all.json.entries.length, 5);
  assert.ok(all.json.entries[0].seq > all.json.entries[4].seq, 'newest first');
  const older = await req('GET', `/api/v1/audit?limit=5&before=${all.json.entries[4].seq}`, { token: admin });
  assert.ok(older.json.entries[0].seq < all.json.entries[4].seq);
  const half = assertError(await req('GET', '/api/v1/audit?object_type=department', { token: admin }), 422, 'invalid', 'object_id');
  assert.equal(half.reason, 'fields_together');
  assert.equal(half.message, 'object_type 与 object_id 须同时提供');
  // the test server has no signing key
  const unsigned = assertError(await req('GET', '/api/v1/audit/checkpoint', { token: admin, headers: { 'accept-language': 'en' } }),
    404, 'not_found');
  assert.equal(unsigned.reason, 'checkpoint_no_signing_key');
  assert.match(unsigned.message, /started without a signing key/);
});

test('the chain verifies intact', async () => {
  const r = await req('GET', '/api/v1/audit/verify', { token: await login('supervisor') });
  assert.equal(r.status, 200);
  assert.equal(r.json.intact, true);
  assert.ok(r.json.checked > 30);
});

test('a department with a bad code or a taken name is refused, naming the field', async () => {
  const admin = await login('admin');
  assert.equal(assertError(await req('POST', '/api/v1/departments', { token: admin, body: { code: 'qd lower', name: '某局', region_code: '370200' } }),
    422, 'invalid', 'code').reason, 'department_code_characters');
  const taken = assertError(await req('POST', '/api/v1/departments', { token: admin, body: { code: 'QD-X1', name: '青岛市公安局', region_code: '370200' } }),
    409, 'conflict', 'name');
  assert.equal(taken.reason, 'department_exists');
  assert.equal(taken.message, '已有部门使用此名称');
  const takenEn = await req('POST', '/api/v1/departments', { token: admin, headers: { 'accept-language': 'en' },
    body: { code: 'QD-X1', name: '青岛市公安局', region_code: '370200' } });
  assert.equal(takenEn.json.error.message, 'a department with this name already exists');
  assert.equal(assertError(await req('POST', '/api/v1/departments', { token: admin, body: { code: 'QD-X2', name: '某某局', region_code: '12345' } }),
    422, 'invalid', 'region_code').reason, 'region_unknown');
});
