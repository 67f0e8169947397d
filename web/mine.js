// 我的办件: an applicant's cases (#mine) and one case's progress (#case/ID) — its items with their
// departments, each review task's state and deadline in the colours of docs/cases.md, the stages
// of a staged bundle, the events; and what the applicant can do there: resubmit after 补正, hand
// in a deferred (容缺) material, withdraw before the case is decided, rate it (好差评, online
// channel) once it is decided, and give their 回访 on a 差评's rectification (docs/reviews.md);
// its files as the staff see them, and which office opened them when (docs/cases.md). The list
// marks the cases that wait for the applicant — 待补正 (a 补正 notice to answer), 待补交 (a 容缺
// material owed) — and 待我处理 narrows it to them (GET /api/v1/cases?mine=true&waiting=true).
'use strict';

const LEVELS = ['very_satisfied', 'satisfied', 'basic', 'dissatisfied', 'very_dissatisfied'];
const ONLINE_ASPECTS = ['overall', 'efficiency', 'guide_accuracy', 'convenience', 'operability'];
const RATING_TAGS = ['my.rating.tag.fast', 'my.rating.tag.simple', 'my.rating.tag.once', 'my.rating.tag.slow', 'my.rating.tag.unclear'];
const DECIDED = ['completed', 'partly_completed', 'rejected'];
const WITHDRAWABLE = ['submitted', 'accepted', 'in_progress'];

let myCases = null;       // the list shown
let onlyWaiting = false;  // 待我处理: only the cases waiting for the applicant
let shownCase = null;     // the case shown, with `ratings`
let ratingDraft = { aspects: {}, tags: [], text: '' };
// what the applicant has prepared for the open 补正 notice: a file per material (the upload's
// answer), a value per field; kept while the page is drawn again (the language switch)
let fixDraft = { caseId: null, files: {}, values: {} };
let supplyFiles = {}; // a deferred material's chosen file, by name

// a time of the API as the day (and the minute) in Qingdao
const day = cityDate;
const minute = cityTime;
const stateBadge = (state) => el('span', { className: `badge state-${state}`, textContent: tOr(`my.case.state.${state}`, '—') });

function loginNeeded(box) {
  if (me) return false;
  box.replaceChildren(el('p', {}, t('my.login'), ' ', el('a', { href: loginHref(), id: 'login-first', textContent: t('portal.nav.login') })));
  return true;
}

// 全部 / 待我处理: two toggle buttons, the one shown pressed
function waitingFilter() {
  const choice = (waiting, key) => el('button', { type: 'button', id: waiting ? 'my-filter-waiting' : 'my-filter-all',
    'aria-pressed': String(onlyWaiting === waiting), textContent: t(key),
    onclick: () => { if (onlyWaiting !== waiting) { onlyWaiting = waiting; loadMine(); } } });
  return el('div', { className: 'my-filter', role: 'group', 'aria-label': t('my.filter.label') },
    choice(false, 'my.filter.all'), choice(true, 'my.filter.waiting'));
}

function renderMine() {
  const box = $('mine');
  if (!myCases) return;
  const head = el('div', { className: 'my-head' },
    el('p', { className: 'muted', id: 'my-count', textContent: t(onlyWaiting ? 'my.count.waiting' : 'my.count', { total: myCases.total }) }),
    waitingFilter());
  if (!myCases.cases.length) {
    box.replaceChildren(head, el('p', { className: 'empty', id: 'my-empty', textContent: t(onlyWaiting ? 'my.empty.waiting' : 'my.empty') }),
      el('p', {}, el('a', { href: '#', textContent: t('apply.done.home') })));
    return;
  }
  const body = el('tbody');
  for (const c of myCases.cases) {
    const name = el('td', {}, el('a', { href: `#case/${c.id}`, className: 'case-link', textContent: c.title }),
      c.number ? el('div', { className: 'muted case-number', textContent: t('my.case.number_short', { number: c.number }) }) : null);
    name.dataset.label = t('my.col.title');
    // a case waiting for the applicant (补正 to answer, a 容缺 material owed) says so here, where
    // the person looks first
    const state = el('td', {}, stateBadge(c.state),
      c.corrections > 0 ? el('span', { className: 'badge needs', 'data-needs': 'corrections', textContent: t('my.case.corrections.badge') }) : null,
      c.owed > 0 ? el('span', { className: 'badge needs', 'data-needs': 'owed', textContent: t('my.case.owed.badge') }) : null);
    state.dataset.label = t('my.col.state');
    // the day submitted matters least: left out in 长辈版
    const submitted = cell(day(c.created_at), 'my.col.submitted');
    submitted.dataset.secondary = '';
    const row = el('tr', { className: c.corrections > 0 || c.owed > 0 ? 'waiting' : null }, name, state,
      submitted, cell(c.deadline || t('my.deadline.later'), 'my.col.deadline'));
    row.dataset.id = c.id;
    row.dataset.state = c.state;
    body.append(row);
  }
  const table = el('table', { className: 'grid cards', id: 'my-cases' },
    el('thead', {}, el('tr', {}, ...['my.col.title', 'my.col.state', 'my.col.submitted', 'my.col.deadline'].map((k) =>
      el('th', { textContent: t(k), 'data-secondary': k === 'my.col.submitted' ? '' : null })))),
    body);
  box.replaceChildren(head, el('div', { className: 'scroll' }, table));
  box.dataset.loaded = 'true';
}

async function showMine() {
  const box = $('mine');
  myCases = null; shownCase = null;
  if (loginNeeded(box)) return;
  box.replaceChildren(el('p', { className: 'muted', textContent: t('wb.loading') }));
  await loadMine();
}

async function loadMine() {
  const box = $('mine');
  const res = await api('GET', `/api/v1/cases?mine=true&limit=100${onlyWaiting ? '&waiting=true' : ''}`);
  if (res.status !== 200) { box.replaceChildren(); return showErrorAt(box, res); }
  myCases = res.body;
  renderMine();
}

// ---- one case ----

// What the applicant's last action on the case shown did, said atop it until another case is
// shown: {key, vars} of a string, so that it follows the language.
let caseDone = null;

// does something to the case (withdraw, resubmit, supply) and shows the case as it is after,
// saying what happened (`done`: {key, vars}) where the form the person used was
async function caseAction(path, body, button, done) {
  const res = await busy(button, () => api('POST', path, body));
  if (!res) return;
  if (res.status !== 200 && res.status !== 201) return showErrorAt(button.parentElement, res);
  clearError();
  await showCase(shownCase.id, done);
}

// a task's state in words: a post-check (核查) that is open is 待核查, not 审批中
const taskState = (kind, state) => t(kind === 'verify' && state === 'open' ? 'my.task.state.verify.open' : `my.task.state.${state}`);

function taskLine(task) {
  const color = task.state === 'open' || task.state === 'correcting' ? task.color : 'none';
  const li = el('li', { className: `task color-${color}` },
    el('span', { className: 'task-kind', textContent: t(`my.task.kind.${task.kind}`) }), ' ',
    el('span', { className: `badge task-${task.state}`, textContent: taskState(task.kind, task.state) }),
    task.deadline ? el('span', { className: 'hint', textContent: ` ${t('my.case.task.deadline', { date: task.deadline })}` }) : null,
    color !== 'none' ? el('span', { className: `dot ${color}`, title: t(`my.color.${color}`), textContent: t(`my.color.${color}`) }) : null,
    task.state === 'rejected' && task.reason ? el('div', { className: 'hint', textContent: t('my.case.task.reason', { reason: task.reason }) }) : null);
  li.dataset.state = task.state;
  return li;
}

function renderItems(c) {
  const ul = el('ul', { className: 'case-items' });
  for (const item of c.items) {
    const tasks = c.tasks.filter((tk) => tk.item === item.code);
    const li = el('li', { className: 'panel' }, el('strong', { textContent: item.name }),
      el('div', { className: 'muted', textContent: item.department?.name ?? '' }),
      item.stage_name ? el('div', { className: 'hint', textContent: t('portal.form.stage', { stage: item.stage_name }) }) : null,
      tasks.length ? el('ul', { className: 'tasks' }, ...tasks.map(taskLine))
        : el('p', { className: 'hint', textContent: t(c.state === 'submitted' ? 'my.case.tasks.after' : 'my.case.tasks.none') }));
    li.dataset.code = item.code;
    ul.append(li);
  }
  return ul;
}

function renderStages(c) {
  if (!c.stages || !c.stages.length) return null;
  const ol = el('ol', { className: 'stages' });
  c.stages.forEach((s, i) => {
    const state = s.state || (i < c.stage ? 'done' : i === c.stage ? 'open' : 'waiting');
    ol.append(el('li', { className: `stage stage-${state}` }, el('span', { textContent: s.name }), ' ',
      el('span', { className: 'badge', textContent: t(`my.stage.${state}`) })));
  });
  return el('section', {}, el('h3', { textContent: t('my.case.stages') }), ol);
}

// the value of a corrected field as the form takes it (apply.js does the same at submission)
function fixValue(f, raw) {
  if (raw === undefined || String(raw).trim() === '') return undefined;
  if (f.type === 'number') return Number(raw);
  if (f.type === 'uscc' || f.type === 'id_number') return String(raw).trim().toUpperCase();
  return String(raw).trim();
}

// one field the notice asks to correct, as its item's form asks it: its label, its type
function fixFieldInput(c, f, ask) {
  const id = `fix-field-${f.key.replace(/[^a-z0-9_]/gi, '-')}`;
  // an amount in 元 is kept in fen: shown, and corrected, in 元
  const kept = f.type === 'yuan' && Number.isInteger(c.form[f.key]) ? (c.form[f.key] / 100).toFixed(2) : c.form[f.key];
  const current = fixDraft.values[f.key] ?? (kept === undefined ? '' : String(kept));
  let input;
  if (f.type === 'choice' || f.type === 'region') {
    input = el('select', { id }, el('option', { value: '', textContent: t('portal.choose') }));
    const options = f.type === 'region' ? [...(fixRegions || [])].map(([code, name]) => [code, name]) : (f.options || []).map((o) => [o, o]);
    for (const [value, label] of options) input.append(el('option', { value, textContent: label, selected: current === value }));
  } else {
    input = el('input', { id, value: current });
    if (f.type === 'number') Object.assign(input, { type: 'number', inputMode: 'decimal', step: 'any' });
    else if (f.type === 'date') input.type = 'date';
    if (f.max_length) input.maxLength = f.max_length;
  }
  input.dataset.field = `/form/${f.key}`;
  const remember = () => { fixDraft.values[f.key] = input.value; };
  input.addEventListener('input', remember);
  input.addEventListener('change', remember);
  const wrap = el('div', { className: 'field fix-field' }, el('label', { htmlFor: id, textContent: f.label }),
    el('p', { className: 'hint', textContent: t('my.fix.why', { reason: ask.reason }) }), input);
  wrap.dataset.key = f.key;
  return wrap;
}

// one material the notice asks to upload again: its reason, the file chosen, sent at once
function fixFileInput(c, ask, i) {
  const id = `fix-file-${i}`;
  const input = el('input', { type: 'file', id, accept: '.pdf,.jpg,.jpeg,.png,.ofd,application/pdf,image/jpeg,image/png' });
  input.dataset.field = `/materials/${i}/upload`;
  input.dataset.material = ask.name;
  const chosen = fixDraft.files[ask.name];
  const line = el('p', { className: 'uploaded', hidden: !chosen }, '✓ ', el('span', { className: 'file-name', textContent: chosen?.name || '' }));
  input.addEventListener('change', async () => {
    const file = input.files[0];
    if (!file) return;
    const section = input.closest('section');
    clearFieldErrors(section);
    const res = await busy(input, () => uploadFile(file));
    if (!res) return;
    if (res.status !== 200 && res.status !== 201) return showFieldErrors(section, [{ control: input, message: errorOf(res).message }]);
    fixDraft.files[ask.name] = { sha256: res.body.sha256, name: file.name };
    line.replaceChildren('✓ ', el('span', { className: 'file-name', textContent: file.name }));
    line.hidden = false;
  });
  const wrap = el('div', { className: 'field fix-material' }, el('label', { htmlFor: id, textContent: ask.name }),
    el('p', { className: 'hint', textContent: t('my.fix.why', { reason: ask.reason }) }), input, line);
  wrap.dataset.material = ask.name;
  return wrap;
}

// 补正: the notice as the officer wrote it — each material to upload again and each field to
// correct, with its reason — and 重新提交, which sends them all; checked here first, every one
// missing named beside its input, then by the server (the same names, as JSON pointers).
function renderCorrections(c) {
  const waiting = c.tasks.filter((tk) => tk.state === 'correcting');
  if (!waiting.length) return null;
  if (fixDraft.caseId !== c.id) fixDraft = { caseId: c.id, files: {}, values: {} };
  const open = (c.corrections_asked || []).filter((k) => !k.answered_at);
  const files = open.filter((k) => k.kind === 'material');
  const fields = open.filter((k) => k.kind === 'field').map((k) => ({ ask: k, field: (fixFields || []).find((f) => f.key === k.key) }))
    .filter((x) => x.field);
  const button = el('button', { type: 'button', className: 'primary', id: 'resubmit', textContent: t('my.case.resubmit') });
  const section = el('section', { className: 'attention', id: 'corrections' }, el('h3', { textContent: t('my.case.corrections') }),
    el('ul', {}, ...waiting.map((tk) => el('li', {}, el('strong', { textContent: tk.item_name || tk.item }), `：${tk.reason || ''}`))),
    files.length ? el('h4', { textContent: t('my.fix.files') }) : null,
    ...files.map((k, i) => fixFileInput(c, k, i)),
    fields.length ? el('h4', { textContent: t('my.fix.fields') }) : null,
    ...fields.map(({ ask, field }) => fixFieldInput(c, field, ask)),
    el('p', { className: 'hint', textContent: t(open.length ? 'my.fix.hint' : 'my.case.corrections.hint') }),
    el('div', { className: 'buttons' }, button));
  button.addEventListener('click', async () => {
    clearFieldErrors(section);
    const problems = [];
    const body = { materials: [], form: {} };
    files.forEach((k, i) => {
      const file = fixDraft.files[k.name];
      if (file) body.materials.push({ name: k.name, upload: file.sha256 });
      else problems.push({ control: $(`fix-file-${i}`), message: t('my.fix.file.missing', { name: k.name }) });
    });
    for (const { field } of fields) {
      const kept = field.type === 'yuan' && Number.isInteger(c.form[field.key]) ? (c.form[field.key] / 100).toFixed(2) : c.form[field.key];
      const v = fixValue(field, fixDraft.values[field.key] ?? kept);
      if (v === undefined) problems.push({ control: section.querySelector(`[data-field="/form/${CSS.escape(field.key)}"]`), message: t('my.fix.field.missing', { label: field.label }) });
      else body.form[field.key] = v;
    }
    if (problems.length) return showFieldErrors(section, problems);
    const res = await busy(button, () => api('POST', `/api/v1/cases/${c.id}/resubmit`, body));
    if (!res) return;
    if (res.status !== 200) {
      // "/materials/0/upload" is the file given first; "/materials" a file still missing
      const find = (field) => {
        const m = (field || '').match(/^\/materials\/(\d+)/);
        if (m) return section.querySelector(`[data-material="${CSS.escape(body.materials[Number(m[1])]?.name || '')}"] input`);
        return field === '/materials' ? section.querySelector('.fix-material input') : null;
      };
      return showApiErrorIn(section, res, { find });
    }
    fixDraft = { caseId: null, files: {}, values: {} };
    clearError();
    await showCase(c.id, { key: 'my.case.done.resubmit' });
  });
  return section;
}

// The materials as the applicant handed them in: each file a link that opens it (the applicant
// owns it), the others said by how they were given.
function renderDeferred(c) {
  const owed = c.materials.filter((m) => m.provided_as === 'deferred');
  if (!owed.length) return null;
  const ul = el('ul', { className: 'deferred' });
  for (const m of owed) {
    const li = el('li', {}, el('strong', { textContent: m.name }), ' ',
      el('span', { className: 'hint', textContent: m.supplied_at
        ? t(m.supplied_how === 'window' ? 'my.case.supplied.window' : 'my.case.supplied', { date: day(m.supplied_at) })
        : m.due_date ? t('my.case.due', { date: m.due_date }) : t('my.case.due.later') }));
    if (!m.supplied_at && WITHDRAWABLE.includes(c.state) && c.state !== 'submitted') {
      // 补交 is the file itself (or the paper at a window, which the clerk records there)
      const id = `supply-file-${owed.indexOf(m)}`;
      const input = el('input', { type: 'file', id, className: 'supply-file', accept: '.pdf,.jpg,.jpeg,.png,.ofd,application/pdf,image/jpeg,image/png',
        'aria-label': t('my.case.supply.file', { name: m.name }) });
      input.addEventListener('change', () => { supplyFiles[m.name] = input.files[0]; });
      const button = el('button', { type: 'button', className: 'supply', textContent: t('my.case.supply') });
      button.addEventListener('click', async () => {
        const file = supplyFiles[m.name];
        if (!file) return showFieldErrors(li, [{ control: input, message: t('my.case.supply.none', { name: m.name }) }]);
        const up = await busy(button, () => uploadFile(file));
        if (!up) return;
        if (up.status !== 200 && up.status !== 201) return showFieldErrors(li, [{ control: input, message: errorOf(up).message }]);
        delete supplyFiles[m.name];
        await caseAction(`/api/v1/cases/${c.id}/supply`, { material: m.name, upload: up.body.sha256 }, button,
          { key: 'my.case.done.supply', vars: { name: m.name } });
      });
      li.append(el('div', { className: 'supply-row' }, input, ' ', button), el('p', { className: 'hint', textContent: t('my.case.supply.hint') }));
    }
    li.dataset.name = m.name;
    ul.append(li);
  }
  return el('section', { id: 'deferred' }, el('h3', { textContent: t('my.case.deferred') }), ul);
}

// an event's note: a reason in words, the kind of task an event opened, or what the server
// notes as a code (代为提交, 重新提交) in words
function eventNote(note) {
  if (hasString(`my.task.kind.${note}`)) return t(`my.task.kind.${note}`);
  const key = `my.event.${note.replace(/ /g, '_')}`;
  return hasString(key) ? t(key) : note;
}

function renderEvents(c) {
  const ol = el('ol', { className: 'timeline' });
  for (const e of c.events) {
    // a task's event names the task (its item and kind); the case's, the case's state
    const task = e.task_id && c.tasks.find((tk) => tk.id === e.task_id);
    // a note on a state the case stays in (what its completion did: the licences issued, the
    // registry's change) is said as a note, not as the state a second time
    const noted = !task && e.from && e.from === e.to && e.note;
    const what = task ? `${task.item_name || task.item} · ${t(`my.task.kind.${task.kind}`)}：${taskState(task.kind, e.to)}`
      : noted ? t('my.case.noted') : tOr(`my.case.state.${e.to}`, '—');
    const note = e.note && !(task && e.note === task.kind) ? eventNote(e.note) : null;
    ol.append(el('li', {}, el('time', { dateTime: e.at, textContent: minute(e.at) }), ' ',
      el('strong', { textContent: what }), e.by ? ` · ${e.by}` : '', note ? el('div', { className: 'hint', textContent: note }) : null));
  }
  return el('section', {}, el('h3', { textContent: t('my.case.events') }), ol);
}

// ---- 好差评 ----

function levelSelect(aspect) {
  const id = `rate-${aspect}`;
  const select = el('select', { id }, el('option', { value: '', textContent: aspect === 'overall' ? t('portal.choose') : t('my.rating.skip') }));
  for (const level of LEVELS) select.append(el('option', { value: level, textContent: t(`my.rating.level.${level}`), selected: ratingDraft.aspects[aspect] === level }));
  select.addEventListener('change', () => {
    if (select.value) ratingDraft.aspects[aspect] = select.value; else delete ratingDraft.aspects[aspect];
  });
  return el('div', { className: 'field' }, el('label', { htmlFor: id }, t(`my.rating.aspect.${aspect}`),
    aspect === 'overall' ? el('span', { className: 'required', textContent: ' *' }) : null), select);
}

function renderRatingForm(c) {
  const overall = el('fieldset', { className: 'levels' }, el('legend', {}, t('my.rating.aspect.overall'), el('span', { className: 'required', textContent: ' *' })));
  for (const level of LEVELS) {
    const radio = el('input', { type: 'radio', name: 'rate-overall', value: level, checked: ratingDraft.aspects.overall === level });
    radio.addEventListener('change', () => { ratingDraft.aspects.overall = level; });
    overall.append(el('label', { className: 'radio' }, radio, ` ${t(`my.rating.level.${level}`)}`));
  }
  const tags = el('fieldset', { className: 'tags' }, el('legend', { textContent: t('my.rating.tags') }));
  for (const key of RATING_TAGS) {
    const box = el('input', { type: 'checkbox', value: key, checked: ratingDraft.tags.includes(key) });
    box.addEventListener('change', () => {
      ratingDraft.tags = box.checked ? [...ratingDraft.tags, key] : ratingDraft.tags.filter((k) => k !== key);
    });
    tags.append(el('label', { className: 'check' }, box, ` ${t(key)}`));
  }
  const text = el('textarea', { id: 'rate-text', rows: 3, maxLength: 600, value: ratingDraft.text });
  text.addEventListener('input', () => { ratingDraft.text = text.value; });
  const button = el('button', { type: 'submit', className: 'primary', id: 'rate-submit', textContent: t('my.rating.submit') });
  const form = el('form', { id: 'rating-form', noValidate: true }, el('p', { className: 'hint', textContent: t('my.rating.hint') }),
    overall, ...ONLINE_ASPECTS.slice(1).map(levelSelect), tags,
    el('label', { htmlFor: 'rate-text', textContent: t('my.rating.text') }), text, el('div', { className: 'buttons' }, button));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (!ratingDraft.aspects.overall) {
      return showErrorAt(overall, { status: 422, body: { error: { message: t('my.rating.overall.required') } } });
    }
    const aspects = {};
    for (const a of ONLINE_ASPECTS) if (ratingDraft.aspects[a]) aspects[a] = ratingDraft.aspects[a];
    const body = { channel: 'online', aspects };
    if (ratingDraft.tags.length) body.tags = ratingDraft.tags.map((k) => t(k));
    if (ratingDraft.text.trim()) body.text = ratingDraft.text.trim();
    const res = await busy(button, () => api('POST', `/api/v1/cases/${c.id}/ratings`, body));
    if (!res) return;
    if (res.status !== 201) return showErrorAt(form, res);
    ratingDraft = { aspects: {}, tags: [], text: '' };
    clearError();
    await showCase(c.id);
  });
  return el('section', { id: 'rating' }, el('h3', { textContent: t('my.rating.title') }), form);
}

function renderRectification(r) {
  const events = el('ol', { className: 'timeline' }, ...(r.events || []).map((e) => el('li', {},
    el('time', { dateTime: e.at, textContent: minute(e.at) }), ' ', el('strong', { textContent: t(`my.rect.state.${e.to}`) }),
    e.note ? el('div', { className: 'hint', textContent: e.note }) : null)));
  const box = el('div', { className: 'rectification', id: 'rectification' },
    el('h4', { textContent: t('my.rect.title') }),
    el('p', {}, el('span', { className: 'badge', textContent: t(`my.rect.state.${r.state}`) }), ' ',
      el('span', { className: 'hint', textContent: `${r.department?.name ?? ''} · ${t('my.rect.deadline', { date: r.deadline })}` })),
    events);
  if (r.state === 'feedback') {
    const note = el('input', { id: 'revisit-note', maxLength: 500 });
    const buttons = el('div', { className: 'buttons' });
    for (const result of ['satisfied', 'unsatisfied']) {
      const b = el('button', { type: 'button', id: `revisit-${result}`, textContent: t(`my.rect.revisit.${result}`) });
      b.addEventListener('click', () => {
        const body = { result };
        if (note.value.trim()) body.note = note.value.trim();
        caseAction(`/api/v1/rectifications/${r.id}/revisit`, body, b);
      });
      buttons.append(b);
    }
    box.append(el('p', { textContent: t('my.rect.revisit.ask') }), el('label', { htmlFor: 'revisit-note', textContent: t('my.rect.revisit.note') }), note, buttons);
  } else if (r.revisit) {
    box.append(el('p', { textContent: t('my.rect.revisited', { result: t(`my.rect.revisit.${r.revisit}`) }) }));
  }
  return box;
}


function renderRatings(c) {
  if (!DECIDED.includes(c.state)) return null;
  const online = (c.ratings || []).find((r) => r.channel === 'online');
  if (!online) return renderRatingForm(c);
  const aspects = el('ul', { className: 'aspects' }, ...Object.entries(online.aspects).map(([a, level]) =>
    el('li', {}, `${t(`my.rating.aspect.${a}`)}：`, el('strong', { textContent: t(`my.rating.level.${level}`) }))));
  return el('section', { id: 'rating' }, el('h3', { textContent: t('my.rating.title') }),
    el('p', { className: online.bad ? 'error' : 'notice', id: 'rating-given', textContent: t('my.rating.given', { level: t(`my.rating.level.${online.level}`) }) }),
    aspects,
    online.tags && online.tags.length ? el('div', { className: 'how' }, ...online.tags.map((tag) => el('span', { className: 'badge', textContent: tag }))) : null,
    online.text ? el('p', { className: 'quote', textContent: online.text }) : null,
    online.rectification ? renderRectification(online.rectification) : null);
}

// the case's materials with their files, as the staff see them (kit.js caseFile)
function renderFiles(c) {
  if (!c.materials.length) return null;
  const ul = el('ul', { className: 'materials', id: 'case-files' });
  for (const m of c.materials) {
    const li = el('li', {}, el('strong', { textContent: m.name }), ' ',
      el('span', { className: 'hint', textContent: t(`my.case.provided.${m.provided_as}`) }),
      m.upload ? caseFile(c.id, m.name, m.upload) : null,
      // the certificate that stood in for it (免提交), and whether it lapsed since
      m.certificate ? el('span', { className: 'hint cert-of-material' }, ` · ${t('my.case.cert', { type: m.certificate.type, number: m.certificate.number })}`,
        m.certificate.lapsed ? ` · ${t('my.case.cert.lapsed')}` : '') : null);
    li.dataset.material = m.name;
    ul.append(li);
  }
  return el('section', {}, el('h3', { textContent: t('my.case.files') }), ul);
}

// who opened the files: when, the department and the role (never a person), which material
function renderViews(c) {
  const views = c.fileViews;
  if (!views) return null;
  const ol = el('ol', { className: 'timeline', id: 'file-views' });
  for (const v of views.views)
    ol.append(el('li', {}, el('time', { dateTime: v.at, textContent: minute(v.at) }), ' ',
      t(v.download ? 'my.case.viewed.download' : 'my.case.viewed', {
        who: v.department ? `${v.department} ${t(`role.${v.role}`)}` : t(`role.${v.role}`), material: v.material })));
  return el('section', {}, el('h3', { textContent: t('my.case.views') }),
    views.views.length ? ol : el('p', { className: 'hint', id: 'file-views-none', textContent: t('my.case.views.none') }),
    views.total > views.views.length ? el('p', { className: 'hint', textContent: t('my.case.views.more', { n: views.views.length, total: views.total }) }) : null);
}

function renderCase() {
  const box = $('case');
  const c = shownCase;
  if (!c) return;
  const actions = el('div', { className: 'buttons' });
  if (WITHDRAWABLE.includes(c.state)) {
    const withdraw = el('button', { type: 'button', id: 'withdraw', textContent: t('my.case.withdraw') });
    withdraw.addEventListener('click', async () => {
      if (await confirmAction({ title: t('my.case.withdraw'), text: t('my.case.withdraw.confirm'), confirm: t('my.case.withdraw') }))
        caseAction(`/api/v1/cases/${c.id}/withdraw`, undefined, withdraw, { key: 'my.case.done.withdraw' });
    });
    actions.append(withdraw);
  }
  box.replaceChildren(...[el('a', { href: '#mine', className: 'back', textContent: `← ${t('my.title')}` }),
    el('h2', { textContent: c.title }),
    caseDone ? el('p', { className: 'notice', id: 'case-done', role: 'status', textContent: t(caseDone.key, caseDone.vars) }) : null,
    el('p', {}, stateBadge(c.state)),
    el('dl', { className: 'facts' },
      c.number ? el('dt', { textContent: t('my.case.number') }) : null,
      c.number ? el('dd', { className: 'case-number', textContent: c.number }) : null,
      el('dt', { textContent: t('my.col.submitted') }), el('dd', { textContent: day(c.created_at) }),
      el('dt', { textContent: t('my.case.accepted') }), el('dd', { textContent: c.accepted_on || '—' }),
      el('dt', { textContent: t('my.col.deadline') }), el('dd', { textContent: c.deadline || t('my.deadline.later') }),
      c.reason ? el('dt', { textContent: t('my.case.reason') }) : null, c.reason ? el('dd', { textContent: c.reason }) : null),
    renderCorrections(c), renderDeferred(c), renderRatings(c),
    renderStages(c),
    el('h3', { textContent: t('my.case.items') }), renderItems(c),
    renderFiles(c), renderViews(c), caseDocuments(c.id, c.documents),
    renderEvents(c), actions.children.length ? actions : null].filter(Boolean));
  box.dataset.id = c.id;
  box.dataset.state = c.state;
}

let fixFields = null;  // the form's fields of the case shown, when a notice asks to correct some
let fixRegions = null; // the districts, for a region field

// `done`: what the action that led here did ({key, vars}), said atop the case
async function showCase(id, done = null) {
  const box = $('case');
  caseDone = null;
  myCases = null;
  if (!shownCase || shownCase.id !== id) fixFields = null;
  if (loginNeeded(box)) return;
  if (!shownCase || shownCase.id !== id) box.replaceChildren(el('p', { className: 'muted', textContent: t('wb.loading') }));
  const res = await api('GET', `/api/v1/cases/${encodeURIComponent(id)}`);
  if (res.status !== 200) { box.replaceChildren(el('a', { href: '#mine', className: 'back', textContent: `← ${t('my.title')}` })); return showErrorAt(box, res); }
  const c = res.body;
  if (DECIDED.includes(c.state)) {
    const ratings = await api('GET', `/api/v1/cases/${encodeURIComponent(id)}/ratings`);
    c.ratings = ratings.status === 200 ? ratings.body.ratings : [];
    // a 差评's rectification with its events (the feedback the department gave)
    for (const r of c.ratings) {
      if (!r.rectification || r.rectification.events) continue;
      const rect = await api('GET', `/api/v1/rectifications/${r.rectification.id}`);
      if (rect.status === 200) r.rectification = rect.body;
    }
  }
  // the fields a 补正 notice asks to correct, as the case's form asks them
  const asksFields = (c.corrections_asked || []).some((k) => k.kind === 'field' && !k.answered_at);
  if (asksFields && fixFields === null) {
    const g = c.bundle
      ? await api('POST', `/api/v1/bundles/${encodeURIComponent(c.bundle)}/form`, { answers: c.answers })
      : await api('GET', `/api/v1/items/${encodeURIComponent(c.item)}`);
    fixFields = g.status === 200 ? g.body.fields || [] : [];
    if (fixFields.some((f) => f.type === 'region')) fixRegions = await loadRegions();
  }
  const views = await api('GET', `/api/v1/cases/${encodeURIComponent(id)}/file-views`);
  c.fileViews = views.status === 200 ? views.body : null;
  c.documents = await loadCaseDocuments(id);
  shownCase = c;
  caseDone = done;
  renderCase();
}

function rerenderMine() {
  if (!$('mine').hidden) { if (myCases) renderMine(); else if (!me) loginNeeded($('mine')); }
  if (!$('case').hidden) { if (shownCase) renderCase(); else if (!me) loginNeeded($('case')); }
}
