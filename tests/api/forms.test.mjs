// Forms a real applicant can fill (issue 15): a bundle asks only what its questionnaire's answers
// need — a new shop no 统一社会信用代码 and no 营业执照, a 个体工商户 its 经营者 — and the server
// checks the same rules; the field types people type into (mobile, landline, postcode, an amount
// in 元 kept in fen) refused naming the field in both languages; the rules of a bundle checked
// when an administrator saves it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { req, login, assertError, bundleForm, provideMaterials, fillForm, DEMO_PERSON, DEMO_ENTERPRISE } from './lib.mjs';

const NEW = '新开店，还没有营业执照';
const EXISTING = '已有营业执照';
const shop = (newShop, kind) => ({ new_shop: newShop, sells_cooked_food: true, entity_kind: kind, has_employees: false });
const formFor = (answers) => req('POST', '/api/v1/bundles/YJS-CYKB/form', { body: { answers } });
const field = (f, key) => f.json.fields.find((x) => x.key === key);
const material = (f, name) => f.json.materials.find((m) => m.name === name);
const submit = (token, body) => req('POST', '/api/v1/cases', { token, body });

test('a new 个体工商户 is asked neither a USCC nor a licence, and is asked for its 经营者', async () => {
  const f = await formFor(shop(NEW, '个体工商户'));
  assert.equal(f.status, 200, f.text);
  assert.deepEqual(f.json.items.map((i) => i.code).filter((c) => c.startsWith('QD-SCJG-XK-000')),
    ['QD-SCJG-XK-0004', 'QD-SCJG-XK-0005']);
  assert.equal(field(f, 'entity.uscc'), undefined);
  assert.equal(material(f, '营业执照'), undefined);
  assert.equal(field(f, 'legal_rep.name').label, '经营者姓名');
  assert.equal(field(f, 'legal_rep.id_number').label, '经营者身份证号');
  assert.ok(!JSON.stringify(f.json.fields).includes('法定代表人'));
  // the food licence still asks its own material; the ID card says it may one day be a certificate
  const id = material(f, '申请人居民身份证');
  assert.ok(id.accepted_as.includes('certificate') && id.accepted_as.includes('upload'));
  assert.equal(id.cert_type, '居民身份证');

  // a company that already has its licence: the USCC and the licence (a certificate one day) are asked
  const old = await formFor(shop(EXISTING, '企业'));
  assert.equal(old.status, 200, old.text);
  assert.ok(!old.json.items.some((i) => i.code === 'QD-SCJG-XK-0001' || i.code === 'QD-SCJG-XK-0004'));
  assert.equal(field(old, 'entity.uscc').required, true);
  assert.equal(field(old, 'legal_rep.name').label, '法定代表人姓名');
  const licence = material(old, '营业执照');
  assert.equal(licence.cert_type, '营业执照');
  assert.deepEqual(licence.accepted_as, ['certificate', 'upload']);
  // a new company: 法定代表人, still no USCC
  const company = await formFor(shop(NEW, '企业'));
  assert.equal(field(company, 'legal_rep.name').label, '法定代表人姓名');
  assert.equal(field(company, 'entity.uscc'), undefined);
  assert.equal(material(company, '营业执照'), undefined);
});

// A copy of 开办餐饮店 under a code of the test's own, so that the cases submitted here leave the
// demo bundle's figures to the tests that count them.
async function copyOfRestaurant() {
  const admin = await login('admin');
  const b = (await req('GET', '/api/v1/bundles/YJS-CYKB')).json;
  const code = 'T-SHOP-' + Date.now().toString(36).toUpperCase();
  const r = await req('POST', '/api/v1/bundles', { token: admin, body: {
    code, name: '开办餐饮店（测试）', lead_department: b.lead_department.code, questions: b.questions,
    items: b.items.map(({ code: c, condition }) => (condition ? { code: c, condition } : { code: c })),
    fields: b.fields, materials: b.materials,
  } });
  assert.equal(r.status, 201, r.text);
  return code;
}

test('the server asks what the answers ask: not-asked fields are refused, asked ones required', async () => {
  const person = await login(DEMO_PERSON);
  const CODE = await copyOfRestaurant();
  const answers = shop(NEW, '个体工商户');
  const { form, materials: asked } = await bundleForm(CODE, answers);
  const materials = await provideMaterials(person, asked);
  // what is not asked is not taken: a USCC, a licence
  const uscc = await submit(person, { bundle: CODE, answers, form: { ...form, 'entity.uscc': DEMO_ENTERPRISE }, materials });
  assert.equal(assertError(uscc, 422, 'invalid', '/form/entity.uscc').reason, 'case_field_unknown');
  const licence = await submit(person, {
    bundle: CODE, answers, form,
    materials: [...materials, { name: '营业执照', provided_as: 'upload', upload: materials.find((m) => m.upload)?.upload }],
  });
  assert.equal(assertError(licence, 422, 'invalid', `/materials/${materials.length}`).reason, 'case_material_unknown');
  // the 经营者 asked and missing: refused naming it by the label the form asked it by
  const { ['legal_rep.name']: _, ...withoutName } = form;
  const noName = await submit(person, { bundle: CODE, answers, form: withoutName, materials });
  const e = assertError(noName, 422, 'invalid', '/form/legal_rep.name');
  assert.equal(e.reason, 'case_field_required');
  assert.equal(e.message, '请填写“经营者姓名”');
  // the whole form as asked: one case
  const ok = await submit(person, { bundle: CODE, answers, form, materials });
  assert.equal(ok.status, 201, ok.text);
  assert.equal(ok.json.form['entity.uscc'], undefined);

  // an existing shop without its USCC: refused naming it
  const enterprise = await login(DEMO_ENTERPRISE);
  const existing = shop(EXISTING, '企业');
  const old = await bundleForm(CODE, existing);
  const oldMaterials = await provideMaterials(enterprise, old.materials);
  assert.ok(oldMaterials.some((m) => m.name === '营业执照' && m.provided_as === 'upload'));
  const { ['entity.uscc']: __, ...withoutUscc } = old.form;
  const missing = await submit(enterprise, { bundle: CODE, answers: existing, form: withoutUscc, materials: oldMaterials });
  assert.equal(assertError(missing, 422, 'invalid', '/form/entity.uscc').reason, 'case_field_required');
  // and without its licence, named among the missing materials
  const noLicence = await submit(enterprise, {
    bundle: CODE, answers: existing, form: old.form, materials: oldMaterials.filter((m) => m.name !== '营业执照'),
  });
  assert.match(assertError(noLicence, 422, 'invalid', 'materials').message, /营业执照/);
  // the licence it holds stands in for the upload (免提交): the demo's 营业执照
  const cert = await submit(enterprise, {
    bundle: CODE, answers: existing, form: old.form,
    materials: oldMaterials.map((m) => (m.name === '营业执照' ? { name: m.name, provided_as: 'certificate' } : m)),
  });
  assert.equal(cert.status, 201, cert.text);
  const reused = cert.json.materials.find((m) => m.name === '营业执照');
  assert.equal(reused.provided_as, 'certificate');
  assert.equal(reused.upload, null);
  assert.equal(reused.certificate.type, '营业执照');
  assert.equal(reused.certificate.status, 'valid');
  const done = await submit(enterprise, { bundle: CODE, answers: existing, form: old.form, materials: oldMaterials });
  assert.equal(done.status, 201, done.text);
});

// The item 营业执照（设立登记）: 联系电话 mobile, 固定电话 landline, 邮政编码 postcode, 注册资本 in 元.
const ITEM = 'QD-SCJG-XK-0001';
async function itemBody(token, patch) {
  const r = await req('GET', `/api/v1/items/${ITEM}`);
  assert.equal(r.status, 200, r.text);
  const materials = await provideMaterials(token, r.json.materials);
  return { item: ITEM, form: { ...fillForm(r.json.fields), ...patch }, materials };
}

test('the field types people type into: good values taken, bad ones refused naming the field in both languages', async () => {
  const r = await req('GET', `/api/v1/items/${ITEM}`);
  const types = Object.fromEntries(r.json.fields.map((f) => [f.key, f.type]));
  assert.equal(types['contact.phone'], 'mobile');
  assert.equal(types['contact.landline'], 'landline');
  assert.equal(types['address.postcode'], 'postcode');
  assert.equal(types['entity.capital'], 'yuan');
  const person = await login(DEMO_PERSON);
  const bad = [
    ['contact.phone', '1390000000', 'case_field_mobile', '“联系电话”应为11位手机号码，以1开头，第二位为3至9',
      '联系电话 must be a mobile number of 11 digits: 1, then 3 to 9'],
    ['contact.phone', '12900000005', 'case_field_mobile'],
    ['contact.phone', '139-0000-0005', 'case_field_mobile'],
    ['contact.phone', 13900000005, 'case_field_mobile'],
    ['contact.landline', '88886666', 'case_field_landline', '“固定电话”应为带区号的固定电话，如0532-88886666，分机号写在“-”或“转”之后',
      '固定电话 must be a landline with its area code, as 0532-88886666, an extension after - or 转'],
    ['contact.landline', '0532-1888666', 'case_field_landline'],
    ['contact.landline', '0532-88886666-', 'case_field_landline'],
    ['address.postcode', '26607', 'case_field_postcode', '“邮政编码”应为6位数字的邮政编码', '邮政编码 must be a postal code of 6 digits'],
    ['address.postcode', '2660710', 'case_field_postcode'],
    ['entity.capital', '五十万', 'case_field_yuan', '“注册资本（元）”应为以元为单位的金额，如1200或1200.50',
      '注册资本（元） must be an amount in yuan, as 1200 or 1200.50'],
    ['entity.capital', 500000, 'case_field_yuan'],
    ['entity.capital', '-5', 'case_field_yuan'],
    ['entity.capital', '1,000', 'case_field_yuan'],
    ['entity.capital', '1000.125', 'case_field_yuan_decimals', '“注册资本（元）”最多填写两位小数（到分）',
      '注册资本（元） takes at most two decimals (to the fen)'],
    ['entity.capital', '2000000000000', 'case_field_yuan_range', '“注册资本（元）”应在0.00元至1000000000000.00元之间',
      '注册资本（元） must be from 0.00 to 1000000000000.00 yuan'],
  ];
  const before = (await req('GET', '/api/v1/cases?mine=true', { token: person })).json.total;
  for (const [key, value, reason, zh, en] of bad) {
    const body = await itemBody(person, { [key]: value });
    const r1 = await submit(person, body);
    const e = assertError(r1, 422, 'invalid', `/form/${key}`);
    assert.equal(e.reason, reason, `${key} = ${value}`);
    if (zh) assert.equal(e.message, zh);
    if (en) {
      const r2 = await req('POST', '/api/v1/cases', { token: person, body, headers: { 'accept-language': 'en' } });
      assert.equal(r2.json.error.message, en);
    }
  }
  assert.equal((await req('GET', '/api/v1/cases?mine=true', { token: person })).json.total, before, 'nothing written');

  // good values: a landline with or without its hyphen and with an extension; 元 kept as fen
  for (const [landline, capital, fen] of [['0532-88886666', '500000', 50000000], ['053288886666', '1200.5', 120050],
    ['010-62345678转8001', '0.07', 7]]) {
    const body = await itemBody(person, { 'contact.landline': landline, 'entity.capital': capital, 'address.postcode': '266071' });
    const ok = await submit(person, body);
    assert.equal(ok.status, 201, ok.text);
    assert.equal(ok.json.form['entity.capital'], fen);
    assert.equal(ok.json.form['contact.landline'], landline);
    const read = await req('GET', `/api/v1/cases/${ok.json.id}`, { token: person });
    assert.equal(read.json.form['entity.capital'], fen);
  }
  // an optional landline and postcode may be left out
  const body = await itemBody(person, {});
  delete body.form['contact.landline'];
  delete body.form['address.postcode'];
  assert.equal((await submit(person, body)).status, 201);
});

test('an administrator saves a bundle with rules for its form; rules that change nothing or name nothing are refused', async () => {
  const admin = await login('admin');
  const code = 'T-FORMS-' + Date.now().toString(36).toUpperCase();
  const bundle = (extra) => ({
    code, name: '测试一件事（表单规则）', name_en: 'A test bundle', lead_department: 'QD-SCJG',
    questions: [{ key: 'has_licence', label: '是否已有营业执照', kind: 'yes_no' }],
    items: [{ code: 'QD-SCJG-XK-0005' }, { code: 'QD-SW-QR-0001' }],
    ...extra,
  });
  const has = { '==': [{ var: 'has_licence' }, true] };
  const saved = await req('POST', '/api/v1/bundles', { token: admin, body: bundle({
    fields: [{ key: 'entity.uscc', condition: has }, { key: 'legal_rep.name', label: '负责人姓名' }],
    materials: [{ name: '营业执照', condition: has }],
  }) });
  assert.equal(saved.status, 201, saved.text);
  assert.equal(saved.json.name_en, 'A test bundle');
  assert.deepEqual(saved.json.fields, [{ key: 'entity.uscc', condition: has }, { key: 'legal_rep.name', label: '负责人姓名' }]);
  assert.deepEqual(saved.json.materials, [{ name: '营业执照', condition: has }]);
  const yes = await req('POST', `/api/v1/bundles/${code}/form`, { body: { answers: { has_licence: true } } });
  const no = await req('POST', `/api/v1/bundles/${code}/form`, { body: { answers: { has_licence: false } } });
  assert.ok(field(yes, 'entity.uscc') && material(yes, '营业执照'));
  assert.ok(!field(no, 'entity.uscc') && !material(no, '营业执照'));
  assert.equal(field(no, 'legal_rep.name').label, '负责人姓名');

  const refused = async (extra, reason, at) => {
    const r = await req('PUT', `/api/v1/bundles/${code}`, { token: admin, body: bundle(extra) });
    assert.equal(assertError(r, 422, 'invalid', at).reason, reason, r.text);
  };
  await refused({ fields: [{ key: 'pet.name', condition: has }] }, 'bundle_field_unknown', '/fields/0/key');
  await refused({ materials: [{ name: '宠物证明', condition: has }] }, 'bundle_material_unknown', '/materials/0/name');
  await refused({ materials: [{ name: '营业执照' }] }, 'bundle_ask_condition', '/materials/0/condition');
  await refused({ fields: [{ key: 'entity.uscc' }] }, 'bundle_ask_condition', '/fields/0/condition');
  await refused({ fields: [{ key: 'entity.uscc', condition: { '==': [{ var: 'has_lisence' }, true] } }] },
    'bundle_condition_var', '/fields/0/condition/==/0/var');
  await refused({ materials: [{ name: '营业执照', condition: has }, { name: '营业执照', condition: has }] },
    'item_repeated', '/materials/1/name');
  // nothing of it changed the bundle
  const after = await req('GET', `/api/v1/bundles/${code}`);
  assert.deepEqual(after.json.materials, [{ name: '营业执照', condition: has }]);
  // an applicant may not save one
  const person = await login(DEMO_PERSON);
  assert.equal((await req('PUT', `/api/v1/bundles/${code}`, { token: person, body: bundle({}) })).status, 403);
});
