// The market-entity registry over HTTP: loaded with `yiwang entity import` into the server's
// store, then read by staff (one entity with its history, a search by region, industry, label
// and name) and by the enterprise account (its own record only).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { req, login, assertError, uscc, DEMO_ENTERPRISE } from './lib.mjs';

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
  assert.match(r.out, /3 rows read: 2 added, 0 changed, 0 unchanged, 1 refused/);

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
