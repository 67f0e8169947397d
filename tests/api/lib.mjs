// Helpers for the API tests: requests against the server under test (YW_URL) and logins of the
// demo accounts, cached per test file.
import assert from 'node:assert/strict';
import { crc32 } from 'node:zlib';

export const BASE = process.env.YW_URL;
if (!BASE) throw new Error('YW_URL is not set: run through tests/api/run.sh');
export const PASSWORD = 'yiwang2026';

export async function req(method, path, { token, body, raw, headers = {} } = {}) {
  const init = { method, headers: { ...headers } };
  if (token) init.headers.authorization = `Bearer ${token}`;
  if (raw !== undefined) {
    init.body = raw;
    init.headers['content-type'] ??= 'application/json';
  } else if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers['content-type'] = 'application/json';
  }
  const res = await fetch(BASE + path, init);
  const text = await res.text();
  let json = null;
  if (text && (res.headers.get('content-type') || '').includes('json')) json = JSON.parse(text);
  return { status: res.status, json, text, headers: res.headers };
}

const tokens = new Map();
export async function login(name, password = PASSWORD) {
  if (password === PASSWORD && tokens.has(name)) return tokens.get(name);
  const r = await req('POST', '/api/v1/session', { body: { login: name, password } });
  assert.equal(r.status, 201, `login ${name}: ${r.text}`);
  if (password === PASSWORD) tokens.set(name, r.json.token);
  return r.json.token;
}

// Asserts the error shape of DESIGN.md and returns the error object.
export function assertError(r, status, code, field) {
  assert.equal(r.status, status, r.text);
  assert.ok(r.json && r.json.error, `error body expected: ${r.text}`);
  assert.equal(r.json.error.code, code, r.text);
  assert.equal(typeof r.json.error.message, 'string');
  assert.ok(r.json.error.message.length > 0);
  if (field !== undefined) assert.equal(r.json.error.field, field, r.text);
  return r.json.error;
}

// The valid check characters, computed as the standards say, for making test identities.
export function idNumber(first17) {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * w[i];
  return first17 + '10X98765432'[sum % 11];
}

export function uscc(first8, orgBody8) {
  const orgW = [3, 7, 9, 10, 5, 8, 4, 2];
  let s = 0;
  for (let i = 0; i < 8; i++) s += parseInt(orgBody8[i], 36) * orgW[i];
  const c = 11 - (s % 11);
  const orgCheck = c === 10 ? 'X' : c === 11 ? '0' : String(c);
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  const body = first8 + orgBody8 + orgCheck;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += alphabet.indexOf(body[i]) * weights[i];
  return body + alphabet[(31 - (sum % 31)) % 31];
}

export const DEMO_PERSON = idNumber('37020219900307123');
export const DEMO_ENTERPRISE = uscc('91370202', 'MA3CXK7T');

// A valid value for every field of a form — an item's fields or a bundle's merged form — as a
// careful applicant fills it in: text within its length, numbers within range, the demo
// enterprise's USCC, the demo person's ID number, a district of Qingdao, the first option.
export function fillForm(fields) {
  const form = {};
  for (const f of fields) {
    switch (f.type) {
      case 'number': form[f.key] = f.min ?? 1; break;
      case 'date': form[f.key] = '2026-01-05'; break;
      case 'uscc': form[f.key] = DEMO_ENTERPRISE; break;
      case 'id_number': form[f.key] = DEMO_PERSON; break;
      case 'region': form[f.key] = '370202'; break;
      case 'choice': form[f.key] = f.options[0]; break;
      case 'mobile': form[f.key] = '13900000005'; break;
      case 'landline': form[f.key] = '0532-88886666'; break;
      case 'postcode': form[f.key] = '266071'; break;
      case 'yuan': form[f.key] = '5000.50'; break;
      default: form[f.key] = f.key.endsWith('phone') ? '13900000005' : '测试' + f.label.slice(0, Math.max(0, (f.max_length ?? 20) - 2));
    }
  }
  return form;
}

// The filled-in form of one item, from its public guide.
export async function itemForm(code) {
  const r = await req('GET', `/api/v1/items/${encodeURIComponent(code)}`);
  assert.equal(r.status, 200, r.text);
  return fillForm(r.json.fields);
}

// The merged form of a bundle for these answers, filled in, with the form's materials and items.
export async function bundleForm(code, answers) {
  const r = await req('POST', `/api/v1/bundles/${encodeURIComponent(code)}/form`, { body: { answers } });
  assert.equal(r.status, 200, r.text);
  return { form: fillForm(r.json.fields), materials: r.json.materials, items: r.json.items, stages: r.json.stages };
}

// The date n calendar days after today in Beijing (the city's day, as the server counts days):
// a 容缺 due date must come after the day of acceptance and within 60 working days of it.
export function dayAfter(n) {
  return new Date(Date.now() + 8 * 3600e3 + n * 86400e3).toISOString().slice(0, 10);
}

// A small PDF of the test's own making, whole as the server takes one (a header, an object, its
// cross-reference, the trailer with startxref and %%EOF), with `text` in a comment.
export function pdfFile(text = 'yiwang test material') {
  const head = `%PDF-1.4\n% ${text}\n`;
  const obj = '1 0 obj << /Type /Catalog >> endobj\n';
  const xref = Buffer.byteLength(head + obj);
  const at = String(Buffer.byteLength(head)).padStart(10, '0');
  return Buffer.from(`${head}${obj}xref\n0 2\n0000000000 65535 f \n${at} 00000 n \n` +
    `trailer << /Size 2 /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
}

// A small PDF of the test's own making, uploaded as `token`'s; its SHA-256.
export async function uploadPdf(token, name = '申请材料.pdf', text = 'yiwang test material') {
  const body = pdfFile(text);
  const r = await req('POST', `/api/v1/uploads?name=${encodeURIComponent(name)}`,
    { token, raw: body, headers: { 'content-type': 'application/pdf' } });
  assert.ok(r.status === 201 || r.status === 200, r.text);
  return r.json.sha256;
}

// The materials of a form as an applicant provides them: every required one, pledged (告知承诺)
// where a pledge is accepted, deferred (容缺) where that is, else uploaded (one PDF for all).
export async function provideMaterials(token, materials) {
  const out = [];
  let sha = null;
  for (const m of materials) {
    if (m.requirement !== 'required') continue;
    if (m.accepted_as.includes('pledge')) out.push({ name: m.name, provided_as: 'pledge' });
    else if (m.accepted_as.includes('deferred')) out.push({ name: m.name, provided_as: 'deferred' });
    else {
      sha ??= await uploadPdf(token);
      out.push({ name: m.name, provided_as: 'upload', upload: sha });
    }
  }
  return out;
}

// One item's form and materials, filled in and provided by `token`'s account: the body of a
// case for the item.
export async function itemCase(token, code) {
  const r = await req('GET', `/api/v1/items/${encodeURIComponent(code)}`);
  assert.equal(r.status, 200, r.text);
  return { item: code, form: fillForm(r.json.fields), materials: await provideMaterials(token, r.json.materials) };
}

// The public figures once they are current: they are kept by a job that every change of a case
// queues, so a reader right after a change waits while `pending` (at most 30 s).
export async function currentFigures(by) {
  for (let i = 0; i < 300; i++) {
    const r = await req('GET', `/api/v1/figures?by=${by}`);
    assert.equal(r.status, 200, r.text);
    if (!r.json.pending) return r;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the figures stayed pending for 30 s');
}

// A PNG of one grey pixel from IHDR to IEND, with `text` in a tEXt chunk (so that each test's
// file is its own).
export function pngFile(text) {
  const chunk = (type, data) => {
    const head = Buffer.alloc(8), crc = Buffer.alloc(4);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'latin1');
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])));
    return Buffer.concat([head, data, crc]);
  };
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0])), chunk('tEXt', Buffer.from(`Comment\0${text}`)),
    chunk('IDAT', Buffer.from('789c6360000000020001', 'hex')), chunk('IEND', Buffer.alloc(0))]);
}
