// 办件工作台: the staff's work on cases, one tab per duty of the roles logged in.
//   clerk       受理 (the queue of submitted cases, oldest first; accept with 容缺 or refuse) and
//               帮办代办 (behalf.js: an item or a bundle filed for the person at the window);
//   officer     我的待办 (the department's tasks by deadline; approve, reject, ask for 补正) and
//               差评整改 (verify, rectify and give feedback; appeal a bad rating);
//   supervisor  超期督办 (per department what is open, due soon, overdue; then each overdue task,
//               urged with a note: 督办) and 好差评 (the figures, pending appeals to decide, every
//               rectification with the rating's words and tags, opening its case).
// A case opened from a list shows whole, with the actions the actor may take on it; its address
// is #case/ID, where a message about it links (#rect/ID: a rectification on its tab). Every call
// goes to /api/v1/…; the server's refusal is shown, in the page's language, beside the input it
// names (kit.js), with a summary at the top of the form.
'use strict';

let me = null;
let currentTab = null;
let currentCase = null; // the case opened, as GET /api/v1/cases/{id} answers
let guide = null; // {fields, materials} of the opened case's item or bundle, for labels and 容缺

const has = (role) => me && me.roles.includes(role);

// `message` beside `input` of `form` (and in the form's summary), the focus there.
const fieldError = (form, input, message) => showFieldErrors(form, [{ control: input, message }]);
// A refusal of the API beside the input it names — `inputFor(field)` finds one the kit cannot.
const formError = (form, res, inputFor) => showApiErrorIn(form, res, { find: inputFor });

/* ---- small pieces ---- */

// A deadline and its colour; once nothing runs against it (decided, answered), the date alone.
function chip(color, date) {
  if (color === 'none') return el('span', { class: 'chip chip-none' }, date || '—');
  const label = t(`office.color.${color}`);
  return el('span', { class: `chip chip-${color}` }, date ? `${date} · ${label}` : label);
}

function td(label, ...children) {
  return el('td', { 'data-label': label }, ...children);
}

// A case's number under its title in a list (none for a case older than numbers).
function numberLine(number) {
  return number ? el('div', { class: 'muted case-number' }, t('office.case.number_short', { number })) : '';
}

function emptyState(tableId, emptyId, n) {
  $(tableId).hidden = n === 0;
  $(emptyId).hidden = n > 0;
}

function rate(value) {
  return value === null || value === undefined ? '—' : `${(value * 100).toFixed(1)}%`;
}

/* ---- tabs ---- */

function selectTab(name) {
  currentTab = name;
  for (const b of document.querySelectorAll('[data-tab]')) b.setAttribute('aria-selected', String(b.dataset.tab === name));
}

function showTab(name) {
  selectTab(name);
  for (const s of document.querySelectorAll('.tab')) s.hidden = s.id !== `tab-${name}`;
  $('case').hidden = true;
  currentCase = null;
  history.replaceState(null, '', `#${name}`);
  return ({ queue: loadQueue, behalf: () => {}, inbox: loadInbox, rect: loadRect, overdue: loadOverdue, ratings: loadRatings })[name]();
}

/* ---- clerk: the acceptance queue ---- */

async function loadQueue() {
  const res = await api('GET', '/api/v1/cases?state=submitted&limit=500');
  if (res.status !== 200) return showApiError(res);
  const body = $('queue').querySelector('tbody');
  body.replaceChildren();
  for (const c of res.body.cases) {
    body.append(el('tr', { 'data-case': c.id },
      td(t('office.col.title'), c.title, numberLine(c.number)),
      td(t('office.col.applicant'), c.applicant.name),
      td(t('office.col.submitted'), cityTime(c.created_at)),
      el('td', { class: 'action' }, el('button', { type: 'button', onclick: () => openCase(c.id) }, t('office.open')))));
  }
  emptyState('queue', 'queue-empty', res.body.cases.length);
  $('queue').dataset.loaded = 'true';
}

/* ---- one case ---- */

// The fields and materials the case's item or bundle asks, from the public guides.
async function loadGuide(c) {
  const res = c.bundle
    ? await api('POST', `/api/v1/bundles/${encodeURIComponent(c.bundle)}/form`, { answers: c.answers })
    : await api('GET', `/api/v1/items/${encodeURIComponent(c.item)}`);
  return res.status === 200 ? { fields: res.body.fields || [], materials: res.body.materials || [] } : { fields: [], materials: [] };
}

// Shows the case; false when it cannot be read (the error said).
async function openCase(id, note) {
  const res = await api('GET', `/api/v1/cases/${encodeURIComponent(id)}`);
  if (res.status !== 200) {
    showApiError(res);
    return false;
  }
  const sameCase = currentCase && currentCase.id === id;
  currentCase = res.body;
  currentCase.documents = await loadCaseDocuments(id);
  if (!sameCase) guide = await loadGuide(currentCase);
  if (guide.fields.some((f) => f.type === 'region')) await loadRegions(true);
  for (const s of document.querySelectorAll('.tab')) s.hidden = true;
  $('case').hidden = false;
  history.replaceState(null, '', `#case/${encodeURIComponent(id)}`);
  renderCase();
  say(note || '');
  if (!note) window.scrollTo(0, 0);
  return true;
}

function renderCase() {
  const c = currentCase;
  if (!c) return;
  $('case').dataset.id = c.id;
  $('case').dataset.state = c.state;
  $('case-title').textContent = c.title;
  const facts = [
    ...(c.number ? [['office.case.number', c.number]] : []),
    ['office.case.state', t(`office.state.${c.state}`)],
    ['office.col.applicant', c.applicant.name + (c.on_behalf ? ` · ${t('office.case.on_behalf')}` : '')],
    ['office.col.submitted', cityTime(c.created_at)],
    ['office.case.accepted_on', c.accepted_on || '—'],
    ['office.case.deadline', c.deadline || '—'],
  ];
  if (c.reason) facts.push(['office.reason', c.reason]);
  $('case-facts').replaceChildren(...facts.flatMap(([k, v]) => [el('dt', {}, t(k)), el('dd', {}, v)]));

  // the items, each with its department and its review task
  const rows = c.items.map((it) => {
    const task = c.tasks.find((x) => x.kind === 'review' && x.item === it.code);
    return el('tr', { 'data-item': it.code },
      td(t('office.col.item'), it.name + (it.stage_name ? `（${it.stage_name}）` : '')),
      td(t('office.col.department'), it.department.name),
      td(t('office.col.task'), task ? t(`office.task.${task.state}`) : '—'),
      td(t('office.col.deadline'), task && task.deadline ? chip(task.color, task.deadline) : '—'));
  });
  $('case-items').querySelector('tbody').replaceChildren(...rows);
  renderTaskActions();

  // the form in the order the guide asks it, a district by its name
  const form = c.form || {};
  const fields = guide.fields.filter((f) => f.key in form);
  const keys = [...fields.map((f) => f.key), ...Object.keys(form).filter((k) => !fields.some((f) => f.key === k))];
  const fieldOf = Object.fromEntries(guide.fields.map((f) => [f.key, f]));
  const shown = (k, v) => (typeof v === 'boolean' ? t(v ? 'portal.yes' : 'portal.no')
    : fieldOf[k]?.type === 'region' ? regionName(String(v))
    : fieldOf[k]?.type === 'yuan' && Number.isInteger(v) ? (v / 100).toFixed(2) : String(v));
  $('case-form').replaceChildren(...keys.flatMap((k) => [el('dt', {}, fieldOf[k]?.label || k), el('dd', {}, shown(k, form[k]))]));
  // each material with its file, to read before deciding (kit.js caseFile: 查看 logs the opening)
  $('case-materials').replaceChildren(...(c.materials.length ? c.materials.map((m) =>
    el('li', { 'data-material': m.name }, `${m.name} — ${t(`office.provided.${m.provided_as}`)}`,
      m.due_date ? ` · ${t('office.material.due', { date: m.due_date })}` : '',
      m.due_reason ? el('span', { class: 'due-why' }, t('behalf.due.reason.shown', { reason: m.due_reason })) : '',
      m.supplied_at ? ` · ${suppliedWords(m)}` : '',
      m.upload ? caseFile(c.id, m.name, m.upload) : null, m.certificate ? certificateLine(c, m) : null,
      windowButton(c, m))) : [el('li', { class: 'muted' }, t('portal.guide.none'))]));
  renderFixes(c, fieldOf, shown);
  // the documents the case has: 打印 and 下载PDF (documents.js)
  $('case-documents-slot').replaceChildren(caseDocuments(c.id, c.documents) || '');

  renderAcceptForms();
  // an event moves the case or one of its tasks (task_id), each with its own states; a task's
  // event names its item and kind
  const state = (e, s) => tOr(`office.${e.task_id ? 'task' : 'state'}.${s}`, '—');
  $('case-events').replaceChildren(...c.events.map((e) => {
    const task = e.task_id && c.tasks.find((x) => x.id === e.task_id);
    const what = task ? `${task.item_name} · ${t(`office.kind.${task.kind}`)} ` : '';
    const note = eventNote(e.note, task);
    // a note on a state the case stays in (what its completion did) is said as the note alone
    if (!task && e.from && e.from === e.to && note) return el('li', {}, `${cityTime(e.at)} ${e.by}：${note}`);
    return el('li', {}, `${cityTime(e.at)} ${e.by}：${what}${e.from && e.from !== e.to ? state(e, e.from) + ' → ' : ''}${state(e, e.to)}`,
      note ? ` — ${note}` : '');
  }));
}

// A material a certificate stood in for (免提交): which one, its status now — one that lapsed
// after submission (suspended, revoked, expired) said as a warning — and 查看证照, which reads it
// through the sharing interface (GET /api/v1/certificate-share: the reading is logged, and the
// holder sees it) and shows it with its QR and the page that verifies and prints it.
function certificateLine(c, m) {
  const x = m.certificate;
  const box = el('div', { class: 'cert-of-material', 'data-status': x.status },
    el('span', {}, t('office.cert.line', { type: x.type, number: x.number })), ' ',
    x.lapsed ? el('strong', { class: 'cert-lapsed' }, t('office.cert.lapsed', { status: t(`office.cert.status.${x.status}`) }))
      : el('span', { class: 'badge cert-valid' }, t('office.cert.status.valid')));
  const shown = el('div', { class: 'cert-shown', hidden: true });
  const open = el('button', { type: 'button', class: 'link cert-open', 'aria-expanded': 'false' }, t('office.cert.open'));
  open.addEventListener('click', async () => {
    if (!shown.hidden) {
      shown.hidden = true;
      open.textContent = t('office.cert.open');
      open.setAttribute('aria-expanded', 'false');
      return;
    }
    const res = await busy(open, () => api('GET', `/api/v1/certificate-share?case_id=${encodeURIComponent(c.id)}&identifier=${encodeURIComponent(x.identifier)}`));
    if (!res) return;
    if (res.status !== 200 || !res.body.certificates.length) return showApiError(res);
    shown.replaceChildren(certificateCard(res.body.certificates[0]));
    shown.hidden = false;
    open.textContent = t('office.cert.close');
    open.setAttribute('aria-expanded', 'true');
  });
  box.append(' ', open, shown);
  return box;
}

// One certificate as the sharing interface answered it: its facts, its QR, the verification page.
function certificateCard(x) {
  const until = x.valid_until ? cityDate(x.valid_until) : t('office.cert.valid.forever');
  const facts = [
    ['office.cert.type', x.type.name], ['office.cert.number', x.number], ['office.cert.holder', x.holder.name],
    // whose it is by number: two shops may bear one name
    [x.holder.kind === 'entity' ? 'office.cert.holder_id.entity' : 'office.cert.holder_id.person', el('span', { 'data-literal': '' }, x.holder.id)],
    ['office.cert.valid', t('office.cert.valid.range', { from: cityDate(x.valid_from), until })],
    ['office.cert.issuer', x.issuer.name], ['office.cert.state', t(`office.cert.status.${x.status}`)],
  ];
  return el('div', { class: 'card cert-card' },
    el('img', { class: 'cert-qr', src: `/api/v1/certificates/${encodeURIComponent(x.id)}/qr.svg?scale=4`, alt: t('office.cert.qr'), width: 132, height: 132 }),
    el('dl', { class: 'facts' }, ...facts.flatMap(([k, v]) => [el('dt', {}, t(k)), el('dd', {}, v)])),
    el('p', {}, el('a', { href: x.verify_url, target: '_blank', rel: 'noopener' }, t('office.cert.verify'))),
    el('p', { class: 'hint' }, t('office.cert.logged')));
}

// How a deferred material came in: as a file, or on paper at the window as the clerk recorded,
// by whom and when.
function suppliedWords(m) {
  const when = cityTime(m.supplied_at);
  if (m.supplied_how === 'window') return t('office.material.supplied.window', { when, who: m.supplied_by?.name || '' });
  return m.supplied_how === 'upload' ? t('office.material.supplied.file', { when }) : t('office.material.supplied');
}

// A clerk records that a deferred material was handed in on paper at the window (the applicant
// hands in a file from 我的办件): asked once, saying what it does.
function windowButton(c, m) {
  if (!has('clerk') || c.state !== 'in_progress' || m.provided_as !== 'deferred' || m.supplied_at) return null;
  const button = el('button', { type: 'button', class: 'window-paper', 'data-material': m.name }, t('office.window.record'));
  button.addEventListener('click', async () => {
    if (!(await confirmAction({ title: t('office.window.record'), text: [t('office.window.confirm', { name: m.name }), t('office.ask.final')],
      confirm: t('office.window.record'), danger: false }))) return;
    const res = await busy(button, () => api('POST', `/api/v1/cases/${c.id}/supply`, { material: m.name, at_window: true }));
    if (!res) return;
    if (res.status === 409) return stale(res);
    if (res.status !== 200) return showApiError(res);
    await openCase(c.id, t('office.window.done', { name: m.name }));
  });
  return el('div', { class: 'buttons' }, button);
}

// What each 补正 notice asked, and once the applicant resubmitted, the earlier version beside
// the new one: a material's two files, a field's two values.
function renderFixes(c, fieldOf, shown) {
  const fixes = c.corrections_asked || [];
  $('case-corrections').hidden = !fixes.length;
  const value = (k, v) => (v === null || v === undefined ? '—' : shown(k, v));
  $('case-fixes').replaceChildren(...fixes.map((f) => {
    const material = f.kind === 'material';
    const name = material ? f.name : fieldOf[f.key]?.label || f.key;
    const li = el('li', { class: 'fix', 'data-kind': f.kind, 'data-name': material ? f.name : f.key },
      el('strong', {}, name), ` — ${f.reason}`, ' ',
      el('span', { class: `badge ${f.answered_at ? 'fix-answered' : 'fix-open'}` },
        f.answered_at ? t('office.fix.answered', { when: cityTime(f.answered_at) }) : t('office.fix.open')));
    if (f.answered_at) {
      li.append(el('div', { class: 'versions' },
        el('div', { class: 'version earlier' }, el('span', { class: 'muted' }, t('office.fix.earlier')), ' ',
          material ? (f.earlier ? caseFile(c.id, f.name, f.earlier) : '—') : value(f.key, f.earlier)),
        el('div', { class: 'version given' }, el('span', { class: 'muted' }, t('office.fix.given')), ' ',
          material ? caseFile(c.id, f.name, f.given) : value(f.key, f.given))));
    }
    return li;
  }));
}

// An event's note in words: the words the server gives (a reason, a material), or those of the
// note it gives as a code (the kind of task it opened, 代为提交, 重新提交); none that repeats
// the task's kind.
function eventNote(note, task) {
  if (!note || (task && note === task.kind)) return '';
  if (hasString(`office.kind.${note}`)) return t(`office.kind.${note}`);
  const key = `my.event.${note.replace(/ /g, '_')}`;
  return hasString(key) ? t(key) : note;
}

// Someone else moved the case first (another clerk accepted it, another officer decided the
// task): the case as it is now, and why this did nothing, at the top of the page.
async function stale(res) {
  const why = errorOf(res).message;
  await openCase(currentCase.id);
  showApiError({ status: res.status, body: { error: { message: t('office.stale', { message: why }) } } });
}

/* clerk: 受理 with 容缺, or 不予受理 */

function renderAcceptForms() {
  const c = currentCase;
  const open = has('clerk') && c.state === 'submitted';
  $('accept-form').hidden = !open;
  $('refuse-form').hidden = !open;
  if (!open) return;
  clearFieldErrors($('accept-form'));
  clearFieldErrors($('refuse-form'));
  // what the applicant marked deferred, and what else the items accept as deferred
  const names = c.materials.filter((m) => m.provided_as === 'deferred').map((m) => m.name);
  for (const m of guide.materials) if (m.accepted_as.includes('deferred') && !names.includes(m.name)) names.push(m.name);
  const box = $('accept-materials');
  box.replaceChildren();
  if (!names.length) box.append(el('p', { class: 'muted' }, t('office.accept.none')));
  names.forEach((name, i) => {
    const marked = c.materials.some((m) => m.name === name && m.provided_as === 'deferred');
    const check = el('input', { type: 'checkbox', id: `defer-${i}`, 'data-material': name, checked: marked, disabled: marked });
    const date = el('input', { type: 'date', id: `defer-due-${i}`, 'data-material': name, disabled: !marked,
      'aria-label': t('office.accept.due.for', { name }) });
    check.addEventListener('change', () => { date.disabled = !check.checked; });
    // asked only once the server says the date falls after the case's own deadline
    const why = el('textarea', { id: `defer-why-${i}`, rows: '2', maxLength: 2000, 'aria-required': 'true' });
    const whyBox = el('div', { class: 'due-reason field', hidden: true }, el('label', { for: why.id, class: 'req' }, t('behalf.due.reason', { name })), why);
    box.append(el('div', { class: 'deferred' },
      el('label', { class: 'check', for: check.id }, check, ' ', name,
        marked ? el('span', { class: 'badge' }, t('office.accept.marked')) : null),
      el('label', { for: date.id, class: 'due-label' }, t('office.accept.due')), date, whyBox));
  });
}

async function accept(ev) {
  ev.preventDefault();
  const form = $('accept-form');
  clearFieldErrors(form);
  const deferred = [];
  const inputs = [];
  for (const check of form.querySelectorAll('input[type="checkbox"]')) {
    if (!check.checked) continue;
    const date = form.querySelector(`#defer-due-${check.id.slice(6)}`);
    if (!date.value) return fieldError(form, date, t('office.accept.due.required', { name: check.dataset.material }));
    const why = form.querySelector(`#defer-why-${check.id.slice(6)}`);
    const reason = why.closest('.due-reason').hidden ? '' : why.value.trim();
    deferred.push({ material: check.dataset.material, due_date: date.value, ...(reason ? { due_reason: reason } : {}) });
    inputs.push(date);
  }
  const res = await busy($('accept-submit'), () => api('POST', `/api/v1/cases/${currentCase.id}/accept`, deferred.length ? { deferred } : {}));
  if (!res) return;
  // "/deferred/2/due_date" and "/deferred/2" concern the third date given; "/deferred/2/due_reason"
  // its reason, asked now: the date falls after the case's own deadline
  if (res.status === 409) return stale(res);
  if (res.status !== 200) {
    return formError(form, res, (field) => {
      const [, n, reason] = field.match(/^\/deferred\/(\d+)(\/due_reason)?/) || [];
      const date = inputs[Number(n)];
      if (!date || !reason) return date || null;
      const why = form.querySelector(`#defer-why-${date.id.slice(10)}`);
      why.closest('.due-reason').hidden = false;
      return why;
    });
  }
  currentCase = res.body;
  currentCase.documents = await loadCaseDocuments(currentCase.id); // the receipt it was given
  renderCase();
  say(t('office.accept.done', { title: res.body.title, deadline: res.body.deadline || '—' }));
}

async function refuse(ev) {
  ev.preventDefault();
  const form = $('refuse-form');
  clearFieldErrors(form);
  const reason = $('refuse-reason').value.trim();
  if (!reason) return fieldError(form, $('refuse-reason'), t('office.reason.required'));
  if (!(await confirmAction({ title: t('office.ask.refuse.title'),
    text: [t('office.ask.refuse', { title: currentCase.title, reason }), t('office.ask.final')], confirm: t('office.refuse.submit') }))) return;
  const res = await busy($('refuse-submit'), () => api('POST', `/api/v1/cases/${currentCase.id}/refuse`, { reason }));
  if (!res) return;
  if (res.status === 409) return stale(res);
  if (res.status !== 200) return formError(form, res, () => $('refuse-reason'));
  $('refuse-reason').value = '';
  currentCase = res.body;
  currentCase.documents = await loadCaseDocuments(currentCase.id); // the decision it was given
  renderCase();
  say(t('office.refuse.done'));
}

/* officer: the department's open tasks of this case */

function renderTaskActions() {
  const box = $('task-actions');
  box.replaceChildren();
  if (!has('officer') || !me.department) return;
  const mine = currentCase.tasks.filter((x) => x.state === 'open' && x.department.code === me.department.code);
  for (const task of mine) {
    const reason = el('textarea', { id: `reason-${task.id}`, rows: '2' });
    const form = el('form', { class: 'card task-card', 'data-task': task.id, novalidate: true },
      el('h3', {}, `${t(`office.kind.${task.kind}`)}：${task.item_name}`, ' ', chip(task.color, task.deadline)),
      el('label', { for: reason.id }, t('office.task.reason')), reason,
      task.kind === 'review' ? askList(task) : null,
      el('div', { class: 'buttons' },
        el('button', { type: 'button', class: 'primary', 'data-act': 'approve', onclick: () => decide(task, 'approve', form) }, t('office.task.approve')),
        el('button', { type: 'button', 'data-act': 'correct', onclick: () => decide(task, 'correct', form) }, t('office.task.correct')),
        el('button', { type: 'button', 'data-act': 'reject', onclick: () => decide(task, 'reject', form) }, t('office.task.reject'))));
    form.addEventListener('submit', (e) => e.preventDefault());
    box.append(form);
  }
}

// 补正 as a one-time notice: each material to upload again and each form field to correct, ticked,
// with its reason.
function askList(task) {
  const rows = [];
  const row = (kind, name, label) => {
    const id = `ask-${task.id}-${kind}-${rows.length}`;
    const check = el('input', { type: 'checkbox', id, 'data-kind': kind, 'data-name': name });
    const why = el('input', { id: `${id}-reason`, class: 'ask-reason', hidden: true, maxLength: 500,
      'aria-label': t('office.ask.reason.for', { name: label }) });
    check.addEventListener('change', () => { why.hidden = !check.checked; if (check.checked) why.focus(); });
    rows.push(el('div', { class: 'ask' }, el('label', { class: 'check', for: id }, check, ' ', label), why));
  };
  for (const m of guide.materials) if (m.accepted_as.includes('upload')) row('material', m.name, m.name);
  const materials = rows.length;
  for (const f of guide.fields) if (f.key in (currentCase.form || {})) row('field', f.key, f.label);
  return el('details', { class: 'asks' }, el('summary', {}, t('office.ask.title')),
    el('p', { class: 'hint' }, t('office.ask.hint')),
    materials ? el('h4', {}, t('office.ask.materials')) : null, ...rows.slice(0, materials),
    rows.length > materials ? el('h4', {}, t('office.ask.fields')) : null, ...rows.slice(materials));
}

async function decide(task, action, form) {
  clearFieldErrors(form);
  const reasonInput = form.querySelector('textarea');
  const reason = reasonInput.value.trim();
  if (action !== 'approve' && !reason) return fieldError(form, reasonInput, t('office.reason.required'));
  // 不予批准 cannot be undone: asked once, saying what the applicant receives
  if (action === 'reject' && !(await confirmAction({ title: t('office.ask.reject.title'),
    text: [t(currentCase.title === task.item_name ? 'office.ask.rejectOne' : 'office.ask.reject', { title: currentCase.title, item: task.item_name, reason }), t('office.ask.final')],
    confirm: t('office.task.reject') }))) return;
  // a certificate that stood in for a material and lapsed since: approving is the officer's call, said first
  const lapsed = currentCase.materials.filter((m) => m.certificate && m.certificate.lapsed);
  if (action === 'approve' && lapsed.length && !(await confirmAction({ title: t('office.cert.approve.title'),
    text: [t('office.cert.approve.warn', { names: lapsed.map((m) => `${m.name}（${t(`office.cert.status.${m.certificate.status}`)}）`).join('、') })],
    confirm: t('office.task.approve'), danger: false }))) return;
  const body = action === 'approve' ? undefined : { reason };
  // the notice's materials and fields, each with its reason; a pointer of the answer finds its input
  const asked = { material: [], field: [] };
  if (action === 'correct') {
    for (const check of form.querySelectorAll('.asks input[type="checkbox"]:checked')) {
      const why = form.querySelector(`#${check.id}-reason`);
      if (!why.value.trim()) return fieldError(form, why, t('office.ask.reason.required', { name: check.parentElement.textContent.trim() }));
      asked[check.dataset.kind].push({ input: why, item: { [check.dataset.kind === 'material' ? 'name' : 'key']: check.dataset.name, reason: why.value.trim() } });
    }
    // a one-time notice names what to hand in again: a notice of words alone leaves the
    // applicant nothing to upload or correct
    if (!asked.material.length && !asked.field.length) {
      const list = form.querySelector('.asks');
      list.open = true;
      return fieldError(form, list.querySelector('input[type="checkbox"]') || list, t('office.ask.none'));
    }
    if (asked.material.length) body.materials = asked.material.map((a) => a.item);
    if (asked.field.length) body.fields = asked.field.map((a) => a.item);
  }
  const res = await busy([...form.querySelectorAll('button')],
    () => api('POST', `/api/v1/tasks/${task.id}/${action}`, body));
  if (!res) return;
  if (res.status === 409) return stale(res);
  const inputOf = (field) => {
    const m = (field || '').match(/^\/(materials|fields)\/(\d+)/);
    return m ? asked[m[1] === 'materials' ? 'material' : 'field'][Number(m[2])]?.input || null : null;
  };
  if (res.status !== 200) return formError(form, res, (field) => inputOf(field) || reasonInput);
  await openCase(currentCase.id, t(`office.task.done.${action}`, { item: task.item_name }));
}

/* ---- officer: my inbox ---- */

async function loadInbox() {
  const res = await api('GET', '/api/v1/inbox');
  if (res.status !== 200) return showApiError(res);
  const body = $('inbox').querySelector('tbody');
  body.replaceChildren(...res.body.tasks.map((task) =>
    el('tr', { 'data-task': task.id, 'data-color': task.color },
      td(t('office.col.deadline'), chip(task.color, task.deadline)),
      td(t('office.col.title'), task.case_title, numberLine(task.case_number)),
      td(t('office.col.item'), task.item_name),
      td(t('office.col.stage'), t(`office.kind.${task.kind}`) + (task.stage > 0 ? ` · ${t('office.stage', { n: task.stage + 1 })}` : '')),
      el('td', { class: 'action' }, el('button', { type: 'button', onclick: () => openCase(task.case_id) }, t('office.open'))))));
  emptyState('inbox', 'inbox-empty', res.body.tasks.length);
  $('inbox').dataset.loaded = 'true';
}

/* ---- officer: 差评整改 and 申诉 ---- */

async function loadRect() {
  const [res, appeals] = await Promise.all([api('GET', '/api/v1/rectifications'), api('GET', '/api/v1/rating-appeals')]);
  if (res.status !== 200) return showApiError(res);
  const appealed = new Map((appeals.status === 200 ? appeals.body.ratings : []).map((r) => [r.id, r.appeal]));
  const list = $('rect-list');
  list.replaceChildren(...res.body.rectifications.map((r) => rectCard(r, appealed.get(r.rating_id))));
  $('rect-empty').hidden = res.body.rectifications.length > 0;
  list.dataset.loaded = 'true';
}

// What the applicant wrote and the tags they chose, in their words (the department's card and
// the supervisor's list alike).
function ratingWords(r) {
  return [
    r.text ? el('blockquote', { class: 'rating-text', 'aria-label': t('office.rect.text'), 'data-literal': '' }, r.text) : '',
    r.tags && r.tags.length ? el('ul', { class: 'rating-tags', 'aria-label': t('office.rect.tags') },
      ...r.tags.map((tag) => el('li', { 'data-literal': '' }, tag))) : ''];
}

function rectCard(r, appeal) {
  const card = el('article', { class: 'card rect', 'data-rect': r.id, 'data-state': r.state },
    el('h3', {}, t(`office.level.${r.level}`), ' ', chip(r.color, r.deadline)),
    el('p', {}, `${t('office.col.state')}：${t(`office.rect.state.${r.state}`)}`,
      r.revisit ? ` · ${t(`office.revisit.${r.revisit}`)}` : '', r.excluded ? ` · ${t('office.rect.excluded')}` : ''),
    ...ratingWords(r),
    el('button', { type: 'button', class: 'link', onclick: () => openCase(r.case_id) }, t('office.rect.case')));
  const step = { verifying: 'verify', rectifying: 'feedback' }[r.state];
  if (step) {
    const id = `note-${r.id}`;
    const note = el('textarea', { id, rows: '2' });
    const form = el('form', { class: 'step', novalidate: true },
      el('label', { for: id }, t(`office.rect.note.${step}`)), note,
      el('div', { class: 'buttons' }, el('button', { type: 'submit', class: 'primary', 'data-act': step }, t(`office.rect.${step}`))));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      clearFieldErrors(form);
      if (!note.value.trim()) return fieldError(form, note, t('office.note.required'));
      const res = await busy(form.querySelector('button'), () => api('POST', `/api/v1/rectifications/${r.id}/${step}`, { note: note.value.trim() }));
      if (!res) return;
      if (res.status !== 200) return formError(form, res, () => note);
      await loadRect();
      say(t(`office.rect.done.${step}`));
    });
    card.append(form);
  }
  if (appeal) {
    card.append(el('p', { class: 'muted' }, t('office.appeal.state', { state: t(`office.appeal.${appeal.state}`) })));
  } else if (!r.excluded) {
    const id = `appeal-${r.id}`;
    const reason = el('textarea', { id, rows: '2' });
    const form = el('form', { class: 'step appeal', novalidate: true },
      el('label', { for: id }, t('office.appeal.reason')), reason,
      el('div', { class: 'buttons' }, el('button', { type: 'submit', 'data-act': 'appeal' }, t('office.appeal.submit'))));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      clearFieldErrors(form);
      if (!reason.value.trim()) return fieldError(form, reason, t('office.reason.required'));
      const res = await busy(form.querySelector('button'), () => api('POST', `/api/v1/ratings/${r.rating_id}/appeal`, { reason: reason.value.trim() }));
      if (!res) return;
      if (res.status !== 201) return formError(form, res, () => reason);
      await loadRect();
      say(t('office.appeal.done'));
    });
    card.append(form);
  }
  return card;
}

/* ---- supervisor: 超期督办 ---- */

const OVERDUE_PAGE = 50;
let overdueShown = []; // the overdue tasks listed so far (GET /api/v1/overdue/tasks, page by page)
let overdueTotal = 0;

async function loadOverdue() {
  const res = await api('GET', '/api/v1/overdue');
  if (res.status !== 200) return showApiError(res);
  const rows = res.body.departments;
  $('overdue').querySelector('tbody').replaceChildren(...rows.map((d) =>
    el('tr', { 'data-department': d.code, class: d.red ? 'late' : null },
      td(t('office.col.department'), d.name), td(t('office.col.open'), String(d.open)),
      td(t('office.col.yellow'), String(d.yellow)), td(t('office.col.red'), String(d.red)))));
  emptyState('overdue', 'overdue-empty', rows.length);
  // the departments with something overdue, to narrow the list of tasks to one
  const pick = $('overdue-department');
  const chosen = pick.value;
  pick.replaceChildren(el('option', { value: '' }, t('office.overdue.all')),
    ...rows.filter((d) => d.red).map((d) => el('option', { value: d.code }, d.name)));
  pick.value = [...pick.options].some((o) => o.value === chosen) ? chosen : '';
  await loadOverdueTasks(false);
  $('overdue').dataset.loaded = 'true';
}

// The overdue tasks of the department picked (or all): the first page, or the next (`more`).
async function loadOverdueTasks(more) {
  const dept = $('overdue-department').value;
  const q = new URLSearchParams({ limit: String(OVERDUE_PAGE), offset: String(more ? overdueShown.length : 0) });
  if (dept) q.set('department', dept);
  const res = await api('GET', `/api/v1/overdue/tasks?${q}`);
  if (res.status !== 200) return showApiError(res);
  overdueShown = more ? [...overdueShown, ...res.body.tasks] : res.body.tasks;
  overdueTotal = res.body.total;
  renderOverdueTasks();
}

function renderOverdueTasks() {
  $('overdue-tasks').querySelector('tbody').replaceChildren(...overdueShown.map(overdueRow));
  emptyState('overdue-tasks', 'overdue-tasks-empty', overdueShown.length);
  const more = $('overdue-more');
  more.hidden = overdueShown.length >= overdueTotal;
  more.textContent = t('office.overdue.more', { shown: overdueShown.length, total: overdueTotal });
  $('overdue-tasks').dataset.loaded = 'true';
}

function overdueRow(task) {
  const urged = task.urged
    ? [el('div', {}, t('office.urge.count', { n: task.urged })),
      el('div', { class: 'muted urge-note' }, t('office.urge.last', { note: task.last_note }))]
    : [el('span', { class: 'muted' }, t('office.urge.never'))];
  const row = el('tr', { 'data-task': task.id, 'data-urged': String(task.urged) },
    td(t('office.col.case'), el('button', { type: 'button', class: 'link', onclick: () => openCase(task.case_id) }, task.case_title),
      numberLine(task.case_number),
      // which task of the case: its kind, and its item when a bundle has several
      el('div', { class: 'muted task-kind' }, [tOr(`office.kind.${task.kind}`, ''), task.item_name && task.item_name !== task.case_title ? task.item_name : '']
        .filter(Boolean).join(' · '))),
    td(t('office.col.department'), task.department.name),
    td(t('office.col.officer'), task.officer || t('office.overdue.nobody', { department: task.department.name })),
    td(t('office.col.over'), el('span', { class: 'chip chip-red' }, task.days_over > 0 ? t('office.overdue.days', { n: task.days_over }) : t('office.color.red')),
      el('div', { class: 'muted' }, t('office.overdue.due', { date: task.deadline }))),
    td(t('office.col.urged'), ...urged));
  const cellAction = el('td', { class: 'action' });
  if (has('supervisor')) cellAction.append(urgeForm(task));
  row.append(cellAction);
  return row;
}

// 督办: a note to the task's department (POST /api/v1/tasks/{id}/urge), sent as a message.
function urgeForm(task) {
  const id = `urge-${task.id}`;
  const note = el('textarea', { id, rows: '2' });
  const form = el('form', { class: 'urge', novalidate: true },
    el('label', { for: id }, t('office.urge.note')), note,
    el('div', { class: 'buttons' }, el('button', { type: 'submit', class: 'primary', 'data-act': 'urge' }, t('office.urge.submit'))));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFieldErrors(form);
    if (!note.value.trim()) return fieldError(form, note, t('office.note.required'));
    const res = await busy(form.querySelector('button'), () => api('POST', `/api/v1/tasks/${task.id}/urge`, { note: note.value.trim() }));
    if (!res) return;
    if (res.status !== 201) return formError(form, res, () => note);
    await loadOverdueTasks(false);
    say(t('office.urge.done', { title: task.case_title }));
  });
  return form;
}

/* ---- supervisor: 好差评 ---- */

async function loadRatings() {
  const [stats, appeals, rects] = await Promise.all([api('GET', '/api/v1/ratings/stats?by=department'),
    api('GET', '/api/v1/rating-appeals?state=pending'), api('GET', '/api/v1/rectifications')]);
  for (const r of [stats, appeals, rects]) if (r.status !== 200) return showApiError(r);
  $('stats').querySelector('tbody').replaceChildren(...stats.body.rows.map((row) =>
    el('tr', { 'data-department': row.key },
      td(t('office.col.department'), row.name), td(t('office.col.total'), String(row.total)),
      td(t('office.col.bad'), String(row.bad)), td(t('office.col.rectify_rate'), rate(row.rectify_rate)),
      td(t('office.col.revisit_rate'), rate(row.revisit_rate)))));
  emptyState('stats', 'stats-empty', stats.body.rows.length);
  $('appeal-list').replaceChildren(...appeals.body.ratings.map(appealCard));
  $('appeal-empty').hidden = appeals.body.ratings.length > 0;
  $('rects-all').querySelector('tbody').replaceChildren(...rects.body.rectifications.map((r) =>
    el('tr', { 'data-rect': r.id },
      td(t('office.col.deadline'), chip(r.color, r.deadline)), td(t('office.col.department'), r.department.name),
      td(t('office.col.level'), t(`office.level.${r.level}`), ...ratingWords(r),
        el('div', {}, el('button', { type: 'button', class: 'link', onclick: () => openCase(r.case_id) }, t('office.rect.case')))),
      td(t('office.col.state'), t(`office.rect.state.${r.state}`) + (r.excluded ? ` · ${t('office.rect.excluded')}` : '')))));
  emptyState('rects-all', 'rects-all-empty', rects.body.rectifications.length);
  $('stats').dataset.loaded = 'true';
}

function appealCard(rating) {
  const id = `decide-${rating.id}`;
  const note = el('textarea', { id, rows: '2' });
  const form = el('form', { class: 'card rect', 'data-rating': rating.id, novalidate: true },
    el('h3', {}, `${rating.department.name} · ${t(`office.level.${rating.level}`)}`),
    rating.text ? el('p', {}, rating.text) : null,
    el('p', {}, `${t('office.appeal.reason')}：${rating.appeal.reason}`),
    el('label', { for: id }, t('office.appeal.note')), note,
    el('div', { class: 'buttons' },
      el('button', { type: 'button', class: 'primary', 'data-act': 'upheld', onclick: () => decideAppeal('upheld') }, t('office.appeal.uphold')),
      el('button', { type: 'button', 'data-act': 'dismissed', onclick: () => decideAppeal('dismissed') }, t('office.appeal.dismiss'))));
  form.addEventListener('submit', (e) => e.preventDefault());
  async function decideAppeal(decision) {
    clearFieldErrors(form);
    const body = { decision };
    if (note.value.trim()) body.note = note.value.trim();
    const res = await busy([...form.querySelectorAll('button')], () => api('POST', `/api/v1/ratings/${rating.id}/appeal/decision`, body));
    if (!res) return;
    if (res.status !== 200) return formError(form, res, () => note);
    await loadRatings();
    say(t(`office.appeal.done.${decision}`));
  }
  return form;
}

/* ---- the page ---- */

function rerender() {
  if (currentCase) renderCase();
  else if (currentTab) showTab(currentTab);
}

page({
  async start(account) {
    me = account;
    const tabs = [...document.querySelectorAll('[data-tab]')];
    for (const b of tabs) {
      b.hidden = !b.dataset.roles.split(' ').some(has);
      b.addEventListener('click', () => showTab(b.dataset.tab));
    }
    $('case-back').addEventListener('click', () => showTab(currentTab));
    $('accept-form').addEventListener('submit', accept);
    $('refuse-form').addEventListener('submit', refuse);
    if (has('clerk')) await startBehalf(); // behalf.js
    $('overdue-department').addEventListener('change', () => loadOverdueTasks(false));
    $('overdue-more').addEventListener('click', () => busy($('overdue-more'), () => loadOverdueTasks(true)));
    const visible = tabs.filter((b) => !b.hidden).map((b) => b.dataset.tab);
    const wanted = location.hash.slice(1);
    if (!visible.length) {
      say(t('office.none'));
      return;
    }
    tabsByKeys($('tabs'));
    // a message's link: the case it is about (back to the first tab), or a rectification on its tab
    const [, caseId] = wanted.match(/^case\/(.+)$/) || [];
    const [, rectId] = wanted.match(/^rect\/(.+)$/) || [];
    if (caseId) {
      selectTab(visible[0]);
      if (!(await openCase(decodeURIComponent(caseId)))) await showTab(visible[0]);
    } else if (rectId && visible.includes('rect')) {
      await showTab('rect');
      const card = document.querySelector(`[data-rect="${CSS.escape(decodeURIComponent(rectId))}"]`);
      if (card) {
        history.replaceState(null, '', `#rect/${rectId}`);
        card.classList.add('linked');
        card.scrollIntoView({ block: 'center' });
      }
    } else {
      await showTab(visible.includes(wanted) ? wanted : visible[0]);
    }
  },
  lang: rerender,
});
