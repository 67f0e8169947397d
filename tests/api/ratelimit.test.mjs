// Login attempts are limited per account and address (5 failures in 15 minutes), per address
// (20) and per account from anywhere (100): the last file run, since it locks this address out
// of logging in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { req, login, assertError, idNumber, PASSWORD } from './lib.mjs';

test('five failures lock the account, even against the right password; others still log in', async () => {
  const id = idNumber('37021219800808301');
  const r = await req('POST', '/api/v1/accounts', { body: { kind: 'person', name: '限流测试', id_number: id, password: 'secret-pass-1' } });
  assert.equal(r.status, 201);
  for (let i = 0; i < 5; i++)
    assertError(await req('POST', '/api/v1/session', { body: { login: id, password: 'wrong-guess' } }), 401, 'unauthenticated');
  const locked = assertError(await req('POST', '/api/v1/session', { body: { login: id, password: 'secret-pass-1' } }), 429, 'rate_limited');
  assert.equal(locked.reason, 'login_locked_account');
  assert.ok(await login('supervisor'));
});

test('a burst of parallel wrong passwords is counted attempt by attempt: at most five are tried', async () => {
  const id = idNumber('37021219800808302');
  const r = await req('POST', '/api/v1/accounts', { body: { kind: 'person', name: '并发限流', id_number: id, password: 'secret-pass-1' } });
  assert.equal(r.status, 201);
  const answers = await Promise.all(Array.from({ length: 40 },
    () => req('POST', '/api/v1/session', { body: { login: id, password: 'wrong-guess' } })));
  const tried = answers.filter((a) => a.status === 401).length, limited = answers.filter((a) => a.status === 429).length;
  assert.equal(tried, 5, `401s: ${tried}`);
  assert.equal(limited, 35);
  assertError(await req('POST', '/api/v1/session', { body: { login: id, password: 'secret-pass-1' } }), 429, 'rate_limited');
});

test('twenty failures from one address lock that address out', async () => {
  let limited = false;
  for (let i = 0; i < 25 && !limited; i++) {
    const r = await req('POST', '/api/v1/session', { body: { login: `nobody${i}`, password: 'wrong-guess' } });
    limited = r.status === 429;
  }
  assert.ok(limited, 'the address limit must be reached within 25 failures');
  assertError(await req('POST', '/api/v1/session', { body: { login: 'admin', password: PASSWORD } }), 429, 'rate_limited');
});

// The server under test trusts 127.0.0.1 as a reverse proxy (tests/api/run.sh): behind it,
// each client is known by X-Forwarded-For, so one locked-out address does not lock out the rest.
test('behind a trusted proxy each client has its own address limit', async () => {
  assertError(await req('POST', '/api/v1/session', { body: { login: 'admin', password: PASSWORD } }), 429, 'rate_limited');
  const other = await req('POST', '/api/v1/session', { body: { login: 'admin', password: PASSWORD },
    headers: { 'x-forwarded-for': '203.0.113.9' } });
  assert.equal(other.status, 201, other.text);
  // only the rightmost hop that is not a trusted proxy counts: what a client writes left of it is not believed
  const spoof = await req('POST', '/api/v1/session', { body: { login: 'admin', password: PASSWORD },
    headers: { 'x-forwarded-for': '198.51.100.1, 127.0.0.1' } });
  assert.equal(spoof.status, 201, spoof.text);
  const session = await req('GET', '/api/v1/audit?limit=1', { token: other.json.token });
  assert.equal(session.status, 200);
});
