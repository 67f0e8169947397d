// Sign-up: a person (ID number, name, mobile, password) or an enterprise (USCC, name, legal
// representative, mobile, password). Each field is checked as it is typed — a moment after the
// last key, and when it is left — by the server (POST /api/v1/accounts/check), so the words
// beside it are the ones registering would answer: a wrong check character, a number registered
// already. Then POST /api/v1/accounts makes the account, and the page logs it in and goes on to
// where the person came from (?next=…) or the portal.
'use strict';

const CHECKED = ['id_number', 'uscc', 'name', 'legal_representative', 'phone', 'password'];
const LABELS = { id_number: 'signup.id_number', uscc: 'signup.uscc', legal_representative: 'signup.legal', phone: 'signup.phone',
  password: 'signup.password', password2: 'signup.password2' };
const timers = {};

const kind = () => $('signup').querySelector('input[name="kind"]:checked').value;
const labelKey = (f) => (f === 'name' ? `signup.name.${kind()}` : LABELS[f]);
const shownFor = (f) => !$(f).closest('[data-kind]') || $(f).closest('[data-kind]').dataset.kind === kind();

// The message beside one field as it is typed (or none): not the kit's summary, which would
// take the focus away from what is being typed.
function typed(field, message) {
  const input = $(field);
  let p = $(`${field}-typed`);
  if (!message) {
    if (p) p.remove();
    input.removeAttribute('aria-invalid');
    return;
  }
  if (!p) {
    p = el('p', { class: 'field-error', id: `${field}-typed`, 'data-for': field });
    input.closest('.field').append(p);
  }
  p.textContent = message;
  input.setAttribute('aria-invalid', 'true');
  const ids = (input.getAttribute('aria-describedby') || '').split(' ').filter((x) => x && x !== p.id);
  input.setAttribute('aria-describedby', [...ids, p.id].join(' '));
}

async function check(field) {
  const value = field === 'password' ? $(field).value : $(field).value.trim();
  if (!value) return typed(field, null);
  const res = await api('POST', '/api/v1/accounts/check', { kind: kind(), [field]: value });
  // an answer to an older value is not this one's
  if ((field === 'password' ? $(field).value : $(field).value.trim()) !== value || res.status !== 200) return;
  const e = res.body.errors.find((x) => x.field === field);
  typed(field, e ? e.message : null);
}

function later(field) {
  clearTimeout(timers[field]);
  timers[field] = setTimeout(() => check(field), 400);
}

function chooseKind() {
  for (const f of $('signup').querySelectorAll('[data-kind]')) f.hidden = f.dataset.kind !== kind();
  $('name-label').textContent = t(`signup.name.${kind()}`);
  clearFieldErrors($('signup'));
  for (const f of CHECKED) typed(f, null);
  if ($('name').value.trim()) check('name');
}

// where to go once signed up and logged in: a page of this site, as the login page does
function landing(account) {
  const next = new URLSearchParams(location.search).get('next');
  const ours = next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\');
  return ours && mayOpen(account, next) ? next : homeOf(account);
}

async function signUp(ev) {
  ev.preventDefault();
  const form = $('signup');
  for (const f of CHECKED) typed(f, null);
  const k = kind();
  const fields = CHECKED.filter(shownFor);
  const problems = [];
  for (const f of [...fields, 'password2'])
    if (!$(f).value.trim()) problems.push({ control: $(f), message: t('error.required', { label: t(labelKey(f)) }) });
  if (!problems.length && $('password').value !== $('password2').value)
    problems.push({ control: $('password2'), message: t('signup.differ') });
  if (showFieldErrors(form, problems)) return;
  const body = { kind: k };
  for (const f of fields) body[f] = f === 'password' ? $(f).value : $(f).value.trim();
  const res = await busy($('signup-submit'), async () => {
    const made = await api('POST', '/api/v1/accounts', body);
    if (made.status !== 201) return made;
    return api('POST', '/api/v1/session', { login: made.body.login, password: body.password });
  }, t('signup.busy'));
  if (!res) return;
  if (res.status === 201) {
    location.assign(landing(res.body.account));
    return;
  }
  // the server names its field; a login taken is the ID number or USCC typed
  showApiErrorIn(form, res, { find: (f) => (f === 'login' ? $(k === 'person' ? 'id_number' : 'uscc') : null) });
}

page({
  access: 'public',
  start(me) {
    if (me) {
      location.replace(homeOf(me));
      return;
    }
    for (const r of $('signup').querySelectorAll('input[name="kind"]')) r.addEventListener('change', chooseKind);
    for (const f of CHECKED) {
      $(f).addEventListener('input', () => later(f));
      $(f).addEventListener('change', () => { clearTimeout(timers[f]); check(f); });
    }
    $('signup').addEventListener('submit', signUp);
  },
  lang() {
    $('name-label').textContent = t(`signup.name.${kind()}`);
  },
});
