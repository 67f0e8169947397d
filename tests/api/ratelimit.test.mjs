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
  assertError(await req('POST', '/api/v1/session', { body: { login: id, password: 'secret-pass-1' } }), 429, 'rate_limited');
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
