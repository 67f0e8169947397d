// Decisions that hold on several servers: every transition of every concept raced between two
// `yiwang serve` processes on one store (YW_URLS holds both; on one server it holds the same URL
// twice, which races the group commit of one writer instead). Each race fires two decisions on
// one record at the same moment, one at each server, and asserts exactly one success and one 409
// naming the state the loser found; then the record is in the winner's state and its audit log
// verifies. Also across servers: case numbers taken at once, login and lookup limits counted in
// the store, an idempotent retry answered
// with the first answer, decisions on two tasks of one case that settle it once, and 督办 taken
// while a task is decided (it lands, or is told the state) or twice at once (both land, counted);
// an objection to a 简易注销 notice decided two ways at once, or two of one notice upheld at once;
// a certificate suspended, revoked or renewed twice at once, or revoked while reinstated.
import { test } from 'node:test';
import assert from 'node:assert/strict';

const URLS = (process.env.YW_URLS || '').split(/\s+/).filter(Boolean);
if (URLS.length !== 2) throw new Error('YW_URLS must hold two base URLs: run through tests/race/run.sh');
const [A, B] = URLS;
const PASSWORD = 'yiwang2026';
const TRIES = Number(process.env.YW_RACE_TRIES || 10);

async function req(base, method, path, { token, body, raw, headers = {} } = {}) {
  const init = { method, headers: { ...headers } };
  if (token) init.headers.authorization = `Bearer ${token}`;
  if (raw !== undefined) init.body = raw;
  else if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers['content-type'] = 'application/json';
  }
  const res = await fetch(base + path, init);
  const text = await res.text();
  let json = null;
  if (text && (res.headers.get('content-type') || '').includes('json')) json = JSON.parse(text);
  return { status: res.status, json, text, headers: res.headers };
}

const tokens = new Map();
async function login(name) {
  if (tokens.has(name)) return tokens.get(name);
  const r = await req(A, 'POST', '/api/v1/session', { body: { login: name, password: PASSWORD } });
  assert.equal(r.status, 201, `login ${name}: ${r.text}`);
  tokens.set(name, r.json.token);
  return r.json.token;
}

function idNumber(first17) {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * w[i];
  return first17 + '10X98765432'[sum % 11];
}
function uscc(first8, orgBody8) {
  const orgW = [3, 7, 9, 10, 5, 8, 4, 2];
  let s = 0;
  for (let i = 0; i < 8; i++) s += parseInt(orgBody8[i], 36) * orgW[i];
  const c = 11 - (s % 11);
  const body = first8 + orgBody8 + (c === 10 ? 'X' : c === 11 ? '0' : String(c));
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += alphabet.indexOf(body[i]) * weights[i];
  return body + alphabet[(31 - (sum % 31)) % 31];
}
const PERSON = idNumber('37020219900307123');

// A small PDF of the test's own, uploaded as `token`'s: its SHA-256.
async function uploadPdf(token, text) {
  const head = `%PDF-1.4\n% ${text}\n`;
  const obj = '1 0 obj << /Type /Catalog >> endobj\n';
  const xref = Buffer.byteLength(head + obj);
  const at = String(Buffer.byteLength(head)).padStart(10, '0');
  const raw = Buffer.from(`${head}${obj}xref\n0 2\n0000000000 65535 f \n${at} 00000 n \n` +
    `trailer << /Size 2 /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
  const r = await req(A, 'POST', '/api/v1/uploads?name=report.pdf', { token, raw, headers: { 'content-type': 'application/pdf' } });
  assert.ok(r.status === 201 || r.status === 200, r.text);
  return r.json.sha256;
}

// Two requests at once, one per server: exactly one succeeds and the other is 409 with `reason`.
// Returns [winner, loser, index of the winner].
async function race(first, second, reason) {
  const [r1, r2] = await Promise.all([first(A), second(B)]);
  const ok = [r1, r2].filter((r) => r.status >= 200 && r.status < 300);
  assert.equal(ok.length, 1, `exactly one success: ${r1.status} ${r1.text} | ${r2.status} ${r2.text}`);
  const loser = ok[0] === r1 ? r2 : r1;
  assert.equal(loser.status, 409, loser.text);
  if (reason) assert.equal(loser.json.error.reason, reason, loser.text);
  assert.ok(!/duplicate key|violates|constraint|SQLSTATE|sqlite/i.test(loser.text), loser.text);
  return [ok[0], loser, ok[0] === r1 ? 0 : 1];
}

const ITEM = 'QD-SCJG-XK-0004'; // 市场监管局, no materials, 1 promised working day
function fill(fields) {
  const form = {};
  for (const f of fields) {
    if (f.type === 'number') form[f.key] = f.min ?? 1;
    else if (f.type === 'date') form[f.key] = '2026-01-05';
    else if (f.type === 'uscc') form[f.key] = uscc('91370202', 'MA3CXK7T');
    else if (f.type === 'id_number') form[f.key] = PERSON;
    else if (f.type === 'region') form[f.key] = '370202';
    else if (f.type === 'choice') form[f.key] = f.options[0].value ?? f.options[0];
    else if (f.type === 'mobile') form[f.key] = '13900000005';
    else if (f.type === 'landline') form[f.key] = '0532-88886666';
    else if (f.type === 'postcode') form[f.key] = '266071';
    else if (f.type === 'yuan') form[f.key] = '5000.50';
    else form[f.key] = '测试';
  }
  return form;
}
// every required material uploaded (one small PDF) or pledged: nothing deferred, so that a clerk
// accepts with an empty body
async function provide(materials) {
  const token = await login(PERSON);
  const head = '%PDF-1.4\n% race\n', obj = '1 0 obj << /Type /Catalog >> endobj\n';
  const pdf = `${head}${obj}xref\n0 2\n0000000000 65535 f \n${String(head.length).padStart(10, '0')} 00000 n \n` +
    `trailer << /Size 2 /Root 1 0 R >>\nstartxref\n${head.length + obj.length}\n%%EOF\n`;
  const u = await req(A, 'POST', '/api/v1/uploads?name=race.pdf', { token, headers: { 'content-type': 'application/pdf' } , raw: pdf });
  assert.ok(u.status === 201 || u.status === 200, u.text);
  return materials.filter((m) => m.requirement === 'required').map((m) => m.accepted_as.includes('upload') || !m.accepted_as.includes('pledge')
    ? { name: m.name, provided_as: 'upload', upload: u.json.sha256 } : { name: m.name, provided_as: 'pledge' });
}
const guide = await req(A, 'GET', `/api/v1/items/${ITEM}`);
const FORM = fill(guide.json.fields);
const MATERIALS = await provide(guide.json.materials);

async function submitted() {
  const s = await req(A, 'POST', '/api/v1/cases', { token: await login(PERSON), body: { item: ITEM, form: FORM, materials: MATERIALS } });
  assert.equal(s.status, 201, s.text);
  return s.json.id;
}
async function accepted() {
  const id = await submitted();
  const a = await req(B, 'POST', `/api/v1/cases/${id}/accept`, { token: await login('clerk'), body: {} });
  assert.equal(a.status, 200, a.text);
  return { id, task: a.json.tasks.find((t) => t.kind === 'review').id };
}

test('a case accepted and refused at once on two servers: one wins', async () => {
  const clerk = await login('clerk');
  for (let i = 0; i < TRIES; i++) {
    const id = await submitted();
    const [win] = await race((u) => req(u, 'POST', `/api/v1/cases/${id}/accept`, { token: clerk, body: {} }),
      (u) => req(u, 'POST', `/api/v1/cases/${id}/refuse`, { token: clerk, body: { reason: '材料不符' } }), 'case_state');
    const now = await req(A, 'GET', `/api/v1/cases/${id}`, { token: clerk });
    assert.equal(now.json.state, win.json.state);
    assert.equal(now.json.events.filter((e) => e.from === 'submitted').length, 1, JSON.stringify(now.json.events));
  }
});

test('a case withdrawn while refused: one wins', async () => {
  const clerk = await login('clerk');
  for (let i = 0; i < TRIES; i++) {
    const id = await submitted();
    await race((u) => req(u, 'POST', `/api/v1/cases/${id}/withdraw`, { token: tokens.get(PERSON) }),
      (u) => req(u, 'POST', `/api/v1/cases/${id}/refuse`, { token: clerk, body: { reason: '材料不符' } }), 'case_state');
  }
});

test('a task approved and rejected at once on two servers: one 200, one 409, the case as the winner left it', async () => {
  const [o1, o2] = [await login('officer'), await login('officer-scjg')];
  for (let i = 0; i < TRIES; i++) {
    const { id, task } = await accepted();
    const [win, lose] = await race((u) => req(u, 'POST', `/api/v1/tasks/${task}/approve`, { token: o1 }),
      (u) => req(u, 'POST', `/api/v1/tasks/${task}/reject`, { token: o2, body: { reason: '不符合条件' } }));
    assert.ok(['task_state', 'case_state'].includes(lose.json.error.reason), lose.text);
    assert.match(lose.json.error.message, /已通过|未通过|已办结|不予许可/);
    const now = await req(A, 'GET', `/api/v1/cases/${id}`, { token: o1 });
    assert.equal(now.json.state, win.json.state);
    assert.ok(['completed', 'rejected'].includes(now.json.state));
    const decided = now.json.events.filter((e) => e.task_id === task && e.from === 'open');
    assert.equal(decided.length, 1, JSON.stringify(now.json.events));
  }
});

test('a task approved and sent back for corrections at once: one wins', async () => {
  const o1 = await login('officer');
  for (let i = 0; i < TRIES; i++) {
    const { task } = await accepted();
    await race((u) => req(u, 'POST', `/api/v1/tasks/${task}/approve`, { token: o1 }),
      (u) => req(u, 'POST', `/api/v1/tasks/${task}/correct`, { token: o1, body: { reason: '请补正' } }));
  }
});

test('a task urged while it is approved, and urged twice at once: each urging lands or is told the state', async () => {
  const [o1, sup] = [await login('officer'), await login('supervisor')];
  for (let i = 0; i < TRIES; i++) {
    const { id, task } = await accepted();
    const [urge, approve] = await Promise.all([
      req(A, 'POST', `/api/v1/tasks/${task}/urge`, { token: sup, body: { note: '请尽快办理' } }),
      req(B, 'POST', `/api/v1/tasks/${task}/approve`, { token: o1 })]);
    assert.equal(approve.status, 200, approve.text);
    assert.ok(urge.status === 201 || (urge.status === 409 && urge.json.error.reason === 'task_state'), urge.text);
    if (urge.status === 409) assert.match(urge.json.error.message, /已通过/);
    const now = await req(A, 'GET', `/api/v1/cases/${id}`, { token: sup });
    assert.equal(now.json.events.filter((e) => e.task_id === task && e.to === 'urged').length, urge.status === 201 ? 1 : 0);
  }
  for (let i = 0; i < TRIES; i++) {
    const { id, task } = await accepted();
    const both = await Promise.all([A, B].map((u) => req(u, 'POST', `/api/v1/tasks/${task}/urge`, { token: sup, body: { note: `督办${u === A ? 1 : 2}` } })));
    assert.deepEqual(both.map((r) => r.status), [201, 201], both.map((r) => r.text).join(' | '));
    assert.deepEqual(both.map((r) => r.json.urged).sort(), [1, 2]);
    const now = await req(A, 'GET', `/api/v1/cases/${id}`, { token: sup });
    assert.equal(now.json.events.filter((e) => e.to === 'urged').length, 2);
  }
});

test('a resubmission sent twice at once resumes the task once', async () => {
  const officer = await login('officer');
  for (let i = 0; i < TRIES; i++) {
    const { id, task } = await accepted();
    const c = await req(A, 'POST', `/api/v1/tasks/${task}/correct`, { token: officer, body: { reason: '请补正' } });
    assert.equal(c.status, 200, c.text);
    await race((u) => req(u, 'POST', `/api/v1/cases/${id}/resubmit`, { token: tokens.get(PERSON), body: {} }),
      (u) => req(u, 'POST', `/api/v1/cases/${id}/resubmit`, { token: tokens.get(PERSON), body: {} }), 'case_state');
  }
});

test('two tasks of one case approved at once on two servers: the case completes once', async () => {
  const admin = await login('admin');
  const code = `RACE-${Date.now()}`;
  const b = await req(A, 'POST', '/api/v1/bundles', { token: admin, body: {
    code, name: '并发测试一件事', lead_department: 'QD-SCJG',
    items: [{ code: ITEM }, { code: 'QD-SCJG-GG-0001' }] } });
  assert.equal(b.status, 201, b.text);
  const f = await req(A, 'POST', `/api/v1/bundles/${code}/form`, { body: { answers: {} } });
  assert.equal(f.status, 200, f.text);
  const form = fill(f.json.fields);
  const materials = await provide(f.json.materials);
  const [o1, o2] = [await login('officer'), await login('officer-scjg')];
  for (let i = 0; i < TRIES; i++) {
    const s = await req(A, 'POST', '/api/v1/cases', { token: tokens.get(PERSON), body: { bundle: code, answers: {}, form, materials } });
    assert.equal(s.status, 201, s.text);
    const a = await req(B, 'POST', `/api/v1/cases/${s.json.id}/accept`, { token: await login('clerk'), body: {} });
    assert.equal(a.status, 200, a.text);
    const [t1, t2] = a.json.tasks.filter((t) => t.kind === 'review');
    const [r1, r2] = await Promise.all([req(A, 'POST', `/api/v1/tasks/${t1.id}/approve`, { token: o1 }),
      req(B, 'POST', `/api/v1/tasks/${t2.id}/approve`, { token: o2 })]);
    assert.equal(r1.status, 200, r1.text);
    assert.equal(r2.status, 200, r2.text);
    const now = await req(A, 'GET', `/api/v1/cases/${s.json.id}`, { token: o1 });
    assert.equal(now.json.state, 'completed', JSON.stringify(now.json.tasks));
    // completed once (a note of what the completion did — the licence it issued — stays in that state)
    assert.equal(now.json.events.filter((e) => e.to === 'completed' && e.from !== 'completed').length, 1);
  }
});

test('an entity deregistered and made dormant at once stays deregistered; made dormant or listed twice at once, one wins', async () => {
  const officer = await login('officer');
  const later = new Date(Date.now() + 300 * 86400000).toISOString().slice(0, 10);
  let n = 0;
  const register = async () => {
    const code = uscc('92370211', `R${String(Date.now() % 1e5).padStart(5, '0')}${String(n++).padStart(2, '0')}`);
    const e = await req(A, 'POST', '/api/v1/entities', { token: officer, body: {
      uscc: code, name: `并发测试店${n}`, kind: 'individual_business', legal_rep: '周六', capital_fen: 100000,
      industry: '5292', region: '370211', established_on: '2020-03-01', scale: 'micro', employees: 2, revenue_fen: 0,
      rd_ratio_bp: 0, labels: [], credit: 'B' } });
    assert.equal(e.status, 201, e.text);
    return code;
  };
  // the 清算报告 an ordinary deregistration rests on, uploaded once by the regulator
  const report = await uploadPdf(officer, `清算报告 ${Date.now()}`);
  for (let i = 0; i < TRIES; i++) {
    const code = await register();
    // 歇业 then 注销 is a lawful order, 注销 then 歇业 is not: whichever comes first, an entity
    // acknowledged as deregistered stays deregistered
    const [dereg, dormant] = await Promise.all([
      req(A, 'POST', `/api/v1/entities/${code}/deregistration`, { token: officer,
        body: { mode: 'ordinary', reason: '投资人决定解散', document: report } }),
      req(B, 'POST', `/api/v1/entities/${code}/dormancy`, { token: officer, body: { until: later, service_address: '青岛市黄岛区长江路1号' } })]);
    assert.equal(dereg.status, 200, dereg.text);
    assert.ok(dormant.status === 200 || (dormant.status === 409 && dormant.json.error.reason === 'entity_state'), dormant.text);
    const now = await req(A, 'GET', `/api/v1/entities/${code}`, { token: officer });
    assert.equal(now.json.status, 'deregistered');
    const third = await register();
    await race((u) => req(u, 'POST', `/api/v1/entities/${third}/dormancy`, { token: officer, body: { until: later, service_address: '青岛市黄岛区长江路1号' } }),
      (u) => req(u, 'POST', `/api/v1/entities/${third}/dormancy`, { token: officer, body: { until: later, service_address: '青岛市黄岛区长江路2号' } }),
      'entity_state');
    const other = await register();
    await race((u) => req(u, 'POST', `/api/v1/entities/${other}/abnormal`, { token: officer, body: { reason: '未按时公示年报' } }),
      (u) => req(u, 'POST', `/api/v1/entities/${other}/abnormal`, { token: officer, body: { reason: '未按时公示年报' } }),
      'entity_state');
  }
});

test('an objection to a 简易注销 notice decided two ways at once, and two objections upheld at once: one wins', async () => {
  const officer = await login('officer');
  let n = 0;
  const onNotice = async () => {
    const code = uscc('92370211', `Q${String(Date.now() % 1e5).padStart(5, '0')}${String(n++).padStart(2, '0')}`);
    const e = await req(A, 'POST', '/api/v1/entities', { token: officer, body: {
      uscc: code, name: `异议并发测试店${n}`, kind: 'individual_business', legal_rep: '周六', capital_fen: 100000,
      industry: '5292', region: '370211', established_on: '2020-03-01', scale: 'micro', employees: 2, revenue_fen: 0,
      rd_ratio_bp: 0, labels: [], credit: 'B' } });
    assert.equal(e.status, 201, e.text);
    const d = await req(A, 'POST', `/api/v1/entities/${code}/deregistration`, { token: officer, body: { mode: 'simple' } });
    assert.equal(d.status, 200, d.text);
    return code;
  };
  const object = async (code, k) => {
    const r = await req(B, 'POST', `/api/v1/dereg-notices/${code}/objections`, { body: {
      reason: '尚有货款未结清，请暂缓注销该店。', name: `异议人${k}`, contact: '13905320000' },
    headers: { 'x-forwarded-for': `198.20.${k % 250}.${(Date.now() % 250) + 1}` } });
    assert.equal(r.status, 201, r.text);
    const list = await req(A, 'GET', `/api/v1/entities/${code}/objections`, { token: officer });
    return list.json.objections.find((o) => o.receipt === r.json.receipt).id;
  };
  const decide = (id, body) => (u) => req(u, 'POST', `/api/v1/dereg-objections/${id}/decision`, { token: officer, body });
  for (let i = 0; i < TRIES; i++) {
    // upheld on one server, dismissed on the other: the entity as the winner left it
    const code = await onNotice();
    const id = await object(code, 2 * i);
    const [, , w] = await race(decide(id, { decision: 'upheld' }), decide(id, { decision: 'dismissed', reason: '经核实不成立' }),
      'objection_state');
    const after = await req(A, 'GET', `/api/v1/entities/${code}`, { token: officer });
    assert.equal(after.json.status, w === 0 ? 'active' : 'deregistering');
    // two objections of one notice upheld at once: one stops the notice, the other was closed by it
    const other = await onNotice();
    const [x, y] = [await object(other, 2 * i + 1), await object(other, 2 * i + 1)];
    await race(decide(x, { decision: 'upheld' }), decide(y, { decision: 'upheld' }), 'objection_state');
    const states = (await req(A, 'GET', `/api/v1/entities/${other}/objections`, { token: officer })).json.objections.map((o) => o.state).sort();
    assert.deepEqual(states, ['closed', 'upheld']);
    assert.equal((await req(A, 'GET', `/api/v1/entities/${other}`, { token: officer })).json.status, 'active');
  }
});

test('a rectification step and an appeal decision taken twice at once: one wins', async () => {
  const [officer, supervisor, person] = [await login('officer'), await login('supervisor'), await login(PERSON)];
  for (let i = 0; i < Math.min(TRIES, 5); i++) {
    const { id, task } = await accepted();
    assert.equal((await req(A, 'POST', `/api/v1/tasks/${task}/approve`, { token: officer })).status, 200);
    const r = await req(A, 'POST', `/api/v1/cases/${id}/ratings`, { token: person,
      body: { channel: 'online', aspects: { overall: 'very_dissatisfied' } } });
    assert.equal(r.status, 201, r.text);
    const rect = r.json.rectification.id;
    await race((u) => req(u, 'POST', `/api/v1/rectifications/${rect}/verify`, { token: officer, body: { note: '核实一' } }),
      (u) => req(u, 'POST', `/api/v1/rectifications/${rect}/verify`, { token: officer, body: { note: '核实二' } }), 'rectification_state');
    const ap = await req(A, 'POST', `/api/v1/ratings/${r.json.id}/appeal`, { token: officer, body: { reason: '与服务无关' } });
    assert.equal(ap.status, 201, ap.text);
    await race((u) => req(u, 'POST', `/api/v1/ratings/${r.json.id}/appeal/decision`, { token: supervisor, body: { decision: 'upheld' } }),
      (u) => req(u, 'POST', `/api/v1/ratings/${r.json.id}/appeal/decision`, { token: supervisor, body: { decision: 'dismissed' } }),
      'appeal_not_pending');
  }
});

test('a progress report returned twice at once and a measure cancelled twice at once: one wins', async () => {
  const supervisor = await login('supervisor');
  const list = await req(A, 'GET', '/api/v1/ledger/measures?limit=1000', { token: supervisor });
  assert.equal(list.status, 200, list.text);
  const open = list.json.measures.filter((m) => m.status !== 'done' && !m.cancelled_on);
  assert.ok(open.length >= 2, 'the demo plan has open measures');
  for (const m of open.slice(0, 2)) {
    const detail = await req(A, 'GET', `/api/v1/ledger/measures/${m.id}`, { token: supervisor });
    const report = detail.json.progress.find((p) => !p.returned);
    if (report)
      await race((u) => req(u, 'POST', `/api/v1/ledger/progress/${report.id}/return`, { token: supervisor, body: { reason: '佐证不足' } }),
        (u) => req(u, 'POST', `/api/v1/ledger/progress/${report.id}/return`, { token: supervisor, body: { reason: '请补充' } }),
        'progress_returned');
  }
  const m = open[open.length - 1];
  await race((u) => req(u, 'POST', `/api/v1/ledger/measures/${m.id}/cancel`, { token: supervisor, body: { reason: '并入其他措施' } }),
    (u) => req(u, 'POST', `/api/v1/ledger/measures/${m.id}/cancel`, { token: supervisor, body: { reason: '不再实施' } }),
    'measure_cancelled');
});

test('a deferred material handed in twice at once is taken once', async () => {
  const code = 'QD-SCJG-XK-0005'; // 食品经营许可证核发: 主要设备设施清单 may be deferred (容缺)
  const g = await req(A, 'GET', `/api/v1/items/${code}`);
  const form = fill(g.json.fields);
  const provided = await provide(g.json.materials);
  const materials = provided.map((m) => (m.name === '主要设备设施清单' ? { name: m.name, provided_as: 'deferred' } : m));
  const due = new Date(Date.now() + 14 * 86400000).toISOString().slice(0, 10);
  const upload = provided.find((m) => m.upload).upload;
  for (let i = 0; i < Math.min(TRIES, 5); i++) {
    const s = await req(A, 'POST', '/api/v1/cases', { token: tokens.get(PERSON), body: { item: code, form, materials } });
    assert.equal(s.status, 201, s.text);
    const a = await req(B, 'POST', `/api/v1/cases/${s.json.id}/accept`, { token: await login('clerk'),
      body: { deferred: [{ material: '主要设备设施清单', due_date: due, due_reason: '设备清单待供货商出具' }] } });
    assert.equal(a.status, 200, a.text);
    const supply = (u) => req(u, 'POST', `/api/v1/cases/${s.json.id}/supply`, { token: tokens.get(PERSON),
      body: { material: '主要设备设施清单', upload } });
    await race(supply, supply, 'case_nothing_to_supply');
  }
});

test('a grant approved and rejected at once, and paid twice at once: one wins each time', async () => {
  const admin = await login('admin');
  const list = await req(A, 'GET', '/api/v1/grants?state=pending&limit=20', { token: admin });
  assert.equal(list.status, 200, list.text);
  assert.ok(list.json.grants.length >= 2, 'the demo has pending grants');
  const [first, second] = list.json.grants;
  const [win] = await race((u) => req(u, 'POST', `/api/v1/grants/${first.id}/approve`, { token: admin }),
    (u) => req(u, 'POST', `/api/v1/grants/${first.id}/reject`, { token: admin, body: { reason: '不符合条件' } }));
  if (win.json.state === 'approved')
    await race((u) => req(u, 'POST', `/api/v1/grants/${first.id}/pay`, { token: admin }),
      (u) => req(u, 'POST', `/api/v1/grants/${first.id}/pay`, { token: admin }), 'grant_state');
  await race((u) => req(u, 'POST', `/api/v1/grants/${second.id}/approve`, { token: admin }),
    (u) => req(u, 'POST', `/api/v1/grants/${second.id}/approve`, { token: admin }));
});

test('a case rated twice at once on one channel keeps one rating; a rectification answered twice at once, once', async () => {
  const [officer, person] = [await login('officer'), await login(PERSON)];
  for (let i = 0; i < Math.min(TRIES, 5); i++) {
    const { id, task } = await accepted();
    assert.equal((await req(A, 'POST', `/api/v1/tasks/${task}/approve`, { token: officer })).status, 200);
    const rate = (u) => req(u, 'POST', `/api/v1/cases/${id}/ratings`, { token: person,
      body: { channel: 'online', aspects: { overall: 'very_dissatisfied' } } });
    const [win] = await race(rate, rate, 'rating_exists');
    const rect = win.json.rectification.id;
    assert.equal((await req(A, 'POST', `/api/v1/rectifications/${rect}/verify`, { token: officer, body: { note: '已核实' } })).status, 200);
    const feedback = (u) => req(u, 'POST', `/api/v1/rectifications/${rect}/feedback`, { token: officer, body: { note: '已整改' } });
    await race(feedback, feedback, 'rectification_state');
    const appeal = (u) => req(u, 'POST', `/api/v1/ratings/${win.json.id}/appeal`, { token: officer, body: { reason: '与服务无关' } });
    await race(appeal, appeal, 'appeal_exists');
  }
});

test('login limits are counted in the store: 100 parallel wrong passwords over two servers try at most five', async () => {
  const id = idNumber('37021219800808309');
  const r = await req(A, 'POST', '/api/v1/accounts', { body: { kind: 'person', name: '并发限流', id_number: id, password: 'secret-pass-1' },
    headers: { 'x-forwarded-for': '10.9.0.1' } });
  assert.equal(r.status, 201, r.text);
  // all from one address (the proxy's X-Forwarded-For): the account's limit there is five
  const answers = await Promise.all(Array.from({ length: 100 }, (_, i) =>
    req(i % 2 ? B : A, 'POST', '/api/v1/session', { body: { login: id, password: 'wrong-guess' },
      headers: { 'x-forwarded-for': '10.9.1.1' } })));
  const tried = answers.filter((a) => a.status === 401).length;
  const limited = answers.filter((a) => a.status === 429).length;
  assert.equal(tried, 5, `401s: ${tried}`);
  assert.equal(tried + limited, 100);
});

test('case numbers: submissions at once on both servers get distinct consecutive numbers', async () => {
  const person = await login(PERSON);
  const form = { ...FORM, 'address.region': '370214' }; // a region of its own: no other test's serials
  const answers = await Promise.all(Array.from({ length: 20 }, (_, k) =>
    req(k % 2 ? B : A, 'POST', '/api/v1/cases', { token: person, body: { item: ITEM, form, materials: MATERIALS } })));
  for (const a of answers) assert.equal(a.status, 201, a.text);
  const numbers = answers.map((a) => a.json.number).sort();
  assert.equal(new Set(numbers).size, 20, numbers.join(' '));
  for (const n of numbers) assert.match(n, /^370214\d{13}$/);
  const serials = numbers.map((n) => Number(n.slice(14)));
  for (let i = 1; i < serials.length; i++) assert.equal(serials[i], serials[i - 1] + 1, numbers.join(' '));
});

test('lookup failures are counted in the store: 40 wrong lookups at once over two servers are ten 404s', async () => {
  const answers = await Promise.all(Array.from({ length: 40 }, (_, i) =>
    req(i % 2 ? B : A, 'GET', '/api/v1/case-status?number=3702022026010100001&id_tail=000000',
      { headers: { 'x-forwarded-for': '10.9.2.1' } })));
  assert.equal(answers.filter((a) => a.status === 404).length, 10);
  assert.equal(answers.filter((a) => a.status === 429).length, 30);
});

test('an idempotent submission retried on both servers at once makes one case and answers alike', async () => {
  const person = await login(PERSON);
  for (let i = 0; i < TRIES; i++) {
    const key = `race-${Date.now()}-${i}`;
    const headers = { 'idempotency-key': key };
    const answers = await Promise.all(Array.from({ length: 6 }, (_, k) =>
      req(k % 2 ? B : A, 'POST', '/api/v1/cases', { token: person, body: { item: ITEM, form: FORM, materials: MATERIALS }, headers })));
    for (const a of answers) assert.equal(a.status, 201, a.text);
    assert.equal(new Set(answers.map((a) => a.json.id)).size, 1);
    assert.equal(answers.filter((a) => a.headers.get('idempotent-replayed') !== 'true').length, 1);
  }
});

test('the audit chain verifies after the races', async () => {
  const v = await req(A, 'GET', '/api/v1/audit/verify', { token: await login('admin') });
  assert.equal(v.status, 200, v.text);
  assert.equal(v.json.intact, true, v.text);
});

test('a label added on one server is known to the other at once', async () => {
  const admin = await login('admin');
  const made = await req(A, 'POST', '/api/v1/entity-labels', { token: admin, body: { code: 'race_label', name: '并发测试标签' } });
  assert.equal(made.status, 201, made.text);
  const seen = await req(B, 'GET', '/api/v1/entity-labels');
  assert.ok(seen.json.labels.some((l) => l.code === 'race_label'), seen.text);
  const both = await Promise.all([A, B].map((u) => req(u, 'POST', '/api/v1/entity-labels', { token: admin, body: { code: 'twice_label', name: '同时添加' } })));
  assert.deepEqual(both.map((r) => r.status).sort(), [201, 409]);
});

// Certificates (issue 16): each pair raced on one certificate issued for it.
test('a certificate suspended twice, revoked twice, renewed twice at once: one wins; revoked while reinstated: revoked either way', async () => {
  const officer = await login('officer');
  const holder = uscc('91370202', 'MA3CXK7T');
  const issue = async () => {
    const r = await req(A, 'POST', '/api/v1/certificates', { token: officer, body: {
      type: 'SPJY', holder, holder_name: '青岛海川数字科技有限公司', reason: '并发测试' } });
    assert.equal(r.status, 201, r.text);
    return r.json;
  };
  const act = (id, what, reason = '并发测试') => (u) => req(u, 'POST', `/api/v1/certificates/${id}/${what}`, { token: officer, body: { reason } });
  const state = async (id) => (await req(A, 'GET', `/api/v1/certificates/${id}`, { token: officer })).json;
  const verified = async (c) => (await req(B, 'POST', '/api/v1/verify', { raw: c.credential, headers: { 'content-type': 'application/vc+jwt' } })).json.result;
  const audited = async (id) => (await req(A, 'GET', `/api/v1/audit?object_type=certificate&object_id=${id}`, { token: await login('admin') }))
    .json.entries.map((e) => e.action);
  for (let i = 0; i < Math.min(TRIES, 5); i++) {
    let c = await issue();
    await race(act(c.id, 'suspend', '停业整顿'), act(c.id, 'suspend', '另案调查'), 'cert_state');
    assert.equal((await state(c.id)).state, 'suspended');
    assert.equal((await verified(c)), 'suspended');
    assert.equal((await audited(c.id)).filter((a) => a === 'cert.suspend').length, 1);

    c = await issue();
    await race(act(c.id, 'revoke'), act(c.id, 'revoke'), 'cert_state');
    assert.equal((await state(c.id)).state, 'revoked');
    assert.equal((await audited(c.id)).filter((a) => a === 'cert.revoke').length, 1);

    // suspended, then revoked on one server while reinstated on the other: a revocation first
    // leaves nothing to reinstate (409); a reinstatement first leaves a valid one to revoke
    c = await issue();
    assert.equal((await act(c.id, 'suspend')(A)).status, 200);
    const [revoke, reinstate] = await Promise.all([act(c.id, 'revoke')(A), act(c.id, 'reinstate')(B)]);
    assert.equal(revoke.status, 200, revoke.text);
    assert.ok(reinstate.status === 200 || (reinstate.status === 409 && reinstate.json.error.reason === 'cert_state'), reinstate.text);
    assert.equal((await state(c.id)).state, 'revoked');
    assert.equal((await verified(c)), 'revoked');
    const actions = await audited(c.id);
    assert.deepEqual(actions.filter((a) => a === 'cert.revoke' || a === 'cert.reinstate').length, reinstate.status === 200 ? 2 : 1);

    c = await issue();
    const [win] = await race(act(c.id, 'renew', '到期换发'), act(c.id, 'renew', '信息变更换发'), 'cert_state');
    assert.equal(win.status, 201, win.text);
    assert.equal(win.json.replaces, c.id);
    assert.equal(win.json.version, 2);
    const all = await req(A, 'GET', `/api/v1/certificates?holder=${holder}&type=SPJY&limit=200`, { token: officer });
    assert.deepEqual(all.json.certificates.filter((x) => x.replaces === c.id).map((x) => x.id), [win.json.id], 'one new version only');
    const old = await state(c.id);
    assert.equal(old.state, 'superseded');
    assert.equal(old.replaced_by, win.json.id);
  }
  const v = await req(A, 'GET', '/api/v1/audit/verify', { token: await login('admin') });
  assert.equal(v.json.intact, true, v.text);
});
