// The server itself: /healthz, the error shape for unknown paths and methods, static files with
// their content types and caching headers, body limits, HTTP/2.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http2 from 'node:http2';
import net from 'node:net';
import { BASE, req, assertError } from './lib.mjs';

test('healthz answers and names the store', async () => {
  const r = await req('GET', '/healthz');
  assert.equal(r.status, 200);
  assert.equal(r.json.status, 'ok');
  assert.equal(r.json.store, process.env.YW_STORE === 'postgres' ? 'postgresql' : 'sqlite');
  assert.match(r.headers.get('content-type'), /^application\/json/);
  assert.equal(r.headers.get('cache-control'), 'no-store');
});

test('unknown API paths are 404 and wrong methods 405, in the error shape', async () => {
  assertError(await req('GET', '/api/v1/nothing-here'), 404, 'not_found');
  assertError(await req('PUT', '/api/v1/session'), 405, 'method_not_allowed');
});

test('static files have content types, validators and security headers', async () => {
  const page = await req('GET', '/');
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-type'), /^text\/html/);
  assert.match(page.text, /<html lang="zh-CN">/);
  assert.equal(page.headers.get('cache-control'), 'no-cache');
  assert.ok(page.headers.get('etag'), 'an ETag for revalidation');
  assert.equal(page.headers.get('x-content-type-options'), 'nosniff');
  assert.match(page.headers.get('content-security-policy'), /default-src 'self'/);
  const again = await req('GET', '/', { headers: { 'if-none-match': page.headers.get('etag') } });
  assert.equal(again.status, 304);
  const js = await req('GET', '/kit.js');
  assert.match(js.headers.get('content-type'), /javascript/);
  const css = await req('GET', '/style.css');
  assert.match(css.headers.get('content-type'), /^text\/css/);
  assert.equal((await req('GET', '/no-such-file.html')).status, 404);
  assert.equal((await req('GET', '/../CMakeLists.txt')).status, 404);
});

test('a body over the largest limit (an upload\'s 10 MiB) is refused with 413 before it is read', async () => {
  // a raw socket: the server answers as soon as it sees the length, and a client that is still
  // writing the body might see the connection close before it reads that answer
  const { hostname: host, port } = new URL(BASE);
  const answer = await new Promise((resolve, reject) => {
    const sock = net.connect(Number(port), host.replace(/^\[|\]$/g, ''));
    let data = '';
    sock.on('data', (d) => { data += d; });
    sock.on('close', () => resolve(data));
    sock.on('error', (e) => (data ? resolve(data) : reject(e)));
    sock.write(`POST /api/v1/session HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${10 * 1024 * 1024 + 1}\r\nConnection: close\r\n\r\n{"login":"`);
  });
  assert.match(answer, /^HTTP\/1\.1 413 /);
  // h2o's own answer carries the security headers of every other answer
  const head = answer.split('\r\n\r\n')[0].toLowerCase();
  assert.match(head, /\r\nx-content-type-options: nosniff\r\n/);
  assert.match(head, /\r\nx-frame-options: deny\r\n/);
  assert.match(head, /\r\nreferrer-policy: same-origin\r\n/);
  assert.match(head, /\r\ncontent-security-policy: default-src 'self'/);
  // plain HTTP: no HSTS (tests/cli.sh checks it under TLS)
  assert.doesNotMatch(head, /strict-transport-security/);
  // over this route's 1 MiB: read, then refused by the router (uploads.test.mjs has the rest)
  const over = await req('POST', '/api/v1/session', { raw: JSON.stringify({ login: 'x'.repeat(2 * 1024 * 1024), password: 'y' }) });
  assertError(over, 413, 'too_large');
  // just under the limit is read and judged on its contents
  const r = await req('POST', '/api/v1/session', { raw: JSON.stringify({ login: 'x'.repeat(1000 * 1000), password: 'y' }) });
  assertError(r, 422, 'invalid', 'login');
});

test('HTTP/2 with prior knowledge works on the same port', async () => {
  const client = http2.connect(BASE);
  try {
    const body = await new Promise((resolve, reject) => {
      const stream = client.request({ ':path': '/healthz' });
      let data = '';
      let status = 0;
      stream.on('response', (h) => { status = h[':status']; });
      stream.setEncoding('utf8');
      stream.on('data', (d) => { data += d; });
      stream.on('end', () => resolve({ status, data }));
      stream.on('error', reject);
      stream.end();
    });
    assert.equal(body.status, 200);
    assert.equal(JSON.parse(body.data).status, 'ok');
  } finally {
    client.close();
  }
});

test('password checks run beside the event loops: logins under way do not hold up other requests', async () => {
  // four logins (Argon2id, ~0.1 s each) are more than the two workers; had they run on the
  // loops, /healthz would wait for them
  let loginsDone = 0;
  const logins = Array.from({ length: 4 }, () =>
    req('POST', '/api/v1/session', { body: { login: 'clerk', password: 'yiwang2026' } }).then((r) => { loginsDone++; return r; }));
  await new Promise((r) => setTimeout(r, 10));
  const health = await req('GET', '/healthz');
  assert.equal(health.status, 200);
  assert.ok(loginsDone < 4, 'healthz answered while logins were still being checked');
  for (const r of await Promise.all(logins)) assert.equal(r.status, 201);
});
