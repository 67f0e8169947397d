// 简易注销公告: the simple deregistrations whose public notice runs, for anyone (GET
// /api/v1/dereg-notices, a page of 20 at a time): the enterprise, its USCC, the notice's days and
// the registering office — a table on a desktop, cards on a phone. 提出异议 opens the form under
// the list: the reason (10–1000 characters), the objector's name, a phone or email; checked here
// as the server checks it, each problem beside its field; sent without logging in (POST
// /api/v1/dereg-notices/{uscc}/objections); the answer is a receipt number to keep. The
// objector gets no account: the registering office reaches them by the contact they gave.
'use strict';

const PAGE = 20;
let offset = 0, total = 0, notices = [], days = 20;
let chosen = null;   // the notice objected to
let receipt = null;  // the last objection's answer

const MOBILE = /^1[3-9]\d{9}$/, LANDLINE = /^0\d{2,3}[- ]?\d{7,8}(-\d+)?$/, EMAIL = /^[^\s@,;<>]+@[^\s@,;<>]+\.[^\s@,;<>]+$/;

async function load(at = 0) {
  const res = await api('GET', `/api/v1/dereg-notices?limit=${PAGE}&offset=${at}`);
  if (res.status !== 200) return showApiError(res);
  offset = at;
  total = res.body.total;
  notices = res.body.notices;
  days = res.body.notice_days;
  render();
}

function render() {
  const tbody = $('notices').querySelector('tbody');
  tbody.replaceChildren(...notices.map((n) => {
    const go = el('button', { type: 'button', class: 'object', 'aria-label': t('nt.object.named', { name: n.name }) }, t('nt.object'));
    go.addEventListener('click', () => openForm(n));
    return el('tr', { 'data-uscc': n.uscc },
      cell(n.name, 'nt.col.name'), cell(n.uscc, 'nt.col.uscc'),
      cell(t('nt.period', { from: n.started_on, until: n.notice_until }), 'nt.col.period'), cell(n.office || '—', 'nt.col.office'),
      cell(go, 'nt.col.act'));
  }));
  $('notices').hidden = notices.length === 0;
  $('notices-empty').hidden = notices.length > 0;
  $('count').textContent = total ? t('nt.count', { total, days }) : '';
  $('pager').hidden = total <= PAGE;
  $('prev').disabled = offset === 0;
  $('next').disabled = offset + PAGE >= total;
  $('page-of').textContent = t('nt.page', { page: Math.floor(offset / PAGE) + 1, pages: Math.max(1, Math.ceil(total / PAGE)) });
  $('notices').dataset.loaded = 'true';
  if (chosen) drawForm();
}

function openForm(n) {
  chosen = n;
  receipt = null;
  say('');
  drawForm();
  $('objection').scrollIntoView({ block: 'start' });
  $('ob-reason')?.focus();
}

// The form for `chosen`, or the receipt once filed.
function drawForm() {
  const box = $('objection');
  box.hidden = !chosen;
  if (!chosen) return;
  const head = el('h2', { id: 'objection-title' }, t('nt.form.title', { name: chosen.name }));
  if (receipt) {
    box.replaceChildren(head,
      el('p', {}, t('nt.done')),
      el('p', {}, `${t('nt.receipt')}：`, el('span', { class: 'receipt', id: 'receipt' }, receipt.receipt)),
      el('p', { class: 'hint' }, t('nt.done.keep', { until: receipt.notice_until })));
    box.dataset.receipt = receipt.receipt;
    return;
  }
  delete box.dataset.receipt;
  const field = (name, tag, attrs, hint) => el('div', { class: 'field' },
    el('label', { for: `ob-${name}` }, t(`nt.f.${name}`)), el(tag, { id: `ob-${name}`, name, ...attrs }),
    hint ? el('p', { class: 'hint', id: `ob-${name}-hint` }, hint) : null);
  const send = el('button', { type: 'submit', class: 'primary', id: 'ob-send' }, t('nt.send'));
  const cancel = el('button', { type: 'button', id: 'ob-cancel' }, t('nt.cancel'));
  const form = el('form', { id: 'objection-form', novalidate: true, 'aria-labelledby': 'objection-title' },
    el('p', { class: 'hint' }, t('nt.form.hint', { uscc: chosen.uscc, until: chosen.notice_until })),
    field('reason', 'textarea', { rows: '5', maxLength: 1000, 'aria-describedby': 'ob-reason-hint' }, t('nt.f.reason.hint')),
    field('name', 'input', { type: 'text', maxLength: 50, autocomplete: 'name' }),
    field('contact', 'input', { type: 'text', maxLength: 100, autocomplete: 'tel', 'aria-describedby': 'ob-contact-hint' }, t('nt.f.contact.hint')),
    el('div', { class: 'buttons' }, send, cancel));
  cancel.addEventListener('click', () => { chosen = null; drawForm(); });
  form.addEventListener('submit', (ev) => { ev.preventDefault(); file(form, send); });
  box.replaceChildren(head, form);
}

async function file(form, send) {
  const reason = form.elements.reason.value.trim(), name = form.elements.name.value.trim(), contact = form.elements.contact.value.trim();
  const problems = [];
  const chars = [...reason].length;
  if (chars < 10 || chars > 1000) problems.push({ control: form.elements.reason, message: t('nt.f.reason.bad') });
  if (!name) problems.push({ control: form.elements.name, message: t('nt.f.name.bad') });
  if (!(MOBILE.test(contact) || LANDLINE.test(contact) || EMAIL.test(contact))) problems.push({ control: form.elements.contact, message: t('nt.f.contact.bad') });
  if (showFieldErrors(form, problems)) return;
  const res = await busy(send, () => api('POST', `/api/v1/dereg-notices/${encodeURIComponent(chosen.uscc)}/objections`,
    { reason, name, contact }), t('nt.sending'));
  if (!res) return;
  if (res.status !== 201) return showApiErrorIn(form, res);
  receipt = res.body;
  drawForm();
  say(t('nt.done.say', { receipt: receipt.receipt }));
}

page({
  access: 'public',
  async start() {
    $('prev').addEventListener('click', () => load(Math.max(0, offset - PAGE)));
    $('next').addEventListener('click', () => load(offset + PAGE));
    await load(0);
  },
  lang() { render(); },
});
