// The login page: posts the form to /api/v1/session; the server sets the session cookie. Staff
// go on to the workbench; an applicant goes back to the portal — to the page that sent them
// here (?next=/#apply/…) when there is one.
'use strict';

// where `account` goes after logging in: only a path of this site is followed
function landing(account) {
  if (!account.roles.includes('applicant')) return '/workbench.html';
  const next = new URLSearchParams(location.search).get('next') || '/';
  return next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}

document.addEventListener('DOMContentLoaded', async () => {
  applyMessages();
  document.getElementById('lang').addEventListener('click', toggleLang);
  // someone already logged in goes straight on
  const me = await api('GET', '/api/v1/me');
  if (me.status === 200) {
    location.replace(landing(me.body));
    return;
  }
  const form = document.getElementById('login-form');
  const error = document.getElementById('error');
  const submit = document.getElementById('submit');
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    error.hidden = true;
    for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
    const login = form.login.value.trim();
    const password = form.password.value;
    if (!login || !password) {
      const field = !login ? form.login : form.password;
      field.setAttribute('aria-invalid', 'true');
      error.textContent = `${t('login.failed')}: ${t(!login ? 'login.login' : 'login.password')}?`;
      error.hidden = false;
      field.focus();
      return;
    }
    submit.disabled = true;
    submit.textContent = t('login.busy');
    const res = await api('POST', '/api/v1/session', { login, password });
    submit.disabled = false;
    submit.textContent = t('login.submit');
    if (res.status === 201) {
      location.assign(landing(res.body.account));
      return;
    }
    const e = res.body && res.body.error ? res.body.error : { message: String(res.status) };
    error.textContent = e.message;
    error.hidden = false;
    const field = e.field && form.elements[e.field];
    if (field) {
      field.setAttribute('aria-invalid', 'true');
      field.focus();
    }
  });
});
