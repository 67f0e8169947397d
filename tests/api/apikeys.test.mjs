// API keys for machine clients, and a second route table in Open311 GeoReport v2's dialect that
// reads form-encoded bodies and answers JSON or XML by the path's extension (the test build's
// /test/open311/v2/, src/http/api_test.c): keys made, listed and revoked by an administrator over
// HTTP, shown once, refused when revoked (401), without their scope (403) or past their rate
// (429 with Retry-After, counted in the store: a second server shares the count); form fields
// checked exactly as JSON fields are, errors in the dialect; the session cookie never opens an
// API-key route.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BASE, req, login, assertError } from './lib.mjs';

const T = '/test/open311/v2';
const health = await req('GET', '/healthz');
const testRoutes = health.json.test_routes === true;
const skipNoRoutes = testRoutes ? false : 'this build has no test routes (cmake -DYW_TEST_ROUTES=ON, the sanitizer build\'s default)';

async function form(path, body, { key, headers = {} } = {}) {
  const h = { 'content-type': 'application/x-www-form-urlencoded', ...headers };
  if (key) h['x-api-key'] = key;
  return req('POST', path, { raw: typeof body === 'string' ? body : new URLSearchParams(body).toString(), headers: h });
}

async function newKey(name, { scopes = ['open311'], rate } = {}) {
  const admin = await login('admin');
  const body = { name, scopes };
  if (rate) body.rate_per_minute = rate;
  const r = await req('POST', '/api/v1/apikeys', { token: admin, body });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

// The key's counted minute must not end between the requests of a test: start early in one.
async function freshMinute() {
  const s = new Date().getUTCSeconds();
  if (s >= 50) await new Promise((resolve) => setTimeout(resolve, (61 - s) * 1000));
}

// Asserts Open311's error list: [{code, description}] or its XML.
function assertOpen311Error(r, status, { xml = false, description } = {}) {
  assert.equal(r.status, status, r.text);
  if (xml) {
    assert.match(r.headers.get('content-type'), /^text\/xml; charset=utf-8/);
    assert.match(r.text, /^<\?xml version="1.0" encoding="utf-8"\?>\n<errors><error><code>(\d+)<\/code><description>[^<]+<\/description><\/error><\/errors>\n$/);
    assert.equal(r.text.match(/<code>(\d+)<\/code>/)[1], String(status));
    if (description) assert.match(r.text.match(/<description>([^<]+)</)[1], description);
  } else {
    assert.match(r.headers.get('content-type'), /^application\/json/);
    assert.equal(r.json.length, 1);
    assert.equal(r.json[0].code, status);
    assert.equal(typeof r.json[0].description, 'string');
    if (description) assert.match(r.json[0].description, description);
  }
}

test('an administrator makes, lists and revokes keys; the secret is shown once; others may not', async () => {
  const admin = await login('admin');
  const officer = await login('officer');
  const made = await req('POST', '/api/v1/apikeys', { token: admin, body: { name: '12345热线', scopes: ['open311'], rate_per_minute: 30 } });
  assert.equal(made.status, 201, made.text);
  assert.match(made.json.key, /^ywk_[A-Za-z0-9_-]{43}$/);
  assert.deepEqual(made.json.scopes, ['open311']);
  assert.equal(made.json.rate_per_minute, 30);
  const list = await req('GET', '/api/v1/apikeys', { token: admin });
  assert.equal(list.status, 200);
  const listed = list.json.apikeys.find((k) => k.id === made.json.id);
  assert.equal(listed.name, '12345热线');
  assert.equal(listed.key, undefined, 'the list never shows a secret');
  assert.ok(!list.text.includes(made.json.key));
  // defaults: 60 a minute, no scopes
  const plain = await req('POST', '/api/v1/apikeys', { token: admin, body: { name: 'plain' } });
  assert.equal(plain.json.rate_per_minute, 60);
  assert.deepEqual(plain.json.scopes, []);

  // refused, naming the field, making nothing
  const before = (await req('GET', '/api/v1/apikeys', { token: admin })).json.apikeys.length;
  assertError(await req('POST', '/api/v1/apikeys', { token: admin, body: { name: 'x', scopes: ['everything'] } }), 422, 'invalid', 'scopes');
  assertError(await req('POST', '/api/v1/apikeys', { token: admin, body: { name: 'x', rate_per_minute: 0 } }), 422, 'invalid', 'rate_per_minute');
  assertError(await req('POST', '/api/v1/apikeys', { token: admin, body: { name: 'x', secret: 'mine' } }), 422, 'invalid', 'secret');
  assertError(await req('POST', '/api/v1/apikeys', { token: officer, body: { name: 'x' } }), 403, 'forbidden');
  assertError(await req('GET', '/api/v1/apikeys', { token: officer }), 403, 'forbidden');
  assertError(await req('GET', '/api/v1/apikeys'), 401, 'unauthenticated');
  // an answer holding a secret is never kept for a replay
  const keyed = assertError(await req('POST', '/api/v1/apikeys', { token: admin, body: { name: 'x' }, headers: { 'idempotency-key': 'k-apikey-1' } }), 400, 'bad_request');
  assert.equal(keyed.reason, 'apikey_no_replay');
  assert.equal((await req('GET', '/api/v1/apikeys', { token: admin })).json.apikeys.length, before);

  const revoked = await req('POST', `/api/v1/apikeys/${made.json.id}/revoke`, { token: admin });
  assert.equal(revoked.status, 200, revoked.text);
  assert.ok(revoked.json.revoked_at);
  assertError(await req('POST', `/api/v1/apikeys/${made.json.id}/revoke`, { token: admin }), 409, 'conflict');
  assertError(await req('POST', '/api/v1/apikeys/NOSUCHKEY/revoke', { token: admin }), 404, 'not_found');
  assertError(await req('POST', `/api/v1/apikeys/${plain.json.id}/revoke`, { token: officer }), 403, 'forbidden');
});

test('form bodies are checked field by field as JSON bodies are, errors in Open311 JSON or XML', { skip: skipNoRoutes }, async () => {
  const { key } = await newKey('form checks', { rate: 1000 });
  // good: typed fields back, in XML for .xml and JSON for .json; an empty optional is absent
  const x = await form(`${T}/echo.xml`, 'service_code=001&count=5&urgent=true&description=%E4%BD%A0%E5%A5%BD+%26+%3Cok%3E&', { key });
  assert.equal(x.status, 201, x.text);
  assert.match(x.headers.get('content-type'), /^text\/xml; charset=utf-8/);
  assert.equal(x.text, '<?xml version="1.0" encoding="utf-8"?>\n<echo><caller>form checks</caller><service_code>001</service_code>' +
    '<count>5</count><urgent>true</urgent><description>你好 &amp; &lt;ok&gt;</description></echo>\n');
  const j = await form(`${T}/echo.json`, { service_code: '002', count: '', urgent: '0' }, { key });
  assert.equal(j.status, 201, j.text);
  assert.deepEqual(j.json, [{ caller: 'form checks', service_code: '002', count: 1, urgent: false }]);

  // each refusal names its field, in the dialect of the path
  const cases = [
    ['service_code=001&extra=1', 422, /未知字段 extra/],
    ['count=5', 422, /缺少必填字段 service_code/],
    ['service_code=', 422, /缺少必填字段 service_code/],
    ['service_code=001&count=101', 422, /count 应在1至100之间/],
    ['service_code=001&count=five', 422, /count 的类型应为整数/],
    ['service_code=001&urgent=maybe', 422, /urgent 的类型应为布尔值/],
    ['service_code=001&service_code=002', 422, /字段 service_code 重复/],
    [`service_code=${'9'.repeat(21)}`, 422, /service_code 超过20字节/],
    ['service_code=0%0A1', 422, /service_code 不能包含控制字符/],
    ['service_code=%ZZ', 400, /转义格式错误/],
  ];
  for (const [body, status, description] of cases) {
    assertOpen311Error(await form(`${T}/echo.xml`, body, { key }), status, { xml: true, description });
    assertOpen311Error(await form(`${T}/echo.json`, body, { key }), status, { description });
  }
  // in English when asked
  assertOpen311Error(await form(`${T}/echo.json`, 'service_code=001&extra=1', { key, headers: { 'accept-language': 'en' } }), 422,
    { description: /^unknown field extra$/ });
  // JSON is not what this table reads
  const asJson = await req('POST', `${T}/echo.json`, { raw: '{"service_code":"001"}', headers: { 'x-api-key': key } });
  assertOpen311Error(asJson, 415, { description: /application\/x-www-form-urlencoded/ });
  // the query string of a public route: its declaration too, and 404/405 in the dialect
  const q = await req('GET', `${T}/echo.xml?word=a%3Cb&n=3`);
  assert.equal(q.text, '<?xml version="1.0" encoding="utf-8"?>\n<echo><word>a&lt;b</word><n>3</n></echo>\n');
  assertOpen311Error(await req('GET', `${T}/echo.xml?n=11`), 422, { xml: true, description: /n 应在1至10之间/ });
  assertOpen311Error(await req('GET', `${T}/echo.json?bogus=1`), 422, { description: /bogus/ });
  assertOpen311Error(await req('GET', `${T}/nothing.xml`), 404, { xml: true });
  assertOpen311Error(await req('DELETE', `${T}/echo.json`), 405);
});

test('API-key routes: no key, an unknown or revoked key 401, no scope 403; a session cookie never opens them', { skip: skipNoRoutes }, async () => {
  const { key, id } = await newKey('auth checks', { rate: 1000 });
  const r = await req('GET', `${T}/whoami.json`, { headers: { 'x-api-key': key } });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json, [{ caller: 'auth checks', kind: 'apikey' }]);

  const none = await form(`${T}/echo.xml`, 'service_code=001');
  assertOpen311Error(none, 401, { xml: true, description: /X-Api-Key/ });
  assert.equal(none.headers.get('www-authenticate'), 'X-Api-Key');
  // the cross-site form: a logged-in staff member's cookie, and bearer token, are not read here
  const token = await login('admin');
  assertOpen311Error(await form(`${T}/echo.json`, 'service_code=001', { headers: { cookie: `yw_session=${token}` } }), 401);
  assertOpen311Error(await form(`${T}/echo.json`, 'service_code=001', { headers: { authorization: `Bearer ${token}` } }), 401);
  assertOpen311Error(await req('GET', `${T}/whoami.json`, { headers: { 'x-api-key': key.slice(0, -1) + (key.endsWith('A') ? 'B' : 'A') } }), 401,
    { description: /API密钥无效/ });
  // a key without the table's scope
  const unscoped = await newKey('no scope', { scopes: [] });
  assertOpen311Error(await req('GET', `${T}/whoami.xml`, { headers: { 'x-api-key': unscoped.key } }), 403, { xml: true, description: /open311/ });
  // an API key is no session on the JSON API either
  assertError(await req('GET', '/api/v1/apikeys', { headers: { 'x-api-key': key } }), 401, 'unauthenticated');

  const admin = await login('admin');
  assert.equal((await req('POST', `/api/v1/apikeys/${id}/revoke`, { token: admin })).status, 200);
  assertOpen311Error(await form(`${T}/echo.json`, 'service_code=001', { key }), 401, { description: /吊销/ });
  assertOpen311Error(await req('GET', `${T}/whoami.xml`, { headers: { 'x-api-key': key } }), 401, { xml: true });
});

const second = { dir: null, pid: null, url: null };
after(() => {
  if (second.pid) { try { process.kill(second.pid, 'SIGTERM'); } catch { /* gone */ } }
  if (second.dir) rmSync(second.dir, { recursive: true, force: true });
});

test('a key past its rate gets 429 with Retry-After, counted in the store for every server', { skip: skipNoRoutes }, async () => {
  // a second server on the same store
  second.dir = mkdtempSync(join(tmpdir(), 'yiwang-apikey-'));
  const here = new URL('../..', import.meta.url).pathname;
  const started = spawnSync('bash', [join(here, 'tests/start-server.sh'), process.env.YW_BIN, process.env.YW_DB, join(here, 'web'),
    join(second.dir, 'url')], { stdio: 'inherit', env: { ...process.env, YW_SERVER_LOG: join(second.dir, 'log') } });
  assert.equal(started.status, 0, 'the second server starts');
  second.pid = Number(readFileSync(join(second.dir, 'url.pid'), 'utf8'));
  second.url = readFileSync(join(second.dir, 'url'), 'utf8').trim();

  const { key } = await newKey('rate', { rate: 3 });
  await freshMinute();
  const on = async (base) => {
    const res = await fetch(`${base}${T}/whoami.json`, { headers: { 'x-api-key': key } });
    return { status: res.status, headers: res.headers, text: await res.text() };
  };
  assert.equal((await on(BASE)).status, 200);
  assert.equal((await on(second.url)).status, 200);
  assert.equal((await form(`${T}/echo.json`, 'service_code=001', { key })).status, 201);
  for (const base of [second.url, BASE]) {
    const over = await on(base);
    assert.equal(over.status, 429, over.text);
    const wait = Number(over.headers.get('retry-after'));
    assert.ok(Number.isInteger(wait) && wait >= 1 && wait <= 60, `Retry-After ${over.headers.get('retry-after')}`);
    assert.match(JSON.parse(over.text)[0].description, /每分钟最多请求3次/);
  }
  const xml = await form(`${T}/echo.xml`, 'service_code=001', { key });
  assertOpen311Error(xml, 429, { xml: true });
  assert.ok(xml.headers.get('retry-after'));
  // a request refused for its input never reaches the count
  const other = await newKey('rate 2', { rate: 1 });
  await freshMinute();
  assertOpen311Error(await form(`${T}/echo.json`, 'service_code=001&count=0', { key: other.key }), 422);
  assert.equal((await form(`${T}/echo.json`, 'service_code=001', { key: other.key })).status, 201);
  assert.equal((await form(`${T}/echo.json`, 'service_code=001', { key: other.key })).status, 429);
});
