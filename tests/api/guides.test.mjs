// 办事指南 complete over HTTP: an item's guide carries where (hall, window, address), when, whom to
// call (咨询电话, 监督投诉电话), the steps in order, the fee in words with its basis, and its blank
// form and sample to download; the demo's are PDFs the platform drew from the item's own fields.
// Administrators add guide files (judged by their content) and name them in an item; anyone
// downloads a file the item's current guide names, under its name, and nothing else. Bad guide
// members are refused naming them; an item without any of it is as before.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { req, login, assertError, pdfFile, pngFile, DEMO_PERSON } from './lib.mjs';

const BASE = process.env.YW_URL;
const sha = (buf) => createHash('sha256').update(buf).digest('hex');
const download = async (path) => {
  const res = await fetch(BASE + path);
  return { status: res.status, type: res.headers.get('content-type'), disposition: res.headers.get('content-disposition'),
    bytes: Buffer.from(await res.arrayBuffer()) };
};
const pdfText = (bytes) => {
  const dir = mkdtempSync(join(tmpdir(), 'yiwang-guide-'));
  try {
    writeFileSync(join(dir, 'f.pdf'), bytes);
    return execFileSync('pdftotext', ['-layout', join(dir, 'f.pdf'), '-'], { encoding: 'utf8' });
  } finally { rmSync(dir, { recursive: true, force: true }); }
};

test('a demo item\'s guide says where, when, whom to call, the steps, the fee, and offers its forms', async () => {
  const r = await req('GET', '/api/v1/items/QD-SCJG-XK-0004');
  assert.equal(r.status, 200, r.text);
  const it = r.json;
  assert.equal(it.places.length, 1);
  assert.equal(it.places[0].hall, '青岛市政务服务中心');
  assert.match(it.places[0].window, /号窗口$/);
  assert.ok(it.places[0].address);
  assert.match(it.hours, /9:00/);
  assert.match(it.phone, /^0532-/);
  assert.equal(it.complaint_phone, '12345');
  assert.deepEqual(it.steps.map((s) => s.name), ['网上申请', '受理', '审查', '决定', '送达']);
  assert.equal(it.fee_standard, '不收费');
  assert.deepEqual(it.files.map((f) => f.kind), ['blank', 'sample']);

  // the blank form: a PDF of the item's own fields, downloaded under its name, the hash it names
  const blank = it.files[0];
  const d = await download(`/api/v1/items/QD-SCJG-XK-0004/files/${blank.sha256}`);
  assert.equal(d.status, 200);
  assert.equal(d.type, 'application/pdf');
  assert.equal(d.disposition, `attachment; filename*=UTF-8''${encodeURIComponent(blank.name)}`);
  assert.equal(blank.name, '个体工商户登记申请表（空白）.pdf');
  assert.equal(sha(d.bytes), blank.sha256);
  const text = pdfText(d.bytes);
  assert.match(text, /个体工商户登记申请表/);
  for (const f of it.fields) assert.ok(text.includes(f.label), `the blank form asks ${f.label}`);
  for (const m of it.materials) assert.ok(text.includes(m.name), `the blank form lists ${m.name}`);
  assert.doesNotMatch(text, /370202199003071233/);
  // the sample: the same form filled in
  const sample = pdfText((await download(`/api/v1/items/QD-SCJG-XK-0004/files/${it.files[1].sha256}`)).bytes);
  assert.match(sample, /填写示例/);
  assert.match(sample, /370202199003071233/);

  // a fee says what it rests on
  const passport = (await req('GET', '/api/v1/items/QD-GA-XK-0001')).json;
  assert.equal(passport.fee_standard, '每件120元');
  assert.match(passport.fee_basis, /发改价格/);

  // only what the guide names, of an item that exists
  const other = (await req('GET', '/api/v1/items/QD-SCJG-XK-0001')).json.files[0].sha256;
  assert.equal(assertError(await req('GET', `/api/v1/items/QD-SCJG-XK-0004/files/${other}`), 404, 'not_found', 'sha256').reason, 'guide_file_not_found');
  assertError(await req('GET', `/api/v1/items/QD-NOPE-0001/files/${blank.sha256}`), 404, 'not_found');
});

test('administrators add guide files, judged by their content; nobody else does', async () => {
  const admin = await login('admin');
  const body = pdfFile('a guide form of the test');
  const add = (token, raw, type = 'application/pdf') => req('POST', '/api/v1/catalog/files', { token, raw, headers: { 'content-type': type } });
  const first = await add(admin, body);
  assert.equal(first.status, 201, first.text);
  assert.deepEqual(first.json, { sha256: sha(body), size: body.length, media_type: 'application/pdf' });
  const again = await add(admin, body);
  assert.equal(again.status, 200, again.text);
  assertError(await add(await login('clerk'), body), 403, 'forbidden');
  assertError(await add(await login(DEMO_PERSON), body), 403, 'forbidden');
  assertError(await req('POST', '/api/v1/catalog/files', { raw: body, headers: { 'content-type': 'application/pdf' } }), 401, 'unauthenticated');
  // a PNG said to be a PDF is refused, naming both
  assertError(await add(admin, pngFile('not a pdf')), 415, 'unsupported_media_type');
});

test('an item names its guide files and the rest of its guide; refusals name the member and change nothing', async () => {
  const admin = await login('admin');
  const form = pdfFile('空白表格 of QD-TEST-GUIDE-0001');
  assert.equal((await req('POST', '/api/v1/catalog/files', { token: admin, raw: form, headers: { 'content-type': 'application/pdf' } })).status, 201);
  const plain = { code: 'QD-TEST-GUIDE-0001', name: '测试指南事项', type: '公共服务', department: 'QD-SCJG', region: '370200',
    statutory_days: 5, promised_days: 2, fee_fen: 5000, online_depth: '窗口办理', visits: 1 };
  // without any guide member: as before
  const made = await req('POST', '/api/v1/items', { token: admin, body: plain });
  assert.equal(made.status, 201, made.text);
  for (const k of ['places', 'hours', 'phone', 'complaint_phone', 'steps', 'fee_standard', 'fee_basis', 'files']) assert.equal(made.json[k], undefined, k);

  const guide = { ...plain,
    places: [{ hall: '青岛市政务服务中心', window: 'A区5号窗口', address: '青岛市市南区示范路1号' }, { hall: '市南区政务服务中心', address: '青岛市市南区示范路2号' }],
    hours: '工作日 9:00—17:00', phone: '0532-12345 转 101', complaint_phone: '12345',
    steps: [{ name: '窗口申请', text: '提交材料' }, { name: '受理' }, { name: '决定' }],
    fee_standard: '每件50元', fee_basis: '测试用收费依据',
    files: [{ kind: 'blank', name: '测试申请表.pdf', sha256: sha(form) }] };
  const bad = async (change, status, field, reason) => {
    const r = assertError(await req('PUT', `/api/v1/items/${plain.code}`, { token: admin, body: { ...guide, ...change } }), status, 'invalid', field);
    if (reason) assert.equal(r.reason, reason);
  };
  await bad({ phone: '请拨打热线' }, 422, 'phone', 'item_phone');
  await bad({ complaint_phone: '12' }, 422, 'complaint_phone');
  await bad({ fee_basis: undefined }, 422, 'fee_basis', 'item_fee_basis');
  await bad({ places: [{ window: 'A区5号窗口' }] }, 422, '/places/0/hall');
  await bad({ steps: [{ text: '没有名称' }] }, 422, '/steps/0/name');
  await bad({ files: [{ kind: 'form', name: 'a.pdf', sha256: sha(form) }] }, 422, '/files/0/kind');
  await bad({ files: [{ kind: 'blank', name: 'a.pdf', sha256: 'f'.repeat(64) }] }, 422, '/files/0/sha256', 'item_file_unknown');
  await bad({ files: [{ kind: 'blank', name: '../a.pdf', sha256: sha(form) }] }, 422, '/files/0/name', 'item_file_name');
  await bad({ files: [{ kind: 'blank', name: 'a.pdf', sha256: sha(form) }, { kind: 'sample', name: 'b.pdf', sha256: sha(form) }] }, 422, '/files/1/sha256', 'item_repeated');
  assert.equal((await req('GET', `/api/v1/items/${plain.code}`)).json.version, 1, 'nothing was saved');

  const put = await req('PUT', `/api/v1/items/${plain.code}`, { token: admin, body: guide });
  assert.equal(put.status, 200, put.text);
  assert.equal(put.json.version, 2);
  for (const k of ['places', 'hours', 'phone', 'complaint_phone', 'steps', 'fee_standard', 'fee_basis', 'files']) assert.deepEqual(put.json[k], guide[k], k);
  const d = await download(`/api/v1/items/${plain.code}/files/${sha(form)}`);
  assert.equal(d.status, 200);
  assert.deepEqual(d.bytes, form);
  // 不收费 needs no basis; a file left out of the guide is no longer offered
  const free = await req('PUT', `/api/v1/items/${plain.code}`, { token: admin, body: { ...guide, fee_fen: 0, fee_standard: '不收费', fee_basis: undefined, files: undefined } });
  assert.equal(free.status, 200, free.text);
  assert.equal((await download(`/api/v1/items/${plain.code}/files/${sha(form)}`)).status, 404);
  // the older version still names it
  assert.equal((await req('GET', `/api/v1/items/${plain.code}?version=2`)).json.files[0].sha256, sha(form));
});

test('the catalog file carries the guide: export and import', async () => {
  const out = execFileSync(process.env.YW_BIN, ['catalog', 'export', '--db', process.env.YW_DB], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const file = JSON.parse(out);
  const it = file.items.find((x) => x.code === 'QD-SCJG-XK-0004');
  assert.equal(it.places[0].hall, '青岛市政务服务中心');
  assert.equal(it.files.length, 2);
  // the exported file imports unchanged
  const dir = mkdtempSync(join(tmpdir(), 'yiwang-guide-'));
  try {
    writeFileSync(join(dir, 'catalog.json'), out);
    const rep = execFileSync(process.env.YW_BIN, ['catalog', 'import', join(dir, 'catalog.json'), '--db', process.env.YW_DB],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    assert.match(rep, / 0 created, 0 updated, \d+ unchanged, 0 refused/);
  } finally { rmSync(dir, { recursive: true, force: true }); }
});
