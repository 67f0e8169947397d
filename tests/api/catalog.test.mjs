// The item catalog over HTTP: an administrator adds items and edits them (each edit a new
// version, the old one still readable); anyone searches in Chinese (trigrams; LIKE below three
// characters) and reads items; other roles are refused; malformed bodies, unknown departments
// and regions, promised > statutory and bad materials are refused naming the field, and change
// nothing; the licensing list keeps its history; every write is in the audit log.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { req, login, assertError } from './lib.mjs';

const run = Date.now().toString(36).toUpperCase();
const item = (over = {}) => ({
  code: `T${run}-XK-001`,
  name: '营业执照（设立登记）',
  type: '行政许可',
  department: 'QD-SCJG',
  region: '370200',
  legal_basis: '《中华人民共和国市场主体登记管理条例》第二十一条',
  statutory_days: 15,
  promised_days: 1,
  fee_fen: 0,
  online_depth: '全程网办',
  visits: 0,
  keywords: ['开办企业', '设立登记'],
  materials: [
    { name: '公司登记（备案）申请书', requirement: 'required', accepted_as: ['upload'] },
    { name: '公司章程', requirement: 'required', accepted_as: ['upload'] },
    { name: '住所（经营场所）使用证明', requirement: 'required', accepted_as: ['pledge', 'certificate'], cert_type: '不动产权证书' },
  ],
  fields: [
    { key: 'entity.name', label: '企业名称', type: 'text', required: true, max_length: 100 },
    { key: 'entity.capital', label: '注册资本（万元）', type: 'number', min: 0 },
    { key: 'legal_rep.id_number', label: '法定代表人身份证号', type: 'id_number', required: true },
    { key: 'address.region', label: '住所所在区', type: 'region', required: true },
    { key: 'entity.kind', label: '企业类型', type: 'choice', options: ['有限责任公司', '股份有限公司'] },
  ],
  ...over,
});

let admin;
test('an administrator adds items; anyone reads them', async () => {
  admin = await login('admin');
  let r = await req('POST', '/api/v1/items', { token: admin, body: item() });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.version, 1);
  assert.deepEqual(r.json.department, { code: 'QD-SCJG', name: '青岛市市场监督管理局' });
  assert.equal(r.json.materials.length, 3);
  for (const [suffix, name, dept, type] of [
    ['XK-002', '营业执照（变更登记）', 'QD-SCJG', '行政许可'],
    ['XK-003', '公共场所卫生许可证核发', 'QD-WJW', '行政许可'],
    ['QR-001', '户口登记（出生）', 'QD-GA', '行政确认'],
  ]) {
    r = await req('POST', '/api/v1/items', {
      token: admin,
      body: item({ code: `T${run}-${suffix}`, name, department: dept, type, keywords: [`测试${run}`] }),
    });
    assert.equal(r.status, 201, r.text);
  }
  r = await req('GET', `/api/v1/items/T${run}-XK-001`);
  assert.equal(r.status, 200);
  assert.equal(r.json.name, '营业执照（设立登记）');
  assert.equal(r.json.region_name, '青岛市');
  assert.equal(r.json.fields[4].options[1], '股份有限公司');
  assert.equal(r.json.materials[2].cert_type, '不动产权证书');
  assertError(await req('GET', '/api/v1/items/NO-SUCH-ITEM'), 404, 'not_found');
  // the same code twice
  assertError(await req('POST', '/api/v1/items', { token: admin, body: item() }), 409, 'conflict', 'code');
});

test('search in Chinese: ranked, by keyword, filtered, paged', async () => {
  let r = await req('GET', `/api/v1/items?q=${encodeURIComponent('营业执照')}`);
  assert.equal(r.status, 200);
  assert.ok(r.json.total >= 2);
  assert.equal(r.json.items[0].name, '营业执照（设立登记）');
  const first = r.json.items[0];
  for (const k of ['code', 'name', 'department', 'type', 'promised_days', 'statutory_days', 'fee_fen', 'online_depth'])
    assert.ok(k in first, k);
  // two characters: by LIKE; the type's text counts
  // without q, the whole catalog in pages of up to 1000
  const whole = await req('GET', '/api/v1/items?limit=1000');
  assert.equal(whole.status, 200, whole.text);
  assert.ok(whole.json.items.length >= 60);
  assertError(await req('GET', '/api/v1/items?limit=1001'), 422, 'invalid', 'limit');
  r = await req('GET', `/api/v1/items?q=${encodeURIComponent('许可')}&limit=500`);
  const codes = r.json.items.map((i) => i.code);
  assert.ok(codes.includes(`T${run}-XK-003`) && codes.includes(`T${run}-XK-001`));
  assert.ok(!codes.includes(`T${run}-QR-001`));
  // a keyword
  r = await req('GET', `/api/v1/items?q=${encodeURIComponent(`测试${run}`)}`);
  assert.equal(r.json.total, 3);
  r = await req('GET', `/api/v1/items?q=${encodeURIComponent(`测试${run}`)}&department=QD-GA`);
  assert.equal(r.json.total, 1);
  assert.equal(r.json.items[0].code, `T${run}-QR-001`);
  r = await req('GET', `/api/v1/items?q=${encodeURIComponent(`测试${run}`)}&type=${encodeURIComponent('行政许可')}&limit=1&offset=1`);
  assert.equal(r.json.total, 2);
  assert.equal(r.json.items.length, 1);
  assertError(await req('GET', '/api/v1/items?type=licence'), 422, 'invalid', 'type');
  assertError(await req('GET', '/api/v1/items?limit=0'), 422, 'invalid', 'limit');
});

test('only administrators write', async () => {
  const body = item({ code: `T${run}-XK-099` });
  assertError(await req('POST', '/api/v1/items', { body }), 401, 'unauthenticated');
  for (const who of ['officer', 'clerk', 'supervisor']) {
    const token = await login(who);
    assertError(await req('POST', '/api/v1/items', { token, body }), 403, 'forbidden');
    assertError(await req('PUT', `/api/v1/items/T${run}-XK-001`, { token, body: item() }), 403, 'forbidden');
  }
  assertError(await req('GET', `/api/v1/items/T${run}-XK-099`), 404, 'not_found');
});

test('bad bodies are refused naming the field, and change nothing', async () => {
  const post = (body) => req('POST', '/api/v1/items', { token: admin, body });
  let r = await req('POST', '/api/v1/items', { token: admin, raw: '{"code": "X",' });
  assertError(r, 400, 'bad_request');
  assertError(await post(item({ code: `T${run}-B1`, department: 'QD-NOPE' })), 422, 'invalid', 'department');
  assertError(await post(item({ code: `T${run}-B2`, region: '379999' })), 422, 'invalid', 'region');
  const e = assertError(await post(item({ code: `T${run}-B3`, promised_days: 20 })), 422, 'invalid', 'promised_days');
  assert.equal(e.reason, 'item_promised_over_statutory');
  const mats = item().materials;
  mats[2] = { ...mats[2], accepted_as: ['fax'] };
  assertError(await post(item({ code: `T${run}-B4`, materials: mats })), 422, 'invalid', '/materials/2/accepted_as');
  mats[2] = { name: '证明', requirement: 'required', accepted_as: ['certificate'] };
  assertError(await post(item({ code: `T${run}-B5`, materials: mats })), 422, 'invalid', '/materials/2/cert_type');
  mats[2] = { name: '证明', requirement: 'sometimes', accepted_as: ['upload'] };
  assertError(await post(item({ code: `T${run}-B6`, materials: mats })), 422, 'invalid', '/materials/2/requirement');
  const fields = item().fields;
  fields[1] = { ...fields[1], key: 'Entity Capital' };
  assertError(await post(item({ code: `T${run}-B7`, fields })), 422, 'invalid', '/fields/1/key');
  assertError(await post(item({ code: `T${run}-B8`, fee_fen: -5 })), 422, 'invalid', 'fee_fen');
  assertError(await post(item({ code: `T${run}-B9`, type: '许可' })), 422, 'invalid', 'type');
  assertError(await post(item({ code: `T${run}-B10`, colour: 'red' })), 422, 'invalid', 'colour');
  r = await req('GET', `/api/v1/items?q=${encodeURIComponent(`T${run}-B`)}`);
  assert.equal(r.json.total, 0);
});

test('an edit makes version 2; version 1 stays readable; the same content makes none', async () => {
  const code = `T${run}-XK-001`;
  let r = await req('PUT', `/api/v1/items/${code}`, { token: admin, body: item({ promised_days: 0, fee_fen: 1000 }) });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.version, 2);
  assert.equal(r.json.changed, true);
  r = await req('PUT', `/api/v1/items/${code}`, { token: admin, body: { ...item({ promised_days: 0, fee_fen: 1000 }), code: undefined } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.version, 2);
  assert.equal(r.json.changed, false);
  r = await req('GET', `/api/v1/items/${code}`);
  assert.equal(r.json.version, 2);
  assert.equal(r.json.fee_fen, 1000);
  r = await req('GET', `/api/v1/items/${code}?version=1`);
  assert.equal(r.status, 200);
  assert.equal(r.json.version, 1);
  assert.equal(r.json.current_version, 2);
  assert.equal(r.json.fee_fen, 0);
  assert.equal(r.json.promised_days, 1);
  assertError(await req('GET', `/api/v1/items/${code}?version=3`), 404, 'not_found', 'version');
  assertError(await req('PUT', `/api/v1/items/${code}`, { token: admin, body: item({ code: 'OTHER-1' }) }), 422, 'invalid', 'code');
  assertError(await req('PUT', `/api/v1/items/T${run}-NONE`, { token: admin, body: item({ code: undefined }) }), 404, 'not_found');
  // the licensing list and its history
  r = await req('GET', '/api/v1/catalog/licensing');
  assert.equal(r.status, 200);
  assert.ok(r.json.items.every((i) => i.type === '行政许可'));
  const mine = r.json.changes.filter((c) => c.code === code);
  assert.deepEqual(mine.map((c) => c.version), [2, 1]);
  assert.equal(mine[1].change, 'added');
  // audited
  const id = (await req('GET', `/api/v1/items/${code}`)).json.id;
  r = await req('GET', `/api/v1/audit?object_type=item&object_id=${id}`, { token: admin });
  assert.equal(r.status, 200, r.text);
  assert.ok(r.text.includes('catalog.item_update') && r.text.includes('catalog.item_create'));
});
