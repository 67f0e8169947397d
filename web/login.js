// The login page: a password (POST /api/v1/session {login, password}) or a one-time code by SMS
// (POST /api/v1/session/code, then {phone or login, code}; a new code after a 60-second
// countdown); the server sets the session cookie. An account without a password of its own yet —
// opened at a window, or one an administrator chose — then chooses one here
// (POST /api/v1/me/password). Then back to the page that sent the person here (?next=/ledger.html,
// ?next=/#apply/…) when it is a page of this site the account may open, else to the account's
// start: the workbench for staff, the portal for everyone else. Someone already logged in goes
// straight on.
'use strict';

const RESEND_S = 60;
const MOBILE = /^1\d{10}$/;

// where `account` goes after logging in: only a path of this site is followed
function landing(account) {
  const next = new URLSearchParams(location.search).get('next');
  const ours = next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\');
  return ours && !next.startsWith('/login.html') && mayOpen(account, next) && (next !== '/' || !isStaff(account)) ? next : homeOf(account);
}

let loggedIn = null; // the account once logged in, while it chooses a password

function showError(form, e) {
  const error = $('error');
  // the password form has its line; the code form shows it beside its fields
  if (form === $('login-form')) {
    error.textContent = e.message;
    error.hidden = false;
  }
}

function markField(form, name) {
  const field = name && form.elements[name];
  if (field) {
    field.setAttribute('aria-invalid', 'true');
    field.focus();
  }
}

// Logged in: choose a password first when the account has none of its own.
function loggedInAs(account) {
  if (!account.must_change_password) {
    location.assign(landing(account));
    return;
  }
  loggedIn = account;
  $('login-tabs').hidden = true;
  $('login-form').hidden = true;
  $('code-form').hidden = true;
  $('signup-line').hidden = true;
  $('set-why').textContent = t(account.password_set ? 'login.set.why.admin' : 'login.set.why.walkin');
  $('set-password').hidden = false;
  $('new-password').focus();
}

async function logIn(ev) {
  ev.preventDefault();
  const form = $('login-form'), error = $('error');
  error.hidden = true;
  $('use-code').hidden = true;
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
  if (res.status === 201) return loggedInAs(res.body.account);
  const e = errorOf(res);
  showError(form, e);
  // an account opened at a window: the code is the way in
  if (e.reason === 'login_walk_in') {
    $('use-code').hidden = false;
    return;
  }
  markField(form, e.field);
}

/* ---- by code ---- */

let countdown = null;

function tickResend(left) {
  const button = $('send-code');
  clearTimeout(countdown);
  if (left <= 0) {
    button.disabled = false;
    button.textContent = t('login.code.again');
    return;
  }
  button.disabled = true;
  button.textContent = t('login.code.wait', { n: left });
  countdown = setTimeout(() => tickResend(left - 1), 1000);
}

// {phone} for a mobile number, {login} for anything else
function who() {
  const v = $('code-who').value.trim();
  return MOBILE.test(v) ? { phone: v } : { login: v };
}
const whoField = (f) => (f === 'phone' || f === 'login' ? $('code-who') : f === 'code' ? $('code') : null);

async function sendCode() {
  const form = $('code-form');
  clearFieldErrors(form);
  if (!$('code-who').value.trim())
    return showFieldErrors(form, [{ control: $('code-who'), message: t('error.required', { label: t('login.code.who') }) }]);
  const res = await busy($('send-code'), () => api('POST', '/api/v1/session/code', who()));
  if (!res) return;
  if (res.status === 429 && errorOf(res).reason === 'login_code_too_soon') {
    // the server counts the minute too: wait what it says
    const n = Number((errorOf(res).message.match(/\d+/) || [RESEND_S])[0]);
    showApiErrorIn(form, res, { find: whoField });
    return tickResend(n);
  }
  if (res.status !== 202) return showApiErrorIn(form, res, { find: whoField });
  // the same words whether or not the number is registered: the server never says
  $('code-sent').textContent = t('login.code.sent', { minutes: Math.round(res.body.expires_in / 60) });
  $('code-sent').hidden = false;
  tickResend(res.body.resend_in);
  $('code').focus();
}

async function logInByCode(ev) {
  ev.preventDefault();
  const form = $('code-form');
  clearFieldErrors(form);
  const problems = [];
  if (!$('code-who').value.trim()) problems.push({ control: $('code-who'), message: t('error.required', { label: t('login.code.who') }) });
  if (!/^\d{6}$/.test($('code').value.trim())) problems.push({ control: $('code'), message: t('login.code.six') });
  if (showFieldErrors(form, problems)) return;
  const res = await busy($('code-submit'), () => api('POST', '/api/v1/session', { ...who(), code: $('code').value.trim() }), t('login.busy'));
  if (!res) return;
  if (res.status === 201) return loggedInAs(res.body.account);
  showApiErrorIn(form, res, { find: whoField });
}

/* ---- choosing a password ---- */

async function setPassword(ev) {
  ev.preventDefault();
  const form = $('set-password');
  const password = $('new-password').value, again = $('new-password2').value;
  const problems = [];
  if (!password) problems.push({ control: $('new-password'), message: t('error.required', { label: t('login.set.password') }) });
  else if (password !== again) problems.push({ control: $('new-password2'), message: t('login.set.differ') });
  if (showFieldErrors(form, problems)) return;
  const res = await busy($('set-submit'), () => api('POST', '/api/v1/me/password', { password }));
  if (!res) return;
  if (res.status !== 200) return showApiErrorIn(form, res, { find: (f) => (f === 'password' ? $('new-password') : null) });
  location.assign(landing(res.body));
}

/* ---- the two ways in ---- */

function choose(way) {
  const code = way === 'code';
  $('tab-password').setAttribute('aria-selected', String(!code));
  $('tab-code').setAttribute('aria-selected', String(code));
  $('login-form').hidden = code;
  $('code-form').hidden = !code;
}

// the forms are this script's from the start: never sent by the browser itself (a password in
// the address) while the page is still asking who is logged in
$('login-form').addEventListener('submit', logIn);
$('code-form').addEventListener('submit', logInByCode);
$('set-password').addEventListener('submit', setPassword);
$('send-code').addEventListener('click', sendCode);
$('tab-password').addEventListener('click', () => choose('password'));
$('tab-code').addEventListener('click', () => choose('code'));
$('use-code').addEventListener('click', () => {
  choose('code');
  $('code-who').value = $('login').value.trim();
  $('send-code').focus();
});

page({
  access: 'public',
  start(me) {
    tabsByKeys($('login-tabs'));
    if (location.hash === '#code') choose('code');
    // logged in already: on, unless a password is still to be chosen
    if (me && !me.must_change_password) location.replace(landing(me));
    else if (me) loggedInAs(me);
  },
  lang() {
    if (loggedIn) $('set-why').textContent = t(loggedIn.password_set ? 'login.set.why.admin' : 'login.set.why.walkin');
    if (!$('send-code').disabled) $('send-code').textContent = t($('code-sent').hidden ? 'login.code.send' : 'login.code.again');
  },
});
