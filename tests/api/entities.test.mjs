// The market-entity registry over HTTP: loaded with `yiwang entity import` into the server's
// store, then read by staff (one entity with its history, a search by region, industry, label
// and name) and by the enterprise account (its own record only).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { req, login, assertError, uscc, uploadPdf, DEMO_ENTERPRISE } from './lib.mjs';

const OTHER = uscc('92370203', 'MA000YY1');
const HEADER = 'uscc,name,kind,legal_rep,capital_fen,industry,region,established_on,scale,employees,revenue_fen,rd_ratio_bp,labels,credit';

function importCsv(rows) {
  const dir = mkdtempSync(join(tmpdir(), 'yw-entities-'));
  const file = join(dir, 'entities.csv');
  writeFileSync(file, [HEADER, ...rows].join('\n') + '\n');
  try {
    return { status: 0, out: execFileSync(process.env.YW_BIN, ['entity', 'import', file, '--db', process.env.YW_DB], { encoding: 'utf8', stdio: 'pipe' }) };
  } catch (e) {
    return { status: e.status, out: e.stdout, err: e.stderr };
  }
}

test('import, then staff read and search', async () => {
  const r = importCsv([
    `${DEMO_ENTERPRISE},青岛海川数字科技有限公司,company,张三,500000000,6513,370202,2019-05-20,small,35,1200000000,450,hnte|专精特新,A`,
    `${OTHER},青岛市海岳餐饮店,individual_business,李四,1000000,62,370203,2015-01-01,micro,3,800000,0,,B`,
    `${OTHER.slice(0, 17)}0,坏代码,company,王五,1,51,370202,2015-01-01,micro,1,1,0,,A`,
  ]);
  assert.equal(r.status, 1, 'a refused row makes the status 1');
  assert.match(r.err, /entities\.csv:4: refused: .*field uscc/, r.err);
  // the demo enterprise is in the demo registry already, as this row has it
  assert.match(r.out, /3 rows read: 1 added, 0 changed, 1 unchanged, 1 refused/);

  const officer = await login('officer');
  const one = await req('GET', `/api/v1/entities/${DEMO_ENTERPRISE}`, { token: officer });
  assert.equal(one.status, 200, one.text);
  assert.equal(one.json.name, '青岛海川数字科技有限公司');
  assert.equal(one.json.region_name, '市南区');
  assert.equal(one.json.industry, '6513');
  assert.deepEqual(one.json.labels, ['zjtx', 'hnte']);
  assert.equal(one.json.status, 'active');
  assert.deepEqual(one.json.changes, []);

  // a second import with one field changed: the history shows it
  const again = importCsv([
    `${DEMO_ENTERPRISE},青岛海川数字科技有限公司,company,张三,500000000,6513,370202,2019-05-20,small,40,1200000000,450,hnte|专精特新,A`,
    `${OTHER},青岛市海岳餐饮店,individual_business,李四,1000000,62,370203,2015-01-01,micro,3,800000,0,,B`,
  ]);
  assert.equal(again.status, 0);
  assert.match(again.out, /2 rows read: 0 added, 1 changed, 1 unchanged, 0 refused/);
  const changed = await req('GET', `/api/v1/entities/${DEMO_ENTERPRISE}`, { token: officer });
  assert.equal(changed.json.employees, 40);
  assert.equal(changed.json.changes.length, 1);
  assert.equal(changed.json.changes[0].field, 'employees');
  assert.equal(changed.json.changes[0].before, '35');
  assert.equal(changed.json.changes[0].after, '40');

  const byRegion = await req('GET', '/api/v1/entities?region=370200&limit=10', { token: officer });
  assert.equal(byRegion.status, 200, byRegion.text);
  assert.ok(byRegion.json.total >= 2);
  const byLabel = await req('GET', '/api/v1/entities?label=hnte', { token: officer });
  assert.ok(byLabel.json.entities.every((e) => e.labels.includes('hnte')));
  assert.ok(byLabel.json.entities.some((e) => e.uscc === DEMO_ENTERPRISE));
  const byName = await req('GET', `/api/v1/entities?q=${encodeURIComponent('海岳餐饮')}&industry=62`, { token: officer });
  assert.deepEqual(byName.json.entities.map((e) => e.uscc), [OTHER]);
  assertError(await req('GET', '/api/v1/entities?label=金牌', { token: officer }), 422, 'invalid', 'label');
  assertError(await req('GET', '/api/v1/entities?region=379999', { token: officer }), 422, 'invalid', 'region');
  assertError(await req('GET', '/api/v1/entities?limit=501', { token: officer }), 422, 'invalid', 'limit');
  assertError(await req('GET', `/api/v1/entities/${uscc('91370202', 'MA000YY9')}`, { token: officer }), 404, 'not_found', 'uscc');
});

test('an enterprise reads its own entity only; anonymous and persons not at all', async () => {
  const ent = await login(DEMO_ENTERPRISE);
  const own = await req('GET', `/api/v1/entities/${DEMO_ENTERPRISE}`, { token: ent });
  assert.equal(own.status, 200, own.text);
  assert.equal(own.json.uscc, DEMO_ENTERPRISE);
  assertError(await req('GET', `/api/v1/entities/${OTHER}`, { token: ent }), 403, 'forbidden');
  assertError(await req('GET', '/api/v1/entities', { token: ent }), 403, 'forbidden');
  assertError(await req('GET', `/api/v1/entities/${DEMO_ENTERPRISE}`), 401, 'unauthenticated');
});

// ---- lifecycle routes (issue 9) ----

const NEW = uscc('92370211', 'MA000LC1');
const registration = {
  uscc: NEW, name: '青岛市黄岛区生命周期测试店', kind: 'individual_business', legal_rep: '周六', capital_fen: 100000,
  industry: '5292', region: '370211', established_on: '2020-03-01', scale: 'micro', employees: 2, revenue_fen: 0,
  rd_ratio_bp: 0, labels: [], credit: 'B',
};
const later = (days) => new Date(Date.now() + days * 86400000).toISOString().slice(0, 10);

test('lifecycle over HTTP: register, change, dormancy, abnormal list, simple deregistration with an objection', async () => {
  const officer = await login('officer'); // 市场监管局
  const r = await req('POST', '/api/v1/entities', { token: officer, body: registration });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.status, 'active');
  assertError(await req('POST', '/api/v1/entities', { token: officer, body: registration }), 409, 'conflict');
  const { uscc: _, ...fields } = registration;
  const ch = await req('PUT', `/api/v1/entities/${NEW}`, { token: officer, body: { ...fields, employees: 4, labels: ['科技型中小企业'] } });
  assert.equal(ch.status, 200, ch.text);
  assert.equal(ch.json.employees, 4);
  assert.equal(ch.json.labels.length, 1);
  const d = await req('POST', `/api/v1/entities/${NEW}/dormancy`, { token: officer, body: { until: later(300), service_address: '青岛市黄岛区长江路1号' } });
  assert.equal(d.status, 200, d.text);
  assert.equal(d.json.status, 'dormant');
  assertError(await req('POST', `/api/v1/entities/${NEW}/abnormal`, { token: officer, body: { reason: '未按时公示年报' } }), 409, 'conflict');
  assert.equal((await req('POST', `/api/v1/entities/${NEW}/dormancy/renew`, { token: officer, body: { until: later(400), service_address: '青岛市黄岛区长江路2号' } })).status, 200);
  assert.equal((await req('POST', `/api/v1/entities/${NEW}/dormancy/end`, { token: officer })).json.status, 'active');
  const ab = await req('POST', `/api/v1/entities/${NEW}/abnormal`, { token: officer, body: { reason: '未按时公示年报' } });
  assert.equal(ab.json.status, 'abnormal');
  const abnormal = await req('GET', '/api/v1/entities?status=abnormal&limit=500', { token: officer });
  assert.ok(abnormal.json.entities.some((e) => e.uscc === NEW));
  assert.equal((await req('POST', `/api/v1/entities/${NEW}/abnormal/remove`, { token: officer, body: { reason: '已补报年报' } })).json.status, 'active');
  const notice = await req('POST', `/api/v1/entities/${NEW}/deregistration`, { token: officer, body: { mode: 'simple' } });
  assert.equal(notice.json.status, 'deregistering', notice.text);
  assert.ok(notice.json.notice_until);
  assertError(await req('POST', `/api/v1/entities/${NEW}/deregistration/complete`, { token: officer }), 409, 'conflict');
  const obj = await req('POST', `/api/v1/entities/${NEW}/deregistration/objection`, { token: officer, body: { reason: '债权人提出异议' } });
  assert.equal(obj.json.status, 'active', obj.text);
  const report = await uploadPdf(officer, '清算报告.pdf', `清算报告 ${NEW}`);
  const gone = await req('POST', `/api/v1/entities/${NEW}/deregistration`, { token: officer,
    body: { mode: 'ordinary', reason: '投资人决定解散', document: report } });
  assert.equal(gone.json.status, 'deregistered', gone.text);
  const history = await req('GET', `/api/v1/entities/${NEW}`, { token: officer });
  assert.ok(history.json.changes.some((c) => c.field === 'objection'));
  const lapsing = await req('GET', '/api/v1/entity-dormancies?days=30', { token: officer });
  assert.equal(lapsing.status, 200, lapsing.text);
});

test('lifecycle routes: wrong roles, bad input, out of range', async () => {
  const officer = await login('officer');
  const other = await login('officer-gxj');
  const ent = await login(DEMO_ENTERPRISE);
  const body = { ...registration, uscc: uscc('92370211', 'MA000LC2') };
  assertError(await req('POST', '/api/v1/entities', { body }), 401, 'unauthenticated');
  assertError(await req('POST', '/api/v1/entities', { token: ent, body }), 403, 'forbidden');
  assertError(await req('POST', '/api/v1/entities', { token: other, body }), 403, 'forbidden');
  assertError(await req('POST', `/api/v1/entities/${DEMO_ENTERPRISE}/abnormal`, { token: other, body: { reason: 'x' } }), 403, 'forbidden');
  assertError(await req('POST', '/api/v1/entities', { token: officer, raw: '{"uscc":' }), 400, 'bad_request');
  assertError(await req('POST', '/api/v1/entities', { token: officer, raw: JSON.stringify(body), headers: { 'content-type': 'text/csv' } }), 415, 'unsupported_media_type');
  assertError(await req('POST', '/api/v1/entities', { token: officer, body: { ...body, uscc: body.uscc.slice(0, 17) + '0' } }), 422, 'invalid', 'uscc');
  assertError(await req('POST', '/api/v1/entities', { token: officer, body: { ...body, employees: -1 } }), 422, 'invalid', 'employees');
  assertError(await req('POST', '/api/v1/entities', { token: officer, body: { ...body, scale: 'huge' } }), 422, 'invalid', 'scale');
  assertError(await req('POST', '/api/v1/entities', { token: officer, body: { ...body, labels: ['金牌'] } }), 422, 'invalid', 'labels');
  assertError(await req('POST', '/api/v1/entities', { token: officer, body: { ...body, region: '379999' } }), 422, 'invalid', 'region');
  const { credit: _c, ...noCredit } = body;
  assertError(await req('POST', '/api/v1/entities', { token: officer, body: noCredit }), 422, 'invalid', 'credit');
  assertError(await req('POST', '/api/v1/entities', { token: officer, body: { ...body, capital_fen: 1e18 } }), 422, 'invalid', 'capital_fen');
  assertError(await req('PUT', `/api/v1/entities/${DEMO_ENTERPRISE}`, { token: officer, body: { ...noCredit, uscc: DEMO_ENTERPRISE } }), 422, 'invalid');
  assertError(await req('POST', `/api/v1/entities/${DEMO_ENTERPRISE}/dormancy`, { token: officer, body: { until: later(1000), service_address: '某地' } }), 422, 'invalid', 'until');
  assertError(await req('POST', `/api/v1/entities/${DEMO_ENTERPRISE}/dormancy`, { token: officer, body: { until: later(10) } }), 422, 'invalid', 'service_address');
  assertError(await req('POST', `/api/v1/entities/${DEMO_ENTERPRISE}/deregistration`, { token: officer, body: { mode: 'fast' } }), 422, 'invalid', 'mode');
  assertError(await req('POST', `/api/v1/entities/${DEMO_ENTERPRISE}/abnormal`, { token: officer, body: { reason: '' } }), 422, 'invalid', 'reason');
  assertError(await req('POST', `/api/v1/entities/${uscc('91370202', 'MA000YY9')}/dormancy/end`, { token: officer }), 404, 'not_found', 'uscc');
  assertError(await req('GET', '/api/v1/entity-dormancies?days=400', { token: officer }), 422, 'invalid', 'days');
  assertError(await req('GET', '/api/v1/entity-dormancies', { token: ent }), 403, 'forbidden');
});

test('labels are data the city extends: an administrator adds one, the registry takes it by code or name', async () => {
  const [admin, officer] = [await login('admin'), await login('officer')];
  const before = await req('GET', '/api/v1/entity-labels');
  assert.equal(before.status, 200, before.text);
  assert.ok(before.json.labels.some((l) => l.code === 'zjtx' && l.name === '专精特新中小企业'));
  const made = await req('POST', '/api/v1/entity-labels', { token: admin, body: { code: 'export_oriented', name: '外贸企业' } });
  assert.equal(made.status, 201, made.text);
  assert.deepEqual(made.json, { code: 'export_oriented', name: '外贸企业' });
  const after = await req('GET', '/api/v1/entity-labels');
  assert.equal(after.json.labels.length, before.json.labels.length + 1);
  // refused: not an administrator, a bad code, a blank name, a taken code or name — nothing added
  assertError(await req('POST', '/api/v1/entity-labels', { token: officer, body: { code: 'x1', name: '某标签' } }), 403, 'forbidden');
  assertError(await req('POST', '/api/v1/entity-labels', { token: admin, body: { code: 'Bad Code', name: '某标签' } }), 422, 'invalid', 'code');
  assertError(await req('POST', '/api/v1/entity-labels', { token: admin, body: { code: 'ok_code', name: 'a|b' } }), 422, 'invalid', 'name');
  assertError(await req('POST', '/api/v1/entity-labels', { token: admin, body: { code: 'export_oriented', name: '另一个' } }), 409, 'conflict', 'code');
  assertError(await req('POST', '/api/v1/entity-labels', { token: admin, body: { code: 'another', name: '外贸企业' } }), 409, 'conflict', 'code');
  assert.equal((await req('GET', '/api/v1/entity-labels')).json.labels.length, after.json.labels.length);
  // an entity carries it, by name or by code
  const code = uscc('92370211', 'MA000LB1');
  const r = await req('POST', '/api/v1/entities', { token: officer, body: { ...registration, uscc: code, name: '外贸标签测试店', labels: ['外贸企业', 'zjtx'] } });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual([...r.json.labels].sort(), ['export_oriented', 'zjtx']);
  assertError(await req('POST', '/api/v1/entities', { token: officer, body: { ...registration, uscc: uscc('92370211', 'MA000LB2'), labels: ['没有这个标签'] } }), 422, 'invalid', 'labels');
});
