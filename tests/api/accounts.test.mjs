// Accounts: registration of persons and enterprises with GB 11643 / GB 32100 validation, staff
// accounts by admins, masking of personal data by role, disabling.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { req, login, assertError, idNumber, uscc, DEMO_PERSON, PASSWORD } from './lib.mjs';

async function accountCount() {
  const token = await login('admin');
  const r = await req('GET', '/api/v1/accounts?limit=500', { token });
  assert.equal(r.status, 200);
  return r.json.accounts.length;
}

test('a person registers with a valid ID number and logs in with it', async () => {
  const id = idNumber('37021119850615402');
  const r = await req('POST', '/api/v1/accounts', {
    body: { kind: 'person', name: '王芳', id_number: id, phone: '13712345678', password: 'secret-pass-1' },
  });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.kind, 'person');
  assert.equal(r.json.login, id);
  assert.equal(r.json.id_number, id); // the owner sees it whole
  assert.deepEqual(r.json.roles, ['applicant']);
  const s = await req('POST', '/api/v1/session', { body: { login: id, password: 'secret-pass-1' } });
  assert.equal(s.status, 201);
});

test('an invalid ID number or USCC gets 422 naming the field, and changes nothing', async () => {
  const before = await accountCount();
  const badId = assertError(await req('POST', '/api/v1/accounts', {
    body: { kind: 'person', name: '错号', id_number: '370211198506154021', password: 'secret-pass-1' },
  }), 422, 'invalid', 'id_number');
  assert.match(badId.message, /校验位/);
  assert.equal(badId.reason, 'id_number_check_character');
  const badUscc = assertError(await req('POST', '/api/v1/accounts', {
    body: { kind: 'enterprise', name: '错码公司', uscc: '91350100M000100Y44', password: 'secret-pass-1' },
  }), 422, 'invalid', 'uscc');
  assert.match(badUscc.message, /校验位/);
  assert.equal(badUscc.reason, 'uscc_check_character');
  assertError(await req('POST', '/api/v1/accounts', {
    body: { kind: 'enterprise', name: '短码公司', uscc: '9135010', password: 'secret-pass-1' },
  }), 422, 'invalid', 'uscc');
  assertError(await req('POST', '/api/v1/accounts', {
    body: { kind: 'person', name: '未来人', id_number: idNumber('37021120991231402'), password: 'secret-pass-1' },
  }), 422, 'invalid', 'id_number');
  assertError(await req('POST', '/api/v1/accounts', {
    body: { kind: 'person', name: '无密码', id_number: idNumber('37021119850615403') },
  }), 422, 'invalid', 'password');
  assert.equal(assertError(await req('POST', '/api/v1/accounts', { body: { kind: 'alien', name: 'x', password: 'secret-pass-1' } }),
    422, 'invalid', 'kind').reason, 'field_value');
  const phone = assertError(await req('POST', '/api/v1/accounts', {
    body: { kind: 'person', name: 'x', id_number: idNumber('37021119850615403'), password: 'secret-pass-1', phone: '110' },
  }), 422, 'invalid', 'phone');
  assert.equal(phone.reason, 'phone_format');
  assert.equal(phone.message, '手机号码应为以1开头的11位数字');
  assert.equal(await accountCount(), before);
});

test('an enterprise registers with its USCC; the same USCC again is a conflict', async () => {
  const code = uscc('91370211', 'MA7B2Q8K');
  const body = { kind: 'enterprise', name: '青岛黄岛测试有限公司', uscc: code, password: 'secret-pass-1' };
  const r = await req('POST', '/api/v1/accounts', { body });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.login, code);
  const taken = assertError(await req('POST', '/api/v1/accounts', { body }), 409, 'conflict', 'login');
  assert.equal(taken.reason, 'account_exists');
  assert.equal(taken.message, '该登录名已被注册');
});

test('staff accounts are made by admins only', async () => {
  const body = { kind: 'staff', login: 'window7', name: '七号窗口', department: '市行政审批局', roles: ['clerk'],
    password: 'secret-pass-1' };
  assertError(await req('POST', '/api/v1/accounts', { body }), 401, 'unauthenticated');
  assertError(await req('POST', '/api/v1/accounts', { body, token: await login('clerk') }), 403, 'forbidden');
  assertError(await req('POST', '/api/v1/accounts', { body: { ...body, roles: ['emperor'] }, token: await login('admin') }),
    422, 'invalid', 'roles');
  assert.equal(assertError(await req('POST', '/api/v1/accounts', { body: { ...body, department: '不存在局' }, token: await login('admin') }),
    404, 'not_found', 'department').reason, 'department_not_found');
  const r = await req('POST', '/api/v1/accounts', { body, token: await login('admin') });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.department.code, 'QD-XZSP'); // found by its alias
  assert.deepEqual(r.json.roles, ['clerk']);
  const s = await req('POST', '/api/v1/session', { body: { login: 'window7', password: 'secret-pass-1' } });
  assert.equal(s.status, 201);
});

test('ID numbers and phones are masked for anyone but the owner, admins and clerks', async () => {
  const person = await req('GET', '/api/v1/me', { token: await login(DEMO_PERSON) });
  assert.equal(person.json.id_number, DEMO_PERSON);
  const id = person.json.id;
  const asClerk = await req('GET', `/api/v1/accounts/${id}`, { token: await login('clerk') });
  assert.equal(asClerk.json.id_number, DEMO_PERSON);
  const asSupervisor = await req('GET', `/api/v1/accounts/${id}`, { token: await login('supervisor') });
  assert.equal(asSupervisor.status, 200);
  assert.equal(asSupervisor.json.id_number, DEMO_PERSON.slice(0, 4) + '*'.repeat(10) + DEMO_PERSON.slice(14));
  assert.equal(asSupervisor.json.login, asSupervisor.json.id_number);
  assert.equal(asSupervisor.json.phone, '139****0005');
  const list = await req('GET', '/api/v1/accounts?kind=person', { token: await login('supervisor') });
  assert.ok(list.json.accounts.length >= 1);
  for (const a of list.json.accounts) assert.match(a.id_number, /^\d{4}\*{10}[\dX]{4}$/);
  assertError(await req('GET', `/api/v1/accounts/${id}`, { token: await login('officer') }), 403, 'forbidden');
  assertError(await req('GET', '/api/v1/accounts?limit=0', { token: await login('admin') }), 422, 'invalid', 'limit');
  assertError(await req('GET', '/api/v1/accounts?kind=robot', { token: await login('admin') }), 422, 'invalid', 'kind');
  assertError(await req('GET', '/api/v1/accounts/no-such-id', { token: await login('admin') }), 404, 'not_found');
});

test('an admin disables an account: its sessions end and it cannot log in', async () => {
  const admin = await login('admin');
  const id = idNumber('37020319920101501');
  const r = await req('POST', '/api/v1/accounts', { body: { kind: 'person', name: '停用测试', id_number: id, password: 'secret-pass-1' } });
  const token = await login(id, 'secret-pass-1');
  assertError(await req('PATCH', `/api/v1/accounts/${r.json.id}`, { body: { disabled: true }, token: await login('clerk') }),
    403, 'forbidden');
  assertError(await req('PATCH', `/api/v1/accounts/${r.json.id}`, { body: { disabled: 'yes' }, token: admin }),
    422, 'invalid', 'disabled');
  const p = await req('PATCH', `/api/v1/accounts/${r.json.id}`, { body: { disabled: true }, token: admin });
  assert.equal(p.status, 200);
  assert.equal(p.json.disabled, true);
  assertError(await req('GET', '/api/v1/me', { token }), 401, 'unauthenticated');
  // a disabled account answers the right password as it answers a wrong one: nothing is confirmed
  const right = await req('POST', '/api/v1/session', { body: { login: id, password: 'secret-pass-1' } });
  const wrong = await req('POST', '/api/v1/session', { body: { login: id, password: 'wrong-pass-1' } });
  assertError(right, 401, 'unauthenticated');
  assertError(wrong, 401, 'unauthenticated');
  assert.equal(right.json.error.message, wrong.json.error.message);
  const me = await req('GET', '/api/v1/me', { token: admin });
  assert.equal(assertError(await req('PATCH', `/api/v1/accounts/${me.json.id}`, { body: { disabled: true }, token: admin }), 409, 'conflict').reason,
    'account_disable_self');
  void PASSWORD;
});
