// Proof from outside (issue 16): yiwang's certificates and its status list credentials checked by
// a JOSE library yiwang did not write — `jose` from npm, pinned in tests/package.json — against
// the keys the server publishes at /.well-known/jwks.json, with typ vc+jwt; the status bits read
// with node's own zlib; and a certificate changed by one character, or signed by a stranger's key,
// or sent with alg none, refused by `jose` as by yiwang.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, sign } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import * as jose from 'jose';
import { req, login, DEMO_ENTERPRISE, DEMO_PERSON } from './lib.mjs';

const b64url = (s) => Buffer.from(s).toString('base64url');
const part = (jws, i) => JSON.parse(Buffer.from(jws.split('.')[i], 'base64url').toString('utf8'));

async function jwks() {
  const r = await req('GET', '/.well-known/jwks.json');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.headers.get('content-type'), 'application/jwk-set+json');
  return JSON.parse(r.text);
}

// What a relying party does with nothing of yiwang's but its address: verify by the published keys.
async function outsideVerify(compact) {
  return jose.jwtVerify(compact, jose.createLocalJWKSet(await jwks()), { typ: 'vc+jwt', algorithms: ['EdDSA'] });
}

async function licence() {
  const r = await req('POST', '/api/v1/certificates', { token: await login('officer'), body: {
    type: 'SPJY', holder: DEMO_ENTERPRISE, holder_name: '青岛海川数字科技有限公司',
    fields: { 'entity.name': '青岛海川数字科技有限公司', 'food.items': '热食类食品制售' }, reason: '外部校验测试' } });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

async function act(id, what, reason) {
  const r = await req('POST', `/api/v1/certificates/${id}/${what}`, { token: await login('officer'), body: { reason } });
  assert.equal(r.status, 200, r.text);
}

// The status list credential an entry names, verified by `jose`, and the entry's bit in it.
async function statusBit(entry) {
  const res = await fetch(entry.statusListCredential);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/vc+jwt');
  const { payload, protectedHeader } = await outsideVerify(await res.text());
  assert.equal(protectedHeader.typ, 'vc+jwt');
  assert.deepEqual(payload['@context'], ['https://www.w3.org/ns/credentials/v2']);
  assert.deepEqual(payload.type, ['VerifiableCredential', 'BitstringStatusListCredential']);
  assert.equal(payload.id, entry.statusListCredential);
  assert.equal(payload.credentialSubject.type, 'BitstringStatusList');
  assert.equal(payload.credentialSubject.statusPurpose, entry.statusPurpose);
  const encoded = payload.credentialSubject.encodedList;
  assert.equal(encoded[0], 'u', 'multibase base64url');
  assert.match(encoded.slice(1), /^[A-Za-z0-9_-]+$/, 'base64url without padding');
  const bits = gunzipSync(Buffer.from(encoded.slice(1), 'base64url'));
  assert.ok(bits.length >= 131072 / 8, `at least 131,072 entries: ${bits.length * 8}`);
  const i = Number(entry.statusListIndex);
  assert.ok(Number.isInteger(i) && i >= 0 && i < bits.length * 8, entry.statusListIndex);
  return (bits[i >> 3] >> (7 - (i & 7))) & 1;
}

test('the JWKS: every key named by its RFC 7638 thumbprint as jose computes it', async () => {
  const { keys } = await jwks();
  assert.ok(keys.length >= 1);
  for (const k of keys) {
    assert.equal(k.use, 'sig');
    assert.equal(await jose.calculateJwkThumbprint(k, 'sha256'), k.kid, JSON.stringify(k));
    assert.equal(k.d, undefined, 'no private part');
  }
  assert.ok(keys.some((k) => k.kty === 'OKP' && k.crv === 'Ed25519' && k.alg === 'EdDSA'));
});

test('a certificate verifies in jose: typ vc+jwt, the kid of the JWKS, the credential itself as the payload', async () => {
  const c = await licence();
  const { payload, protectedHeader } = await outsideVerify(c.credential);
  assert.deepEqual(protectedHeader, { alg: 'EdDSA', kid: c.kid, typ: 'vc+jwt' });
  // compactVerify, which reads no claims, agrees byte for byte
  const raw = await jose.compactVerify(c.credential, jose.createLocalJWKSet(await jwks()), { algorithms: ['EdDSA'] });
  assert.deepEqual(JSON.parse(new TextDecoder().decode(raw.payload)), payload);
  assert.equal(payload.vc, undefined, 'no vc claim');
  assert.deepEqual(payload['@context'], ['https://www.w3.org/ns/credentials/v2']);
  assert.ok(payload.type.includes('VerifiableCredential'));
  assert.equal(payload.id, c.verify_url);
  assert.equal(payload.validFrom, c.valid_from);
  assert.equal(payload.validUntil, c.valid_until);
  assert.equal(payload.credentialSubject.uscc, DEMO_ENTERPRISE);
  assert.equal(payload.credentialSubject.name, '青岛海川数字科技有限公司');
  assert.equal(payload.credentialSubject.certificate.identifier, c.identifier);
  assert.equal(payload.credentialSubject.certificate.fields['food.items'], '热食类食品制售');
  // the file a holder downloads is the same credential
  const d = await fetch(`${process.env.YW_URL}/api/v1/certificates/${c.id}/credential`, { headers: { authorization: `Bearer ${await login(DEMO_ENTERPRISE)}` } });
  assert.equal(await d.text(), c.credential);
});

test('the demo\'s own certificates verify in jose too: the enterprise\'s 营业执照 and the person\'s 居民身份证', async () => {
  for (const who of [DEMO_ENTERPRISE, DEMO_PERSON]) {
    const token = await login(who);
    const list = await req('GET', '/api/v1/certificates?mine=true&state=valid', { token });
    let checked = 0;
    for (const c of list.json.certificates) {
      const full = await req('GET', `/api/v1/certificates/${c.id}`, { token });
      if (part(full.json.credential, 0).alg !== 'EdDSA') continue; // the 国密 profile's (certkeys.test.mjs): jose has no SM2
      const { payload } = await outsideVerify(full.json.credential);
      assert.equal(payload.credentialSubject.certificate.identifier, c.identifier);
      checked++;
    }
    assert.ok(checked >= 1, `${who}: ${list.text}`);
  }
});

test('a tampered certificate fails in jose as in yiwang: a changed payload, a changed signature, alg none, a stranger\'s key', async () => {
  const c = await licence();
  const [h, p, s] = c.credential.split('.');
  const set = jose.createLocalJWKSet(await jwks());
  const opts = { typ: 'vc+jwt', algorithms: ['EdDSA'] };
  const yiwang = async (text) => (await req('POST', '/api/v1/verify', { raw: text, headers: { 'content-type': 'application/vc+jwt' } })).json.result;

  // the holder's name changed: the signature no longer fits
  const vc = part(c.credential, 1);
  vc.credentialSubject.name = '别的公司';
  const changed = `${h}.${b64url(JSON.stringify(vc))}.${s}`;
  await assert.rejects(jose.jwtVerify(changed, set, opts), { code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' });
  assert.equal(await yiwang(changed), 'bad_signature');
  // validUntil pushed out by a year: the same
  const longer = part(c.credential, 1);
  longer.validUntil = longer.validUntil.replace(/^\d{4}/, (y) => String(Number(y) + 1));
  const extended = `${h}.${b64url(JSON.stringify(longer))}.${s}`;
  await assert.rejects(jose.jwtVerify(extended, set, opts), { code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' });
  assert.equal(await yiwang(extended), 'bad_signature');
  // one bit of the signature flipped
  const sig = Buffer.from(s, 'base64url');
  sig[17] ^= 0x04;
  const flipped = `${h}.${p}.${sig.toString('base64url')}`;
  await assert.rejects(jose.jwtVerify(flipped, set, opts), { code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' });
  assert.equal(await yiwang(flipped), 'bad_signature');
  // alg none, with no signature
  const none = `${b64url(JSON.stringify({ alg: 'none', kid: c.kid, typ: 'vc+jwt' }))}.${p}.`;
  await assert.rejects(jose.jwtVerify(none, set, opts));
  assert.equal(await yiwang(none), 'alg_not_allowed');
  // re-signed by a key of the forger's own under yiwang's kid: neither takes it
  const { privateKey } = generateKeyPairSync('ed25519');
  const input = `${h}.${b64url(JSON.stringify(vc))}`;
  const forged = `${input}.${sign(null, Buffer.from(input), privateKey).toString('base64url')}`;
  await assert.rejects(jose.jwtVerify(forged, set, opts), { code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' });
  assert.equal(await yiwang(forged), 'bad_signature');
  // and under a kid of its own, which the JWKS does not have
  const strangerJwk = await jose.exportJWK((generateKeyPairSync('ed25519')).publicKey);
  const stranger = await new jose.CompactSign(new TextEncoder().encode(JSON.stringify(vc)))
    .setProtectedHeader({ alg: 'EdDSA', kid: await jose.calculateJwkThumbprint(strangerJwk), typ: 'vc+jwt' })
    .sign(privateKey);
  await assert.rejects(jose.jwtVerify(stranger, set, opts), { code: 'ERR_JWKS_NO_MATCHING_KEY' });
  assert.equal(await yiwang(stranger), 'unknown_key');
  // the untouched one still verifies in both
  await outsideVerify(c.credential);
  assert.equal(await yiwang(c.credential), 'valid');
});

test('the status lists verify in jose, and their bits, read with zlib, follow suspend, reinstate and revoke', async () => {
  const c = await licence();
  const entries = Object.fromEntries(part(c.credential, 1).credentialStatus.map((e) => [e.statusPurpose, e]));
  for (const e of Object.values(entries)) {
    assert.equal(e.type, 'BitstringStatusListEntry');
    assert.equal(e.id, `${e.statusListCredential}#${e.statusListIndex}`);
  }
  assert.deepEqual([await statusBit(entries.revocation), await statusBit(entries.suspension)], [0, 0]);
  await act(c.id, 'suspend', '停业整顿');
  assert.deepEqual([await statusBit(entries.revocation), await statusBit(entries.suspension)], [0, 1]);
  await act(c.id, 'reinstate', '整改完成');
  assert.deepEqual([await statusBit(entries.revocation), await statusBit(entries.suspension)], [0, 0]);
  await act(c.id, 'revoke', '以欺骗手段取得许可');
  assert.deepEqual([await statusBit(entries.revocation), await statusBit(entries.suspension)], [1, 0]);
  // revocation is the list's business, not the signature's: the credential itself still verifies
  await outsideVerify(c.credential);
  // a status list changed by one entry no longer verifies
  const list = await (await fetch(entries.revocation.statusListCredential)).text();
  const [h, , s] = list.split('.');
  const body = part(list, 1);
  const bits = gunzipSync(Buffer.from(body.credentialSubject.encodedList.slice(1), 'base64url'));
  const i = Number(entries.revocation.statusListIndex);
  bits[i >> 3] &= ~(0x80 >> (i & 7));
  body.credentialSubject.encodedList = 'u' + gzipSync(bits).toString('base64url');
  await assert.rejects(jose.jwtVerify(`${h}.${b64url(JSON.stringify(body))}.${s}`, jose.createLocalJWKSet(await jwks()), { typ: 'vc+jwt' }),
    { code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' });
});
