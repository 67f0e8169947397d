// 帮办代办, the clerk's tab of office.html: one form to file an item or a bundle for the person at
// the window. The clerk finds the applicant by 身份证号, 统一社会信用代码 or name (GET
// /api/v1/applicants: accounts, and the registry's enterprises without one) and what is known is
// prefilled; a walk-in without an account is made on the spot (POST /api/v1/accounts without a
// password: the person claims it later by the phone). The item or bundle is picked by its name
// as it is typed (GET /api/v1/items?q=, GET /api/v1/bundles), a bundle's questionnaire answered
// first and its merged form then drawn, as an applicant's is; a region by its Chinese name. On
// 代为提交 every problem is shown at once beside its field: the page's own (no applicant, nothing
// picked) or the server's list (`errors`, docs/api.md). Loaded after office.js, which calls
// startBehalf() and shares its kit.
'use strict';

const behalfState = {
  applicant: null,   // {account_id, kind, name, id_number, uscc, phone, registry}
  what: null,        // {kind: 'item'|'bundle', code, name}
  questions: [],     // a bundle's questionnaire
  guide: null,       // {fields, materials} of the item, or of the bundle for the answers given
  values: {},        // field key → what was typed (kept while the form is drawn again)
  registry: null,    // an enterprise of the registry without an account, while one is made for it
  certs: [],         // the applicant's certificates that may stand in for materials (免提交)
  certsFor: null,    // whose they are (an account id): asked once per applicant
};
let regionList = null; // [{code, name, parent}] of the whole country, once asked
let bundleList = null; // GET /api/v1/bundles, once asked

/* ---- suggestions as one types (a WAI-ARIA combobox) ---- */

let comboSeq = 0;

// `input` suggests from `search(text)` (a promise of [{label, detail, value}]) into a listbox
// after it; Up/Down move, Enter or a tap picks (`pick(value)`), Escape closes. Typing again
// forgets what was picked (`forget()`).
function combo(input, search, pick, forget) {
  const list = el('ul', { class: 'suggestions', role: 'listbox', id: `${input.id}-list`, hidden: true });
  input.after(list);
  Object.assign(input, { autocomplete: 'off' });
  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-expanded', 'false');
  input.setAttribute('aria-controls', list.id);
  let options = [], active = -1, timer = null, seq = 0;
  const close = () => {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  };
  const mark = (i) => {
    active = i;
    [...list.children].forEach((li, k) => li.setAttribute('aria-selected', String(k === i)));
    if (i >= 0) { input.setAttribute('aria-activedescendant', list.children[i].id); list.children[i].scrollIntoView({ block: 'nearest' }); }
  };
  const choose = (i) => {
    const o = options[i];
    if (!o) return;
    close();
    input.value = o.label;
    pick(o.value);
  };
  const show = (found) => {
    options = found;
    list.replaceChildren(...found.map((o, i) => {
      const li = el('li', { role: 'option', id: `${list.id}-${++comboSeq}`, 'aria-selected': 'false' },
        el('span', { class: 'suggestion-label', 'data-literal': o.literal ? '' : null }, o.label),
        o.detail ? el('span', { class: 'suggestion-detail', 'data-literal': o.literal ? '' : null }, o.detail) : null);
      // a tap or a click picks before the input loses its focus
      li.addEventListener('mousedown', (ev) => { ev.preventDefault(); choose(i); });
      return li;
    }));
    list.hidden = !found.length;
    input.setAttribute('aria-expanded', String(found.length > 0));
    active = -1;
  };
  input.addEventListener('input', () => {
    forget();
    clearTimeout(timer);
    const text = input.value.trim();
    if (!text) { show([]); return; }
    timer = setTimeout(async () => {
      const mine = ++seq;
      const found = await search(text);
      if (mine === seq && input.value.trim() === text) show(found);
    }, 200);
  });
  input.addEventListener('keydown', (ev) => {
    if (ev.key === 'ArrowDown' && options.length) { ev.preventDefault(); if (list.hidden) show(options); mark(Math.min(active + 1, options.length - 1)); }
    else if (ev.key === 'ArrowUp' && options.length) { ev.preventDefault(); mark(Math.max(active - 1, 0)); }
    else if (ev.key === 'Enter' && !list.hidden && options.length) { ev.preventDefault(); choose(active >= 0 ? active : 0); }
    else if (ev.key === 'Escape') close();
  });
  input.addEventListener('blur', () => setTimeout(close, 150));
  return { close, show };
}

/* ---- the applicant ---- */

const kindWord = (a) => (a.kind === 'person' ? t('kind.person') : t('kind.enterprise'));

async function searchApplicants(text) {
  const res = await api('GET', `/api/v1/applicants?q=${encodeURIComponent(text)}`);
  const found = res.status === 200 ? res.body.applicants : [];
  const options = found.map((a) => ({
    value: a, literal: true,
    label: a.name,
    detail: [kindWord(a), a.id_number || a.uscc, a.account_id ? '' : t('behalf.who.no_account')].filter(Boolean).join(' · '),
  }));
  // nobody found: a walk-in, made here
  options.push({ value: { walkIn: text }, label: t('behalf.walkin.open'), detail: t('behalf.walkin.hint') });
  return options;
}

function pickApplicant(a) {
  $('behalf-walkin').hidden = true;
  if (a.walkIn !== undefined) return openWalkIn({ typed: a.walkIn });
  if (!a.account_id) return openWalkIn({ registry: a }); // in the registry, without an account yet
  behalfState.applicant = a;
  showApplicant();
  prefill(true);
}

function forgetApplicant() {
  behalfState.applicant = null;
  $('behalf-chosen').hidden = true;
}

function showApplicant() {
  const a = behalfState.applicant;
  const box = $('behalf-chosen');
  box.replaceChildren(t('behalf.who.chosen', { name: a.name, kind: kindWord(a) }),
    a.phone ? el('span', { class: 'muted' }, ' · ', el('span', { 'data-literal': '' }, a.phone)) : '',
    a.registry ? el('div', { class: 'muted' }, t('behalf.who.registry', { rep: a.registry.legal_rep || '—', region: a.registry.region_name || '—' })) : '');
  box.hidden = false;
  $('behalf-who').value = a.name;
}

/* ---- a walk-in: the account made at the window ---- */

function openWalkIn({ typed = '', registry = null }) {
  const box = $('behalf-walkin');
  clearFieldErrors(box);
  behalfState.registry = registry;
  const enterprise = !!registry;
  box.querySelector('legend').textContent = t(enterprise ? 'behalf.walkin.enterprise' : 'behalf.walkin.title');
  $('walkin-id-label').firstChild.textContent = t(enterprise ? 'behalf.walkin.uscc' : 'behalf.walkin.id');
  $('walkin-name-label').firstChild.textContent = t(enterprise ? 'behalf.walkin.entity_name' : 'behalf.walkin.name');
  $('walkin-id').value = registry ? registry.uscc : /^[0-9]{6}/.test(typed) ? typed.toUpperCase() : '';
  $('walkin-id').readOnly = enterprise;
  $('walkin-name').value = registry ? registry.name : /^[0-9]/.test(typed) ? '' : typed;
  $('walkin-phone').value = '';
  $('walkin-existing').hidden = true;
  $('behalf-walkin-hint').textContent = t(enterprise ? 'behalf.walkin.registry_hint' : 'behalf.walkin.claim');
  box.hidden = false;
  ($('walkin-id').value ? ($('walkin-name').value ? $('walkin-phone') : $('walkin-name')) : $('walkin-id')).focus();
}

async function createWalkIn() {
  const box = $('behalf-walkin');
  const enterprise = !!behalfState.registry;
  const id = $('walkin-id').value.trim().toUpperCase(), name = $('walkin-name').value.trim(), phone = $('walkin-phone').value.trim();
  // every problem at once: what is missing, the ID number or USCC as the server checks it, the phone
  const problems = [];
  const need = (input, value) => { if (!value) problems.push({ control: input, message: t('error.required', { label: labelOf(input) }) }); return !!value; };
  if (need($('walkin-id'), id)) {
    const check = await api('GET', `/api/v1/validate/${enterprise ? 'uscc' : 'id-number'}/${encodeURIComponent(id)}`);
    if (check.status !== 200) problems.push({ control: $('walkin-id'), message: errorOf(check).message });
  }
  need($('walkin-name'), name);
  if (need($('walkin-phone'), phone) && !/^1[0-9]{10}$/.test(phone)) problems.push({ control: $('walkin-phone'), message: t('behalf.walkin.phone.format') });
  if (showFieldErrors(box, problems)) return;
  const body = enterprise ? { kind: 'enterprise', uscc: id, name, phone } : { kind: 'person', id_number: id, name, phone };
  const res = await busy($('walkin-create'), () => api('POST', '/api/v1/accounts', body));
  if (!res) return;
  if (res.status === 409) { // one already: say so beside the number, and offer to use it
    showApiErrorIn(box, res, { find: () => $('walkin-id') });
    $('walkin-existing').hidden = false;
    return;
  }
  if (res.status !== 201) return showApiErrorIn(box, res, { find: (f) => ({ id_number: $('walkin-id'), uscc: $('walkin-id'), name: $('walkin-name'), phone: $('walkin-phone') })[f] || null });
  const a = res.body;
  behalfState.applicant = { account_id: a.id, kind: a.kind, name: a.name, id_number: a.id_number || null, uscc: a.uscc || null,
    phone: a.phone, registry: behalfState.registry };
  box.hidden = true;
  showApplicant();
  prefill(true);
  say(t('behalf.walkin.done', { name: a.name }));
}

// The account the 409 named: found by its number, and chosen.
async function useExisting() {
  const res = await api('GET', `/api/v1/applicants?q=${encodeURIComponent($('walkin-id').value.trim())}`);
  const a = res.status === 200 ? res.body.applicants.find((x) => x.account_id) : null;
  if (!a) return showApiError(res);
  $('behalf-walkin').hidden = true;
  pickApplicant(a);
}

/* ---- the item or the bundle ---- */

async function searchWhat(text) {
  if (!bundleList) {
    const res = await api('GET', '/api/v1/bundles');
    bundleList = res.status === 200 ? res.body.bundles : [];
  }
  const want = text.toLowerCase();
  const bundles = bundleList.filter((b) => b.name.toLowerCase().includes(want) || (b.description || '').toLowerCase().includes(want)).slice(0, 5);
  const res = await api('GET', `/api/v1/items?q=${encodeURIComponent(text)}&limit=8`);
  const items = res.status === 200 ? res.body.items : [];
  return [
    ...bundles.map((b) => ({ value: { kind: 'bundle', code: b.code, name: b.name }, label: b.name,
      detail: t('behalf.what.bundle', { department: b.lead_department.name, n: b.items }) })),
    ...items.map((i) => ({ value: { kind: 'item', code: i.code, name: i.name }, label: i.name,
      detail: t('behalf.what.item', { department: i.department.name }) })),
  ];
}

async function pickWhat(what) {
  behalfState.what = what;
  behalfState.guide = null;
  behalfState.questions = [];
  $('behalf-questions').replaceChildren();
  drawForm();
  if (what.kind === 'item') {
    const res = await api('GET', `/api/v1/items/${encodeURIComponent(what.code)}`);
    if (res.status !== 200) return showApiError(res);
    behalfState.guide = { fields: res.body.fields || [], materials: res.body.materials || [] };
    return drawForm();
  }
  const res = await api('GET', `/api/v1/bundles/${encodeURIComponent(what.code)}`);
  if (res.status !== 200) return showApiError(res);
  behalfState.questions = res.body.questions || [];
  drawQuestions();
  if (!behalfState.questions.length) await bundleForm();
}

function forgetWhat() {
  behalfState.what = null;
  behalfState.guide = null;
  behalfState.questions = [];
  $('behalf-questions').replaceChildren();
  drawForm();
}

// A bundle's questionnaire (情形): each question a choice, all answered before its form is drawn.
function drawQuestions() {
  const box = $('behalf-questions');
  box.replaceChildren(el('h3', {}, t('behalf.questions')), ...behalfState.questions.map((q, i) => {
    const id = `bq-${i}`;
    const options = q.kind === 'yes_no' ? [['true', t('behalf.yes')], ['false', t('behalf.no')]] : (q.options || []).map((o) => [o, o]);
    const select = el('select', { id, 'data-question': q.key, required: true, 'aria-required': 'true' },
      el('option', { value: '' }, t('portal.choose')), ...options.map(([v, label]) => el('option', { value: v }, label)));
    select.addEventListener('change', bundleForm);
    return el('div', { class: 'field' }, el('label', { for: id, class: 'req' }, q.label), select);
  }));
}

function answersGiven() {
  const answers = {};
  for (const s of $('behalf-questions').querySelectorAll('select')) {
    if (!s.value) return null;
    answers[s.dataset.question] = s.value === 'true' ? true : s.value === 'false' ? false : s.value;
  }
  return answers;
}

// The merged form for the answers given (POST /api/v1/bundles/{code}/form), once all are given.
async function bundleForm() {
  const answers = answersGiven();
  behalfState.guide = null;
  if (!answers) return drawForm();
  const res = await api('POST', `/api/v1/bundles/${encodeURIComponent(behalfState.what.code)}/form`, { answers });
  if (res.status !== 200) return showApiErrorIn($('behalf'), res);
  behalfState.guide = { fields: res.body.fields || [], materials: res.body.materials || [], answers };
  drawForm();
}

/* ---- the form: fields and materials ---- */

function searchRegions(text) {
  const near = (r) => (r.code.startsWith('3702') ? 0 : r.code.startsWith('37') ? 1 : 2);
  return regionList.filter((r) => r.name.includes(text)).sort((a, b) => near(a) - near(b)).slice(0, 10)
    .map((r) => ({ value: r, label: r.name, detail: regionList.find((p) => p.code === r.parent)?.name || '' }));
}

function fieldControl(f, id) {
  const attrs = { id, name: f.key, 'data-field': `/form/${f.key}`, required: f.required, 'aria-required': f.required ? 'true' : null };
  const keep = (input) => {
    const remember = () => { behalfState.values[f.key] = f.type === 'region' ? input.dataset.code || '' : input.value; };
    input.addEventListener('input', remember);
    input.addEventListener('change', remember);
    return input;
  };
  const v = behalfState.values[f.key] ?? '';
  if (f.type === 'choice') {
    const s = el('select', attrs, el('option', { value: '' }, t('portal.choose')), ...(f.options || []).map((o) => el('option', { value: o }, o)));
    s.value = v;
    return keep(s);
  }
  if (f.type === 'region') { // a region by its name: never a code to type
    const input = el('input', { ...attrs, type: 'text', value: v ? (regionList.find((r) => r.code === v)?.name || '') : '', 'data-code': v || null });
    input.dataset.region = 'true';
    return input;
  }
  if (f.type === 'number') return keep(el('input', { ...attrs, type: 'number', min: f.min, max: f.max, step: 'any', value: v }));
  if (f.type === 'date') return keep(el('input', { ...attrs, type: 'date', value: v }));
  const tel = f.key.endsWith('phone');
  return keep(el('input', { ...attrs, type: tel ? 'tel' : 'text', maxLength: f.max_length, autocomplete: 'off', value: v,
    autocapitalize: f.type === 'uscc' || f.type === 'id_number' ? 'characters' : null }));
}

function drawForm() {
  const g = behalfState.guide;
  $('behalf-form-part').hidden = !g;
  $('behalf-fields').replaceChildren();
  $('behalf-materials').replaceChildren();
  if (!g) return;
  $('behalf-fields').append(...g.fields.map((f, i) => {
    const id = `bf-${i}`;
    const control = fieldControl(f, id);
    const wrap = el('div', { class: 'field' }, el('label', { for: id, class: f.required ? 'req' : null }, f.label, f.required ? '' : ` （${t('portal.field.optional')}）`), control);
    if (f.type === 'region') {
      combo(control, async (text) => searchRegions(text), (r) => {
        control.dataset.code = r.code;
        behalfState.values[f.key] = r.code;
      }, () => { delete control.dataset.code; behalfState.values[f.key] = ''; });
    }
    return wrap;
  }));
  // how each material is provided at the window: a scanned file uploaded, pledged or deferred,
  // as the item allows (a required one defaults to the first way it is accepted)
  $('behalf-materials').append(...g.materials.map((m, i) => {
    const ways = m.accepted_as.filter((w) => w === 'upload' || w === 'pledge' || w === 'deferred');
    const id = `bm-${i}`;
    const need = m.requirement === 'required';
    const select = el('select', { id, 'data-material': m.name, 'data-field': `/materials/${i}`, required: need, 'aria-required': need ? 'true' : null },
      el('option', { value: '' }, t(need ? 'portal.choose' : 'office.behalf.material.none')),
      ...ways.map((w) => el('option', { value: w }, t(`office.behalf.way.${w}`))));
    if (need && ways.length) select.value = ways[0];
    const file = el('input', { type: 'file', id: `${id}-file`, accept: '.pdf,.jpg,.jpeg,.png,.ofd',
      'data-upload-for': m.name, 'aria-label': t('office.behalf.file', { name: m.name }) });
    const showFile = () => { file.hidden = select.value !== 'upload'; };
    select.addEventListener('change', showFile);
    showFile();
    return el('div', { class: 'field' }, el('label', { for: id, class: need ? 'req' : null }, m.name), select, file);
  }));
  prefill(false);
}

// What is known of the applicant, into the fields still empty (all of them, `again`, when the
// applicant has just been chosen): their name and number, phone, and from the registry the
// legal representative (or operator) and the region.
function prefill(again) {
  const a = behalfState.applicant, g = behalfState.guide;
  if (!a || !g) return;
  const r = a.registry || {};
  const known = a.kind === 'person'
    ? { 'applicant.name': a.name, 'applicant.id_number': a.id_number, 'legal_rep.name': a.name, 'legal_rep.id_number': a.id_number,
      'operator.name': a.name, 'operator.id_number': a.id_number, 'contact.name': a.name, 'contact.phone': a.phone, 'applicant.phone': a.phone }
    : { 'entity.name': r.name || a.name, 'entity.uscc': a.uscc, 'legal_rep.name': r.legal_rep, 'operator.name': r.legal_rep,
      'contact.phone': a.phone, 'address.region': r.region };
  g.fields.forEach((f, i) => {
    const v = known[f.key];
    const input = $(`bf-${i}`);
    if (!v || !input || (!again && behalfState.values[f.key])) return;
    if (behalfState.values[f.key] && behalfState.values[f.key] !== v && !again) return;
    behalfState.values[f.key] = v;
    if (f.type === 'region') {
      input.value = regionList.find((x) => x.code === v)?.name || '';
      input.dataset.code = v;
    } else {
      input.value = v;
    }
  });
  offerCertificates();
}

// 免提交: a material a certificate of the applicant stands in for gets that way, chosen, with the
// certificate said (GET /api/v1/certificate-reuse; the clerk's look is in the holder's reads);
// the clerk may still pick another way.
async function offerCertificates() {
  const a = behalfState.applicant, g = behalfState.guide;
  const wanted = g ? g.materials.filter((m) => m.accepted_as.includes('certificate') && m.cert_type) : [];
  if (!a || !a.account_id || !wanted.length) return;
  if (behalfState.certsFor !== a.account_id) {
    const res = await api('GET', `/api/v1/certificate-reuse?on_behalf_of=${encodeURIComponent(a.account_id)}`);
    behalfState.certs = res.status === 200 ? res.body.certificates : [];
    behalfState.certsFor = a.account_id;
  }
  if (behalfState.applicant !== a || behalfState.guide !== g) return; // another applicant or item meanwhile
  const uscc = String(behalfState.values['entity.uscc'] || '').trim().toUpperCase();
  for (const sel of $('behalf-materials').querySelectorAll('select')) {
    const m = wanted.find((x) => x.name === sel.dataset.material);
    if (!m) continue;
    const cert = behalfState.certs.find((c) => c.type.name === m.cert_type
      && (c.holder.kind !== 'entity' || !uscc || c.holder.id === uscc));
    if (!cert || sel.querySelector('option[value="certificate"]')) continue;
    sel.append(el('option', { value: 'certificate' }, t('office.behalf.way.certificate')));
    sel.dataset.certificate = cert.id;
    const note = el('p', { class: 'hint cert-reused' }, t('office.behalf.cert.reused', { cert: cert.type.name, number: cert.number }));
    sel.after(note);
    sel.addEventListener('change', () => { note.hidden = sel.value !== 'certificate'; });
    sel.value = 'certificate';
    sel.dispatchEvent(new Event('change'));
  }
}

/* ---- 代为提交: every problem at once ---- */

async function behalfSubmit(ev) {
  ev.preventDefault();
  const form = $('behalf');
  clearFieldErrors(form);
  const s = behalfState;
  // what the page knows before the server can look: who, what, the questionnaire
  const mine = [];
  if (!s.applicant) mine.push({ control: $('behalf-who'), message: t('behalf.who.required') });
  if (!s.what) mine.push({ control: $('behalf-what'), message: t('behalf.what.required') });
  for (const q of $('behalf-questions').querySelectorAll('select')) {
    if (!q.value) mine.push({ control: q, message: t('error.required', { label: labelOf(q) }) });
  }
  if (mine.length || !s.guide) {
    // the form's required fields left blank, in the server's words, as far as the page shows them
    if (s.guide) mine.push(...blankFields());
    return showFieldErrors(form, mine);
  }
  await busy($('behalf-submit'), async () => {
    const values = {};
    s.guide.fields.forEach((f, i) => {
      const input = $(`bf-${i}`);
      const v = f.type === 'region' ? (input.dataset.code || input.value.trim()) : input.value.trim();
      if (v !== '') values[f.key] = f.type === 'number' ? Number(v) : (f.type === 'uscc' || f.type === 'id_number') ? v.toUpperCase() : v;
    });
    const materials = [], selects = [];
    const problems = [];
    for (const sel of $('behalf-materials').querySelectorAll('select')) {
      if (!sel.value) continue;
      const given = { name: sel.dataset.material, provided_as: sel.value };
      if (sel.value === 'certificate') given.certificate = sel.dataset.certificate;
      if (sel.value === 'upload') { // the scan goes up first; the case names it by its SHA-256
        const file = $(`${sel.id}-file`);
        if (file.files.length) {
          const up = await uploadFile(file.files[0]);
          if (up.status === 200 || up.status === 201) given.upload = up.body.sha256;
          else problems.push({ control: file, message: errorOf(up).message });
        }
      }
      materials.push(given);
      selects.push(sel);
    }
    const body = { [s.what.kind]: s.what.code, answers: s.what.kind === 'bundle' ? s.guide.answers : {}, form: values,
      materials, on_behalf_of: s.applicant.account_id };
    const res = await api('POST', '/api/v1/cases', body);
    if (res.status === 201) return done(res.body);
    const all = res.body?.errors || [errorOf(res)];
    for (const e of all) {
      const control = controlOf(e, selects);
      // a scan not chosen: said as the clerk does it, not as the API names the file
      const message = e.reason === 'case_upload_required' && control ? t('behalf.file.required', { name: control.dataset.uploadFor }) : e.message;
      problems.push({ field: e.field, message, control });
    }
    showFieldErrors(form, problems);
  });
}

// The control a refusal of the server names: a form field, a material given (its select, or its
// file for /materials/N/upload), a required material missing (named in the message).
function controlOf(e, selects) {
  const f = e.field || '';
  const given = f.match(/^\/materials\/(\d+)(\/upload)?/);
  if (given) {
    const sel = selects[Number(given[1])];
    return sel && given[2] ? $(`${sel.id}-file`) : sel || null;
  }
  if (f === 'materials') {
    const named = [...$('behalf-materials').querySelectorAll('select')].filter((x) => e.message.includes(x.dataset.material));
    return named.sort((a, b) => b.dataset.material.length - a.dataset.material.length)[0] || null;
  }
  if (f === 'on_behalf_of') return $('behalf-who');
  if (f === 'item' || f === 'bundle') return $('behalf-what');
  return f.startsWith('/form/') ? $('behalf').querySelector(`[data-field="${CSS.escape(f)}"]`) : null;
}

function blankFields() {
  const out = [];
  behalfState.guide.fields.forEach((f, i) => {
    const input = $(`bf-${i}`);
    if (f.required && !(f.type === 'region' ? input.dataset.code : input.value.trim())) out.push({ control: input, message: t('behalf.field.required', { label: f.label }) });
  });
  for (const sel of $('behalf-materials').querySelectorAll('select[required]')) {
    if (!sel.value) out.push({ control: sel, message: t('behalf.material.required', { name: sel.dataset.material }) });
  }
  return out;
}

function done(c) {
  const who = behalfState.applicant.name;
  $('behalf').reset();
  Object.assign(behalfState, { applicant: null, what: null, questions: [], guide: null, values: {}, registry: null });
  $('behalf-chosen').hidden = true;
  $('behalf-questions').replaceChildren();
  drawForm();
  say(t('behalf.done', { title: c.title, name: who, number: c.number || '—' }));
  window.scrollTo(0, 0);
}

/* ---- the tab ---- */

async function startBehalf() {
  const regions = await api('GET', '/api/v1/regions');
  regionList = regions.status === 200 ? regions.body.regions : [];
  combo($('behalf-who'), searchApplicants, pickApplicant, forgetApplicant);
  combo($('behalf-what'), searchWhat, pickWhat, forgetWhat);
  $('behalf').addEventListener('submit', behalfSubmit);
  $('walkin-create').addEventListener('click', createWalkIn);
  $('walkin-cancel').addEventListener('click', () => { $('behalf-walkin').hidden = true; $('behalf-who').focus(); });
  $('walkin-existing').addEventListener('click', useExisting);
  drawForm();
}
