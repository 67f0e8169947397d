// The keys certificates are signed with (issue 16, docs/certificates.md "Keys"): a second server
// started on the same store with a new key (a city rotating its key) signs new certificates with
// the new kid while the old ones keep verifying by theirs, and the JWKS lists both; an operator
// lists the keys and retires one (`yiwang cert key list|retire`): a retired key signs nothing
// more, stays in the JWKS while a valid or suspended certificate needs it and leaves when none
// does; and the 国密 profile — a server given an SM2 key signs SM2SM3, the API verifies it, the
// JWKS lists {"kty":"EC","crv":"SM2"}, and OpenSSL's own command checks the signature with the
// user ID 1234567812345678 over the r||s encoding, and refuses it under the empty ID.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as jose from 'jose';
import { login, DEMO_ENTERPRISE } from './lib.mjs';

const { YW_URL: A, YW_BIN, YW_DB } = process.env;
if (!YW_BIN || !YW_DB) throw new Error('YW_BIN and YW_DB are not set: run through tests/api/run.sh');
const ROOT = resolve(import.meta.dirname, '../..');
const BIN = resolve(YW_BIN);
const tmp = mkdtempSync(join(tmpdir(), 'yw-certkeys-'));

const b64url = (s) => Buffer.from(s).toString('base64url');
const part = (jws, i) => JSON.parse(Buffer.from(jws.split('.')[i], 'base64url').toString('utf8'));

async function at(base, method, path, { token, body, raw, headers = {} } = {}) {
  const init = { method, headers: { ...headers } };
  if (token) init.headers.authorization = `Bearer ${token}`;
  if (raw !== undefined) init.body = raw;
  else if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers['content-type'] = 'application/json';
  }
  const res = await fetch(base + path, init);
  const text = await res.text();
  return { status: res.status, text, json: (res.headers.get('content-type') || '').includes('json') ? JSON.parse(text) : null };
}

// Another `yiwang serve` on the test's store, in a working directory of its own (where var/
// signing.key is made when no key is given). Stopped after the file: it must stop cleanly.
const servers = [];
function serve(name, ...flags) {
  const dir = join(tmp, name);
  execFileSync('mkdir', ['-p', dir]);
  const log = join(dir, 'server.log');
  const r = spawnSync('bash', [join(ROOT, 'tests/start-server.sh'), BIN, YW_DB, join(ROOT, 'web'), join(dir, 'url'), ...flags],
    { cwd: dir, env: { ...process.env, YW_SERVER_LOG: log }, stdio: ['ignore', 'pipe', 'pipe'] });
  assert.equal(r.status, 0, `${name}: ${r.stderr}${existsSync(log) ? readFileSync(log, 'utf8') : ''}`);
  const s = { name, dir, log, url: readFileSync(join(dir, 'url'), 'utf8').trim(), pid: Number(readFileSync(join(dir, 'url.pid'), 'utf8')) };
  servers.push(s);
  return s;
}
after(async () => {
  for (const s of servers) {
    try { process.kill(s.pid, 'SIGTERM'); } catch { continue; }
    for (let i = 0; i < 150; i++) {
      try { process.kill(s.pid, 0); } catch { break; }
      await new Promise((r) => setTimeout(r, 100));
    }
    const log = readFileSync(s.log, 'utf8');
    assert.doesNotMatch(log, /ERROR: (Address|Leak|Undefined)Sanitizer|runtime error:/, `${s.name}: ${log.slice(-3000)}`);
    assert.match(log, /server: stopped/, `${s.name} stopped cleanly`);
  }
});

// A yiwang command on the test's store: its status, standard output and error.
function yiwang(...args) {
  const r = spawnSync(BIN, [...args, '--db', YW_DB], { cwd: tmp, encoding: 'utf8', env: process.env });
  assert.ok(!/ERROR: (Address|Leak|Undefined)Sanitizer|runtime error:/.test(r.stderr), r.stderr);
  return { status: r.status, out: r.stdout, err: r.stderr };
}
// `yiwang cert key list`, by kid: { alg, created, retired, valid, listed }
function keyList() {
  const r = yiwang('cert', 'key', 'list');
  assert.equal(r.status, 0, r.err);
  return Object.fromEntries(r.out.trim().split('\n').map((l) => {
    const [kid, alg, created, retired, valid, listed] = l.split('\t');
    return [kid, { alg, created, retired, valid: Number(valid), listed }];
  }));
}

async function issue(base, holder = DEMO_ENTERPRISE) {
  return at(base, 'POST', '/api/v1/certificates', { token: await login('officer'), body: {
    type: 'SPJY', holder, holder_name: '青岛海川数字科技有限公司', fields: { 'food.items': '热食类食品制售' }, reason: '密钥测试' } });
}
async function issued(base) {
  const r = await issue(base);
  assert.equal(r.status, 201, r.text);
  return r.json;
}
async function change(id, what) {
  const r = await at(A, 'POST', `/api/v1/certificates/${id}/${what}`, { token: await login('officer'), body: { reason: '密钥测试' } });
  assert.equal(r.status, 200, r.text);
}
async function verifyAt(base, credential) {
  const r = await at(base, 'POST', '/api/v1/verify', { raw: credential, headers: { 'content-type': 'application/vc+jwt' } });
  assert.equal(r.status, 200, r.text);
  return r.json;
}
async function jwksAt(base) {
  const r = await at(base, 'GET', '/.well-known/jwks.json');
  assert.equal(r.status, 200, r.text);
  return JSON.parse(r.text);
}
const kids = async (base) => (await jwksAt(base)).keys.map((k) => k.kid);

test('keys rotate: a second server with a new key signs with its kid; the old certificates still verify by theirs; the JWKS lists both', async () => {
  const before = await issued(A);
  const keyFile = join(tmp, 'new.key');
  const g = yiwang('audit', 'keygen', '--key', keyFile);
  assert.equal(g.status, 0, g.err);
  assert.equal(statSync(keyFile).mode & 0o777, 0o600);
  const B = serve('rotated', '--cert-key', keyFile).url;

  const now = await issued(B);
  assert.notEqual(now.kid, before.kid, 'the new key has a kid of its own');
  assert.equal(part(now.credential, 0).kid, now.kid);
  for (const base of [A, B]) {
    const listed = await kids(base);
    assert.ok(listed.includes(before.kid) && listed.includes(now.kid), `${base}: ${listed}`);
    assert.equal((await verifyAt(base, before.credential)).result, 'valid', 'issued before the rotation');
    assert.equal((await verifyAt(base, now.credential)).result, 'valid', 'issued after it');
  }
  // a relying party holding only the JWKS verifies both, each by its own key
  const set = jose.createLocalJWKSet(await jwksAt(B));
  for (const c of [before, now])
    assert.equal((await jose.jwtVerify(c.credential, set, { typ: 'vc+jwt' })).protectedHeader.kid, c.kid);
  // a certificate renewed on the new server carries the new kid; the old version, superseded, says so
  const r = await at(B, 'POST', `/api/v1/certificates/${before.id}/renew`, { token: await login('officer'), body: { reason: '换发' } });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.kid, now.kid);
  assert.equal(r.json.replaces, before.id);
  assert.equal((await verifyAt(A, before.credential)).result, 'revoked');
  assert.equal((await verifyAt(A, r.json.credential)).result, 'valid');
  // the operator's list: both in use, both listed
  const keys = keyList();
  for (const kid of [before.kid, now.kid]) {
    assert.equal(keys[kid]?.retired, 'in use', JSON.stringify(keys));
    assert.equal(keys[kid].listed, 'listed');
    assert.equal(keys[kid].alg, 'EdDSA');
  }
  // the command line signs with the key it is given, and prints the credential
  const cli = yiwang('cert', 'issue', '--type', 'SPJY', '--holder', DEMO_ENTERPRISE, '--cert-key', keyFile);
  assert.equal(cli.status, 0, cli.err);
  assert.match(cli.out, /^eyJ[\w-]*\.[\w-]+\.[\w-]+\n$/);
  assert.equal(part(cli.out.trim(), 0).kid, now.kid);
  writeFileSync(join(tmp, 'cli.jwt'), cli.out);
  const v = yiwang('verify', join(tmp, 'cli.jwt'));
  assert.equal(v.status, 0, v.out + v.err);
  assert.match(v.out, /^valid\t/);
});

test('a retired key signs nothing more, stays in the JWKS while a valid or suspended certificate needs it, and leaves when none does', async () => {
  // a server started with no key makes its own under its working directory
  const C = serve('retiring');
  const made = join(tmp, 'retiring', 'var', 'signing.key');
  assert.equal(statSync(made).mode & 0o777, 0o600);
  assert.match(readFileSync(join(tmp, 'retiring', 'server.log'), 'utf8'), /made a new signing key for certificates/);
  const [one, two] = [await issued(C.url), await issued(C.url)];
  const kid = one.kid;
  assert.equal(two.kid, kid);
  assert.equal(keyList()[kid].valid, 2);

  let r = yiwang('cert', 'key', 'retire', kid);
  assert.equal(r.status, 0, r.err);
  assert.equal(r.out, `${kid}\tretired\n`);
  const keys = keyList();
  assert.match(keys[kid].retired, /^\d{4}-\d\d-\d\dT/);
  assert.equal(keys[kid].listed, 'listed');
  // the server with the retired key issues nothing, and says why; nor does the command line
  r = await issue(C.url);
  assert.equal(r.status, 409, r.text);
  assert.equal(r.json.error.reason, 'cert_key_retired');
  const cli = yiwang('cert', 'issue', '--type', 'SPJY', '--holder', DEMO_ENTERPRISE, '--cert-key', made);
  assert.equal(cli.status, 1, cli.out);
  assert.match(cli.err, /签名密钥已停用/);
  // what it signed still verifies, and the key stays listed while they are valid or suspended
  assert.equal((await verifyAt(A, one.credential)).result, 'valid');
  assert.ok((await kids(A)).includes(kid));
  await change(one.id, 'revoke');
  await change(two.id, 'suspend');
  assert.ok((await kids(A)).includes(kid), 'a suspended certificate may be reinstated: its key stays');
  assert.deepEqual([keyList()[kid].valid, keyList()[kid].listed], [1, 'listed']);
  await change(two.id, 'revoke');
  assert.ok(!(await kids(A)).includes(kid), 'no valid certificate needs it: it leaves the JWKS');
  assert.deepEqual([keyList()[kid].valid, keyList()[kid].listed], [0, 'not listed']);
  // the store still knows it: its certificates are told revoked, not unknown
  assert.equal((await verifyAt(A, one.credential)).result, 'revoked');
  writeFileSync(join(tmp, 'revoked.jwt'), one.credential);
  const v = yiwang('verify', join(tmp, 'revoked.jwt'));
  assert.equal(v.status, 1, v.out + v.err);
  assert.match(v.out, /^revoked\t证照已被撤销/);
  // retiring again, or a kid nobody has: said, and nothing changes
  r = yiwang('cert', 'key', 'retire', kid);
  assert.equal(r.status, 1);
  assert.match(r.err, /已于\d{4}-\d\d-\d\d停用.*retired on \d{4}-\d\d-\d\d already.*field kid/);
  r = yiwang('cert', 'key', 'retire', 'no-such-kid');
  assert.equal(r.status, 1);
  assert.match(r.err, /没有这把证照签名密钥：no-such-kid/);
  r = yiwang('cert', 'key', 'forget', kid);
  assert.equal(r.status, 2);
  // the other keys were left alone
  assert.ok((await kids(A)).includes((await issued(A)).kid));
});

// The SubjectPublicKeyInfo of an SM2 public key (id-ecPublicKey, curve 1.2.156.10197.1.301).
const SM2_SPKI = Buffer.from('3059301306072a8648ce3d020106082a811ccf5501822d034200', 'hex');
function sm2Pem(jwk) {
  const der = Buffer.concat([SM2_SPKI, Buffer.from([4]), Buffer.from(jwk.x, 'base64url'), Buffer.from(jwk.y, 'base64url')]);
  return `-----BEGIN PUBLIC KEY-----\n${der.toString('base64').match(/.{1,64}/g).join('\n')}\n-----END PUBLIC KEY-----\n`;
}
// r||s (32 + 32 bytes) as the DER SEQUENCE of two INTEGERs that OpenSSL reads.
function derSignature(raw) {
  const int = (b) => {
    let i = 0;
    while (i < b.length - 1 && b[i] === 0 && !(b[i + 1] & 0x80)) i++;
    b = b.subarray(i);
    if (b[0] & 0x80) b = Buffer.concat([Buffer.from([0]), b]);
    return Buffer.concat([Buffer.from([2, b.length]), b]);
  };
  const [r, s] = [int(raw.subarray(0, 32)), int(raw.subarray(32))];
  return Buffer.concat([Buffer.from([0x30, r.length + s.length]), r, s]);
}
// OpenSSL's own command checks an SM2SM3 JWS against a public key in PEM, with the user ID given.
function opensslVerify(jws, pem, distid) {
  const [h, p, s] = jws.split('.');
  const sig = Buffer.from(s, 'base64url');
  assert.equal(sig.length, 64, 'r||s');
  writeFileSync(join(tmp, 'sm2pub.pem'), pem);
  writeFileSync(join(tmp, 'input'), `${h}.${p}`);
  writeFileSync(join(tmp, 'sig.der'), derSignature(sig));
  const r = spawnSync('openssl', ['pkeyutl', '-verify', '-pubin', '-inkey', join(tmp, 'sm2pub.pem'), '-rawin', '-digest', 'sm3',
    ...(distid ? ['-pkeyopt', `distid:${distid}`] : []), '-in', join(tmp, 'input'), '-sigfile', join(tmp, 'sig.der')], { encoding: 'utf8' });
  return r.status === 0 && /Signature Verified Successfully/.test(r.stdout);
}

test('the 国密 profile: a server given an SM2 key signs SM2SM3, the API verifies it, the JWKS lists the key as EC SM2, OpenSSL checks it with the user ID', async () => {
  const key = join(tmp, 'sm2.pem');
  execFileSync('openssl', ['genpkey', '-algorithm', 'SM2', '-out', key]);
  // a key others may read is refused, and the server does not start
  chmodSync(key, 0o644);
  const loose = yiwang('cert', 'issue', '--type', 'SPJY', '--holder', DEMO_ENTERPRISE, '--cert-key', key);
  assert.equal(loose.status, 1, loose.out);
  assert.doesNotMatch(loose.err, /BEGIN|PRIVATE/, 'the key is never quoted');
  chmodSync(key, 0o600);
  const D = serve('sm2', '--cert-key', key).url;
  const c = await issued(D);
  const header = part(c.credential, 0);
  assert.deepEqual(header, { alg: 'SM2SM3', kid: c.kid, typ: 'vc+jwt' });
  assert.equal(part(c.credential, 1).credentialSubject.certificate.identifier, c.identifier);
  // the JWKS: the SM2 key by its RFC 7638 thumbprint, as jose computes it
  const jwk = (await jwksAt(A)).keys.find((k) => k.kid === c.kid);
  assert.ok(jwk, 'listed');
  assert.deepEqual(Object.keys(jwk).sort(), ['alg', 'crv', 'kid', 'kty', 'use', 'x', 'y']);
  assert.deepEqual([jwk.kty, jwk.crv, jwk.alg, jwk.use], ['EC', 'SM2', 'SM2SM3', 'sig']);
  assert.equal(await jose.calculateJwkThumbprint(jwk, 'sha256'), c.kid);
  // it is the public half of the key file
  const fromFile = execFileSync('openssl', ['pkey', '-in', key, '-pubout']).toString();
  assert.equal(sm2Pem(jwk), fromFile);
  // yiwang verifies it on any server of the store
  for (const base of [A, D]) assert.equal((await verifyAt(base, c.credential)).result, 'valid');
  assert.equal(keyList()[c.kid].alg, 'SM2SM3');
  // OpenSSL: valid with the user ID 1234567812345678, not with OpenSSL's default (empty) ID
  assert.equal(opensslVerify(c.credential, sm2Pem(jwk), '1234567812345678'), true);
  assert.equal(opensslVerify(c.credential, sm2Pem(jwk), null), false);
  // a changed payload fails in OpenSSL and in yiwang
  const vc = part(c.credential, 1);
  vc.credentialSubject.name = '别的公司';
  const [h, , s] = c.credential.split('.');
  const tampered = `${h}.${b64url(JSON.stringify(vc))}.${s}`;
  assert.equal(opensslVerify(tampered, sm2Pem(jwk), '1234567812345678'), false);
  assert.equal((await verifyAt(A, tampered)).result, 'bad_signature');
  // an SM2 signature presented as EdDSA is not taken for one
  const relabelled = `${b64url(JSON.stringify({ ...header, alg: 'EdDSA' }))}.${c.credential.split('.').slice(1).join('.')}`;
  assert.equal((await verifyAt(A, relabelled)).result, 'bad_signature');
  // jose knows no SM2: the profile is yiwang's own
  await assert.rejects(jose.jwtVerify(c.credential, jose.createLocalJWKSet(await jwksAt(A)), { typ: 'vc+jwt' }));
  // the status lists that server serves are SM2-signed too, and OpenSSL checks them
  const entry = part(c.credential, 1).credentialStatus[0];
  const list = await (await fetch(D + new URL(entry.statusListCredential).pathname)).text();
  assert.equal(part(list, 0).alg, 'SM2SM3');
  assert.equal(opensslVerify(list, sm2Pem(jwk), '1234567812345678'), true);
  // the command line signs SM2 with the same file
  const cli = yiwang('cert', 'issue', '--type', 'SPJY', '--holder', DEMO_ENTERPRISE, '--cert-key', key);
  assert.equal(cli.status, 0, cli.err);
  assert.equal(part(cli.out.trim(), 0).alg, 'SM2SM3');
  assert.equal(opensslVerify(cli.out.trim(), sm2Pem(jwk), '1234567812345678'), true);
});
