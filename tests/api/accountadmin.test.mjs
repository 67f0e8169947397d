// Administrators keep accounts and departments: search (name, login, the tail of an ID number or
// USCC, department) with paging; staff made with a password they must change at the first login;
// roles, department, name, phone and state changed and audited; a new password shown once or
// sent by SMS, ending the old one's sessions; the last administrator keeping the role; one's own
// password; departments renamed (the old name kept as an alias) and disabled. Every action is
// refused to every other role.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { req, login, assertError, idNumber, DEMO_PERSON, DEMO_ENTERPRISE } from './lib.mjs';
import { smsTo, nextSms } from './sms.mjs';

const audit = async (id) => {
  const r = await req('GET', `/api/v1/audit?object_type=account&object_id=${id}`, { token: await login('admin') });
  assert.equal(r.status, 200, r.text);
  return r.json.entries;
};

async function staff(login_, roles = ['clerk'], department = 'QD-XZSP', extra = {}) {
  const r = await req('POST', '/api/v1/accounts', { token: await login('admin'),
    body: { kind: 'staff', login: login_, name: `测试${login_}`, department, roles, password: 'first-pass-1', ...extra } });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

test('an admin finds accounts by name, login, the end of an ID number or USCC and by department, paged', async () => {
  const admin = await login('admin');
  const find = async (q, token = admin) => {
    const r = await req('GET', `/api/v1/accounts?${q}`, { token });
    assert.equal(r.status, 200, r.text);
    return r.json;
  };
  const byName = await find(`q=${encodeURIComponent('张三')}`);
  assert.ok(byName.accounts.some((a) => a.id_number === DEMO_PERSON), JSON.stringify(byName));
  assert.equal(byName.total, byName.accounts.length);
  assert.ok((await find(`q=${DEMO_PERSON.slice(-6)}`)).accounts.some((a) => a.login === DEMO_PERSON));
  assert.ok((await find(`q=${DEMO_ENTERPRISE.slice(-6)}`)).accounts.some((a) => a.uscc === DEMO_ENTERPRISE));
  // the start of a login, within one department (by its code or its name)
  const sw = await find('q=officer-&department=QD-SW');
  assert.deepEqual(sw.accounts.map((a) => a.login), ['officer-sw']);
  assert.equal((await find(`q=officer-&department=${encodeURIComponent(sw.accounts[0].department.name)}`)).total, 1);
  // LIKE's wildcards are searched as they are
  assert.equal((await find('q=%25')).total, 0);
  assert.equal((await find('q=_')).total, 0);
  // paged: the total counts them all, each page its part
  const all = await find('kind=staff&limit=500');
  assert.ok(all.total > 3);
  const page1 = await find('kind=staff&limit=2&offset=0'), page2 = await find('kind=staff&limit=2&offset=2');
  assert.equal(page1.total, all.total);
  assert.deepEqual([...page1.accounts, ...page2.accounts].map((a) => a.login), all.accounts.slice(0, 4).map((a) => a.login));
  assertError(await req('GET', '/api/v1/accounts?department=no-such', { token: admin }), 404, 'not_found', 'department');
  assertError(await req('GET', `/api/v1/accounts?q=${'x'.repeat(65)}`, { token: admin }), 422, 'invalid', 'q');
  // a clerk finds applicants, never staff
  const clerkSees = await find('q=officer', await login('clerk'));
  assert.equal(clerkSees.total, 0);
  assertError(await req('GET', '/api/v1/accounts?q=x', { token: await login(DEMO_PERSON) }), 403, 'forbidden');
});

test('a staff account made by an admin logs in and chooses its own password', async () => {
  const made = await staff('window8', ['clerk', 'officer']);
  assert.deepEqual(made.roles, ['clerk', 'officer']);
  assert.equal(made.must_change_password, true);
  const s = await req('POST', '/api/v1/session', { body: { login: 'window8', password: 'first-pass-1' } });
  assert.equal(s.status, 201, s.text);
  assert.equal(s.json.account.must_change_password, true);
  const token = s.json.token;
  // the password the admin chose is enough to choose one's own, once
  assertError(await req('POST', '/api/v1/me/password', { token, body: { password: 'short' } }), 422, 'invalid', 'password');
  const set = await req('POST', '/api/v1/me/password', { token, body: { password: 'my-own-pass-8' } });
  assert.equal(set.status, 200, set.text);
  assert.equal(set.json.must_change_password, false);
  // from then on the current password is asked for, and checked
  assertError(await req('POST', '/api/v1/me/password', { token, body: { password: 'another-pass-8' } }), 422, 'invalid', 'current_password');
  const wrong = assertError(await req('POST', '/api/v1/me/password', { token, body: { password: 'another-pass-8', current_password: 'first-pass-1' } }),
    422, 'invalid', 'current_password');
  assert.equal(wrong.reason, 'password_current_wrong');
  assert.equal(wrong.message, '当前密码不正确');
  const again = await req('POST', '/api/v1/me/password', { token, body: { password: 'another-pass-8', current_password: 'my-own-pass-8' } });
  assert.equal(again.status, 200, again.text);
  assertError(await req('POST', '/api/v1/session', { body: { login: 'window8', password: 'my-own-pass-8' },
    headers: { 'x-forwarded-for': '198.51.100.80' } }), 401, 'unauthenticated');
  assert.equal((await req('POST', '/api/v1/session', { body: { login: 'window8', password: 'another-pass-8' } })).status, 201);
  assert.deepEqual((await audit(made.id)).map((e) => e.action).filter((a) => a.startsWith('account.password')),
    ['account.password_change', 'account.password_change']);
  assertError(await req('POST', '/api/v1/me/password', { body: { password: 'another-pass-8' } }), 401, 'unauthenticated');
});

test('an admin changes roles, department, name and phone, audited; nobody else may', async () => {
  const admin = await login('admin');
  const made = await staff('window9');
  const body = { roles: ['supervisor', 'officer'], department: '市商务局', name: '九号窗口', phone: '13700000009' };
  for (const who of ['clerk', 'officer', 'supervisor', DEMO_PERSON])
    assertError(await req('PATCH', `/api/v1/accounts/${made.id}`, { token: await login(who), body }), 403, 'forbidden');
  assertError(await req('PATCH', `/api/v1/accounts/${made.id}`, { body }), 401, 'unauthenticated');
  const r = await req('PATCH', `/api/v1/accounts/${made.id}`, { token: admin, body });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.roles, ['officer', 'supervisor']);
  assert.equal(r.json.department.code, 'QD-SWJ');
  assert.equal(r.json.name, '九号窗口');
  assert.equal(r.json.phone, '13700000009');
  const entry = (await audit(made.id))[0];
  assert.equal(entry.action, 'account.update');
  assert.equal(entry.before.roles, 'clerk');
  assert.equal(entry.after.roles, 'officer supervisor');
  assert.equal(entry.after.phone, '137****0009'); // masked in the log as everywhere
  // the new roles hold at once: the account's next request is a supervisor's
  const token = await login('window9', 'first-pass-1');
  assert.equal((await req('GET', '/api/v1/overdue/tasks', { token })).status, 200);
  // bad input names its field and changes nothing
  const person = await req('GET', '/api/v1/me', { token: await login(DEMO_PERSON) });
  assert.equal(assertError(await req('PATCH', `/api/v1/accounts/${person.json.id}`, { token: admin, body: { roles: ['clerk'] } }),
    422, 'invalid', 'roles').reason, 'account_not_staff');
  assertError(await req('PATCH', `/api/v1/accounts/${person.json.id}`, { token: admin, body: { department: 'QD-SW' } }),
    422, 'invalid', 'department');
  assertError(await req('PATCH', `/api/v1/accounts/${made.id}`, { token: admin, body: { roles: ['emperor'] } }), 422, 'invalid', 'roles');
  assert.equal(assertError(await req('PATCH', `/api/v1/accounts/${made.id}`, { token: admin, body: { roles: [] } }),
    422, 'invalid', 'roles').reason, 'staff_roles');
  assertError(await req('PATCH', `/api/v1/accounts/${made.id}`, { token: admin, body: { roles: ['applicant'] } }), 422, 'invalid', 'roles');
  assertError(await req('PATCH', `/api/v1/accounts/${made.id}`, { token: admin, body: { phone: '110' } }), 422, 'invalid', 'phone');
  assertError(await req('PATCH', `/api/v1/accounts/${made.id}`, { token: admin, body: { department: '不存在局' } }), 404, 'not_found', 'department');
  assert.equal(assertError(await req('PATCH', `/api/v1/accounts/${made.id}`, { token: admin, body: {} }), 422, 'invalid').reason,
    'account_no_change');
  assertError(await req('PATCH', '/api/v1/accounts/no-such-id', { token: admin, body: { name: 'x' } }), 404, 'not_found');
  const after = await req('GET', `/api/v1/accounts/${made.id}`, { token: admin });
  assert.deepEqual(after.json.roles, ['officer', 'supervisor']);
  assert.equal(after.json.phone, '13700000009');
  // a phone is removed with ""
  const cleared = await req('PATCH', `/api/v1/accounts/${made.id}`, { token: admin, body: { phone: '' } });
  assert.equal(cleared.json.phone, null);
});

test('the last administrator keeps the role; another steps down; nobody disables themselves', async () => {
  const admin = await login('admin');
  const me = await req('GET', '/api/v1/me', { token: admin });
  const last = assertError(await req('PATCH', `/api/v1/accounts/${me.json.id}`, { token: admin, body: { roles: ['clerk'] } }),
    409, 'conflict', 'roles');
  assert.equal(last.reason, 'account_last_admin');
  assert.equal(last.message, '须至少保留一名启用的管理员：不能取消或停用最后一名管理员');
  assert.deepEqual((await req('GET', '/api/v1/me', { token: admin })).json.roles, ['admin']);
  // with a second administrator, either may step down
  const second = await staff('admin2', ['admin'], 'QD-DSJ');
  const token = await login('admin2', 'first-pass-1');
  const down = await req('PATCH', `/api/v1/accounts/${second.id}`, { token, body: { roles: ['clerk'] } });
  assert.equal(down.status, 200, down.text);
  assert.deepEqual(down.json.roles, ['clerk']);
  // and is no administrator from that moment
  assertError(await req('PATCH', `/api/v1/accounts/${second.id}`, { token, body: { roles: ['admin'] } }), 403, 'forbidden');
  assert.equal(assertError(await req('PATCH', `/api/v1/accounts/${me.json.id}`, { token: admin, body: { disabled: true } }),
    409, 'conflict').reason, 'account_disable_self');
});

test('a new password is shown once or sent by SMS; the old one and its sessions end', async () => {
  const admin = await login('admin');
  const id = idNumber('37020219880808101');
  const phone = '13700000081';
  const r = await req('POST', '/api/v1/accounts', { body: { kind: 'person', name: '重置测试', id_number: id, phone, password: 'old-pass-12' } });
  assert.equal(r.status, 201, r.text);
  const old = await login(id, 'old-pass-12');
  for (const who of ['clerk', 'officer', 'supervisor', DEMO_PERSON])
    assertError(await req('POST', `/api/v1/accounts/${r.json.id}/password`, { token: await login(who), body: { send: 'show' } }), 403, 'forbidden');
  assertError(await req('POST', `/api/v1/accounts/${r.json.id}/password`, { token: admin, body: { send: 'mail' } }), 422, 'invalid', 'send');
  const shown = await req('POST', `/api/v1/accounts/${r.json.id}/password`, { token: admin, body: { send: 'show' } });
  assert.equal(shown.status, 200, shown.text);
  assert.equal(shown.headers.get('cache-control'), 'no-store');
  assert.match(shown.json.password, /^[a-zA-Z2-9]{12}$/);
  assertError(await req('GET', '/api/v1/me', { token: old }), 401, 'unauthenticated');
  assertError(await req('POST', '/api/v1/session', { body: { login: id, password: 'old-pass-12' },
    headers: { 'x-forwarded-for': '198.51.100.81' } }), 401, 'unauthenticated');
  const s = await req('POST', '/api/v1/session', { body: { login: id, password: shown.json.password } });
  assert.equal(s.status, 201, s.text);
  assert.equal(s.json.account.must_change_password, true);
  // the same request again (its Idempotency-Key too) is never answered from a kept copy: another
  // password, which is then the one that works
  const key = { 'idempotency-key': 'reset-twice-1' };
  const one = await req('POST', `/api/v1/accounts/${r.json.id}/password`, { token: admin, body: { send: 'show' }, headers: key });
  const two = await req('POST', `/api/v1/accounts/${r.json.id}/password`, { token: admin, body: { send: 'show' }, headers: key });
  assert.equal(two.headers.get('idempotent-replayed'), null);
  assert.notEqual(one.json.password, two.json.password);
  assert.equal((await req('POST', '/api/v1/session', { body: { login: id, password: two.json.password } })).status, 201);

  // by SMS: the password goes to the phone, not into the answer, the outbox's list or the audit log
  const seen = smsTo(phone).length;
  const sent = await req('POST', `/api/v1/accounts/${r.json.id}/password`, { token: admin, body: { send: 'sms' } });
  assert.equal(sent.status, 200, sent.text);
  assert.equal(sent.json.sent, 'sms');
  assert.equal(sent.json.password, undefined);
  const text = await nextSms(phone, seen);
  const password = text.match(/新密码为([a-zA-Z2-9]{12})/)[1];
  assert.equal((await req('POST', '/api/v1/session', { body: { login: id, password } })).status, 201);
  const outbox = await req('GET', '/api/v1/outbox', { token: admin });
  const row = outbox.json.outbox.find((o) => o.recipient === phone);
  assert.equal(row.secret, true);
  assert.equal(row.text, null);
  assert.ok(!outbox.text.includes(password));
  const entries = await audit(r.json.id);
  assert.deepEqual(entries.filter((e) => e.action === 'account.password_reset').map((e) => e.after.sent), ['sms', 'shown', 'shown', 'shown']);
  assert.ok(!JSON.stringify(entries).includes(password));
  // an account without a phone cannot get one by SMS
  const nophone = await req('POST', '/api/v1/accounts', { body: { kind: 'person', name: '无手机', id_number: idNumber('37020219880808102'), password: 'old-pass-12' } });
  assert.equal(assertError(await req('POST', `/api/v1/accounts/${nophone.json.id}/password`, { token: admin, body: { send: 'sms' } }),
    409, 'conflict', 'send').reason, 'account_no_phone');
});

test('departments are renamed, keeping the old name as an alias, and disabled once nobody works there', async () => {
  const admin = await login('admin');
  const d = await req('POST', '/api/v1/departments', { token: admin,
    body: { code: 'QD-KEEP', name: '青岛市测试管理局', region_code: '370200', aliases: ['市测试局'] } });
  assert.equal(d.status, 201, d.text);
  assert.equal(d.json.disabled, false);
  for (const who of ['clerk', 'officer', 'supervisor'])
    assertError(await req('PATCH', '/api/v1/departments/QD-KEEP', { token: await login(who), body: { name: '别名' } }), 403, 'forbidden');
  const renamed = await req('PATCH', '/api/v1/departments/QD-KEEP', { token: admin, body: { name: '青岛市测试服务局' } });
  assert.equal(renamed.status, 200, renamed.text);
  assert.equal(renamed.json.name, '青岛市测试服务局');
  assert.deepEqual(renamed.json.aliases.sort(), ['市测试局', '青岛市测试管理局'].sort());
  assert.equal((await req('GET', `/api/v1/departments/${encodeURIComponent('青岛市测试管理局')}`)).json.code, 'QD-KEEP');
  assert.equal(assertError(await req('PATCH', '/api/v1/departments/QD-KEEP', { token: admin, body: { name: '青岛市行政审批服务局' } }),
    409, 'conflict', 'name').reason, 'department_exists');
  assertError(await req('PATCH', '/api/v1/departments/QD-KEEP', { token: admin, body: { name: 'x' } }), 422, 'invalid', 'name');
  assertError(await req('PATCH', '/api/v1/departments/QD-KEEP', { token: admin, body: {} }), 422, 'invalid');

  const worker = await staff('keeper1', ['officer'], 'QD-KEEP');
  const busy = assertError(await req('PATCH', '/api/v1/departments/QD-KEEP', { token: admin, body: { disabled: true } }), 409, 'conflict', 'disabled');
  assert.equal(busy.message, '该部门还有1个启用的工作人员账号：请先将他们调往其他部门或停用');
  assert.equal((await req('PATCH', `/api/v1/accounts/${worker.id}`, { token: admin, body: { disabled: true } })).status, 200);
  const off = await req('PATCH', '/api/v1/departments/QD-KEEP', { token: admin, body: { disabled: true } });
  assert.equal(off.status, 200, off.text);
  assert.equal(off.json.disabled, true);
  const closed = assertError(await req('POST', '/api/v1/accounts', { token: admin,
    body: { kind: 'staff', login: 'keeper2', name: '新人', department: 'QD-KEEP', roles: ['clerk'], password: 'first-pass-1' } }),
  409, 'conflict', 'department');
  assert.equal(closed.message, '部门“青岛市测试服务局”已停用，不能再加入工作人员');
  assertError(await req('PATCH', '/api/v1/accounts/' + (await staff('keeper3')).id, { token: admin, body: { department: 'QD-KEEP' } }),
    409, 'conflict', 'department');
  const listed = await req('GET', '/api/v1/departments');
  assert.equal(listed.json.departments.find((x) => x.code === 'QD-KEEP').disabled, true);
  const on = await req('PATCH', '/api/v1/departments/QD-KEEP', { token: admin, body: { disabled: false } });
  assert.equal(on.json.disabled, false);
  const history = await req('GET', `/api/v1/audit?object_type=department&object_id=${d.json.id}`, { token: admin });
  assert.deepEqual(history.json.entries.map((e) => e.action), ['department.enable', 'department.disable', 'department.update', 'department.create']);
});
