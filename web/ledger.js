// The ledger page: the task force imports plans (preview, then save, or replace a plan of the
// same title), lists and withdraws (撤回) them, maps unit names to
// departments, reads the ledger with filters and the monthly dispatch; a unit's staff report
// progress on their measures. The task force opens any measure from the ledger and returns a
// report, urges the measure or cancels it, each with its reason. Every call goes to
// /api/v1/ledger/…; errors are shown as the server words them, beside the field they name.
'use strict';

let me = null;
let departments = [];
let preview = null; // {filename, year, text} of the last successful preview
let current = null; // the measure in the progress form
let listed = null;  // the ledger's last answer, shown in #ledger-table
let viewed = null;  // the measure in the supervisor's view (#measure-view)
let dispatched = null; // the monthly dispatch shown

const fail = showApiError;
// An API error beside the field of `form` it names (in the page's language), with the form's summary.
const failBeside = (form, res) => showApiErrorIn(form, res);
const clearBeside = clearFieldErrors;

const mayDirect = () => me.roles.some((r) => r === 'supervisor' || r === 'admin');
const timeOf = cityTime;

function statusLabel(m) {
  return m.overdue ? `${t('status.overdue')} · ${t(`status.${m.status}`)}` : t(`status.${m.status}`);
}

function showTab(name) {
  for (const b of document.querySelectorAll('[data-tab]')) b.setAttribute('aria-selected', String(b.dataset.tab === name));
  for (const s of document.querySelectorAll('.tab')) s.hidden = s.id !== `tab-${name}`;
  say('');
  $('error').hidden = true;
  ({ mine: loadMine, list: loadList, units: loadUnits, import: loadPlans, report: () => {} })[name]();
}

/* ---- my measures and progress ---- */

async function loadMine() {
  const res = await api('GET', '/api/v1/ledger/measures?mine=1&limit=1000');
  const list = $('mine-list');
  list.replaceChildren();
  if (res.status !== 200) return fail(res);
  if (!res.body.measures.length) list.append(el('p', { class: 'empty' }, t('ledger.mine.empty')));
  for (const m of res.body.measures) {
    const notes = [];
    if (m.returned_reason) notes.push(el('span', { class: 'badge late returned' }, t('ledger.mine.returned', { reason: m.returned_reason })));
    if (m.urgings) notes.push(el('span', { class: 'badge urged' }, t('ledger.mine.urged', { count: m.urgings, note: m.last_urging })));
    list.append(el('button', { type: 'button', class: 'measure', 'data-id': m.id, onclick: () => openMeasure(m.id) },
      el('span', { class: 'num' }, m.number ?? '·'), el('span', { class: 'mt' }, m.title),
      el('span', { class: `badge ${m.overdue ? 'late' : m.status}` }, `${statusLabel(m)} ${m.percent}%`), ...notes));
  }
}

async function openMeasure(id, scroll = true) {
  const res = await api('GET', `/api/v1/ledger/measures/${id}`);
  if (res.status !== 200) return fail(res);
  current = res.body;
  const form = $('progress-form');
  form.hidden = false;
  $('progress-measure').textContent = `${current.number ? current.number + '. ' : ''}${current.title}`;
  form.reported_on.value = cityToday();
  form.percent.value = current.percent;
  const history = $('progress-history');
  history.replaceChildren();
  for (const p of current.progress) {
    const files = p.evidence.map((f) => el('a', { href: `/api/v1/ledger/evidence/${f.id}` }, f.name));
    const back = p.returned
      ? [el('p', { class: 'returned' }, t('ledger.view.returned', { at: timeOf(p.returned_at), by: p.returned_by, reason: p.return_reason }))]
      : [];
    history.append(el('li', { class: p.returned ? 'returned' : '' },
      `${p.reported_on} ${t(`status.${p.status}`)} ${p.percent}% — ${p.text} (${p.reported_by}) `, ...files, ...back));
  }
  showTargets();
  if (scroll) form.scrollIntoView({ block: 'start' });
}

/* ---- targets and their chart ---- */

const SVG = 'http://www.w3.org/2000/svg';
function svg(tag, attrs) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}

// A small line chart of a target's values over time, with the target as a dashed line.
function chart(target) {
  const W = 320, H = 120, P = 24;
  const box = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart', role: 'img', 'aria-label': target.name });
  const values = target.values.map((v) => Number(v.value));
  const goal = Number(target.target);
  const lo = Math.min(goal, ...values), hi = Math.max(goal, ...values);
  const span = hi - lo || 1;
  const y = (v) => H - P - ((v - lo) / span) * (H - 2 * P);
  const x = (i) => P + (target.values.length > 1 ? (i / (target.values.length - 1)) * (W - 2 * P) : (W - 2 * P) / 2);
  box.append(svg('line', { x1: P, x2: W - P, y1: y(goal), y2: y(goal), class: 'goal' }));
  if (values.length) {
    box.append(svg('polyline', { points: values.map((v, i) => `${x(i)},${y(v)}`).join(' '), class: 'series' }));
    values.forEach((v, i) => {
      const dot = svg('circle', { cx: x(i), cy: y(v), r: 3, class: 'point' });
      const tip = svg('title', {});
      tip.textContent = `${target.values[i].measured_on}: ${target.values[i].value}${target.unit}`;
      dot.append(tip);
      box.append(dot);
    });
    const last = target.values[target.values.length - 1];
    const label = svg('text', { x: W - P, y: 12, 'text-anchor': 'end', class: 'label' });
    label.textContent = `${last.value}${target.unit} (${last.measured_on})`;
    box.append(label);
  }
  return box;
}

function showTargets() {
  $('targets').hidden = false;
  const list = $('target-list');
  list.replaceChildren();
  for (const tg of current.targets) {
    const form = el('form', { class: 'inline', 'data-target': tg.id },
      el('input', { name: 'measured_on', type: 'date', required: '', 'aria-label': t('ledger.targets.measured_on'),
        value: cityToday() }),
      el('input', { name: 'value', required: '', size: '6', placeholder: t('ledger.targets.value'), 'aria-label': t('ledger.targets.value') }),
      el('button', { type: 'submit' }, t('ledger.targets.record')));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      clearBeside(form);
      const r = await busy(form.querySelector('button'), () => api('POST', `/api/v1/ledger/targets/${tg.id}/values`,
        { measured_on: form.measured_on.value, value: form.value.value.trim() }));
      if (!r) return;
      if (r.status !== 200) return failBeside(form, r);
      await openMeasure(current.id);
    });
    list.append(el('div', { class: 'target' },
      el('p', {}, el('strong', {}, tg.name), ' ', t('ledger.targets.due', { target: tg.target, unit: tg.unit, due: tg.due_date })),
      chart(tg), form));
  }
}

async function addTarget(ev) {
  ev.preventDefault();
  const f = ev.target;
  clearBeside(f);
  const r = await busy(f.querySelector('button'), () => api('POST', `/api/v1/ledger/measures/${current.id}/targets`,
    { name: f.name.value.trim(), unit: f.unit.value.trim(), target: f.target.value.trim(), due_date: f.due_date.value }));
  if (!r) return;
  if (r.status !== 201) return failBeside(f, r);
  f.reset();
  await openMeasure(current.id);
}

function toBase64(buf) {
  let s = '';
  const bytes = new Uint8Array(buf);
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

// The limits of evidence the server states (api_ledger.c, ledger.h), checked before anything is read.
const EVIDENCE_MAX_FILES = 10, EVIDENCE_MAX_BYTES = 512 * 1024;

async function submitProgress(ev) {
  ev.preventDefault();
  const form = ev.target;
  clearBeside(form);
  const files = [...form.evidence.files];
  const large = files.find((f) => f.size > EVIDENCE_MAX_BYTES);
  const tooMany = files.length > EVIDENCE_MAX_FILES;
  if (tooMany || large) {
    const message = tooMany ? t('ledger.progress.evidence.many', { n: files.length })
      : t('ledger.progress.evidence.large', { name: large.name, kib: Math.ceil(large.size / 1024) });
    return showFieldErrors(form, [{ control: form.evidence, field: 'evidence', message }]);
  }
  const evidence = [];
  for (const f of files) evidence.push({ name: f.name, content_base64: toBase64(await f.arrayBuffer()) });
  const body = {
    reported_on: form.reported_on.value,
    status: form.status.value,
    percent: Number(form.percent.value),
    text: form.text.value.trim(),
  };
  if (evidence.length) body.evidence = evidence;
  const path = `/api/v1/ledger/measures/${current.id}/progress`;
  const bar = $('p-evidence-progress');
  // a double click reports once: the button is busy, and the same report keeps its key
  const res = await busy(form.querySelector('button[type="submit"]'), async () => {
    if (!evidence.length) return api('POST', path, body);
    bar.value = 0; // the files' upload, shown as it goes
    bar.hidden = false;
    const answer = await apiUpload('POST', path, body, (f) => {
      bar.value = f;
      bar.textContent = `${Math.round(f * 100)}%`;
    });
    bar.hidden = true;
    return answer;
  });
  if (!res) return;
  if (res.status !== 201) return failBeside(form, res);
  form.text.value = '';
  form.evidence.value = '';
  await loadMine();
  await openMeasure(current.id);
  say(t('ledger.progress.saved'));
}

/* ---- the ledger ---- */

async function loadList(ev) {
  if (ev) ev.preventDefault();
  const f = $('filters');
  const q = new URLSearchParams({ limit: '1000' });
  for (const k of ['plan', 'unit', 'status', 'section']) if (f[k].value) q.set(k, f[k].value);
  if (f.plan.options.length <= 1) {
    const plans = await api('GET', '/api/v1/ledger/plans');
    if (plans.status === 200)
      for (const p of plans.body.plans) {
        f.plan.append(el('option', { value: p.id }, `${p.title}（${p.year}）${p.state === 'withdrawn' ? ' · ' + t('ledger.plans.withdrawnShort') : ''}`));
        // the monthly dispatch of one plan: those not withdrawn
        if (p.state !== 'withdrawn') $('r-plan').append(el('option', { value: p.id }, `${p.title}（${p.year}）`));
      }
  }
  const res = await api('GET', `/api/v1/ledger/measures?${q}`);
  if (res.status !== 200) return fail(res);
  listed = res.body;
  renderList();
  const select = f.section;
  if (select.options.length <= 1) for (const s of new Set(listed.measures.map((m) => m.section))) select.append(el('option', { value: s }, s));
}

// The ledger's rows, in the page's language: a row opens its measure; 完成率 is the latest
// reported percent, none for a cancelled measure (it leaves the rate).
function renderList() {
  if (!listed) return;
  const body = $('ledger-table').tBodies[0];
  body.replaceChildren();
  $('list-count').textContent = String(listed.total);
  const c = listed.completion;
  $('list-rate').textContent = t('ledger.rate.summary', { rate: c.rate === null ? '—' : `${c.rate}%`, done: c.done,
    counted: c.measures - c.cancelled, cancelled: c.cancelled });
  const label = (key) => ({ 'data-label': t(key) });
  for (const m of listed.measures) {
    const open = el('button', { type: 'button', class: 'link open', 'aria-label': `${t('ledger.view.open')}: ${m.title}` }, m.title);
    const row = el('tr', { class: `${m.overdue ? 'late' : ''} ${viewed?.id === m.id ? 'chosen' : ''}`, 'data-id': m.id },
      el('td', label('ledger.col.number'), m.number ?? ''), el('td', label('ledger.col.title'), open),
      el('td', label('ledger.col.lead'), m.lead_units.join('、')), el('td', label('ledger.col.resp'), m.responsible_units.join('、')),
      el('td', label('ledger.col.due'), m.due_date ?? ''), el('td', label('ledger.col.status'), statusLabel(m)),
      el('td', label('ledger.col.rate'), m.status === 'cancelled' ? '—' : `${m.percent}%`),
      el('td', label('ledger.col.overdue'), m.overdue ? m.overdue_working_days : ''));
    row.addEventListener('click', () => viewMeasure(m.id));
    body.append(row);
  }
  if (!listed.measures.length) body.append(el('tr', {}, el('td', { colspan: '8', class: 'empty' }, t('ledger.list.empty'))));
}

/* ---- the supervisor's view of one measure ---- */

async function viewMeasure(id) {
  const res = await api('GET', `/api/v1/ledger/measures/${id}`);
  if (res.status !== 200) return fail(res);
  viewed = res.body;
  for (const form of [$('urge-form'), $('cancel-form')]) {
    clearBeside(form);
    form.reset();
  }
  renderView();
  for (const row of $('ledger-table').tBodies[0].rows) row.classList.toggle('chosen', row.dataset.id === id);
  $('measure-view').scrollIntoView({ block: 'start' });
}

// The measure in #measure-view from `viewed`, in the page's language (the urge and cancel forms keep
// what is typed).
function renderView() {
  const m = viewed;
  if (!m) return;
  $('measure-view').hidden = false;
  $('mv-title').textContent = `${m.number ? m.number + '. ' : ''}${m.title}`;
  $('mv-meta').textContent = t('ledger.view.meta', { plan: m.plan_title, section: m.section, due: m.due_date ?? t('ledger.view.nodue') })
    + ` · ${statusLabel(m)} ${m.status === 'cancelled' ? '' : m.percent + '%'}`;
  $('mv-state').hidden = m.status !== 'cancelled' || !m.cancelled_on;
  $('mv-state').textContent = m.cancelled_on ? t('ledger.cancel.state', { on: m.cancelled_on, by: m.cancelled_by, reason: m.cancel_reason }) : '';
  $('mv-text').textContent = m.text;
  $('mv-units').replaceChildren(
    el('dt', {}, t('ledger.col.lead')), el('dd', {}, m.lead_units.join('、') || '—'),
    el('dt', {}, t('ledger.col.resp')), el('dd', {}, m.responsible_units.join('、') || '—'));
  const directs = mayDirect();
  const reports = $('mv-reports');
  // what is typed in the reports' 退回 reasons stays through a re-render (the language toggle)
  const typed = new Map([...reports.querySelectorAll('textarea')].map((x) => [x.id, x.value]));
  reports.replaceChildren();
  if (!m.progress.length) reports.append(el('li', { class: 'empty' }, t('ledger.view.noreports')));
  for (const p of m.progress) {
    const files = p.evidence.map((f) => el('a', { href: `/api/v1/ledger/evidence/${f.id}`, download: f.name }, f.name));
    const item = el('li', { class: p.returned ? 'returned' : '', 'data-progress': p.id },
      el('p', {}, t('ledger.view.report', { on: p.reported_on, status: t(`status.${p.status}`), percent: p.percent, by: p.reported_by })),
      el('p', { class: 'measure-text' }, p.text), files.length ? el('p', { class: 'files' }, ...files) : '');
    if (p.returned)
      item.append(el('p', { class: 'returned' }, t('ledger.view.returned', { at: timeOf(p.returned_at), by: p.returned_by, reason: p.return_reason })));
    else if (directs) item.append(returnForm(p));
    reports.append(item);
  }
  for (const x of reports.querySelectorAll('textarea')) if (typed.has(x.id)) x.value = typed.get(x.id);
  const targets = $('mv-targets');
  targets.replaceChildren();
  if (!m.targets.length) targets.append(el('p', { class: 'empty' }, t('ledger.view.notargets')));
  for (const tg of m.targets)
    targets.append(el('div', { class: 'target' },
      el('p', {}, el('strong', {}, tg.name), ' ', t('ledger.targets.due', { target: tg.target, unit: tg.unit, due: tg.due_date })), chart(tg)));
  const urgings = $('mv-urgings');
  urgings.replaceChildren(...m.urging_list.map((u) => el('li', {}, t('ledger.urge.item', { at: timeOf(u.created_at), by: u.urged_by, note: u.note }))));
  if (!m.urging_list.length) urgings.append(el('li', { class: 'empty' }, t('ledger.urge.none')));
  $('mv-actions').hidden = !directs || m.status === 'cancelled';
}

// 退回: the reason beside its button; the form of each report keeps its idempotency key until
// the report is returned.
function returnForm(p) {
  const id = `ret-${p.id}`;
  const form = el('form', { class: 'return-form', novalidate: '' },
    el('label', { for: id }, t('ledger.return.reason')),
    el('textarea', { id, name: 'reason', rows: '2', maxlength: '1000' }),
    el('p', { class: 'field-error', 'data-for': 'reason', role: 'alert', hidden: '' }),
    el('button', { type: 'submit' }, t('ledger.return.submit')));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    direct(form, `/api/v1/ledger/progress/${p.id}/return`, { reason: form.reason.value.trim() }, 200, 'ledger.return.done');
  });
  return form;
}

// One of the task force's actions from its form: the button disabled while it runs, the
// error beside its field, the view and the list read again when it is done.
async function direct(form, path, body, expected, done) {
  clearBeside(form);
  const res = await busy(form.querySelector('button[type="submit"]'), () => api('POST', path, body));
  if (!res) return;
  if (res.status !== expected) return failBeside(form, res);
  const id = viewed.id;
  await loadList();
  await viewMeasure(id);
  say(t(done));
}

/* ---- import ---- */

async function readPlanFile() {
  const file = $('i-file').files[0];
  if (!file) throw new Error(t('ledger.import.nofile'));
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (bytes.includes(0)) throw new Error(t('ledger.import.binary'));
  try {
    return { filename: file.name, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    throw new Error(t('ledger.import.notutf8'));
  }
}

function showImport(body) {
  $('import-result').hidden = false;
  $('import-counts').textContent = t('ledger.import.counts', {
    sections: body.sections, measures: body.measures, deadlines: body.deadlines, units: body.units,
    unmatched: body.units_unmatched, unplaced: body.lines_not_placed,
  });
  if (body.documents.length > 1)
    $('import-counts').textContent += '。' + t('ledger.import.documents', {
      count: body.documents.length,
      list: body.documents.map((d) => `${d.title}（${d.measures}）`).join('、'),
    });
  const tb = $('preview-table').tBodies[0];
  tb.replaceChildren();
  for (const m of body.preview)
    tb.append(el('tr', {}, el('td', {}, m.number ?? ''), el('td', {}, m.section), el('td', {}, m.title),
      el('td', {}, m.lead_units.join('、')), el('td', {}, m.responsible_units.join('、')), el('td', {}, m.deadlines.join(' '))));
  const ul = $('unplaced').querySelector('ul');
  ul.replaceChildren(...body.unplaced.map((l) => el('li', {}, l)));
}

async function previewImport(ev) {
  ev.preventDefault();
  $('i-save').disabled = true;
  let file;
  try {
    file = await readPlanFile();
  } catch (e) {
    return fail({ body: { error: { message: e.message, field: 'file' } } });
  }
  const year = Number($('i-year').value);
  const res = await busy($('i-preview'), () => api('POST', '/api/v1/ledger/plans', { ...file, year, dry_run: true }));
  if (!res) return;
  if (res.status !== 200) return fail(res);
  preview = { ...file, year };
  showImport(res.body);
  $('i-save').disabled = false;
  offerReplace(res.body.existing_plan_id, res.body.title);
  say('');
}

// A plan of the same title is in the ledger: saving would be refused (plan_exists), so the
// page offers to replace it, keeping the progress of the measures whose text did not change.
let existing = null; // {id, title} of that plan
function offerReplace(id, title) {
  existing = id ? { id, title } : null;
  $('i-exists').hidden = !existing;
  if (existing) $('i-exists-text').textContent = t('ledger.plans.exists', { title }) + ' ';
}

async function replacePlan() {
  if (!preview || !existing) return;
  const res = await busy($('i-replace'), () => api('POST', '/api/v1/ledger/plans', { ...preview, replace: existing.id }));
  if (!res) return;
  if (res.status !== 200) return fail(res);
  preview = null;
  offerReplace(null);
  showImport(res.body);
  $('i-save').disabled = true;
  say(`${t('ledger.plans.replaced', { title: res.body.title })} ${t('ledger.plans.replacedCounts', res.body)}`);
  loadPlans();
}

/* ---- the plans: state, counts, 撤回 ---- */

let plans = null; // the last answer of GET plans

async function loadPlans() {
  const res = await api('GET', '/api/v1/ledger/plans');
  if (res.status !== 200) return fail(res);
  plans = res.body.plans;
  renderPlans();
}

function renderPlans() {
  if (!plans) return;
  const tb = $('plans-table').tBodies[0];
  tb.replaceChildren();
  for (const p of plans) {
    const c = p.counts;
    const state = p.state === 'withdrawn'
      ? t('ledger.plans.withdrawn', { at: timeOf(p.withdrawn_at), by: p.withdrawn_by, reason: p.withdraw_reason })
      : t('ledger.plans.active');
    const action = p.state === 'withdrawn' ? ''
      : el('button', { type: 'button', class: 'link', onclick: (ev) => withdrawPlan(p, ev.currentTarget) }, t('ledger.plans.withdraw'));
    tb.append(el('tr', { 'data-plan': p.id, class: p.state },
      el('td', { 'data-label': t('ledger.plans.name') }, p.title), el('td', { 'data-label': t('ledger.plans.year') }, p.year),
      el('td', { 'data-label': t('ledger.plans.state') }, state),
      el('td', { 'data-label': t('ledger.plans.counts') }, t('ledger.plans.countsText', { measures: p.measures, ...c })),
      el('td', {}, action)));
  }
}

async function withdrawPlan(p, button) {
  const reason = prompt(t('ledger.plans.reason', { title: p.title }));
  if (reason === null) return;
  const res = await busy(button, () => api('POST', `/api/v1/ledger/plans/${p.id}/withdraw`, { reason: reason.trim() }));
  if (!res) return;
  if (res.status !== 200) return fail(res);
  say(t('ledger.plans.withdrawDone', { title: p.title }));
  await loadPlans();
}

// one save per previewed plan: the same plan saved twice (a double click) is stored once
async function saveImport() {
  if (!preview) return;
  const res = await busy($('i-save'), () => api('POST', '/api/v1/ledger/plans', preview));
  if (!res) return;
  if (res.status !== 201) {
    // a plan of the same title came in meanwhile: the page offers to replace it (its number,
    // which the server's message carries, is the page's to use, not to show)
    const id = res.body?.error?.reason === 'plan_exists' && res.body.error.message.match(/[0-9A-HJKMNP-TV-Z]{26}/)?.[0];
    if (id) return offerReplace(id, preview.text.split('\n').find((l) => l.trim()) ?? '');
    return fail(res);
  }
  showImport(res.body);
  $('i-save').disabled = true;
  preview = null;
  say(`${t('ledger.import.saved')}: ${res.body.title} · ${t('ledger.import.counts', {
    sections: res.body.sections, measures: res.body.measures, deadlines: res.body.deadlines, units: res.body.units,
    unmatched: res.body.units_unmatched, unplaced: res.body.lines_not_placed })}`);
  loadPlans();
}

/* ---- units ---- */

async function loadUnits() {
  const res = await api('GET', '/api/v1/ledger/units?unmatched=1');
  if (res.status !== 200) return fail(res);
  const tb = $('units-table').tBodies[0];
  tb.replaceChildren();
  $('units-none').hidden = res.body.units.length > 0;
  for (const u of res.body.units) {
    const select = el('select', { 'aria-label': `${t('ledger.units.dept')}: ${u.name}` },
      el('option', { value: '' }, t('ledger.units.choose')),
      ...departments.map((d) => el('option', { value: d.code }, d.name)));
    const button = el('button', { type: 'button', onclick: async () => {
      if (!select.value) return;
      const r = await busy(button, () => api('POST', '/api/v1/ledger/unit-map', { unit: u.name, department: select.value }));
      if (!r) return;
      if (r.status !== 200) return fail(r);
      say(`${u.name} → ${select.selectedOptions[0].textContent}: ${t('ledger.units.mapped', { n: r.body.applied })}`);
      row.remove();
    } }, t('ledger.units.map'));
    const row = el('tr', { 'data-unit': u.name }, el('td', {}, `${u.name} (${u.measures})`), el('td', {}, select), el('td', {}, button));
    tb.append(row);
  }
}

/* ---- monthly dispatch ---- */

async function showReport(ev) {
  ev.preventDefault();
  const q = new URLSearchParams({ month: $('r-month').value });
  if ($('r-plan').value) q.set('plan', $('r-plan').value);
  const res = await busy($('report-form').querySelector('button'), () => api('GET', `/api/v1/ledger/dispatch?${q}`));
  if (!res) return;
  if (res.status !== 200) return fail(res);
  dispatched = res.body;
  renderReport();
  for (const [id, fmt] of [['r-csv', 'csv'], ['r-xlsx', 'xlsx']]) {
    $(id).href = `/api/v1/ledger/dispatch?${q}&format=${fmt}`;
    $(id).hidden = false;
  }
}

// The dispatch's rows as its workbook has them: 措施总数 and 已取消 included.
function renderReport() {
  if (!dispatched) return;
  const tb = $('report-table').tBodies[0];
  tb.replaceChildren();
  const change = (n, b) => { const d = n - b; return d > 0 ? `+${d}` : String(d); };
  const cell = (key, v) => el('td', { 'data-label': t(key) }, v ?? '');
  const row = (name, dept, now, before, cls) => el('tr', { class: cls || '' }, cell('ledger.col.lead', name),
    cell('ledger.units.dept', dept), cell('ledger.col.total', now.total), cell('status.done', now.done),
    cell('status.in_progress', now.in_progress), cell('status.not_started', now.not_started), cell('status.at_risk', now.at_risk),
    cell('status.overdue', now.overdue), cell('status.cancelled', now.cancelled),
    cell('ledger.report.change', `${t('status.done')} ${change(now.done, before.done)} · ${t('status.overdue')} ${change(now.overdue, before.overdue)}`));
  for (const u of dispatched.units) tb.append(row(u.unit, u.department, u.now, u.previous));
  tb.append(row(t('ledger.report.total'), '', dispatched.all, dispatched.all_previous, 'total'));
  $('report-table').hidden = false;
}

// The language toggle re-renders what is on screen, from what was last read.
async function rerender() {
  renderList();
  renderView();
  renderReport();
  renderPlans();
  if (!$('tab-mine').hidden) {
    await loadMine();
    if (current) {
      // the report being written stays as typed
      const form = $('progress-form');
      const kept = ['reported_on', 'status', 'percent', 'text'].map((k) => [k, form[k].value]);
      await openMeasure(current.id, false);
      for (const [k, v] of kept) form[k].value = v;
    }
  }
}

page({
  async start(account) {
    me = account;
    departments = (await api('GET', '/api/v1/departments')).body?.departments ?? [];
    const tabs = [...document.querySelectorAll('[data-tab]')];
    for (const b of tabs) {
      b.hidden = !me.roles.some((r) => b.dataset.roles.split(' ').includes(r));
      b.addEventListener('click', () => showTab(b.dataset.tab));
    }
    $('progress-form').addEventListener('submit', submitProgress);
    $('target-form').addEventListener('submit', addTarget);
    $('filters').addEventListener('submit', loadList);
    $('import-form').addEventListener('submit', previewImport);
    $('i-save').addEventListener('click', saveImport);
    $('i-replace').addEventListener('click', replacePlan);
    $('report-form').addEventListener('submit', showReport);
    $('urge-form').addEventListener('submit', (ev) => {
      ev.preventDefault();
      direct(ev.target, `/api/v1/ledger/measures/${viewed.id}/urge`, { note: ev.target.note.value.trim() }, 201, 'ledger.urge.done');
    });
    $('cancel-form').addEventListener('submit', (ev) => {
      ev.preventDefault();
      direct(ev.target, `/api/v1/ledger/measures/${viewed.id}/cancel`, { reason: ev.target.reason.value.trim() }, 200, 'ledger.cancel.done');
    });
    $('i-year').value = cityYear();
    $('r-month').value = cityMonth();
    tabsByKeys(document.querySelector('[role="tablist"]'));
    showTab(tabs.find((b) => !b.hidden).dataset.tab);
  },
  lang: rerender,
});
