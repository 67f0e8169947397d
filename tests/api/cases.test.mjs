// Cases (办件) over HTTP: an applicant submits for an item of the 市场监管局, a clerk accepts it with
// a deferred material (容缺) and a pledge (告知承诺: a post-check task), the officer finds the task in
// the inbox, asks for corrections (补正), the applicant resubmits, the officer approves, the
// applicant supplies the material and the case completes; refusals by role, department and
// state; 我的办件, the overdue counts; submission under one Idempotency-Key, also under 10
// concurrent retries, makes one case.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { req, login, assertError, currentFigures, itemForm, itemCase, bundleForm, uploadPdf, pdfFile, provideMaterials, dayAfter, DEMO_PERSON, DEMO_ENTERPRISE } from './lib.mjs';

const ITEM = 'QD-SCJG-XK-0005'; // 食品经营许可证核发: 5 promised working days, 20 statutory
const PERSON_TOKEN = await login(DEMO_PERSON);
const PLAN = await uploadPdf(PERSON_TOKEN, '经营场所平面布局图.pdf', 'floor plan');
// the cases of ITEM the figures counted before this file's: its own are counted exactly
const LICENCE_CASES_BEFORE = (await currentFigures('item')).json.figures.find((f) => f.code === ITEM)?.cases ?? 0;
const submitBody = {
  item: ITEM,
  form: { ...(await itemForm(ITEM)), 'entity.name': '海川餐饮' },
  materials: [
    { name: '食品经营许可申请书', provided_as: 'upload', upload: PLAN },
    { name: '营业执照', provided_as: 'upload', upload: PLAN },
    { name: '食品安全管理制度', provided_as: 'pledge' },
    { name: '经营场所平面布局图', provided_as: 'upload', upload: PLAN },
    { name: '主要设备设施清单', provided_as: 'deferred' },
  ],
};

test('a case from submission to completion, with 容缺, 告知承诺 and 补正', async () => {
  const person = await login(DEMO_PERSON);
  const clerk = await login('clerk');
  const officer = await login('officer');
  const supervisor = await login('supervisor');
  const s = await req('POST', '/api/v1/cases', { token: person, body: submitBody });
  assert.equal(s.status, 201, s.text);
  assert.equal(s.json.state, 'submitted');
  const plan = s.json.materials.find((m) => m.name === '经营场所平面布局图');
  assert.deepEqual(plan.upload, { sha256: PLAN, name: '经营场所平面布局图.pdf', media_type: 'application/pdf', size: pdfFile('floor plan').length });
  // the file is read back by the clerk who accepts
  const file = await req('GET', `/api/v1/uploads/${PLAN}`, { token: clerk });
  assert.equal(file.status, 200);
  assert.match(file.text, /^%PDF-/);
  assert.deepEqual(s.json.tasks, []);
  assert.equal(s.json.item, ITEM);
  assert.deepEqual(s.json.answers, {}); // an item has no questionnaire
  const id = s.json.id;

  // only clerks accept; the deferred material needs its due date
  assertError(await req('POST', `/api/v1/cases/${id}/accept`, { token: officer, body: {} }), 403, 'forbidden');
  const noDue = await req('POST', `/api/v1/cases/${id}/accept`, { token: clerk, body: {} });
  assert.equal(assertError(noDue, 422, 'invalid').reason, 'case_deferred_due_required');
  // the due date: after today, within 60 working days (9999-12-31 is no due date at all)
  for (const due of ['9999-12-31', dayAfter(0), dayAfter(120)]) {
    const far = await req('POST', `/api/v1/cases/${id}/accept`, { token: clerk,
      body: { deferred: [{ material: '主要设备设施清单', due_date: due }] } });
    const e = assertError(far, 422, 'invalid', '/deferred/0/due_date');
    assert.equal(e.reason, 'case_due_range', due);
    assert.match(e.message, new RegExp(`^补交期限应在受理之日后60个工作日之内（${dayAfter(1)}至\\d{4}-\\d{2}-\\d{2}）$`));
  }
  const a = await req('POST', `/api/v1/cases/${id}/accept`, { token: clerk,
    body: { deferred: [{ material: '主要设备设施清单', due_date: dayAfter(14), due_reason: '设备清单待供货商出具' }] } });
  assert.equal(a.status, 200, a.text);
  assert.equal(a.json.state, 'in_progress');
  assert.equal(a.json.tasks.length, 2);
  const review = a.json.tasks.find((t) => t.kind === 'review');
  const verify = a.json.tasks.find((t) => t.kind === 'verify');
  assert.match(review.deadline, /^\d{4}-\d{2}-\d{2}$/);
  assert.ok(review.statutory_deadline > review.deadline);
  assert.equal(review.department.code, 'QD-SCJG');
  assert.equal(review.color, 'green');
  assert.ok(verify.deadline >= review.statutory_deadline);
  const again = await req('POST', `/api/v1/cases/${id}/accept`, { token: clerk, body: {} });
  assert.equal(assertError(again, 409, 'conflict').reason, 'case_state');

  // the officer's inbox: the department's open tasks by deadline, coloured
  const inbox = await req('GET', '/api/v1/inbox', { token: officer });
  assert.equal(inbox.status, 200, inbox.text);
  const mine = inbox.json.tasks.filter((t) => t.case_id === id);
  assert.deepEqual(mine.map((t) => t.kind), ['review', 'verify']);
  assertError(await req('GET', '/api/v1/inbox', { token: person }), 403, 'forbidden');

  // who sees the case
  assert.equal((await req('GET', `/api/v1/cases/${id}`, { token: officer })).status, 200);
  assert.equal((await req('GET', `/api/v1/cases/${id}`, { token: supervisor })).status, 200);
  const other = await req('GET', `/api/v1/cases/${id}`, { token: await login(DEMO_ENTERPRISE) });
  assert.equal(assertError(other, 403, 'forbidden').reason, 'case_not_visible');

  // 补正: the clock stops; the applicant resubmits
  assertError(await req('POST', `/api/v1/tasks/${review.id}/correct`, { token: officer, body: {} }), 422, 'invalid', 'reason');
  const c = await req('POST', `/api/v1/tasks/${review.id}/correct`, { token: officer, body: { reason: '请补充说明' } });
  assert.equal(c.status, 200, c.text);
  assert.equal(c.json.tasks.find((t) => t.id === review.id).color, 'paused');
  // 我的办件 says which case waits for the applicant: the list counts its tasks sent back
  assert.equal(c.json.corrections, 1);
  const listed = async () => (await req('GET', '/api/v1/cases?mine=true&limit=500', { token: person })).json.cases.find((x) => x.id === id);
  assert.equal((await listed()).corrections, 1);
  const wrongState = await req('POST', `/api/v1/tasks/${review.id}/approve`, { token: officer });
  assert.equal(assertError(wrongState, 409, 'conflict').reason, 'task_state');
  const r = await req('POST', `/api/v1/cases/${id}/resubmit`, { token: person, body: {} });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.tasks.find((t) => t.id === review.id).state, 'open');
  assert.equal((await listed()).corrections, 0);

  // approved; completed once the deferred material is supplied
  const ok = await req('POST', `/api/v1/tasks/${review.id}/approve`, { token: officer });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.state, 'in_progress');
  const sup = await req('POST', `/api/v1/cases/${id}/supply`, { token: person, body: { material: '主要设备设施清单', upload: PLAN } });
  assert.equal(sup.status, 200, sup.text);
  assert.equal(sup.json.state, 'completed');
  assert.ok(sup.json.events.length >= 10);
  assert.equal(sup.json.events[0].to, 'submitted');
  const late = await req('POST', `/api/v1/cases/${id}/withdraw`, { token: person });
  assert.equal(assertError(late, 409, 'conflict').reason, 'case_state');

  // 我的办件 and the overdue counts
  const list = await req('GET', '/api/v1/cases?mine=true', { token: person });
  assert.equal(list.status, 200, list.text);
  assert.ok(list.json.cases.some((k) => k.id === id && k.state === 'completed'));
  const od = await req('GET', '/api/v1/overdue', { token: supervisor });
  assert.equal(od.status, 200, od.text);
  const scjg = od.json.departments.find((d) => d.code === 'QD-SCJG');
  assert.ok(scjg && scjg.open >= 1); // the post-check
  assertError(await req('GET', '/api/v1/overdue', { token: officer }), 403, 'forbidden');
});

test('refusal, withdrawal, submission on behalf, and declared input', async () => {
  const person = await login(DEMO_PERSON);
  const clerk = await login('clerk');
  const s = await req('POST', '/api/v1/cases', { token: person, body: await itemCase(person, 'QD-SCJG-XK-0004') });
  assert.equal(s.status, 201, s.text);
  assertError(await req('POST', `/api/v1/cases/${s.json.id}/refuse`, { token: clerk, body: {} }), 422, 'invalid', 'reason');
  const ref = await req('POST', `/api/v1/cases/${s.json.id}/refuse`, { token: clerk, body: { reason: '不属于受理范围' } });
  assert.equal(ref.status, 200, ref.text);
  assert.equal(ref.json.state, 'refused');
  assert.equal(ref.json.reason, '不属于受理范围');

  // 帮办代办
  const b = await req('POST', '/api/v1/cases', { token: clerk, body: { ...(await itemCase(clerk, 'QD-SCJG-XK-0001')), on_behalf_of: s.json.applicant.id } });
  assert.equal(b.status, 201, b.text);
  assert.equal(b.json.on_behalf, true);
  assert.equal(b.json.applicant.id, s.json.applicant.id);
  const self = await req('POST', '/api/v1/cases', { token: person, body: { ...(await itemCase(person, 'QD-SCJG-XK-0001')), on_behalf_of: s.json.applicant.id } });
  assert.equal(assertError(self, 403, 'forbidden').reason, 'case_on_behalf_clerk_only');
  const w = await req('POST', `/api/v1/cases/${b.json.id}/withdraw`, { token: person });
  assert.equal(w.status, 200, w.text);
  assert.equal(w.json.state, 'withdrawn');

  // the body's declared shape: answers an object of strings, numbers, booleans
  const nested = await req('POST', '/api/v1/cases', { token: person, body: { item: ITEM, answers: { a: { b: 1 } } } });
  assertError(nested, 422, 'invalid', '/answers/a');
  const arr = await req('POST', '/api/v1/cases', { token: person, body: { item: ITEM, answers: [1] } });
  assertError(arr, 422, 'invalid', 'answers');
  const before = (await req('GET', '/api/v1/cases?mine=true', { token: person })).json.total;
  // an item has no questionnaire: answers are refused, not stored unchecked
  const answered = await req('POST', '/api/v1/cases', { token: person,
    body: { ...submitBody, answers: { 'entity.name': '海川餐饮', seats: 40 } } });
  assert.equal(assertError(answered, 422, 'invalid', 'answers').reason, 'case_item_answers');
  // blank in Unicode: a required text of ideographic, em or no-break spaces is no answer
  for (const blank of ['\u3000\u3000', '\u2003\u00a0', '\u200b']) {
    const r = await req('POST', '/api/v1/cases', { token: person,
      body: { ...submitBody, form: { ...submitBody.form, 'entity.name': blank } } });
    const e = assertError(r, 422, 'invalid', '/form/entity.name');
    assert.equal(e.reason, 'case_field_required', JSON.stringify(blank));
  }
  // …and the router's blank check of a declared field is the same (before the case is read)
  const refuseBlank = await req('POST', `/api/v1/cases/${b.json.id}/refuse`, { token: clerk, body: { reason: '\u3000\u2003\u00a0' } });
  assert.equal(assertError(refuseBlank, 422, 'invalid', 'reason').reason, 'field_blank');
  // a date in a form: from 1900 to ten years after this one
  const injury = await itemCase(person, 'QD-RS-QR-0002');
  for (const date of ['2999-01-01', '1899-12-31', `${Number(dayAfter(0).slice(0, 4)) + 11}-01-01`]) {
    const r = await req('POST', '/api/v1/cases', { token: person,
      body: { ...injury, form: { ...injury.form, 'injury.date': date } } });
    const e = assertError(r, 422, 'invalid', '/form/injury.date');
    assert.equal(e.reason, 'case_field_date_range', date);
    assert.equal(e.message, `“受伤日期”应在1900-01-01至${Number(dayAfter(0).slice(0, 4)) + 10}-12-31之间`);
  }
  assert.equal((await req('GET', '/api/v1/cases?mine=true', { token: person })).json.total, before);
  // materials: an upload needs its file, the applicant's own; a certificate the applicant's own
  // (the person holds no 营业执照); every required one given, the missing named all at once (一次性告知)
  const post = (materials) => req('POST', '/api/v1/cases', { token: person, body: { ...submitBody, materials } });
  const noFile = await post([{ name: '食品经营许可申请书', provided_as: 'upload' }]);
  assert.equal(assertError(noFile, 422, 'invalid', '/materials/0/upload').reason, 'case_upload_required');
  const notHex = await post([{ name: '食品经营许可申请书', provided_as: 'upload', upload: 'abc' }]);
  assert.equal(assertError(notHex, 422, 'invalid', '/materials/0/upload').reason, 'upload_sha256');
  const theirs = await uploadPdf(await login(DEMO_ENTERPRISE), '他人的文件.pdf', 'someone else');
  const other = await post([{ name: '食品经营许可申请书', provided_as: 'upload', upload: theirs }]);
  assert.equal(assertError(other, 422, 'invalid', '/materials/0/upload').reason, 'upload_unknown');
  const cert = await post([{ name: '营业执照', provided_as: 'certificate' }]);
  assert.equal(assertError(cert, 422, 'invalid', '/materials/0').reason, 'cert_reuse_none');
  const missing = await post(submitBody.materials.slice(2));
  const e = assertError(missing, 422, 'invalid', 'materials');
  assert.equal(e.reason, 'case_material_missing');
  assert.match(e.message, /食品经营许可申请书、营业执照/);
  const unknown = await req('POST', '/api/v1/cases', { token: person, body: { item: 'NO-SUCH' } });
  assertError(unknown, 404, 'not_found', 'item');
  assertError(await req('GET', '/api/v1/cases/01J0000000000000000000NONE', { token: person }), 404, 'not_found');
  assertError(await req('POST', '/api/v1/cases', { body: { item: ITEM } }), 401, 'unauthenticated');
});

test('one Idempotency-Key makes one case, also under 10 concurrent retries', async () => {
  const person = await login(DEMO_PERSON);
  const count = async () => (await req('GET', '/api/v1/cases?mine=true', { token: person })).json.total;
  const before = await count();
  const headers = { 'idempotency-key': 'case-submit-1' };
  const first = await req('POST', '/api/v1/cases', { token: person, headers, body: submitBody });
  assert.equal(first.status, 201, first.text);
  const again = await req('POST', '/api/v1/cases', { token: person, headers, body: submitBody });
  assert.equal(again.status, 201);
  assert.equal(again.json.id, first.json.id);
  assert.equal(await count(), before + 1);
  const burst = { 'idempotency-key': 'case-submit-burst' };
  const answers = await Promise.all(Array.from({ length: 10 },
    () => req('POST', '/api/v1/cases', { token: person, headers: burst, body: submitBody })));
  assert.ok(answers.every((r) => r.status === 201), answers.map((r) => r.status).join());
  assert.equal(new Set(answers.map((r) => r.json.id)).size, 1);
  assert.equal(await count(), before + 2);
});

// 开办餐饮店 for a company that sells cooked food and hires staff: five items of four departments
// from one form and one submission, each department's officer decides its own task.
test('a bundle: one submission, a task in each department, completed when all approve', async () => {
  const person = await login(DEMO_PERSON);
  const clerk = await login('clerk');
  const answers = { new_shop: '新开店，还没有营业执照', sells_cooked_food: true, entity_kind: '企业', has_employees: true };
  const { form, items, materials: asked } = await bundleForm('YJS-CYKB', answers);
  assert.equal(items.length, 5);
  const materials = await provideMaterials(person, asked);
  const s = await req('POST', '/api/v1/cases', { token: person, body: { bundle: 'YJS-CYKB', answers, form, materials } });
  assert.equal(s.status, 201, s.text);
  assert.equal(s.json.bundle, 'YJS-CYKB');
  assert.equal(s.json.item, null);
  assert.equal(s.json.title, '开办餐饮店');
  assert.deepEqual(s.json.items.map((i) => i.code).sort(), items.map((i) => i.code).sort());
  assert.ok(s.json.items.every((i) => i.version >= 1 && i.department.code));

  // the clerks' acceptance queue: submitted cases, oldest first
  const queue = await req('GET', '/api/v1/cases?state=submitted&limit=500', { token: clerk });
  assert.equal(queue.status, 200, queue.text);
  assert.ok(queue.json.cases.some((k) => k.id === s.json.id && k.title === '开办餐饮店'));
  const times = queue.json.cases.map((k) => k.created_at);
  assert.deepEqual(times, [...times].sort());
  const notYours = await req('GET', '/api/v1/cases?mine=false', { token: person });
  assertError(notYours, 403, 'forbidden');

  const deferred = materials.filter((m) => m.provided_as === 'deferred').map((m) => ({ material: m.name, due_date: dayAfter(30), due_reason: '设备清单待供货商出具' }));
  const a = await req('POST', `/api/v1/cases/${s.json.id}/accept`, { token: clerk, body: { deferred } });
  assert.equal(a.status, 200, a.text);
  const reviews = a.json.tasks.filter((t) => t.kind === 'review');
  assert.equal(reviews.length, 5);
  assert.deepEqual([...new Set(reviews.map((t) => t.department.code))].sort(), ['QD-RS', 'QD-SCJG', 'QD-SW', 'QD-WJW']);
  assert.match(a.json.deadline, /^\d{4}-\d{2}-\d{2}$/);
  assert.ok(reviews.every((t) => t.deadline <= a.json.deadline));

  // an officer of another department cannot decide a task; each department decides its own
  const sw = reviews.find((t) => t.department.code === 'QD-SW');
  const wrong = await req('POST', `/api/v1/tasks/${sw.id}/approve`, { token: await login('officer-rs') });
  assert.equal(assertError(wrong, 403, 'forbidden').reason, 'task_not_your_department');
  let last;
  for (const t of reviews) {
    const officer = await login('officer-' + t.department.code.slice(3).toLowerCase());
    const inbox = await req('GET', '/api/v1/inbox', { token: officer });
    const mine = inbox.json.tasks.find((x) => x.id === t.id);
    assert.ok(mine, `task in the inbox of ${t.department.code}`);
    assert.equal(mine.case_title, '开办餐饮店');
    assert.ok(mine.item_name);
    last = await req('POST', `/api/v1/tasks/${t.id}/approve`, { token: officer });
    assert.equal(last.status, 200, last.text);
  }
  // every task approved; the deferred materials still owed hold the case until supplied
  for (const d of deferred) {
    assert.equal(last.json.state, 'in_progress');
    const file = await uploadPdf(person, d.material + '.pdf', d.material);
    last = await req('POST', `/api/v1/cases/${s.json.id}/supply`, { token: person, body: { material: d.material, upload: file } });
    assert.equal(last.status, 200, last.text);
    assert.equal(last.json.materials.find((m) => m.name === d.material).upload.sha256, file);
  }
  assert.equal(last.json.state, 'completed');

  // the figures, public: one submission merged five items; the materials each item asks alone
  // against those given once; decided the day it was accepted
  const fig = await currentFigures('bundle');
  assert.equal(fig.status, 200, fig.text);
  const cykb = fig.json.figures.find((f) => f.code === 'YJS-CYKB');
  assert.equal(cykb.name, '开办餐饮店');
  assert.equal(cykb.cases, 1);
  assert.equal(cykb.completed, 1);
  assert.equal(cykb.items_per_case, 5);
  assert.equal(cykb.materials_provided, materials.length);
  // asked: each item's required materials, as if applied for alone (from the public guides)
  const guides = await Promise.all(items.map(async (i) => (await req('GET', `/api/v1/items/${encodeURIComponent(i.code)}`)).json));
  const alone = guides.reduce((n, g) => n + g.materials.filter((m) => m.requirement === 'required').length, 0);
  assert.equal(cykb.materials_asked, alone, JSON.stringify(cykb));
  assert.ok(alone > materials.length); // the point of one form: fewer materials than the items alone
  assert.equal(cykb.median_days, 0);
  assert.equal(cykb.p90_days, 0);
  // submitted by the applicant online, the deferred materials uploaded: without a visit exactly
  // when every item is 全程网办; else the most visits an item needs (at least one)
  const online = guides.every((g) => g.online_depth === '全程网办');
  assert.equal(cykb.online_share, online ? 1 : 0, JSON.stringify(guides.map((g) => g.online_depth)));
  assert.equal(cykb.visits, online ? 0 : Math.max(1, ...guides.map((g) => g.visits)));
  const byItem = await currentFigures('item');
  const licence = byItem.json.figures.find((f) => f.code === ITEM);
  // this file's cases of the item: the first test's, two under Idempotency-Keys, and this bundle's
  assert.ok(items.some((i) => i.code === ITEM));
  assert.equal(licence.cases, LICENCE_CASES_BEFORE + 4, JSON.stringify(licence));
  assert.equal(licence.items_per_case, 1);
  assertError(await req('GET', '/api/v1/figures?by=department'), 422, 'invalid', 'by');
});

test('a bundle in stages: the next stage opens when the previous one is approved; a rejection ends it', async () => {
  const person = await login(DEMO_PERSON);
  const clerk = await login('clerk');
  const answers = { needs_eia: false };
  const { form, materials: asked } = await bundleForm('YJS-GCJS', answers);
  const materials = await provideMaterials(person, asked);
  const s = await req('POST', '/api/v1/cases', { token: person, body: { bundle: 'YJS-GCJS', answers, form, materials } });
  assert.equal(s.status, 201, s.text);
  assert.equal(s.json.limit_days, 70);
  assert.deepEqual(s.json.stages.map((x) => x.state), ['waiting', 'waiting', 'waiting', 'waiting']);
  const deferred = materials.filter((m) => m.provided_as === 'deferred').map((m) => ({ material: m.name, due_date: dayAfter(30), due_reason: '设备清单待供货商出具' }));
  const a = await req('POST', `/api/v1/cases/${s.json.id}/accept`, { token: clerk, body: { deferred } });
  assert.equal(a.status, 200, a.text);
  assert.deepEqual(a.json.stages.map((x) => x.state), ['open', 'waiting', 'waiting', 'waiting']);
  assert.deepEqual(a.json.tasks.map((t) => t.item).sort(), ['QD-FGW-BA-0001', 'QD-ZRZY-XK-0002']);
  assert.ok(a.json.tasks.every((t) => t.stage === 0));
  let c = a;
  for (const t of a.json.tasks) {
    c = await req('POST', `/api/v1/tasks/${t.id}/approve`, { token: await login('officer-' + t.department.code.slice(3).toLowerCase()) });
    assert.equal(c.status, 200, c.text);
  }
  assert.equal(c.json.state, 'in_progress');
  assert.equal(c.json.stage, 1);
  assert.deepEqual(c.json.stages.map((x) => x.state), ['done', 'open', 'waiting', 'waiting']);
  const second = c.json.tasks.filter((t) => t.stage === 1);
  assert.deepEqual(second.map((t) => t.item).sort(), ['QD-XZSP-XK-0002', 'QD-ZRZY-XK-0001']); // no EIA asked
  const rej = await req('POST', `/api/v1/tasks/${second[0].id}/reject`,
    { token: await login('officer-' + second[0].department.code.slice(3).toLowerCase()), body: { reason: '规划条件不符' } });
  assert.equal(rej.status, 200, rej.text);
  const fin = await req('POST', `/api/v1/tasks/${second[1].id}/approve`,
    { token: await login('officer-' + second[1].department.code.slice(3).toLowerCase()) });
  assert.equal(fin.json.state, 'partly_completed');
  assert.equal(fin.json.tasks.filter((t) => t.stage >= 2).length, 0);
});

test('a bundle refuses answers that contradict its questionnaire and a form that does not fit its fields', async () => {
  const person = await login(DEMO_PERSON);
  const answers = { new_shop: '新开店，还没有营业执照', sells_cooked_food: false, entity_kind: '企业', has_employees: false };
  const { form, materials: asked } = await bundleForm('YJS-CYKB', answers);
  const materials = await provideMaterials(person, asked);
  const post = (body) => req('POST', '/api/v1/cases', { token: person, body: { materials, ...body } });
  const option = await post({ bundle: 'YJS-CYKB', answers: { ...answers, entity_kind: '合伙企业' }, form });
  assert.equal(assertError(option, 422, 'invalid', '/answers/entity_kind').reason, 'bundle_answer_option');
  const missing = await post({ bundle: 'YJS-CYKB', answers: { new_shop: '已有营业执照', entity_kind: '企业' }, form });
  assert.equal(assertError(missing, 422, 'invalid').reason, 'bundle_answer_missing');
  const kind = await post({ bundle: 'YJS-CYKB', answers: { ...answers, has_employees: 'yes' }, form });
  assert.equal(assertError(kind, 422, 'invalid', '/answers/has_employees').reason, 'bundle_answer_kind');
  const extra = await post({ bundle: 'YJS-CYKB', answers: { ...answers, pets: true }, form });
  assert.equal(assertError(extra, 422, 'invalid', '/answers/pets').reason, 'bundle_answer_unknown');

  const noName = await post({ bundle: 'YJS-CYKB', answers, form: { ...form, 'entity.name': '  ' } });
  const e = assertError(noName, 422, 'invalid', '/form/entity.name');
  assert.equal(e.reason, 'case_field_required');
  const badUscc = await post({ bundle: 'YJS-CYKB', answers, form: { ...form, 'entity.uscc': '91370202MA3CXK7T00' } });
  assertError(badUscc, 422, 'invalid', '/form/entity.uscc');
  const unknown = await post({ bundle: 'YJS-CYKB', answers, form: { ...form, 'pet.name': '旺财' } });
  assert.equal(assertError(unknown, 422, 'invalid', '/form/pet.name').reason, 'case_field_unknown');
  const both = await post({ bundle: 'YJS-CYKB', item: ITEM, answers, form });
  assert.equal(assertError(both, 422, 'invalid').reason, 'case_item_or_bundle');
  const none = await post({ answers, form });
  assert.equal(assertError(none, 422, 'invalid', 'item').reason, 'case_item_or_bundle');
  assertError(await post({ bundle: 'YJS-NONE', answers, form }), 404, 'not_found', 'bundle');
  const zh = await req('POST', '/api/v1/cases', { token: person, headers: { 'accept-language': 'zh-CN' },
    body: { bundle: 'YJS-CYKB', answers, form: { ...form, 'entity.name': '' } } });
  assert.match(zh.json.error.message, /请填写“/);
});

test('the figures are kept by a job that every change of a case queues, not computed per request', async () => {
  const before = await currentFigures('item');
  assert.ok(before.json.computed_at, before.text);
  const person = await login(DEMO_PERSON);
  const s = await req('POST', '/api/v1/cases', { token: person, body: await itemCase(person, 'QD-SCJG-XK-0004') });
  assert.equal(s.status, 201, s.text);
  const after = await currentFigures('item');
  assert.ok(after.json.computed_at > before.json.computed_at, `${before.json.computed_at} → ${after.json.computed_at}`);
  const count = (r) => r.json.figures.find((f) => f.code === 'QD-SCJG-XK-0004').cases;
  assert.equal(count(after), count(before) + 1);
  const jobs = await req('GET', '/api/v1/jobs', { token: await login('admin') });
  assert.ok(jobs.json.jobs.some((j) => j.kind === 'figures.refresh' && j.state === 'done'), jobs.text);
});
