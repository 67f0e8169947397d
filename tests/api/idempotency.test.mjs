// Idempotency keys: a write sent again with the same key answers as the first time and changes
// nothing — sequentially, and when the retries arrive together; the same key for another
// request is refused; keys belong to their sender.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { req, login, assertError, idNumber } from './lib.mjs';

const jobs = async (token) => (await req('GET', '/api/v1/jobs?limit=100', { token })).json.jobs.length;

test('the same key twice gives the same answer, and one write', async () => {
  const token = await login('supervisor');
  const before = await jobs(token);
  const headers = { 'idempotency-key': 'k-jobs-1' };
  const first = await req('POST', '/api/v1/jobs', { token, headers, body: { kind: 'audit.verify' } });
  assert.equal(first.status, 201, first.text);
  const again = await req('POST', '/api/v1/jobs', { token, headers, body: { kind: 'audit.verify' } });
  assert.equal(again.status, 201);
  assert.equal(again.json.id, first.json.id);
  assert.equal(again.headers.get('idempotent-replayed'), 'true');
  assert.equal(await jobs(token), before + 1);
  // the same key for another request: refused, nothing done
  const other = await req('POST', '/api/v1/departments', { token: await login('admin'), headers,
    body: { code: 'QD-IDEM', name: '幂等测试部门', region_code: '370200' } });
  assert.equal(other.status, 201, 'keys belong to their sender: the admin may use the same key');
  const reused = await req('POST', '/api/v1/jobs', { token, headers: { 'idempotency-key': 'k-jobs-1' }, body: { kind: 'audit.verify', x: 1 } });
  assert.equal(reused.status, 422); // the body is refused before the key is looked at
  const reusedPath = await req('POST', '/api/v1/ledger/unit-map', { token, headers, body: { unit: '某单位', department: 'QD-ZFB' } });
  assertError(reusedPath, 409, 'conflict', 'Idempotency-Key');
  assert.equal(reusedPath.json.error.reason, 'idempotency_key_reused');
});

test('retries arriving together make one write', async () => {
  const r = await req('POST', '/api/v1/accounts', { body: { kind: 'person', name: '并发注册', id_number: idNumber('37020219850101009'), password: 'secret-pass-1' } });
  assert.equal(r.status, 201);
  const token = await login('supervisor');
  const before = await jobs(token);
  const headers = { 'idempotency-key': 'k-burst-1' };
  const answers = await Promise.all(Array.from({ length: 12 },
    () => req('POST', '/api/v1/jobs', { token, headers, body: { kind: 'audit.verify' } })));
  assert.ok(answers.every((a) => a.status === 201), answers.map((a) => a.status).join());
  assert.equal(new Set(answers.map((a) => a.json.id)).size, 1);
  assert.equal(await jobs(token), before + 1);
});

test('a malformed key is refused naming the header', async () => {
  const token = await login('supervisor');
  for (const key of ['', 'x'.repeat(129), 'has space', 'caf\u00e9'])
    assertError(await req('POST', '/api/v1/jobs', { token, headers: { 'idempotency-key': key }, body: { kind: 'audit.verify' } }),
      400, 'bad_request', 'Idempotency-Key');
});
