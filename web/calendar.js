// The working-day calendar page: the years the calendar covers and how far it is official; a
// due-date calculator whose answer says when it is provisional; and, for administrators,
// loading a year's official arrangement (the State Council's notice as TSV): a check first
// (nothing saved), then the load. Every call goes to /api/v1/calendar/…; errors are shown as
// the server words them, naming the line of the file.
'use strict';

let checked = null; // {year, tsv, source_name} of the last successful check
let lastDue = null; // the last question asked, asked again after a load
let lastCheck = null; // the answer of the last check, shown again in another language

let lastMessage = null; // {key, vars} of the message shown, shown again in another language

function sayT(key, vars) {
  say(t(key, vars));
  lastMessage = { key, vars };
}

const fail = (res) => { lastMessage = null; showApiError(res); };

/* ---- the years ---- */

async function loadYears() {
  const res = await api('GET', '/api/v1/calendar/years');
  if (res.status !== 200) return fail(res);
  const y = res.body;
  $('coverage').textContent = t('cal.coverage', { first: y.first_year, until: y.official_until, next: y.last_year + 1 });
  $('coverage').dataset.lastYear = y.last_year;
  if (!$('l-year').value || Number($('l-year').value) <= y.last_year) $('l-year').value = y.last_year + 1;
  const tb = $('years-table').tBodies[0];
  tb.replaceChildren();
  for (const r of [...y.years].reverse()) {
    const source = r.source === 'loaded'
      ? t('cal.source.loaded', { at: cityTime(r.loaded_at), file: r.source_name || '—' })
      : t('cal.source.builtin');
    tb.append(el('tr', { 'data-year': r.year, class: r.source === 'loaded' ? 'loaded' : '' },
      el('td', {}, String(r.year)), el('td', {}, source), el('td', {}, String(r.holidays)), el('td', {}, String(r.workdays))));
  }
}

/* ---- due dates ---- */

async function askDue(from, days) {
  const res = await api('GET', `/api/v1/calendar/add?from=${encodeURIComponent(from)}&days=${encodeURIComponent(days)}`);
  const out = $('due-result');
  if (res.status !== 200) {
    out.hidden = true;
    return fail(res);
  }
  lastDue = { from, days };
  const r = res.body;
  out.replaceChildren(
    el('span', { class: 'due-date' }, t('cal.due.result', { due: r.due })), ' ',
    el('span', { class: `badge ${r.provisional ? 'provisional' : 'done'}` },
      r.provisional ? t('cal.due.provisional', { year: r.missing_year }) : t('cal.due.official')));
  out.dataset.provisional = String(r.provisional);
  out.hidden = false;
}

async function submitDue(ev) {
  ev.preventDefault();
  say('');
  lastMessage = null;
  await askDue($('d-from').value, $('d-days').value);
}

/* ---- loading a year ---- */

function uncheck() {
  checked = null;
  $('l-save').disabled = true;
}

async function readFile() {
  const f = $('l-file').files[0];
  if (!f) return;
  try {
    $('l-text').value = new TextDecoder('utf-8', { fatal: true }).decode(await f.arrayBuffer());
  } catch {
    $('l-text').value = '';
    $('error').textContent = t('cal.load.notutf8');
    $('error').hidden = false;
  }
  uncheck();
}

function showCheck(r) {
  lastCheck = r;
  let counts = t('cal.load.counts', { year: r.year, holidays: r.holidays, workdays: r.workdays });
  if (r.replaced) counts += ' ' + t(r.replaced_source === 'loaded' ? 'cal.load.replaces.loaded' : 'cal.load.replaces.builtin');
  $('check-counts').textContent = counts;
  const tb = $('check-table').tBodies[0];
  tb.replaceChildren();
  for (const d of r.days)
    tb.append(el('tr', { class: d.kind }, el('td', {}, d.date), el('td', {}, t(`cal.weekday.${d.weekday}`)),
      el('td', {}, t(`cal.kind.${d.kind}`)), el('td', {}, d.name)));
  $('check-result').hidden = false;
}

async function checkYear(ev) {
  ev.preventDefault();
  say('');
  lastMessage = null;
  uncheck();
  $('check-result').hidden = true;
  const tsv = $('l-text').value;
  if (!tsv.trim()) {
    $('error').textContent = t('cal.load.nofile');
    $('error').hidden = false;
    return;
  }
  const body = { year: Number($('l-year').value), tsv, dry_run: true };
  const f = $('l-file').files[0];
  if (f) body.source_name = f.name;
  const res = await busy($('l-check'), () => api('POST', '/api/v1/calendar/years', body));
  if (!res) return;
  if (res.status !== 200) return fail(res);
  showCheck(res.body);
  checked = { year: body.year, tsv, source_name: body.source_name };
  $('l-save').disabled = false;
  sayT('cal.load.checked');
}

async function saveYear() {
  if (!checked) return;
  const res = await busy($('l-save'), () => api('POST', '/api/v1/calendar/years', checked));
  if (!res) return;
  if (res.status !== 201) return fail(res);
  uncheck();
  await loadYears();
  if (lastDue) await askDue(lastDue.from, lastDue.days);
  sayT('cal.load.saved', { year: res.body.year });
}

page({
  async start(me) {
    $('load-form').hidden = !me.roles.includes('admin');
    $('due-form').addEventListener('submit', submitDue);
    $('load-form').addEventListener('submit', checkYear);
    $('l-file').addEventListener('change', readFile);
    $('l-text').addEventListener('input', uncheck);
    $('l-year').addEventListener('input', uncheck);
    $('l-save').addEventListener('click', saveYear);
    $('d-from').value = cityToday();
    $('d-days').value = 5;
    await loadYears();
  },
  async lang() {
    await loadYears();
    if (lastDue) await askDue(lastDue.from, lastDue.days);
    if (lastCheck && !$('check-result').hidden) showCheck(lastCheck);
    if (lastMessage && !$('message').hidden) sayT(lastMessage.key, lastMessage.vars);
  },
});
