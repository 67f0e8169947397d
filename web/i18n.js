// The message table: every string the UI shows, in Simplified Chinese first and English second.
// Elements name their message with data-i18n (text) or data-i18n-placeholder; scripts call t().
'use strict';

const MESSAGES = {
  'zh-CN': {
    'app.name': '一网通办',
    'app.tagline': '高效办成一件事',
    'lang.switch': 'English',
    'login.title': '登录',
    'login.login': '账号',
    'login.login.hint': '工作人员用户名、身份证号码或统一社会信用代码',
    'login.password': '密码',
    'login.submit': '登录',
    'login.busy': '正在登录…',
    'login.demo': '演示账号：clerk（窗口人员）、officer、supervisor、admin，密码 yiwang2026',
    'login.failed': '登录失败',
    'error.network': '无法连接服务器，请稍后再试',
    'wb.title': '工作台',
    'wb.logout': '退出登录',
    'wb.department': '所属部门',
    'wb.roles': '角色',
    'wb.todo': '我的待办',
    'wb.todo.empty': '暂无待办事项',
    'wb.cases': '办件',
    'wb.tickets': '12345 工单',
    'wb.ledger': '督查台账',
    'wb.accounts': '账号管理',
    'wb.empty': '暂无内容',
    'wb.loading': '加载中…',
    'role.applicant': '申请人',
    'role.clerk': '窗口人员',
    'role.officer': '部门审批人员',
    'role.supervisor': '督查专班',
    'role.admin': '管理员',
    'kind.person': '自然人',
    'kind.enterprise': '法人',
    'kind.staff': '工作人员',
  },
  en: {
    'app.name': 'Yiwang One-Stop Services',
    'app.tagline': 'Get one thing done, efficiently',
    'lang.switch': '中文',
    'login.title': 'Log in',
    'login.login': 'Account',
    'login.login.hint': 'Staff user name, ID number or unified social credit code',
    'login.password': 'Password',
    'login.submit': 'Log in',
    'login.busy': 'Logging in…',
    'login.demo': 'Demo accounts: clerk, officer, supervisor, admin; password yiwang2026',
    'login.failed': 'Login failed',
    'error.network': 'Cannot reach the server; try again later',
    'wb.title': 'Workbench',
    'wb.logout': 'Log out',
    'wb.department': 'Department',
    'wb.roles': 'Roles',
    'wb.todo': 'My tasks',
    'wb.todo.empty': 'Nothing to do',
    'wb.cases': 'Cases',
    'wb.tickets': '12345 tickets',
    'wb.ledger': 'Plan ledger',
    'wb.accounts': 'Accounts',
    'wb.empty': 'Nothing here yet',
    'wb.loading': 'Loading…',
    'role.applicant': 'Applicant',
    'role.clerk': 'Window clerk',
    'role.officer': 'Department officer',
    'role.supervisor': 'Supervisor',
    'role.admin': 'Administrator',
    'kind.person': 'Person',
    'kind.enterprise': 'Enterprise',
    'kind.staff': 'Staff',
  },
};

function currentLang() {
  const saved = localStorage.getItem('yw.lang');
  return saved && MESSAGES[saved] ? saved : 'zh-CN';
}

function t(key) {
  const lang = currentLang();
  return MESSAGES[lang][key] ?? MESSAGES['zh-CN'][key] ?? key;
}

function applyMessages(root = document) {
  document.documentElement.lang = currentLang();
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-placeholder]')) el.placeholder = t(el.dataset.i18nPlaceholder);
  for (const el of root.querySelectorAll('[data-i18n-title]')) el.title = t(el.dataset.i18nTitle);
}

function toggleLang() {
  localStorage.setItem('yw.lang', currentLang() === 'zh-CN' ? 'en' : 'zh-CN');
  applyMessages();
  document.dispatchEvent(new Event('yw:lang'));
}

// Calls the JSON API; resolves to {status, body}. Errors of the API keep their shape
// {error: {code, message, field}}; a network failure becomes one of the same shape.
async function api(method, path, body) {
  const init = { method, headers: {}, credentials: 'same-origin' };
  if (body !== undefined) {
    init.headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(path, init);
  } catch {
    return { status: 0, body: { error: { code: 'network', message: t('error.network') } } };
  }
  const text = await res.text();
  let parsed = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = { error: { code: 'bad_response', message: text.slice(0, 200) } };
  }
  return { status: res.status, body: parsed };
}
