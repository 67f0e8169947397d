// A case's files over HTTP (issue 15, docs/cases.md "A case's files"): those who handle the case
// open each uploaded material — the applicant, the clerk who submitted for them, clerks, officers
// of a department with a task, supervisors — shown inline or downloaded under its name, with its
// type; another department's officer and another applicant are refused (403), a hash that is not
// one of the case's materials is 404 even when the file exists. Each opening by staff is logged
// (the applicant's own is not), and the applicant reads the log: a role, a department and a time,
// never a login or an id. The case's materials carry each file's size.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { req, login, pngFile, assertError, itemForm, pdfFile, DEMO_PERSON, DEMO_ENTERPRISE } from './lib.mjs';

const ITEM = 'QD-SCJG-XK-0004'; // 个体工商户登记 (市场监管局): two uploads and a pledge
const salt = randomBytes(8).toString('hex');
const pdf = pdfFile(`case files ${salt}`);
const PDF_NAME = '登记申请书 2026.pdf';

const png = pngFile(salt);

async function upload(token, body, type, name) {
  const r = await req('POST', `/api/v1/uploads?name=${encodeURIComponent(name)}`, { token, raw: body, headers: { 'content-type': type } });
  assert.ok(r.status === 201 || r.status === 200, r.text);
  return r.json.sha256;
}

// GET a case's file as `who`: the answer with its bytes.
async function open(who, caseId, sha, query = '') {
  const res = await fetch(`${process.env.YW_URL}/api/v1/cases/${caseId}/files/${sha}${query}`,
    { headers: { authorization: `Bearer ${await login(who)}` } });
  const bytes = Buffer.from(await res.arrayBuffer());
  const json = (res.headers.get('content-type') || '').includes('json') ? JSON.parse(bytes.toString()) : null;
  return { status: res.status, headers: res.headers, bytes, json, text: bytes.toString('latin1').slice(0, 300) };
}

// A refusal: its status, its class and its reason (the stable code clients key on), its field.
const CLASS = { 403: 'forbidden', 404: 'not_found', 422: 'invalid' };
function refused(r, status, reason, field) {
  const e = assertError(r, status, CLASS[status], field);
  assert.equal(e.reason, reason, r.text);
  return e;
}

async function views(who, caseId) {
  const r = await req('GET', `/api/v1/cases/${caseId}/file-views`, { token: await login(who) });
  assert.equal(r.status, 200, r.text);
  return r.json;
}

let caseId, pdfSha, pngSha;

test('a case submitted with two files names each with its size, type and name', async () => {
  const person = await login(DEMO_PERSON);
  pdfSha = await upload(person, pdf, 'application/pdf', PDF_NAME);
  pngSha = await upload(person, png, 'image/png', '身份证.png');
  const r = await req('POST', '/api/v1/cases', { token: person, body: { item: ITEM, form: await itemForm(ITEM), materials: [
    { name: '个体工商户登记申请书', provided_as: 'upload', upload: pdfSha },
    { name: '申请人居民身份证', provided_as: 'upload', upload: pngSha },
    { name: '经营场所使用证明', provided_as: 'pledge' },
  ] } });
  assert.equal(r.status, 201, r.text);
  caseId = r.json.id;
  const [a, b, c] = r.json.materials;
  assert.deepEqual(a.upload, { sha256: pdfSha, name: PDF_NAME, media_type: 'application/pdf', size: pdf.length });
  assert.deepEqual(b.upload, { sha256: pngSha, name: '身份证.png', media_type: 'image/png', size: png.length });
  assert.equal(c.upload, null);
});

test('before acceptance no officer handles the case: 403; the clerk opens it, logged', async () => {
  refused(await open('officer-scjg', caseId, pdfSha), 403, 'case_not_visible');
  const r = await open('clerk', caseId, pdfSha);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.bytes, pdf);
  const log = await views(DEMO_PERSON, caseId);
  assert.equal(log.total, 1);
  assert.deepEqual(log.views[0], { material: '个体工商户登记申请书', sha256: pdfSha, file_name: PDF_NAME, role: 'clerk',
    department: log.views[0].department, at: log.views[0].at, download: false });
  assert.match(log.views[0].department, /局$/);
  assert.match(log.views[0].at, /^\d{4}-\d\d-\d\dT/);
});

test('who may open a file: the applicant, the task\'s department\'s officer, the supervisor; not another department nor another applicant', async () => {
  const accepted = await req('POST', `/api/v1/cases/${caseId}/accept`, { token: await login('clerk'), body: {} });
  assert.equal(accepted.status, 200, accepted.text);
  assert.ok(accepted.json.tasks.some((t) => t.department.code === 'QD-SCJG'), accepted.text);
  for (const who of [DEMO_PERSON, 'officer-scjg', 'supervisor', 'admin']) {
    const r = await open(who, caseId, pdfSha);
    assert.equal(r.status, 200, `${who}: ${r.text}`);
    assert.deepEqual(r.bytes, pdf, who);
  }
  const other = refused(await open('officer-sw', caseId, pdfSha), 403, 'case_not_visible');
  assert.equal(other.message, '无权查看此办件');
  refused(await open(DEMO_ENTERPRISE, caseId, pngSha), 403, 'case_not_visible');
  // a hash that is not one of the case's materials: 404, even for a file that exists
  const elsewhere = await upload(await login(DEMO_ENTERPRISE), pdfFile(`not this case ${salt}`), 'application/pdf', '别的.pdf');
  refused(await open('officer-scjg', caseId, elsewhere), 404, 'case_file_not_found', 'sha256');
  refused(await open('officer-scjg', caseId, 'f'.repeat(64)), 404, 'case_file_not_found', 'sha256');
  refused(await open('officer-scjg', caseId, 'not-a-hash'), 404, 'case_file_not_found', 'sha256');
  refused(await open('officer-scjg', 'NO-SUCH-CASE', pdfSha), 404, 'case_not_found');
  refused(await open('officer-scjg', caseId, pdfSha, '?download=maybe'), 422, 'query_boolean', 'download');
});

test('the log grows by one per opening by staff, not by the applicant\'s own; the applicant reads it, others may not', async () => {
  const before = (await views(DEMO_PERSON, caseId)).total;
  assert.equal(before, 4, 'clerk, officer, supervisor, admin: the applicant\'s own opening is not logged');
  await open(DEMO_PERSON, caseId, pngSha);
  assert.equal((await views(DEMO_PERSON, caseId)).total, before);
  await open('officer-scjg', caseId, pngSha);
  await open('officer-scjg', caseId, pngSha, '?download=1');
  const log = await views(DEMO_PERSON, caseId);
  assert.equal(log.total, before + 2);
  const [last, previous] = log.views; // newest first
  assert.deepEqual([last.material, last.role, last.download, previous.download], ['申请人居民身份证', 'officer', true, false]);
  assert.equal(last.department, '青岛市市场监督管理局');
  assert.deepEqual(log.views.map((v) => v.role).sort(), ['admin', 'clerk', 'officer', 'officer', 'officer', 'supervisor']);
  // a role and a department, never a login or an id
  for (const v of log.views) assert.deepEqual(Object.keys(v).sort(), ['at', 'department', 'download', 'file_name', 'material', 'role', 'sha256']);
  const me = await req('GET', '/api/v1/me', { token: await login('officer-scjg') });
  assert.equal(me.status, 200, me.text);
  assert.ok(me.json.id && !JSON.stringify(log).includes(me.json.id), 'the officer\'s account id is not in the log');
  assert.doesNotMatch(JSON.stringify(log), /officer-scjg|[0-9A-HJKMNP-TV-Z]{26}/);
  // refused views are not logged; another applicant does not read the log
  refused(await req('GET', `/api/v1/cases/${caseId}/file-views`, { token: await login(DEMO_ENTERPRISE) }), 403, 'case_not_visible');
  refused(await req('GET', `/api/v1/cases/${caseId}/file-views`, { token: await login('officer-sw') }), 403, 'case_not_visible');
});

test('headers: the content\'s type, inline in the page or an attachment under its UTF-8 name, framed by this site only, never cached', async () => {
  const shown = await open('officer-scjg', caseId, pdfSha);
  assert.equal(shown.headers.get('content-type'), 'application/pdf');
  const encoded = encodeURIComponent(PDF_NAME).replace(/[!'()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  assert.equal(shown.headers.get('content-disposition'), `inline; filename*=UTF-8''${encoded}`);
  assert.equal(shown.headers.get('x-frame-options'), 'SAMEORIGIN');
  assert.match(shown.headers.get('content-security-policy'), /frame-ancestors 'self'/);
  assert.equal(shown.headers.get('cache-control'), 'no-store');
  assert.equal(shown.headers.get('x-content-type-options'), 'nosniff');
  const saved = await open('officer-scjg', caseId, pdfSha, '?download=1');
  assert.equal(saved.headers.get('content-disposition'), `attachment; filename*=UTF-8''${encoded}`);
  assert.deepEqual(saved.bytes, pdf);
  const image = await open('supervisor', caseId, pngSha);
  assert.equal(image.headers.get('content-type'), 'image/png');
  assert.equal(image.headers.get('content-disposition'), `inline; filename*=UTF-8''${encodeURIComponent('身份证.png')}`);
  assert.deepEqual(image.bytes, png);
  // every other answer keeps the site's framing rule
  const page = await fetch(`${process.env.YW_URL}/api/v1/cases/${caseId}`, { headers: { authorization: `Bearer ${await login('officer-scjg')}` } });
  assert.equal(page.headers.get('x-frame-options'), 'DENY');
  assert.match(page.headers.get('content-security-policy'), /frame-ancestors 'none'/);
});

test('a file a clerk uploaded at the window: the applicant opens it (not logged), the submitting clerk too (logged)', async () => {
  const clerk = await login('clerk');
  const scan = await upload(clerk, pdfFile(`window scan ${salt}`), 'application/pdf', '窗口扫描件.pdf');
  const applicant = (await req('GET', `/api/v1/cases/${caseId}`, { token: clerk })).json.applicant.id;
  const r = await req('POST', '/api/v1/cases', { token: clerk, body: { item: ITEM, form: await itemForm(ITEM), on_behalf_of: applicant, materials: [
    { name: '个体工商户登记申请书', provided_as: 'upload', upload: scan },
    { name: '申请人居民身份证', provided_as: 'upload', upload: scan },
    { name: '经营场所使用证明', provided_as: 'pledge' },
  ] } });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.materials[0].upload.name, '窗口扫描件.pdf');
  const mine = await open(DEMO_PERSON, r.json.id, scan);
  assert.equal(mine.status, 200, mine.text);
  assert.equal((await views(DEMO_PERSON, r.json.id)).total, 0);
  assert.equal((await open('clerk', r.json.id, scan)).status, 200);
  const log = await views(DEMO_PERSON, r.json.id);
  assert.deepEqual([log.total, log.views[0].role, log.views[0].file_name], [1, 'clerk', '窗口扫描件.pdf']);
});
