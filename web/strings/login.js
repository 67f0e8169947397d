// The strings of the login page (login.html).
'use strict';

addStrings({
  'zh-CN': {
    'login.demo.applicant': '申请人演示账号：身份证号 370202199003071233（张三）或统一社会信用代码 91370202MA3CXK7TXN，密码 yiwang2026',
    'login.title': '登录',
    'login.login': '账号',
    'login.login.hint': '工作人员用户名、身份证号码或统一社会信用代码',
    'login.password': '密码',
    'login.submit': '登录',
    'login.busy': '正在登录…',
    'login.demo': '演示账号：clerk（窗口人员）、officer、supervisor、admin，密码 yiwang2026',
    'portal.link': '不用登录，查找办事事项和“一件事”',
  },
  en: {
    'login.demo.applicant': 'Demo applicants: ID number 370202199003071233 (Zhang San) or USCC 91370202MA3CXK7TXN, password yiwang2026',
    'login.title': 'Log in',
    'login.login': 'Account',
    'login.login.hint': 'Staff user name, ID number or unified social credit code',
    'login.password': 'Password',
    'login.submit': 'Log in',
    'login.busy': 'Logging in…',
    'login.demo': 'Demo accounts: clerk, officer, supervisor, admin; password yiwang2026',
    'portal.link': 'Find services and one-thing bundles without logging in',
  },
});
