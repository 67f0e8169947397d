// Uploads (上传材料) over HTTP: each accepted type as the raw body, answered with its SHA-256; the
// same file again answers the same (200, no second copy); bytes read back identical with their
// type; content that is not the declared type, empty and oversized bodies refused; only
// applicants and clerks upload; an owner and staff read a file, another applicant gets 404;
// 我的材料; and the body limits: 10 MiB for an upload, still 1 MiB for every JSON route.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { createHash, randomBytes } from 'node:crypto';
import { BASE, req, login, assertError, pdfFile, pngFile, idNumber, PASSWORD, DEMO_PERSON, DEMO_ENTERPRISE } from './lib.mjs';

const MiB = 1024 * 1024;
const sha256 = (b) => createHash('sha256').update(b).digest('hex');

// Each file unique to this run, so that the 201s below are first uploads on any store.
const salt = randomBytes(8).toString('hex');
const pdf = pdfFile(salt);

// A JPEG from SOI to EOI: a comment segment (COM) holding `text`, a scan (SOS) and its data.
function jpegWith(text) {
  const t = Buffer.from(text), com = Buffer.from([0xff, 0xfe, 0, 0]);
  com.writeUInt16BE(t.length + 2, 2);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), com, t,
    Buffer.from([0xff, 0xda, 0, 8, 1, 1, 0, 0, 0x3f, 0, 0x12, 0x34, 0xff, 0xd9])]);
}
const jpeg = jpegWith(salt);

const png = pngFile(salt);

// A ZIP of stored entries, as an OFD file is one: local headers, central directory, end record.
function zip(entries) {
  const locals = [], centrals = [];
  let offset = 0;
  for (const [name, text] of entries) {
    const n = Buffer.from(name), data = Buffer.from(text);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4);
    local.writeUInt32LE(data.length, 18); local.writeUInt32LE(data.length, 22); local.writeUInt16LE(n.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0); central.writeUInt16LE(20, 4); central.writeUInt16LE(20, 6);
    central.writeUInt32LE(data.length, 20); central.writeUInt32LE(data.length, 24); central.writeUInt16LE(n.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, n, data);
    centrals.push(central, n);
    offset += 30 + n.length + data.length;
  }
  const cd = Buffer.concat(centrals), end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(entries.length, 8); end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}
const ofd = zip([['OFD.xml', `<ofd:OFD DocType="OFD" Version="1.0" salt="${salt}"/>`], ['Doc_0/Document.xml', '<ofd:Document/>']]);

function upload(token, body, type, name) {
  const q = name === undefined ? '' : `?name=${encodeURIComponent(name)}`;
  return req('POST', `/api/v1/uploads${q}`, { token, raw: body, headers: { 'content-type': type } });
}

// Sends the head of a request with a Content-Length and no body; resolves with what came back.
function headOnly(path, type, length, token) {
  const { hostname: host, port } = new URL(BASE);
  return new Promise((resolve, reject) => {
    const sock = net.connect(Number(port), host.replace(/^\[|\]$/g, ''));
    let data = '';
    sock.on('data', (d) => { data += d; });
    sock.on('close', () => resolve(data));
    sock.on('error', (e) => (data ? resolve(data) : reject(e)));
    sock.write(`POST ${path} HTTP/1.1\r\nHost: test\r\nContent-Type: ${type}\r\nAuthorization: Bearer ${token}\r\n` +
      `Content-Length: ${length}\r\nConnection: close\r\n\r\n%PDF-`);
  });
}

test('each type is taken as the raw body and answered with its SHA-256', async () => {
  const person = await login(DEMO_PERSON);
  for (const [bytes, type, name] of [[pdf, 'application/pdf', '营业执照.pdf'], [jpeg, 'image/jpeg', '身份证 正面.jpg'],
    [png, 'image/png', undefined], [ofd, 'application/ofd', '年报.ofd']]) {
    const r = await upload(person, bytes, type, name);
    assert.equal(r.status, 201, `${type}: ${r.text}`);
    assert.deepEqual(Object.keys(r.json).sort(), ['created_at', 'media_type', 'name', 'sha256', 'size']);
    assert.equal(r.json.sha256, sha256(bytes));
    assert.equal(r.json.size, bytes.length);
    assert.equal(r.json.media_type, type);
    assert.equal(r.json.name, name ?? null);
    // read back: the same bytes with their type
    const back = await fetch(`${BASE}/api/v1/uploads/${r.json.sha256}`, { headers: { authorization: `Bearer ${person}` } });
    assert.equal(back.status, 200);
    assert.equal(back.headers.get('content-type'), type);
    assert.equal(back.headers.get('x-content-type-options'), 'nosniff');
    assert.match(back.headers.get('content-disposition'), /^attachment; filename\*=UTF-8''/);
    if (name) assert.equal(decodeURIComponent(back.headers.get('content-disposition').split("''")[1]), name);
    assert.ok(Buffer.from(await back.arrayBuffer()).equals(bytes));
  }
  // a declared type with parameters and in capitals is still that type
  const r = await upload(person, pdf, 'Application/PDF; charset=binary');
  assert.equal(r.status, 200, r.text);
});

test('the same file twice answers the same and keeps one copy; another account adds its owner row', async () => {
  const person = await login(DEMO_PERSON);
  const enterprise = await login(DEMO_ENTERPRISE);
  const clerk = await login('clerk');
  const file = pdfFile(`${salt} twice`);
  const first = await upload(person, file, 'application/pdf', '申请书.pdf');
  assert.equal(first.status, 201, first.text);
  // a retried submission, even under another name: 200 with the first answer
  const again = await upload(person, file, 'application/pdf', '申请书(1).pdf');
  assert.equal(again.status, 200, again.text);
  assert.deepEqual(again.json, first.json);
  const other = await upload(enterprise, file, 'application/pdf');
  assert.equal(other.status, 201, other.text);
  assert.equal(other.json.sha256, first.json.sha256);
  assert.equal(other.json.name, null);
  // a clerk uploads for an applicant at the window
  assert.equal((await upload(clerk, file, 'application/pdf', '窗口扫描.pdf')).status, 201);
  // 我的材料
  const mine = await req('GET', '/api/v1/uploads?mine=true', { token: person });
  assert.equal(mine.status, 200, mine.text);
  assert.ok(mine.json.total >= 5);
  const row = mine.json.uploads.find((u) => u.sha256 === first.json.sha256);
  assert.deepEqual(row, first.json);
  const theirs = await req('GET', '/api/v1/uploads?mine=true&limit=1', { token: enterprise });
  assert.equal(theirs.json.uploads.length, 1);
  assert.equal(theirs.json.uploads[0].sha256, first.json.sha256);
  assertError(await req('GET', '/api/v1/uploads?mine=false', { token: person }), 422, 'invalid', 'mine');
  assertError(await req('GET', '/api/v1/uploads', { token: person }), 422, 'invalid', 'mine');
});

test('content that is not the declared type, other types and empty files are refused', async () => {
  const person = await login(DEMO_PERSON);
  const mistyped = await upload(person, png, 'application/pdf');
  const e = assertError(mistyped, 415, 'unsupported_media_type', 'file');
  assert.equal(e.reason, 'upload_type_mismatch');
  assert.match(e.message, /application\/pdf/);
  assert.match(e.message, /image\/png/);
  const en = await req('POST', '/api/v1/uploads', { token: person, raw: png,
    headers: { 'content-type': 'application/pdf', 'accept-language': 'en' } });
  assert.match(en.json.error.message, /declared as application\/pdf, but its content is image\/png/);
  // a ZIP without OFD.xml at its root is no OFD; a GIF is nothing accepted
  const notOfd = await upload(person, zip([['Doc_0/OFD.xml', '<x/>']]), 'application/ofd');
  assert.match(assertError(notOfd, 415, 'unsupported_media_type').message, /application\/zip/);
  assert.equal(assertError(await upload(person, Buffer.from('GIF89a....'), 'image/png'), 415, 'unsupported_media_type').reason,
    'upload_type_mismatch');
  // types the route does not take, JSON included
  for (const type of ['image/gif', 'text/plain', 'application/json', 'multipart/form-data; boundary=x'])
    assert.equal(assertError(await upload(person, pdf, type), 415, 'unsupported_media_type').reason, 'body_media_types');
  assert.equal(assertError(await upload(person, Buffer.alloc(0), 'application/pdf'), 422, 'invalid', 'file').reason,
    'upload_empty');
  // the name: declared in the query string, without control characters, not too long
  assertError(await upload(person, pdf, 'application/pdf', 'a\nb.pdf'), 422, 'invalid', 'name');
  assertError(await upload(person, pdf, 'application/pdf', 'x'.repeat(201)), 422, 'invalid', 'name');
  assertError(await req('POST', '/api/v1/uploads?other=1', { token: person, raw: pdf,
    headers: { 'content-type': 'application/pdf' } }), 422, 'invalid', 'other');
});

test('a file that is also something else, or cut short, is refused: a PDF is a PDF to its end', async () => {
  const person = await login(DEMO_PERSON);
  const refused = async (bytes, type, what) => {
    const e = assertError(await upload(person, bytes, type), 415, 'unsupported_media_type', 'file');
    assert.equal(e.reason, 'upload_type_mismatch', what);
  };
  // "%PDF-" and then an HTML page (what a browser would run), ended as a PDF or not
  await refused(Buffer.from(`%PDF-1.7\n<html><body><script>alert('${salt}')</script></body></html>\n`), 'application/pdf',
    'html only');
  await refused(Buffer.from(`%PDF-1.7\n<html><body><script>alert('${salt}')</script></body></html>\nstartxref\n0\n%%EOF\n`),
    'application/pdf', 'html with a trailer');
  // a PDF with a ZIP after it, or before its trailer; a PDF without %%EOF or startxref
  const ofdZip = zip([['OFD.xml', '<x/>']]);
  await refused(Buffer.concat([pdf, ofdZip]), 'application/pdf', 'pdf then zip');
  const cut = pdf.length - 'startxref\n'.length - 20;
  await refused(Buffer.concat([pdf.subarray(0, cut), Buffer.alloc(2000, 0x20), ofdZip, pdf.subarray(cut)]), 'application/pdf',
    'zip inside a pdf');
  await refused(pdf.subarray(0, pdf.length - 6), 'application/pdf', 'no %%EOF');
  await refused(Buffer.from(`%PDF-1.7\n% ${salt}\ntrailer<<>>\n%%EOF\n`), 'application/pdf', 'no startxref');
  // a JPEG or a PNG with something after its end, an OFD with an HTML page appended
  await refused(Buffer.concat([jpeg, Buffer.from('<html>')]), 'image/jpeg', 'after EOI');
  await refused(jpeg.subarray(0, jpeg.length - 2), 'image/jpeg', 'no EOI');
  await refused(Buffer.concat([png, ofdZip]), 'image/png', 'after IEND');
  await refused(png.subarray(0, png.length - 12), 'image/png', 'no IEND');
  await refused(Buffer.concat([ofd, Buffer.from('<html><script>1</script></html>')]), 'application/ofd', 'after the end record');
});

test('applicants, clerks, officers and admins upload; owners and staff read, others get 404', async () => {
  const person = await login(DEMO_PERSON);
  const enterprise = await login(DEMO_ENTERPRISE);
  assertError(await upload(undefined, pdf, 'application/pdf'), 401, 'unauthenticated');
  // a supervisor decides nothing that rests on a document; an officer does (a 普通注销's 清算报告)
  assertError(await upload(await login('supervisor'), pdf, 'application/pdf'), 403, 'forbidden');
  for (const who of ['officer', 'admin']) {
    const own = await upload(await login(who), pdfFile(`${salt} ${who}'s document`), 'application/pdf', '清算报告.pdf');
    assert.ok([200, 201].includes(own.status), `${who}: ${own.text}`);
  }
  const secret = jpegWith(`${salt} private`);
  const r = await upload(person, secret, 'image/jpeg', '户口本.jpg');
  assert.equal(r.status, 201, r.text);
  const path = `/api/v1/uploads/${r.json.sha256}`;
  assertError(await req('GET', path), 401, 'unauthenticated');
  assertError(await req('GET', path, { token: enterprise }), 404, 'not_found');
  for (const who of ['clerk', 'officer', 'supervisor', 'admin']) {
    const back = await req('GET', path, { token: await login(who) });
    assert.equal(back.status, 200, `${who}: ${back.text}`);
    assert.equal(back.headers.get('content-type'), 'image/jpeg');
  }
  assertError(await req('GET', `/api/v1/uploads/${'0'.repeat(64)}`, { token: person }), 404, 'not_found');
  assertError(await req('GET', '/api/v1/uploads/not-a-hash', { token: await login('officer') }), 404, 'not_found');
});

test('an upload takes up to 10 MiB; every JSON route still at most 1 MiB', async () => {
  const person = await login(DEMO_PERSON);
  // exactly the limit is taken, and hashed right
  // a header line whose comment runs on in spaces to a small PDF at the end
  const big = Buffer.alloc(10 * MiB, 0x20);
  Buffer.from('%PDF-1.4\n%').copy(big);
  const end = pdfFile(salt + 'big');
  end.copy(big, big.length - end.length);
  const r = await upload(person, big, 'application/pdf', 'big.pdf');
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.sha256, sha256(big));
  assert.equal(r.json.size, 10 * MiB);
  // over it: refused by its length, before the body is read
  assert.match(await headOnly('/api/v1/uploads', 'application/pdf', 10 * MiB + 1, person), /^HTTP\/1\.1 413 /);
  // a JSON body of 2 MiB to another route: read, then refused by that route's limit
  const json = JSON.stringify({ login: 'x'.repeat(2 * MiB), password: 'y' });
  const e = assertError(await req('POST', '/api/v1/session', { raw: json }), 413, 'too_large');
  assert.equal(e.reason, 'body_too_large');
  // and a 2 MiB file to a JSON route is as much too large as it is the wrong type
  assertError(await req('POST', '/api/v1/accounts', { token: await login('admin'), raw: big.subarray(0, 2 * MiB),
    headers: { 'content-type': 'application/pdf' } }), 413, 'too_large');
});

// A person who registered just now (anyone may), logged in: a quota of its own.
async function newPerson(seq) {
  const id = idNumber(`37021119900101${String(seq).padStart(3, '0')}`);
  const r = await req('POST', '/api/v1/accounts', {
    body: { kind: 'person', name: '李四', id_number: id, phone: '13700000000', password: PASSWORD } });
  assert.equal(r.status, 201, r.text);
  return login(id);
}

test('an account uploads at most 100 new files a day: the 101st gets 429 and changes nothing', async () => {
  const person = await newPerson(101);
  const files = Array.from({ length: 100 }, (_, i) => pdfFile(`${salt} quota ${i}`));
  for (let i = 0; i < files.length; i += 10) {
    const batch = await Promise.all(files.slice(i, i + 10).map((f) => upload(person, f, 'application/pdf')));
    for (const r of batch) assert.equal(r.status, 201, r.text);
  }
  const more = pdfFile(`${salt} one more`);
  const e = assertError(await upload(person, more, 'application/pdf'), 429, 'rate_limited', 'file');
  assert.equal(e.reason, 'upload_quota_files');
  assert.equal(e.message, '此账号今日已上传100个文件，达到每日上限，请明天再试');
  const en = await req('POST', '/api/v1/uploads', { token: person, raw: more,
    headers: { 'content-type': 'application/pdf', 'accept-language': 'en' } });
  assert.equal(en.json.error.message, 'this account has uploaded 100 files today, the most a day; try again tomorrow');
  const mine = await req('GET', '/api/v1/uploads?mine=true&limit=1', { token: person });
  assert.equal(mine.json.total, 100);
  assertError(await req('GET', `/api/v1/uploads/${sha256(more)}`, { token: await login('officer') }), 404, 'not_found');
  // a retry of a file it has counts nothing and still answers
  assert.equal((await upload(person, files[0], 'application/pdf')).status, 200);
  // another account is not held back by this one's quota
  assert.equal((await upload(await newPerson(102), more, 'application/pdf')).status, 201);
});

test('an account uploads at most 100 MiB a day: a file past it gets 429', async () => {
  const person = await newPerson(103);
  const tenMiB = (i) => {
    const big = Buffer.alloc(10 * MiB, 0x20);
    Buffer.from('%PDF-1.4\n%').copy(big);
    const end = pdfFile(`${salt} day bytes ${i}`);
    end.copy(big, big.length - end.length);
    return big;
  };
  for (let i = 0; i < 10; i++) {
    const r = await upload(person, tenMiB(i), 'application/pdf');
    assert.equal(r.status, 201, `file ${i}: ${r.text}`);
  }
  const e = assertError(await upload(person, pdfFile(`${salt} a small one`), 'application/pdf'), 429, 'rate_limited', 'file');
  assert.equal(e.reason, 'upload_quota_day_bytes');
  assert.match(e.message, /每日上传的文件合计不能超过100 MiB/);
  assert.equal((await req('GET', '/api/v1/uploads?mine=true&limit=1', { token: person })).json.total, 10);
});
