// 惠企政策管理: what an officer does with the policies of their department (an admin: of all).
//   政策编辑  every field of a policy, amounts in 元 (the API's budget_yuan …, exact to the fen);
//             the conditions built from the registry's fields (policy-builder.js), the JsonLogic
//             under 高级 for those who want it, and the amount rule there too when it is a
//             formula; the server's refusal is shown in Chinese beside the field it names, a
//             rule's with the pointer of its bad node (/eligibility/and/1); as the conditions
//             change, after a save, and by its button, the match preview: how many entities of
//             the registry the rule matches (POST /api/v1/policies/preview).
//   兑现审批  the department's grants awaiting a decision, oldest first, a page of the server's at
//             a time (上一页/下一页, 第 N 页，共 M 条), by policy and state: approve, reject with a
//             reason, 批量通过 the selected ones (progress 已通过 12/40, stopping at the first
//             refusal — the budget is the server's to check); approved ones are marked paid, one
//             or 批量拨付 (each payment gets its voucher number). Approving and paying first say
//             what will happen — how many, how much in 元 — in a line with 确认 and 取消. A
//             button is disabled while its request runs, and each action on a grant keeps one
//             Idempotency-Key, so that a second click or a retry does it once.
//   预算使用  per policy: budget, spent, awaiting approval, remaining, as a bar, from one call
//             (GET /api/v1/policy-budgets); the payment files (待拨付 and 已拨付) as xlsx and CSV.
'use strict';

let me = null;
let policies = [];     // the department's policies (all of them for an admin)
let shown = null;      // the policy in the editor, or null for a new one
let grants = [];       // the grants of the queue
let currentTab = null;
let departments = [];  // every department, for the editor's 发布部门
const FIELDS = ['code', 'title', 'department', 'basis', 'summary', 'valid_from', 'valid_to', 'mode', 'eligibility', 'amount',
  'amount_yuan', 'budget_yuan', 'cap_yuan', 'recurrence', 'exclusive_group', 'status'];
let builder = null;    // the conditions' builder (policy-builder.js)

const isAdmin = () => me && me.roles.includes('admin');
const fenText = (fen) => t('pol.yuan', { yuan: yuan(fen) });
const fail = showApiError;

/* ---- errors beside the field ---- */

const clearErrors = () => clearFieldErrors($('editor'));
const fieldError = (input, message) => showFieldErrors($('editor'), [{ control: input, message }]);

// A refusal of the API beside the field it names: a rule's pointer (/eligibility/and/1) goes
// to that rule's textarea, opened under 高级, with the path of its node, a plain name to its
// input (an amount in fen to its input in 元), the rest in the form's summary.
const MONEY_INPUTS = { amount_fen: 'f-amount_yuan', budget_fen: 'f-budget_yuan', cap_fen: 'f-cap_yuan' };
function editorError(res) {
  const e = errorOf(res);
  const rule = (e.field || '').match(/^\/(eligibility|amount)(\/.*)?$/);
  if (rule) {
    $(rule[1] === 'eligibility' ? 'advanced' : 'amount-advanced').open = true;
    return fieldError($(`f-${rule[1]}`), (rule[2] ? t('pol.rule.path', { path: e.field }) : '') + e.message);
  }
  showApiErrorIn($('editor'), res, { find: (f) => (MONEY_INPUTS[f] ? $(MONEY_INPUTS[f]) : null) });
}

// fen as typed in 元: 1000000 fen → "10000", 250050 → "2500.5"
const yuanInput = (fen) => (fen % 100 === 0 ? String(fen / 100) : String(Number((fen / 100).toFixed(2))));
// a fixed amount (a number, or {"+": [n]}) in fen, or null for a formula
function fixedAmount(rule) {
  if (typeof rule === 'number') return rule;
  const op = opOf(rule);
  return op === '+' && Array.isArray(rule['+']) && rule['+'].length === 1 && typeof rule['+'][0] === 'number' ? rule['+'][0] : null;
}

/* ---- the editor ---- */

function fill(p) {
  shown = p;
  const v = { ...(p || { code: '', title: '', department: me.department ? me.department.code : '', basis: '', summary: '',
    valid_from: cityToday(), valid_to: `${cityYear()}-12-31`, mode: 'auto',
    eligibility: { and: [{ '>=': [{ var: 'employees' }, 10] }] }, amount: { '+': [100000] }, budget_fen: 10000000,
    cap_fen: 0, recurrence: 'once', exclusive_group: '', status: 'active' }) };
  const fixed = fixedAmount(v.amount);
  v.amount_yuan = fixed !== null ? yuanInput(fixed) : '';
  v.amount = fixed !== null ? '' : v.amount;
  v.budget_yuan = yuanInput(v.budget_fen);
  v.cap_yuan = yuanInput(v.cap_fen || 0);
  for (const f of FIELDS) {
    const input = $(`f-${f}`);
    const value = v[f];
    input.value = (f === 'eligibility' || f === 'amount') && value !== '' ? JSON.stringify(value, null, 2) : value ?? '';
  }
  $('amount-advanced').open = fixed === null;
  builder.load();
  $('f-code').readOnly = !!p;
  $('pick').value = p ? p.code : '';
  $('preview').hidden = true;
  clearErrors();
  describeEligibility();
}

function describeEligibility() {
  const box = $('eligibility-words');
  box.replaceChildren();
  try {
    box.append(ruleList(JSON.parse($('f-eligibility').value)));
  } catch { /* said on save */ }
}

// The body of the form, or null with the error shown beside the field that is wrong.
function body() {
  clearErrors();
  const b = {};
  for (const f of FIELDS) {
    const input = $(`f-${f}`);
    const raw = input.value.trim();
    if (f === 'eligibility' || (f === 'amount' && raw !== '' && !$('f-amount_yuan').value.trim())) {
      try {
        b[f] = JSON.parse(raw);
      } catch (e) {
        $(f === 'eligibility' ? 'advanced' : 'amount-advanced').open = true;
        fieldError(input, t('pol.json.bad', { why: e.message }));
        return null;
      }
    } else if (f === 'amount') {
      // a fixed amount in 元 instead
    } else if (raw !== '' || f === 'title' || f === 'basis' || f === 'budget_yuan') {
      b[f] = raw;
    }
  }
  if (shown) delete b.code;
  if (!b.exclusive_group) delete b.exclusive_group;
  if (!b.amount && !b.amount_yuan) {
    fieldError($('f-amount_yuan'), t('pol.b.needAmount'));
    return null;
  }
  if ($('builder').dataset.valid === 'false' && !builder.isComplex()) {
    const bad = $('builder').querySelector('[aria-invalid="true"]') || $('builder').querySelector('.cond-row');
    fieldError(bad ? bad.closest('.cond-row').querySelector('.cond-value input, .cond-value select') : $('f-eligibility'), t('pol.b.finish'));
    return null;
  }
  return b;
}

async function save(ev) {
  ev.preventDefault();
  const b = body();
  if (!b) return;
  const editing = shown;
  // one intent per version of the form: a double click saves once
  const res = await busy($('save'), () => (editing ? api('PUT', `/api/v1/policies/${encodeURIComponent(editing.code)}`, b)
    : api('POST', '/api/v1/policies', b)));
  if (!res) return;
  if (res.status !== 200 && res.status !== 201) return editorError(res);
  say(t('pol.saved', { code: res.body.code }));
  await loadPolicies();
  fill(policies.find((p) => p.code === res.body.code) || res.body);
  await preview();
}

// The match preview of the rule in the textarea; `quiet` (as the conditions change): no error
// beside a field for a rule that is not finished, and only the last of several asked at once shows.
let previewAsked = 0;
async function preview(quiet) {
  let eligibility;
  if (quiet !== true) clearErrors();
  try {
    eligibility = JSON.parse($('f-eligibility').value);
  } catch (e) {
    if (quiet === true) return;
    $('advanced').open = true;
    return fieldError($('f-eligibility'), t('pol.json.bad', { why: e.message }));
  }
  const asked = ++previewAsked;
  const res = quiet === true ? await api('POST', '/api/v1/policies/preview', { eligibility })
    : await busy($('preview-button'), () => api('POST', '/api/v1/policies/preview', { eligibility }));
  if (!res || asked !== previewAsked) return;
  const box = $('preview');
  if (res.status !== 200) { box.hidden = true; return editorError(res); }
  const r = res.body;
  box.replaceChildren(el('p', { id: 'preview-count' }, el('strong', {}, t('pol.preview.result', { matches: r.matches, entities: r.entities })),
    r.rule_errors ? t('pol.preview.errors', { n: r.rule_errors }) : null));
  if (r.sample.length) {
    box.append(el('p', { class: 'hint' }, t('pol.preview.sample'),
      r.sample.map((e) => `${e.name}（${e.uscc}）`).join('；')));
  }
  box.dataset.matches = String(r.matches);
  box.dataset.rule = JSON.stringify(eligibility);
  box.hidden = false;
}
let previewTimer = 0;
const previewSoon = () => { clearTimeout(previewTimer); previewTimer = setTimeout(() => preview(true), 400); };

function renderPick() {
  const pick = $('pick');
  const value = pick.value;
  pick.replaceChildren(el('option', { value: '' }, `— ${t('pol.editor.new')} —`),
    ...policies.map((p) => el('option', { value: p.code }, `${p.code} ${p.title}`)));
  pick.value = value;
}

async function loadPolicies() {
  const dept = isAdmin() || !me.department ? '' : `&department=${encodeURIComponent(me.department.code)}`;
  const res = await api('GET', `/api/v1/policies?all=true&limit=500${dept}`);
  if (res.status !== 200) return fail(res);
  policies = res.body.policies;
  renderPick();
  renderPolicyFilter();
}

/* ---- the approval queue ----
 * A page of the server's at a time (GET /api/v1/grants: the department's by default, by policy
 * and state, oldest first for pending and applied, with the total), however long the queue is
 * after a matching run. 批量通过 approves the selected grants one request each, each with its own
 * idempotency key, so the server checks every one against the budget; it stops at the first
 * refusal. */

const PAGE = 20;
let pageNo = 0, total = 0;
let budgetRows = [];   // GET /api/v1/policy-budgets
let batchRunning = false;

function renderPolicyFilter() {
  const pick = $('q-policy');
  const value = pick.value;
  pick.replaceChildren(el('option', { value: '' }, t('pol.queue.policyAll')),
    ...policies.map((p) => el('option', { value: p.code }, `${p.code} ${p.title}`)));
  pick.value = policies.some((p) => p.code === value) ? value : '';
}

async function loadQueue() {
  const q = new URLSearchParams({ state: $('q-state').value, limit: String(PAGE), offset: String(pageNo * PAGE) });
  if ($('q-policy').value) q.set('policy', $('q-policy').value);
  const res = await api('GET', `/api/v1/grants?${q}`);
  if (res.status !== 200) return fail(res);
  total = res.body.total;
  // the last page emptied by decisions: back to the one before
  if (!res.body.grants.length && pageNo > 0 && pageNo * PAGE >= total) {
    pageNo = Math.max(0, Math.ceil(total / PAGE) - 1);
    return loadQueue();
  }
  grants = res.body.grants;
  renderQueue();
}

// 匹配全部市场主体: matching over the whole registry as a background job (policy.match), followed
// until it ends with its progress; then the queue shows what it created.
async function runMatch() {
  const line = $('match-progress');
  const job = await busy($('run-match'), async () => {
    const res = await api('POST', '/api/v1/jobs', { kind: 'policy.match' });
    if (res.status !== 201) return fail(res);
    let j = res.body;
    while (j.state === 'queued' || j.state === 'running') {
      const p = j.progress || {};
      line.textContent = t('pol.match.progress', { done: p.done || 0, total: p.total || 0 });
      await new Promise((ok) => setTimeout(ok, 500));
      const r = await api('GET', `/api/v1/jobs/${encodeURIComponent(j.id)}`);
      if (r.status !== 200) return fail(r);
      j = r.body;
    }
    return j;
  });
  if (!job) return;
  if (job.state !== 'done') { line.textContent = job.error || t('pol.match.failed'); return; }
  line.textContent = t('pol.match.done', { entities: job.result.entities, matches: job.result.matches,
    grants: job.result.grants_created });
  pageNo = 0;
  await loadQueue();
}

// What will happen, asked once in the kit's dialog (confirmAction) with 确认 and 取消; resolves
// true on 确认. A second ask while one is open (a double click) is answered no.
function ask(text) {
  if (document.querySelector('dialog.confirm[open]')) return Promise.resolve(false);
  return confirmAction({ title: t('pol.confirm.title'), text, confirm: t('pol.confirm.yes'), cancel: t('pol.confirm.no'), danger: false });
}
const sumOf = (list) => list.reduce((n, g) => n + g.amount_fen, 0);

// One action on a grant: the row's buttons disabled while it runs, its intent (grant and
// action) keeping one key for a second try.
async function act(g, action, button, extra) {
  const res = await busy([...button.closest('tr').querySelectorAll('button')],
    () => api('POST', `/api/v1/grants/${encodeURIComponent(g.id)}/${action}`, extra, { intent: `${g.id}:${action}` }));
  if (!res) return;
  if (res.status !== 200) return fail(res);
  const voucher = res.body.voucher ? t('pol.done.voucher', { voucher: res.body.voucher }) : '';
  say(`${t(`pol.done.${action}`)}：${g.name || g.uscc} · ${g.policy_title}${voucher}`);
  await loadQueue();
}

// 批准 and 登记拨付 of one grant, after saying what will happen.
async function confirmThen(g, action, button) {
  const text = t(`pol.confirm.${action}One`, { name: g.name || g.uscc, yuan: yuan(g.amount_fen) });
  if (await ask(text)) await act(g, action, button);
}

// 批量通过 and 批量拨付: the selected grants, how many and how much said first; then in the
// queue's order, one request each; progress as it goes; the first refusal stops it (the budget:
// said as such, in the page's language).
async function batch(action) {
  if (batchRunning) return;
  const chosen = [...$('queue').querySelectorAll('tbody input.pick-grant:checked')]
    .map((box) => grants.find((g) => g.id === box.closest('tr').dataset.id)).filter(Boolean);
  if (!chosen.length) return say(t(action === 'pay' ? 'pol.queue.batchPayNone' : 'pol.queue.batchNone'));
  const button = $(action === 'pay' ? 'batch-pay' : 'batch-approve'), progress = $('batch-progress');
  if (action === 'approve') {
    const r = await api('GET', '/api/v1/policy-budgets');
    if (r.status === 200) budgetRows = r.body.budgets;
  }
  const budget = budgetRows.find((b) => chosen.every((g) => g.policy === b.code));
  const left = action === 'approve' && budget ? t('pol.confirm.left', { yuan: yuan(budget.remaining_fen) }) : '';
  if (!await ask(t(`pol.confirm.${action}Many`, { n: chosen.length, yuan: yuan(sumOf(chosen)) }) + left)) return;
  if (batchRunning) return;
  batchRunning = true;
  button.disabled = true;
  say('');
  $('error').hidden = true;
  let done = 0, stop = null;
  const step = action === 'pay' ? 'pol.queue.batchPayProgress' : 'pol.queue.batchProgress';
  progress.textContent = t(step, { done, total: chosen.length });
  for (const g of chosen) {
    const res = await api('POST', `/api/v1/grants/${encodeURIComponent(g.id)}/${action}`, undefined, { intent: `${g.id}:${action}` });
    if (res.status !== 200) { stop = { g, res }; break; }
    done++;
    progress.textContent = t(step, { done, total: chosen.length });
  }
  batchRunning = false;
  button.disabled = false;
  progress.dataset.done = String(done);
  if (stop) {
    const e = errorOf(stop.res);
    const vars = { done, total: chosen.length, title: stop.g.policy_title, name: stop.g.name || stop.g.uscc, why: e.message };
    const text = e.reason === 'budget_exceeded' ? t('pol.queue.batchBudget', vars) : t('pol.queue.batchFailed', vars);
    $('message').hidden = true;
    $('error').textContent = text;
    $('error').hidden = false;
    progress.dataset.stopped = e.reason || 'error';
  } else {
    say(t(action === 'pay' ? 'pol.queue.batchPayDone' : 'pol.queue.batchDone', { done, total: chosen.length }));
    delete progress.dataset.stopped;
  }
  await loadQueue();
}

function renderQueue() {
  const tbody = $('queue').querySelector('tbody');
  tbody.replaceChildren();
  const decidable = $('q-state').value !== 'approved';
  for (const g of grants) {
    const actions = el('td', { class: 'actions' });
    actions.dataset.label = t('pol.col.actions');
    const pick = el('td', {});
    pick.dataset.label = t('pol.queue.select');
    if (g.state === 'pending' || g.state === 'applied' || g.state === 'approved')
      pick.append(el('input', { type: 'checkbox', class: 'pick-grant', 'aria-label': `${t('pol.queue.select')} ${g.name || g.uscc}` }));
    const row = el('tr', { 'data-id': g.id, 'data-state': g.state, 'data-uscc': g.uscc, 'data-policy': g.policy }, pick,
      cell(`${g.policy_title}（${g.policy}）`, 'pol.col.policy'), cell(`${g.name || ''} ${g.uscc}`, 'pol.col.entity'),
      cell(periodText(g.period), 'pol.col.period'), cell(fenText(g.amount_fen), 'pol.col.amount'),
      cell(el('span', { class: `badge grant-${g.state}` }, t(`pol.grant.${g.state}`)), 'pol.col.state'),
      cell(cityTime(g.created_at), 'pol.col.created'), actions);
    if (g.state === 'approved') {
      const pay = el('button', { type: 'button', class: 'pay' }, t('pol.pay'));
      pay.addEventListener('click', () => confirmThen(g, 'pay', pay));
      actions.append(pay);
    } else if (g.state === 'pending' || g.state === 'applied') {
      const approve = el('button', { type: 'button', class: 'approve primary' }, t('pol.approve'));
      approve.addEventListener('click', () => confirmThen(g, 'approve', approve));
      const reason = el('input', { type: 'text', class: 'reason', maxlength: '500', 'aria-label': t('pol.reject.reason'), placeholder: t('pol.reject.reason') });
      const reject = el('button', { type: 'button', class: 'reject' }, t('pol.reject'));
      reject.addEventListener('click', () => {
        clearFieldErrors(actions);
        if (!reason.value.trim()) return showFieldErrors(actions, [{ control: reason, message: t('pol.reject.need') }]);
        act(g, 'reject', reject, { reason: reason.value.trim() });
      });
      actions.append(approve, reason, reject);
    }
    tbody.append(row);
  }
  $('select-all').checked = false;
  $('select-all').disabled = !grants.length;
  $('batch-approve').hidden = !decidable;
  $('batch-pay').hidden = decidable;
  $('queue').hidden = grants.length === 0;
  $('queue-empty').hidden = grants.length > 0;
  const pages = Math.max(1, Math.ceil(total / PAGE));
  $('page-info').textContent = t('pol.queue.page', { page: pageNo + 1, total });
  $('page-info').dataset.page = String(pageNo + 1);
  $('page-info').dataset.total = String(total);
  $('prev').disabled = pageNo === 0;
  $('next').disabled = pageNo + 1 >= pages;
  $('queue').dataset.loaded = 'true';
}

/* ---- budgets: one call for every policy of the department ---- */

async function loadBudgets() {
  const res = await api('GET', '/api/v1/policy-budgets');
  if (res.status !== 200) return fail(res);
  budgetRows = res.body.budgets;
  renderBudgets();
}

function renderBudgets() {
  const box = $('budgets');
  box.replaceChildren();
  if (!budgetRows.length) { box.append(el('p', { class: 'empty' }, t('pol.budget.empty'))); return; }
  for (const p of budgetRows) {
    const budget = p.budget_fen, spent = p.spent_fen, pending = p.pending_fen, remaining = p.remaining_fen;
    // a share of the budget in percent; anything above nothing at least 1 %, to be seen
    const pct = (x) => (budget > 0 && x > 0 ? Math.min(100, Math.max(1, (x / budget) * 100)) : 0);
    const bar = el('div', { class: 'bar', role: 'img', 'aria-label': `${t('pol.budget.spent')} ${pct(spent).toFixed(1)}%` },
      el('span', { class: 'spent', style: `width:${pct(spent)}%` }),
      el('span', { class: 'pending', style: `width:${Math.min(pct(pending), 100 - pct(spent))}%` }));
    const base = `/api/v1/policies/${encodeURIComponent(p.code)}/payments`;
    const files = (state) => [el('a', { href: `${base}.xlsx?state=${state}`, download: '', class: `file-${state}` }, t('pol.budget.xlsx')), ' · ',
      el('a', { href: `${base}.csv?state=${state}`, download: '' }, 'CSV')];
    box.append(el('article', { class: 'budget panel', 'data-code': p.code },
      el('h3', {}, `${p.title}（${p.code}）`), bar,
      el('dl', { class: 'figures' },
        el('dt', {}, t('pol.budget.total')), el('dd', { class: 'total' }, fenText(budget)),
        el('dt', {}, t('pol.budget.spent')), el('dd', { class: 'spent' }, fenText(spent)),
        el('dt', {}, t('pol.budget.pending')), el('dd', { class: 'pending' }, `${fenText(pending)}（${p.pending_count}）`),
        el('dt', {}, t('pol.budget.remaining')), el('dd', { class: 'remaining' }, fenText(remaining))),
      el('p', { class: 'hint' }, t('pol.budget.filesToPay'), ...files('approved')),
      el('p', { class: 'hint' }, t('pol.budget.filesPaid'), ...files('paid'))));
  }
}

/* ---- tabs ---- */

function choose(tab) {
  currentTab = tab;
  for (const b of $('tabs').querySelectorAll('[role="tab"]')) b.setAttribute('aria-selected', String(b.dataset.tab === tab));
  for (const s of document.querySelectorAll('section.tab')) s.hidden = s.id !== `tab-${tab}`;
  say('');
  $('error').hidden = true;
  if (tab === 'queue') loadQueue();
  if (tab === 'budget') loadBudgets();
}

function rerender() {
  renderPick();
  renderPolicyFilter();
  if (currentTab === 'queue') renderQueue();
  if (currentTab === 'budget') renderBudgets();
  describeEligibility();
  builder.draw();
}

// 发布部门: the officer's own department, or any for an admin, by name.
function fillDepartments() {
  const select = $('f-department');
  const value = select.value;
  const mine = isAdmin() ? departments : departments.filter((d) => me.department && d.code === me.department.code);
  select.replaceChildren(...mine.map((d) => el('option', { value: d.code }, d.name)));
  if (value) select.value = value;
}

page({
  async start(account) {
    me = account;
    $('editor').addEventListener('submit', save);
    $('preview-button').addEventListener('click', preview);
    $('new-policy').addEventListener('click', () => fill(null));
    $('pick').addEventListener('change', () => fill(policies.find((p) => p.code === $('pick').value) || null));
    $('f-eligibility').addEventListener('input', describeEligibility);
    builder = ruleBuilder({ box: $('builder'), textarea: $('f-eligibility'), onChange: () => { describeEligibility(); previewSoon(); } });
    for (const b of $('tabs').querySelectorAll('[role="tab"]')) b.addEventListener('click', () => choose(b.dataset.tab));
    tabsByKeys($('tabs'));
    const refilter = () => { pageNo = 0; loadQueue(); };
    $('q-policy').addEventListener('change', refilter);
    $('q-state').addEventListener('change', refilter);
    $('prev').addEventListener('click', () => { if (pageNo > 0) { pageNo--; loadQueue(); } });
    $('next').addEventListener('click', () => { if ((pageNo + 1) * PAGE < total) { pageNo++; loadQueue(); } });
    $('batch-approve').addEventListener('click', () => batch('approve'));
    $('batch-pay').addEventListener('click', () => batch('pay'));
    $('run-match').addEventListener('click', runMatch);
    $('select-all').addEventListener('change', () => {
      for (const box of $('queue').querySelectorAll('tbody input.pick-grant')) box.checked = $('select-all').checked;
    });
    const [, d] = await Promise.all([loadPolicies(), api('GET', '/api/v1/departments'), loadRuleWords(), loadBuilderFields()]);
    departments = d.status === 200 ? d.body.departments : [];
    fillDepartments();
    fill(null);
    const first = (location.hash.match(/^#(editor|queue|budget)$/) || [])[1] || 'editor';
    choose(first);
  },
  lang: rerender,
});
