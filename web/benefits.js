// The portal's policy pages (惠企政策), beside portal.js whose helpers ($, el, cell, me,
// showErrorAt, clearError, loginHref) they use:
//   #policies  the public policy library, no login: every active policy with its conditions in
//              words, its department, period, mode and amount; searched as one types and by
//              department.
//   #benefits  an enterprise account's own page (我的惠企政策): its inbox (站内信) with the number
//              unread and mark-read, the policies it meets today each with the explanation of
//              why ("符合：从业人数 35 ≥ 3"), 申报 for the apply-mode ones it has not applied for,
//              and its grants — pending, approved, paid, rejected with the reason; and, folded,
//              the active policies it does not meet with why not ("不符合：从业人数 12 < 20").
'use strict';

let library = null;      // GET /api/v1/policies
let benefits = null;     // GET /api/v1/me/benefits
let inbox = null;        // GET /api/v1/me/messages

const modeBadge = (mode) => el('span', { className: `badge mode-${mode}`, textContent: t(`pol.mode.${mode}`) });
const grantBadge = (state) => el('span', { className: `badge grant-${state}`, textContent: t(`pol.grant.${state}`) });
const money = (fen) => t('pol.yuan', { yuan: yuan(fen) });

/* ---- the public library ---- */

function renderLibrary() {
  const box = $('policies');
  if (!library) return;
  const q = ($('pol-q')?.value || '').trim().toLowerCase();
  const dept = $('pol-dept')?.value || '';
  const depts = [...new Map(library.map((p) => [p.department, p.department_name])).entries()].sort();
  const search = el('input', { id: 'pol-q', type: 'search', maxLength: 100, value: q, placeholder: t('pol.search.placeholder') });
  const select = el('select', { id: 'pol-dept' }, el('option', { value: '', textContent: t('pol.dept.all') }),
    ...depts.map(([code, name]) => el('option', { value: code, textContent: name, selected: code === dept })));
  const shown = library.filter((p) => (!dept || p.department === dept) &&
    (!q || [p.code, p.title, p.department_name, p.summary, p.basis].some((s) => (s || '').toLowerCase().includes(q))));
  const list = el('ul', { className: 'policy-list', id: 'policy-list' });
  for (const p of shown) {
    const card = el('li', { className: 'policy-card' },
      el('h3', { textContent: p.title }),
      el('div', { className: 'meta' }, modeBadge(p.mode), el('span', { textContent: p.code }),
        el('span', { textContent: t('pol.department', { name: p.department_name }) }),
        el('span', { textContent: t('pol.period', { from: p.valid_from, to: p.valid_to }) }),
        el('span', { textContent: t(`pol.recur.${p.recurrence}`) })),
      el('h4', { textContent: t('pol.conditions') }), ruleList(p.eligibility),
      el('p', {}, el('strong', { textContent: `${t('pol.amount')}：` }), amountText(p)),
      p.summary ? el('p', { className: 'muted', textContent: p.summary }) : null,
      el('p', { className: 'hint', textContent: t('pol.basis', { basis: p.basis }) }));
    card.dataset.code = p.code;
    list.append(card);
  }
  const filters = el('div', { className: 'library-filters' },
    el('div', {}, el('label', { htmlFor: 'pol-q', textContent: t('pol.search') }), search),
    el('div', {}, el('label', { htmlFor: 'pol-dept', textContent: t('pol.dept.label') }), select));
  const focused = document.activeElement && document.activeElement.id;
  box.replaceChildren(filters, el('p', { className: 'muted', id: 'pol-count', textContent: t('pol.count', { n: shown.length }) }),
    shown.length ? list : el('p', { className: 'empty', textContent: t('pol.empty') }));
  search.addEventListener('input', renderLibrary);
  select.addEventListener('change', renderLibrary);
  if (focused === 'pol-q') { search.focus(); search.setSelectionRange(search.value.length, search.value.length); }
  box.dataset.loaded = 'true';
}

async function showLibrary() {
  const box = $('policies');
  if (!library) box.replaceChildren(el('p', { className: 'muted', textContent: t('wb.loading') }));
  const [res] = await Promise.all([api('GET', '/api/v1/policies?limit=500'), loadRuleWords()]);
  if (res.status !== 200) { box.replaceChildren(); return showErrorAt(box, res); }
  library = res.body.policies;
  renderLibrary();
}

/* ---- the enterprise's page ---- */

function renderInbox() {
  const list = el('ul', { className: 'inbox', id: 'inbox' });
  for (const m of inbox.messages) {
    const read = el('button', { type: 'button', className: 'mark-read', textContent: t('pol.inbox.read') });
    read.addEventListener('click', () => markRead(m, read));
    const li = el('li', { className: m.read_at ? 'read' : 'unread' },
      el('div', {}, el('strong', { textContent: m.title }), el('div', { className: 'muted', textContent: m.body }),
        el('div', { className: 'hint', textContent: day(m.created_at) })),
      m.read_at ? el('span', { className: 'hint', textContent: t('pol.inbox.isread') }) : read);
    li.dataset.id = m.id;
    list.append(li);
  }
  return el('section', { id: 'inbox-section' },
    el('h2', {}, t('pol.inbox'), ' ', el('span', { className: 'badge', id: 'unread', textContent: t('pol.inbox.unread', { n: inbox.unread }) })),
    inbox.messages.length ? list : el('p', { className: 'empty', textContent: t('pol.inbox.empty') }));
}

function renderBenefit(b) {
  const steps = explainSteps(b.eligibility, b.why);
  const why = el('ul', { className: 'why' }, ...steps.map((s) => el('li', { className: s.ok ? 'ok' : 'not', textContent: s.text })));
  const met = benefits.eligible.includes(b);
  const state = b.grant_state ? grantBadge(b.grant_state)
    : el('span', { className: 'badge', textContent: !met ? t('pol.not') : b.mode === 'apply' ? t('pol.grant.none') : '—' });
  let action = null;
  if (met && b.mode === 'apply' && !b.grant_state) {
    action = el('button', { type: 'button', className: 'primary apply-policy', textContent: t('pol.apply') });
    action.addEventListener('click', () => applyFor(b, action));
  }
  const card = el('li', { className: 'benefit' },
    el('h3', { textContent: b.title }),
    el('div', { className: 'meta' }, modeBadge(b.mode), el('span', { textContent: b.department_name }),
      el('span', { textContent: `${t('pol.col.period')}：${periodText(b.period)}` }),
      met ? el('span', { textContent: `${t('pol.col.amount')}：${money(b.amount_fen)}` }) : null, state),
    el('h4', { textContent: t(met ? 'pol.why' : 'pol.why.not') }), why, action ? el('p', {}, action) : null);
  card.dataset.policy = b.policy;
  card.dataset.state = b.grant_state || '';
  return card;
}

function renderGrants() {
  if (!benefits.grants.length) return el('p', { className: 'empty', textContent: t('pol.grants.empty') });
  const body = el('tbody');
  for (const g of benefits.grants) {
    const state = el('td', {}, grantBadge(g.state));
    state.dataset.label = t('pol.col.state');
    const row = el('tr', {}, cell(`${g.policy_title}（${g.policy}）`, 'pol.col.policy'), cell(periodText(g.period), 'pol.col.period'),
      cell(money(g.amount_fen), 'pol.col.amount'), state, cell(g.reason || '', 'pol.col.reason'));
    row.dataset.policy = g.policy;
    row.dataset.state = g.state;
    body.append(row);
  }
  return el('div', { className: 'scroll' }, el('table', { className: 'grid cards', id: 'my-grants' },
    el('thead', {}, el('tr', {}, ...['pol.col.policy', 'pol.col.period', 'pol.col.amount', 'pol.col.state', 'pol.col.reason'].map((k) => el('th', { textContent: t(k) })))),
    body));
}

function renderBenefits() {
  const box = $('benefits');
  if (!benefits || !inbox) return;
  keepError(box, document.querySelector('main'));
  const list = el('ul', { className: 'policy-list', id: 'eligible' }, ...benefits.eligible.map(renderBenefit));
  box.replaceChildren(
    el('p', { className: 'muted', textContent: `${benefits.name}（${benefits.uscc}）` }),
    renderInbox(),
    el('h2', { textContent: t('pol.eligible') }),
    el('p', { className: 'muted', textContent: t('pol.eligible.count', { n: benefits.eligible.length }) }),
    benefits.eligible.length ? list : el('p', { className: 'empty', textContent: t('pol.eligible.empty') }),
    el('h2', { textContent: t('pol.grants') }), renderGrants(),
    benefits.unmet && benefits.unmet.length ? el('details', { id: 'unmet-section' },
      el('summary', { textContent: t('pol.unmet', { n: benefits.unmet.length }) }),
      el('ul', { className: 'policy-list', id: 'unmet' }, ...benefits.unmet.map(renderBenefit))) : null);
  box.dataset.loaded = 'true';
}

async function loadBenefits() {
  const [b, m] = await Promise.all([api('GET', '/api/v1/me/benefits'), api('GET', '/api/v1/me/messages?limit=50'), loadRuleWords()]);
  const box = $('benefits');
  if (b.status !== 200) { box.replaceChildren(); return showErrorAt(box, b); }
  if (m.status !== 200) { box.replaceChildren(); return showErrorAt(box, m); }
  benefits = b.body;
  inbox = m.body;
  renderBenefits();
}

async function showBenefits() {
  const box = $('benefits');
  benefits = null; inbox = null;
  if (!me) {
    box.replaceChildren(el('p', {}, t('pol.login'), ' ', el('a', { href: loginHref(), id: 'login-first', textContent: t('portal.nav.login') })));
    return;
  }
  if (me.kind !== 'enterprise') { box.replaceChildren(el('p', { className: 'empty', textContent: t('pol.enterprise.only') })); return; }
  box.replaceChildren(el('p', { className: 'muted', textContent: t('wb.loading') }));
  await loadBenefits();
}

// one application per policy: the button busy while it runs, the same intent's key on a retry
async function applyFor(b, button) {
  const res = await busy(button, () => api('POST', `/api/v1/policies/${encodeURIComponent(b.policy)}/apply`));
  if (!res) return;
  if (res.status !== 201) return showErrorAt(button.parentElement, res);
  clearError();
  await loadBenefits();
}

async function markRead(m, button) {
  const res = await busy(button, () => api('POST', `/api/v1/me/messages/${encodeURIComponent(m.id)}/read`));
  if (!res) return;
  if (res.status !== 200) return showErrorAt(button.closest('li'), res);
  clearError();
  refreshUnread();
  const r = await api('GET', '/api/v1/me/messages?limit=50');
  if (r.status === 200) inbox = r.body;
  renderBenefits();
}

function rerenderPolicies() {
  if (!$('policies').hidden) renderLibrary();
  if (!$('benefits').hidden) renderBenefits();
}
