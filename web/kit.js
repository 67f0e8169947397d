// The kit: what every page of yiwang does, written once. Loaded first by every page, then the
// page's string tables (/strings/*.js), then the page's own scripts. web/README.md describes it:
//   strings     addStrings(), t(), applyMessages(), the language switch;
//   DOM         $(), el(), cell(), tabsByKeys();
//   time        cityToday(), cityDate(), cityTime() … — Beijing time, wherever the browser is;
//   API         api(), apiUpload(), uploadFile(): every write carries an Idempotency-Key, one per
//               user intent, the same one when the user repeats it; busy() for the button;
//   errors      showFieldErrors() beside their fields with a summary at the top, showApiError(),
//               say();
//   confirm     confirmAction(): one dialog that asks once before what cannot be undone;
//   the page    page(): the session, the language, the top bar (from NAV, the one table of who
//               sees which page), the unread messages, the way to the login page and back;
//               长辈版 (elder mode) one click from every page, remembered; the footer (the
//               site's settings, the accessibility statement).
'use strict';

/* ---- strings ---- */

// Every string the UI shows, per language; each /strings/*.js adds its own.
const MESSAGES = { 'zh-CN': {}, en: {} };

function addStrings(tables) {
  for (const [lang, table] of Object.entries(tables)) Object.assign(MESSAGES[lang], table);
}

function currentLang() {
  const saved = localStorage.getItem('yw.lang');
  return saved && MESSAGES[saved] ? saved : 'zh-CN';
}

// The message of key in the current language, with {name} replaced from vars.
function t(key, vars) {
  const text = MESSAGES[currentLang()][key] ?? MESSAGES['zh-CN'][key] ?? key;
  return vars ? text.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m)) : text;
}

const hasString = (key) => key in MESSAGES['zh-CN'];

// t() of a key built from a value the API answers (a state, a kind), or `fallback` when the
// table has no such key — never the key itself.
const tOr = (key, fallback) => (hasString(key) ? t(key) : fallback);

// Elements name their message with data-i18n (text), data-i18n-placeholder, data-i18n-title or
// data-i18n-label (aria-label).
function applyMessages(root = document) {
  document.documentElement.lang = currentLang();
  for (const e of root.querySelectorAll('[data-i18n]')) e.textContent = t(e.dataset.i18n);
  for (const e of root.querySelectorAll('[data-i18n-placeholder]')) e.placeholder = t(e.dataset.i18nPlaceholder);
  for (const e of root.querySelectorAll('[data-i18n-title]')) e.title = t(e.dataset.i18nTitle);
  for (const e of root.querySelectorAll('[data-i18n-label]')) e.setAttribute('aria-label', t(e.dataset.i18nLabel));
}

// The other language, for the whole page: everything static at once, then 'yw:lang' for what
// the page draws itself.
function toggleLang() {
  localStorage.setItem('yw.lang', currentLang() === 'zh-CN' ? 'en' : 'zh-CN');
  applyMessages();
  document.dispatchEvent(new Event('yw:lang'));
}

/* ---- 长辈版: larger type, high contrast, bigger targets, fewer things ----
 * One click in the top bar of every page turns it on or off; the choice is remembered in this
 * browser (localStorage 'yw.elder') and applies to every page from its first paint: the class
 * `elder` on <html>, which style.css reads (body text at least 20 px, black on white, buttons and
 * links at least 48 px high) and which hides what a page marks [data-secondary]. */

const ELDER_KEY = 'yw.elder';
const elderOn = () => localStorage.getItem(ELDER_KEY) === '1';
const applyElder = () => document.documentElement.classList.toggle('elder', elderOn());
if (document.documentElement) applyElder(); // (not when the kit is read outside a page: its tests)

function toggleElder() {
  localStorage.setItem(ELDER_KEY, elderOn() ? '0' : '1');
  applyElder();
  drawTopBar();
  $('elder')?.focus();
}

/* ---- DOM ---- */

const $ = (id) => document.getElementById(id);

// el(tag, attrs, ...children): one element. attrs: `class` (or className), `text` (or
// textContent), `for` (or htmlFor), `style` (a string or an object, set through the CSSOM, which
// the server's CSP allows), `on<event>` handlers; names with a dash (data-…, aria-…) are
// attributes; a name the element has as a property (value, checked, disabled, hidden, maxLength,
// noValidate …) is set as one; anything else is an attribute. false, null and undefined leave
// one out, true sets it. children: nodes or text (arrays flattened); null, undefined and false
// are skipped.
function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class' || k === 'className') e.className = v;
    else if (k === 'text' || k === 'textContent') e.textContent = v;
    else if (k === 'for' || k === 'htmlFor') e.htmlFor = v;
    else if (k === 'style') { if (typeof v === 'string') e.style.cssText = v; else Object.assign(e.style, v); }
    else if (k.startsWith('on') && typeof v === 'function') e.addEventListener(k.slice(2), v);
    // an input's or option's value is its default too (what form.reset() goes back to)
    else if (k === 'value' && (tag === 'input' || tag === 'option')) { e.setAttribute('value', v); e.value = v; }
    else if (!k.includes('-') && k in e) e[k] = typeof e[k] === 'boolean' ? v === '' || v === true || (v !== 'false' && Boolean(v)) : v;
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

// A table cell that a phone shows as a card line: its column's name (the key `label`) before it.
function cell(content, label) {
  const td = el('td', {}, content);
  if (label) td.dataset.label = t(label);
  return td;
}

// Tabs that answer the arrow keys as a tablist does (WAI-ARIA): Left/Right move to the
// previous/next visible tab, Home/End to the first/last, each chosen as it is reached; only the
// chosen tab is in the Tab order.
function tabsByKeys(tablist) {
  const visible = () => [...tablist.querySelectorAll('[role="tab"]')].filter((b) => !b.hidden);
  const roving = () => {
    for (const b of visible()) b.tabIndex = b.getAttribute('aria-selected') === 'true' ? 0 : -1;
  };
  tablist.addEventListener('click', () => setTimeout(roving));
  tablist.addEventListener('keydown', (ev) => {
    const tabs = visible();
    const at = tabs.indexOf(document.activeElement);
    if (at < 0) return;
    const to = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: tabs.length - 1 }[ev.key];
    if (to === undefined) return;
    ev.preventDefault();
    const next = tabs[(to + tabs.length) % tabs.length];
    next.focus();
    next.click();
  });
  roving();
}

/* ---- time: the city's (Beijing time, UTC+8), wherever the browser is ----
 * The API answers instants in UTC (2026-12-07T18:35:48Z) and days as they are (2026-12-08). A
 * person reads both in Beijing time: an instant at 18:35 UTC is already the 8th in Qingdao. */

const CITY_TZ = 'Asia/Shanghai';
const cityFormat = new Intl.DateTimeFormat('en-CA', { timeZone: CITY_TZ, year: 'numeric', month: '2-digit',
  day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

function cityParts(date) {
  return Object.fromEntries(cityFormat.formatToParts(date).map((p) => [p.type, p.value]));
}

// Today's date in the city: YYYY-MM-DD (date fields' defaults, days left).
function cityToday() {
  const p = cityParts(new Date());
  return `${p.year}-${p.month}-${p.day}`;
}
const cityMonth = () => cityToday().slice(0, 7);
const cityYear = () => Number(cityToday().slice(0, 4));

const isDay = (s) => typeof s === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(s);

// The day of an instant (or a day as it is) in the city: YYYY-MM-DD; '—' for none.
function cityDate(value) {
  if (!value) return '—';
  if (isDay(value)) return value;
  const p = cityParts(new Date(value));
  return `${p.year}-${p.month}-${p.day}`;
}

// An instant to the minute in the city: YYYY-MM-DD HH:MM; '—' for none.
function cityTime(value) {
  if (!value) return '—';
  if (isDay(value)) return value;
  const p = cityParts(new Date(value));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

// A day n days after `day` (YYYY-MM-DD), and the days from `from` to `to`.
function addDays(day, n) {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
const daysBetween = (from, to) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86400000);

/* ---- the API ----
 * api() resolves to {status, body}; errors keep the API's shape {error: {code, reason, message,
 * field}} and a network failure becomes one of the same shape. Every write carries an
 * Idempotency-Key: one per user intent — what is sent (method, path, body) unless the page names
 * the intent — kept until the server has done it, so that the same thing sent again (a double
 * click, a retry after a lost answer) is done once; once it is done, the same thing asked again
 * is a new intent. */

function newKey() {
  const b = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

const intents = new Map(); // intent → its Idempotency-Key, until the write is done

// The key of `intent` (any string that says what the user is doing), the same until intentDone().
function intentKey(intent) {
  if (!intents.has(intent)) intents.set(intent, newKey());
  return intents.get(intent);
}
const intentDone = (intent) => intents.delete(intent);

const networkError = () => ({ status: 0, body: { error: { code: 'network', message: t('error.network') } } });

function parseAnswer(status, text) {
  let body = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = { error: { code: 'bad_response', message: t('error.response', { status }) } };
  }
  return { status, body };
}

// A write's key: the intent given ({intent: '…'}), else one for what is sent.
function writeKey(method, path, body, opts) {
  const intent = opts.intent ?? `${method} ${path} ${body === undefined ? '' : JSON.stringify(body)}`;
  return { intent, key: intentKey(intent) };
}

// api(method, path, body?, opts?): opts.intent names the user's intent (its key kept until done);
// opts.type sends body (text) as it is, with that content type, instead of as JSON.
async function api(method, path, body, opts = {}) {
  const init = { method, headers: { 'accept-language': currentLang() }, credentials: 'same-origin' };
  let intent = null;
  if (method !== 'GET') {
    const w = writeKey(method, path, body, opts);
    intent = w.intent;
    init.headers['idempotency-key'] = w.key;
  }
  if (body !== undefined) {
    init.headers['content-type'] = opts.type ?? 'application/json';
    init.body = opts.type ? body : JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(path, init);
  } catch {
    return networkError();
  }
  const answer = parseAnswer(res.status, await res.text());
  if (intent && res.status >= 200 && res.status < 300) intentDone(intent);
  return answer;
}

// As api() for a large JSON body (files as base64): onProgress(fraction) as its bytes go out,
// which fetch cannot tell; the same answer, the same keys.
function apiUpload(method, path, body, onProgress, opts = {}) {
  const { intent, key } = writeKey(method, path, body, opts);
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open(method, path);
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept-language', currentLang());
    xhr.setRequestHeader('idempotency-key', key);
    xhr.setRequestHeader('content-type', 'application/json');
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress(e.loaded / e.total); };
    xhr.onload = () => {
      onProgress(1);
      if (xhr.status >= 200 && xhr.status < 300) intentDone(intent);
      resolve(parseAnswer(xhr.status, xhr.responseText));
    };
    xhr.onerror = () => resolve(networkError());
    xhr.send(JSON.stringify(body));
  });
}

const UPLOAD_TYPES = { pdf: 'application/pdf', jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', ofd: 'application/ofd' };

// A file as it is (POST /api/v1/uploads, docs/uploads.md): {status, body: {sha256, size}}. The
// same file uploaded again is the same intent.
async function uploadFile(file) {
  const ext = (file.name.split('.').pop() || '').toLowerCase();
  const type = (file.type && Object.values(UPLOAD_TYPES).includes(file.type) ? file.type : UPLOAD_TYPES[ext]) || 'application/octet-stream';
  const intent = `upload ${file.name} ${file.size} ${file.lastModified}`;
  try {
    const res = await fetch(`/api/v1/uploads?name=${encodeURIComponent(file.name)}`, {
      method: 'POST', credentials: 'same-origin', body: file,
      headers: { 'content-type': type, 'accept-language': currentLang(), 'idempotency-key': intentKey(intent) },
    });
    const answer = parseAnswer(res.status, await res.text());
    if (res.ok) intentDone(intent);
    return answer;
  } catch {
    return networkError();
  }
}

// One uploaded file of a case (GET /api/v1/cases/{id}, a material's `upload`): its name, type,
// size and SHA-256, 查看 to show it in the page (PDF in an <iframe>, images as <img>, from
// GET /api/v1/cases/{id}/files/{sha256}, which the server logs when staff open it) and 下载 to
// save it under its name (?download=1). Staff and the applicant see it alike.
const VIEWABLE = ['application/pdf', 'image/jpeg', 'image/png'];
function fileSize(n) {
  if (n < 1024) return t('file.size.bytes', { n });
  if (n < 1024 * 1024) return t('file.size.kb', { n: (n / 1024).toFixed(1) });
  return t('file.size.mb', { n: (n / 1024 / 1024).toFixed(1) });
}
function caseFile(caseId, material, up) {
  const href = `/api/v1/cases/${encodeURIComponent(caseId)}/files/${up.sha256}`;
  const name = up.name || material;
  const viewer = el('div', { class: 'file-viewer', hidden: true });
  const viewable = VIEWABLE.includes(up.media_type);
  const toggle = viewable ? el('button', { type: 'button', class: 'link', 'data-act': 'view', 'aria-expanded': 'false',
    'aria-label': t('file.view.named', { name: material }) }, t('file.view')) : null;
  if (toggle) toggle.addEventListener('click', () => {
    const open = viewer.hidden;
    // each showing asks the server again: what staff opened is logged once per opening
    viewer.replaceChildren(open ? (up.media_type === 'application/pdf'
      ? el('iframe', { src: href, title: t('file.frame', { name: material }) })
      : el('img', { src: href, alt: t('file.frame', { name: material }) })) : '');
    viewer.hidden = !open;
    toggle.textContent = t(open ? 'file.hide' : 'file.view');
    toggle.setAttribute('aria-expanded', String(open));
  });
  return el('div', { class: 'case-file', 'data-sha256': up.sha256 },
    el('div', { class: 'file-line' },
      el('span', { class: 'file-name', 'data-literal': '' }, name), ' ',
      el('span', { class: 'file-meta' }, `${tOr(`file.type.${up.media_type}`, t('file.type.other'))} · ${fileSize(up.size || 0)}`), ' ',
      toggle, ' ',
      el('a', { href: `${href}?download=1`, download: name, 'data-act': 'download', 'aria-label': t('file.download.named', { name: material }) }, t('file.download'))),
    el('div', { class: 'file-hash' }, `${t('file.hash')}：`, el('code', { 'data-literal': '' }, up.sha256)),
    viewer);
}

// Runs `work` with `button` (or each of a list of buttons: the choices of one form) disabled,
// aria-busy, and `label` on it if given, until it settles: a second click while the request runs
// does nothing. Resolves to what `work` resolves to; to undefined when it was busy already.
async function busy(button, work, label) {
  const buttons = (Array.isArray(button) ? button : [button]).filter(Boolean);
  if (!buttons.length || buttons.some((b) => b.getAttribute('aria-busy') === 'true' || b.disabled)) return undefined;
  const first = buttons[0], text = first.textContent;
  for (const b of buttons) { b.disabled = true; b.setAttribute('aria-busy', 'true'); }
  if (label) first.textContent = label;
  try {
    return await work();
  } finally {
    for (const b of buttons) { b.disabled = false; b.removeAttribute('aria-busy'); }
    if (label) first.textContent = text;
  }
}

/* ---- asking once before what cannot be undone ----
 * confirmAction({title, text, confirm, cancel, danger}): a small modal dialog (<dialog> shown
 * with showModal: the focus stays inside it, Esc cancels, a screen reader reads its title and
 * what it says) with the consequence in words and numbers — 「将向 12 家企业拨付共 ¥345,600.00，
 * 拨付后不能撤回」 — a cancel (focused first) and the confirm. Resolves true when confirmed,
 * false otherwise; the focus goes back where it was. Never the browser's confirm(). `text` is a
 * line or a list of lines. */
function confirmAction({ title, text, confirm, cancel, danger = true }) {
  return new Promise((resolve) => {
    const id = `kit-confirm-${++autoId}`;
    const lines = (Array.isArray(text) ? text : [text]).filter(Boolean);
    const ok = el('button', { type: 'button', class: danger ? 'danger' : 'primary', 'data-act': 'confirm' }, confirm || t('kit.confirm.ok'));
    const no = el('button', { type: 'button', 'data-act': 'cancel' }, cancel || t('kit.confirm.cancel'));
    const dialog = el('dialog', { class: 'confirm', 'aria-labelledby': `${id}-title`, 'aria-describedby': `${id}-text` },
      el('h2', { id: `${id}-title` }, title),
      el('div', { id: `${id}-text`, class: 'confirm-text' }, lines.map((line) => el('p', {}, line))),
      el('div', { class: 'buttons' }, no, ok));
    const before = document.activeElement;
    let settled = false;
    const done = (yes) => {
      if (settled) return;
      settled = true;
      if (dialog.open) dialog.close();
      dialog.remove();
      if (before && before.isConnected && typeof before.focus === 'function') before.focus();
      resolve(yes);
    };
    ok.addEventListener('click', () => done(true));
    no.addEventListener('click', () => done(false));
    dialog.addEventListener('cancel', (ev) => { ev.preventDefault(); done(false); });
    document.body.append(dialog);
    dialog.showModal();
    no.focus();
  });
}

// An amount of fen as the city writes money: ¥345,600.00.
const yuanText = (fen) => `¥${(Number(fen) / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

/* ---- errors beside their fields ----
 * The server names the field it refuses: a name (`until`) or a JSON pointer (/form/name,
 * /deferred/2/due_date). The kit finds the control — the page's own finder first, then
 * [data-field="…"], then [name="…"] (the pointer's last part too) — shows the message beside it
 * (p.field-error#<control>-error, data-for the field), marks it aria-invalid and describes it
 * by the message, and puts a summary at the top of the form that links to each field. A
 * message the router words with the field's name in the API (缺少必填字段 until) is said with
 * the field's label instead. */

const ROUTER_REASONS = ['field_required', 'field_blank', 'field_type', 'field_too_long', 'field_too_many', 'field_range',
  'field_control_characters', 'field_value'];

function controlFor(scope, field, find) {
  if (!field) return null;
  const found = find && find(field);
  if (found) return found;
  const last = String(field).split('/').pop();
  for (const sel of [`[data-field="${CSS.escape(field)}"]`, `[name="${CSS.escape(field)}"]`, `[name="${CSS.escape(last)}"]`]) {
    const c = scope.querySelector(sel);
    if (c) return c;
  }
  return null;
}

// What a person calls the control: its label, aria-label, or its fieldset's legend.
function labelOf(control) {
  const text = (s) => (s || '').replace(/\s*\*\s*$/, '').trim();
  if (control.labels && control.labels.length) return text(control.labels[0].textContent);
  if (control.getAttribute('aria-label')) return text(control.getAttribute('aria-label'));
  const legend = control.closest('fieldset')?.querySelector('legend');
  return legend ? text(legend.textContent) : '';
}

// The server's message for `control`, in the page's words where the router named the field.
function messageFor(e, control) {
  const label = control ? labelOf(control) : '';
  if (!label || !ROUTER_REASONS.includes(e.reason)) return e.message;
  if (e.reason === 'field_required' || e.reason === 'field_blank') return t('error.required', { label });
  const name = String(e.field).split('/').pop();
  for (const token of [e.field, name]) if (token && e.message.includes(token)) return e.message.replace(token, `“${label}”`);
  return e.message;
}

function clearFieldErrors(scope) {
  for (const p of scope.querySelectorAll('.field-error[data-kit]')) p.remove();
  for (const s of scope.querySelectorAll('.error-summary[data-kit]')) s.remove();
  for (const c of scope.querySelectorAll('[aria-invalid]')) {
    c.removeAttribute('aria-invalid');
    const ids = (c.getAttribute('aria-describedby') || '').split(' ').filter((id) => id && !id.endsWith('-error'));
    if (ids.length) c.setAttribute('aria-describedby', ids.join(' ')); else c.removeAttribute('aria-describedby');
  }
}

let autoId = 0;

// Shows `problems` ([{control?, field?, message}]) in `scope` (a form, usually): each beside its
// control, and all in a summary at the top that links to them; the focus goes to the first
// control. Returns whether there was any. opts.find(field) finds a control the kit cannot.
function showFieldErrors(scope, problems, opts = {}) {
  clearFieldErrors(scope);
  if (!problems.length) return false;
  const items = [];
  let first = null;
  for (const p of problems) {
    const control = p.control || controlFor(scope, p.field, opts.find);
    if (!control) { items.push(el('li', {}, p.message)); continue; }
    if (!control.id) control.id = `kit-field-${++autoId}`;
    const msg = el('p', { class: 'field-error', id: `${control.id}-error`, role: 'alert', 'data-kit': true,
      'data-for': p.field || control.name || control.id }, p.message);
    const wrap = control.closest('.field');
    if (wrap && scope.contains(wrap)) wrap.append(msg); else control.after(msg);
    control.setAttribute('aria-invalid', 'true');
    const ids = (control.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
    if (!ids.includes(msg.id)) control.setAttribute('aria-describedby', [...ids, msg.id].join(' '));
    const label = labelOf(control);
    const link = el('a', { href: `#${control.id}`, onclick: (ev) => { ev.preventDefault(); control.focus(); } },
      label && !p.message.includes(label) ? `${label}：${p.message}` : p.message);
    items.push(el('li', {}, link));
    first ??= control;
  }
  const summary = el('div', { class: 'error-summary form-error', role: 'alert', 'data-kit': true },
    el('p', { class: 'summary-title' }, t(items.length > 1 ? 'error.summary.many' : 'error.summary.one', { n: items.length })),
    el('ul', {}, items));
  scope.prepend(summary);
  if (first) first.focus(); else summary.scrollIntoView({ block: 'nearest' });
  return true;
}

// An API refusal shown in `scope` beside the field it names (else in the summary alone).
function showApiErrorIn(scope, res, opts = {}) {
  const e = errorOf(res);
  const control = controlFor(scope, e.field, opts.find);
  return showFieldErrors(scope, [{ control, field: e.field, message: messageFor(e, control) }], opts);
}

function errorOf(res) {
  return res && res.body && res.body.error ? res.body.error : { message: t('error.response', { status: res ? res.status : 0 }) };
}

// A message in the page's #message (role=status); nothing hides it.
function say(text) {
  const message = $('message'), error = $('error');
  if (error) error.hidden = true;
  if (!message) return;
  message.textContent = text || '';
  message.hidden = !text;
}

// A failure of the API in the page's #error (role=alert), in the page's language: a field it
// names said by its label when the page shows it. Hides #message.
function showApiError(res) {
  const e = errorOf(res);
  const message = $('message'), error = $('error');
  if (message) message.hidden = true;
  if (!error) return;
  const control = e.field ? controlFor(document, e.field) : null;
  error.textContent = control && !e.message.includes(labelOf(control)) ? `${labelOf(control)}：${messageFor(e, control)}` : messageFor(e, control);
  error.hidden = false;
}

/* ---- people and places: names, never ids or codes ---- */

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
const names = new Map(); // account id → its name (a promise)

// The name of the account `who` (an id, or already a name): GET /api/v1/accounts/{id} when the
// actor may read it, else 工作人员 — never the id.
function personName(who) {
  if (!who || !ULID.test(who)) return Promise.resolve(who || '—');
  if (!names.has(who)) {
    names.set(who, api('GET', `/api/v1/accounts/${encodeURIComponent(who)}`)
      .then((r) => (r.status === 200 ? r.body.name : null)));
  }
  return names.get(who).then((name) => name || t('kit.someone'));
}

let regionTable = null; // code → name, Qingdao's districts first, the country's when one is missing

async function loadRegions(all = false) {
  if (!regionTable) {
    regionTable = new Map();
    const r = await api('GET', '/api/v1/regions?parent=370200');
    if (r.status === 200) for (const x of r.body.regions) regionTable.set(x.code, x.name);
  }
  if (all && !regionTable.all) {
    const r = await api('GET', '/api/v1/regions');
    if (r.status === 200) for (const x of r.body.regions) regionTable.set(x.code, x.name);
    regionTable.all = true;
  }
  return regionTable;
}

// The name of region `code` once loadRegions() has run (the code's name is asked of the server:
// GET /api/v1/regions); '—' rather than a code.
const regionName = (code) => (code === '370200' ? t('kit.city') : regionTable?.get(code) ?? '—');

// Qingdao's districts, as [{code, name}].
async function cityRegions() {
  const table = await loadRegions();
  return [...table].map(([code, name]) => ({ code, name }));
}

/* ---- the navigation: one table of who sees which page ----
 * roles: the roles of GET /api/v1/me (src/domain/core/actor.h: applicant, clerk, officer,
 * supervisor, admin), 'anyone' for everyone, logged in or not; kinds: the account kinds besides
 * (enterprise). bar: shown in the top bar; panel: on the workbench, with its hint. A page not in
 * the bar of an account that may open it is still reachable from the workbench. */

const STAFF = ['clerk', 'officer', 'supervisor', 'admin'];
const NAV = [
  { key: 'library', href: '/#policies', label: 'nav.library', roles: ['anyone'], bar: 'public' },
  { key: 'mine', href: '/#mine', label: 'nav.mine', roles: ['applicant'], bar: true },
  { key: 'certs', href: '/certs.html', label: 'nav.certs', roles: ['applicant'], bar: true },
  { key: 'benefits', href: '/#benefits', label: 'nav.benefits', roles: ['applicant'], kinds: ['enterprise'], bar: true },
  { key: 'figures', href: '/figures.html', label: 'nav.figures', roles: ['anyone'], bar: 'public', panel: ['supervisor', 'admin'] },
  { key: 'notices', href: '/notices.html', label: 'nav.notices', roles: ['anyone'], bar: 'public' },
  { key: 'workbench', href: '/workbench.html', label: 'nav.workbench', roles: STAFF, bar: true },
  { key: 'office', href: '/office.html', label: 'nav.office', roles: STAFF, bar: true, panel: true },
  { key: 'ledger', href: '/ledger.html', label: 'nav.ledger', roles: STAFF, bar: true, panel: true },
  { key: 'policies', href: '/policies.html', label: 'nav.policies', roles: ['officer', 'admin'], bar: true, panel: true },
  { key: 'registry', href: '/registry.html', label: 'nav.registry', roles: STAFF, bar: true, panel: true },
  { key: 'calendar', href: '/calendar.html', label: 'nav.calendar', roles: STAFF, bar: true, panel: true },
  { key: 'jobs', href: '/jobs.html', label: 'nav.jobs', roles: ['supervisor', 'admin'], bar: true, panel: true },
  // every account's messages: the top bar's 消息 (with the unread count) links there, so no section
  { key: 'messages', href: '/messages.html', label: 'nav.messages', roles: ['applicant', ...STAFF] },
  { key: 'accounts', href: '/accounts.html', label: 'nav.accounts', roles: ['admin'], bar: true, panel: true },
  // the workbench's panels of work that has no page yet
  { key: 'tickets', label: 'nav.tickets', roles: ['officer', 'supervisor'], panel: true },
  { key: 'certdesk', href: '/certdesk.html', label: 'nav.certdesk', roles: ['officer', 'supervisor', 'admin'], bar: true, panel: true },
];

const isStaff = (me) => !!me && me.roles.some((r) => STAFF.includes(r));

// Whether `me` (null: nobody) may see `entry` given its roles (or `roles`, the panel's).
function sees(me, entry, roles = entry.roles) {
  if (roles.includes('anyone')) return true;
  if (!me || !me.roles.some((r) => roles.includes(r))) return false;
  return !entry.kinds || entry.kinds.includes(me.kind);
}

// The top bar's entries for `me`: staff see the staff's pages; visitors and applicants the
// public ones and their own.
function barFor(me) {
  return NAV.filter((n) => n.href && n.bar && sees(me, n) && (n.bar !== 'public' || !isStaff(me)));
}

// The workbench's panels for `me`.
const panelsFor = (me) => NAV.filter((n) => n.panel && sees(me, n, n.panel === true ? n.roles : n.panel));

// Where `me` starts: the workbench for staff, the portal for everyone else.
const homeOf = (me) => (isStaff(me) ? '/workbench.html' : '/');

// Whether `me` may open `path` (a page of this site): the pages of NAV by their roles; any
// other page of the site, yes.
function mayOpen(me, path) {
  const file = path.split(/[?#]/)[0];
  const entry = NAV.find((n) => n.href && n.href === file);
  return !entry || sees(me, entry);
}

// The login page, coming back to `back` (this page by default) after logging in.
const loginHref = (back = location.pathname + location.search + location.hash) => `/login.html?next=${encodeURIComponent(back)}`;

/* ---- the top bar ---- */

let barMe = null; // the account the bar shows (null: nobody)
let unread = null; // the unread count (null: the messages API is not there)

function currentEntry(entry) {
  const [path, hash] = entry.href.split('#');
  if (path !== location.pathname) return false;
  return hash ? location.hash.startsWith(`#${hash}`) : !NAV.some((n) => n !== entry && n.href && n.href.startsWith(`${path}#`) && location.hash.startsWith(`#${n.href.split('#')[1]}`));
}

function drawTopBar() {
  const bar = document.querySelector('header.topbar');
  if (!bar) return;
  const me = barMe;
  const links = barFor(me).map((n) => el('a', { href: n.href, id: `nav-${n.key}`, 'aria-current': currentEntry(n) ? 'page' : null }, t(n.label)));
  const tools = el('div', { class: 'tools' });
  if (me && unread !== null) {
    tools.append(el('a', { href: '/messages.html', id: 'messages-link', class: 'unread',
      'aria-current': location.pathname === '/messages.html' ? 'page' : null,
      'aria-label': t(unread ? 'kit.unread.label' : 'kit.messages', { n: unread }) },
    t('kit.messages'), unread ? el('span', { class: 'count', 'aria-hidden': 'true' }, unread > 99 ? '99+' : String(unread)) : null));
  }
  tools.append(el('button', { type: 'button', class: 'link', id: 'lang', onclick: toggleLang }, t('lang.switch')));
  if (me) {
    tools.append(el('button', { type: 'button', class: 'link', id: 'logout', 'data-logout': true, onclick: logout }, t('kit.logout')));
  } else if (location.pathname !== '/login.html') {
    tools.append(el('a', { href: loginHref(), id: 'login-link' }, t('kit.login')));
  }
  const who = me ? el('span', { id: 'user-name', class: 'user-name' }, `${me.name}（${t(`kind.${me.kind}`)}）`) : null;
  // 长辈版 at the end of the sections' row: on a phone that row wraps, the tools' row does not
  const elder = el('button', { type: 'button', class: 'link elder-toggle', id: 'elder', 'aria-pressed': String(elderOn()),
    title: t(elderOn() ? 'kit.elder.off.title' : 'kit.elder.on.title'), onclick: toggleElder }, t(elderOn() ? 'kit.elder.off' : 'kit.elder.on'));
  bar.replaceChildren(
    el('a', { class: 'brand', href: homeOf(me) }, el('span', { class: 'logo', 'aria-hidden': 'true' }, '一'),
      el('span', { class: 'brand-name' }, t('app.name'))),
    el('div', { class: 'bar-nav' }, links.length ? el('nav', { class: 'sections', 'aria-label': t('kit.nav') }, links) : null, who, elder),
    tools);
}

async function logout() {
  await api('DELETE', '/api/v1/session');
  location.assign('/');
}

// The unread count of the account's messages (GET /api/v1/messages); the badge hidden while
// the API is not there (404) or fails.
async function refreshUnread() {
  if (!barMe) return;
  const r = await api('GET', '/api/v1/messages');
  unread = r.status === 200 && r.body && Number.isInteger(r.body.unread) ? r.body.unread : null;
  drawTopBar();
}

/* ---- the footer ----
 * Every page ends with the same footer, drawn here: who runs the site and who operates it, its
 * address, phone and e-mail (GET /api/v1/site, the deployment's settings; in English the English
 * names where the site gives them), and the accessibility statement (/accessibility.html). */

let site = null; // GET /api/v1/site's answer, once it has come

function drawFooter() {
  let foot = document.querySelector('footer.site-footer');
  if (!foot) {
    foot = el('footer', { class: 'site-footer', id: 'site-footer' });
    document.body.append(foot);
  }
  const en = currentLang() === 'en';
  const part = (key, value, attrs = {}) => (value ? el('span', { class: 'footer-part', 'data-part': key },
    `${t(`kit.footer.${key}`)}${t('kit.footer.sep')}`, attrs.href ? el('a', { href: attrs.href, ...(attrs.literal ? { 'data-literal': '' } : {}) }, value) : value) : null);
  const s = site || {};
  foot.replaceChildren(el('div', { class: 'footer-inner' },
    el('p', { class: 'footer-line' }, part('host', en && s.host_en ? s.host_en : s.host), part('operator', en && s.operator_en ? s.operator_en : s.operator)),
    el('p', { class: 'footer-line' }, part('address', s.address),
      part('phone', s.phone, { href: s.phone && `tel:${s.phone.split('转')[0].replace(/[^0-9+]/g, '')}` }),
      part('email', s.email, { href: s.email && `mailto:${s.email}`, literal: true }),
      s.icp ? el('span', { class: 'footer-part', 'data-part': 'icp', 'data-literal': '' }, s.icp) : null),
    el('p', { class: 'footer-line footer-links' },
      el('a', { href: '/accessibility.html', id: 'accessibility-link', 'aria-current': location.pathname === '/accessibility.html' ? 'page' : null }, t('kit.footer.accessibility')))));
}

async function loadSite() {
  const r = await api('GET', '/api/v1/site');
  if (r.status === 200 && r.body) site = r.body;
  drawFooter();
}

/* ---- the page ----
 * page({access, start, lang}) runs once the page's scripts are loaded: the static strings, the
 * top bar, then who is logged in (GET /api/v1/me). access: 'public' (anyone), 'login' (any
 * account), or a list of roles (default: the roles NAV gives this page; 'public' for a page not
 * in it). Nobody logged in on a page that needs a login goes to the login page, and back here
 * after it; an account without the roles sees #no-access (or one the kit makes). Then
 * start(me) draws the page; lang() draws it again in the other language. body[data-ready]
 * is set once start has finished. */

function noAccess(roles) {
  const main = document.querySelector('main');
  for (const child of main.children) if (child.tagName !== 'H1') child.hidden = true;
  let box = $('no-access');
  if (!box) {
    box = el('section', { id: 'no-access', class: 'card', role: 'alert' });
    main.append(box);
  }
  const who = roles.filter((r) => r !== 'anyone').map((r) => t(`role.${r}`)).join('、');
  box.replaceChildren(el('h2', {}, t('kit.noaccess.title')), el('p', {}, t('kit.noaccess.text', { roles: who })),
    el('p', {}, el('a', { href: homeOf(barMe) }, t('kit.noaccess.home'))));
  box.hidden = false;
}

function page({ access, start, lang } = {}) {
  let noAccessRoles = null; // the roles the page needs, when the account has none of them
  document.addEventListener('DOMContentLoaded', async () => {
    applyMessages();
    drawTopBar();
    drawFooter();
    const footerDrawn = loadSite();
    document.addEventListener('yw:lang', () => {
      drawTopBar();
      drawFooter();
      if (!$('no-access')?.hidden && noAccessRoles) noAccess(noAccessRoles);
      if (lang) lang();
    });
    window.addEventListener('hashchange', drawTopBar);
    const entry = NAV.find((n) => n.href === location.pathname);
    const need = access ?? (entry ? entry.roles : 'public');
    const res = await api('GET', '/api/v1/me');
    const me = res.status === 200 ? res.body : null;
    if (!me && need !== 'public' && !(Array.isArray(need) && need.includes('anyone'))) {
      location.replace(loginHref());
      return;
    }
    barMe = me;
    drawTopBar();
    refreshUnread();
    if (Array.isArray(need) && !sees(me, { roles: need })) {
      noAccessRoles = need;
      noAccess(need);
    } else if (start) {
      await start(me);
    }
    await footerDrawn;
    document.body.dataset.ready = 'true';
  });
}
