// 证照管理: the officers' certificate desk.
//   证照列表  the department's certificates (supervisors and admins: every department's), by
//             holder number, type and state, 20 a page: a table on a desktop, cards on a phone;
//             each opens its detail.
//   证照详情  the certificate in words — its type's fields by their labels, never their keys —,
//             its versions, where it is verified (the QR), the enterprise page of an enterprise
//             holder; and for officers of its department and admins 暂停 / 恢复 / 撤销 / 换发, as
//             its state allows, each with a reason, asked once (confirmAction), each refusal
//             (409 the state, 403 another department) in words beside its action; after it the
//             detail shows the new state and the reason.
//   签发      a form built from the chosen type's fields (GET /api/v1/cert-types), only the types
//             the officer's department issues and never a national one (居民身份证); the holder's
//             number checked as it is typed by the server (POST /api/v1/certificates/check), its
//             error beside the field in place of the 请填写 of an empty form sent before, an
//             enterprise's registered name filled in.
//   导入      a file of existing certificates (CSV or JSON lines; its format says the columns of
//             each type the account imports, by their labels) sent as it is
//             (POST /api/v1/cert-imports), followed as a job (GET /api/v1/jobs/{id}): the progress
//             line, then the counts and the bad rows by line.
// The hash keeps the place: #list, #cert/<id>, #issue, #import.
'use strict';

const PAGE = 20;
const STATES = ['valid', 'suspended', 'revoked', 'superseded'];
// what each state allows, in the order the detail offers them (src/domain/cert/cert.c's machine)
const ACTIONS = { valid: ['suspend', 'revoke', 'renew'], suspended: ['reinstate', 'revoke'] };
let me = null;
let types = [];      // GET /api/v1/cert-types
let offset = 0, total = 0, certs = [];
let cert = null;     // the certificate shown
let listStale = true;
const timers = {};

const en = () => currentLang() === 'en';
const writes = () => me && me.roles.some((r) => r === 'officer' || r === 'admin');
const typeOf = (code) => types.find((x) => x.code === code);
const typeName = (x) => (en() ? x.name_en || x.name : x.name);
const statusText = (s) => tOr(`cd.status.${s}`, '—');
const statusBadge = (s) => el('span', { class: `badge cert-${s}`, 'data-status': s }, statusText(s));
// the types an account may issue: its department's (an admin: all), never a national one
const issuable = () => types.filter((x) => !x.national &&
  (me.roles.includes('admin') || (me.department && x.department.code === me.department.code)));
// the types an account may import: its department's (an admin: all, a national one too)
const importable = () => types.filter((x) => me.roles.includes('admin') || (me.department && x.department.code === me.department.code));
// the types its list can hold: an officer's department's; supervisors and admins every one
const listable = () => types.filter((x) => me.roles.includes('admin') || me.roles.includes('supervisor') ||
  (me.department && x.department.code === me.department.code));

/* ---- the list ---- */

function fillFilters() {
  const [ty, st] = [$('f-type').value, $('f-state').value];
  $('f-type').replaceChildren(el('option', { value: '' }, t('cd.f.all')), ...listable().map((x) => el('option', { value: x.code }, typeName(x))));
  $('f-state').replaceChildren(el('option', { value: '' }, t('cd.f.all')), ...STATES.map((s) => el('option', { value: s }, statusText(s))));
  [$('f-type').value, $('f-state').value] = [ty, st];
}

async function find(at = 0) {
  const p = new URLSearchParams({ limit: String(PAGE), offset: String(at) });
  const holder = $('f-holder').value.trim().toUpperCase();
  if (holder) p.set('holder', holder);
  if ($('f-type').value) p.set('type', $('f-type').value);
  if ($('f-state').value) p.set('state', $('f-state').value);
  const res = await busy($('find'), () => api('GET', `/api/v1/certificates?${p}`));
  if (!res) return;
  if (res.status !== 200) return showApiErrorIn($('filters'), res, { find: (f) => (f === 'holder' ? $('f-holder') : null) });
  clearFieldErrors($('filters'));
  offset = at;
  total = res.body.total;
  certs = res.body.certificates;
  listStale = false;
  renderList();
}

function renderList() {
  $('certs').querySelector('tbody').replaceChildren(...certs.map((c) => {
    const x = typeOf(c.type.code);
    const link = el('a', { href: `#cert/${c.id}`, class: 'cert-link' }, x ? typeName(x) : c.type.name);
    return el('tr', { 'data-id': c.id, 'data-status': c.status },
      cell(link, 'cd.c.type'), cell(el('span', { 'data-literal': '' }, c.number), 'cd.c.number'),
      cell(c.holder.name, 'cd.c.holder'), cell(c.holder.id, 'cd.c.holder_id'),
      cell(c.valid_until ? cityDate(c.valid_until) : t('cd.long'), 'cd.c.until'), cell(statusBadge(c.status), 'cd.c.status'));
  }));
  $('certs').hidden = certs.length === 0;
  $('found').textContent = total === 0 ? t('cd.none') : t('cd.found', { total, from: offset + 1, to: offset + certs.length });
  $('pager').hidden = total <= PAGE;
  $('prev').disabled = offset === 0;
  $('next').disabled = offset + PAGE >= total;
  $('page-of').textContent = t('cd.page', { page: Math.floor(offset / PAGE) + 1, pages: Math.max(1, Math.ceil(total / PAGE)) });
  $('certs').dataset.loaded = 'true';
}

/* ---- one certificate ---- */

async function openCert(id) {
  const res = await api('GET', `/api/v1/certificates/${encodeURIComponent(id)}`);
  if (res.status !== 200) { cert = null; $('cert').replaceChildren(); return showApiError(res); }
  cert = res.body;
  renderCert();
}

// The certificate's fields by their labels, in the order its type lists them.
function fieldRows(c) {
  const x = typeOf(c.type.code);
  return (x ? x.fields : []).filter((f) => c.fields[f.key] !== undefined)
    .map((f) => [en() ? f.label_en || f.label : f.label, c.fields[f.key]]);
}

function renderCert() {
  const box = $('cert');
  if (!cert) { box.replaceChildren(); return; }
  const c = cert;
  const x = typeOf(c.type.code);
  const person = c.holder.kind === 'person';
  const rows = [
    [t('cd.d.status'), el('span', {}, statusBadge(c.status))],
    [t('cd.d.number'), el('span', { 'data-literal': '' }, c.number)],
    [t('cd.d.identifier'), el('span', { 'data-literal': '' }, c.identifier)],
    [t(person ? 'cd.d.holder.person' : 'cd.d.holder.entity'), c.holder.name],
    [t(person ? 'cd.d.holder_id.person' : 'cd.d.holder_id.entity'), c.holder.id],
    ...fieldRows(c),
    [t('cd.d.issuer'), c.issuer.name],
    [t('cd.d.from'), cityDate(c.valid_from)],
    [t('cd.d.until'), c.valid_until ? cityDate(c.valid_until) : t('cd.long')],
    [t('cd.d.version'), t('cd.d.version.n', { n: c.version })],
    [t('cd.d.issued'), `${cityTime(c.issued_at)}（${t(c.source === 'imported' ? 'cd.d.source.imported' : 'cd.d.source.issued')}）`],
  ];
  if (c.changed_at) rows.push([t('cd.d.changed'), cityTime(c.changed_at)]);
  if (c.reason) rows.push([t(c.changed_at ? 'cd.d.reason' : 'cd.d.issue_reason'), el('span', { id: 'cert-reason' }, c.reason)]);
  if (c.replaces) rows.push([t('cd.d.replaces'), el('a', { href: `#cert/${c.replaces}`, id: 'replaces-link' }, t('cd.d.open'))]);
  if (c.replaced_by) rows.push([t('cd.d.replaced_by'), el('a', { href: `#cert/${c.replaced_by}`, id: 'replaced-by-link' }, t('cd.d.open'))]);
  const dl = el('dl', { class: 'entity-facts cert-facts', id: 'cert-facts', 'data-status': c.status, 'data-state': c.state });
  for (const [k, v] of rows) dl.append(el('dt', {}, k), el('dd', {}, v));
  const links = el('p', { class: 'cert-links' },
    el('a', { href: c.verify_url, target: '_blank', rel: 'noopener', id: 'verify-link' }, t('cd.d.verify')),
    person ? null : el('a', { href: `/entity.html?uscc=${encodeURIComponent(c.holder.id)}`, id: 'entity-link' }, t('cd.d.entity')));
  const qr = el('figure', { class: 'cert-qr' },
    el('img', { src: `/api/v1/certificates/${encodeURIComponent(c.id)}/qr.svg?scale=4`, alt: t('cd.d.qr.alt', { number: c.number }), width: 148, height: 148 }),
    el('figcaption', {}, t('cd.d.qr')));
  const actions = writes() && ACTIONS[c.state] ? el('div', { class: 'actions', id: 'cert-actions' }, ACTIONS[c.state].map((a) => actionForm(c, a))) : null;
  box.replaceChildren(...[
    el('h2', { id: 'cert-title' }, x ? typeName(x) : c.type.name, ' ', statusBadge(c.status)),
    el('div', { class: 'cert-head' }, dl, qr),
    links,
    actions ? el('h2', {}, t('cd.a.heading')) : null,
    actions,
    writes() && !actions ? el('p', { class: 'muted', id: 'no-actions' }, t(`cd.a.none.${c.state}`)) : null].filter(Boolean));
}

// One action on the certificate: its reason, asked once, the refusal beside it.
function actionForm(c, action) {
  const id = `act-${action}`;
  const reason = el('textarea', { id: `${id}-reason`, name: 'reason', rows: '2', maxLength: 500 });
  const button = el('button', { type: 'submit', class: action === 'reinstate' ? 'primary' : 'danger', 'data-act': action }, t(`cd.a.${action}`));
  const form = el('form', { class: 'action panel', id, 'data-action': action, novalidate: true },
    el('h3', {}, t(`cd.a.${action}`)),
    el('p', { class: 'hint' }, t(`cd.a.${action}.hint`)),
    el('div', { class: 'field' }, el('label', { for: reason.id }, t(`cd.a.${action}.reason`)), reason),
    el('div', { class: 'buttons' }, button));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFieldErrors(form);
    const why = reason.value.trim();
    if (!why) return showFieldErrors(form, [{ control: reason, message: t('cd.a.reason.need') }]);
    const x = typeOf(c.type.code);
    const what = { type: x ? typeName(x) : c.type.name, number: c.number, holder: c.holder.name };
    const yes = await confirmAction({ title: t(`cd.a.${action}.title`), text: [t(`cd.a.${action}.text`, what), t('cd.a.why', { reason: why })],
      confirm: t(`cd.a.${action}`), danger: action !== 'reinstate' });
    if (!yes) return;
    const res = await busy(button, () => api('POST', `/api/v1/certificates/${encodeURIComponent(c.id)}/${action}`, { reason: why }));
    if (!res) return;
    if (res.status !== 200 && res.status !== 201) return refused(form, c, res);
    listStale = true;
    cert = res.body;
    if (action === 'renew') location.hash = `#cert/${cert.id}`; else renderCert();
    say(t(`cd.a.${action}.done`, { number: cert.number }));
  });
  return form;
}

// A refusal of an action, in words beside it: a reason the server refuses beside the reason; the
// state it found (409: changed meanwhile) or another department's certificate (403) under the
// button, with the way to the certificate as it is now.
function refused(form, c, res) {
  const e = errorOf(res);
  if (e.field === 'reason') return showApiErrorIn(form, res);
  for (const p of form.querySelectorAll('.refusal')) p.remove();
  form.append(el('div', { class: 'refusal', role: 'alert', 'data-status': res.status },
    el('p', { class: 'error' }, e.message),
    res.status === 409 ? el('button', { type: 'button', class: 'link', 'data-act': 'reload', onclick: () => openCert(c.id) }, t('cd.a.reload')) : null));
}

/* ---- 签发 ---- */

function chosenType() { return typeOf($('i-type').value); }

function buildIssueForm() {
  const keep = $('i-type').value;
  const list = issuable();
  $('i-type').replaceChildren(...list.map((x) => el('option', { value: x.code }, typeName(x))));
  if (list.some((x) => x.code === keep)) $('i-type').value = keep;
  buildFields();
}

// The chosen type's fields, by their labels; the holder's kind says which number it takes.
function buildFields() {
  const x = chosenType();
  const values = Object.fromEntries([...$('i-fields').querySelectorAll('input')].map((i) => [i.dataset.key, i.value]));
  $('i-fields').replaceChildren(...(x ? x.fields : []).map((f, n) => el('div', { class: 'field' },
    el('label', { for: `i-field-${n}` }, en() ? f.label_en || f.label : f.label),
    el('input', { id: `i-field-${n}`, 'data-key': f.key, 'data-field': `/fields/${f.key}`, maxLength: 500, value: values[f.key] || '' }))));
  $('i-fields-set').hidden = !x || !x.fields.length;
  const kind = x ? x.holder : 'entity';
  $('i-holder-label').textContent = t(`cd.i.holder.${kind}`);
  $('i-holder-name-label').textContent = t(`cd.i.holder_name.${kind}`);
  $('i-type-hint').textContent = x ? t('cd.i.type.hint', { department: x.department.name }) : t('cd.i.type.none');
  $('i-until-hint').textContent = x && x.validity_years ? t('cd.i.until.years', { n: x.validity_years }) : t('cd.i.until.long');
  $('issue-button').disabled = !x;
}

// The message beside the holder's number as it is typed (or none): not the kit's summary,
// which would take the focus away from what is being typed.
function typed(input, message) {
  let p = $(`${input.id}-typed`);
  if (!message) {
    if (p) p.remove();
    input.removeAttribute('aria-invalid');
    return;
  }
  if (!p) {
    p = el('p', { class: 'field-error', id: `${input.id}-typed`, 'data-for': input.name });
    input.closest('.field').append(p);
  }
  p.textContent = message;
  input.setAttribute('aria-invalid', 'true');
  const ids = (input.getAttribute('aria-describedby') || '').split(' ').filter((x) => x && x !== p.id);
  input.setAttribute('aria-describedby', [...ids, p.id].join(' '));
}

// The kit's 请填写 beside a field now filled, and its line in the form's summary (the summary
// counts again, or goes with its last line).
function answered(form, input) {
  const stale = $(`${input.id}-error`);
  if (!stale) return;
  stale.remove();
  const ids = (input.getAttribute('aria-describedby') || '').split(' ').filter((id) => id && id !== stale.id);
  if (ids.length) input.setAttribute('aria-describedby', ids.join(' ')); else input.removeAttribute('aria-describedby');
  input.removeAttribute('aria-invalid');
  const summary = form.querySelector('.error-summary[data-kit]');
  if (!summary) return;
  const link = summary.querySelector(`a[href="#${input.id}"]`);
  if (link) link.closest('li').remove();
  const n = summary.querySelectorAll('li').length;
  if (!n) return summary.remove();
  summary.querySelector('.summary-title').textContent = t(n > 1 ? 'error.summary.many' : 'error.summary.one', { n });
}

async function checkHolder() {
  const input = $('i-holder'), x = chosenType();
  const value = input.value.trim().toUpperCase();
  if (value) answered($('issue'), input);
  if (!value || !x) return typed(input, null);
  const res = await api('POST', '/api/v1/certificates/check', { type: x.code, holder: value });
  // an answer to an older value (or type) is not this one's
  if (input.value.trim().toUpperCase() !== value || chosenType() !== x || res.status !== 200) return;
  const e = res.body.errors.find((f) => f.field === 'holder');
  typed(input, e ? e.message : null);
  const name = res.body.registered_name;
  if (!e && name) {
    if (!$('i-holder-name').value.trim()) {
      $('i-holder-name').value = name;
      answered($('issue'), $('i-holder-name'));
    }
    const own = $('i-fields').querySelector('input[data-key="entity.name"]');
    if (own && !own.value.trim()) own.value = name;
  }
}

function holderLater() {
  clearTimeout(timers.holder);
  timers.holder = setTimeout(checkHolder, 400);
}

async function issue(ev) {
  ev.preventDefault();
  const form = $('issue'), x = chosenType();
  typed($('i-holder'), null);
  const problems = [];
  for (const [id, label] of [['i-holder', $('i-holder-label').textContent], ['i-holder-name', $('i-holder-name-label').textContent]])
    if (!$(id).value.trim()) problems.push({ control: $(id), message: t('error.required', { label }) });
  if (showFieldErrors(form, problems)) return;
  const body = { type: x.code, holder: $('i-holder').value.trim().toUpperCase(), holder_name: $('i-holder-name').value.trim() };
  const fields = {};
  for (const i of $('i-fields').querySelectorAll('input')) if (i.value.trim()) fields[i.dataset.key] = i.value.trim();
  if (Object.keys(fields).length) body.fields = fields;
  if ($('i-from').value) body.valid_from = $('i-from').value;
  if ($('i-until').value) body.valid_until = $('i-until').value;
  if ($('i-reason').value.trim()) body.reason = $('i-reason').value.trim();
  const res = await busy($('issue-button'), () => api('POST', '/api/v1/certificates', body), t('cd.i.busy'));
  if (!res) return;
  if (res.status !== 201) return showApiErrorIn(form, res, { find: (f) => (f === 'holder' ? $('i-holder') : null) });
  clearFieldErrors(form);
  form.reset();
  $('i-from').value = cityToday();
  buildFields();
  listStale = true;
  cert = res.body;
  location.hash = `#cert/${cert.id}`;
  say(t('cd.i.done', { number: cert.number, holder: cert.holder.name }));
}

/* ---- 导入 ---- */

// The format's columns of each type the account may import: the field keys a file's header
// names (literal, as the file writes them) beside their labels, and the type's name and code.
function renderColumns() {
  $('m-columns').replaceChildren(...importable().map((x) => el('li', { 'data-type': x.code },
    typeName(x), en() ? ' (' : '（', el('code', { 'data-literal': '' }, x.code), en() ? '): ' : '）：',
    ...x.fields.flatMap((f, n) => [n ? '、' : '', el('code', { 'data-literal': '' }, f.key), ` ${en() ? f.label_en || f.label : f.label}`]))));
}

let importJob = null, importTimer = null;

async function startImport(ev) {
  ev.preventDefault();
  const form = $('import'), file = $('m-file').files[0];
  clearFieldErrors(form);
  if (!file) return showFieldErrors(form, [{ control: $('m-file'), message: t('cd.m.file.need') }]);
  const type = /\.csv$/i.test(file.name) || file.type === 'text/csv' ? 'text/csv' : 'application/x-ndjson';
  const intent = `cert-import ${file.name} ${file.size} ${file.lastModified}`;
  const res = await busy($('import-button'), async () => {
    try {
      const r = await fetch('/api/v1/cert-imports', { method: 'POST', credentials: 'same-origin', body: file,
        headers: { 'content-type': type, 'accept-language': currentLang(), 'idempotency-key': intentKey(intent) } });
      const text = await r.text();
      let body = null;
      try { body = text ? JSON.parse(text) : null; } catch { body = null; }
      if (r.ok) intentDone(intent);
      return { status: r.status, body };
    } catch {
      return { status: 0, body: { error: { message: t('error.network') } } };
    }
  }, t('cd.m.busy'));
  if (!res) return;
  if (res.status !== 202 || !res.body || !res.body.job) return showApiErrorIn(form, res, { find: () => $('m-file') });
  importJob = res.body.job;
  renderImport();
  followImport();
}

async function followImport() {
  clearTimeout(importTimer);
  if (!importJob || importJob.state === 'done' || importJob.state === 'failed') return;
  importTimer = setTimeout(async () => {
    const res = await api('GET', `/api/v1/jobs/${encodeURIComponent(importJob.id)}`);
    if (res.status === 200) {
      importJob = res.body;
      renderImport();
      if (importJob.state === 'done') listStale = true;
    }
    followImport();
  }, 500);
}

function renderImport() {
  const j = importJob;
  $('import-result').hidden = !j;
  if (!j) return;
  const { done, total, note } = j.progress || {};
  const running = j.state === 'queued' || j.state === 'running';
  $('import-result').dataset.state = j.state;
  $('import-progress').textContent = j.state === 'queued' ? t('cd.m.queued')
    : running ? `${t('cd.m.progress', { done: done || 0, total: total || 0 })}${note ? `（${note}）` : ''}`
      : j.state === 'failed' ? t('cd.m.failed', { error: j.error || '' }) : t('cd.m.finished', { done: done || 0 });
  $('import-bar').max = Math.max(total || 0, 1);
  $('import-bar').value = j.state === 'done' ? Math.max(total || 0, 1) : done || 0;
  $('import-bar').hidden = !running;
  const r = j.state === 'done' && j.result ? j.result : null;
  $('import-counts').textContent = r ? t('cd.m.counts', { imported: r.imported, already: r.already, bad: r.bad_count }) : '';
  const bad = r && r.bad ? r.bad : [];
  $('import-bad').querySelector('tbody').replaceChildren(...bad.map((b) => el('tr', { 'data-line': b.line },
    cell(t('cd.m.line.n', { n: b.line }), 'cd.m.line'), cell(en() ? b.message_en || b.message : b.message, 'cd.m.problem'))));
  $('import-bad').hidden = bad.length === 0;
  $('import-bad-more').hidden = !r || r.bad_count <= bad.length;
  $('import-bad-more').textContent = r ? t('cd.m.more', { n: r.bad_count - bad.length }) : '';
}

/* ---- tabs and the hash ---- */

function show(tab) {
  $('tab-cert-button').hidden = !cert && tab !== 'cert';
  for (const b of $('tabs').querySelectorAll('[role="tab"]')) b.setAttribute('aria-selected', String(b.dataset.tab === tab));
  for (const s of document.querySelectorAll('section.tab')) s.hidden = s.id !== `tab-${tab}`;
}

async function route() {
  const h = location.hash.slice(1);
  const m = h.match(/^cert\/([0-9A-Z]{26})$/);
  if (m) {
    show('cert');
    if (!cert || cert.id !== m[1]) { say(''); await openCert(m[1]); } else renderCert();
  } else if ((h === 'issue' || h === 'import') && writes()) {
    say('');
    show(h);
  } else {
    show('list');
    if (listStale) await find(offset);
  }
}

function rerender() {
  fillFilters();
  if ($('certs').dataset.loaded) renderList();
  renderCert();
  if (writes()) { buildIssueForm(); renderColumns(); }
  renderImport();
}

page({
  async start(account) {
    me = account;
    const res = await api('GET', '/api/v1/cert-types');
    if (res.status !== 200) return showApiError(res);
    types = res.body.types;
    for (const b of $('tabs').querySelectorAll('[data-writes]')) b.hidden = !writes();
    fillFilters();
    $('filters').addEventListener('submit', (ev) => { ev.preventDefault(); find(0); });
    $('prev').addEventListener('click', () => find(Math.max(0, offset - PAGE)));
    $('next').addEventListener('click', () => find(offset + PAGE));
    if (writes()) {
      buildIssueForm();
      renderColumns();
      $('i-from').value = cityToday();
      $('i-type').addEventListener('change', () => { buildFields(); clearFieldErrors($('issue')); checkHolder(); });
      $('i-holder').addEventListener('input', holderLater);
      $('i-holder').addEventListener('change', () => { clearTimeout(timers.holder); checkHolder(); });
      $('issue').addEventListener('submit', issue);
      $('import').addEventListener('submit', startImport);
    }
    for (const b of $('tabs').querySelectorAll('[role="tab"]'))
      b.addEventListener('click', () => {
        const to = b.dataset.tab === 'cert' && cert ? `#cert/${cert.id}` : `#${b.dataset.tab}`;
        if (location.hash === to) route(); else location.hash = to;
      });
    tabsByKeys($('tabs'));
    window.addEventListener('hashchange', async () => { await route(); document.body.dataset.route = location.hash; });
    await route();
  },
  lang: rerender,
});
