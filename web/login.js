// The login page: posts the form to /api/v1/session; the server sets the session cookie. Then
// back to the page that sent the person here (?next=/ledger.html, ?next=/#apply/…) when it is
// a page of this site the account may open, else to the account's start: the workbench for
// staff, the portal for everyone else. Someone already logged in goes straight on.
'use strict';

// where `account` goes after logging in: only a path of this site is followed
function landing(account) {
  const next = new URLSearchParams(location.search).get('next');
  const ours = next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\');
  return ours && !next.startsWith('/login.html') && mayOpen(account, next) && (next !== '/' || !isStaff(account)) ? next : homeOf(account);
}

async function logIn(ev) {
  ev.preventDefault();
  const form = $('login-form'), error = $('error');
  error.hidden = true;
  for (const e of form.querySelectorAll('[aria-invalid]')) e.removeAttribute('aria-invalid');
  const login = form.login.value.trim();
  const password = form.password.value;
  if (!login || !password) { // caught before anything is sent
    const field = !login ? form.login : form.password;
    field.setAttribute('aria-invalid', 'true');
    error.textContent = t('error.required', { label: t(!login ? 'login.login' : 'login.password') });
    error.hidden = false;
    field.focus();
    return;
  }
  const res = await busy($('submit'), () => api('POST', '/api/v1/session', { login, password }), t('login.busy'));
  if (!res) return;
  if (res.status === 201) {
    location.assign(landing(res.body.account));
    return;
  }
  const e = errorOf(res);
  error.textContent = e.message;
  error.hidden = false;
  const field = e.field && form.elements[e.field];
  if (field) {
    field.setAttribute('aria-invalid', 'true');
    field.focus();
  }
}

// the form is this script's from the start: never sent by the browser itself (a password in
// the address) while the page is still asking who is logged in
$('login-form').addEventListener('submit', logIn);

page({
  access: 'public',
  start(me) {
    if (me) location.replace(landing(me));
  },
});
