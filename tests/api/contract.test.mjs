// The input contract every route keeps (src/http/README.md): JSON writes need
// application/json, a route takes only the body fields and query parameters it declares,
// integers are range-checked before any narrowing, names of only spaces or with control
// characters are refused — and a refused request changes nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { req, login, assertError, idNumber, BASE } from './lib.mjs';

// A request as node's http sends it, a GET with a body included (fetch refuses to send one).
function rawRequest(method, path, body, headers = {}) {
  return new Promise((resolve, reject) => {
    const r = http.request(new URL(path, BASE), { method, headers: { 'content-length': Buffer.byteLength(body), ...headers } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => { text += d; });
        res.on('end', () => resolve({ status: res.statusCode, text, json: JSON.parse(text), headers: res.headers }));
      });
    r.on('error', reject);
    r.end(body);
  });
}

const count = async (token) => (await req('GET', '/api/v1/audit?limit=1', { token })).json.entries[0].seq;

test('a write with another content type than application/json is 415 and changes nothing', async () => {
  const admin = await login('admin');
  const before = await count(admin);
  const body = JSON.stringify({ kind: 'person', name: '跨站', id_number: idNumber('37020219850101002'), password: 'secret-pass-1' });
  // what a cross-site form sends
  for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx'])
    assertError(await req('POST', '/api/v1/accounts', { raw: body, headers: { 'content-type': type } }), 415, 'unsupported_media_type');
  const none = await fetch(`${process.env.YW_URL}/api/v1/accounts`, { method: 'POST', body: new Blob([body]) });
  assert.equal(none.status, 415);
  // parameters of the media type are fine
  const ok = await req('POST', '/api/v1/accounts', { raw: body, headers: { 'content-type': 'application/json; charset=utf-8' } });
  assert.equal(ok.status, 201, ok.text);
  assert.equal(await count(admin), before + 1);
});

test('query strings are declared: unknown parameters, bad booleans, integers and values are refused', async () => {
  const officer = await login('officer');
  assertError(await req('GET', '/api/v1/ledger/measures?mine=no', { token: officer }), 422, 'invalid', 'mine');
  assert.equal((await req('GET', '/api/v1/ledger/measures?mine=false', { token: officer })).status, 200);
  assertError(await req('GET', '/api/v1/ledger/measures?frob=1', { token: officer }), 422, 'invalid', 'frob');
  assertError(await req('GET', '/api/v1/ledger/measures?status=finished', { token: officer }), 422, 'invalid', 'status');
  assertError(await req('GET', '/api/v1/ledger/measures?limit=abc', { token: officer }), 422, 'invalid', 'limit');
  assertError(await req('GET', '/api/v1/ledger/measures?limit=0', { token: officer }), 422, 'invalid', 'limit');
  assertError(await req('GET', '/api/v1/ledger/measures?limit=4294967396', { token: officer }), 422, 'invalid', 'limit');
  assertError(await req('GET', '/api/v1/ledger/measures?limit=99999999999999999999999', { token: officer }), 422, 'invalid', 'limit');
  assertError(await req('GET', '/api/v1/ledger/measures?limit=1&limit=2', { token: officer }), 422, 'invalid', 'limit');
  assertError(await req('GET', '/api/v1/ledger/measures?unit=%zz', { token: officer }), 400, 'bad_request');
  assertError(await req('GET', '/api/v1/calendar/add?from=2024-02-08', {}), 422, 'invalid', 'days');
  assertError(await req('GET', '/api/v1/departments?x=1', {}), 422, 'invalid', 'x');
});

test('integers are range-checked before narrowing; fields a route does not take are refused', async () => {
  const admin = await login('admin');
  const before = await count(admin);
  const person = { kind: 'person', name: '范围', id_number: idNumber('37020219850101003'), password: 'secret-pass-1' };
  // registration silently dropped `roles` once: now it is refused for what it is
  assertError(await req('POST', '/api/v1/accounts', { body: { ...person, roles: ['admin'] } }), 422, 'invalid', 'roles');
  assertError(await req('POST', '/api/v1/accounts', { body: { ...person, admin: true } }), 422, 'invalid', 'admin');
  assertError(await req('POST', '/api/v1/accounts', { body: { ...person, kind: 'robot' } }), 422, 'invalid', 'kind');
  assertError(await req('GET', '/api/v1/audit?limit=4294967346', { token: admin }), 422, 'invalid', 'limit');
  assertError(await req('PATCH', '/api/v1/accounts/x', { token: admin, body: { disabled: 1 } }), 422, 'invalid', 'disabled');
  assert.equal(await count(admin), before);
});

test('names of only spaces or with control characters are refused', async () => {
  const admin = await login('admin');
  const before = await count(admin);
  const person = { kind: 'person', id_number: idNumber('37020219850101004'), password: 'secret-pass-1' };
  for (const name of ['   ', '\u3000\u3000', '', 'a\u0001b', '张\n三', 'tab\there'])
    assertError(await req('POST', '/api/v1/accounts', { body: { ...person, name } }), 422, 'invalid', 'name');
  assertError(await req('POST', '/api/v1/departments', { token: admin, body: { code: 'QD-X', name: ' ', region_code: '370200' } }),
    422, 'invalid', 'name');
  assert.equal(await count(admin), before);
});

test('a route without a body refuses one; malformed JSON names line and column', async () => {
  const get = await rawRequest('GET', '/api/v1/departments', '{}', { 'content-type': 'application/json' });
  assert.equal(assertError(get, 400, 'bad_request').reason, 'body_unexpected');
  // a write without a body: refused before the route looks for the case (400, not 404)
  const post = await rawRequest('POST', '/api/v1/cases/01J0000000000000000000NONE/withdraw', '{"reason":"x"}',
    { 'content-type': 'application/json', authorization: `Bearer ${await login('clerk')}` });
  const refused = assertError(post, 400, 'bad_request');
  assert.equal(refused.reason, 'body_unexpected');
  assert.equal(refused.message, '此接口不接受请求体');
  const e = assertError(await req('POST', '/api/v1/accounts', { raw: '{"kind":\n  "person",, }' }), 400, 'bad_request');
  assert.match(e.message, /第2行第\d+列/);
});

test('errors carry a stable reason and a message in the language asked for', async () => {
  const zh = await req('GET', '/api/v1/ledger/measures?limit=0', { token: await login('officer') });
  const e = assertError(zh, 422, 'invalid', 'limit');
  assert.equal(e.reason, 'field_range');
  assert.equal(e.message, 'limit 应在1至1000之间');
  const en = await req('GET', '/api/v1/ledger/measures?limit=0', { token: await login('officer'), headers: { 'accept-language': 'en-US,en;q=0.9' } });
  assert.equal(en.json.error.reason, 'field_range');
  assert.equal(en.json.error.message, 'limit must be from 1 to 1000');
  // a value of another type: the type named in the user's language
  const typed = { token: await login('admin'), body: { year: '2027', tsv: 'x' } };
  const t = assertError(await req('POST', '/api/v1/calendar/years', typed), 422, 'invalid', 'year');
  assert.equal(t.reason, 'field_type');
  assert.equal(t.message, 'year 的类型应为整数');
  const tEn = await req('POST', '/api/v1/calendar/years', { ...typed, headers: { 'accept-language': 'en' } });
  assert.equal(tEn.json.error.message, 'year must be an integer');
  // a role refused: the roles named in the user's language
  const denied = await req('POST', '/api/v1/departments', { token: await login('clerk'), body: { code: 'QD-Y', name: '某部门', region_code: '370200' } });
  assert.equal(assertError(denied, 403, 'forbidden').message, '无权限：此操作需要管理员');
  const deniedEn = await req('POST', '/api/v1/departments', { token: await login('clerk'), headers: { 'accept-language': 'en' },
    body: { code: 'QD-Y', name: '某部门', region_code: '370200' } });
  assert.equal(deniedEn.json.error.message, 'only admin may create departments');
  // the standards' checks: the same reason in both languages, the message in the one asked for
  const body = { kind: 'person', name: '某人', id_number: '110105194912310021', password: 'secret-pass-1' };
  const bad = assertError(await req('POST', '/api/v1/accounts', { headers: { 'accept-language': 'en' }, body }),
    422, 'invalid', 'id_number');
  assert.equal(bad.reason, 'id_number_check_character');
  assert.equal(bad.message, 'ID number check character should be X, got 1');
  const badZh = assertError(await req('POST', '/api/v1/accounts', { body }), 422, 'invalid', 'id_number');
  assert.equal(badZh.reason, 'id_number_check_character');
  assert.equal(badZh.message, '身份证号码校验位错误，应为X，实为1');
});

test('writes and errors keep the connection open (their length is sent)', async () => {
  const created = await req('POST', '/api/v1/jobs', { token: await login('supervisor'), body: { kind: 'audit.verify' } });
  assert.equal(created.status, 201);
  assert.notEqual(created.headers.get('connection'), 'close');
  assert.equal(Number(created.headers.get('content-length')), Buffer.byteLength(created.text));
  const refused = await req('GET', '/api/v1/ledger/measures?frob=1', { token: await login('officer') });
  assert.equal(refused.status, 422);
  assert.notEqual(refused.headers.get('connection'), 'close');
});
