// Logging in and out: the cookie for browsers, the bearer token for API clients, and what bad
// input gets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { req, login, assertError, PASSWORD } from './lib.mjs';

test('login sets an HttpOnly SameSite cookie and returns a bearer token', async () => {
  const r = await req('POST', '/api/v1/session', { body: { login: 'clerk', password: PASSWORD } });
  assert.equal(r.status, 201);
  assert.match(r.json.token, /^[A-Za-z0-9_-]{43}$/);
  assert.equal(r.json.account.login, 'clerk');
  assert.deepEqual(r.json.account.roles, ['clerk']);
  assert.equal(r.json.account.department.code, 'QD-XZSP');
  const cookie = r.headers.get('set-cookie');
  assert.match(cookie, /^yw_session=[A-Za-z0-9_-]{43};/);
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Strict/);
  assert.match(cookie, /Path=\//);
  // the cookie works as well as the bearer token
  const me = await req('GET', '/api/v1/me', { headers: { cookie: cookie.split(';')[0] } });
  assert.equal(me.status, 200);
  assert.equal(me.json.login, 'clerk');
  const me2 = await req('GET', '/api/v1/me', { token: r.json.token });
  assert.equal(me2.json.id, me.json.id);
});

test('logout ends the session', async () => {
  const r = await req('POST', '/api/v1/session', { body: { login: 'officer', password: PASSWORD } });
  const token = r.json.token;
  assert.equal((await req('GET', '/api/v1/me', { token })).status, 200);
  const out = await req('DELETE', '/api/v1/session', { token });
  assert.equal(out.status, 204);
  assert.match(out.headers.get('set-cookie'), /Max-Age=0/);
  assertError(await req('GET', '/api/v1/me', { token }), 401, 'unauthenticated');
});

test('nobody logged in, or a forged token, gets 401 from /me', async () => {
  assertError(await req('GET', '/api/v1/me'), 401, 'unauthenticated');
  assertError(await req('GET', '/api/v1/me', { token: 'A'.repeat(43) }), 401, 'unauthenticated');
});

test('a wrong password gets 401 naming no account detail', async () => {
  const e = assertError(await req('POST', '/api/v1/session', { body: { login: 'supervisor', password: 'wrong-pass' } }),
    401, 'unauthenticated');
  const e2 = assertError(await req('POST', '/api/v1/session', { body: { login: 'no-such-user', password: 'wrong-pass' } }),
    401, 'unauthenticated');
  assert.equal(e.message, e2.message);
  assert.equal(e.reason, 'login_wrong');
  assert.equal(e2.reason, 'login_wrong');
  assert.equal(e.message, '账号或密码错误');
});

test('malformed JSON gets 400 with line and column', async () => {
  const e = assertError(await req('POST', '/api/v1/session', { raw: '{\n  "login": "clerk",\n  "password": }' }),
    400, 'bad_request');
  assert.match(e.message, /第3行第\d+列/);
  const en = await req('POST', '/api/v1/session', { raw: '{\n  "login": "clerk",\n  "password": }', headers: { 'accept-language': 'en' } });
  assert.match(en.json.error.message, /line 3, column \d+/);
  assertError(await req('POST', '/api/v1/session', { raw: '' }), 400, 'bad_request');
  assertError(await req('POST', '/api/v1/session', { raw: '[1,2]' }), 400, 'bad_request');
  assertError(await req('POST', '/api/v1/session', { raw: '{"login":"a","login":"b","password":"x"}' }), 400, 'bad_request');
  // invalid UTF-8 in a string
  const bad = Buffer.concat([Buffer.from('{"login":"clerk","password":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]);
  assertError(await req('POST', '/api/v1/session', { raw: bad }), 400, 'bad_request');
});

test('missing, mistyped and unknown fields get 422 naming the field', async () => {
  assertError(await req('POST', '/api/v1/session', { body: { login: 'clerk' } }), 422, 'invalid', 'password');
  assertError(await req('POST', '/api/v1/session', { body: { login: 42, password: 'x' } }), 422, 'invalid', 'login');
  assertError(await req('POST', '/api/v1/session', { body: { login: 'clerk', password: PASSWORD, remember: true } }),
    422, 'invalid', 'remember');
  assertError(await req('POST', '/api/v1/session', { body: { login: 'x'.repeat(65), password: 'y' } }),
    422, 'invalid', 'login');
});

test('me shows the logged-in account, its own data unmasked', async () => {
  const token = await login('admin');
  const me = await req('GET', '/api/v1/me', { token });
  assert.equal(me.json.phone, '13800000001');
  assert.deepEqual(me.json.roles, ['admin']);
});
