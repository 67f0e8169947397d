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
    'wb.tasks': '我的待办',
    'wb.tasks.empty': '暂无待办事项',
    'wb.cases': '办件',
    'wb.tickets': '12345 工单',
    'wb.ledger': '督查台账',
    'wb.ledger.hint': '导入行动计划，跟踪每项措施',
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
    'ledger.title': '督查台账',
    'ledger.back': '返回工作台',
    'ledger.tab.mine': '我的措施',
    'ledger.tab.list': '台账',
    'ledger.tab.import': '导入计划',
    'ledger.tab.units': '单位对应',
    'ledger.tab.report': '月度调度',
    'ledger.import.file': '计划文件（UTF-8 文本）',
    'ledger.import.year': '计划年度',
    'ledger.import.preview': '预览',
    'ledger.import.save': '保存到台账',
    'ledger.import.saved': '已保存到台账',
    'ledger.import.counts': '共 {sections} 个部分、{measures} 项措施、{deadlines} 个时限；{units} 个单位，其中 {unmatched} 个未对应到部门',
    'ledger.import.unplaced': '未归入措施的文字',
    'ledger.import.notutf8': '文件不是 UTF-8 编码，请先转换（例如 iconv -f GBK -t UTF-8）',
    'ledger.import.binary': '这不是文本文件',
    'ledger.import.nofile': '请选择计划文件',
    'ledger.col.number': '序号',
    'ledger.col.section': '部分',
    'ledger.col.title': '措施',
    'ledger.col.lead': '牵头单位',
    'ledger.col.resp': '责任单位',
    'ledger.col.due': '时限',
    'ledger.col.status': '状态',
    'ledger.col.percent': '进度',
    'ledger.col.overdue': '逾期工作日',
    'ledger.filter.unit': '单位',
    'ledger.filter.status': '状态',
    'ledger.filter.section': '部分',
    'ledger.filter.all': '全部',
    'ledger.filter.apply': '筛选',
    'ledger.units.unit': '文件中的单位名称',
    'ledger.units.dept': '对应部门',
    'ledger.units.map': '对应',
    'ledger.units.mapped': '已对应，更新 {n} 条',
    'ledger.units.none': '所有单位都已对应到部门',
    'ledger.units.choose': '选择部门…',
    'ledger.report.month': '月份',
    'ledger.report.show': '生成',
    'ledger.report.csv': '下载 CSV',
    'ledger.report.xlsx': '下载 Excel',
    'ledger.report.total': '合计',
    'ledger.report.change': '较上月',
    'ledger.progress.title': '报送进展',
    'ledger.progress.date': '日期',
    'ledger.progress.status': '状态',
    'ledger.progress.percent': '完成百分比',
    'ledger.progress.text': '进展情况',
    'ledger.progress.evidence': '佐证材料',
    'ledger.progress.submit': '报送',
    'ledger.progress.saved': '进展已报送',
    'ledger.progress.history': '历次进展',
    'ledger.mine.empty': '本部门暂无台账措施',
    'ledger.list.empty': '没有符合条件的措施',
    'ledger.targets.title': '量化目标',
    'ledger.targets.name': '指标名称',
    'ledger.targets.unit': '单位',
    'ledger.targets.target': '目标值',
    'ledger.targets.add': '添加目标',
    'ledger.targets.value': '本期数值',
    'ledger.targets.record': '记录',
    'ledger.targets.due': '目标 {target}{unit}，{due} 前',
    'status.not_started': '未启动',
    'status.in_progress': '推进中',
    'status.done': '已完成',
    'status.cancelled': '已取消',
    'status.overdue': '逾期',
    'status.at_risk': '临期',
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
    'wb.tasks': 'My tasks',
    'wb.tasks.empty': 'Nothing to do',
    'wb.cases': 'Cases',
    'wb.tickets': '12345 tickets',
    'wb.ledger': 'Plan ledger',
    'wb.ledger.hint': 'Import action plans, follow every measure',
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
    'ledger.title': 'Plan ledger',
    'ledger.back': 'Back to the workbench',
    'ledger.tab.mine': 'My measures',
    'ledger.tab.list': 'Ledger',
    'ledger.tab.import': 'Import a plan',
    'ledger.tab.units': 'Units',
    'ledger.tab.report': 'Monthly dispatch',
    'ledger.import.file': 'Plan file (UTF-8 text)',
    'ledger.import.year': 'Plan year',
    'ledger.import.preview': 'Preview',
    'ledger.import.save': 'Save to the ledger',
    'ledger.import.saved': 'Saved to the ledger',
    'ledger.import.counts': '{sections} sections, {measures} measures, {deadlines} deadlines; {units} units, {unmatched} not matched to a department',
    'ledger.import.unplaced': 'Text not placed in a measure',
    'ledger.import.notutf8': 'The file is not UTF-8; convert it first (e.g. iconv -f GBK -t UTF-8)',
    'ledger.import.binary': 'This is not a text file',
    'ledger.import.nofile': 'Choose a plan file',
    'ledger.col.number': 'No.',
    'ledger.col.section': 'Section',
    'ledger.col.title': 'Measure',
    'ledger.col.lead': 'Lead units',
    'ledger.col.resp': 'Responsible units',
    'ledger.col.due': 'Due',
    'ledger.col.status': 'Status',
    'ledger.col.percent': 'Progress',
    'ledger.col.overdue': 'Working days overdue',
    'ledger.filter.unit': 'Unit',
    'ledger.filter.status': 'Status',
    'ledger.filter.section': 'Section',
    'ledger.filter.all': 'All',
    'ledger.filter.apply': 'Filter',
    'ledger.units.unit': 'Unit as the plan names it',
    'ledger.units.dept': 'Department',
    'ledger.units.map': 'Map',
    'ledger.units.mapped': 'Mapped; {n} updated',
    'ledger.units.none': 'Every unit is matched to a department',
    'ledger.units.choose': 'Choose a department…',
    'ledger.report.month': 'Month',
    'ledger.report.show': 'Show',
    'ledger.report.csv': 'Download CSV',
    'ledger.report.xlsx': 'Download Excel',
    'ledger.report.total': 'Total',
    'ledger.report.change': 'vs last month',
    'ledger.progress.title': 'Report progress',
    'ledger.progress.date': 'Date',
    'ledger.progress.status': 'Status',
    'ledger.progress.percent': 'Percent done',
    'ledger.progress.text': 'What was done',
    'ledger.progress.evidence': 'Evidence files',
    'ledger.progress.submit': 'Report',
    'ledger.progress.saved': 'Progress reported',
    'ledger.progress.history': 'Reports so far',
    'ledger.mine.empty': 'Your department has no measures on the ledger',
    'ledger.list.empty': 'No measures match',
    'ledger.targets.title': 'Measurable targets',
    'ledger.targets.name': 'Indicator',
    'ledger.targets.unit': 'Unit',
    'ledger.targets.target': 'Target',
    'ledger.targets.add': 'Add target',
    'ledger.targets.value': 'Value',
    'ledger.targets.record': 'Record',
    'ledger.targets.due': 'target {target}{unit} by {due}',
    'status.not_started': 'Not started',
    'status.in_progress': 'In progress',
    'status.done': 'Done',
    'status.cancelled': 'Cancelled',
    'status.overdue': 'Overdue',
    'status.at_risk': 'At risk',
  },
};

function currentLang() {
  const saved = localStorage.getItem('yw.lang');
  return saved && MESSAGES[saved] ? saved : 'zh-CN';
}

// The message of key in the current language, with {name} replaced from vars.
function t(key, vars) {
  const lang = currentLang();
  const text = MESSAGES[lang][key] ?? MESSAGES['zh-CN'][key] ?? key;
  return vars ? text.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m)) : text;
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
  // errors come back in the page's language
  const init = { method, headers: { 'accept-language': currentLang() }, credentials: 'same-origin' };
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
