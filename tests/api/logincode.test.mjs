// Logging in with a one-time code sent by SMS (POST /api/v1/session/code, then POST
// /api/v1/session {login or phone, code}): the code read from the SMS that really left through
// the outbox; right, wrong, used, expired; the same answer whether or not an account was found;
// asking limited per phone and per address; wrong codes counted as wrong passwords are. An
// account a clerk opened at the window (no password) is claimed by its phone. Sign-up's fields
// checked as they are typed. Each test that fails on purpose does so from an address of its own
// (X-Forwarded-For: the server trusts the loopback as a proxy), so that no other file is locked out.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { req, login, assertError, idNumber, uscc, DEMO_PERSON } from './lib.mjs';
import { smsTo, nextSms, codeOf } from './sms.mjs';

const from = (address) => ({ 'x-forwarded-for': address });

async function person(first17, phone, name = '验证码测试') {
  const r = await req('POST', '/api/v1/accounts', { body: { kind: 'person', name, id_number: idNumber(first17), phone, password: 'secret-pass-1' } });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

// Asks for a code for {login or phone} and reads it from the SMS the phone received.
async function codeFor(who, phone, headers = {}) {
  const seen = smsTo(phone).length;
  const r = await req('POST', '/api/v1/session/code', { body: who, headers });
  assert.equal(r.status, 202, r.text);
  assert.deepEqual(r.json, { expires_in: 300, resend_in: 60 });
  const text = await nextSms(phone, seen);
  assert.match(text, /^【一网通办】您的登录验证码为\d{6}，5分钟内有效/);
  return codeOf(text);
}

test('a code by SMS logs in, by phone or by login, once', async () => {
  const p = await person('37020219910101201', '13700000101');
  const code = await codeFor({ phone: '13700000101' }, '13700000101');
  const s = await req('POST', '/api/v1/session', { body: { phone: '13700000101', code } });
  assert.equal(s.status, 201, s.text);
  assert.equal(s.json.account.id, p.id);
  assert.match(s.headers.get('set-cookie'), /^yw_session=/);
  assert.equal((await req('GET', '/api/v1/me', { token: s.json.token })).json.id, p.id);
  // used once
  const reused = assertError(await req('POST', '/api/v1/session', { body: { phone: '13700000101', code }, headers: from('198.51.100.101') }),
    401, 'unauthenticated', 'code');
  assert.equal(reused.reason, 'login_code_wrong');
  assert.equal(reused.message, '验证码错误或已失效，请重新获取');
  // asked again at once: wait, as the page counts down
  const soon = assertError(await req('POST', '/api/v1/session/code', { body: { phone: '13700000101' } }), 429, 'rate_limited', 'phone');
  assert.equal(soon.reason, 'login_code_too_soon');
  assert.match(soon.message, /^验证码刚刚发送过，请(\d+)秒后再获取$/);
  // by login (the ID number): a phone's limit is its own
  const byLogin = await codeFor({ login: p.login }, '13700000101');
  assert.equal((await req('POST', '/api/v1/session', { body: { login: p.login, code: byLogin } })).status, 201);
  // the code is not in the outbox's list, nor in the message centre
  const outbox = await req('GET', '/api/v1/outbox', { token: await login('admin') });
  assert.ok(!outbox.text.includes(byLogin) && !outbox.text.includes(code));
  assert.ok(outbox.json.outbox.filter((o) => o.recipient === '13700000101').every((o) => o.secret && o.text === null));
  const messages = await req('GET', '/api/v1/messages', { token: s.json.token });
  assert.equal(messages.json.total, 0);
});

test('a wrong code is counted as a wrong password is', async () => {
  const p = await person('37020219910101202', '13700000102');
  const at = from('198.51.100.102');
  const first = await codeFor({ login: p.login }, '13700000102', at);
  const wrong = first === '000000' ? '111111' : '000000';
  for (let i = 0; i < 5; i++)
    assertError(await req('POST', '/api/v1/session', { body: { login: p.login, code: wrong }, headers: at }), 401, 'unauthenticated', 'code');
  // five wrong codes lock the account at that address, even against the right code
  const locked = assertError(await req('POST', '/api/v1/session', { body: { login: p.login, code: first }, headers: at }), 429, 'rate_limited');
  assert.equal(locked.reason, 'login_locked_account');
  // elsewhere the right code still works (nobody else can lock the owner out)
  assert.equal((await req('POST', '/api/v1/session', { body: { login: p.login, code: first }, headers: from('198.51.100.103') })).status, 201);
  // and a password login was counted the same way: the pair is locked for passwords too
  assertError(await req('POST', '/api/v1/session', { body: { login: p.login, password: 'secret-pass-1' }, headers: at }), 429, 'rate_limited');
});

test('an unknown phone, a disabled account and one without a phone get the same answer, and no SMS', async () => {
  const admin = await login('admin');
  const at = from('198.51.100.104');
  const off = await person('37020219910101203', '13700000103');
  assert.equal((await req('PATCH', `/api/v1/accounts/${off.id}`, { token: admin, body: { disabled: true } })).status, 200);
  const bare = await req('POST', '/api/v1/accounts', { body: { kind: 'person', name: '无手机', id_number: idNumber('37020219910101204'), password: 'secret-pass-1' } });
  const answers = [];
  for (const who of [{ phone: '13700000199' }, { phone: '13700000103' }, { login: bare.json.login }, { login: 'no-such-user' }]) {
    const r = await req('POST', '/api/v1/session/code', { body: who, headers: at });
    answers.push([r.status, r.text]);
  }
  assert.deepEqual(answers, Array(4).fill([202, '{"expires_in":300,"resend_in":60}']));
  // a code asked for a known phone at the same time arrives; the others never do
  await codeFor({ phone: '13700000101' }, '13700000101', from('198.51.100.105')).catch(() => null);
  assert.deepEqual([smsTo('13700000199'), smsTo('13700000103')], [[], []]);
  // and logging in with a guess answers as a wrong code does
  const unknown = assertError(await req('POST', '/api/v1/session', { body: { phone: '13700000199', code: '123456' }, headers: at }), 401, 'unauthenticated', 'code');
  const disabled = assertError(await req('POST', '/api/v1/session', { body: { phone: '13700000103', code: '123456' }, headers: at }), 401, 'unauthenticated', 'code');
  assert.equal(unknown.message, disabled.message);
});

// a second server on the same store, its clock ten minutes behind: a code it sends has expired
// by the time it reaches this one
const back = { dir: null, pid: null, url: null };
before(() => {
  back.dir = mkdtempSync(join(tmpdir(), 'yiwang-code-'));
  const here = new URL('../..', import.meta.url).pathname;
  const clock = new Date(Date.now() + 8 * 3600e3 - 10 * 60e3).toISOString().slice(0, 16);
  const started = spawnSync('bash', [join(here, 'tests/start-server.sh'), process.env.YW_BIN, process.env.YW_DB, join(here, 'web'),
    join(back.dir, 'url'), '--clock', clock, '--trusted-proxy', '127.0.0.1/32,::1'],
  { stdio: 'inherit', env: { ...process.env, YW_SERVER_LOG: join(back.dir, 'log') } });
  assert.equal(started.status, 0, 'the second server starts');
  back.pid = Number(readFileSync(join(back.dir, 'url.pid'), 'utf8'));
  back.url = readFileSync(join(back.dir, 'url'), 'utf8').trim();
});
after(() => {
  if (back.pid) { try { process.kill(back.pid, 'SIGTERM'); } catch { /* gone */ } }
  if (back.dir) rmSync(back.dir, { recursive: true, force: true });
});

test('a code expires after five minutes', async () => {
  const p = await person('37020219910101205', '13700000105');
  const seen = smsTo('13700000105').length;
  const r = await fetch(`${back.url}/api/v1/session/code`, { method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: p.login }) });
  assert.equal(r.status, 202, await r.text());
  const code = codeOf(await nextSms('13700000105', seen));
  // ten minutes later (now, on this server) it opens nothing
  const late = assertError(await req('POST', '/api/v1/session', { body: { login: p.login, code }, headers: from('198.51.100.106') }),
    401, 'unauthenticated', 'code');
  assert.equal(late.reason, 'login_code_wrong');
  // while on the server of that moment it would have
  const then = await fetch(`${back.url}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: p.login, code }) });
  assert.equal(then.status, 201);
});

test('a newer code ends the older one', async () => {
  const p = await person('37020219910101206', '13700000106');
  const older = await codeFor({ phone: '13700000106' }, '13700000106');
  // the newer one asked by login (a limit of its own) on the server ten minutes behind
  const seen = smsTo('13700000106').length;
  const r = await fetch(`${back.url}/api/v1/session/code`, { method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: p.login }) });
  assert.equal(r.status, 202);
  await nextSms('13700000106', seen);
  assertError(await req('POST', '/api/v1/session', { body: { phone: '13700000106', code: older }, headers: from('198.51.100.111') }),
    401, 'unauthenticated', 'code');
});

test('asking for codes is limited per address', async () => {
  const at = from('198.51.100.107');
  let limited = null;
  for (let i = 0; i < 21 && !limited; i++) {
    const r = await req('POST', '/api/v1/session/code', { body: { phone: `137000002${String(i).padStart(2, '0')}` }, headers: at });
    if (r.status === 429) limited = { i, error: r.json.error };
    else assert.equal(r.status, 202, r.text);
  }
  assert.equal(limited?.i, 20);
  assert.equal(limited.error.reason, 'login_code_too_many');
  assert.equal(limited.error.message, '获取验证码次数过多，请1小时后再试');
  // another address still asks
  assert.equal((await req('POST', '/api/v1/session/code', { body: { phone: '13700000299' }, headers: from('198.51.100.108') })).status, 202);
});

test('what a code login takes, each refusal naming its field', async () => {
  const at = from('198.51.100.109');
  const post = (path, body) => req('POST', path, { body, headers: at });
  assertError(await post('/api/v1/session/code', {}), 422, 'invalid', 'login');
  assert.equal(assertError(await post('/api/v1/session/code', { login: 'clerk', phone: '13700000101' }), 422, 'invalid', 'login').reason, 'login_who');
  assert.equal(assertError(await post('/api/v1/session/code', { phone: '110' }), 422, 'invalid', 'phone').reason, 'phone_format');
  assertError(await post('/api/v1/session/code', { phone: '13700000101', code: '1' }), 422, 'invalid', 'code');
  assert.equal(assertError(await post('/api/v1/session', { phone: '13700000101', password: 'secret-pass-1' }), 422, 'invalid', 'phone').reason,
    'login_phone_password');
  assert.equal(assertError(await post('/api/v1/session', { login: 'clerk', password: 'x', code: '123456' }), 422, 'invalid', 'password').reason,
    'login_how');
  assert.equal(assertError(await post('/api/v1/session', { login: 'clerk', code: '12ab56' }), 422, 'invalid', 'code').reason, 'login_code_format');
  assertError(await post('/api/v1/session', { code: '123456' }), 422, 'invalid', 'login');
});

test('an account a clerk opened at the window is claimed by its phone, then given a password', async () => {
  const clerk = await login('clerk');
  const id = idNumber('37020219600101301');
  const body = { kind: 'person', name: '窗口开户', id_number: id, phone: '13700000301' };
  // only a clerk opens an account without a password (behalf.test.mjs: a person's, or an
  // enterprise's of the registry); nobody logged in must give one, anyone else is refused
  assertError(await req('POST', '/api/v1/accounts', { body }), 422, 'invalid', 'password');
  assertError(await req('POST', '/api/v1/accounts', { body, token: await login('officer') }), 403, 'forbidden', 'password');
  const made = await req('POST', '/api/v1/accounts', { body, token: clerk });
  assert.equal(made.status, 201, made.text);
  assert.equal(made.json.password_set, false);
  // a password login says what to do
  const walk = assertError(await req('POST', '/api/v1/session', { body: { login: id, password: 'anything-at-all' }, headers: from('198.51.100.110') }),
    401, 'unauthenticated', 'password');
  assert.equal(walk.reason, 'login_walk_in');
  assert.equal(walk.message, '该账号由窗口代为开设，请用短信验证码登录后设置密码');
  // the code by phone logs in; the page then asks for a password, which needs no current one
  const code = await codeFor({ phone: '13700000301' }, '13700000301');
  const s = await req('POST', '/api/v1/session', { body: { phone: '13700000301', code } });
  assert.equal(s.status, 201, s.text);
  assert.equal(s.json.account.password_set, false);
  assert.equal(s.json.account.must_change_password, true);
  const set = await req('POST', '/api/v1/me/password', { token: s.json.token, body: { password: 'claimed-pass-1' } });
  assert.equal(set.status, 200, set.text);
  assert.equal(set.json.password_set, true);
  assert.equal(set.json.must_change_password, false);
  assert.equal((await req('POST', '/api/v1/session', { body: { login: id, password: 'claimed-pass-1' } })).status, 201);
});

test('sign-up fields are checked as they are typed, in the words registering would answer', async () => {
  const check = async (body, headers = {}) => {
    const r = await req('POST', '/api/v1/accounts/check', { body, headers });
    assert.equal(r.status, 200, r.text);
    return Object.fromEntries(r.json.errors.map((e) => [e.field, e]));
  };
  const bad = await check({ kind: 'person', id_number: '370211198506154021', phone: '110', name: '', password: 'short', legal_representative: '张' });
  assert.deepEqual(Object.keys(bad).sort(), ['id_number', 'legal_representative', 'name', 'password', 'phone']);
  assert.equal(bad.id_number.reason, 'id_number_check_character');
  assert.match(bad.id_number.message, /校验位/);
  assert.equal(bad.phone.message, '手机号码应为以1开头的11位数字');
  // the sign-up page shows this beside 密码: in its words, not the key's ("password 长度应为…")
  assert.equal(bad.password.reason, 'password_length');
  assert.equal(bad.password.message, '密码应为8至128个字符（字母、数字或符号）');
  assert.equal(bad.legal_representative.reason, 'legal_representative_enterprise');
  const taken = await check({ kind: 'person', id_number: DEMO_PERSON });
  assert.equal(taken.id_number.reason, 'account_exists');
  assert.equal(taken.id_number.message, '该身份证号码已被注册');
  const en = await check({ kind: 'enterprise', uscc: '91350100M000100Y44' }, { 'accept-language': 'en' });
  assert.match(en.uscc.message, /check character/);
  assert.deepEqual(await check({ kind: 'enterprise', uscc: uscc('91370202', 'MA3QGN71'), phone: '13700000401', name: '青岛测试', legal_representative: '李四', password: 'long-enough-1' }), {});
  assertError(await req('POST', '/api/v1/accounts/check', { body: { id_number: DEMO_PERSON } }), 422, 'invalid', 'kind');
  assertError(await req('POST', '/api/v1/accounts/check', { body: { kind: 'person', login: 'x' } }), 422, 'invalid', 'login');
  // an enterprise signs up with its legal representative; a person has none
  const ent = await req('POST', '/api/v1/accounts', { body: { kind: 'enterprise', name: '青岛签约测试有限公司', uscc: uscc('91370202', 'MA3QGN71'),
    legal_representative: '李四', phone: '13700000401', password: 'long-enough-1' } });
  assert.equal(ent.status, 201, ent.text);
  assert.equal(ent.json.legal_representative, '李四');
  assertError(await req('POST', '/api/v1/accounts', { body: { kind: 'person', name: '某人', id_number: idNumber('37020219910101401'),
    legal_representative: '李四', password: 'long-enough-1' } }), 422, 'invalid', 'legal_representative');
  assert.equal(assertError(await req('POST', '/api/v1/accounts', { body: { kind: 'enterprise', name: '重复', uscc: uscc('91370202', 'MA3QGN71'),
    password: 'long-enough-1' } }), 409, 'conflict', 'login').reason, 'account_exists');
});
