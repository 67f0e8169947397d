// The site's settings over HTTP (GET/PUT /api/v1/site): what every page's footer says — anyone
// reads them (the demo city has its own), an administrator replaces them whole, audited; bad
// values are refused naming the setting and change nothing; nobody else changes them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { req, login, assertError, DEMO_PERSON } from './lib.mjs';

test('anyone reads the site\'s settings; an administrator replaces them, checked and audited', async () => {
  const demo = await req('GET', '/api/v1/site');
  assert.equal(demo.status, 200, demo.text);
  assert.equal(demo.json.host, '青岛市人民政府办公厅（演示）');
  assert.equal(demo.json.phone, '0532-12345');
  assert.equal(demo.json.icp, null);

  const admin = await login('admin');
  const body = { host: '青岛市人民政府办公厅', host_en: 'Qingdao Municipal Government', address: '青岛市市南区示范路1号',
    phone: '0532-12345 转 8', email: 'service@example.gov.cn', icp: '鲁ICP备00000000号' };
  const bad = async (change, status, code, field, reason) => {
    const r = assertError(await req('PUT', '/api/v1/site', { token: admin, body: { ...body, ...change } }), status, code, field);
    if (reason) assert.equal(r.reason, reason);
  };
  await bad({ phone: '热线' }, 422, 'invalid', 'phone', 'site_phone');
  await bad({ email: 'service' }, 422, 'invalid', 'email', 'site_email');
  await bad({ host: '   ' }, 422, 'invalid', 'host');
  await bad({ host: undefined }, 422, 'invalid', 'host');
  await bad({ host: '主'.repeat(100) }, 422, 'invalid', 'host');
  assertError(await req('PUT', '/api/v1/site', { token: await login('clerk'), body }), 403, 'forbidden');
  assertError(await req('PUT', '/api/v1/site', { token: await login(DEMO_PERSON), body }), 403, 'forbidden');
  assertError(await req('PUT', '/api/v1/site', { body }), 401, 'unauthenticated');
  assert.deepEqual((await req('GET', '/api/v1/site')).json, demo.json, 'nothing changed');

  const put = await req('PUT', '/api/v1/site', { token: admin, body });
  assert.equal(put.status, 200, put.text);
  assert.deepEqual(put.json, { ...body, operator: null, operator_en: null });
  assert.deepEqual((await req('GET', '/api/v1/site')).json, put.json);
  const audit = await req('GET', '/api/v1/audit?limit=20', { token: admin });
  const entry = audit.json.entries.find((e) => e.action === 'site.update');
  assert.ok(entry, audit.text);

  // back to the demo's
  const { ...restore } = demo.json;
  for (const k of Object.keys(restore)) if (restore[k] === null) delete restore[k];
  assert.equal((await req('PUT', '/api/v1/site', { token: admin, body: restore })).status, 200);
});
