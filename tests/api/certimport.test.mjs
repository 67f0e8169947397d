// Importing existing certificates over HTTP (issue 16, docs/certificates.md): an officer posts a
// CSV or JSON-lines file as the raw body and is answered 202 with the job that imports it; the
// job's result counts what was imported, what was there already and the bad rows by line, in
// Chinese and English; a second post of the same file changes nothing; an officer's rows of
// another department's types are refused one by one; applicants and clerks may not import; a
// file of another type is 415 and one past 10 MiB 413. On both stores.
import { test } from 'node:test';
import net from 'node:net';
import assert from 'node:assert/strict';
import { req, login, assertError, uscc, BASE, DEMO_ENTERPRISE, DEMO_PERSON } from './lib.mjs';

const run = Date.now().toString(36).toUpperCase();
const HEADER = 'type,number,holder,holder_name,valid_from,valid_until,entity.name,food.items';

async function post(who, body, type = 'text/csv') {
  const token = who ? await login(who) : undefined;
  return req('POST', '/api/v1/cert-imports', { token, raw: body, headers: { 'content-type': type } });
}

// Posts a file and follows its job to the end; returns the job.
async function importFile(who, body, type) {
  const r = await post(who, body, type);
  assert.equal(r.status, 202, r.text);
  let job = r.json.job;
  assert.equal(job.kind, 'cert.import');
  assert.ok(['queued', 'running', 'done'].includes(job.state), r.text);
  assert.ok(job.progress && 'done' in job.progress && 'total' in job.progress && 'note' in job.progress, r.text);
  const token = await login(who);
  for (let i = 0; i < 300 && (job.state === 'queued' || job.state === 'running'); i++) {
    await new Promise((ok) => setTimeout(ok, 100));
    job = (await req('GET', `/api/v1/jobs/${job.id}`, { token })).json;
  }
  assert.equal(job.state, 'done', JSON.stringify(job));
  assert.equal(job.progress.done, job.progress.total);
  return job;
}

async function certificates(who, holder) {
  const r = await req('GET', `/api/v1/certificates?holder=${holder}&limit=200`, { token: await login(who) });
  assert.equal(r.status, 200, r.text);
  return r.json.certificates;
}

test('an officer imports a CSV file: the good rows imported, the bad ones named by line in Chinese and English; again, nothing changes', async () => {
  const csv = [
    HEADER,
    `营业执照,YZ-${run}-1,${DEMO_ENTERPRISE},青岛海川数字科技有限公司,2019-05-01,,青岛海川数字科技有限公司,`,
    `营业执照,YZ-${run}-2,91370202MA3CXK7TXA,校验码不对的公司,,,,`,
    `SPJY,JY-${run}-3,${DEMO_ENTERPRISE},"青岛海川数字科技有限公司",2022-01-01,2021-06-30,,"热食类
食品制售"`,
    `食品经营许可证,JY-${run}-4,${DEMO_ENTERPRISE},青岛海川数字科技有限公司,2022-01-01,2027-01-01,,"热食类
食品制售"`,
    `营业执照,YZ-${run}-5,${DEMO_ENTERPRISE},青岛海川数字科技有限公司,,,,,`,
  ].join('\n') + '\n';
  const before = (await certificates('officer', DEMO_ENTERPRISE)).length;
  const job = await importFile('officer', csv);
  assert.deepEqual({ imported: job.result.imported, already: job.result.already, bad_count: job.result.bad_count },
    { imported: 2, already: 0, bad_count: 3 }, JSON.stringify(job.result));
  const bad = Object.fromEntries(job.result.bad.map((b) => [b.line, b]));
  assert.deepEqual(Object.keys(bad).map(Number), [3, 4, 8], JSON.stringify(job.result.bad));
  assert.equal(bad[3].field, 'holder');
  assert.match(bad[3].message, /统一社会信用代码/);
  assert.match(bad[3].message_en, /USCC/);
  assert.equal(bad[4].field, 'valid_until');
  assert.match(bad[4].message, /有效期至应晚于有效期起/);
  assert.match(bad[8].message_en, /this row has 9 columns, the header 8/);
  const after = await certificates('officer', DEMO_ENTERPRISE);
  assert.equal(after.length, before + 2);
  const licence = after.find((c) => c.number === `YZ-${run}-1`);
  assert.equal(licence.source, 'imported');
  assert.equal(licence.status, 'valid');
  assert.equal(licence.valid_from.slice(0, 10), '2019-04-30'); // the start of 2019-05-01 in Beijing, in UTC
  const food = after.find((c) => c.number === `JY-${run}-4`);
  assert.equal(food.fields['food.items'], '热食类\n食品制售');
  // the credential verifies
  const full = await req('GET', `/api/v1/certificates/${licence.id}`, { token: await login('officer') });
  const v = await req('POST', '/api/v1/verify', { raw: full.json.credential, headers: { 'content-type': 'application/vc+jwt' } });
  assert.equal(v.json.result, 'valid', v.text);

  const again = await importFile('officer', csv);
  assert.deepEqual({ imported: again.result.imported, already: again.result.already, bad_count: again.result.bad_count },
    { imported: 0, already: 2, bad_count: 3 }, JSON.stringify(again.result));
  assert.equal((await certificates('officer', DEMO_ENTERPRISE)).length, before + 2);
});

test('JSON lines: an administrator imports any department\'s types; an officer\'s rows of another department\'s type are refused one by one', async () => {
  const lines = (prefix) => [
    { type: '营业执照', number: `YZ-${prefix}-J1`, holder: DEMO_ENTERPRISE, holder_name: '青岛海川数字科技有限公司' },
    { type: '公共场所卫生许可证', number: `WS-${prefix}-J2`, holder: DEMO_ENTERPRISE, holder_name: '青岛海川数字科技有限公司',
      fields: { 'hygiene.items': '住宿' } },
  ].map((o) => JSON.stringify(o)).join('\n') + '\n';
  const officer = await importFile('officer', lines(`${run}O`), 'application/x-ndjson');
  assert.equal(officer.result.imported, 1, JSON.stringify(officer.result));
  assert.equal(officer.result.bad_count, 1);
  assert.equal(officer.result.bad[0].line, 2);
  assert.match(officer.result.bad[0].message, /只有青岛市卫生健康委员会的审批人员/);
  const admin = await importFile('admin', lines(`${run}A`), 'application/x-ndjson');
  assert.deepEqual([admin.result.imported, admin.result.bad_count], [2, 0], JSON.stringify(admin.result));
  // a line that is not JSON, a member that is not a certificate's
  const broken = await importFile('admin', `{"type":"营业执照"\n\n{"type":"营业执照","number":"x","colour":"red"}\n`,
    'application/x-ndjson');
  assert.deepEqual(broken.result.bad.map((b) => b.line), [1, 3], JSON.stringify(broken.result));
  assert.match(broken.result.bad[1].message, /colour/);
});

test('who may import: officers and administrators; applicants and clerks 403, nobody 401', async () => {
  const csv = `${HEADER}\n营业执照,YZ-${run}-R,${DEMO_ENTERPRISE},青岛海川数字科技有限公司,,,,\n`;
  assertError(await post(DEMO_PERSON, csv), 403, 'forbidden');
  assertError(await post('clerk', csv), 403, 'forbidden');
  assertError(await post(null, csv), 401, 'unauthenticated');
  const certs = await certificates('officer', DEMO_ENTERPRISE);
  assert.ok(!certs.some((c) => c.number === `YZ-${run}-R`));
});

// The answer to a post whose length alone is too much: the server answers before the body, so
// the body is never sent (a client still writing it might see the connection close first).
function lengthOnly(length, token) {
  const { hostname: host, port } = new URL(BASE);
  return new Promise((resolve, reject) => {
    const sock = net.connect(Number(port), host.replace(/^\[|\]$/g, ''));
    let data = '';
    sock.on('data', (d) => { data += d; });
    sock.on('close', () => resolve(data));
    sock.on('error', (e) => (data ? resolve(data) : reject(e)));
    sock.write(`POST /api/v1/cert-imports HTTP/1.1\r\nHost: test\r\nContent-Type: text/csv\r\nAuthorization: Bearer ${token}\r\n` +
      `Content-Length: ${length}\r\nConnection: close\r\n\r\n${HEADER}\n`);
  });
}

test('a file of another type is 415, an empty one 422, one past 10 MiB 413', async () => {
  const csv = `${HEADER}\n`;
  assertError(await post('officer', csv, 'application/json'), 415, 'unsupported_media_type');
  assertError(await post('officer', csv, 'application/vnd.ms-excel'), 415, 'unsupported_media_type');
  const r = await post('officer', '', 'text/csv');
  assert.ok(r.status === 422 || r.status === 400, r.text);
  assert.match(await lengthOnly(10 * 1024 * 1024 + 1, await login('officer')), /^HTTP\/1\.1 413 /);
});

test('a file whose header is wrong fails its job, saying how the header goes', async () => {
  const r = await post('officer', 'number,holder\n1,2\n');
  assert.equal(r.status, 202, r.text);
  const token = await login('officer');
  let job = r.json.job;
  for (let i = 0; i < 300 && (job.state === 'queued' || job.state === 'running'); i++) {
    await new Promise((ok) => setTimeout(ok, 100));
    job = (await req('GET', `/api/v1/jobs/${job.id}`, { token })).json;
  }
  assert.equal(job.state, 'failed', JSON.stringify(job));
  assert.match(job.error, /表头/);
});

test('an import is audited once a batch: one entry names every certificate it wrote', async () => {
  const holder = uscc('91370214', 'MA0AU0D1');
  const rows = ['type,number,holder,holder_name,valid_from,valid_until,entity.name'];
  for (let i = 1; i <= 3; i++) rows.push(`营业执照,AUD${Date.now()}${i},${holder},青岛审计导入${i}有限公司,2020-01-0${i},,青岛审计导入${i}有限公司`);
  const job = await importFile('admin', rows.join('\n') + '\n');
  assert.equal(job.result.imported, 3, JSON.stringify(job));
  const r = await req('GET', '/api/v1/audit?limit=50', { token: await login('admin') });
  assert.equal(r.status, 200, r.text);
  const entry = r.json.entries.find((e) => e.action === 'cert.import' && e.object_type === 'certificate_batch' &&
    (e.after?.certificates || []).some((c) => c.holder === '青岛审计导入1有限公司'));
  assert.ok(entry, r.text.slice(0, 2000));
  assert.equal(entry.after.certificates.length, 3);
  for (const c of entry.after.certificates) assert.match(c.identifier, /^1\.2\.156\.3005\.2\.YYZZ\./);
});
