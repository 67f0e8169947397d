// 市场主体库: the registry of market entities, for staff.
//   查询        by name or USCC, region, industry, status and label, a page of 20 at a time: a
//               table on a desktop, cards on a phone.
//   主体详情    an entity's fields in Chinese, its labels and status, its history, and — for the
//               regulators (officers of QD-SCJG) and admins — the actions its state allows:
//               歇业 (until at most 2 years on, a service address), 延续/结束歇业, 注销 (普通, or
//               简易 with its 20-day notice, 异议 and 完成注销), 列入/移出经营异常名录 with a
//               reason, 重新匹配惠企政策. Each action is a form: the server's refusal in Chinese
//               beside the field it names (error.field), the button disabled while the request
//               runs, one Idempotency-Key per version of the form, so a double click or a retry
//               does it once. Other staff read the same page without the forms.
//               注销 asks once, saying what will happen (confirmAction): 普通注销 with its reason
//               and the document it rests on (uploaded here: 清算报告, 股东会决议 …); 简易注销 as
//               the notice it is (公告期至 …), never as done. The entity shows what its
//               deregistration rests on (the document opens in a new tab) and, for the
//               regulators, the objections (异议) the public filed to its notice, each decided
//               here once: 异议成立 (the notice stops) or 异议不成立 with a reason (it goes on).
//   歇业到期提醒 the dormancies lapsing within N days (lapsed ones included), soonest first.
// The hash keeps the place: #search, #entity/<uscc>, #objection/<id> (the entity with that
// objection in view: where the inbox and the message link), #lapsing.
'use strict';

const PAGE = 20;
const LABELS = ['zjtx', 'hnte', 'gazelle', 'unicorn', 'little_giant', 'eaglet', 'tech_sme', 'champion'];
const STATUSES = ['active', 'dormant', 'abnormal', 'deregistering', 'deregistered'];
let me = null;
let regions = [];      // the districts and cities of Qingdao: [{code, name}]
let industries = [];   // GB/T 4754 divisions
let offset = 0, total = 0, found = [];
let entity = null;     // the entity shown
let lapsing = [];
let currentTab = null;

// The regulators write the registry; everyone else of the staff reads it.
const canWrite = () => me && (me.roles.includes('admin') ||
  (me.roles.includes('officer') && me.department && me.department.code === 'QD-SCJG'));
const money = (fen) => t('reg.yuan', { yuan: (Number(fen) / 100).toFixed(2) });
// days as the city counts them (Beijing time, as the server does), wherever the browser is
const twoYears = () => `${cityYear() + 2}${cityToday().slice(4)}`.replace(/-02-29$/, '-02-28');
const daysLeft = (day) => daysBetween(cityToday(), day);
const statusBadge = (s) => el('span', { class: `badge entity-${s}`, 'data-status': s }, tOr(`reg.status.${s}`, '—'));
const labelName = (code) => tOr(`reg.label.${code}`, code);
const fail = showApiError;
// a value of the register in words: a kind, scale, credit level or status; a region by its name
const kindText = (v) => tOr(`reg.kind.${v}`, '—');
const scaleText = (v) => tOr(`reg.scale.${v}`, '—');
const creditText = (v) => tOr(`reg.credit.${v}`, '—');

/* ---- search ---- */

function fillFilters() {
  const keep = (sel) => $(sel).value;
  const [r, i, s, l] = ['s-region', 's-industry', 's-status', 's-label'].map(keep);
  $('s-region').replaceChildren(el('option', { value: '' }, t('reg.s.all')), el('option', { value: '370200' }, t('reg.s.city')),
    ...regions.map((x) => el('option', { value: x.code }, x.name)));
  $('s-industry').replaceChildren(el('option', { value: '' }, t('reg.s.all')),
    ...industries.map((x) => el('option', { value: x.code }, x.name)));
  $('s-status').replaceChildren(el('option', { value: '' }, t('reg.s.all')),
    ...STATUSES.map((x) => el('option', { value: x }, t(`reg.status.${x}`))));
  $('s-label').replaceChildren(el('option', { value: '' }, t('reg.s.all')),
    ...LABELS.map((x) => el('option', { value: x }, labelName(x))));
  [$('s-region').value, $('s-industry').value, $('s-status').value, $('s-label').value] = [r, i, s, l];
}

async function search(at = 0) {
  const p = new URLSearchParams({ limit: String(PAGE), offset: String(at) });
  const q = $('s-q').value.trim();
  if (q) p.set('q', q);
  for (const [id, name] of [['s-region', 'region'], ['s-industry', 'industry'], ['s-status', 'status'], ['s-label', 'label']])
    if ($(id).value) p.set(name, $(id).value);
  const res = await busy($('search-button'), () => api('GET', `/api/v1/entities?${p}`));
  if (!res) return;
  if (res.status !== 200) return fail(res);
  $('error').hidden = true;
  offset = at;
  total = res.body.total;
  found = res.body.entities;
  renderResults();
}

function renderResults() {
  const tbody = $('results').querySelector('tbody');
  tbody.replaceChildren(...found.map((e) => {
    const link = el('a', { href: `#entity/${e.uscc}`, class: 'entity-link' }, e.name);
    return el('tr', { 'data-uscc': e.uscc, 'data-status': e.status },
      cell(link, 'reg.f.name'), cell(e.uscc, 'reg.f.uscc'), cell(kindText(e.kind), 'reg.f.kind'),
      cell(e.region_name || regionName(e.region), 'reg.f.region'), cell(e.industry_name || '—', 'reg.f.industry'),
      cell(statusBadge(e.status), 'reg.f.status'));
  }));
  $('results').hidden = found.length === 0;
  $('found').textContent = total === 0 ? t('reg.s.none')
    : t('reg.s.found', { total, from: offset + 1, to: offset + found.length });
  $('pager').hidden = total <= PAGE;
  $('prev').disabled = offset === 0;
  $('next').disabled = offset + PAGE >= total;
  $('page-of').textContent = t('reg.s.page', { page: Math.floor(offset / PAGE) + 1, pages: Math.max(1, Math.ceil(total / PAGE)) });
  $('results').dataset.loaded = 'true';
}

/* ---- an entity ---- */

let objections = [];   // the regulators': the objections to the entity's notices
let focusObjection = null; // #objection/<id>: the one to bring into view

async function openEntity(uscc) {
  const res = await api('GET', `/api/v1/entities/${encodeURIComponent(uscc)}`);
  if (res.status !== 200) { entity = null; $('entity').replaceChildren(); return fail(res); }
  entity = res.body;
  objections = [];
  if (canWrite()) {
    const o = await api('GET', `/api/v1/entities/${encodeURIComponent(uscc)}/objections`);
    if (o.status === 200) objections = o.body.objections;
  }
  renderEntity();
}

/* ---- what a deregistration rests on, and the objections to a notice ---- */

// The latest deregistration: how, why, on what document (opened in a new tab), by which office,
// and the notice's days.
function deregistration(e) {
  const d = e.deregistration;
  if (!d) return null;
  const rows = [['reg.d.mode', t(`reg.mode.${d.mode}`)], ['reg.d.state', tOr(`reg.d.state.${d.mode}.${d.state}`, '—')]];
  if (d.reason) rows.push(['reg.d.reason', d.reason]);
  if (d.document) {
    const href = `/api/v1/uploads/${d.document.sha256}`;
    rows.push(['reg.d.document', el('span', {},
      el('span', { 'data-literal': '' }, d.document.name || t('reg.d.document.unnamed')), ' ',
      el('span', { class: 'muted' }, `${tOr(`file.type.${d.document.media_type}`, '')} · ${fileSize(d.document.size || 0)}`), ' ',
      el('a', { href, target: '_blank', rel: 'noopener', id: 'dereg-document', 'aria-label': t('reg.d.document.open.named', { name: d.document.name || '' }) }, t('reg.d.document.open')))]);
  }
  if (d.case_id) rows.push(['reg.d.case', t('reg.d.case.text')]);
  if (d.office) rows.push(['reg.d.office', d.office]);
  if (d.mode === 'simple') rows.push(['reg.d.period', t('reg.d.period.text', { from: d.started_on || '—', until: d.notice_until || '—' })]);
  rows.push(['reg.d.at', cityTime(d.created_at)]);
  const dl = el('dl', { class: 'facts entity-facts', id: 'deregistration', 'data-mode': d.mode, 'data-state': d.state });
  for (const [k, v] of rows) dl.append(el('dt', {}, t(k)), el('dd', {}, v));
  return [el('h2', {}, t('reg.d.title')), dl];
}

// The objections (regulators only): each with its receipt, who and how to reach them, why, its
// state; a pending one with 异议成立 / 异议不成立 and the reason.
function objectionList(e) {
  if (!canWrite() || (!objections.length && e.status !== 'deregistering')) return null;
  const items = objections.map((o) => {
    const facts = el('dl', { class: 'facts objection-facts' },
      el('dt', {}, t('reg.o.receipt')), el('dd', { class: 'receipt' }, o.receipt),
      el('dt', {}, t('reg.o.at')), el('dd', {}, cityTime(o.created_at)),
      el('dt', {}, t('reg.o.objector')), el('dd', { 'data-literal': '' }, o.objector),
      el('dt', {}, t('reg.o.contact')), el('dd', { 'data-literal': '' }, o.contact),
      el('dt', {}, t('reg.o.reason')), el('dd', { class: 'objection-reason' }, o.reason),
      o.decision_note ? el('dt', {}, t('reg.o.note')) : null, o.decision_note ? el('dd', {}, o.decision_note) : null);
    const box = el('article', { class: 'objection panel', id: `objection-${o.id}`, 'data-id': o.id, 'data-state': o.state, tabindex: '-1' },
      el('h3', {}, t('reg.o.title', { receipt: o.receipt }), ' ', el('span', { class: `badge objection-${o.state}` }, tOr(`reg.o.state.${o.state}`, '—'))),
      facts);
    if (o.state === 'pending') box.append(decisionForm(e, o));
    return box;
  });
  return [el('h2', { id: 'objections-title' }, t('reg.o.heading')),
    items.length ? el('div', { class: 'objections', id: 'objections' }, items)
      : el('p', { class: 'empty', id: 'objections-empty' }, t('reg.o.none'))];
}

function decisionForm(e, o) {
  const id = `decide-${o.id}`;
  const reason = el('textarea', { id: `${id}-reason`, name: 'reason', rows: '2', maxLength: 500 });
  const uphold = el('button', { type: 'button', class: 'danger', 'data-act': 'uphold' }, t('reg.o.uphold'));
  const dismiss = el('button', { type: 'button', 'data-act': 'dismiss' }, t('reg.o.dismiss'));
  const form = el('form', { class: 'decide', id, novalidate: true },
    el('div', { class: 'field' }, el('label', { for: reason.id }, t('reg.o.decision.reason')), reason,
      el('p', { class: 'hint' }, t('reg.o.decision.hint'))),
    el('div', { class: 'buttons' }, uphold, dismiss));
  form.addEventListener('submit', (ev) => ev.preventDefault());
  const decide = async (upheld) => {
    clearFieldErrors(form);
    const why = reason.value.trim();
    if (!upheld && !why) return showFieldErrors(form, [{ control: reason, message: t('reg.o.dismiss.need') }]);
    const was = tOr(`reg.status.${e.dormant_until ? 'dormant' : 'active'}`, '');
    const yes = await confirmAction(upheld
      ? { title: t('reg.o.uphold.title'), text: [t('reg.o.uphold.text', { name: e.name, receipt: o.receipt, status: was }), t('reg.irreversible')], confirm: t('reg.o.uphold') }
      : { title: t('reg.o.dismiss.title'), text: [t('reg.o.dismiss.text', { name: e.name, receipt: o.receipt, until: e.notice_until || o.notice_until }), t('reg.irreversible')], confirm: t('reg.o.dismiss'), danger: false });
    if (!yes) return;
    const body = { decision: upheld ? 'upheld' : 'dismissed' };
    if (why) body.reason = why;
    const res = await busy([uphold, dismiss], () => api('POST', `/api/v1/dereg-objections/${encodeURIComponent(o.id)}/decision`, body));
    if (!res) return;
    if (res.status !== 200) return showApiErrorIn(form, res);
    await openEntity(e.uscc);
    say(t(upheld ? 'reg.o.upheld.done' : 'reg.o.dismissed.done', { receipt: o.receipt, name: e.name, until: e.notice_until || '' }));
  };
  uphold.addEventListener('click', () => decide(true));
  dismiss.addEventListener('click', () => decide(false));
  return form;
}

// The entity's facts, in the order the register has them.
function facts(e) {
  const rows = [
    ['uscc', e.uscc], ['name', e.name], ['kind', kindText(e.kind)], ['legal_rep', e.legal_rep],
    ['capital_fen', money(e.capital_fen)], ['industry', e.industry_name || '—'],
    ['region', e.region_name || regionName(e.region)], ['established_on', e.established_on],
    ['scale', scaleText(e.scale)], ['employees', String(e.employees)], ['revenue_fen', money(e.revenue_fen)],
    ['rd_ratio_bp', `${(e.rd_ratio_bp / 100).toFixed(2)} %`], ['credit', creditText(e.credit)],
    // where grants are paid: the account masked by the server for staff who do not keep it
    ['bank_name', e.bank_name], ['bank_account', e.bank_account],
  ];
  if (e.dormant_until) rows.push(['dormant_until', e.dormant_until]);
  if (e.service_address) rows.push(['service_address', e.service_address]);
  if (e.abnormal_reason) rows.push(['abnormal_reason', e.abnormal_reason]);
  if (e.notice_until) rows.push(['notice_until', e.notice_until]);
  if (e.deregistered_on) rows.push(['deregistered_on', e.deregistered_on]);
  rows.push(['updated_at', cityTime(e.updated_at)]);
  const dl = el('dl', { class: 'facts entity-facts' });
  for (const [k, v] of rows) dl.append(el('dt', {}, t(`reg.f.${k}`)), el('dd', { 'data-field': k }, v ?? '—'));
  return dl;
}

function history(e) {
  if (!e.changes.length) return el('p', { class: 'empty', id: 'changes-empty' }, t('reg.h.empty'));
  const field = (f) => tOr(`reg.f.${f}`, t('reg.h.other'));
  // a value as the page shows it elsewhere: a status, kind, scale or credit level in words, a
  // region by its name, labels by theirs, an amount in yuan, an instant in Beijing time
  const value = (f, v) => {
    if (v === null || v === undefined || v === '') return '—';
    if (['status', 'kind', 'scale', 'credit'].includes(f)) return tOr(`reg.${f}.${v}`, '—');
    if (f === 'region') return regionName(v);
    if (f === 'labels') return String(v).split(/[,，、\s]+/).filter(Boolean).map(labelName).join('、');
    if (f.endsWith('_fen') && /^\d+$/.test(v)) return money(v);
    if (f.endsWith('_at')) return cityTime(v);
    return v;
  };
  // who made the change: the account's name (the API gives its id)
  const by = (id) => {
    const span = el('span', { class: 'person' }, '…');
    personName(id).then((name) => { span.textContent = name; });
    return span;
  };
  return el('div', { class: 'scroll' }, el('table', { class: 'grid cards', id: 'changes' },
    el('thead', {}, el('tr', {}, ...['reg.h.field', 'reg.h.before', 'reg.h.after', 'reg.h.at', 'reg.h.by'].map((k) => el('th', {}, t(k))))),
    el('tbody', {}, ...e.changes.map((c) => el('tr', { 'data-field': c.field },
      cell(field(c.field), 'reg.h.field'), cell(value(c.field, c.before), 'reg.h.before'), cell(value(c.field, c.after), 'reg.h.after'),
      cell(cityTime(c.at), 'reg.h.at'), cell(by(c.by), 'reg.h.by'))))));
}

// An input of an action's form, labelled, in a .field that its error goes beside.
function input(action, name, attrs = {}, tag = 'input', options = []) {
  const id = `a-${action}-${name}`;
  const control = el(tag, { id, name, ...attrs }, ...options);
  return el('div', { class: 'field' }, el('label', { for: id }, t(`reg.a.${name}`)), control);
}

// One action's form: what it sends, its button, and its errors beside the field they name.
// opts.ask(): what to ask once before it is sent (confirmAction), for what cannot be undone.
function actionForm(action, title, fields, submitText, build, opts = {}) {
  const form = el('form', { class: `action panel${opts.danger ? ' danger' : ''}`, id: `act-${action}`, 'data-action': action, novalidate: true },
    el('h3', {}, title), opts.note ? el('p', { class: 'hint' }, opts.note) : null, ...fields,
    el('div', { class: 'buttons' }, el('button', { type: 'submit', class: opts.danger ? 'danger' : 'primary' }, submitText)));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const body = build(form);
    if (opts.ask && !(await confirmAction(opts.ask(body)))) return;
    run(form, action, body);
  });
  return form;
}

// 注销: 普通 (at once, final) with its reason and the document it rests on, uploaded here; 简易
// (a public notice of 20 days first). Checked here first, each missing one named beside its
// field; then asked once, saying what will happen; the server's answer says what did.
function deregisterForm(e) {
  const abnormal = e.status === 'abnormal';
  const modes = (abnormal ? ['ordinary'] : ['ordinary', 'simple']).map((m) => el('option', { value: m }, t(`reg.mode.${m}`)));
  const mode = el('select', { id: 'a-deregister-mode', name: 'mode' }, modes);
  const reason = el('textarea', { id: 'a-deregister-reason', name: 'reason', rows: '2', maxLength: 500 });
  const file = el('input', { id: 'a-deregister-document', name: 'document', type: 'file', accept: '.pdf,.jpg,.jpeg,.png,.ofd,application/pdf,image/jpeg,image/png' });
  const docField = el('div', { class: 'field', id: 'deregister-document-field' },
    el('label', { for: file.id }, t('reg.a.document')), file, el('p', { class: 'hint' }, t('reg.a.document.hint')));
  const reasonLabel = el('label', { for: reason.id }, t('reg.a.dereg_reason'));
  const go = el('button', { type: 'submit', class: 'danger' }, t('reg.a.deregister.go'));
  const form = el('form', { class: 'action panel danger', id: 'act-deregister', 'data-action': 'deregister', novalidate: true },
    el('h3', {}, t('reg.a.deregister')), el('p', { class: 'hint' }, t(abnormal ? 'reg.a.deregister.abnormal' : 'reg.a.deregister.note')),
    el('div', { class: 'field' }, el('label', { for: mode.id }, t('reg.a.mode')), mode),
    el('div', { class: 'field' }, reasonLabel, reason), docField,
    el('div', { class: 'buttons' }, go));
  const shape = () => {
    const ordinary = mode.value === 'ordinary';
    docField.hidden = !ordinary;
    reasonLabel.textContent = t(ordinary ? 'reg.a.dereg_reason' : 'reg.a.dereg_reason.optional');
  };
  mode.addEventListener('change', () => { clearFieldErrors(form); shape(); });
  shape();
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFieldErrors(form);
    const ordinary = mode.value === 'ordinary';
    const why = reason.value.trim();
    const chosen = file.files && file.files[0];
    const problems = [];
    if (ordinary && !why) problems.push({ control: reason, message: t('reg.a.dereg_reason.need') });
    if (ordinary && !chosen) problems.push({ control: file, message: t('reg.a.document.need') });
    if (showFieldErrors(form, problems)) return;
    const until = addDays(cityToday(), 20);
    const yes = await confirmAction(ordinary
      ? { title: t('reg.ask.ordinary.title'), text: [t('reg.ask.ordinary', { name: e.name, uscc: e.uscc, file: chosen.name }), t('reg.irreversible')], confirm: t('reg.a.deregister.go') }
      : { title: t('reg.ask.simple.title'), text: [t('reg.ask.simple', { name: e.name, until }), t('reg.ask.simple.after')], confirm: t('reg.ask.simple.go') });
    if (!yes) return;
    const res = await busy(go, async () => {
      const body = { mode: mode.value };
      if (why) body.reason = why;
      if (ordinary) {
        const up = await uploadFile(chosen);
        if (up.status !== 200 && up.status !== 201) return { upload: up };
        body.document = up.body.sha256;
      }
      return { res: await api('POST', `/api/v1/entities/${encodeURIComponent(e.uscc)}/deregistration`, body) };
    });
    if (!res) return;
    if (res.upload) return showApiErrorIn(form, { ...res.upload, body: { error: { ...errorOf(res.upload), field: 'document' } } });
    if (res.res.status !== 200) return showApiErrorIn(form, res.res);
    await openEntity(e.uscc);
    say(res.res.body.outcome);
  });
  return form;
}


const PATHS = {
  dormancy: 'dormancy', renew: 'dormancy/renew', end: 'dormancy/end', deregister: 'deregistration',
  object: 'deregistration/objection', complete: 'deregistration/complete', abnormal: 'abnormal',
  unabnormal: 'abnormal/remove', match: 'match',
};

// One action: the button busy while it runs, the same form sent again the same intent (one
// Idempotency-Key), the refusal beside the field it names.
async function run(form, action, body) {
  clearFieldErrors(form);
  const uscc = entity.uscc;
  const res = await busy(form.querySelector('button[type="submit"]'),
    () => api('POST', `/api/v1/entities/${encodeURIComponent(uscc)}/${PATHS[action]}`, body));
  if (!res) return;
  if (res.status !== 200) return showApiErrorIn(form, res);
  if (action === 'match') {
    const r = res.body;
    const box = el('p', { class: 'preview', id: 'match-result', role: 'status' },
      t('reg.match.result', { matches: r.matches, grants: r.grants_created, eligible: r.eligible, stale: r.no_longer_eligible }));
    form.querySelector('#match-result')?.remove();
    form.append(box);
    return;
  }
  await openEntity(uscc);
  say(t(`reg.done.${action}`, { name: entity.name }));
}

// The forms the entity's state allows.
function actions(e) {
  const box = el('div', { class: 'actions', id: 'actions' });
  const field = (f) => (form) => { const v = form.querySelector(`[name="${f}"]`).value.trim(); return v; };
  const bodyOf = (names) => (form) => {
    const b = {};
    for (const n of names) { const v = field(n)(form); if (v !== '') b[n] = v; }
    return b;
  };
  const dates = { type: 'date', min: addDays(cityToday(), 1), max: twoYears() };
  const address = { type: 'text', maxlength: '500' };
  const reason = { type: 'text', maxlength: '500' };
  const s = e.status;
  if (s === 'active')
    box.append(actionForm('dormancy', t('reg.a.dormancy'), [input('dormancy', 'until', dates), input('dormancy', 'service_address', address)],
      t('reg.a.dormancy.go'), bodyOf(['until', 'service_address']), { note: t('reg.a.dormancy.note') }));
  if (s === 'dormant') {
    box.append(actionForm('renew', t('reg.a.renew'), [input('renew', 'until', dates), input('renew', 'service_address', { ...address, value: e.service_address || '' })],
      t('reg.a.renew.go'), bodyOf(['until', 'service_address']), { note: t('reg.a.renew.note', { until: e.dormant_until }) }));
    box.append(actionForm('end', t('reg.a.end'), [], t('reg.a.end.go'), () => undefined));
  }
  if (s === 'active')
    box.append(actionForm('abnormal', t('reg.a.abnormal'), [input('abnormal', 'reason', reason)], t('reg.a.abnormal.go'), bodyOf(['reason'])));
  if (s === 'abnormal')
    box.append(actionForm('unabnormal', t('reg.a.unabnormal'), [input('unabnormal', 'reason', reason)], t('reg.a.unabnormal.go'), bodyOf(['reason']),
      { note: t('reg.a.unabnormal.note', { reason: e.abnormal_reason || '' }) }));
  if (s === 'deregistering') {
    const was = tOr(`reg.status.${e.dormant_until ? 'dormant' : 'active'}`, '');
    box.append(actionForm('object', t('reg.a.object'), [input('object', 'reason', reason)], t('reg.a.object.go'), bodyOf(['reason']),
      { note: t('reg.a.object.note'), ask: () => ({ title: t('reg.a.object'), text: [t('reg.ask.object', { name: e.name, status: was }), t('reg.irreversible')], confirm: t('reg.a.object.go') }) }));
    box.append(actionForm('complete', t('reg.a.complete'), [], t('reg.a.complete.go'), () => undefined,
      { note: t('reg.a.complete.note', { until: e.notice_until }), danger: true,
        ask: () => ({ title: t('reg.a.complete'), text: [t('reg.ask.complete', { name: e.name, uscc: e.uscc }), t('reg.irreversible')], confirm: t('reg.a.complete.go') }) }));
  }
  if (s === 'active' || s === 'dormant' || s === 'abnormal') box.append(deregisterForm(e));
  if (s !== 'deregistered')
    box.append(actionForm('match', t('reg.a.match'), [], t('reg.a.match.go'), () => undefined, { note: t('reg.a.match.note') }));
  return box;
}

function renderEntity() {
  const e = entity;
  if (!e) return;
  const labels = e.labels.length ? el('p', { class: 'labels' }, ...e.labels.map((l) => el('span', { class: 'badge label', 'data-label': l }, labelName(l))))
    : el('p', { class: 'muted labels' }, t('reg.labels.none'));
  const parts = [
    el('p', {}, el('a', { href: '#search', class: 'back' }, t('reg.back'))),
    el('h2', { id: 'entity-name' }, e.name, ' ', statusBadge(e.status)),
    labels,
    e.status === 'deregistering' ? el('p', { class: 'notice', id: 'notice-until' }, t('reg.a.notice', { until: e.notice_until, days: 20 })) : null,
    facts(e),
    ...(deregistration(e) || []),
    ...(objectionList(e) || []),
  ];
  if (canWrite()) parts.push(el('h2', {}, t('reg.actions')), actions(e));
  else parts.push(el('p', { class: 'muted', id: 'read-only' }, t('reg.readonly')));
  parts.push(el('h2', {}, t('reg.history')), history(e));
  const box = $('entity');
  box.replaceChildren(...parts.filter(Boolean));
  box.dataset.uscc = e.uscc;
  box.dataset.status = e.status;
  const wanted = focusObjection && $(`objection-${focusObjection}`);
  if (wanted) { focusObjection = null; wanted.scrollIntoView({ block: 'start' }); wanted.focus(); }
}

/* ---- the reminder ---- */

async function loadLapsing() {
  const res = await api('GET', `/api/v1/entity-dormancies?days=${$('l-days').value}`);
  if (res.status !== 200) return fail(res);
  lapsing = res.body.entities.slice().sort((a, b) => (a.dormant_until < b.dormant_until ? -1 : a.dormant_until > b.dormant_until ? 1 : 0));
  renderLapsing();
}

function renderLapsing() {
  const tbody = $('lapsing').querySelector('tbody');
  tbody.replaceChildren(...lapsing.map((e) => {
    const left = daysLeft(e.dormant_until);
    return el('tr', { 'data-uscc': e.uscc, class: left < 0 ? 'late' : null },
      cell(el('a', { href: `#entity/${e.uscc}`, class: 'entity-link' }, e.name), 'reg.f.name'), cell(e.uscc, 'reg.f.uscc'),
      cell(e.dormant_until, 'reg.f.dormant_until'),
      cell(left < 0 ? t('reg.l.lapsed', { n: -left }) : t('reg.l.days.left', { n: left }), 'reg.l.left'),
      cell(e.service_address || '—', 'reg.f.service_address'));
  }));
  $('lapsing').hidden = lapsing.length === 0;
  $('lapsing-empty').hidden = lapsing.length > 0;
  $('lapsing').dataset.loaded = 'true';
}

/* ---- tabs and the hash ---- */

function show(tab) {
  currentTab = tab;
  $('tab-entity-button').hidden = !entity && tab !== 'entity';
  for (const b of $('tabs').querySelectorAll('[role="tab"]')) b.setAttribute('aria-selected', String(b.dataset.tab === tab));
  for (const s of document.querySelectorAll('section.tab')) s.hidden = s.id !== `tab-${tab}`;
}

async function route() {
  const h = location.hash.slice(1);
  say('');
  const o = h.match(/^objection\/([0-9A-Z]{26})$/);
  if (o) {
    const res = await api('GET', `/api/v1/dereg-objections/${o[1]}`);
    if (res.status !== 200) { show('search'); return fail(res); }
    focusObjection = o[1];
    location.replace(`#entity/${res.body.uscc}`);
    return;
  }
  const m = h.match(/^entity\/([0-9A-Z]{18})$/);
  if (m) {
    show('entity');
    await openEntity(m[1]);
  } else if (h === 'lapsing') {
    show('lapsing');
    await loadLapsing();
  } else {
    show('search');
    if (!$('results').dataset.loaded) await search(0);
  }
}

function rerender() {
  fillFilters();
  if (found.length || $('results').dataset.loaded) renderResults();
  renderEntity();
  renderLapsing();
}

page({
  async start(account) {
    me = account;
    const [r, i] = await Promise.all([cityRegions(), api('GET', '/api/v1/industries')]);
    regions = r;
    industries = i.status === 200 ? i.body.industries.filter((x) => /^\d\d$/.test(x.code)) : [];
    fillFilters();
    $('search').addEventListener('submit', (ev) => { ev.preventDefault(); search(0); });
    $('prev').addEventListener('click', () => search(Math.max(0, offset - PAGE)));
    $('next').addEventListener('click', () => search(offset + PAGE));
    $('l-days').addEventListener('change', loadLapsing);
    for (const b of $('tabs').querySelectorAll('[role="tab"]'))
      b.addEventListener('click', () => {
        const to = b.dataset.tab === 'entity' && entity ? `#entity/${entity.uscc}` : `#${b.dataset.tab}`;
        if (location.hash === to) route(); else location.hash = to;
      });
    tabsByKeys($('tabs'));
    window.addEventListener('hashchange', async () => { await route(); document.body.dataset.route = location.hash; });
    await route();
  },
  lang: rerender,
});
