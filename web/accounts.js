// 账号管理 for administrators: accounts found by name, login, the end of an ID number or USCC and
// department, twenty a page (GET /api/v1/accounts); one opened to change its roles and department
// (PATCH), to disable or enable it — asked once, saying that its sessions end — and to give it a
// new password, shown here once or sent to its phone (POST …/password); a staff account made with
// a password generated here (shown once) or typed; departments made, renamed and disabled. Every
// refusal is shown beside the field it names.
'use strict';

const PAGE = 20;
const ROLES = ['clerk', 'officer', 'supervisor', 'admin'];

let me = null;
let depts = [];       // GET /api/v1/departments
let regions = [];     // the city's districts, and the city itself
let found = null;     // the last search's answer
let offset = 0;
let current = null;   // the account opened to manage
let shownPassword = null; // {id, password} of a password just made, shown until another action

const deptName = (id) => depts.find((d) => d.id === id)?.name ?? '—';

/* ---- the list ---- */

function fillDepartments() {
  const open = depts.filter((d) => !d.disabled);
  const opts = (list) => list.map((d) => el('option', { value: d.code }, d.name));
  const keep = $('s-dept').value, keepNew = $('c-dept').value;
  $('s-dept').replaceChildren(el('option', { value: '' }, t('acc.all')), ...opts(depts));
  $('c-dept').replaceChildren(el('option', { value: '' }, t('acc.choose')), ...opts(open));
  $('s-dept').value = keep;
  $('c-dept').value = keepNew;
}

function stateOf(a) {
  if (a.disabled) return el('span', { class: 'badge acc-off' }, t('acc.state.disabled'));
  if (!a.password_set) return el('span', { class: 'badge' }, t('acc.state.walkin'));
  return el('span', { class: 'badge acc-on' }, t('acc.state.enabled'));
}

function renderResults() {
  const body = $('results').querySelector('tbody');
  if (!found) return;
  body.replaceChildren(...found.accounts.map((a) => el('tr', { 'data-id': a.id },
    cell(el('span', { 'data-literal': '' }, a.name), 'acc.f.name'),
    cell(el('span', { 'data-literal': '' }, a.login), 'acc.f.login'),
    cell(t(`kind.${a.kind}`), 'acc.s.kind'),
    cell(a.department ? a.department.name : '—', 'acc.f.department'),
    cell(a.roles.map((r) => t(`role.${r}`)).join('、'), 'acc.f.roles'),
    cell(stateOf(a), 'acc.f.state'),
    cell(el('button', { type: 'button', class: 'link', 'data-act': 'manage', 'aria-label': t('acc.manage.named', { name: a.name }),
      onclick: () => openAccount(a.id) }, t('acc.manage')), 'acc.f.act'))));
  $('found').textContent = t('acc.found', { n: found.total });
  const pages = Math.max(1, Math.ceil(found.total / PAGE));
  $('pager').hidden = found.total <= PAGE;
  $('page-of').textContent = t('acc.page', { page: Math.floor(offset / PAGE) + 1, pages });
  $('prev').disabled = offset === 0;
  $('next').disabled = offset + PAGE >= found.total;
  $('results').dataset.loaded = 'true';
}

async function search(from) {
  const q = new URLSearchParams({ limit: PAGE, offset: from });
  const text = $('s-q').value.trim();
  if (text) q.set('q', text);
  if ($('s-kind').value) q.set('kind', $('s-kind').value);
  if ($('s-dept').value) q.set('department', $('s-dept').value);
  const res = await busy($('search-button'), () => api('GET', `/api/v1/accounts?${q}`));
  if (!res) return;
  if (res.status !== 200) return showApiErrorIn($('search'), res, { find: (f) => ({ q: $('s-q'), department: $('s-dept'), kind: $('s-kind') })[f] });
  clearFieldErrors($('search'));
  offset = from;
  found = res.body;
  renderResults();
}

/* ---- one account ---- */

async function openAccount(id) {
  const res = await api('GET', `/api/v1/accounts/${encodeURIComponent(id)}`);
  if (res.status !== 200) return showApiError(res);
  current = res.body;
  if (shownPassword && shownPassword.id !== id) shownPassword = null;
  renderManage();
  $('manage').scrollIntoView({ block: 'nearest' });
  $('manage').querySelector('h2').focus();
}

function roleBoxes(prefix, checked) {
  return ROLES.map((r) => el('label', { class: 'check' },
    el('input', { type: 'checkbox', name: 'roles', value: r, id: `${prefix}-role-${r}`, checked: checked.includes(r) }), ' ', t(`role.${r}`)));
}

function renderManage() {
  const box = $('manage');
  if (!current) { box.hidden = true; return; }
  const a = current;
  const staff = a.kind === 'staff';
  const self = me && a.id === me.id;
  const facts = el('dl', { class: 'facts' },
    el('dt', {}, t('acc.f.login')), el('dd', { 'data-literal': '' }, a.login),
    el('dt', {}, t('acc.s.kind')), el('dd', {}, t(`kind.${a.kind}`)),
    a.phone ? [el('dt', {}, t('acc.f.phone')), el('dd', { 'data-literal': '' }, a.phone)] : null,
    a.legal_representative ? [el('dt', {}, t('acc.f.legal')), el('dd', { 'data-literal': '' }, a.legal_representative)] : null,
    el('dt', {}, t('acc.f.state')), el('dd', {}, stateOf(a)),
    el('dt', {}, t('acc.f.created')), el('dd', {}, cityTime(a.created_at)));
  const parts = [el('h2', { tabindex: '-1', id: 'manage-title' }, el('span', { 'data-literal': '' }, a.name)), facts];
  if (staff) {
    const form = el('form', { id: 'm-roles-form', novalidate: true },
      el('fieldset', { class: 'tags', id: 'm-roles', 'data-field': 'roles' }, el('legend', {}, t('acc.f.roles')), roleBoxes('m', a.roles)),
      el('div', { class: 'field' }, el('label', { for: 'm-dept' }, t('acc.f.department')),
        el('select', { id: 'm-dept', name: 'department' }, depts.filter((d) => !d.disabled || d.id === a.department?.id)
          .map((d) => el('option', { value: d.code, selected: d.id === a.department?.id }, d.name)))),
      el('div', { class: 'buttons' }, el('button', { type: 'submit', class: 'primary', id: 'm-save' }, t('acc.m.save'))));
    form.addEventListener('submit', saveRoles);
    parts.push(form);
  }
  const actions = el('div', { class: 'buttons wrap' });
  if (!self) {
    actions.append(el('button', { type: 'button', id: 'm-toggle', class: a.disabled ? '' : 'danger', onclick: toggleDisabled },
      t(a.disabled ? 'acc.m.enable' : 'acc.m.disable')));
  }
  actions.append(el('button', { type: 'button', id: 'm-reset-show', onclick: () => resetPassword('show') }, t('acc.m.reset.show')));
  if (a.phone) actions.append(el('button', { type: 'button', id: 'm-reset-sms', onclick: () => resetPassword('sms') }, t('acc.m.reset.sms')));
  parts.push(el('h3', {}, t('acc.m.actions')), actions);
  if (!a.phone) parts.push(el('p', { class: 'hint' }, t('acc.m.nophone')));
  if (shownPassword && shownPassword.id === a.id) {
    parts.push(el('div', { class: 'password-once', role: 'status', id: 'new-password' },
      el('p', {}, t('acc.m.password.shown')), el('p', { class: 'password' }, el('code', { 'data-literal': '' }, shownPassword.password)),
      el('p', { class: 'hint' }, t('acc.m.password.once'))));
  }
  parts.push(el('div', { class: 'buttons' }, el('button', { type: 'button', class: 'link', onclick: () => { current = null; shownPassword = null; renderManage(); } }, t('acc.m.close'))));
  box.replaceChildren(...parts);
  box.hidden = false;
}

function checkedRoles(scope) {
  return [...scope.querySelectorAll('input[name="roles"]:checked')].map((i) => i.value);
}

async function saveRoles(ev) {
  ev.preventDefault();
  const form = ev.target;
  const roles = checkedRoles(form);
  if (!roles.length) return showFieldErrors(form, [{ control: form.querySelector('input[name="roles"]'), field: 'roles', message: t('acc.roles.required') }]);
  const res = await busy($('m-save'), () => api('PATCH', `/api/v1/accounts/${current.id}`, { roles, department: $('m-dept').value }));
  if (!res) return;
  if (res.status !== 200) return showApiErrorIn(form, res, { find: (f) => ({ roles: form.querySelector('input[name="roles"]'), department: $('m-dept') })[f] });
  current = res.body;
  renderManage();
  say(t('acc.m.saved', { name: current.name }));
  await refreshRow();
}

async function toggleDisabled() {
  const a = current;
  const disable = !a.disabled;
  if (!confirm(t(disable ? 'acc.m.disable.confirm' : 'acc.m.enable.confirm', { name: a.name }))) return;
  const res = await busy($('m-toggle'), () => api('PATCH', `/api/v1/accounts/${a.id}`, { disabled: disable }));
  if (!res) return;
  if (res.status !== 200) return showApiError(res);
  current = res.body;
  renderManage();
  say(t(disable ? 'acc.m.disabled' : 'acc.m.enabled', { name: a.name }));
  await refreshRow();
}

async function resetPassword(send) {
  const a = current;
  if (!confirm(t(send === 'sms' ? 'acc.m.reset.sms.confirm' : 'acc.m.reset.show.confirm', { name: a.name, phone: a.phone }))) return;
  const button = $(send === 'sms' ? 'm-reset-sms' : 'm-reset-show');
  // each click a new password: the intent is this click's
  const res = await busy(button, () => api('POST', `/api/v1/accounts/${a.id}/password`, { send }, { intent: `reset ${a.id} ${newKey()}` }));
  if (!res) return;
  if (res.status !== 200) return showApiError(res);
  shownPassword = send === 'show' ? { id: a.id, password: res.body.password } : null;
  renderManage();
  say(t(send === 'sms' ? 'acc.m.reset.sent' : 'acc.m.reset.done', { name: a.name }));
}

async function refreshRow() {
  if (found) await search(offset);
}

/* ---- a new staff account ---- */

// 12 characters that cannot be mistaken for one another when read out
function generatedPassword() {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzACDEFGHJKLMNPQRTUVWXY2346789';
  const r = crypto.getRandomValues(new Uint32Array(12));
  return Array.from(r, (x) => alphabet[x % alphabet.length]).join('');
}

function ownPassword() {
  return $('create').querySelector('input[name="pwway"]:checked').value === 'own';
}

async function createAccount(ev) {
  ev.preventDefault();
  const form = $('create');
  const body = { kind: 'staff', login: $('c-login').value.trim(), name: $('c-name').value.trim(), department: $('c-dept').value,
    roles: checkedRoles(form) };
  if ($('c-phone').value.trim()) body.phone = $('c-phone').value.trim();
  const problems = [];
  if (!body.login) problems.push({ control: $('c-login'), message: t('error.required', { label: t('acc.f.login') }) });
  if (!body.name) problems.push({ control: $('c-name'), message: t('error.required', { label: t('acc.f.name') }) });
  if (!body.department) problems.push({ control: $('c-dept'), message: t('acc.department.required') });
  if (!body.roles.length) problems.push({ control: form.querySelector('input[name="roles"]'), field: 'roles', message: t('acc.roles.required') });
  if (ownPassword() && !$('c-password').value) problems.push({ control: $('c-password'), message: t('error.required', { label: t('acc.c.password') }) });
  if (showFieldErrors(form, problems)) return;
  body.password = ownPassword() ? $('c-password').value : generatedPassword();
  const res = await busy($('create-button'), () => api('POST', '/api/v1/accounts', body));
  if (!res) return;
  if (res.status !== 201) return showApiErrorIn(form, res, { find: (f) => ({ roles: form.querySelector('input[name="roles"]'), department: $('c-dept') })[f] });
  clearFieldErrors(form);
  const made = res.body;
  $('created').replaceChildren(
    el('h2', {}, t('acc.c.done', { name: made.name })),
    el('dl', { class: 'facts' },
      el('dt', {}, t('acc.f.login')), el('dd', { 'data-literal': '' }, made.login),
      el('dt', {}, t('acc.f.department')), el('dd', {}, made.department.name),
      el('dt', {}, t('acc.f.roles')), el('dd', {}, made.roles.map((r) => t(`role.${r}`)).join('、')),
      el('dt', {}, t('acc.c.password')), el('dd', { class: 'password' }, el('code', { 'data-literal': '', id: 'created-password' }, body.password))),
    el('p', { class: 'hint' }, t('acc.m.password.once')));
  $('created').hidden = false;
  form.reset();
  $('c-password-field').hidden = true;
  $('created').scrollIntoView({ block: 'nearest' });
}

/* ---- departments ---- */

function renderDepartments() {
  const body = $('depts').querySelector('tbody');
  body.replaceChildren(...depts.map((d) => {
    const input = el('input', { type: 'text', value: d.name, maxlength: 100, 'aria-label': t('acc.d.rename.named', { name: d.name }), id: `d-rename-${d.code}` });
    const rename = el('form', { class: 'inline rename', novalidate: true }, input,
      el('button', { type: 'submit' }, t('acc.d.rename')));
    rename.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const res = await busy(rename.querySelector('button'), () => api('PATCH', `/api/v1/departments/${encodeURIComponent(d.code)}`, { name: input.value.trim() }));
      if (!res) return;
      if (res.status !== 200) return showApiErrorIn(rename, res, { find: () => input });
      say(t('acc.d.renamed', { name: res.body.name }));
      await loadDepartments();
    });
    const toggle = el('button', { type: 'button', class: d.disabled ? '' : 'danger' }, t(d.disabled ? 'acc.m.enable' : 'acc.m.disable'));
    toggle.addEventListener('click', async () => {
      if (!confirm(t(d.disabled ? 'acc.d.enable.confirm' : 'acc.d.disable.confirm', { name: d.name }))) return;
      const res = await busy(toggle, () => api('PATCH', `/api/v1/departments/${encodeURIComponent(d.code)}`, { disabled: !d.disabled }));
      if (!res) return;
      if (res.status !== 200) return showApiError(res);
      say(t(d.disabled ? 'acc.d.enabled' : 'acc.d.disabled', { name: d.name }));
      await loadDepartments();
    });
    return el('tr', { 'data-code': d.code },
      cell(el('span', { 'data-literal': '' }, d.name), 'acc.d.name'),
      cell(d.aliases.length ? el('span', { 'data-literal': '' }, d.aliases.join('、')) : '—', 'acc.d.aliases'),
      cell(regionName(d.region_code), 'acc.d.region'),
      cell(el('span', { class: `badge ${d.disabled ? 'acc-off' : 'acc-on'}` }, t(d.disabled ? 'acc.state.disabled' : 'acc.state.enabled')), 'acc.f.state'),
      cell(el('div', { class: 'dept-actions' }, rename, toggle), 'acc.f.act'));
  }));
  $('depts').dataset.loaded = 'true';
}

async function loadDepartments() {
  const res = await api('GET', '/api/v1/departments');
  if (res.status !== 200) return showApiError(res);
  depts = res.body.departments;
  fillDepartments();
  renderDepartments();
}

async function createDepartment(ev) {
  ev.preventDefault();
  const form = $('dept-create');
  const body = { name: $('d-name').value.trim(), code: $('d-code').value.trim(), region_code: $('d-region').value,
    aliases: $('d-aliases').value.split(/[、,，;；|]/).map((s) => s.trim()).filter(Boolean) };
  const problems = [];
  if (!body.name) problems.push({ control: $('d-name'), message: t('error.required', { label: t('acc.d.name') }) });
  if (!body.code) problems.push({ control: $('d-code'), message: t('error.required', { label: t('acc.d.code') }) });
  if (showFieldErrors(form, problems)) return;
  const res = await busy($('dept-create-button'), () => api('POST', '/api/v1/departments', body));
  if (!res) return;
  if (res.status !== 201) return showApiErrorIn(form, res, { find: (f) => (f === 'aliases' ? $('d-aliases') : null) });
  clearFieldErrors(form);
  form.reset();
  say(t('acc.d.created', { name: res.body.name }));
  await loadDepartments();
}

/* ---- tabs and the hash ---- */

function show(tab) {
  for (const b of $('tabs').querySelectorAll('[role="tab"]')) b.setAttribute('aria-selected', String(b.dataset.tab === tab));
  for (const s of document.querySelectorAll('section.tab')) s.hidden = s.id !== `tab-${tab}`;
}

async function route() {
  const tab = ['new', 'departments'].includes(location.hash.slice(1)) ? location.hash.slice(1) : 'accounts';
  show(tab);
  if (tab === 'accounts' && !found) await search(0);
}

function rerender() {
  fillDepartments();
  renderResults();
  renderManage();
  renderDepartments();
  $('c-roles').replaceChildren(el('legend', {}, t('acc.f.roles'), ' ', el('span', { class: 'required' }, '*')), ...roleBoxes('c', checkedRoles($('c-roles'))));
  $('d-region').replaceChildren(...regions.map((r) => el('option', { value: r.code }, r.name)));
}

page({
  access: ['admin'],
  async start(account) {
    me = account;
    regions = [{ code: '370200', name: t('kit.city') }, ...await cityRegions()];
    await loadDepartments();
    rerender();
    $('search').addEventListener('submit', (ev) => { ev.preventDefault(); search(0); });
    $('prev').addEventListener('click', () => search(Math.max(0, offset - PAGE)));
    $('next').addEventListener('click', () => search(offset + PAGE));
    $('create').addEventListener('submit', createAccount);
    $('dept-create').addEventListener('submit', createDepartment);
    for (const r of $('create').querySelectorAll('input[name="pwway"]'))
      r.addEventListener('change', () => { $('c-password-field').hidden = !ownPassword(); });
    for (const b of $('tabs').querySelectorAll('[role="tab"]'))
      b.addEventListener('click', () => { if (location.hash === `#${b.dataset.tab}`) route(); else location.hash = b.dataset.tab; });
    tabsByKeys($('tabs'));
    window.addEventListener('hashchange', route);
    await route();
  },
  lang: rerender,
});
