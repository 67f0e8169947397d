// The ledger page: the task force imports plans (preview, then save), maps unit names to
// departments, reads the ledger with filters and the monthly dispatch; a unit's staff report
// progress on their measures. Every call goes to /api/v1/ledger/…; errors are shown as the
// server words them.
'use strict';

let me = null;
let departments = [];
let preview = null; // {filename, year, text} of the last successful preview
let current = null; // the measure in the progress form

const $ = (id) => document.getElementById(id);

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(c ?? ''));
  return e;
}

function say(text) {
  $('error').hidden = true;
  $('message').textContent = text;
  $('message').hidden = !text;
}

const fail = showApiError;

function statusLabel(m) {
  return m.overdue ? `${t('status.overdue')} · ${t(`status.${m.status}`)}` : t(`status.${m.status}`);
}

function showTab(name) {
  for (const b of document.querySelectorAll('[data-tab]')) b.setAttribute('aria-selected', String(b.dataset.tab === name));
  for (const s of document.querySelectorAll('.tab')) s.hidden = s.id !== `tab-${name}`;
  say('');
  $('error').hidden = true;
  ({ mine: loadMine, list: loadList, units: loadUnits, import: () => {}, report: () => {} })[name]();
}

/* ---- my measures and progress ---- */

async function loadMine() {
  const res = await api('GET', '/api/v1/ledger/measures?mine=1&limit=1000');
  const list = $('mine-list');
  list.replaceChildren();
  if (res.status !== 200) return fail(res);
  if (!res.body.measures.length) list.append(el('p', { class: 'empty' }, t('ledger.mine.empty')));
  for (const m of res.body.measures) {
    list.append(el('button', { type: 'button', class: 'measure', 'data-id': m.id, onclick: () => openMeasure(m.id) },
      el('span', { class: 'num' }, m.number ?? '·'), el('span', { class: 'mt' }, m.title),
      el('span', { class: `badge ${m.overdue ? 'late' : m.status}` }, `${statusLabel(m)} ${m.percent}%`)));
  }
}

async function openMeasure(id) {
  const res = await api('GET', `/api/v1/ledger/measures/${id}`);
  if (res.status !== 200) return fail(res);
  current = res.body;
  const form = $('progress-form');
  form.hidden = false;
  $('progress-measure').textContent = `${current.number ? current.number + '. ' : ''}${current.title}`;
  form.reported_on.value = new Date().toISOString().slice(0, 10);
  form.percent.value = current.percent;
  const history = $('progress-history');
  history.replaceChildren();
  for (const p of current.progress) {
    const files = p.evidence.map((f) => el('a', { href: `/api/v1/ledger/evidence/${f.id}` }, f.name));
    history.append(el('li', {}, `${p.reported_on} ${t(`status.${p.status}`)} ${p.percent}% — ${p.text} (${p.reported_by}) `, ...files));
  }
  showTargets();
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
      el('input', { name: 'measured_on', type: 'date', required: '', 'aria-label': 'measured_on',
        value: new Date().toISOString().slice(0, 10) }),
      el('input', { name: 'value', required: '', size: '6', placeholder: t('ledger.targets.value'), 'aria-label': 'value' }),
      el('button', { type: 'submit' }, t('ledger.targets.record')));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const r = await api('POST', `/api/v1/ledger/targets/${tg.id}/values`,
        { measured_on: form.measured_on.value, value: form.value.value.trim() });
      if (r.status !== 200) return fail(r);
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
  const r = await api('POST', `/api/v1/ledger/measures/${current.id}/targets`,
    { name: f.name.value.trim(), unit: f.unit.value.trim(), target: f.target.value.trim(), due_date: f.due_date.value });
  if (r.status !== 201) return fail(r);
  f.reset();
  await openMeasure(current.id);
}

function toBase64(buf) {
  let s = '';
  const bytes = new Uint8Array(buf);
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

async function submitProgress(ev) {
  ev.preventDefault();
  const form = ev.target;
  const evidence = [];
  for (const f of form.evidence.files) evidence.push({ name: f.name, content_base64: toBase64(await f.arrayBuffer()) });
  const body = {
    reported_on: form.reported_on.value,
    status: form.status.value,
    percent: Number(form.percent.value),
    text: form.text.value.trim(),
  };
  if (evidence.length) body.evidence = evidence;
  const button = form.querySelector('button[type="submit"]');
  if (button?.disabled) return;
  if (button) button.disabled = true; // a double click reports once
  form.dataset.key ||= newKey();
  const res = await api('POST', `/api/v1/ledger/measures/${current.id}/progress`, body, form.dataset.key);
  if (button) button.disabled = false;
  if (res.status !== 201) return fail(res);
  delete form.dataset.key;
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
  for (const k of ['unit', 'status', 'section']) if (f[k].value) q.set(k, f[k].value);
  const res = await api('GET', `/api/v1/ledger/measures?${q}`);
  if (res.status !== 200) return fail(res);
  const body = $('ledger-table').tBodies[0];
  body.replaceChildren();
  $('list-count').textContent = String(res.body.total);
  const sections = new Set();
  for (const m of res.body.measures) {
    sections.add(m.section);
    body.append(el('tr', { class: m.overdue ? 'late' : '' }, el('td', {}, m.number ?? ''), el('td', {}, m.title),
      el('td', {}, m.lead_units.join('、')), el('td', {}, m.responsible_units.join('、')), el('td', {}, m.due_date ?? ''),
      el('td', {}, statusLabel(m)), el('td', {}, `${m.percent}%`), el('td', {}, m.overdue ? m.overdue_working_days : '')));
  }
  if (!res.body.measures.length) body.append(el('tr', {}, el('td', { colspan: '8', class: 'empty' }, t('ledger.list.empty'))));
  const select = f.section;
  if (select.options.length <= 1) for (const s of sections) select.append(el('option', { value: s }, s));
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
  importKey = null; // a new preview: a new plan to save
  ev.preventDefault();
  $('i-save').disabled = true;
  let file;
  try {
    file = await readPlanFile();
  } catch (e) {
    return fail({ body: { error: { message: e.message, field: 'file' } } });
  }
  const year = Number($('i-year').value);
  const res = await api('POST', '/api/v1/ledger/plans', { ...file, year, dry_run: true });
  if (res.status !== 200) return fail(res);
  preview = { ...file, year };
  showImport(res.body);
  $('i-save').disabled = false;
  say('');
}

let importKey = null; // one key per previewed plan: saving it twice stores it once

async function saveImport() {
  if (!preview || $('i-save').disabled) return;
  $('i-save').disabled = true;
  importKey ??= newKey();
  const res = await api('POST', '/api/v1/ledger/plans', preview, importKey);
  if (res.status !== 201) {
    $('i-save').disabled = false;
    return fail(res);
  }
  importKey = null;
  showImport(res.body);
  $('i-save').disabled = true;
  preview = null;
  say(`${t('ledger.import.saved')}: ${res.body.title} · ${t('ledger.import.counts', {
    sections: res.body.sections, measures: res.body.measures, deadlines: res.body.deadlines, units: res.body.units,
    unmatched: res.body.units_unmatched, unplaced: res.body.lines_not_placed })}`);
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
      const r = await api('POST', '/api/v1/ledger/unit-map', { unit: u.name, department: select.value });
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
  const month = $('r-month').value;
  const res = await api('GET', `/api/v1/ledger/dispatch?month=${encodeURIComponent(month)}`);
  if (res.status !== 200) return fail(res);
  const tb = $('report-table').tBodies[0];
  tb.replaceChildren();
  const change = (n, b) => { const d = n - b; return d > 0 ? `+${d}` : String(d); };
  const row = (name, dept, now, before, cls) => el('tr', { class: cls || '' }, el('td', {}, name), el('td', {}, dept ?? ''),
    el('td', {}, now.done), el('td', {}, now.in_progress), el('td', {}, now.not_started), el('td', {}, now.at_risk),
    el('td', {}, now.overdue),
    el('td', {}, `${t('status.done')} ${change(now.done, before.done)} · ${t('status.overdue')} ${change(now.overdue, before.overdue)}`));
  for (const u of res.body.units) tb.append(row(u.unit, u.department, u.now, u.previous));
  tb.append(row(t('ledger.report.total'), '', res.body.all, res.body.all_previous, 'total'));
  $('report-table').hidden = false;
  for (const [id, fmt] of [['r-csv', 'csv'], ['r-xlsx', 'xlsx']]) {
    $(id).href = `/api/v1/ledger/dispatch?month=${encodeURIComponent(month)}&format=${fmt}`;
    $(id).hidden = false;
  }
}

document.addEventListener('DOMContentLoaded', async () => {
  applyMessages();
  $('lang').addEventListener('click', toggleLang);
  const res = await api('GET', '/api/v1/me');
  if (res.status !== 200) {
    location.replace('/');
    return;
  }
  me = res.body;
  $('user-name').textContent = me.name;
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
  $('report-form').addEventListener('submit', showReport);
  $('i-year').value = new Date().getFullYear();
  $('r-month').value = new Date().toISOString().slice(0, 7);
  const first = tabs.find((b) => !b.hidden);
  if (first) showTab(first.dataset.tab);
});
