// The working-day calendar over HTTP: answers across holidays; past the official calendar the
// ordinary rule, marked provisional; an administrator loads a year's arrangement (a dry run
// first) and the same question then answers a later date, officially; a year loaded by another
// process (the command line) counts at the next request without a restart; bad files refused
// naming the line, and nothing changed; the audit log keeps before and after.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { req, login, assertError } from './lib.mjs';

// a made-up 2027 arrangement in the form of the State Council's notice (not the real one)
const TSV_2027 = readFileSync(new URL('../data/calendar-2027-fictional.tsv', import.meta.url), 'utf8');
const HEADER = 'date\tkind\tname\n';
const FIXED = (y) => [`${y}-01-01`, `${y}-05-01`, `${y}-10-01`, `${y}-10-02`, `${y}-10-03`]
  .map((d) => `${d}\tholiday\tStatutory\n`).join('');
const load = async (body, token, headers = {}) =>
  req('POST', '/api/v1/calendar/years', { token: token ?? await login('admin'), body, headers });
const issueQuestion = () => req('GET', '/api/v1/calendar/add?from=2026-12-28&days=5');

test('working days: due dates, counts and days across holidays, official', async () => {
  let r = await req('GET', '/api/v1/calendar/add?from=2024-02-08&days=3');
  assert.equal(r.status, 200);
  assert.equal(r.json.due, '2024-02-19');
  assert.equal(r.json.provisional, false);
  assert.equal(r.json.missing_year, null);
  r = await req('GET', '/api/v1/calendar/add?from=2024-09-27&days=3');
  assert.equal(r.json.due, '2024-10-08');
  r = await req('GET', '/api/v1/calendar/count?from=2025-01-27&to=2025-02-07');
  assert.equal(r.json.working_days, 3);
  assert.equal(r.json.provisional, false);
  r = await req('GET', '/api/v1/calendar/days/2024-02-18');
  assert.equal(r.json.working_day, true); // a make-up Sunday
  r = await req('GET', '/api/v1/calendar/days/2024-10-03');
  assert.equal(r.json.working_day, false);
  assert.equal(r.json.provisional, false);
});

test('a date in the wrong format names the parameter; before 2004 is out_of_range', async () => {
  const e = assertError(await req('GET', '/api/v1/calendar/add?from=2024/02/08&days=3'), 422, 'invalid', 'from');
  assert.match(e.message, /YYYY-MM-DD/);
  assertError(await req('GET', '/api/v1/calendar/add?from=2024-02-30&days=3'), 422, 'invalid', 'from');
  assertError(await req('GET', '/api/v1/calendar/add?from=2024-02-08'), 422, 'invalid', 'days');
  assertError(await req('GET', '/api/v1/calendar/add?from=2024-02-08&days=ten'), 422, 'invalid', 'days');
  assertError(await req('GET', '/api/v1/calendar/add?from=2024-02-08&days=3651'), 422, 'invalid', 'days');
  assertError(await req('GET', '/api/v1/calendar/days/tomorrow'), 422, 'invalid', 'date');
  const r = assertError(await req('GET', '/api/v1/calendar/days/2003-12-31'), 422, 'out_of_range', 'date');
  assert.equal(r.reason, 'calendar_before_start');
  assert.equal(r.message, '工作日历从2004-01-01开始，2003-12-31早于此日期');
  // a day outside the calendar is named like any bad input: the parameter that holds it
  const from = assertError(await req('GET', '/api/v1/calendar/count?from=1900-01-01&to=2024-02-08'), 422, 'out_of_range', 'from');
  assert.equal(from.reason, 'calendar_before_start');
  assert.equal(from.message, '工作日历从2004-01-01开始，1900-01-01早于此日期');
  assertError(await req('GET', '/api/v1/calendar/count?from=2024-02-08&to=1900-01-01'), 422, 'out_of_range', 'to');
  assertError(await req('GET', '/api/v1/calendar/add?from=1900-01-01&days=3'), 422, 'out_of_range', 'from');
  assertError(await req('GET', '/api/v1/calendar/add?from=2004-01-05&days=-10'), 422, 'out_of_range', 'days');
  assert.equal(assertError(await req('GET', '/api/v1/calendar/years/27'), 422, 'invalid', 'year').reason, 'field_format');
  const unloaded = assertError(await req('GET', '/api/v1/calendar/years/2027'), 404, 'not_found', 'year');
  assert.equal(unloaded.reason, 'calendar_year_not_loaded');
  assert.equal(unloaded.message, '2027年的节假日安排未加载；工作日历覆盖2004至2026年');
});

test('past the official calendar: the ordinary rule, marked provisional', async () => {
  let r = await issueQuestion();
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.due, '2027-01-04'); // 12-29, 12-30, 12-31, 01-01 (a Friday), 01-04
  assert.equal(r.json.provisional, true);
  assert.equal(r.json.missing_year, 2027);
  assert.equal(r.json.official_until, '2026-12-24');
  r = await req('GET', '/api/v1/calendar/days/2027-01-01');
  assert.deepEqual([r.json.working_day, r.json.provisional], [true, true]);
  r = await req('GET', '/api/v1/calendar/count?from=2026-12-01&to=2027-01-10');
  assert.deepEqual([r.json.working_days, r.json.provisional], [28, true]);
  r = await req('GET', '/api/v1/calendar/count?from=2026-12-01&to=2026-12-24');
  assert.deepEqual([r.json.working_days, r.json.provisional], [17, false]);
  const y = await req('GET', '/api/v1/calendar/years');
  assert.equal(y.json.first_year, 2004);
  assert.equal(y.json.last_year, 2026);
  assert.equal(y.json.years.length, 23);
  assert.deepEqual(y.json.years.at(-1), { year: 2026, source: 'built-in', source_name: null, loaded_at: null, holidays: 33, workdays: 6 });
});

test('only an administrator loads a year, with a JSON body', async () => {
  const body = { year: 2027, tsv: TSV_2027 };
  assertError(await load(body, await login('supervisor')), 403, 'forbidden');
  assertError(await load(body, await login('clerk')), 403, 'forbidden');
  assertError(await req('POST', '/api/v1/calendar/years', { body }), 401, 'unauthenticated');
  assertError(await req('POST', '/api/v1/calendar/years', {
    token: await login('admin'), raw: JSON.stringify(body), headers: { 'content-type': 'text/plain' },
  }), 415, 'unsupported_media_type');
  assertError(await load({ year: 2027 }), 422, 'invalid', 'tsv');
  assertError(await load({ ...body, year: 2003 }), 422, 'invalid', 'year');
  assertError(await load({ ...body, year: '2027' }), 422, 'invalid', 'year');
  assertError(await load({ ...body, roles: 'admin' }), 422, 'invalid');
  assertError(await load({ ...body, tsv: 'x'.repeat(64 * 1024 + 1) }), 422, 'invalid', 'tsv');
  assert.equal((await issueQuestion()).json.provisional, true);
});

test('a bad file is refused naming the line, and changes nothing', async () => {
  const bad = async (tsv, reason, pattern, year = 2027) => {
    // the English message, as an English page asks for it (the Chinese one names 第N行)
    const e = assertError(await load({ year, tsv }, undefined, { 'accept-language': 'en' }), 422, 'invalid', 'tsv');
    assert.equal(e.reason, reason);
    assert.match(e.message, pattern);
  };
  await bad(TSV_2027.replace('2027-02-20\tworkday', '2027-02-30\tworkday'), 'calendar_date', /line 10: "2027-02-30" is not a real date/);
  await bad(TSV_2027.replace('2027-02-20\tworkday', '2027-02-22\tworkday'), 'calendar_workday_weekday',
    /line 10: 2027-02-22 is a weekday; a make-up working day is a Saturday or Sunday/);
  await bad(TSV_2027 + '2027-05-03\tholiday\tLabourDay\n', 'calendar_day_repeated', /line 24: 2027-05-03 is already listed on line 13/);
  await bad(TSV_2027 + '2028-01-01\tholiday\tNewYear\n', 'calendar_other_year', /line 24: 2028-01-01 is not in the arrangement for 2027/);
  await bad(TSV_2027, 'calendar_other_year', /line 2: 2027-01-01 is not in the arrangement for 2028/, 2028);
  await bad(TSV_2027.replace('2027-10-02\tholiday\tNationalDay\n', ''), 'calendar_statutory_holiday',
    /2027-10-02, National Day, is a statutory holiday/);
  await bad(TSV_2027.replace('date\tkind\tname', 'date,kind,name'), 'calendar_header', /line 1: the first line must be the header/);
  await bad(TSV_2027.replace('\tSpringFestival\n2027-02-20', '\tSpring\tFestival\n2027-02-20'), 'calendar_columns',
    /line 9: expected three tab-separated fields/);
  // the Chinese message names the line as 第N行
  const zh = assertError(await load({ year: 2027, tsv: TSV_2027.replace('2027-02-20\tworkday', '2027-02-22\tworkday') }), 422, 'invalid', 'tsv');
  assert.equal(zh.message, '第10行：2027-02-22是工作日（周一至周五），调休上班日只能是周六或周日');
  // a year after a gap: the field is the year
  const e = assertError(await load({ year: 2028, tsv: HEADER + FIXED(2028) }, undefined, { 'accept-language': 'en' }), 422, 'invalid', 'year');
  assert.equal(e.reason, 'calendar_year_gap');
  assert.match(e.message, /load the arrangement for 2027 first/);
  assert.equal((await issueQuestion()).json.provisional, true);
  assert.equal((await req('GET', '/api/v1/calendar/years')).json.last_year, 2026);
});

test('a dry run checks the file and saves nothing', async () => {
  const r = await load({ year: 2027, tsv: TSV_2027, source_name: '国办发明电〔2026〕x号.tsv', dry_run: true });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.dry_run, true);
  assert.equal(r.json.replaced, false);
  assert.deepEqual([r.json.holidays, r.json.workdays, r.json.last_year], [20, 2, 2027]);
  assert.equal(r.json.days.length, 22);
  assert.deepEqual(r.json.days[8], { date: '2027-02-20', weekday: 6, kind: 'workday', name: 'SpringFestival' });
  assert.equal((await issueQuestion()).json.provisional, true);
});

test('loading 2027: the same question answers a later date, officially', async () => {
  const before = await issueQuestion();
  const r = await load({ year: 2027, tsv: TSV_2027, source_name: 'calendar-2027.tsv' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.dry_run, false);
  assert.equal(r.json.replaced, false);
  const after = await issueQuestion();
  assert.equal(before.json.due, '2027-01-04');
  assert.equal(after.json.due, '2027-01-05'); // 01-01 is a holiday now
  assert.equal(after.json.provisional, false);
  assert.equal(after.json.missing_year, null);
  assert.equal(after.json.official_until, '2027-12-24');
  let d = await req('GET', '/api/v1/calendar/days/2027-01-01');
  assert.deepEqual([d.json.working_day, d.json.provisional], [false, false]);
  d = await req('GET', '/api/v1/calendar/days/2027-02-20');
  assert.deepEqual([d.json.working_day, d.json.provisional], [true, false]); // a make-up Saturday
  const c = await req('GET', '/api/v1/calendar/count?from=2026-12-01&to=2027-01-10');
  assert.deepEqual([c.json.working_days, c.json.provisional], [27, false]);
  const years = await req('GET', '/api/v1/calendar/years');
  assert.equal(years.json.last_year, 2027);
  const y = years.json.years.at(-1);
  assert.deepEqual([y.year, y.source, y.source_name, y.holidays, y.workdays], [2027, 'loaded', 'calendar-2027.tsv', 20, 2]);
  assert.match(y.loaded_at, /^\d{4}-\d\d-\d\dT/);
  const one = await req('GET', '/api/v1/calendar/years/2027');
  assert.equal(one.json.days.length, 22);
  assert.equal(one.json.days[0].date, '2027-01-01');
  // 2028 may follow now; past it, provisional again
  assert.equal((await req('GET', '/api/v1/calendar/add?from=2027-12-20&days=10')).json.missing_year, 2028);
});

test('a year loaded through the command line counts at the next request, and the audit log keeps before and after', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'yw-cal-'));
  try {
    const file = join(dir, 'calendar-2027-revised.tsv');
    writeFileSync(file, TSV_2027.replace('2027-01-01\tholiday\tNewYear\n', '2027-01-01\tholiday\tNewYear\n2027-01-04\tholiday\tNewYear\n'));
    const out = execFileSync(process.env.YW_BIN, ['calendar', 'load', file, '--db', process.env.YW_DB], { encoding: 'utf8' });
    assert.match(out, /2027: 21 holidays, 2 make-up working days; loaded \(replacing the arrangement loaded before\)/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  // no restart: the running server answers with the new arrangement
  const r = await issueQuestion();
  assert.deepEqual([r.json.due, r.json.provisional], ['2027-01-06', false]);
  const years = await req('GET', '/api/v1/calendar/years');
  assert.equal(years.json.years.at(-1).source_name, 'calendar-2027-revised.tsv');
  const audit = await req('GET', '/api/v1/audit?object_type=calendar_year&object_id=2027', { token: await login('admin') });
  assert.equal(audit.status, 200, audit.text);
  assert.equal(audit.json.entries.length, 2);
  const [second, first] = audit.json.entries;
  assert.equal(second.action, 'calendar.load');
  assert.equal(first.before, null);
  assert.equal(first.after.days.length, 22);
  assert.equal(second.before.days.length, 22);
  assert.equal(second.after.days.length, 23);
  assert.ok(second.after.days.some((x) => x.date === '2027-01-04' && x.kind === 'holiday'));
  assert.ok(!second.before.days.some((x) => x.date === '2027-01-04'));
  // the chain is still whole
  assert.equal((await req('GET', '/api/v1/audit/verify', { token: await login('admin') })).json.intact, true);
});
