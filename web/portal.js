// The public portal (办事大厅), no login needed: search bundles and items as one types (in
// everyday words: the city's synonyms; in English: English names), read an item's
// guide (办事指南), and for a one-thing bundle (一件事) answer its questionnaire and see the merged
// form — the items that apply, each field once, each material once. Errors are shown beside
// the part of the page they concern; the English toggle re-renders what is on screen.
// It is also the front page of a logged-in applicant: the top bar says who they are, 在线申报
// opens the one form (apply.js), and 我的办件 follows their cases (mine.js); the view follows the
// address (#item/…, #bundle/…, #apply/…, #done/…, #mine, #case/…). The policy library
// (#policies, anyone) and an enterprise's benefits and inbox (#benefits) are benefits.js's.
'use strict';

let results = null;       // the last search answer
let guide = null;         // the item shown
let bundles = [];
let bundle = null;        // the bundle shown
let answers = {};
let merged = null;        // the merged form shown
let searchTimer = null, searchSeq = 0;
let me = null;            // the account logged in, or null

const days = (n) => (n === 0 ? t('portal.days.now') : t('portal.days', { n }));
const fee = (fen) => (fen ? t('portal.fee.yuan', { yuan: (fen / 100).toFixed(2) }) : t('portal.fee.free'));
const depth = (d) => (d ? t(`portal.depth.${d}`) : '—');

// #error moves beside the part of the page an error concerns (and stays there when that part
// is drawn again, in the other language)
let errorBox = null;
function showErrorAt(where, res) {
  where.append(errorBox);
  showApiError(res);
}
function clearError() { errorBox.hidden = true; }
function keepError(box, where) {
  if (box.contains(errorBox)) where.append(errorBox);
}

function renderResults() {
  const body = $('items').querySelector('tbody');
  body.replaceChildren();
  if (!results) {
    $('items').hidden = true; $('count').hidden = true; $('items-empty').hidden = true;
    return;
  }
  // bundles and items in one list (GET /api/v1/search): a bundle opens its questionnaire, an item
  // its guide; in English, the English name where there is one
  const english = document.documentElement.lang === 'en';
  for (const it of results.results) {
    const bundle = it.kind === 'bundle';
    const open = el('a', { href: `#${bundle ? 'bundle' : 'item'}/${encodeURIComponent(it.code)}`,
      textContent: (english && it.name_en) || it.name, className: 'item-link' });
    const name = el('td', {}, open, bundle ? el('span', { className: 'badge', textContent: ` ${t('portal.kind.bundle')}` }) : null);
    name.dataset.label = t('portal.col.name');
    // the fee and how far it goes online are for the guide: left out in 长辈版
    const secondary = (td) => { td.dataset.secondary = ''; return td; };
    const row = el('tr', {}, name, cell(it.department?.name ?? '', 'portal.col.department'),
      cell(bundle ? t('portal.bundle.days') : days(it.promised_days), 'portal.col.promised'),
      secondary(cell(bundle ? '—' : fee(it.fee_fen), 'portal.col.fee')),
      secondary(cell(bundle ? t('portal.bundle.depth') : depth(it.online_depth), 'portal.col.depth')));
    row.dataset.kind = it.kind;
    row.dataset.code = it.code;
    body.append(row);
  }
  $('items').hidden = results.results.length === 0;
  $('items-empty').hidden = results.results.length > 0;
  $('count').textContent = t('portal.search.count', { total: results.total });
  $('count').hidden = results.results.length === 0;
  $('items').dataset.loaded = 'true';
}

async function search() {
  const q = $('q').value.trim();
  const seq = ++searchSeq;
  if (!q) { results = null; renderResults(); return; }
  const res = await api('GET', `/api/v1/search?q=${encodeURIComponent(q)}&limit=20`);
  if (seq !== searchSeq) return; // an older answer arriving late
  if (res.status !== 200) return showErrorAt($('search-section'), res);
  clearError();
  results = res.body;
  renderResults();
}

function renderBundles() {
  const box = $('bundles');
  box.replaceChildren();
  for (const b of bundles) {
    const meta = t('portal.bundle.meta', { dept: b.lead_department?.name ?? '', items: b.items });
    const link = el('a', { href: `#bundle/${encodeURIComponent(b.code)}`, className: 'panel bundle-card' },
      el('h3', { textContent: b.name }),
      b.description ? el('p', { className: 'muted', textContent: b.description }) : null,
      el('p', { className: 'hint', textContent: meta }),
      b.stages ? el('p', { className: 'hint', textContent: t('portal.bundle.stages', { stages: b.stages, limit: b.limit_days }) }) : null);
    link.dataset.code = b.code;
    box.append(link);
  }
  box.dataset.loaded = 'true';
}

function dl(pairs) {
  const list = el('dl', { className: 'facts' });
  for (const [k, v] of pairs) list.append(el('dt', { textContent: t(k) }), el('dd', { textContent: v }));
  return list;
}

function materialList(materials, itemNames) {
  if (!materials.length) return el('p', { className: 'empty', textContent: t('portal.guide.none') });
  const ul = el('ul', { className: 'materials' });
  for (const m of materials) {
    const need = m.requirement === 'conditional'
      ? t('portal.material.conditional', { condition: m.condition ?? '' }) : t('portal.material.required');
    const how = (m.accepted_as || []).map((a) => el('span', { className: 'badge', textContent: t(`portal.accepted.${a}`) }));
    const li = el('li', {}, el('strong', { textContent: m.name }), ' ',
      el('span', { className: 'muted', textContent: need }), el('div', { className: 'how' }, ...how),
      m.note ? el('div', { className: 'hint', textContent: m.note }) : null,
      itemNames && m.items ? el('div', { className: 'hint', textContent: t('portal.form.usedby', { items: m.items.map(itemNames).join('、') }) }) : null);
    ul.append(li);
  }
  return ul;
}

function fieldList(fields, itemNames) {
  if (!fields.length) return el('p', { className: 'empty', textContent: t('portal.guide.none') });
  const ul = el('ul', { className: 'fields' });
  for (const f of fields) {
    const type = t(`portal.field.type.${f.type}`) + (f.options ? `：${f.options.join(' / ')}` : '');
    ul.append(el('li', {}, el('strong', { textContent: f.label }), ' ',
      el('span', { className: f.required ? 'badge late' : 'badge', textContent: t(f.required ? 'portal.field.required' : 'portal.field.optional') }),
      ' ', el('span', { className: 'muted', textContent: type }),
      itemNames && f.items ? el('div', { className: 'hint', textContent: t('portal.form.usedby', { items: f.items.map(itemNames).join('、') }) }) : null));
  }
  return ul;
}

const backLink = () => el('a', { href: '#', className: 'back', textContent: `← ${t('portal.back')}` });
// 在线申报: the one form of an item, or of a bundle for the answers given (kept for the login
// page's round trip in sessionStorage)
function applyLink(kind, code) {
  const link = el('a', { href: `#apply/${kind}/${encodeURIComponent(code)}`, className: 'apply button', id: 'apply-link', textContent: t('apply.start') });
  if (kind === 'bundle') link.addEventListener('click', () => sessionStorage.setItem(`yw.answers.${code}`, JSON.stringify(answers)));
  return el('p', {}, link, me ? null : el('span', { className: 'hint', textContent: ` ${t('apply.login.first')}` }));
}

// ---- the guide's practical part: where, when, whom to call, the steps, the fee, the forms ----

// 办理地点: each hall with its window and address
function placeList(places) {
  if (!places || !places.length) return el('p', { className: 'empty', textContent: t('portal.guide.none') });
  return el('ul', { className: 'places' }, places.map((p) => el('li', { className: 'place' },
    el('strong', { textContent: p.hall }), p.window ? el('span', { className: 'window', textContent: ` ${p.window}` }) : null,
    el('div', { className: 'muted', textContent: p.address }))));
}

// a phone number to call from a phone: tel: with its digits (an extension after 转 left to the caller)
function phoneLink(number) {
  if (!number) return t('portal.guide.none');
  const dial = number.split('转')[0].replace(/[^0-9+]/g, '');
  return el('a', { href: `tel:${dial}`, className: 'phone', textContent: number });
}

// 办理流程: the steps in order
function stepList(steps) {
  if (!steps || !steps.length) return el('p', { className: 'empty', textContent: t('portal.guide.none') });
  return el('ol', { className: 'steps' }, steps.map((s) => el('li', {},
    el('strong', { textContent: s.name }), s.text ? el('div', { className: 'muted', textContent: s.text }) : null)));
}

// 收费标准 in the guide's words (每件50元, 不收费) on the Chinese page; else the fee in yuan
const feeWords = (it) => (it.fee_standard && currentLang() === 'zh-CN' ? it.fee_standard : fee(it.fee_fen));

// 空白表格 and 示例 to download, each under its name
function fileList(code, files, itemName) {
  if (!files || !files.length) return null;
  return files.map((f) => el('li', { 'data-kind': f.kind },
    el('span', { className: 'badge', textContent: t(`portal.guide.file.${f.kind}`) }), ' ',
    el('a', { href: `/api/v1/items/${encodeURIComponent(code)}/files/${f.sha256}`, download: f.name, className: 'guide-file', textContent: f.name }),
    itemName ? el('span', { className: 'hint', textContent: ` · ${itemName}` }) : null));
}

function guideDetails(it) {
  const files = fileList(it.code, it.files);
  return [
    el('h3', { textContent: t('portal.guide.where') }), placeList(it.places),
    dl([['portal.guide.hours', it.hours || t('portal.guide.none')]]),
    el('dl', { className: 'facts phones' },
      el('dt', { textContent: t('portal.guide.phone') }), el('dd', {}, phoneLink(it.phone)),
      el('dt', { textContent: t('portal.guide.complaint') }), el('dd', {}, phoneLink(it.complaint_phone))),
    el('h3', { textContent: t('portal.guide.steps') }), stepList(it.steps),
    el('h3', { textContent: t('portal.guide.fee') }),
    dl([['portal.guide.fee.standard', feeWords(it)], ...(it.fee_basis ? [['portal.guide.fee.basis', it.fee_basis]] : [])]),
    el('h3', { textContent: t('portal.guide.files') }),
    files ? el('ul', { className: 'guide-files' }, files) : el('p', { className: 'empty', textContent: t('portal.guide.none') }),
  ];
}

function renderGuide() {
  const box = $('guide');
  keepError(box, document.querySelector('main'));
  if (!guide) { box.replaceChildren(); return; }
  box.replaceChildren(backLink(),
    el('h2', { textContent: guide.name }),
    el('p', { className: 'muted', textContent: `${t('portal.guide')} · ${guide.department?.name ?? ''}` }),
    dl([['portal.guide.code', guide.code], ['portal.guide.type', guide.type],
      ['portal.guide.statutory', days(guide.statutory_days)], ['portal.guide.promised', days(guide.promised_days)],
      ['portal.col.depth', depth(guide.online_depth)],
      ['portal.guide.visits', guide.visits ? t('portal.guide.visits.n', { n: guide.visits }) : t('portal.guide.visits.none')]]),
    ...guideDetails(guide),
    el('h3', { textContent: t('portal.guide.materials') }), materialList(guide.materials || []),
    // what the long reading is for: in 长辈版, left out (kit.js hides [data-secondary])
    el('div', { 'data-secondary': '' },
      el('h3', { textContent: t('portal.guide.fields') }), fieldList(guide.fields || []),
      dl([['portal.guide.legal', guide.legal_basis || t('portal.guide.none')]])),
    applyLink('item', guide.code));
  box.dataset.code = guide.code;
}

// A bundle's guide: its items' guides combined — every hall once, each item's phone with its
// department, the fees added up, each item's steps and forms under its name.
function renderBundleGuide(items) {
  const places = [];
  for (const it of items) for (const p of it.places || []) {
    if (!places.some((q) => q.hall === p.hall && q.window === p.window && q.address === p.address)) places.push(p);
  }
  const hours = [...new Set(items.map((it) => it.hours).filter(Boolean))];
  const complaints = [...new Set(items.map((it) => it.complaint_phone).filter(Boolean))];
  const total = items.reduce((n, it) => n + (it.fee_fen || 0), 0);
  const files = items.flatMap((it) => fileList(it.code, it.files, it.name) || []);
  return el('section', { id: 'bundle-guide', className: 'bundle-guide' },
    el('h3', { textContent: t('portal.guide.where') }), placeList(places),
    dl(hours.map((h) => ['portal.guide.hours', h])),
    el('h3', { textContent: t('portal.guide.phone') }),
    el('ul', { className: 'phones' }, items.map((it) => el('li', {}, el('span', { textContent: `${it.name}（${it.department?.name ?? ''}）：` }), phoneLink(it.phone)))),
    el('dl', { className: 'facts phones' }, el('dt', { textContent: t('portal.guide.complaint') }),
      el('dd', {}, complaints.length ? complaints.map((c, i) => [i ? '、' : '', phoneLink(c)]) : t('portal.guide.none'))),
    el('h3', { textContent: t('portal.guide.fee') }),
    dl([['portal.guide.fee.total', fee(total)]]),
    items.some((it) => it.fee_fen) ? el('ul', { className: 'fees' }, items.filter((it) => it.fee_fen).map((it) =>
      el('li', {}, el('strong', { textContent: it.name }), `：${feeWords(it)}`,
        it.fee_basis ? el('div', { className: 'hint', textContent: `${t('portal.guide.fee.basis')}：${it.fee_basis}` }) : null))) : null,
    el('h3', { textContent: t('portal.guide.files') }),
    files.length ? el('ul', { className: 'guide-files' }, files) : el('p', { className: 'empty', textContent: t('portal.guide.none') }),
    el('div', { 'data-secondary': '' }, el('h3', { textContent: t('portal.guide.steps') }),
      ...items.map((it) => el('details', { className: 'item-steps' }, el('summary', { textContent: it.name }), stepList(it.steps)))));
}

function questionInput(q) {
  const id = `answer-${q.key}`;
  const wrap = el('div', { className: 'question' });
  wrap.dataset.key = q.key;
  if (q.kind === 'yes_no') {
    const fs = el('fieldset', {}, el('legend', { textContent: q.label }));
    for (const [value, label] of [[true, 'portal.yes'], [false, 'portal.no']]) {
      const input = el('input', { type: 'radio', name: id, value: String(value), checked: answers[q.key] === value });
      input.addEventListener('change', () => { answers[q.key] = value; });
      fs.append(el('label', { className: 'radio' }, input, ` ${t(label)}`));
    }
    wrap.append(fs);
  } else {
    const select = el('select', { id }, el('option', { value: '', textContent: t('portal.choose') }));
    for (const o of q.options || []) select.append(el('option', { value: o, textContent: o, selected: answers[q.key] === o }));
    select.addEventListener('change', () => {
      if (select.value) answers[q.key] = select.value; else delete answers[q.key];
    });
    wrap.append(el('label', { htmlFor: id, textContent: q.label }), select);
  }
  return wrap;
}

function renderMerged() {
  if (!merged) return null;
  const names = new Map(merged.items.map((i) => [i.code, i.name]));
  const itemName = (code) => names.get(code) ?? code;
  const items = el('ul', { className: 'merged-items' });
  for (const i of merged.items) {
    items.append(el('li', { className: 'panel' }, el('strong', { className: 'merged-name', textContent: i.name }),
      el('div', { className: 'muted', textContent: i.department?.name ?? '' }),
      el('div', { className: 'hint', textContent: `${t('portal.col.promised')}：${days(i.promised_days)}；${t('portal.guide.statutory')}：${days(i.statutory_days)}` }),
      i.stage ? el('div', { className: 'hint', textContent: t('portal.form.stage', { stage: i.stage }) }) : null));
  }
  const total = t('portal.form.total', { days: merged.total_days }) + (merged.limit_days ? t('portal.form.limit', { limit: merged.limit_days }) : '');
  return el('div', { id: 'merged' },
    el('h3', { textContent: t('portal.form.items') }), el('p', { className: 'counts', textContent: total }), items,
    el('h3', { textContent: t('portal.form.fields') }), fieldList(merged.fields, itemName),
    el('h3', { textContent: t('portal.form.materials') }), materialList(merged.materials, itemName),
    el('h3', { textContent: t('portal.guide.bundle') }),
    merged.guides ? renderBundleGuide(merged.guides) : el('p', { className: 'muted', textContent: t('wb.loading') }),
    applyLink('bundle', bundle.code));
}

function renderBundle() {
  const box = $('bundle');
  if (!bundle) { keepError(box, document.querySelector('main')); box.replaceChildren(); return; }
  const form = el('form', { id: 'questions', noValidate: true },
    el('p', { className: 'hint', textContent: t('portal.questions') }),
    ...bundle.questions.map(questionInput),
    el('div', { className: 'buttons' }, el('button', { type: 'submit', className: 'primary', id: 'form-button', textContent: t('portal.form.submit') })));
  form.addEventListener('submit', askForm);
  keepError(box, form);
  box.replaceChildren(...[backLink(), el('h2', { textContent: bundle.name }),
    bundle.description ? el('p', { className: 'muted', textContent: bundle.description }) : null,
    el('p', { className: 'hint', textContent: t('portal.bundle.meta', { dept: bundle.lead_department?.name ?? '', items: bundle.items.length }) }),
    form, renderMerged()].filter(Boolean));
  box.dataset.code = bundle.code;
}

async function askForm(ev) {
  ev.preventDefault();
  const res = await busy($('form-button'), () => api('POST', `/api/v1/bundles/${encodeURIComponent(bundle.code)}/form`, { answers }));
  if (!res) return;
  if (res.status !== 200) {
    merged = null;
    $('merged')?.remove();
    return showErrorAt($('questions'), res);
  }
  clearError();
  merged = res.body;
  $('merged')?.remove();
  $('bundle').append(renderMerged());
  // the members' guides, for the combined one
  const guides = await Promise.all(merged.items.map((i) => api('GET', `/api/v1/items/${encodeURIComponent(i.code)}`)));
  if (merged !== res.body) return; // asked again meanwhile
  merged.guides = guides.filter((g) => g.status === 200).map((g) => g.body);
  $('merged')?.remove();
  $('bundle').append(renderMerged());
}

const VIEWS = { item: 'guide', bundle: 'bundle', apply: 'apply', done: 'apply', mine: 'mine', case: 'case', policies: 'policies', benefits: 'benefits', status: 'status' };
const title = () => t(!$('mine').hidden || !$('case').hidden ? 'my.title'
  : !$('policies').hidden ? 'pol.title.library' : !$('benefits').hidden ? 'pol.title.benefits'
  : !$('status').hidden ? 'status.title' : 'portal.title');

// the view follows the address: #item/CODE, #bundle/CODE, #apply/item|bundle/CODE, #done/ID,
// #mine, #case/ID, #status (办件查询, public), or the search and the bundles
async function route() {
  const [, kind, code] = location.hash.match(/^#(item|bundle|apply|done|mine|case|policies|benefits|status)(?:\/(.+))?$/) || [];
  clearError();
  $('home').hidden = !!kind;
  for (const view of new Set(Object.values(VIEWS))) $(view).hidden = VIEWS[kind] !== view;
  $('h1-title').textContent = title();
  document.title = `${t('app.name')} · ${title()}`;
  if (kind === 'status') {
    guide = null; bundle = null;
    keepError($('status'), document.querySelector('main'));
    window.scrollTo(0, 0);
    return showStatus();
  }
  if (kind === 'policies' || kind === 'benefits') {
    guide = null; bundle = null;
    document.querySelector('main').prepend(errorBox);
    window.scrollTo(0, 0);
    return kind === 'policies' ? showLibrary() : showBenefits();
  }
  if (kind === 'apply' || kind === 'done' || kind === 'mine' || kind === 'case') {
    guide = null; bundle = null;
    document.querySelector('main').prepend(errorBox);
    window.scrollTo(0, 0);
    if (kind === 'apply') return showApply(code || '');
    if (kind === 'done') return showDone(code || '');
    if (kind === 'mine') return showMine();
    return showCase(code || '');
  }
  if (!kind) {
    guide = null; bundle = null; merged = null;
    document.querySelector('main').prepend(errorBox);
    return;
  }
  const path = kind === 'item' ? `/api/v1/items/${code}` : `/api/v1/bundles/${code}`;
  const box = kind === 'item' ? $('guide') : $('bundle');
  keepError(box, document.querySelector('main'));
  box.replaceChildren(el('p', { className: 'muted', textContent: t('wb.loading') }));
  const res = await api('GET', path);
  if (res.status !== 200) {
    box.replaceChildren(backLink());
    return showErrorAt(box, res);
  }
  if (kind === 'item') { guide = res.body; renderGuide(); }
  else { bundle = res.body; answers = {}; merged = null; renderBundle(); }
  window.scrollTo(0, 0);
}

function rerender() {
  document.title = `${t('app.name')} · ${title()}`;
  $('h1-title').textContent = title();
  if (!$('apply').hidden) rerenderApply();
  if (!$('mine').hidden || !$('case').hidden) rerenderMine();
  rerenderStatus();
  rerenderPolicies();
  renderResults();
  renderBundles();
  if (!$('guide').hidden) renderGuide();
  if (!$('bundle').hidden) renderBundle();
}

async function loadBundles() {
  const res = await api('GET', '/api/v1/bundles');
  if (res.status !== 200) return showErrorAt($('bundles-section'), res);
  bundles = res.body.bundles;
  renderBundles();
}

page({
  access: 'public',
  async start(account) {
    me = account;
    errorBox = $('error');
    $('q').addEventListener('input', () => {
      clearTimeout(searchTimer);
      searchTimer = setTimeout(search, 200);
    });
    window.addEventListener('hashchange', route);
    await Promise.all([loadBundles(), route()]);
  },
  lang: rerender,
});
