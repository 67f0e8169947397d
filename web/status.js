// The public 办件查询 of the portal (#status): anyone, without logging in, gives a case number
// and the last six characters of the applicant's ID number or USCC, and reads the case's state and
// its steps with their dates (GET /api/v1/case-status). Errors beside their fields.

let statusShown = null; // the last answer, drawn again when the language changes

function statusForm() {
  const field = (name, key, attrs) => el('div', { className: 'field' },
    el('label', { htmlFor: `status-${name}` }, t(key)),
    el('input', { id: `status-${name}`, name, autocomplete: 'off', ...attrs }),
    el('p', { className: 'muted hint' }, t(`${key}.hint`)));
  const button = el('button', { type: 'submit', id: 'status-go', className: 'primary' }, t('status.go'));
  const form = el('form', { id: 'status-form', novalidate: true },
    field('number', 'status.number', { inputMode: 'numeric', maxLength: 19 }),
    field('id_tail', 'status.id_tail', { maxLength: 6, autocapitalize: 'characters' }),
    el('p', {}, button));
  form.addEventListener('submit', (ev) => { ev.preventDefault(); lookUp(form, button); });
  return form;
}

async function lookUp(form, button) {
  const number = form.elements.number.value.trim();
  const tail = form.elements.id_tail.value.trim().toUpperCase();
  const problems = [];
  if (!/^\d{19}$/.test(number)) problems.push({ control: form.elements.number, message: t('status.number.bad') });
  if (!/^[0-9A-Z]{6}$/.test(tail)) problems.push({ control: form.elements.id_tail, message: t('status.id_tail.bad') });
  if (showFieldErrors(form, problems)) return;
  const res = await busy(button, () => api('GET', `/api/v1/case-status?${new URLSearchParams({ number, id_tail: tail })}`),
    t('status.going'));
  if (!res) return;
  $('status-result')?.remove();
  if (res.status !== 200) {
    statusShown = null;
    // a wrong pair names no field: its one message stands above the form
    return showApiErrorIn(form, res);
  }
  clearFieldErrors(form);
  statusShown = res.body;
  form.after(statusResult(res.body));
}

function statusResult(s) {
  const facts = [['status.col.number', s.number], ['status.col.title', s.title], ['status.col.state', s.state_text],
    ['status.col.submitted', s.submitted_on], ['status.col.accepted', s.accepted_on || '—'],
    ['status.col.deadline', s.deadline || t('my.deadline.later')]];
  return el('div', { id: 'status-result', 'data-state': s.state },
    el('dl', { className: 'facts' }, facts.flatMap(([k, v]) => [el('dt', {}, t(k)), el('dd', {}, v)])),
    el('h3', {}, t('status.steps')),
    el('ol', { className: 'timeline', id: 'status-steps' },
      s.steps.map((step) => el('li', {}, el('span', { className: 'muted' }, step.date), ' ', step.step))));
}

function showStatus() {
  const box = $('status');
  statusShown = null;
  box.replaceChildren(el('a', { href: '#', className: 'back', textContent: `← ${t('portal.title')}` }),
    el('p', { className: 'muted' }, t('status.intro')), statusForm());
  box.dataset.ready = 'true';
}

// the language changed: the form's words again, and the last answer asked again in that language
async function rerenderStatus() {
  if ($('status').hidden) return;
  const form = $('status-form');
  const number = form?.elements.number.value, tail = form?.elements.id_tail.value, had = statusShown;
  showStatus();
  if (had && form) {
    const again = $('status-form');
    again.elements.number.value = number;
    again.elements.id_tail.value = tail;
    lookUp(again, $('status-go'));
  }
}
