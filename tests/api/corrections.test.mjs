// 补正 and 补交 carry what they ask for (docs/cases.md): the officer's 补正 is a one-time notice
// naming each material to replace and each form field to correct, with a reason for each; the
// applicant's resubmission is refused, naming every one still missing and changing nothing, until
// it brings them all, and then both versions are kept; 容缺补交 needs the file unless a clerk
// records the paper handed in at the window; a case that ends rejected closes its post-checks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { req, login, assertError, itemForm, uploadPdf, dayAfter, DEMO_PERSON, DEMO_ENTERPRISE } from './lib.mjs';

const ITEM = 'QD-SCJG-XK-0005'; // 食品经营许可证核发: a pledge (核查) and a deferred material (容缺)
const person = await login(DEMO_PERSON);
const clerk = await login('clerk');
const officer = await login('officer');
const FILE = await uploadPdf(person, '申请材料.pdf', 'corrections: first');

// a case of ITEM accepted with 设备清单 deferred and 管理制度 pledged: a review and a post-check
async function acceptedCase(detail = '香港中路10号') {
  const form = { ...(await itemForm(ITEM)), 'address.detail': detail };
  const s = await req('POST', '/api/v1/cases', { token: person, body: { item: ITEM, form, materials: [
    { name: '食品经营许可申请书', provided_as: 'upload', upload: FILE },
    { name: '营业执照', provided_as: 'upload', upload: FILE },
    { name: '食品安全管理制度', provided_as: 'pledge' },
    { name: '经营场所平面布局图', provided_as: 'upload', upload: FILE },
    { name: '主要设备设施清单', provided_as: 'deferred' },
  ] } });
  assert.equal(s.status, 201, s.text);
  const a = await req('POST', `/api/v1/cases/${s.json.id}/accept`, { token: clerk,
    body: { deferred: [{ material: '主要设备设施清单', due_date: dayAfter(14), due_reason: '设备清单待供货商出具' }] } });
  assert.equal(a.status, 200, a.text);
  return a.json;
}
const reviewOf = (c) => c.tasks.find((t) => t.kind === 'review');
const getCase = async (id, token = person) => (await req('GET', `/api/v1/cases/${id}`, { token })).json;

test('补正 names each material and field with its reason; resubmission brings them all, both versions kept', async () => {
  const c = await acceptedCase();
  const review = reviewOf(c);
  const ask = (body) => req('POST', `/api/v1/tasks/${review.id}/correct`, { token: officer, body });
  const reason = '请按一次性告知补正';

  // what the notice names must be the case's: refused naming the pointer, nothing asked
  assertError(await ask({ reason, materials: [{ name: '房产证', reason: '缺' }] }), 422, 'invalid', '/materials/0/name');
  assertError(await ask({ reason, fields: [{ key: 'address.detail', reason: '缺门牌号' }, { key: 'shop.size', reason: '?' }] }),
    422, 'invalid', '/fields/1/key');
  const twice = await ask({ reason, materials: [{ name: '经营场所平面布局图', reason: '看不清' }, { name: '经营场所平面布局图', reason: '再说一遍' }] });
  assert.equal(assertError(twice, 422, 'invalid', '/materials/1/name').reason, 'case_ask_repeated');
  assertError(await ask({ reason, materials: [{ name: '经营场所平面布局图' }] }), 422, 'invalid', '/materials/0/reason');
  assert.equal(reviewOf(await getCase(c.id)).state, 'open');
  assert.deepEqual((await getCase(c.id)).corrections_asked, []);

  const asked = await ask({ reason, materials: [{ name: '经营场所平面布局图', reason: '图纸看不清' }],
    fields: [{ key: 'address.detail', reason: '缺门牌号' }] });
  assert.equal(asked.status, 200, asked.text);
  assert.equal(reviewOf(asked.json).state, 'correcting');
  assert.equal(reviewOf(asked.json).reason, reason); // the overall note
  assert.deepEqual(asked.json.corrections_asked.map((k) => [k.kind, k.name ?? k.key, k.reason, k.answered_at, k.earlier, k.given]), [
    ['material', '经营场所平面布局图', '图纸看不清', null, null, null],
    ['field', 'address.detail', '缺门牌号', null, null, null],
  ]);
  // the applicant's message lists what is asked
  const msg = (await req('GET', '/api/v1/messages', { token: person })).json.messages[0];
  assert.equal(msg.title, '办件需要补正');
  assert.match(msg.body, /请按一次性告知补正；需重新上传：经营场所平面布局图（图纸看不清）；需更正：详细地址（缺门牌号）/);

  // resubmission without them: refused naming each one, nothing changes
  const resubmit = (body, token = person) => req('POST', `/api/v1/cases/${c.id}/resubmit`, { token, body });
  const none = await resubmit({});
  assert.equal(assertError(none, 422, 'invalid', '/materials').reason, 'case_correction_missing');
  assert.match(none.json.error.message, /经营场所平面布局图、详细地址/);
  const NEW = await uploadPdf(person, '平面布局图-清晰版.pdf', 'corrections: the clearer plan');
  const onlyFile = await resubmit({ materials: [{ name: '经营场所平面布局图', upload: NEW }] });
  assert.equal(assertError(onlyFile, 422, 'invalid', '/form/address.detail').reason, 'case_correction_missing');
  assert.doesNotMatch(onlyFile.json.error.message, /经营场所平面布局图/);
  const onlyField = await resubmit({ form: { 'address.detail': '香港中路10号甲1门' } });
  assert.equal(assertError(onlyField, 422, 'invalid', '/materials').reason, 'case_correction_missing');
  // checked as at submission: only what was asked, of its type, the applicant's own files
  const notAsked = await resubmit({ materials: [{ name: '经营场所平面布局图', upload: NEW }, { name: '营业执照', upload: NEW }],
    form: { 'address.detail': '香港中路10号甲1门' } });
  assert.equal(assertError(notAsked, 422, 'invalid', '/materials/1/name').reason, 'case_correction_not_asked');
  const notAskedField = await resubmit({ materials: [{ name: '经营场所平面布局图', upload: NEW }],
    form: { 'address.detail': '香港中路10号甲1门', 'entity.name': '别的名字' } });
  assert.equal(assertError(notAskedField, 422, 'invalid', '/form/entity.name').reason, 'case_correction_not_asked');
  const wrongType = await resubmit({ materials: [{ name: '经营场所平面布局图', upload: NEW }], form: { 'address.detail': 12 } });
  assert.equal(assertError(wrongType, 422, 'invalid', '/form/address.detail').reason, 'case_field_type');
  const blank = await resubmit({ materials: [{ name: '经营场所平面布局图', upload: NEW }], form: { 'address.detail': '　' } });
  assert.equal(assertError(blank, 422, 'invalid', '/form/address.detail').reason, 'case_field_required');
  const theirs = await uploadPdf(await login(DEMO_ENTERPRISE), '别人的.pdf', 'corrections: not the applicant’s');
  const foreign = await resubmit({ materials: [{ name: '经营场所平面布局图', upload: theirs }], form: { 'address.detail': '香港中路10号甲1门' } });
  assertError(foreign, 422, 'invalid', '/materials/0/upload');
  const unchanged = await getCase(c.id);
  assert.equal(reviewOf(unchanged).state, 'correcting');
  assert.equal(unchanged.form['address.detail'], '香港中路10号');
  assert.equal(unchanged.materials.find((m) => m.name === '经营场所平面布局图').upload.sha256, FILE);
  assert.ok(unchanged.corrections_asked.every((k) => k.answered_at === null && k.given === null));

  // with them: accepted; the case carries the new, the notice keeps both
  const done = await resubmit({ materials: [{ name: '经营场所平面布局图', upload: NEW }], form: { 'address.detail': '香港中路10号甲1门' } });
  assert.equal(done.status, 200, done.text);
  assert.equal(reviewOf(done.json).state, 'open');
  assert.equal(done.json.form['address.detail'], '香港中路10号甲1门');
  assert.equal(done.json.materials.find((m) => m.name === '经营场所平面布局图').upload.sha256, NEW);
  const [mat, field] = done.json.corrections_asked;
  assert.equal(mat.earlier.sha256, FILE);
  assert.equal(mat.given.sha256, NEW);
  assert.equal(mat.given.name, '平面布局图-清晰版.pdf');
  assert.equal(field.earlier, '香港中路10号');
  assert.equal(field.given, '香港中路10号甲1门');
  assert.ok(mat.answered_at && field.answered_at);
  // the officer opens both files: the earlier one is still the case's
  for (const sha of [FILE, NEW]) {
    const f = await req('GET', `/api/v1/cases/${c.id}/files/${sha}`, { token: officer });
    assert.equal(f.status, 200, f.text);
    assert.match(f.text, /^%PDF-/);
  }
  // nothing is open any more: a second resubmission is refused as before
  assert.equal(assertError(await resubmit({}), 409, 'conflict').reason, 'case_state');
  // the clock resumed; the officer approves
  const ok = await req('POST', `/api/v1/tasks/${review.id}/approve`, { token: officer });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.state, 'in_progress'); // the deferred material is still owed

  // 补交 needs the file, or a clerk's record of the paper at the window
  const supply = (token, body) => req('POST', `/api/v1/cases/${c.id}/supply`, { token, body });
  const bare = await supply(person, { material: '主要设备设施清单' });
  assert.equal(assertError(bare, 422, 'invalid', 'upload').reason, 'case_supply_file_required');
  assert.equal(assertError(await supply(person, { material: '主要设备设施清单', at_window: true }), 403, 'forbidden', 'at_window').reason,
    'case_window_clerk_only');
  assert.equal(assertError(await supply(clerk, { material: '主要设备设施清单', at_window: true, upload: FILE }), 422, 'invalid', 'at_window').reason,
    'case_window_or_file');
  const still = await getCase(c.id);
  assert.equal(still.state, 'in_progress');
  assert.equal(still.materials.find((m) => m.name === '主要设备设施清单').supplied_at, null);
  const window = await supply(clerk, { material: '主要设备设施清单', at_window: true });
  assert.equal(window.status, 200, window.text);
  assert.equal(window.json.state, 'completed');
  const owed = window.json.materials.find((m) => m.name === '主要设备设施清单');
  assert.equal(owed.supplied_how, 'window');
  const me = (await req('GET', '/api/v1/me', { token: clerk })).json;
  assert.deepEqual(owed.supplied_by, { id: me.id, name: me.name }); // recorded as such, by whom
  assert.ok(owed.supplied_at);
  assert.equal(owed.upload, null);
});

test('补交 with its file; a case that ends rejected closes its post-check', async () => {
  const c = await acceptedCase();
  const owedFile = await uploadPdf(person, '设备清单.pdf', 'corrections: the equipment list');
  const s = await req('POST', `/api/v1/cases/${c.id}/supply`, { token: person, body: { material: '主要设备设施清单', upload: owedFile } });
  assert.equal(s.status, 200, s.text);
  const owed = s.json.materials.find((m) => m.name === '主要设备设施清单');
  assert.equal(owed.supplied_how, 'upload');
  assert.equal(owed.upload.sha256, owedFile);
  assert.equal(owed.supplied_by.id, c.applicant.id);
  const verify = s.json.tasks.find((t) => t.kind === 'verify');
  assert.equal(verify.state, 'open');

  const r = await req('POST', `/api/v1/tasks/${reviewOf(c).id}/reject`, { token: officer, body: { reason: '经营场所不符合要求' } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.state, 'rejected');
  const closed = r.json.tasks.find((t) => t.kind === 'verify');
  assert.equal(closed.state, 'closed');
  assert.equal(closed.color, 'none');
  assert.ok(closed.decided_at);
  // gone from the department's inbox, and no longer decidable
  const inbox = await req('GET', '/api/v1/inbox', { token: officer });
  assert.ok(!inbox.json.tasks.some((t) => t.id === verify.id));
  assert.ok(!inbox.json.items.some((t) => t.id === verify.id));
  assert.equal(assertError(await req('POST', `/api/v1/tasks/${verify.id}/approve`, { token: officer }), 409, 'conflict').reason, 'task_state');
});
