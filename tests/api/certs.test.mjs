// Electronic certificates over HTTP (issue 16, docs/certificates.md): the types; the demo's
// certificates in 我的证照; an officer issues, suspends, reinstates and revokes, each with a reason,
// only for their own department's types; a completed case issues its licence; the credential is a
// compact vc+jwt that POST /api/v1/verify checks — tampered, unknown key, alg none, malformed,
// expired, not yet valid, revoked, suspended each said as such; the status lists are signed
// Bitstring Status Lists whose bits follow the states; the QR opens the public page, which masks
// a person's number; a department reads a holder's certificates only for a case it handles, and
// the holder sees who read them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { req, login, assertError, itemCase, dayAfter, DEMO_PERSON, DEMO_ENTERPRISE, uscc } from './lib.mjs';

const FOOD = 'QD-SCJG-XK-0005'; // 食品经营许可证核发 (市场监管局) issues 食品经营许可证
const HYGIENE = 'QD-WJW-XK-0001'; // 公共场所卫生许可证 (卫健委) issues 公共场所卫生许可证

const CLASS = { 400: 'bad_request', 401: 'unauthenticated', 403: 'forbidden', 404: 'not_found', 409: 'conflict', 415: 'unsupported_media_type', 422: 'invalid' };
function refused(r, status, reason, field) {
  const e = assertError(r, status, CLASS[status], field);
  if (reason) assert.equal(e.reason, reason, r.text);
  return e;
}

const b64url = (s) => Buffer.from(s).toString('base64url');
const fromB64url = (s) => Buffer.from(s, 'base64url').toString('utf8');

async function verify(credential, type = 'application/vc+jwt') {
  const r = await req('POST', '/api/v1/verify', { raw: credential, headers: { 'content-type': type } });
  assert.equal(r.status, 200, r.text);
  return r.json;
}

async function issue(who, body) {
  return req('POST', '/api/v1/certificates', { token: await login(who), body });
}

async function newLicence(fields = {}) {
  const r = await issue('officer', {
    type: 'SPJY', holder: DEMO_ENTERPRISE, holder_name: '青岛海川数字科技有限公司',
    fields: { 'entity.name': '青岛海川数字科技有限公司', 'food.items': '热食类食品制售', ...fields }, reason: '测试签发',
  });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

test('the types: 营业执照 and the others, with their departments; 居民身份证 held from the national system', async () => {
  const r = await req('GET', '/api/v1/cert-types');
  assert.equal(r.status, 200, r.text);
  const byName = Object.fromEntries(r.json.types.map((t) => [t.name, t]));
  for (const name of ['营业执照', '食品经营许可证', '公共场所卫生许可证', '排污许可证', '残疾人证', '出生医学证明', '不动产权证书', '居民身份证'])
    assert.ok(byName[name], `type ${name}`);
  assert.equal(byName['营业执照'].department.name, '青岛市市场监督管理局');
  assert.equal(byName['居民身份证'].national, true);
  assert.equal(byName['营业执照'].holder, 'entity');
});

test('the demo: the enterprise holds a valid 营业执照 and the person a 居民身份证, in 我的证照', async () => {
  let r = await req('GET', '/api/v1/certificates?mine=true', { token: await login(DEMO_ENTERPRISE) });
  assert.equal(r.status, 200, r.text);
  const licence = r.json.certificates.find((c) => c.type.name === '营业执照' && c.status === 'valid');
  assert.ok(licence, r.text);
  assert.equal(licence.holder.id, DEMO_ENTERPRISE);
  assert.match(licence.identifier, /^1\.2\.156\.3005\.2\.YYZZ\.11370200MB1A0001X7\.\d{18}\.\d{3}\.[0-9A-Z]$/);
  r = await req('GET', '/api/v1/certificates?mine=true', { token: await login(DEMO_PERSON) });
  assert.ok(r.json.certificates.some((c) => c.type.name === '居民身份证' && c.status === 'valid'), r.text);
  // nobody: 401
  refused(await req('GET', '/api/v1/certificates'), 401);
});

test('an officer issues a licence: a compact vc+jwt whose payload is the credential itself, which verifies', async () => {
  const c = await newLicence();
  assert.equal(c.status, 'valid');
  assert.equal(c.version, 1);
  const [h, p, s] = c.credential.split('.');
  assert.ok(s.length > 40);
  const header = JSON.parse(fromB64url(h));
  assert.equal(header.typ, 'vc+jwt');
  assert.equal(header.alg, 'EdDSA');
  assert.equal(header.kid, c.kid);
  const vc = JSON.parse(fromB64url(p));
  assert.equal(vc.vc, undefined, 'no vc claim: the credential is the payload');
  assert.deepEqual(vc['@context'], ['https://www.w3.org/ns/credentials/v2']);
  assert.ok(vc.type.includes('VerifiableCredential'));
  assert.equal(vc.credentialSubject.uscc, DEMO_ENTERPRISE);
  assert.equal(vc.credentialSubject.certificate.identifier, c.identifier);
  assert.equal(vc.credentialStatus.length, 2);
  assert.deepEqual(vc.credentialStatus.map((e) => e.statusPurpose).sort(), ['revocation', 'suspension']);
  assert.match(vc.validUntil, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/, 'a 食品经营许可证 is valid five years');
  const v = await verify(c.credential);
  assert.equal(v.result, 'valid', JSON.stringify(v));
  assert.equal(v.valid, true);
  assert.equal(v.identifier, c.identifier);
  // the JWKS lists its key by the same kid
  const jwks = await req('GET', '/.well-known/jwks.json');
  assert.equal(jwks.status, 200, jwks.text);
  assert.ok(jwks.json.keys.some((k) => k.kid === c.kid && k.kty === 'OKP' && k.crv === 'Ed25519'), jwks.text);
  // the credential downloads as a .jwt
  const d = await fetch(`${process.env.YW_URL}/api/v1/certificates/${c.id}/credential`, { headers: { authorization: `Bearer ${await login(DEMO_ENTERPRISE)}` } });
  assert.equal(d.status, 200);
  assert.equal(d.headers.get('content-type'), 'application/vc+jwt');
  assert.equal(await d.text(), c.credential);
});

test('verification says exactly why a credential fails', async () => {
  const c = await newLicence();
  const [h, p, s] = c.credential.split('.');
  // a changed payload: the signature no longer fits
  const vc = JSON.parse(fromB64url(p));
  vc.credentialSubject.name = '别的公司';
  assert.equal((await verify(`${h}.${b64url(JSON.stringify(vc))}.${s}`)).result, 'bad_signature');
  // a flipped signature byte
  const sig = Buffer.from(s, 'base64url');
  sig[5] ^= 1;
  assert.equal((await verify(`${h}.${p}.${sig.toString('base64url')}`)).result, 'bad_signature');
  // a key nobody registered
  const other = JSON.parse(fromB64url(h));
  other.kid = 'x'.repeat(43);
  assert.equal((await verify(`${b64url(JSON.stringify(other))}.${p}.${s}`)).result, 'unknown_key');
  // alg none, and an HMAC
  for (const alg of ['none', 'HS256']) {
    const bad = { ...JSON.parse(fromB64url(h)), alg };
    const v = await verify(`${b64url(JSON.stringify(bad))}.${p}.${alg === 'none' ? '' : s}`);
    assert.equal(v.result, 'alg_not_allowed', JSON.stringify(v));
  }
  // malformed: two parts, not base64url, a header that is not JSON — and the message says where
  for (const text of [`${h}.${p}`, `${h}.${p}.${s}.${s}`, `${h}.${p}.${s}==`, `${b64url('{"alg":')}.${p}.${s}`, 'hello']) {
    const v = await verify(text);
    assert.equal(v.result, 'malformed', `${text.slice(0, 30)}: ${JSON.stringify(v)}`);
    assert.match(v.message_en, /malformed: /);
    assert.doesNotMatch(v.message, /[A-Za-z]{4,}/, 'the Chinese message has no English words');
  }
  // a wrong content type, an empty body
  refused(await req('POST', '/api/v1/verify', { body: { credential: c.credential } }), 415);
  const empty = await req('POST', '/api/v1/verify', { raw: '', headers: { 'content-type': 'application/vc+jwt' } });
  assert.ok(empty.status >= 400 && empty.status < 500, empty.text);
});

test('expired and not yet valid', async () => {
  let r = await issue('officer', { type: 'SPJY', holder: DEMO_ENTERPRISE, holder_name: '青岛海川数字科技有限公司', valid_from: '2019-01-01', valid_until: '2020-12-31' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.status, 'expired');
  assert.equal((await verify(r.json.credential)).result, 'expired');
  r = await issue('officer', { type: 'SPJY', holder: DEMO_ENTERPRISE, holder_name: '青岛海川数字科技有限公司', valid_from: '2099-01-01' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.status, 'not_yet_valid');
  assert.equal((await verify(r.json.credential)).result, 'not_yet_valid');
  // an end before the start, a date that is no date
  refused(await issue('officer', { type: 'SPJY', holder: DEMO_ENTERPRISE, holder_name: '某', valid_from: '2026-01-02', valid_until: '2026-01-01' }), 422, 'cert_dates', 'valid_until');
  refused(await issue('officer', { type: 'SPJY', holder: DEMO_ENTERPRISE, holder_name: '某', valid_from: '2026-02-30' }), 422, null, 'valid_from');
});

test('suspend, reinstate, revoke: each with a reason, each seen by the verifier and in the status lists', async () => {
  const c = await newLicence();
  const officer = await login('officer');
  refused(await req('POST', `/api/v1/certificates/${c.id}/suspend`, { token: officer, body: { reason: '   ' } }), 422, 'field_blank', 'reason');
  let r = await req('POST', `/api/v1/certificates/${c.id}/suspend`, { token: officer, body: { reason: '停业整顿' } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status, 'suspended');
  assert.equal((await verify(c.credential)).result, 'suspended');
  const entry = (purpose) => JSON.parse(fromB64url(c.credential.split('.')[1])).credentialStatus.find((e) => e.statusPurpose === purpose);
  const bit = async (purpose) => {
    const e = entry(purpose);
    const res = await fetch(e.statusListCredential);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/vc+jwt');
    const jwt = await res.text();
    const list = JSON.parse(fromB64url(jwt.split('.')[1]));
    assert.ok(list.type.includes('BitstringStatusListCredential'));
    assert.equal(list.credentialSubject.statusPurpose, purpose);
    assert.equal((await verify(jwt)).result !== 'bad_signature', true);
    const bits = gunzipSync(Buffer.from(list.credentialSubject.encodedList.slice(1), 'base64url'));
    assert.ok(bits.length >= 16384, 'at least 131,072 entries');
    const i = Number(e.statusListIndex);
    return (bits[i >> 3] >> (7 - (i & 7))) & 1;
  };
  assert.equal(await bit('suspension'), 1);
  assert.equal(await bit('revocation'), 0);
  // reinstate once; the second, at once, finds it valid already
  r = await req('POST', `/api/v1/certificates/${c.id}/reinstate`, { token: officer, body: { reason: '整改完成' } });
  assert.equal(r.status, 200, r.text);
  refused(await req('POST', `/api/v1/certificates/${c.id}/reinstate`, { token: officer, body: { reason: '整改完成' } }), 409, 'cert_state');
  assert.equal((await verify(c.credential)).result, 'valid');
  assert.equal(await bit('suspension'), 0);
  r = await req('POST', `/api/v1/certificates/${c.id}/revoke`, { token: officer, body: { reason: '以欺骗手段取得许可' } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status, 'revoked');
  assert.equal((await verify(c.credential)).result, 'revoked');
  assert.equal(await bit('revocation'), 1);
  const e = refused(await req('POST', `/api/v1/certificates/${c.id}/reinstate`, { token: officer, body: { reason: '再试' } }), 409, 'cert_state');
  assert.match(e.message, /已撤销/);
  // the audit log has each step with its reason
  const a = await req('GET', `/api/v1/audit?object_type=certificate&object_id=${c.id}`, { token: await login('admin') });
  assert.equal(a.status, 200, a.text);
  const actions = a.json.entries.map((x) => x.action);
  for (const act of ['cert.issue', 'cert.suspend', 'cert.reinstate', 'cert.revoke']) assert.ok(actions.includes(act), `${act} in ${actions}`);
});

test('who may issue and change: officers of the issuing department and admins; an applicant never', async () => {
  const body = { type: 'SPJY', holder: DEMO_ENTERPRISE, holder_name: '青岛海川数字科技有限公司' };
  refused(await issue(DEMO_PERSON, body), 403);
  refused(await issue('officer-wjw', body), 403, 'cert_department');
  refused(await issue('clerk', body), 403);
  assert.equal((await issue('admin', body)).status, 201);
  // a 居民身份证 comes from the national system: imported, never issued here
  refused(await issue('officer-ga', { type: 'JMSFZ', holder: DEMO_PERSON, holder_name: '张三' }), 422, 'cert_national', 'type');
  // a holder of the wrong kind, an unknown type, an unknown field, a missing field
  refused(await issue('officer', { ...body, holder: '123' }), 422, 'cert_holder_uscc', 'holder');
  refused(await issue('officer', { ...body, holder: uscc('91370202', 'MA3CXK7T').slice(0, 17) + '0' }), 422, 'cert_holder_uscc', 'holder');
  refused(await issue('officer', { ...body, type: '结婚证书' }), 404, 'cert_type', 'type');
  refused(await issue('officer', { ...body, fields: { 'entity.color': '红' } }), 422, 'cert_field_unknown', '/fields/entity.color');
  refused(await issue('officer', { type: 'SPJY', holder: DEMO_ENTERPRISE }), 422, null, 'holder_name');
  // malformed JSON and a wrong content type
  const token = await login('officer');
  refused(await req('POST', '/api/v1/certificates', { token, raw: '{"type":', headers: { 'content-type': 'application/json' } }), 400);
  refused(await req('POST', '/api/v1/certificates', { token, raw: 'type=SPJY', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 415);
  // another department's officer may not revoke; nor may the holder
  const c = await newLicence();
  refused(await req('POST', `/api/v1/certificates/${c.id}/revoke`, { token: await login('officer-wjw'), body: { reason: '越权' } }), 403, 'cert_department');
  refused(await req('POST', `/api/v1/certificates/${c.id}/revoke`, { token: await login(DEMO_ENTERPRISE), body: { reason: '自己撤销' } }), 403);
});

test('the public page and the QR: the holder\'s public fields and status, a person\'s number masked', async () => {
  let r = await req('GET', '/api/v1/certificates?mine=true', { token: await login(DEMO_PERSON) });
  const card = r.json.certificates.find((c) => c.type.name === '居民身份证');
  r = await req('GET', `/api/v1/certificates/${card.id}/public`);
  assert.equal(r.status, 200, r.text);
  assert.notEqual(r.json.holder.id, DEMO_PERSON);
  assert.match(r.json.holder.id, /^\d{4}\*+\d{3}[\dX]$/);
  assert.equal(r.json.credential, undefined);
  assert.equal(r.json.status, 'valid');
  // another person's certificate is not theirs to read whole
  refused(await req('GET', `/api/v1/certificates/${card.id}`, { token: await login(DEMO_ENTERPRISE) }), 404, 'cert_not_found');
  const png = await fetch(`${process.env.YW_URL}/api/v1/certificates/${card.id}/qr.png`);
  assert.equal(png.status, 200);
  assert.equal(png.headers.get('content-type'), 'image/png');
  const dir = mkdtempSync(join(tmpdir(), 'yw-qr-'));
  writeFileSync(join(dir, 'qr.png'), Buffer.from(await png.arrayBuffer()));
  const url = execFileSync('zbarimg', ['--raw', '-q', join(dir, 'qr.png')]).toString().trim();
  assert.equal(url, card.verify_url);
  assert.match(url, new RegExp(`/verify\\.html\\?cert=${card.id}$`));
  const svg = await fetch(`${process.env.YW_URL}/api/v1/certificates/${card.id}/qr.svg`);
  assert.equal(svg.headers.get('content-type'), 'image/svg+xml');
  assert.match(await svg.text(), /<svg[\s\S]*<path/);
});

// A case of one item, every material uploaded or pledged (none deferred, so that it completes
// when its review is approved), accepted by the clerk: its review task.
async function acceptedCase(token, code) {
  const body = await itemCase(token, code);
  const sha = body.materials.find((m) => m.upload)?.upload;
  body.materials = body.materials.map((m) => (m.provided_as === 'deferred' ? { name: m.name, provided_as: 'upload', upload: sha } : m));
  let r = await req('POST', '/api/v1/cases', { token, body });
  assert.equal(r.status, 201, r.text);
  r = await req('POST', `/api/v1/cases/${r.json.id}/accept`, { token: await login('clerk'), body: {} });
  assert.equal(r.status, 200, r.text);
  return { caseId: r.json.id, task: r.json.tasks.find((t) => t.kind === 'review') };
}

test('a completed case issues its licence to the enterprise, and the case names it', async () => {
  const person = await login(DEMO_PERSON);
  const { caseId, task } = await acceptedCase(person, HYGIENE);
  let r = await req('POST', `/api/v1/tasks/${task.id}/approve`, { token: await login('officer-wjw') });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.state, 'completed', r.text);
  assert.ok(r.json.events.some((e) => /电子证照：已签发公共场所卫生许可证/.test(e.note || '')), 'the case notes the licence: ' + JSON.stringify(r.json.events));
  r = await req('GET', '/api/v1/certificates?mine=true&type=GGWS', { token: person });
  const issued = r.json.certificates.find((c) => c.status === 'valid');
  assert.ok(issued, r.text);
  assert.equal(issued.holder.id, DEMO_ENTERPRISE);
  r = await req('GET', `/api/v1/certificates/${issued.id}`, { token: person });
  assert.equal(r.status, 200, 'the applicant who applied holds it: ' + r.text);
  assert.equal(r.json.case_id, caseId);
  assert.equal((await verify(r.json.credential)).result, 'valid');
  // the applicant's message of the decision says which certificate was issued and where it is
  const told = (await req('GET', '/api/v1/messages?limit=100', { token: person })).json.messages
    .find((m) => m.title === '办件已办结' && m.link === `/#case/${caseId}`);
  assert.ok(told, 'the applicant is told the case is decided');
  assert.match(told.body, /已签发电子证照：公共场所卫生许可证，可在“我的证照”中查看、下载和打印/);
});

test('a department reads a holder\'s certificates only for a case it handles; the holder sees who read them', async () => {
  const person = await login(DEMO_PERSON);
  let r = await req('POST', '/api/v1/cases', { token: person, body: await itemCase(person, FOOD) });
  assert.equal(r.status, 201, r.text);
  const caseId = r.json.id;
  r = await req('POST', `/api/v1/cases/${caseId}/accept`, { token: await login('clerk'), body: { deferred: (r.json.materials || []).filter((m) => m.provided_as === 'deferred').map((m) => ({ material: m.name, due_date: dayAfter(3) })) } });
  assert.equal(r.status, 200, r.text);
  // 市场监管局 has the task: it reads the enterprise's 营业执照
  r = await req('GET', `/api/v1/certificate-share?case_id=${caseId}&holder=${DEMO_ENTERPRISE}&type=${encodeURIComponent('营业执照')}`, { token: await login('officer') });
  assert.equal(r.status, 200, r.text);
  assert.ok(r.json.certificates.length >= 1);
  const licence = r.json.certificates[0];
  // 卫健委 has no task in it
  refused(await req('GET', `/api/v1/certificate-share?case_id=${caseId}&holder=${DEMO_ENTERPRISE}`, { token: await login('officer-wjw') }), 403, 'cert_share_case');
  // the holder sees the read, with the case
  r = await req('GET', `/api/v1/certificates/${licence.id}/reads`, { token: await login(DEMO_ENTERPRISE) });
  assert.equal(r.status, 200, r.text);
  assert.ok(r.json.reads.some((x) => x.case_id === caseId && x.department === '青岛市市场监督管理局'), r.text);
});

test('status lists: an unknown one is 404; the list credential is signed by a key of the JWKS', async () => {
  refused(await req('GET', '/api/v1/status-lists/revocation/999'), 404, 'cert_status_list');
  refused(await req('GET', '/api/v1/status-lists/other/1'), 404, 'cert_status_list');
  const res = await fetch(`${process.env.YW_URL}/api/v1/status-lists/revocation/1`);
  assert.equal(res.status, 200);
  const jwt = await res.text();
  const kid = JSON.parse(fromB64url(jwt.split('.')[0])).kid;
  const jwks = await req('GET', '/.well-known/jwks.json');
  assert.ok(jwks.json.keys.some((k) => k.kid === kid));
});

test('a catalog item names the certificate it issues: one of the types, never a national one', async () => {
  const admin = await login('admin');
  let r = await req('GET', '/api/v1/items/QD-WJW-XK-0001');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.issues, '公共场所卫生许可证');
  const { code, version, current_version, created_at, updated_at, version_created_at, id, department, region_name, ...item } = r.json;
  const body = { ...item, department: department.code };
  for (const k of Object.keys(body)) if (body[k] === null) delete body[k];
  r = await req('PUT', '/api/v1/items/QD-WJW-XK-0001', { token: admin, body: { ...body, issues: '结婚证书' } });
  refused(r, 422, 'item_issues_unknown', 'issues');
  r = await req('PUT', '/api/v1/items/QD-WJW-XK-0001', { token: admin, body: { ...body, issues: '居民身份证' } });
  refused(r, 422, 'item_issues_unknown', 'issues');
});

// A new enterprise of the registry, registered by the regulator, holding a 营业执照.
let serial = 0;
async function licensedEntity(name) {
  const officer = await login('officer');
  serial++;
  const code = uscc('91370211', `MA0CE${String(serial).padStart(2, '0')}K`);
  let r = await req('POST', '/api/v1/entities', { token: officer, body: {
    uscc: code, name, kind: 'company', legal_rep: '王五', capital_fen: 100000, industry: '5292',
    region: '370211', established_on: '2020-03-01', scale: 'micro', employees: 2, revenue_fen: 0, rd_ratio_bp: 0,
    labels: [], credit: 'B' } });
  assert.equal(r.status, 201, r.text);
  r = await issue('officer', { type: '营业执照', holder: code, holder_name: name, fields: { 'entity.name': name, 'legal_rep.name': '王五' } });
  assert.equal(r.status, 201, r.text);
  return { code, licence: r.json, officer };
}

test('a registry change issues a new version of the 营业执照 that names the one it replaces; the old one is superseded', async () => {
  const { code, licence, officer } = await licensedEntity('青岛证照变更测试有限公司');
  let r = await req('GET', `/api/v1/entities/${code}`, { token: officer });
  const e = r.json;
  r = await req('PUT', `/api/v1/entities/${code}`, { token: officer, body: {
    name: '青岛证照变更后有限公司', kind: e.kind, legal_rep: '赵六', capital_fen: e.capital_fen, industry: e.industry,
    region: e.region, established_on: e.established_on, scale: e.scale, employees: e.employees,
    revenue_fen: e.revenue_fen, rd_ratio_bp: e.rd_ratio_bp, labels: e.labels ?? [], credit: e.credit } });
  assert.equal(r.status, 200, r.text);
  r = await req('GET', `/api/v1/certificates/${licence.id}`, { token: officer });
  assert.equal(r.json.state, 'superseded');
  assert.ok(r.json.replaced_by, r.text);
  const next = await req('GET', `/api/v1/certificates/${r.json.replaced_by}`, { token: officer });
  assert.equal(next.json.version, 2);
  assert.equal(next.json.replaces, licence.id);
  assert.equal(next.json.holder.name, '青岛证照变更后有限公司');
  assert.equal(next.json.fields['legal_rep.name'], '赵六');
  // same serial, next version, in the identifier
  const parts = (id) => id.split('.');
  assert.equal(parts(next.json.identifier)[7], parts(licence.identifier)[7]);
  assert.equal(parts(next.json.identifier)[8], '002');
  const vc = JSON.parse(fromB64url(next.json.credential.split('.')[1]));
  assert.equal(vc.credentialSubject.certificate.replaces, licence.identifier);
  assert.equal((await verify(licence.credential)).result, 'revoked', 'the old version no longer verifies as valid');
  assert.equal((await verify(next.json.credential)).result, 'valid');
});

test('a deregistration revokes the enterprise\'s certificates', async () => {
  const { code, licence, officer } = await licensedEntity('青岛证照注销测试有限公司');
  const doc = await (await import('./lib.mjs')).uploadPdf(officer, '清算报告.pdf', `清算报告 ${code}`);
  const r = await req('POST', `/api/v1/entities/${code}/deregistration`, { token: officer, body: { mode: 'ordinary', reason: '股东会决议解散', document: doc } });
  assert.equal(r.status, 200, r.text);
  const got = await req('GET', `/api/v1/certificates/${licence.id}`, { token: officer });
  assert.equal(got.json.state, 'revoked');
  assert.equal(got.json.reason, '市场主体已注销');
  assert.equal((await verify(licence.credential)).result, 'revoked');
});

test('a status list and the JWKS say how long they may be kept, once; everything else is no-store', async () => {
  for (const [path, age] of [['/api/v1/status-lists/revocation/1', 'max-age=60'], ['/.well-known/jwks.json', 'max-age=300']]) {
    const res = await fetch(process.env.YW_URL + path);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('cache-control'), age);
  }
  const res = await fetch(process.env.YW_URL + '/api/v1/cert-types');
  assert.equal(res.headers.get('cache-control'), 'no-store');
});

test('the certificate as a PDF: its holder and its department read it; it says the type, number, holder and 有效期', async () => {
  const holder = await login(DEMO_ENTERPRISE);
  let r = await req('GET', '/api/v1/certificates?mine=true&type=YYZZ', { token: holder });
  const licence = r.json.certificates.find((c) => c.status === 'valid');
  const pdf = async (token) => fetch(`${process.env.YW_URL}/api/v1/certificates/${licence.id}/certificate.pdf`,
    { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const res = await pdf(holder);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/pdf');
  assert.match(res.headers.get('content-disposition'), new RegExp(`attachment; filename="${licence.number}\\.pdf"`));
  const dir = mkdtempSync(join(tmpdir(), 'yw-certpdf-'));
  writeFileSync(join(dir, 'c.pdf'), Buffer.from(await res.arrayBuffer()));
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', join(dir, 'c.pdf'), '-']).toString().replace(/\s+/g, '');
  for (const words of ['营业执照', licence.number, licence.holder.name, DEMO_ENTERPRISE, '有效期', '青岛市市场监督管理局', licence.identifier])
    assert.ok(text.includes(words), `the PDF says ${words}: ${text}`);
  assert.doesNotMatch(text, /entity\./, 'the type\'s labels, never its keys');
  // the issuing department's officer reads it; nobody logged in, another applicant and another department do not
  assert.equal((await pdf(await login('officer'))).status, 200);
  refused(await req('GET', `/api/v1/certificates/${licence.id}/certificate.pdf`), 401);
  refused(await req('GET', `/api/v1/certificates/${licence.id}/certificate.pdf`, { token: await login(DEMO_PERSON) }), 404, 'cert_not_found');
  refused(await req('GET', `/api/v1/certificates/${licence.id}/certificate.pdf`, { token: await login('officer-wjw') }), 404, 'cert_not_found');
  refused(await req('GET', `/api/v1/certificates/${licence.id}/other.pdf`), 404, 'cert_not_found');
});

test('the public page of a person\'s certificate shows none of its fields (an address, a birth date are the person\'s)', async () => {
  let r = await req('GET', '/api/v1/certificates?mine=true&type=JMSFZ', { token: await login(DEMO_PERSON) });
  const card = r.json.certificates[0];
  assert.ok(card.fields['person.address'], 'the holder reads the whole card');
  r = await req('GET', `/api/v1/certificates/${card.id}/public`);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.fields, {}, r.text);
  assert.equal(r.json.holder.name, card.holder.name);
  // an enterprise's licence shows its registered facts, public anyway
  r = await req('GET', '/api/v1/certificates?mine=true&type=YYZZ', { token: await login(DEMO_ENTERPRISE) });
  const licence = r.json.certificates[0];
  r = await req('GET', `/api/v1/certificates/${licence.id}/public`);
  assert.equal(r.json.fields['entity.name'], licence.holder.name, r.text);
});

test('a department reads for a case only the certificates of its parties: a stranger\'s is not shown', async () => {
  const person = await login(DEMO_PERSON);
  const { caseId } = await acceptedCase(person, HYGIENE);
  // the 卫健委 handles it; the demo person's ID card is the applicant's, a licence of a stranger's enterprise is not
  const stranger = await licensedEntity('青岛无关企业有限公司');
  const wjw = await login('officer-wjw');
  let r = await req('GET', `/api/v1/certificate-share?case_id=${caseId}&identifier=${encodeURIComponent(stranger.licence.identifier)}`, { token: wjw });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.certificates, []);
  r = await req('GET', `/api/v1/certificate-share?case_id=${caseId}&holder=${stranger.code}`, { token: wjw });
  assert.deepEqual(r.json.certificates, []);
  r = await req('GET', `/api/v1/certificate-share?case_id=${caseId}&holder=${DEMO_PERSON}`, { token: wjw });
  assert.ok(r.json.certificates.some((c) => c.type.name === '居民身份证'), r.text);
  // and nothing was logged for the stranger's licence
  r = await req('GET', `/api/v1/certificates/${stranger.licence.id}/reads`, { token: await login('officer') });
  assert.deepEqual(r.json.reads, []);
});

test('the holder is told: a licence issued by hand, suspended, reinstated, revoked — each with its reason', async () => {
  const c = await newLicence();
  const officer = await login('officer');
  assert.equal((await req('POST', `/api/v1/certificates/${c.id}/suspend`, { token: officer, body: { reason: '停业整顿期间' } })).status, 200);
  assert.equal((await req('POST', `/api/v1/certificates/${c.id}/revoke`, { token: officer, body: { reason: '以欺骗手段取得许可' } })).status, 200);
  const r = await req('GET', '/api/v1/messages?limit=50', { token: await login(DEMO_ENTERPRISE) });
  assert.equal(r.status, 200, r.text);
  const about = r.json.messages.filter((m) => (m.link || '').includes(c.id));
  assert.ok(about.some((m) => m.title === '电子证照已签发' && m.body.includes(c.number) && m.body.includes('我的证照')), JSON.stringify(about));
  assert.ok(about.some((m) => m.title === '电子证照状态变更' && m.body.includes('已暂停。原因：停业整顿期间')), JSON.stringify(about));
  assert.ok(about.some((m) => m.title === '电子证照状态变更' && m.body.includes('已撤销。原因：以欺骗手段取得许可')), JSON.stringify(about));
  for (const m of about) assert.doesNotMatch(m.body, /[A-Za-z]{4,}|01[0-9A-Z]{24}/, 'no English, no ids in the Chinese words');
});
