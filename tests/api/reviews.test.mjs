// 好差评 over HTTP: real cases driven to completion and rejection (the applicant submits, the clerk
// accepts, the officer of 市场监管局 decides), then ratings on both channels, a 差评's rectification
// through 核实, 整改/反馈 and 回访, an appeal upheld by a supervisor (the rating excluded from the
// figures but kept), the figures by department, item and clerk, the city's rectify_days, and the
// refusals: declared input, roles, departments, states, a second rating, someone else's case.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { req, login, assertError, itemCase, DEMO_PERSON, DEMO_ENTERPRISE } from './lib.mjs';

const ITEM = 'QD-SCJG-XK-0004'; // a 市场监管局 item without materials, 1 promised working day

// the figures before this file's ratings: the demo city has its own (张三's 差评 of his completed
// case), which the figures below count on top of
const statsBefore = async (by) => {
  const r = await req('GET', `/api/v1/ratings/stats?by=${by}`, { token: await login('supervisor') });
  assert.equal(r.status, 200, r.text);
  return r.json.rows;
};
const ZERO = { levels: { very_satisfied: 0, satisfied: 0, basic: 0, dissatisfied: 0, very_dissatisfied: 0 },
  total: 0, bad: 0, excluded: 0, rectified: 0, revisited: 0 };
const before = {
  department: (await statsBefore('department')).find((x) => x.key === 'QD-SCJG') ?? ZERO,
  item: (await statsBefore('item')).find((x) => x.key === ITEM) ?? ZERO,
  clerk: (await statsBefore('clerk')).find((x) => x.key === 'clerk') ?? ZERO,
};
const ONLINE_BAD = {
  channel: 'online',
  aspects: { overall: 'very_dissatisfied', efficiency: 'dissatisfied', guide_accuracy: 'basic' },
  tags: ['办理慢', '指南不清'],
  text: '等了很久才办完',
};

// A case of the person, accepted by the clerk and approved (or rejected) by the officer.
async function decidedCase(decision = 'approve') {
  const person = await login(DEMO_PERSON);
  const s = await req('POST', '/api/v1/cases', { token: person, body: await itemCase(person, ITEM) });
  assert.equal(s.status, 201, s.text);
  const a = await req('POST', `/api/v1/cases/${s.json.id}/accept`, { token: await login('clerk'), body: {} });
  assert.equal(a.status, 200, a.text);
  const task = a.json.tasks.find((t) => t.kind === 'review');
  const body = decision === 'reject' ? { reason: '不符合条件' } : undefined;
  const d = await req('POST', `/api/v1/tasks/${task.id}/${decision}`, { token: await login('officer'), body });
  assert.equal(d.status, 200, d.text);
  assert.equal(d.json.state, decision === 'reject' ? 'rejected' : 'completed');
  return s.json.id;
}

test('a 差评 from rating through rectification to 回访, and a window rating', async () => {
  const person = await login(DEMO_PERSON);
  const officer = await login('officer');
  const other = await login('officer-sw');
  const supervisor = await login('supervisor');

  // not yet decided: 409
  const open = await req('POST', '/api/v1/cases', { token: person, body: await itemCase(person, ITEM) });
  assert.equal(open.status, 201, open.text);
  const early = await req('POST', `/api/v1/cases/${open.json.id}/ratings`, { token: person, body: ONLINE_BAD });
  assert.equal(assertError(early, 409, 'conflict').reason, 'rating_case_not_decided');

  const id = await decidedCase();
  const url = `/api/v1/cases/${id}/ratings`;
  // who may rate
  assert.equal(assertError(await req('POST', url, { token: officer, body: ONLINE_BAD }), 403, 'forbidden').reason, 'role_required');
  const theirs = await req('POST', url, { token: await login(DEMO_ENTERPRISE), body: ONLINE_BAD });
  assert.equal(assertError(theirs, 403, 'forbidden').reason, 'case_not_yours');
  assertError(await req('POST', url, { body: ONLINE_BAD }), 401, 'unauthenticated');

  // 一事一评 online: a 差评 opens its rectification
  const r = await req('POST', url, { token: person, body: ONLINE_BAD });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.channel, 'online');
  assert.equal(r.json.level, 'very_dissatisfied');
  assert.equal(r.json.bad, true);
  assert.deepEqual(r.json.aspects, { overall: 'very_dissatisfied', efficiency: 'dissatisfied', guide_accuracy: 'basic' });
  assert.deepEqual(r.json.tags, ['办理慢', '指南不清']);
  assert.equal(r.json.item, ITEM);
  assert.equal(r.json.department.code, 'QD-SCJG');
  assert.equal(r.json.clerk, null);
  assert.equal(r.json.excluded, false);
  assert.equal(r.json.appeal, null);
  const rect = r.json.rectification;
  assert.equal(rect.state, 'verifying');
  assert.equal(rect.color, 'green');
  assert.match(rect.deadline, /^\d{4}-\d{2}-\d{2}$/);
  assert.equal(rect.events.length, 1);
  const again = await req('POST', url, { token: person, body: { channel: 'online', aspects: { overall: 'satisfied' } } });
  assert.equal(assertError(again, 409, 'conflict').reason, 'rating_exists');

  // 一次一评 at the window: records the clerk who accepted the case; a good rating has no rectification
  const w = await req('POST', url, { token: person,
    body: { channel: 'window', aspects: { overall: 'satisfied', attitude: 'very_satisfied' } } });
  assert.equal(w.status, 201, w.text);
  assert.equal(w.json.bad, false);
  assert.equal(w.json.rectification, null);
  assert.ok(w.json.clerk && w.json.clerk.name);

  // who reads a case's ratings
  const list = await req('GET', url, { token: person });
  assert.equal(list.status, 200, list.text);
  assert.deepEqual(list.json.ratings.map((x) => x.channel), ['online', 'window']);
  assert.equal((await req('GET', url, { token: supervisor })).status, 200);
  assert.equal(assertError(await req('GET', url, { token: other }), 403, 'forbidden').reason, 'case_not_visible');
  assert.equal((await req('GET', `/api/v1/ratings/${r.json.id}`, { token: officer })).status, 200);
  assertError(await req('GET', '/api/v1/ratings/NO-SUCH-RATING', { token: officer }), 404, 'not_found');

  // the department's list, by deadline, coloured; the other department does not see it
  const mine = await req('GET', '/api/v1/rectifications', { token: officer });
  assert.equal(mine.status, 200, mine.text);
  assert.ok(mine.json.rectifications.some((x) => x.id === rect.id && x.color === 'green'));
  const theirList = await req('GET', '/api/v1/rectifications', { token: other });
  assert.ok(!theirList.json.rectifications.some((x) => x.id === rect.id));
  const all = await req('GET', '/api/v1/rectifications?state=verifying', { token: supervisor });
  assert.ok(all.json.rectifications.some((x) => x.id === rect.id));
  assertError(await req('GET', '/api/v1/rectifications', { token: person }), 403, 'forbidden');
  assertError(await req('GET', '/api/v1/rectifications?state=done', { token: officer }), 422, 'invalid', 'state');

  // 核实 → 整改 → 反馈, by officers of the department, each with a note
  const step = (name, token, body) => req('POST', `/api/v1/rectifications/${rect.id}/${name}`, { token, body });
  assertError(await step('verify', officer, {}), 422, 'invalid', 'note');
  const wrongDept = await step('verify', other, { note: '核实' });
  assert.equal(assertError(wrongDept, 403, 'forbidden').reason, 'rectification_not_your_department');
  const early2 = await step('feedback', officer, { note: '已整改' });
  assert.equal(assertError(early2, 409, 'conflict').reason, 'rectification_state');
  const v = await step('verify', officer, { note: '经核实，受理后未及时流转' });
  assert.equal(v.status, 200, v.text);
  assert.equal(v.json.state, 'rectifying');
  const f = await step('feedback', officer, { note: '已调整流转时限，并向申请人致歉' });
  assert.equal(f.status, 200, f.text);
  assert.equal(f.json.state, 'feedback');
  assert.equal(f.json.color, 'none');
  // 回访 by the applicant who rated
  assert.equal(assertError(await step('revisit', officer, { result: 'satisfied' }), 403, 'forbidden').reason, 'role_required');
  const stranger = await step('revisit', await login(DEMO_ENTERPRISE), { result: 'satisfied' });
  assert.equal(assertError(stranger, 403, 'forbidden').reason, 'rating_not_yours');
  assertError(await step('revisit', person, { result: 'fine' }), 422, 'invalid', 'result');
  const rv = await step('revisit', person, { result: 'satisfied', note: '满意' });
  assert.equal(rv.status, 200, rv.text);
  assert.equal(rv.json.state, 'revisited');
  assert.equal(rv.json.revisit, 'satisfied');
  assert.deepEqual(rv.json.events.map((e) => e.to), ['verifying', 'rectifying', 'feedback', 'revisited']);
  const one = await req('GET', `/api/v1/rectifications/${rect.id}`, { token: person });
  assert.equal(one.status, 200, one.text);
  assertError(await req('GET', `/api/v1/rectifications/${rect.id}`, { token: other }), 403, 'forbidden');
});

test('an appeal upheld excludes a rating from the figures and keeps it', async () => {
  const person = await login(DEMO_PERSON);
  const officer = await login('officer');
  const supervisor = await login('supervisor');
  const id = await decidedCase('reject');
  const r = await req('POST', `/api/v1/cases/${id}/ratings`, { token: person,
    body: { channel: 'online', aspects: { overall: 'dissatisfied' } } });
  assert.equal(r.status, 201, r.text);
  const good = await req('POST', `/api/v1/cases/${id}/ratings`, { token: person,
    body: { channel: 'window', aspects: { overall: 'basic' } } });
  assert.equal(good.status, 201, good.text);
  const appeal = (rid, token, body) => req('POST', `/api/v1/ratings/${rid}/appeal`, { token, body });
  const decide = (rid, token, body) => req('POST', `/api/v1/ratings/${rid}/appeal/decision`, { token, body });

  assertError(await appeal(r.json.id, officer, {}), 422, 'invalid', 'reason');
  const other = await appeal(r.json.id, await login('officer-sw'), { reason: '恶意评价' });
  assert.equal(assertError(other, 403, 'forbidden').reason, 'rating_not_your_department');
  assert.equal(assertError(await appeal(good.json.id, officer, { reason: '误评' }), 409, 'conflict').reason, 'appeal_not_bad');
  const noAppeal = await decide(r.json.id, supervisor, { decision: 'upheld' });
  assert.equal(assertError(noAppeal, 409, 'conflict').reason, 'appeal_not_pending');
  const a = await appeal(r.json.id, officer, { reason: '申请人对驳回结果不满，与服务无关' });
  assert.equal(a.status, 201, a.text);
  assert.equal(a.json.appeal.state, 'pending');
  assert.equal(assertError(await appeal(r.json.id, officer, { reason: '再次申诉' }), 409, 'conflict').reason, 'appeal_exists');
  const pending = await req('GET', '/api/v1/rating-appeals?state=pending', { token: supervisor });
  assert.equal(pending.status, 200, pending.text);
  assert.ok(pending.json.ratings.some((x) => x.id === r.json.id));

  // a supervisor decides, once
  assert.equal(assertError(await decide(r.json.id, officer, { decision: 'upheld' }), 403, 'forbidden').reason, 'role_required');
  assertError(await decide(r.json.id, supervisor, { decision: 'maybe' }), 422, 'invalid', 'decision');
  const d = await decide(r.json.id, supervisor, { decision: 'upheld', note: '与服务无关' });
  assert.equal(d.status, 200, d.text);
  assert.equal(d.json.appeal.state, 'upheld');
  assert.equal(d.json.excluded, true);
  assert.equal(d.json.rectification.color, 'none');
  const twice = await decide(r.json.id, supervisor, { decision: 'dismissed' });
  assert.equal(assertError(twice, 409, 'conflict').reason, 'appeal_not_pending');
  const kept = await req('GET', `/api/v1/cases/${id}/ratings`, { token: person });
  assert.ok(kept.json.ratings.some((x) => x.id === r.json.id && x.excluded));
});

test('the figures by department, item and clerk', async () => {
  const supervisor = await login('supervisor');
  const officer = await login('officer');
  const by = async (what, token = supervisor) => {
    const r = await req('GET', `/api/v1/ratings/stats?by=${what}`, { token });
    assert.equal(r.status, 200, r.text);
    return r.json.rows;
  };
  // from the two tests above: a 差评 rectified and revisited, a window 满意, an excluded 不满意,
  // a window 基本满意
  const scjg = (await by('department')).find((x) => x.key === 'QD-SCJG');
  const b = before.department, was = b.levels;
  assert.deepEqual(scjg.levels, { very_satisfied: was.very_satisfied, satisfied: was.satisfied + 1, basic: was.basic + 1,
    dissatisfied: was.dissatisfied, very_dissatisfied: was.very_dissatisfied + 1 });
  assert.equal(scjg.total, b.total + 3);
  assert.equal(scjg.bad, b.bad + 1);
  assert.equal(scjg.excluded, b.excluded + 1);
  assert.equal(scjg.rectify_rate, (b.rectified + 1) / (b.bad + 1));
  assert.equal(scjg.revisit_rate, (b.revisited + 1) / (b.rectified + 1));
  const item = (await by('item')).find((x) => x.key === ITEM);
  assert.equal(item.total, before.item.total + 3);
  const clerk = (await by('clerk')).find((x) => x.key === 'clerk');
  assert.equal(clerk.total, before.clerk.total + 2);
  assert.equal(clerk.rectify_rate, null);
  assert.deepEqual(await by('bundle'), []);
  // officers: their own department only
  assert.deepEqual((await by('department', officer)).map((x) => x.key), ['QD-SCJG']);
  assert.deepEqual(await by('department', await login('officer-sw')), []);
  assertError(await req('GET', '/api/v1/ratings/stats?by=clerk', { token: await login('clerk') }), 403, 'forbidden');
  assertError(await req('GET', '/api/v1/ratings/stats?by=window', { token: supervisor }), 422, 'invalid', 'by');
  assertError(await req('GET', '/api/v1/ratings/stats', { token: supervisor }), 422, 'invalid', 'by');
});

test('rectify_days: admins set it, 1 to 60, and new rectifications take it', async () => {
  const admin = await login('admin');
  const officer = await login('officer');
  const person = await login(DEMO_PERSON);
  const get = await req('GET', '/api/v1/review-settings', { token: officer });
  assert.equal(get.status, 200, get.text);
  assert.equal(get.json.rectify_days, 15);
  assertError(await req('GET', '/api/v1/review-settings', { token: person }), 403, 'forbidden');
  const put = (body, token = admin) => req('PUT', '/api/v1/review-settings', { token, body });
  assert.equal(assertError(await put({ rectify_days: 20 }, officer), 403, 'forbidden').reason, 'role_required');
  assert.equal(assertError(await put({ rectify_days: 0 }), 422, 'invalid', 'rectify_days').reason, 'field_range');
  assert.equal(assertError(await put({ rectify_days: 61 }), 422, 'invalid', 'rectify_days').reason, 'field_range');
  assert.equal(assertError(await put({ rectify_days: '20' }), 422, 'invalid', 'rectify_days').reason, 'field_type');
  assert.equal(assertError(await put({ rectify_days: 20, extra: 1 }), 422, 'invalid', 'extra').reason, 'field_unknown');

  const id = await decidedCase();
  const rate = (days) => req('POST', `/api/v1/cases/${id}/ratings`, { token: person,
    body: { channel: days === 1 ? 'online' : 'window', aspects: { overall: 'dissatisfied' } } });
  const ok = await put({ rectify_days: 1 });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.rectify_days, 1);
  const short = await rate(1);
  assert.equal(short.status, 201, short.text);
  assert.equal(short.json.rectification.color, 'yellow'); // due the next working day
  assert.equal((await put({ rectify_days: 15 })).status, 200);
  const long = await rate(15);
  assert.ok(long.json.rectification.deadline > short.json.rectification.deadline);
});

test('declared input: malformed JSON, content type, unknown fields, aspects, tags', async () => {
  const person = await login(DEMO_PERSON);
  const id = await decidedCase();
  const url = `/api/v1/cases/${id}/ratings`;
  const post = (body) => req('POST', url, { token: person, body });
  assertError(await req('POST', url, { token: person, raw: '{"channel": "online",' }), 400, 'bad_request');
  assertError(await req('POST', url, { token: person, raw: JSON.stringify(ONLINE_BAD),
    headers: { 'content-type': 'text/plain' } }), 415, 'unsupported_media_type');
  assert.equal(assertError(await post({ ...ONLINE_BAD, score: 5 }), 422, 'invalid', 'score').reason, 'field_unknown');
  assertError(await post({ ...ONLINE_BAD, channel: 'phone' }), 422, 'invalid', 'channel');
  assertError(await post({ channel: 'online' }), 422, 'invalid', 'aspects');
  const unknown = await post({ channel: 'online', aspects: { overall: 'satisfied', attitude: 'satisfied' } });
  assert.equal(assertError(unknown, 422, 'invalid', '/aspects/attitude').reason, 'rating_aspect_unknown');
  const level = await post({ channel: 'online', aspects: { overall: 'great' } });
  assert.equal(assertError(level, 422, 'invalid', '/aspects/overall').reason, 'rating_level');
  const number = await post({ channel: 'online', aspects: { overall: 5 } });
  assert.equal(assertError(number, 422, 'invalid', '/aspects/overall').reason, 'rating_level');
  const noOverall = await post({ channel: 'window', aspects: { attitude: 'satisfied' } });
  assert.equal(assertError(noOverall, 422, 'invalid', '/aspects/overall').reason, 'rating_overall_required');
  const many = await post({ ...ONLINE_BAD, tags: Array.from({ length: 11 }, (_, i) => `t${i}`) });
  assertError(many, 422, 'invalid', 'tags');
  const longTag = await post({ ...ONLINE_BAD, tags: ['长'.repeat(21)] });
  assert.equal(assertError(longTag, 422, 'invalid', '/tags/0').reason, 'field_too_long');
  assertError(await post({ ...ONLINE_BAD, text: 'x'.repeat(2001) }), 422, 'invalid', 'text');
  assertError(await req('POST', '/api/v1/cases/NO-SUCH-CASE/ratings', { token: person, body: ONLINE_BAD }), 404, 'not_found');
  // nothing of the refused attempts was kept
  assert.deepEqual((await req('GET', url, { token: person })).json.ratings, []);
});
