// Policies and grants over HTTP: anyone reads the demo library; the issuing department's officer
// saves a policy (malformed JSON 400, a wrong role 403, a bad rule 422 naming its node); the
// enterprise applies, the department approves once (an Idempotency-Key answers the same again; a
// second approval without it is refused by the state), an approval over the budget is refused
// with the amounts; `yiwang match` turns an auto policy into a pending grant; the enterprise sees
// its benefits with their explanation and its inbox; the payment file lists what is approved.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { req, login, assertError, uscc, DEMO_ENTERPRISE } from './lib.mjs';
import { readXlsx } from '../xlsx.mjs';

const CLASS = { 400: 'bad_request', 403: 'forbidden', 404: 'not_found', 409: 'conflict', 422: 'invalid' };
const refused = (r, status, reason, field) => assert.equal(assertError(r, status, CLASS[status], field).reason, reason, r.text);

const run = Date.now().toString(36).toUpperCase();
const year = new Date().getFullYear();
const mine = { '==': [{ var: 'uscc' }, DEMO_ENTERPRISE] };
const policy = (code, extra = {}) => ({
  code, title: `测试政策 ${code}`, department: 'QD-GXJ', basis: '青工信字〔2026〕99号',
  valid_from: `${year}-01-01`, valid_to: `${year}-12-31`, mode: 'apply', eligibility: mine,
  amount: { '*': [{ var: 'employees' }, 1000] }, budget_fen: 1000000, recurrence: 'once', ...extra,
});

// the demo enterprise's record in the registry (entities.test.mjs imports the same row; a second
// import of it changes nothing)
test.before(() => {
  const dir = mkdtempSync(join(tmpdir(), 'yw-policies-'));
  const file = join(dir, 'entities.csv');
  writeFileSync(file, 'uscc,name,kind,legal_rep,capital_fen,industry,region,established_on,scale,employees,revenue_fen,rd_ratio_bp,labels,credit\n' +
    `${DEMO_ENTERPRISE},青岛海川数字科技有限公司,company,张三,500000000,6513,370202,2019-05-20,small,35,1200000000,450,hnte|专精特新,A\n`);
  execFileSync(process.env.YW_BIN, ['entity', 'import', file, '--db', process.env.YW_DB], { stdio: 'pipe' });
  rmSync(dir, { recursive: true });
});

test('anyone reads the policy library', async () => {
  const r = await req('GET', '/api/v1/policies?limit=500');
  assert.equal(r.status, 200, r.text);
  assert.ok(r.json.total >= 30);
  const zjtx = r.json.policies.find((p) => p.code === 'QD-GXJ-2026-01');
  assert.equal(zjtx.department_name, '青岛市工业和信息化局');
  assert.equal(zjtx.mode, 'auto');
  assert.ok(zjtx.eligibility.and);
  const one = await req('GET', '/api/v1/policies/QD-KJJ-2026-03');
  assert.equal(one.status, 200);
  assert.equal(one.json.recurrence, 'yearly');
  refused(await req('GET', '/api/v1/policies/NO-SUCH'), 404, 'policy_not_found');
});

test('saving a policy: malformed JSON, wrong roles, bad rules at their pointer', async () => {
  const gxj = await login('officer-gxj');
  const kjj = await login('officer-kjj');
  const ent = await login(DEMO_ENTERPRISE);
  const code = `T-${run}-1`;
  assertError(await req('POST', '/api/v1/policies', { token: gxj, raw: '{"code": "x",' }), 400, 'bad_request');
  assertError(await req('POST', '/api/v1/policies', { body: policy(code) }), 401, 'unauthenticated');
  assertError(await req('POST', '/api/v1/policies', { token: ent, body: policy(code) }), 403, 'forbidden');
  refused(await req('POST', '/api/v1/policies', { token: kjj, body: policy(code) }), 403, 'policy_not_issuer');
  const bad = policy(code, { eligibility: { and: [mine, { bogus: [1] }] } });
  const e = assertError(await req('POST', '/api/v1/policies', { token: gxj, body: bad }), 422, 'invalid', '/eligibility/and/1');
  assert.match(e.reason, /^rule_/);
  assertError(await req('POST', '/api/v1/policies', { token: gxj, body: policy(code, { amount: { '+': [1], '-': [2] } }) }), 422, 'invalid');
  refused(await req('POST', '/api/v1/policies', { token: gxj, body: policy(code, { valid_to: `${year - 1}-01-01` }) }), 422, 'policy_period', 'valid_to');
  assertError(await req('POST', '/api/v1/policies', { token: gxj, body: policy(code, { mode: 'sometimes' }) }), 422, 'invalid', 'mode');
  const ok = await req('POST', '/api/v1/policies', { token: gxj, body: policy(code) });
  assert.equal(ok.status, 201, ok.text);
  assert.equal(ok.json.spent_fen, 0);
  const { code: _, ...rest } = policy(code, { title: '测试政策（修订）' });
  const put = await req('PUT', `/api/v1/policies/${code}`, { token: gxj, body: rest });
  assert.equal(put.status, 200, put.text);
  assert.equal(put.json.title, '测试政策（修订）');
  // POST creates only: the same code again is a conflict and replaces nothing
  const taken = assertError(await req('POST', '/api/v1/policies', { token: gxj, body: policy(code, { title: '另一项政策' }) }),
    409, 'conflict', 'code');
  assert.equal(taken.reason, 'policy_exists');
  assert.equal(taken.message, `政策编号${code}已存在：如需修改，请在列表中选择该政策`);
  assert.equal((await req('GET', `/api/v1/policies/${code}`)).json.title, '测试政策（修订）');
  // PUT changes only: an unknown code is not found and nothing is created
  const unknown = `T-${run}-NEW`;
  refused(await req('PUT', `/api/v1/policies/${unknown}`, { token: gxj, body: rest }), 404, 'policy_not_found', 'code');
  refused(await req('GET', `/api/v1/policies/${unknown}`), 404, 'policy_not_found');
});

test('apply, approve once, over budget refused, pay, payment file', async () => {
  const gxj = await login('officer-gxj');
  const kjj = await login('officer-kjj');
  const ent = await login(DEMO_ENTERPRISE);
  const code = `T-${run}-2`;
  assert.equal((await req('POST', '/api/v1/policies', { token: gxj, body: policy(code) })).status, 201);
  const applied = await req('POST', `/api/v1/policies/${code}/apply`, { token: ent });
  assert.equal(applied.status, 201, applied.text);
  assert.equal(applied.json.state, 'applied');
  assert.ok(applied.json.amount_fen > 0);
  refused(await req('POST', `/api/v1/policies/${code}/apply`, { token: ent }), 409, 'grant_exists');
  const id = applied.json.id;
  refused(await req('POST', `/api/v1/grants/${id}/approve`, { token: kjj }), 403, 'policy_not_issuer');
  assertError(await req('POST', `/api/v1/grants/${id}/approve`, { token: ent }), 403, 'forbidden');
  const headers = { 'idempotency-key': `approve-${run}` };
  const first = await req('POST', `/api/v1/grants/${id}/approve`, { token: gxj, headers });
  assert.equal(first.status, 200, first.text);
  assert.equal(first.json.state, 'approved');
  const again = await req('POST', `/api/v1/grants/${id}/approve`, { token: gxj, headers });
  assert.equal(again.status, 200, again.text);
  assert.equal(again.headers.get('idempotent-replayed'), 'true');
  assert.deepEqual(again.json, first.json);
  refused(await req('POST', `/api/v1/grants/${id}/approve`, { token: gxj }), 409, 'grant_state', 'state');
  const p = await req('GET', `/api/v1/policies/${code}`);
  assert.equal(p.json.spent_fen, first.json.amount_fen);

  // over the budget: refused with the amounts, nothing spent
  const tight = `T-${run}-3`;
  assert.equal((await req('POST', '/api/v1/policies', { token: gxj, body: policy(tight, { budget_fen: 100 }) })).status, 201);
  const g = await req('POST', `/api/v1/policies/${tight}/apply`, { token: ent });
  assert.equal(g.status, 201, g.text);
  const over = await req('POST', `/api/v1/grants/${g.json.id}/approve`, { token: gxj });
  refused(over, 409, 'budget_exceeded', 'amount_fen');
  assert.match(over.json.error.message, /剩余预算1.00元/);
  assert.equal((await req('GET', `/api/v1/policies/${tight}`)).json.spent_fen, 0);
  assert.equal((await req('GET', `/api/v1/grants/${g.json.id}`, { token: gxj })).json.state, 'applied');
  const rejected = await req('POST', `/api/v1/grants/${g.json.id}/reject`, { token: gxj, body: { reason: '预算已用完' } });
  assert.equal(rejected.json.state, 'rejected');

  // the payment file, then paid once
  const csv = await req('GET', `/api/v1/policies/${code}/payments.csv`, { token: gxj });
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type'), /text\/csv/);
  assert.ok(csv.text.includes(`${id},${code},${DEMO_ENTERPRISE},`), csv.text);
  assertError(await req('GET', `/api/v1/policies/${code}/payments.csv`, { token: kjj }), 403, 'forbidden');
  assert.equal((await req('POST', `/api/v1/grants/${id}/pay`, { token: gxj })).json.state, 'paid');
  refused(await req('POST', `/api/v1/grants/${id}/pay`, { token: gxj }), 409, 'grant_state');
  assert.ok(!(await req('GET', `/api/v1/policies/${code}/payments.csv`, { token: gxj })).text.includes(id));
  const list = await req('GET', `/api/v1/grants?policy=${code}`, { token: gxj });
  assert.equal(list.json.total, 1);
});

test('yiwang match makes the auto grant; the enterprise sees why', async () => {
  const gxj = await login('officer-gxj');
  const ent = await login(DEMO_ENTERPRISE);
  const code = `T-${run}-4`;
  const body = policy(code, { mode: 'auto', eligibility: { and: [mine, { '>=': [{ var: 'employees' }, 10] }] } });
  assert.equal((await req('POST', '/api/v1/policies', { token: gxj, body })).status, 201);
  const out = execFileSync(process.env.YW_BIN, ['match', '--db', process.env.YW_DB], { encoding: 'utf8', stdio: 'pipe' });
  assert.match(out, /^\d+ entities, \d+ policies, \d+ matches in [\d.]+ s$/m);
  const again = execFileSync(process.env.YW_BIN, ['match', '--db', process.env.YW_DB], { encoding: 'utf8', stdio: 'pipe' });
  assert.match(again, /^grants created: 0,/m);
  const b = await req('GET', '/api/v1/me/benefits', { token: ent });
  assert.equal(b.status, 200, b.text);
  const mineNow = b.json.eligible.find((e) => e.policy === code);
  assert.ok(mineNow, b.text);
  assert.equal(mineNow.grant_state, 'pending');
  const cond = mineNow.why.find((s) => s.op === '>=');
  assert.equal(cond.pointer, '/and/1');
  assert.equal(cond.value, true);
  assert.deepEqual(cond.args, [35, 10]);
  assert.ok(b.json.grants.some((g) => g.policy === code && g.state === 'pending'));
  assertError(await req('GET', '/api/v1/me/benefits', { token: gxj }), 403, 'forbidden');
  // its inbox tells of the new benefit and of the earlier approval; read once
  const inbox = await req('GET', '/api/v1/me/messages', { token: ent });
  assert.equal(inbox.status, 200, inbox.text);
  const told = inbox.json.messages.find((m) => m.policy === code);
  assert.ok(told && told.kind === 'benefit', inbox.text);
  assert.ok(inbox.json.messages.some((m) => m.kind === 'decision' && m.title.startsWith('已批准')));
  const read = await req('POST', `/api/v1/me/messages/${encodeURIComponent(told.id)}/read`, { token: ent });
  assert.equal(read.status, 200, read.text);
  assert.equal((await req('GET', '/api/v1/me/messages', { token: ent })).json.unread, inbox.json.unread - 1);
  assertError(await req('GET', '/api/v1/me/messages', { token: gxj }), 403, 'forbidden');
  // an enterprise sees its own grants only
  const own = await req('GET', '/api/v1/grants', { token: ent });
  assert.ok(own.json.grants.every((g) => g.uscc === DEMO_ENTERPRISE));
});

// ---- policy pages (issue 9) ----

test('match preview: counts the registry, refuses bad rules at their pointer, bad input and the wrong roles', async () => {
  const gxj = await login('officer-gxj');
  const ent = await login(DEMO_ENTERPRISE);
  const ok = await req('POST', '/api/v1/policies/preview', { token: gxj, body: { eligibility: mine } });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.matches, 1);
  assert.ok(ok.json.entities >= 1);
  assert.deepEqual(ok.json.sample.map((e) => e.uscc), [DEMO_ENTERPRISE]);
  const none = await req('POST', '/api/v1/policies/preview', { token: gxj, body: { eligibility: { '>': [{ var: 'employees' }, 1e9] } } });
  assert.equal(none.json.matches, 0);
  assert.deepEqual(none.json.sample, []);
  const bad = assertError(await req('POST', '/api/v1/policies/preview', { token: gxj, body: { eligibility: { and: [mine, { bogus: [1] }] } } }),
    422, 'invalid', '/eligibility/and/1');
  assert.match(bad.reason, /^rule_/);
  assert.match(bad.message, /bogus/);
  assertError(await req('POST', '/api/v1/policies/preview', { token: gxj, raw: '{"eligibility": {' }), 400, 'bad_request');
  assertError(await req('POST', '/api/v1/policies/preview', { token: gxj, raw: JSON.stringify({ eligibility: mine }), headers: { 'content-type': 'text/plain' } }),
    415, 'unsupported_media_type');
  assertError(await req('POST', '/api/v1/policies/preview', { token: gxj, body: { eligibility: 'yes' } }), 422, 'invalid', 'eligibility');
  assertError(await req('POST', '/api/v1/policies/preview', { token: gxj, body: {} }), 422, 'invalid', 'eligibility');
  assertError(await req('POST', '/api/v1/policies/preview', { token: gxj, body: { eligibility: mine, extra: 1 } }), 422, 'invalid', 'extra');
  assertError(await req('POST', '/api/v1/policies/preview', { body: { eligibility: mine } }), 401, 'unauthenticated');
  assertError(await req('POST', '/api/v1/policies/preview', { token: ent, body: { eligibility: mine } }), 403, 'forbidden');
  assertError(await req('POST', '/api/v1/policies/preview', { token: await login('clerk'), body: { eligibility: mine } }), 403, 'forbidden');
});

test('the payment file as xlsx: the approved grants, a total row; its department only', async () => {
  const gxj = await login('officer-gxj');
  const kjj = await login('officer-kjj');
  const ent = await login(DEMO_ENTERPRISE);
  const code = `T-${run}-X`;
  assert.equal((await req('POST', '/api/v1/policies', { token: gxj, body: policy(code) })).status, 201);
  const g = await req('POST', `/api/v1/policies/${code}/apply`, { token: ent });
  assert.equal(g.status, 201, g.text);
  assert.equal((await req('POST', `/api/v1/grants/${g.json.id}/approve`, { token: gxj })).status, 200);
  const res = await fetch(`${process.env.YW_URL}/api/v1/policies/${code}/payments.xlsx`, { headers: { authorization: `Bearer ${gxj}` } });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /spreadsheetml\.sheet/);
  assert.match(res.headers.get('content-disposition'), new RegExp(`payments-${code}\\.xlsx`));
  const rows = readXlsx(Buffer.from(await res.arrayBuffer()));
  const yuan = (g.json.amount_fen / 100).toFixed(2);
  assert.equal(rows[0][0], `政策${code}待拨付清单（1笔，合计${yuan}元）`);
  assert.deepEqual(rows[2], ['序号', '企业名称', '统一社会信用代码', '开户银行', '银行账号', '金额（元）', '凭证号', '政策名称', '批准日期', '拨付日期']);
  // the demo enterprise's row of the registry has no bank: its cells are empty, to be filled before paying
  assert.deepEqual([rows[3][0], rows[3][1], rows[3][2], rows[3][5], rows[3][7], rows[3][10]],
    [1, '青岛海川数字科技有限公司', DEMO_ENTERPRISE, g.json.amount_fen / 100, `测试政策 ${code}`, undefined]); // no internal id
  assert.deepEqual([rows[4][0], rows[4][5]], ['合计', g.json.amount_fen / 100]);
  assertError(await req('GET', `/api/v1/policies/${code}/payments.xlsx`, { token: kjj }), 403, 'forbidden');
  assertError(await req('GET', `/api/v1/policies/${code}/payments.xlsx`, { token: ent }), 403, 'forbidden');
  assertError(await req('GET', '/api/v1/policies/NO-SUCH/payments.xlsx', { token: gxj }), 404, 'not_found');
  // paid: off the file
  assert.equal((await req('POST', `/api/v1/grants/${g.json.id}/pay`, { token: gxj })).status, 200);
  const after = readXlsx(Buffer.from(await (await fetch(`${process.env.YW_URL}/api/v1/policies/${code}/payments.xlsx`,
    { headers: { authorization: `Bearer ${gxj}` } })).arrayBuffer()));
  assert.equal(after[0][0], `政策${code}待拨付清单（0笔，合计0.00元）`);
});

test('a change of the registry matches the entity at once; staff run matching for one entity', async () => {
  const gxj = await login('officer-gxj');
  const scjg = await login('officer');
  const ent = await login(DEMO_ENTERPRISE);
  const code = `T-${run}-5`;
  // an auto policy for companies of 36 employees or more: the demo enterprise has fewer for now
  const body = policy(code, { mode: 'auto', eligibility: { and: [mine, { '>=': [{ var: 'employees' }, 36] }] } });
  assert.equal((await req('POST', '/api/v1/policies', { token: gxj, body })).status, 201);
  const cur = (await req('GET', `/api/v1/entities/${DEMO_ENTERPRISE}`, { token: scjg })).json;
  const before = await req('GET', '/api/v1/me/benefits', { token: ent });
  assert.ok(!before.json.eligible.some((e) => e.policy === code));
  // not met yet, and why not: the comparison that failed, with its operands
  const unmet = before.json.unmet.find((e) => e.policy === code);
  assert.ok(unmet, before.text);
  assert.equal(unmet.grant_state, null);
  const failed = unmet.why.find((s) => s.op === '>=');
  assert.deepEqual([failed.pointer, failed.value, failed.args], ['/and/1', false, [35, 36]]);
  const { uscc: _u, industry_name: _i, region_name: _r, status: _s, dormant_until: _d, service_address: _a, abnormal_reason: _b,
    notice_until: _n, deregistered_on: _o, updated_at: _t, changes: _c, deregistration: _g, ...fields } = cur;
  const put = await req('PUT', `/api/v1/entities/${DEMO_ENTERPRISE}`, { token: scjg, body: { ...fields, employees: 36 } });
  assert.equal(put.status, 200, put.text);
  const after = await req('GET', '/api/v1/me/benefits', { token: ent });
  const got = after.json.eligible.find((e) => e.policy === code);
  assert.ok(got, after.text);
  assert.equal(got.grant_state, 'pending');
  assert.deepEqual(got.eligibility, body.eligibility);
  // matching again for the entity creates nothing more; an enterprise may not run it
  const again = await req('POST', `/api/v1/entities/${DEMO_ENTERPRISE}/match`, { token: gxj });
  assert.equal(again.status, 200, again.text);
  assert.equal(again.json.grants_created, 0);
  assert.ok(again.json.matches >= 1);
  assertError(await req('POST', `/api/v1/entities/${DEMO_ENTERPRISE}/match`, { token: ent }), 403, 'forbidden');
  // back to 35 employees (the other tests' record)
  assert.equal((await req('PUT', `/api/v1/entities/${DEMO_ENTERPRISE}`, { token: scjg, body: { ...fields, employees: 35 } })).status, 200);
});

test('double submission: the same Idempotency-Key pays once; a second click without it is refused', async () => {
  const gxj = await login('officer-gxj');
  const ent = await login(DEMO_ENTERPRISE);
  const code = `T-${run}-6`;
  assert.equal((await req('POST', '/api/v1/policies', { token: gxj, body: policy(code) })).status, 201);
  const g = (await req('POST', `/api/v1/policies/${code}/apply`, { token: ent })).json;
  assert.equal((await req('POST', `/api/v1/grants/${g.id}/approve`, { token: gxj })).status, 200);
  const headers = { 'idempotency-key': `pay-${run}` };
  const [a, b] = await Promise.all([
    req('POST', `/api/v1/grants/${g.id}/pay`, { token: gxj, headers }),
    req('POST', `/api/v1/grants/${g.id}/pay`, { token: gxj, headers }),
  ]);
  const statuses = [a.status, b.status].sort();
  assert.ok(statuses[0] === 200, `${a.text} ${b.text}`);
  assert.ok(statuses[1] === 200 || statuses[1] === 409, `${a.text} ${b.text}`); // replayed, or refused while the first runs
  const list = await req('GET', `/api/v1/grants?policy=${code}&state=paid`, { token: gxj });
  assert.equal(list.json.total, 1);
  // the enterprise is told once that it was approved and once that it was paid — not twice, and
  // not never
  const inbox = (await req('GET', '/api/v1/me/messages?limit=200', { token: ent })).json.messages.filter((m) => m.grant === g.id);
  assert.deepEqual(inbox.map((m) => m.title).sort(), [`已批准：测试政策 ${code}`, `已拨付：测试政策 ${code}`]);
  const paid = inbox.find((m) => m.title.startsWith('已拨付'));
  const period = g.period === 'once' ? '' : `${g.period}年度`; // the period in words; a one-off grant has none
  assert.equal(paid.body, `“测试政策 ${code}”${period}的资金 ${(g.amount_fen / 100).toFixed(2)} 元已拨付。`);
  assertError(await req('GET', '/api/v1/grants?limit=501', { token: gxj }), 422, 'invalid', 'limit');
  assertError(await req('POST', `/api/v1/grants/${g.id}/reject`, { token: gxj, body: { reason: 'x'.repeat(501) } }), 422, 'invalid', 'reason');
});

// ---- the grant queue at a city's size ----

test('the grant queue: department, policy, entity and state filters, oldest first, paged with the total; scoped to the officer', async () => {
  const gxj = await login('officer-gxj');
  const kjj = await login('officer-kjj');
  const admin = await login('admin');
  const ent = await login(DEMO_ENTERPRISE);
  // twelve entities of this run, matched by an auto policy of 工信局
  const digits = String(Date.now() % 10000).padStart(4, '0');
  const usccs = Array.from({ length: 12 }, (_, i) => uscc('91370202', `QG${digits}${String(i).padStart(2, '0')}`));
  const dir = mkdtempSync(join(tmpdir(), 'yw-queue-'));
  const file = join(dir, 'entities.csv');
  writeFileSync(file, 'uscc,name,kind,legal_rep,capital_fen,industry,region,established_on,scale,employees,revenue_fen,rd_ratio_bp,labels,credit\n' +
    usccs.map((u, i) => `${u},队列测试企业${i},company,李四,100000000,6513,370202,2020-01-01,small,${10 + i},100000000,100,,A\n`).join(''));
  execFileSync(process.env.YW_BIN, ['entity', 'import', file, '--db', process.env.YW_DB], { stdio: 'pipe' });
  rmSync(dir, { recursive: true });
  const code = `T-${run}-Q`;
  const body = policy(code, { mode: 'auto', eligibility: { in: [{ var: 'uscc' }, usccs] }, amount: { '+': [1000] } });
  assert.equal((await req('POST', '/api/v1/policies', { token: gxj, body })).status, 201);
  execFileSync(process.env.YW_BIN, ['match', '--db', process.env.YW_DB], { stdio: 'pipe' });
  // pages of five: 5, 5, 2, oldest first, none twice, each with the policy's title and the entity's name
  const seen = [];
  for (let offset = 0; offset < 15; offset += 5) {
    const r = await req('GET', `/api/v1/grants?policy=${code}&state=pending&limit=5&offset=${offset}`, { token: gxj });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.total, 12);
    assert.equal(r.json.grants.length, offset < 10 ? 5 : 2);
    for (const g of r.json.grants) {
      assert.equal(g.policy_title, `测试政策 ${code}`);
      assert.match(g.name, /^队列测试企业\d+$/);
      assert.ok(!seen.some((s) => s.id === g.id));
      const last = seen[seen.length - 1];
      if (last) assert.ok(last.created_at < g.created_at || (last.created_at === g.created_at && last.id < g.id));
      seen.push(g);
    }
  }
  assert.equal(seen.length, 12);
  // the officer's own department by default and by name; another department's refused
  const mineOnly = await req('GET', '/api/v1/grants?state=pending&limit=500', { token: gxj });
  assert.ok(mineOnly.json.grants.some((g) => g.policy === code));
  const own = await req('GET', '/api/v1/grants?department=QD-GXJ&state=pending&limit=1', { token: gxj });
  assert.equal(own.json.total, mineOnly.json.total);
  refused(await req('GET', '/api/v1/grants?department=QD-KJJ', { token: gxj }), 403, 'policy_not_issuer', 'department');
  const theirs = await req('GET', `/api/v1/grants?policy=${code}`, { token: kjj });
  assert.equal(theirs.status, 200, theirs.text);
  assert.equal(theirs.json.total, 0);
  // an admin sees every department, or one
  const all = await req('GET', '/api/v1/grants?state=pending&limit=1', { token: admin });
  assert.ok(all.json.total >= mineOnly.json.total);
  assert.equal((await req('GET', `/api/v1/grants?department=QD-KJJ&policy=${code}`, { token: admin })).json.total, 0);
  // one entity's
  const one = await req('GET', `/api/v1/grants?uscc=${usccs[3]}`, { token: gxj });
  assert.equal(one.json.total, 1);
  assert.equal(one.json.grants[0].name, '队列测试企业3');
  refused(await req('GET', `/api/v1/grants?uscc=${usccs[3]}`, { token: ent }), 403, 'grant_not_yours', 'uscc');
  // bad values, each naming its field
  assertError(await req('GET', '/api/v1/grants?state=lost', { token: gxj }), 422, 'invalid', 'state');
  assertError(await req('GET', '/api/v1/grants?limit=0', { token: gxj }), 422, 'invalid', 'limit');
  assertError(await req('GET', '/api/v1/grants?offset=-1', { token: gxj }), 422, 'invalid', 'offset');
  assertError(await req('GET', '/api/v1/grants?uscc=91370202MA3CXK7T0', { token: gxj }), 422, 'invalid', 'uscc');
  refused(await req('GET', '/api/v1/grants?department=QD-NONE', { token: admin }), 422, 'policy_department', 'department');
  // the budgets in one call: the twelve wait, one approved moves to spent
  assert.equal((await req('POST', `/api/v1/grants/${seen[0].id}/approve`, { token: gxj })).status, 200);
  const b = await req('GET', '/api/v1/policy-budgets', { token: gxj });
  assert.equal(b.status, 200, b.text);
  const mineB = b.json.budgets.find((p) => p.code === code);
  assert.deepEqual([mineB.budget_fen, mineB.spent_fen, mineB.pending_fen, mineB.pending_count, mineB.remaining_fen],
    [1000000, 1000, 11000, 11, 999000]);
  assert.ok(b.json.budgets.every((p) => p.department === 'QD-GXJ'));
  refused(await req('GET', '/api/v1/policy-budgets?department=QD-KJJ', { token: gxj }), 403, 'policy_not_issuer', 'department');
  assertError(await req('GET', '/api/v1/policy-budgets', { token: ent }), 403, 'forbidden');
});
