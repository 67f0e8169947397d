// 在线申报: the one form an applicant fills in for an item (#apply/item/CODE) or for a bundle and
// the answers given to its questionnaire (#apply/bundle/CODE), and the answer page once the case
// is submitted (#done/ID). Each field is typed as the catalog declares it and prefilled from the
// account; the checks here mirror the server's (docs/cases.md, "The form") so that most mistakes
// are caught before sending, but the server is the authority: its error is shown beside the
// field (/form/<key>) or material (/materials/N) it names. Each material is provided the ways the
// item accepts: a file uploaded first (docs/uploads.md), a pledge (告知承诺) or deferred (容缺) — or,
// when the applicant holds a valid certificate of the type it names (GET /api/v1/certificate-reuse),
// by that certificate, said before submission, with no upload asked (免提交).
// Submission carries one idempotency key per body: a double click or a retry makes one case.
'use strict';

const UPLOAD_MAX = 10 * 1024 * 1024;
const WAYS = ['upload', 'pledge', 'deferred']; // the ways a material is provided online

let applying = null;      // {kind, code, name, answers, fields, materials, items, total_days, certs}
let formValues = {};      // field key → what the applicant typed (kept across a language switch)
let provided = {};        // material name → {way, pledged, file: {sha256, name, size}, cert}
let fieldErrors = {};     // field key or 'material:NAME' → message
let submitting = false;
let regions = null;       // Qingdao's districts, for region fields
let doneCase = null;      // the case the answer page shows

const fieldId = (key) => `field-${key.replace(/[^a-z0-9_]/gi, '-')}`;
const materialId = (i) => `material-${i}`;

function formatSize(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

// ---- the checks the server makes, made first here ----

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

// GB 32100: 18 characters of the code's alphabet, the last a check character (its region and
// organization code are left to the server)
function usccFault(v) {
  const n = [...v].length;
  if (n !== 18) return t('apply.check.uscc.length', { n });
  for (const ch of v) if (!USCC_CHARS.includes(ch)) return t('apply.check.uscc.character', { ch });
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_CHARS.indexOf(v[i]) * USCC_WEIGHTS[i];
  const want = USCC_CHARS[(31 - (sum % 31)) % 31];
  return want === v[17] ? null : t('apply.check.uscc.check', { want, got: v[17] });
}

function validDate(y, m, d) {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

// GB 11643: 17 digits, a birth date, a check character (the province is left to the server)
function idNumberFault(v) {
  if (v.length !== 18) return t('apply.check.id.length', { n: [...v].length });
  for (let i = 0; i < 17; i++) if (v[i] < '0' || v[i] > '9') return t('apply.check.id.digit', { n: i + 1 });
  if (!validDate(+v.slice(6, 10), +v.slice(10, 12), +v.slice(12, 14))) return t('apply.check.id.birth', { date: v.slice(6, 14) });
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(v[i]) * ID_WEIGHTS[i];
  const want = '10X98765432'[sum % 11];
  return want === v[17].toUpperCase() ? null : t('apply.check.id.check', { want, got: v[17] });
}

// Numbers people type to be reached, and amounts in 元: the server's rules (std/contact.h,
// std/yuan.h) and its words (apply.check.*, the same as src/base/errors/case.def)
const MOBILE = /^1[3-9]\d{9}$/;
const POSTCODE = /^\d{6}$/;
const YUAN = /^\d+(\.\d+)?$/;
const YUAN_MAX_FEN = 100000000000000;

// a landline with its area code: 0 and 2–3 digits, a hyphen or not, a local number of 7–8 digits
// not starting with 0 or 1, an extension of 1–6 digits after "-" or "转"
function landlineOk(v) {
  const m = v.match(/^(0\d+)(?:-(\d+))?((?:-|转)\d{1,6})?$/);
  if (!m) return false;
  const [, head, local] = m;
  if (local !== undefined) return head.length >= 3 && head.length <= 4 && local.length >= 7 && local.length <= 8 && local[0] >= '2';
  if (head.length < 10 || head.length > 12) return false;
  return [3, 4].some((code) => head.length - code >= 7 && head.length - code <= 8 && head[code] >= '2');
}

// an amount in 元 as fen, or the key of what is wrong with it
function yuanFen(v) {
  if (!YUAN.test(v)) return { fault: 'apply.check.yuan' };
  const [whole, cents = ''] = v.split('.');
  if (cents.length > 2) return { fault: 'apply.check.yuan.decimals' };
  const fen = Number(whole) * 100 + Number(cents.padEnd(2, '0'));
  return { fen: whole.length > 13 ? Infinity : fen };
}
const yuanPlain = (fen) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;

// what is wrong with a value that can no longer become right as more is typed (shown at once),
// or null while it may still be on its way
function typingFault(f, v) {
  const label = f.label;
  if (v === '') return null;
  if (f.type === 'mobile' && !/^(1([3-9]\d{0,9})?)$/.test(v)) return t('apply.check.mobile', { label });
  if (f.type === 'postcode' && !/^\d{0,6}$/.test(v)) return t('apply.check.postcode', { label });
  if (f.type === 'landline' && !/^0?$|^0\d*(-\d*)?((-|转)\d{0,6})?$/.test(v)) return t('apply.check.landline', { label });
  if (f.type === 'yuan') {
    if (!/^\d*(\.\d*)?$/.test(v)) return t('apply.check.yuan', { label });
    if (/\.\d{3}/.test(v)) return t('apply.check.yuan.decimals', { label });
  }
  return null;
}

// the value to send for field f, or undefined when it is left empty
function fieldValue(f) {
  const raw = formValues[f.key];
  if (raw === undefined || String(raw).trim() === '') return undefined;
  if (f.type === 'number') return Number(raw);
  if (f.type === 'uscc' || f.type === 'id_number') return String(raw).trim().toUpperCase();
  return String(raw).trim();
}

function fieldFault(f) {
  const raw = formValues[f.key];
  const v = fieldValue(f);
  const label = f.label;
  if (v === undefined) return f.required ? t('apply.check.required', { label }) : null;
  if (f.type === 'number') {
    if (!Number.isFinite(v)) return t('apply.check.number', { label });
    if ((f.min !== undefined && v < f.min) || (f.max !== undefined && v > f.max)) {
      return f.max !== undefined ? t('apply.check.range', { label, min: f.min ?? '', max: f.max }) : t('apply.check.min', { label, min: f.min });
    }
    return null;
  }
  if (f.max_length && [...v].length > f.max_length) return t('apply.check.length', { label, n: f.max_length });
  if (f.type === 'choice' && f.options && !f.options.includes(v)) return t('apply.check.option', { label, options: f.options.join('、') });
  if (f.type === 'date') {
    const m = String(raw).match(/^(\d{4})-(\d{2})-(\d{2})$/);
    if (!m) return t('apply.check.date', { label });
    if (!validDate(+m[1], +m[2], +m[3])) return t('apply.check.date', { label });
  }
  if (f.type === 'uscc') return usccFault(v);
  if (f.type === 'id_number') return idNumberFault(v);
  if (f.type === 'mobile' && !MOBILE.test(v)) return t('apply.check.mobile', { label });
  if (f.type === 'landline' && !landlineOk(v)) return t('apply.check.landline', { label });
  if (f.type === 'postcode' && !POSTCODE.test(v)) return t('apply.check.postcode', { label });
  if (f.type === 'yuan') {
    const { fen, fault } = yuanFen(v);
    if (fault) return t(fault, { label });
    const least = f.min > 0 ? f.min : 0, most = f.max ?? YUAN_MAX_FEN;
    if (fen < least || fen > most) return t('apply.check.yuan.range', { label, min: yuanPlain(least), max: yuanPlain(Math.max(most, 0)) });
  }
  return null;
}

// whether the applicant has provided a material the way they chose
const given = (p) => (p.way === 'upload' ? !!p.file : p.way === 'pledge' ? p.pledged : p.way === 'deferred' || p.way === 'certificate');

// The certificate the applicant holds that stands in for material m (免提交), or null: one of the
// type it names; an enterprise's, the one of the enterprise the form names when it names one (the
// server's rule, docs/certificates.md).
function heldFor(m) {
  if (!(m.accepted_as || []).includes('certificate') || !m.cert_type) return null;
  const uscc = String(formValues['entity.uscc'] || '').trim().toUpperCase();
  return (applying?.certs || []).find((c) => c.type.name === m.cert_type
    && (c.holder.kind !== 'entity' || !uscc || c.holder.id === uscc)) || null;
}

function materialFault(m) {
  const p = provided[m.name];
  if (!p || !p.way) return m.requirement === 'required' ? t('apply.check.material', { name: m.name }) : null;
  if (m.requirement !== 'required' && !given(p)) return null; // a conditional material left out
  if (p.way === 'upload' && !p.file) return t('apply.check.material.upload', { name: m.name });
  if (p.way === 'pledge' && !p.pledged) return t('apply.check.material.pledge');
  return null;
}

// ---- prefilling from the account ----

function prefill(fields) {
  if (!me) return;
  const from = me.kind === 'enterprise'
    ? { 'entity.name': me.name, 'entity.uscc': me.uscc || me.login, 'contact.phone': me.phone }
    : { 'applicant.name': me.name, 'applicant.id_number': me.id_number, 'legal_rep.name': me.name,
      'legal_rep.id_number': me.id_number, 'contact.phone': me.phone };
  for (const f of fields) if (formValues[f.key] === undefined && from[f.key]) formValues[f.key] = from[f.key];
}

// ---- drawing the form ----

function fieldError(key) {
  const p = el('p', { className: 'field-error', id: `${fieldId(key)}-error`, textContent: fieldErrors[key] || '' });
  p.setAttribute('role', 'alert');
  p.hidden = !fieldErrors[key];
  return p;
}

function fieldInput(f) {
  const id = fieldId(f.key);
  let input;
  if (f.type === 'choice' || f.type === 'region') {
    input = el('select', { id }, el('option', { value: '', textContent: t('portal.choose') }));
    const options = f.type === 'region' ? (regions || []).map((r) => [r.code, r.name]) : (f.options || []).map((o) => [o, o]);
    for (const [value, label] of options) input.append(el('option', { value, textContent: label, selected: formValues[f.key] === value }));
  } else {
    input = el('input', { id, value: formValues[f.key] ?? '' });
    if (f.type === 'number') Object.assign(input, { type: 'number', inputMode: 'decimal', step: 'any' });
    else if (f.type === 'date') input.type = 'date';
    else if (f.type === 'mobile') Object.assign(input, { type: 'tel', inputMode: 'numeric', autocomplete: 'tel', maxLength: 11 });
    else if (f.type === 'landline') Object.assign(input, { type: 'tel', autocomplete: 'tel', maxLength: 24 });
    else if (f.type === 'postcode') Object.assign(input, { inputMode: 'numeric', autocomplete: 'postal-code', maxLength: 6 });
    else if (f.type === 'yuan') Object.assign(input, { inputMode: 'decimal', autocomplete: 'off' });
    else if (f.key.endsWith('phone')) Object.assign(input, { type: 'tel', autocomplete: 'tel' });
    if (f.type === 'number' && f.min !== undefined) input.min = f.min;
    if (f.type === 'number' && f.max !== undefined) input.max = f.max;
    if (f.max_length) input.maxLength = f.max_length;
    if (f.type === 'uscc' || f.type === 'id_number') Object.assign(input, { maxLength: 18, autocapitalize: 'characters', spellcheck: false });
  }
  input.required = !!f.required;
  input.setAttribute('aria-describedby', `${id}-hint ${id}-error`);
  if (fieldErrors[f.key]) input.setAttribute('aria-invalid', 'true');
  const clear = () => {
    if (fieldErrors[f.key]) { delete fieldErrors[f.key]; input.removeAttribute('aria-invalid'); $(`${id}-error`).hidden = true; }
  };
  const remember = () => { formValues[f.key] = input.value; clear(); };
  // as one types: a value that can no longer come right is pointed out at once (a letter in a
  // mobile number, a third decimal), one on its way is left alone until the field is left
  input.addEventListener('input', () => {
    formValues[f.key] = input.value;
    const fault = typingFault(f, input.value.trim());
    if (fault) showFieldError(f.key, fault, false);
    else clear();
  });
  input.addEventListener('change', remember);
  // the enterprise the form names decides whose licence stands in for a material (heldFor)
  if (f.key === 'entity.uscc') input.addEventListener('change', redrawReusable);
  input.addEventListener('blur', () => {
    const fault = formValues[f.key] ? fieldFault(f) : null;
    if (fault) showFieldError(f.key, fault, false);
  });
  const hintKey = `apply.hint.${f.type}`;
  const hint = t(hintKey) !== hintKey ? t(hintKey) : '';
  const label = el('label', { htmlFor: id }, f.label, f.required ? el('span', { className: 'required', textContent: ' *', title: t('portal.field.required') }) : null);
  const wrap = el('div', { className: 'field' }, label, input,
    el('small', { className: 'hint', id: `${id}-hint`, textContent: hint }), fieldError(f.key));
  wrap.dataset.key = f.key;
  return wrap;
}

function materialInput(m, index) {
  const id = materialId(index);
  const ways = WAYS.filter((w) => (m.accepted_as || []).includes(w));
  const p = provided[m.name] || (provided[m.name] = { way: ways.length === 1 ? ways[0] : '', pledged: false, file: null });
  const need = m.requirement === 'required' ? t('portal.material.required') : t('portal.material.conditional', { condition: m.condition ?? '' });
  const fs = el('fieldset', { className: 'material', id },
    el('legend', {}, el('strong', { textContent: m.name }), m.requirement === 'required' ? el('span', { className: 'required', textContent: ' *' }) : null,
      ' ', el('span', { className: 'muted', textContent: need })));
  fs.dataset.name = m.name;
  if (m.note) fs.append(el('div', { className: 'hint', textContent: m.note }));
  // a certificate the applicant holds stands in for it: said, and nothing asked
  const cert = heldFor(m);
  if (cert) {
    Object.assign(p, { way: 'certificate', cert });
    fs.classList.add('reused');
    fs.append(el('p', { className: 'cert-reused', id: `${id}-cert` }, '✓ ',
      t('apply.cert.reused', { cert: cert.type.name, number: cert.number }),
      cert.valid_until ? el('span', { className: 'muted' }, ` · ${t('apply.cert.reused.until', { date: cityDate(cert.valid_until) })}`) : ''));
    const error = el('p', { className: 'field-error', id: `${id}-error`, hidden: true });
    error.setAttribute('role', 'alert');
    fs.append(error);
    return fs;
  }
  if (p.way === 'certificate') Object.assign(p, { way: ways.length === 1 ? ways[0] : '', cert: null });
  // a material a certificate would spare: the applicant holds none, so the ways it is accepted now
  if ((m.accepted_as || []).includes('certificate')) {
    const now = !ways.length ? 'apply.cert.none' : ways.includes('upload') ? 'apply.cert.upload' : 'apply.cert.other';
    fs.append(el('p', { className: 'hint cert-later', textContent: t(now, { cert: m.cert_type || m.name }) }));
  }
  if (!ways.length) return fs;
  const choices = el('div', { className: 'ways' });
  for (const w of ways) {
    const radio = el('input', { type: 'radio', name: `${id}-way`, value: w, checked: p.way === w });
    radio.addEventListener('change', () => { p.way = w; clearMaterialError(m.name); drawMaterialDetail(); });
    choices.append(el('label', { className: 'radio' }, radio, ` ${t(`apply.way.${w}`)}`));
  }
  const detail = el('div', { className: 'way-detail' });
  function drawMaterialDetail() {
    detail.replaceChildren();
    if (p.way === 'upload') {
      const file = el('input', { type: 'file', id: `${id}-file`, accept: '.pdf,.jpg,.jpeg,.png,.ofd,application/pdf,image/jpeg,image/png,application/ofd' });
      file.setAttribute('aria-label', t('apply.upload.label', { name: m.name }));
      file.addEventListener('change', () => file.files[0] && uploadMaterial(m, file.files[0], detail));
      detail.append(file, el('small', { className: 'hint', textContent: t('apply.upload.hint') }));
      if (p.file) detail.append(uploadedLine(p.file));
    } else if (p.way === 'pledge') {
      const box = el('input', { type: 'checkbox', id: `${id}-pledge`, checked: p.pledged });
      box.addEventListener('change', () => { p.pledged = box.checked; clearMaterialError(m.name); });
      detail.append(el('label', { className: 'check' }, box, ` ${t('apply.pledge.text', { name: m.name })}`));
    } else if (p.way === 'deferred') {
      detail.append(el('p', { className: 'hint', textContent: t('apply.deferred.text') }));
    }
  }
  drawMaterialDetail();
  const error = el('p', { className: 'field-error', id: `${id}-error`, textContent: fieldErrors[`material:${m.name}`] || '' });
  error.setAttribute('role', 'alert');
  error.hidden = !fieldErrors[`material:${m.name}`];
  fs.append(choices, detail, error);
  return fs;
}

// The materials a certificate may stand in for, drawn again: after the form's enterprise changed,
// or a certificate the server refused (suspended, revoked since the form was drawn).
function redrawReusable() {
  (applying?.materials || []).forEach((m, i) => {
    if (!(m.accepted_as || []).includes('certificate')) return;
    $(materialId(i))?.replaceWith(materialInput(m, i));
  });
}

const uploadedLine = (file) => el('p', { className: 'uploaded' }, '✓ ', el('span', { className: 'file-name', textContent: file.name }),
  ` (${formatSize(file.size)})`);

async function uploadMaterial(m, file, detail) {
  const key = `material:${m.name}`;
  clearMaterialError(m.name);
  const type = file.type && Object.values(UPLOAD_TYPES).includes(file.type)
    ? file.type : UPLOAD_TYPES[(file.name.split('.').pop() || '').toLowerCase()];
  if (!type) return showFieldError(key, t('apply.check.upload.type'));
  if (file.size > UPLOAD_MAX) return showFieldError(key, t('apply.check.upload.size'));
  if (file.size === 0) return showFieldError(key, t('apply.check.upload.empty'));
  const going = el('p', { className: 'hint', textContent: t('apply.upload.busy') });
  detail.querySelector('.uploaded')?.remove();
  detail.append(going);
  const res = await uploadFile(file);
  going.remove();
  if (res.status !== 200 && res.status !== 201) {
    return showFieldError(key, res.body?.error?.message || (res.status === 413 ? t('apply.check.upload.size') : String(res.status)));
  }
  // the name the applicant chose (the same bytes uploaded before answer with their first name)
  provided[m.name].file = { sha256: res.body.sha256, name: file.name, size: res.body.size };
  detail.append(uploadedLine(provided[m.name].file));
}

// an error beside field `key` (a form key, or 'material:NAME'), and the focus there
function showFieldError(key, message, focus = true) {
  fieldErrors[key] = message;
  const box = key.startsWith('material:')
    ? document.querySelector(`#apply fieldset.material[data-name="${CSS.escape(key.slice(9))}"]`)
    : document.querySelector(`#apply .field[data-key="${CSS.escape(key)}"]`);
  if (!box) return false;
  const error = box.querySelector(':scope > .field-error');
  error.textContent = message;
  error.hidden = false;
  const input = box.querySelector('input, select');
  if (!key.startsWith('material:')) input?.setAttribute('aria-invalid', 'true');
  if (focus) { box.scrollIntoView({ block: 'center' }); input?.focus({ preventScroll: true }); }
  return true;
}

// The summary at the top of the form once a submission is refused (by the checks here or by
// the server): each error, with a link to its field (as kit.js's summaries).
function renderErrorSummary() {
  const form = $('apply-form');
  if (!form) return;
  form.querySelector(':scope > .error-summary')?.remove();
  const items = Object.entries(fieldErrors).filter(([, message]) => message).map(([key, message]) => {
    if (!key) return el('li', {}, message);
    const material = key.startsWith('material:');
    const box = material ? document.querySelector(`#apply fieldset.material[data-name="${CSS.escape(key.slice(9))}"]`)
      : document.querySelector(`#apply .field[data-key="${CSS.escape(key)}"]`);
    const input = box?.querySelector('input, select');
    const label = material ? key.slice(9) : applying?.fields.find((f) => f.key === key)?.label ?? '';
    return el('li', {}, el('a', { href: `#${input?.id || ''}`, onclick: (ev) => { ev.preventDefault(); input?.focus(); } },
      message.includes(label) ? message : `${label}：${message}`));
  });
  if (!items.length) return;
  form.prepend(el('div', { class: 'error-summary', role: 'alert' },
    el('p', { class: 'summary-title' }, t(items.length > 1 ? 'error.summary.many' : 'error.summary.one', { n: items.length })),
    el('ul', {}, items)));
}

function clearMaterialError(name) {
  const key = `material:${name}`;
  delete fieldErrors[key];
  const box = document.querySelector(`#apply fieldset.material[data-name="${CSS.escape(name)}"] > .field-error`);
  if (box) box.hidden = true;
}

function renderApply() {
  const box = $('apply');
  if (!applying) return;
  const a = applying;
  const back = el('a', { href: `#${a.kind}/${encodeURIComponent(a.code)}`, className: 'back', textContent: `← ${t('portal.back')}` });
  const items = el('ul', { className: 'apply-items' });
  for (const i of a.items) items.append(el('li', {}, el('strong', { textContent: i.name }), ` · ${i.department?.name ?? ''}`));
  const fields = el('fieldset', { className: 'fields-set' }, el('legend', { textContent: t('apply.fields') }),
    ...a.fields.map(fieldInput));
  const materials = el('div', { className: 'materials-set' }, el('h3', { textContent: t('apply.materials') }),
    el('p', { className: 'hint', textContent: t('apply.materials.hint') }), ...a.materials.map(materialInput));
  const general = el('p', { className: 'error', id: 'apply-error', textContent: fieldErrors[''] || '' });
  general.setAttribute('role', 'alert');
  general.hidden = !fieldErrors[''];
  const submit = el('button', { type: 'submit', className: 'primary', id: 'submit-case', textContent: t(submitting ? 'apply.submit.busy' : 'apply.submit'), disabled: submitting });
  const form = el('form', { id: 'apply-form', noValidate: true }, fields, materials, general, el('div', { className: 'buttons' }, submit));
  form.addEventListener('submit', submitCase);
  box.replaceChildren(...[back, el('h2', { textContent: t('apply.title', { name: a.name }) }),
    el('p', { className: 'hint', textContent: t('apply.required.note') }),
    el('h3', { textContent: t('portal.form.items') }), items,
    a.total_days !== undefined ? el('p', { className: 'counts', textContent: t('portal.form.total', { days: a.total_days }) }) : null, form].filter(Boolean));
  box.dataset.code = a.code;
}

function renderDone() {
  const box = $('apply');
  const c = doneCase;
  const deferred = c.materials.filter((m) => m.provided_as === 'deferred').map((m) => m.name);
  const pledged = c.materials.filter((m) => m.provided_as === 'pledge').map((m) => m.name);
  const reused = c.materials.filter((m) => m.provided_as === 'certificate').map((m) => m.name);
  const next = el('ol', { className: 'next-steps' },
    el('li', { textContent: t('apply.done.next.accept') }),
    el('li', { textContent: t('apply.done.next.review', { n: c.items.length }) }),
    deferred.length ? el('li', { textContent: t('apply.done.next.deferred', { names: deferred.join('、') }) }) : null,
    pledged.length ? el('li', { textContent: t('apply.done.next.pledged', { names: pledged.join('、') }) }) : null,
    reused.length ? el('li', { textContent: t('apply.done.next.reused', { names: reused.join('、') }) }) : null,
    el('li', { textContent: t('apply.done.next.follow') }));
  box.replaceChildren(el('h2', { textContent: t('apply.done.title') }),
    el('p', { className: 'notice', id: 'done-message', textContent: t('apply.done.message', { title: c.title }) }),
    // the number to write down: what the window, the phone and 办件查询 ask for
    el('dl', { className: 'facts' },
      c.number ? el('dt', { textContent: t('my.case.number') }) : null,
      c.number ? el('dd', { className: 'case-number', id: 'done-number', textContent: c.number }) : null,
      el('dt', { textContent: t('my.col.submitted') }), el('dd', { textContent: cityTime(c.created_at) }),
      el('dt', { textContent: t('my.col.state') }), el('dd', { textContent: t(`my.case.state.${c.state}`) })),
    el('h3', { textContent: t('apply.done.next') }), next,
    el('p', { className: 'links' }, el('a', { href: `#case/${c.id}`, id: 'done-case', textContent: t('apply.done.view') }), ' · ',
      el('a', { href: '#mine', textContent: t('my.title') }), ' · ', el('a', { href: '#', textContent: t('apply.done.home') })));
  box.dataset.code = c.id;
}

function rerenderApply() {
  if (doneCase && location.hash.startsWith('#done/')) renderDone();
  else if (applying) renderApply();
  else if (!me && location.hash.startsWith('#apply/')) renderLoginFirst($('apply'));
}

// the view for someone not logged in: why, and the way to the login page and back
function renderLoginFirst(box) {
  box.replaceChildren(el('h2', { textContent: t('apply.login.title') }),
    el('p', { textContent: t('apply.login.why') }),
    el('p', {}, el('a', { href: loginHref(), className: 'apply button', id: 'login-first', textContent: t('portal.nav.login') })));
}


async function showApply(path) {
  const box = $('apply');
  const [, kind, code] = path.match(/^(item|bundle)\/(.+)$/) || [];
  applying = null; doneCase = null;
  if (!me) return renderLoginFirst(box);
  if (!me.roles.includes('applicant')) {
    box.replaceChildren(el('p', { className: 'error', textContent: t('apply.staff') }));
    return;
  }
  if (!kind) return showErrorAt(box, { status: 404, body: { error: { message: t('apply.unknown') } } });
  box.replaceChildren(el('p', { className: 'muted', textContent: t('wb.loading') }));
  const decoded = decodeURIComponent(code);
  let res, answers = {};
  regions = await cityRegions();
  if (kind === 'item') {
    res = await api('GET', `/api/v1/items/${encodeURIComponent(decoded)}`);
  } else {
    try { answers = JSON.parse(sessionStorage.getItem(`yw.answers.${decoded}`) || 'null'); } catch { answers = null; }
    if (!answers) { location.replace(`#bundle/${encodeURIComponent(decoded)}`); return; }
    res = await api('POST', `/api/v1/bundles/${encodeURIComponent(decoded)}/form`, { answers });
  }
  if (res.status !== 200) { box.replaceChildren(); return showErrorAt(box, res); }
  const b = res.body;
  let name = b.name;
  if (kind === 'bundle') {
    const info = await api('GET', `/api/v1/bundles/${encodeURIComponent(decoded)}`);
    name = info.status === 200 ? info.body.name : decoded;
  }
  // the certificates that may stand in for materials (免提交); none when the answer fails
  const held = (b.materials || []).some((m) => (m.accepted_as || []).includes('certificate'))
    ? await api('GET', '/api/v1/certificate-reuse') : null;
  applying = {
    kind, code: decoded, name, answers,
    certs: held && held.status === 200 ? held.body.certificates : [],
    fields: b.fields || [], materials: b.materials || [],
    items: kind === 'item' ? [{ name: b.name, department: b.department }] : b.items,
    total_days: kind === 'item' ? b.promised_days : b.total_days,
  };
  formValues = {}; provided = {}; fieldErrors = {}; submitting = false;
  prefill(applying.fields);
  renderApply();
}

async function submitCase(ev) {
  ev.preventDefault();
  if (submitting) return; // a second click while the first is on its way
  const a = applying;
  // the client's checks: the first fault is shown beside its field, nothing is sent
  for (const key of Object.keys(fieldErrors)) delete fieldErrors[key];
  for (const node of $('apply').querySelectorAll('.field-error, #apply-error')) node.hidden = true;
  for (const node of $('apply').querySelectorAll('[aria-invalid]')) node.removeAttribute('aria-invalid');
  $('apply-form').querySelector(':scope > .error-summary')?.remove();
  let first = null;
  for (const f of a.fields) {
    const fault = fieldFault(f);
    if (fault) { showFieldError(f.key, fault, !first); first = first || f.key; }
  }
  for (const m of a.materials) {
    const fault = materialFault(m);
    if (fault) { showFieldError(`material:${m.name}`, fault, !first); first = first || m.name; }
  }
  if (first) return renderErrorSummary();

  const form = {};
  for (const f of a.fields) { const v = fieldValue(f); if (v !== undefined) form[f.key] = v; }
  const materials = [];
  for (const m of a.materials) {
    const p = provided[m.name];
    if (!p || !p.way || !given(p)) continue;
    const one = { name: m.name, provided_as: p.way };
    if (p.way === 'upload') one.upload = p.file.sha256;
    if (p.way === 'certificate') one.certificate = p.cert.id;
    materials.push(one);
  }
  const body = { [a.kind]: a.code, answers: a.answers, form, materials };
  // one intent per body: the same submission again replays, a corrected one is new
  submitting = true;
  const button = $('submit-case');
  button.disabled = true;
  button.textContent = t('apply.submit.busy');
  const res = await api('POST', '/api/v1/cases', body);
  submitting = false;
  if (res.status === 201 || res.status === 200) {
    doneCase = res.body;
    applying = null;
    location.hash = `#done/${res.body.id}`;
    return;
  }
  button.disabled = false;
  button.textContent = t('apply.submit');
  const e = res.body?.error || { message: String(res.status) };
  const formKey = e.field && e.field.match(/^\/form\/(.+)$/);
  const materialIndex = e.field && e.field.match(/^\/?materials\/(\d+)/);
  if (formKey && showFieldError(formKey[1], e.message)) return renderErrorSummary();
  // a certificate refused: the form no longer offers it, and asks for the material another way
  const refused = materialIndex && materials[+materialIndex[1]];
  if (refused && refused.provided_as === 'certificate') {
    a.certs = a.certs.filter((c) => c.id !== refused.certificate);
    fieldErrors[`material:${refused.name}`] = e.message;
    redrawReusable();
  }
  if (materialIndex && materials[+materialIndex[1]] && showFieldError(`material:${materials[+materialIndex[1]].name}`, e.message)) return renderErrorSummary();
  fieldErrors[''] = e.message;
  $('apply-error').textContent = e.message;
  $('apply-error').hidden = false;
}

async function showDone(id) {
  const box = $('apply');
  applying = null;
  if (!doneCase || doneCase.id !== id) {
    box.replaceChildren(el('p', { className: 'muted', textContent: t('wb.loading') }));
    const res = await api('GET', `/api/v1/cases/${encodeURIComponent(id)}`);
    if (res.status !== 200) { box.replaceChildren(); return showErrorAt(box, res); }
    doneCase = res.body;
  }
  renderDone();
}
