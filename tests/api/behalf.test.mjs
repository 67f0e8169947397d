// 帮办代办 over HTTP, as a clerk works at the window: the applicant found by ID number, USCC or
// part of a name (accounts, and the registry's enterprises without one), with what is known to
// prefill; a walk-in person without an account made on the spot (no password: it cannot log in
// until its owner claims it by the phone), refused for anyone but a clerk and named on a second
// try; a submission refused with every problem at once (`errors` beside `error`); and a 容缺
// due date after the case's own deadline accepted only with the clerk's reason, kept beside it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { req, login, assertError, itemForm, uploadPdf, dayAfter, idNumber, uscc, DEMO_PERSON, DEMO_ENTERPRISE } from './lib.mjs';

const ITEM = 'QD-SCJG-XK-0005'; // 食品经营许可证核发: 5 promised working days
// a walk-in's ID number of this run: a Qingdao birth in 1985 with a serial from the clock
const WALK_IN = idNumber(`370203198506${String(10 + (Date.now() % 18)).padStart(2, '0')}${String(Date.now() % 1000).padStart(3, '0')}`);

// an individual business of the registry, without an account
const BARE = uscc('92370203', `MA${String(Date.now() % 1000000).padStart(6, '0')}`);

const audit = async (id) => (await req('GET', `/api/v1/audit?object_type=account&object_id=${id}`,
  { token: await login('admin') })).json.entries;

test('a clerk makes a walk-in account without a password; it cannot log in, and the audit names the clerk and the window', async () => {
  const clerk = await login('clerk');
  const r = await req('POST', '/api/v1/accounts', { token: clerk,
    body: { kind: 'person', id_number: WALK_IN, name: '王窗口', phone: '13912340001' } });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.kind, 'person');
  assert.equal(r.json.login, WALK_IN);
  assert.equal(r.json.id_number, WALK_IN); // the clerk sees it whole
  assert.equal(r.json.phone, '13912340001');
  assert.deepEqual(r.json.roles, ['applicant']);
  // no password matches it: no login until its owner claims it
  for (const password of ['yiwang2026', 'anything-at-all']) {
    assertError(await req('POST', '/api/v1/session', { body: { login: WALK_IN, password } }), 401, 'unauthenticated');
  }
  const me = (await req('GET', '/api/v1/me', { token: clerk })).json;
  const [entry] = await audit(r.json.id);
  assert.equal(entry.action, 'account.create');
  assert.equal(entry.actor, me.id);
  assert.equal(entry.after.walk_in, true);
  assert.equal(entry.after.window, me.department.name);
  assert.equal(entry.after.phone, '139****0001'); // masked in the log, as every account's

  // a second walk-in with the same ID number: a conflict naming it; the first account stays
  const again = assertError(await req('POST', '/api/v1/accounts', { token: clerk,
    body: { kind: 'person', id_number: WALK_IN, name: '王窗口', phone: '13912340002' } }), 409, 'conflict', 'id_number');
  assert.equal(again.reason, 'account_exists');
  assert.equal(again.message, '该身份证号码已被注册');
  // … which the clerk finds by that number and files for
  const found = await req('GET', `/api/v1/applicants?q=${WALK_IN.toLowerCase()}`, { token: clerk });
  assert.equal(found.status, 200, found.text);
  assert.deepEqual(found.json.applicants.map((a) => a.account_id), [r.json.id]);
  assert.equal(found.json.applicants[0].phone, '13912340001');
  const upload = await uploadPdf(clerk, '申请书.pdf', 'walk-in');
  const s = await req('POST', '/api/v1/cases', { token: clerk, body: {
    item: ITEM, form: { ...(await itemForm(ITEM)), 'legal_rep.name': '王窗口' }, on_behalf_of: r.json.id,
    materials: [
      { name: '食品经营许可申请书', provided_as: 'upload', upload },
      { name: '营业执照', provided_as: 'upload', upload },
      { name: '食品安全管理制度', provided_as: 'pledge' },
      { name: '经营场所平面布局图', provided_as: 'upload', upload },
      { name: '主要设备设施清单', provided_as: 'deferred' },
    ] } });
  assert.equal(s.status, 201, s.text);
  assert.equal(s.json.applicant.name, '王窗口');
  assert.equal(s.json.on_behalf, true);
});

test('only a clerk makes an account without a password; its phone and ID number are checked, and nothing is made on a refusal', async () => {
  const other = idNumber('37020319851201777');
  const body = { kind: 'person', id_number: other, name: '赵无号', phone: '13912340003' };
  for (const who of [DEMO_PERSON, 'officer', 'supervisor']) {
    const e = assertError(await req('POST', '/api/v1/accounts', { token: await login(who), body }), 403, 'forbidden', 'password');
    assert.equal(e.reason, 'account_walk_in_clerk_only');
  }
  // nobody logged in registers with a password
  assert.equal(assertError(await req('POST', '/api/v1/accounts', { body }), 422, 'invalid', 'password').reason, 'field_required');
  const clerk = await login('clerk');
  const { phone, ...noPhone } = body;
  const e = assertError(await req('POST', '/api/v1/accounts', { token: clerk, body: noPhone }), 422, 'invalid', 'phone');
  assert.equal(e.reason, 'account_walk_in_phone');
  assert.equal(e.message, '请填写办事人的手机号码：本人日后凭此号码收到的验证码认领账号');
  assertError(await req('POST', '/api/v1/accounts', { token: clerk, body: { ...body, phone: '1391234000' } }), 422, 'invalid', 'phone');
  assertError(await req('POST', '/api/v1/accounts', { token: clerk, body: { ...body, id_number: other.slice(0, 17) + (other[17] === '1' ? '2' : '1') } }),
    422, 'invalid', 'id_number');
  // a clerk makes no staff account, with a password or without
  assertError(await req('POST', '/api/v1/accounts', { token: clerk,
    body: { kind: 'staff', login: 'window2', name: '窗口二', department: 'QD-XZSP', roles: ['clerk'] } }), 403, 'forbidden');
  const none = await req('GET', `/api/v1/applicants?q=${other}`, { token: clerk });
  assert.deepEqual(none.json.applicants, []);
  assert.equal(phone, '13912340003');
});

test('the clerk finds an applicant by ID number, USCC or name, with the registry beside an enterprise', async () => {
  const clerk = await login('clerk');
  const person = await req('GET', `/api/v1/applicants?q=${DEMO_PERSON}`, { token: clerk });
  assert.equal(person.status, 200, person.text);
  assert.equal(person.json.applicants.length, 1);
  assert.equal(person.json.applicants[0].kind, 'person');
  assert.equal(person.json.applicants[0].id_number, DEMO_PERSON);
  assert.equal(person.json.applicants[0].registry, null);
  const byName = await req('GET', `/api/v1/applicants?q=${encodeURIComponent(person.json.applicants[0].name.slice(1))}`, { token: clerk });
  assert.ok(byName.json.applicants.some((a) => a.account_id === person.json.applicants[0].account_id));

  const ent = await req('GET', `/api/v1/applicants?q=${DEMO_ENTERPRISE}`, { token: clerk });
  const [e] = ent.json.applicants;
  assert.equal(e.kind, 'enterprise');
  assert.ok(e.account_id);
  assert.equal(e.uscc, DEMO_ENTERPRISE);
  const registered = await req('GET', `/api/v1/entities/${DEMO_ENTERPRISE}`, { token: clerk });
  if (registered.status === 200) {
    assert.equal(e.registry.legal_rep, registered.json.legal_rep);
    assert.equal(e.registry.region, registered.json.region);
    assert.equal(e.registry.region_name, registered.json.region_name);
  }

  // an enterprise of the registry without an account: found by its USCC and by part of its name
  const registered2 = await req('POST', '/api/v1/entities', { token: await login('officer'), body: {
    uscc: BARE, name: '青岛市市北区窗口代办测试小吃店', kind: 'individual_business', legal_rep: '钱经营', capital_fen: 50000,
    industry: '6210', region: '370203', established_on: '2021-05-01', scale: 'micro', employees: 2, revenue_fen: 0,
    rd_ratio_bp: 0, labels: [], credit: 'B' } });
  assert.equal(registered2.status, 201, registered2.text);
  const bare = registered2.json;
  const byUscc = (await req('GET', `/api/v1/applicants?q=${bare.uscc.toLowerCase()}`, { token: clerk })).json.applicants;
  assert.deepEqual(byUscc, [{ account_id: null, kind: 'enterprise', name: bare.name, id_number: null, uscc: bare.uscc, phone: null,
    registry: { name: bare.name, legal_rep: bare.legal_rep, region: bare.region, region_name: bare.region_name, kind: bare.kind, status: bare.status } }]);
  const part = [...bare.name].slice(2, 6).join('');
  const byPart = (await req('GET', `/api/v1/applicants?q=${encodeURIComponent(part)}`, { token: clerk })).json.applicants;
  assert.ok(byPart.some((a) => a.uscc === bare.uscc), part);
  assert.ok(byPart.length <= 20);

  // a LIKE's own characters are text: % finds nothing that has none
  assert.ok((await req('GET', '/api/v1/applicants?q=%25', { token: clerk })).json.applicants.every((a) => a.name.includes('%')));
  assertError(await req('GET', '/api/v1/applicants', { token: clerk }), 422, 'invalid', 'q');
  for (const who of [DEMO_PERSON, 'officer']) {
    assertError(await req('GET', `/api/v1/applicants?q=${DEMO_PERSON}`, { token: await login(who) }), 403, 'forbidden');
  }
  assertError(await req('GET', `/api/v1/applicants?q=${DEMO_PERSON}`), 401, 'unauthenticated');
});

test('a refused submission names every problem at once, the first as its error, and makes nothing', async () => {
  const clerk = await login('clerk');
  const applicant = (await req('GET', `/api/v1/applicants?q=${DEMO_PERSON}`, { token: clerk })).json.applicants[0];
  const before = (await req('GET', '/api/v1/cases?state=submitted&limit=500', { token: clerk })).json.total;
  const form = { ...(await itemForm(ITEM)), 'entity.uscc': '91370202MA3CXK7T00', 'business.scope': '烧烤' };
  delete form['address.detail'];
  form['no.such'] = 'x';
  const upload = await uploadPdf(clerk, '申请书.pdf', 'problems');
  const r = await req('POST', '/api/v1/cases', { token: clerk, body: { item: ITEM, form, on_behalf_of: applicant.account_id,
    materials: [
      { name: '食品经营许可申请书', provided_as: 'upload', upload },
      { name: '营业执照', provided_as: 'upload' },
      { name: '食品安全管理制度', provided_as: 'deferred' },
    ] } });
  const first = assertError(r, 422, 'invalid', '/form/no.such');
  const errors = r.json.errors;
  assert.deepEqual(errors[0], first);
  assert.deepEqual(errors.map((e) => e.field), ['/form/no.such', '/form/entity.uscc', '/form/address.detail', '/form/business.scope',
    '/materials/1/upload', '/materials/2', 'materials', 'materials']);
  assert.deepEqual(errors.map((e) => e.reason), ['case_field_unknown', 'uscc_organization_check', 'case_field_required', 'case_field_option',
    'case_upload_required', 'case_material_not_accepted_as', 'case_material_missing', 'case_material_missing']);
  assert.equal(errors[2].message, '请填写“详细地址”');
  assert.deepEqual(errors.slice(6).map((e) => e.message), ['还缺少必交材料：经营场所平面布局图', '还缺少必交材料：主要设备设施清单']);
  const en = await req('POST', '/api/v1/cases', { token: clerk, headers: { 'accept-language': 'en' },
    body: { item: ITEM, form, on_behalf_of: applicant.account_id, materials: [] } });
  assert.equal(en.json.errors.find((e) => e.field === '/form/address.detail').message, '详细地址 is required');
  // a refusal of who or what is one error, without a list
  const who = await req('POST', '/api/v1/cases', { token: clerk, body: { item: 'NO-SUCH', form, on_behalf_of: applicant.account_id } });
  assertError(who, 404, 'not_found');
  assert.equal(who.json.errors, undefined);
  assert.equal((await req('GET', '/api/v1/cases?state=submitted&limit=500', { token: clerk })).json.total, before);
});

test('a 补交 date after the case\'s own deadline needs the clerk\'s reason, kept beside it', async () => {
  const clerk = await login('clerk');
  const person = await login(DEMO_PERSON);
  const upload = await uploadPdf(person, '申请书.pdf', 'due reason');
  const submit = async () => {
    const s = await req('POST', '/api/v1/cases', { token: person, body: { item: ITEM, form: await itemForm(ITEM), materials: [
      { name: '食品经营许可申请书', provided_as: 'upload', upload },
      { name: '营业执照', provided_as: 'upload', upload },
      { name: '食品安全管理制度', provided_as: 'pledge' },
      { name: '经营场所平面布局图', provided_as: 'upload', upload },
      { name: '主要设备设施清单', provided_as: 'deferred' },
    ] } });
    assert.equal(s.status, 201, s.text);
    return s.json.id;
  };
  const id = await submit();
  const accept = (deferred) => req('POST', `/api/v1/cases/${id}/accept`, { token: clerk, body: { deferred: [deferred] } });
  // five working days: never before today + 7 calendar days, so a month later is after it
  const late = dayAfter(30);
  const e = assertError(await accept({ material: '主要设备设施清单', due_date: late }), 422, 'invalid', '/deferred/0/due_reason');
  assert.equal(e.reason, 'case_due_after_deadline');
  assert.match(e.message, new RegExp(`^容缺材料“主要设备设施清单”的补交期限${late}晚于本办件的办结期限\\d{4}-\\d\\d-\\d\\d，请写明理由$`));
  const en = await req('POST', `/api/v1/cases/${id}/accept`, { token: clerk, headers: { 'accept-language': 'en' },
    body: { deferred: [{ material: '主要设备设施清单', due_date: late }] } });
  assert.match(en.json.error.message, /^the deferred material 主要设备设施清单 is due \d{4}-\d\d-\d\d, after the case's own deadline \d{4}-\d\d-\d\d: give the reason$/);
  // an ideographic space is no reason
  assert.equal(assertError(await accept({ material: '主要设备设施清单', due_date: late, due_reason: '\u3000' }), 422, 'invalid',
    '/deferred/0/due_reason').reason, 'case_due_after_deadline');
  assert.equal((await req('GET', `/api/v1/cases/${id}`, { token: clerk })).json.state, 'submitted'); // nothing changed
  const a = await accept({ material: '主要设备设施清单', due_date: late, due_reason: '设备清单须待供货商出具' });
  assert.equal(a.status, 200, a.text);
  assert.ok(a.json.deadline < late, `${a.json.deadline} < ${late}`);
  const owed = a.json.materials.find((m) => m.name === '主要设备设施清单');
  assert.deepEqual([owed.due_date, owed.due_reason], [late, '设备清单须待供货商出具']);
  assert.equal((await req('GET', `/api/v1/cases/${id}`, { token: person })).json.materials
    .find((m) => m.name === '主要设备设施清单').due_reason, '设备清单须待供货商出具'); // the applicant reads it too

  // within the deadline no reason is asked, and none is kept
  const id2 = await submit();
  const b = await req('POST', `/api/v1/cases/${id2}/accept`, { token: clerk,
    body: { deferred: [{ material: '主要设备设施清单', due_date: dayAfter(1) }] } });
  assert.equal(b.status, 200, b.text);
  assert.equal(b.json.materials.find((m) => m.name === '主要设备设施清单').due_reason, null);
});
