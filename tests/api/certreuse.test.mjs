// Reuse instead of proofs (免提交, issue 16; docs/certificates.md "Reuse instead of proofs"): an
// enterprise's valid 营业执照 stands in for the material of that name, recorded with its id and no
// upload; a stranger's, a suspended or a revoked one is refused naming the material; the case shows
// the certificate's status now, so one that lapses before the decision is flagged (the decision
// still goes through); the officer reads it through the sharing interface and the holder sees the
// reading; a clerk's look before filing for the applicant is logged too; the figures count it; the
// demo has a case whose licence is reused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { req, login, assertError, itemCase, currentFigures, DEMO_PERSON, DEMO_ENTERPRISE, uscc } from './lib.mjs';

const ITEM = 'QD-SCJG-XK-0007'; // 特种设备使用登记 (市场监管局): 营业执照 accepted as certificate or upload
const LICENCE = '营业执照';
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

// A new enterprise with an account of its own and a 营业执照 the 市场监管局 issued it.
async function licensedEnterprise(name) {
  let body = '';
  for (let i = 0; i < 6; i++) body += ALPHABET[Math.floor(Math.random() * 10)];
  const code = uscc('91370211', `MA${body}`);
  let r = await req('POST', '/api/v1/accounts', { body: { kind: 'enterprise', name, uscc: code, password: 'secret-pass-1' } });
  assert.equal(r.status, 201, r.text);
  const account = r.json.id;
  const token = await login(code, 'secret-pass-1');
  r = await req('POST', '/api/v1/certificates', { token: await login('officer'), body: {
    type: 'YYZZ', holder: code, holder_name: name, fields: { 'entity.name': name }, reason: '测试签发' } });
  assert.equal(r.status, 201, r.text);
  return { code, account, token, licence: r.json };
}

// The body of a case of ITEM for the enterprise (its own USCC in the form), 营业执照 given as `licence`.
async function caseBody(who, licence) {
  const body = await itemCase(who.token, ITEM);
  body.form['entity.uscc'] = who.code;
  body.materials = body.materials.map((m) => (m.name === LICENCE ? licence : m));
  return body;
}
const licenceIndex = (body) => body.materials.findIndex((m) => m.name === LICENCE);
const licenceOf = (c) => c.materials.find((m) => m.name === LICENCE);

async function reusedFigure() {
  const row = (await currentFigures('item')).json.figures.find((f) => f.code === ITEM);
  return row ? row.materials_reused : 0;
}

test('a held 营业执照 stands in for the material; a stranger\'s or a lapsed one is refused naming it', async () => {
  const before = await reusedFigure();
  const ent = await licensedEnterprise('青岛免提交测试有限公司');
  // what the form asks before submission: the enterprise's own licence
  let r = await req('GET', '/api/v1/certificate-reuse', { token: ent.token });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.certificates.map((c) => [c.id, c.type.name, c.number, c.status]),
    [[ent.licence.id, LICENCE, ent.licence.number, 'valid']]);
  // the person cannot look at the enterprise's; a clerk filing for it can, and that is logged
  const person = await login(DEMO_PERSON);
  assert.equal(assertError(await req('GET', `/api/v1/certificate-reuse?on_behalf_of=${ent.account}`, { token: person }),
    403, 'forbidden', 'on_behalf_of').reason, 'case_on_behalf_clerk_only');
  r = await req('GET', `/api/v1/certificate-reuse?on_behalf_of=${ent.account}`, { token: await login('clerk') });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.certificates[0].id, ent.licence.id);
  r = await req('GET', `/api/v1/certificates/${ent.licence.id}/reads`, { token: ent.token });
  assert.ok(r.json.reads.some((x) => x.purpose === 'behalf' && x.case_id === null), r.text);

  // reused: recorded with its id, no upload
  const reuse = { name: LICENCE, provided_as: 'certificate', certificate: ent.licence.identifier };
  const body = await caseBody(ent, reuse);
  const at = `/materials/${licenceIndex(body)}`;
  r = await req('POST', '/api/v1/cases', { token: ent.token, body });
  assert.equal(r.status, 201, r.text);
  const caseId = r.json.id;
  const given = licenceOf(r.json);
  assert.equal(given.provided_as, 'certificate');
  assert.equal(given.upload, null);
  assert.deepEqual([given.certificate.id, given.certificate.number, given.certificate.status, given.certificate.lapsed],
    [ent.licence.id, ent.licence.number, 'valid', false]);

  // a stranger's: the demo enterprise's licence named by another enterprise, or this one's named
  // by the demo person (whose form names this USCC: typing it gains nothing)
  const other = await caseBody(ent, { name: LICENCE, provided_as: 'certificate' });
  const demoLicence = (await req('GET', '/api/v1/certificate-reuse', { token: await login(DEMO_ENTERPRISE) })).json.certificates
    .find((c) => c.type.name === LICENCE);
  assert.ok(demoLicence, 'the demo enterprise holds a 营业执照');
  other.materials[licenceIndex(other)].certificate = demoLicence.id;
  let e = assertError(await req('POST', '/api/v1/cases', { token: ent.token, body: other }), 422, 'invalid', at);
  assert.equal(e.reason, 'cert_reuse_not_holder');
  const theirs = await caseBody({ ...ent, token: person }, reuse);
  e = assertError(await req('POST', '/api/v1/cases', { token: person, body: theirs }), 422, 'invalid', at);
  assert.equal(e.reason, 'cert_reuse_not_holder');
  theirs.materials[licenceIndex(theirs)] = { name: LICENCE, provided_as: 'certificate' };
  e = assertError(await req('POST', '/api/v1/cases', { token: person, body: theirs }), 422, 'invalid', at);
  assert.equal(e.reason, 'cert_reuse_none');
  assert.equal(e.message, '申请人没有有效的电子证照“营业执照”，请用其他方式提交此材料');

  // accepted; the 市场监管局 opens the certificate through the sharing interface, logged for the holder
  r = await req('POST', `/api/v1/cases/${caseId}/accept`, { token: await login('clerk'), body: {} });
  assert.equal(r.status, 200, r.text);
  const officer = await login('officer');
  r = await req('GET', `/api/v1/certificate-share?case_id=${caseId}&identifier=${encodeURIComponent(given.certificate.identifier)}`, { token: officer });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.certificates[0].holder.name, '青岛免提交测试有限公司');
  r = await req('GET', `/api/v1/certificates/${ent.licence.id}/reads`, { token: ent.token });
  assert.ok(r.json.reads.some((x) => x.case_id === caseId && x.purpose === 'case' && x.department === '青岛市市场监督管理局'), r.text);

  // suspended before the decision: the case says so, and it can no longer be reused
  r = await req('POST', `/api/v1/certificates/${ent.licence.id}/suspend`, { token: officer, body: { reason: '测试暂停' } });
  assert.equal(r.status, 200, r.text);
  r = await req('GET', `/api/v1/cases/${caseId}`, { token: officer });
  assert.deepEqual([licenceOf(r.json).certificate.status, licenceOf(r.json).certificate.lapsed], ['suspended', true]);
  e = assertError(await req('POST', '/api/v1/cases', { token: ent.token, body }), 422, 'invalid', at);
  assert.equal(e.reason, 'cert_reuse_not_valid');
  assert.match(e.message, /已暂停/);
  // revoked: likewise
  r = await req('POST', `/api/v1/certificates/${ent.licence.id}/revoke`, { token: officer, body: { reason: '测试撤销' } });
  assert.equal(r.status, 200, r.text);
  r = await req('GET', `/api/v1/cases/${caseId}`, { token: ent.token });
  assert.equal(licenceOf(r.json).certificate.status, 'revoked');
  e = assertError(await req('POST', '/api/v1/cases', { token: ent.token, body }), 422, 'invalid', at);
  assert.equal(e.reason, 'cert_reuse_not_valid');
  assert.match(e.message, /已撤销/);
  assert.equal((await req('GET', '/api/v1/certificate-reuse', { token: ent.token })).json.certificates.length, 0);

  // the officer may still approve (the page warns first); the figures count the one reuse
  r = await req('GET', `/api/v1/cases/${caseId}`, { token: officer });
  const task = r.json.tasks.find((t) => t.kind === 'review');
  r = await req('POST', `/api/v1/tasks/${task.id}/approve`, { token: officer });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.state, 'completed');
  assert.equal(await reusedFigure(), before + 1);
});

test('a certificate is named only for a material given as certificate; the query is declared', async () => {
  const ent = await licensedEnterprise('青岛免提交二号有限公司');
  const body = await caseBody(ent, { name: LICENCE, provided_as: 'upload', certificate: ent.licence.id });
  body.materials[licenceIndex(body)].upload = body.materials.find((m) => m.upload).upload;
  const e = assertError(await req('POST', '/api/v1/cases', { token: ent.token, body }), 422, 'invalid',
    `/materials/${licenceIndex(body)}/certificate`);
  assert.equal(e.reason, 'cert_reuse_only_certificate');
  assert.equal(assertError(await req('GET', '/api/v1/certificate-reuse?mine=true', { token: ent.token }), 422, 'invalid', 'mine').reason, 'query_unknown');
  assertError(await req('GET', '/api/v1/certificate-reuse'), 401, 'unauthenticated');
});

test('the demo: the enterprise\'s 特种设备使用登记 waits in the inbox with its 营业执照 reused', async () => {
  const officer = await login('officer');
  const inbox = await req('GET', '/api/v1/inbox', { token: officer });
  assert.equal(inbox.status, 200, inbox.text);
  let found = null;
  for (const t of inbox.json.tasks.filter((x) => x.item === ITEM)) {
    const c = (await req('GET', `/api/v1/cases/${t.case_id}`, { token: officer })).json;
    if (c.applicant.name && licenceOf(c)?.provided_as === 'certificate') found = c;
  }
  assert.ok(found, 'a demo case with its licence reused');
  assert.equal(licenceOf(found).certificate.type, LICENCE);
  assert.equal(licenceOf(found).upload, null);
  // the form names the legal representative the licence names, not the enterprise again
  const licence = await req('GET', `/api/v1/certificates/${licenceOf(found).certificate.id}`, { token: officer });
  assert.equal(licence.status, 200, licence.text);
  assert.equal(found.form['legal_rep.name'], licence.json.fields['legal_rep.name']);
  assert.notEqual(found.form['legal_rep.name'], found.form['entity.name']);
});
