// The policy editor's server side and the payment file: a rule naming a field the registry does
// not have (credit_rating) is refused with the pointer of the node, so is a value of the wrong
// type or one the field never takes; the registry's fields are listed with their Chinese names
// and units; amounts are taken in 元 (budget_yuan …) exactly; the registry keeps each entity's
// bank and account, whole for those who keep it and masked for other staff; a payment gets a
// voucher number (BF, the day, a serial) that no other payment has; the payment file in Chinese
// carries the bank, the account and the voucher.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { req, login, assertError, uscc } from './lib.mjs';
import { readXlsx } from '../xlsx.mjs';

const run = Date.now().toString(36).toUpperCase();
const year = new Date().getFullYear();
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const newUscc = () => uscc('91370211', Array.from({ length: 8 }, () => ALPHABET[Math.floor(Math.random() * 31)]).join(''));
const policy = (code, extra = {}) => ({
  code, title: `拨付测试 ${code}`, department: 'QD-GXJ', basis: '青工信字〔2026〕98号',
  valid_from: `${year}-01-01`, valid_to: `${year}-12-31`, mode: 'auto',
  eligibility: { '>=': [{ var: 'employees' }, 1] }, amount_fen: 1000000, budget_fen: 100000000, recurrence: 'once', ...extra,
});
const refused = (r, reason, field) => {
  const e = assertError(r, 422, 'invalid', field);
  assert.equal(e.reason, reason, r.text);
  return e;
};

test('the registry\'s fields, with their Chinese names and units', async () => {
  const r = await req('GET', '/api/v1/entity-fields');
  assert.equal(r.status, 200, r.text);
  const by = Object.fromEntries(r.json.fields.map((f) => [f.name, f]));
  assert.deepEqual([by.capital_fen.zh, by.capital_fen.unit_zh, by.capital_fen.per_unit, by.capital_fen.type], ['注册资本', '元', 100, 'number']);
  assert.deepEqual([by.employees.zh, by.employees.unit_zh], ['从业人数', '人']);
  assert.deepEqual([by.age_years.unit_zh, by.credit.unit_zh], ['年', '级']);
  assert.deepEqual(by.scale.values, ['micro', 'small', 'medium', 'large']);
  assert.equal(by.industry_section.values.length, 20);
  assert.equal(by.labels.type, 'list');
  assert.equal(by.credit_rating, undefined);
});

test('a rule reading a field the registry does not have is refused, naming the node; so is a wrong value', async () => {
  const gxj = await login('officer-gxj');
  const code = `PAY-${run}-R`;
  const save = (extra) => req('POST', '/api/v1/policies', { token: gxj, body: policy(code, extra) });
  const preview = (eligibility) => req('POST', '/api/v1/policies/preview', { token: gxj, body: { eligibility } });
  // today's mistake: credit_rating was accepted and matched nothing
  const unknown = { and: [{ '>=': [{ var: 'employees' }, 1] }, { '==': [{ var: 'credit_rating' }, 'A'] }] };
  let e = refused(await save({ eligibility: unknown }), 'rule_field_unknown', '/eligibility/and/1/==/0');
  assert.equal(e.message, '规则“/eligibility/and/1/==/0”处：市场主体库没有“credit_rating”这一字段');
  refused(await preview(unknown), 'rule_field_unknown', '/eligibility/and/1/==/0');
  refused(await save({ amount_fen: undefined, amount: { '*': [{ var: 'staff' }, 100] } }), 'rule_field_unknown', '/amount/*/0');
  refused(await save({ eligibility: { missing: ['employees', 'headcount'] } }), 'rule_field_unknown', '/eligibility');
  // a number compared with text, a code the field never takes, a label nobody has
  e = refused(await save({ eligibility: { '>=': [{ var: 'capital_fen' }, '一百万'] } }), 'rule_field_type', '/eligibility/>=/1');
  assert.equal(e.message, '规则“/eligibility/>=/1”处：注册资本应与数字比较，不能与"一百万"比较');
  refused(await save({ eligibility: { '==': [{ var: 'scale' }, 'huge'] } }), 'rule_field_value', '/eligibility/==/1');
  refused(await preview({ in: ['金牌企业', { var: 'labels' }] }), 'rule_field_value', '/eligibility/in/0');
  refused(await preview({ in: [{ var: 'industry_section' }, ['C', 'Z']] }), 'rule_field_value', '/eligibility/in/1/1');
  const en = await req('POST', '/api/v1/policies/preview', { token: gxj, body: { eligibility: unknown }, headers: { 'accept-language': 'en' } });
  assert.equal(assertError(en, 422, 'invalid').message, 'at /eligibility/and/1/==/0 the rule reads credit_rating, a field the registry does not have');
  // nothing was saved
  assert.equal((await req('GET', `/api/v1/policies/${code}`, { token: gxj })).status, 404);
  // what the editor builds: fields it has, values they take; inside an iteration `var` reads the item
  const built = { and: [{ '>=': [{ var: 'capital_fen' }, 100000000] },
    { or: [{ in: [{ var: 'industry_section' }, ['C']] }, { '!': { '==': [{ var: 'status' }, 'abnormal'] } }] },
    { some: [{ var: 'labels' }, { '==': [{ var: '' }, '高新技术企业'] }] }] };
  const ok = await preview(built);
  assert.equal(ok.status, 200, ok.text);
  assert.equal((await save({ eligibility: built })).status, 201);
});

test('amounts in 元: exact to the fen, refused naming the field otherwise', async () => {
  const gxj = await login('officer-gxj');
  const code = `PAY-${run}-Y`;
  const body = policy(code, { amount_fen: undefined, budget_fen: undefined, amount_yuan: '2500.5', budget_yuan: '1000000.01', cap_yuan: '3000' });
  refused(await req('POST', '/api/v1/policies', { token: gxj, body: { ...body, budget_yuan: '1.234' } }), 'field_format', 'budget_yuan');
  refused(await req('POST', '/api/v1/policies', { token: gxj, body: { ...body, cap_yuan: '3,000' } }), 'field_format', 'cap_yuan');
  refused(await req('POST', '/api/v1/policies', { token: gxj, body: { ...body, budget_fen: 1 } }), 'policy_money_twice', 'budget_yuan');
  const r = await req('POST', '/api/v1/policies', { token: gxj, body });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.budget_fen, 100000001);
  assert.equal(r.json.cap_fen, 300000);
  assert.equal(r.json.amount, 250050);
});

// a new entity of the registry, with its bank, registered by the market regulator
async function register(officer, extra = {}) {
  const body = {
    uscc: newUscc(), name: `青岛拨付测试${run}${Math.floor(Math.random() * 1e6)}有限公司`, kind: 'company', legal_rep: '钱七',
    capital_fen: 500000000, industry: '3311', region: '370211', established_on: '2018-06-01', scale: 'small',
    employees: 20, revenue_fen: 100000000, rd_ratio_bp: 0, labels: [], credit: 'A',
    bank_name: '中国工商银行青岛黄岛支行', bank_account: '3803020109200123456', ...extra,
  };
  const r = await req('POST', '/api/v1/entities', { token: officer, body });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

test('the registry keeps the bank and the account: whole for the regulator and the enterprise, masked for other staff', async () => {
  const officer = await login('officer');
  const gxj = await login('officer-gxj');
  const e = await register(officer);
  assert.equal(e.bank_account, '3803020109200123456');
  const other = await req('GET', `/api/v1/entities/${e.uscc}`, { token: gxj });
  assert.equal(other.json.bank_name, '中国工商银行青岛黄岛支行');
  assert.equal(other.json.bank_account, '3803***********3456');
  assert.equal((await req('GET', `/api/v1/entities?q=${e.uscc}`, { token: gxj })).json.entities[0].bank_account, '3803***********3456');
  // its history keeps the account masked too
  const { uscc: u, ...fields } = { ...e, labels: [] };
  const keep = ['name', 'kind', 'legal_rep', 'capital_fen', 'industry', 'region', 'established_on', 'scale', 'employees',
    'revenue_fen', 'rd_ratio_bp', 'labels', 'credit'];
  const base = Object.fromEntries(keep.map((k) => [k, fields[k]]));
  const changed = await req('PUT', `/api/v1/entities/${u}`, { token: officer, body: { ...base, bank_name: '青岛银行城阳支行', bank_account: '802301099887766' } });
  assert.equal(changed.status, 200, changed.text);
  const history = (await req('GET', `/api/v1/entities/${u}`, { token: officer })).json.changes;
  assert.ok(history.some((c) => c.field === 'bank_account' && c.before === '3803***********3456' && c.after === '8023*******7766'), JSON.stringify(history));
  // a change that says nothing of the bank keeps it
  assert.equal((await req('PUT', `/api/v1/entities/${u}`, { token: officer, body: { ...base, employees: 21 } })).json.bank_account, '802301099887766');
  // refused, naming the field, and nothing changed
  refused(await req('PUT', `/api/v1/entities/${u}`, { token: officer, body: { ...base, bank_name: '青岛银行', bank_account: '6222-0000' } }), 'entity_account', 'bank_account');
  refused(await req('PUT', `/api/v1/entities/${u}`, { token: officer, body: { ...base, bank_name: '青岛银行' } }), 'entity_bank_pair', 'bank_account');
  assert.equal((await req('GET', `/api/v1/entities/${u}`, { token: officer })).json.bank_account, '802301099887766');
});

const xlsx = async (token, code, state) => readXlsx(Buffer.from(await (await fetch(
  `${process.env.YW_URL}/api/v1/policies/${code}/payments.xlsx${state ? `?state=${state}` : ''}`,
  { headers: { authorization: `Bearer ${token}` } })).arrayBuffer()));

test('the payment file in Chinese, with bank, account and a voucher number per payment, never given twice', async () => {
  const officer = await login('officer');
  const gxj = await login('officer-gxj');
  const code = `PAY-${run}-P`;
  const entities = [];
  for (let i = 0; i < 4; i++) entities.push(await register(officer, { employees: 300 + i }));
  const eligibility = { in: [{ var: 'uscc' }, entities.map((e) => e.uscc)] };
  assert.equal((await req('POST', '/api/v1/policies', { token: gxj, body: policy(code, { eligibility, amount_yuan: '12345.67', amount_fen: undefined }) })).status, 201);
  for (const e of entities) assert.equal((await req('POST', `/api/v1/entities/${e.uscc}/match`, { token: gxj })).status, 200);
  const grants = (await req('GET', `/api/v1/grants?policy=${code}&state=pending`, { token: gxj })).json.grants;
  assert.equal(grants.length, 4);
  for (const g of grants) assert.equal((await req('POST', `/api/v1/grants/${g.id}/approve`, { token: gxj })).status, 200);

  const todo = await xlsx(gxj, code);
  assert.equal(todo[0][0], `政策${code}待拨付清单（4笔，合计49382.68元）`);
  assert.deepEqual(todo[2], ['序号', '企业名称', '统一社会信用代码', '开户银行', '银行账号', '金额（元）', '凭证号', '政策名称', '批准日期', '拨付日期']);
  const first = todo.slice(3, 7).find((row) => row[2] === entities[0].uscc);
  const today = new Date(Date.now() + 8 * 3600000).toISOString().slice(0, 10);
  assert.deepEqual(Array.from({ length: 9 }, (_, i) => first[i + 1] ?? ''), [entities[0].name, entities[0].uscc, '中国工商银行青岛黄岛支行', '3803020109200123456',
    12345.67, '', `拨付测试 ${code}`, today, '']);
  assert.deepEqual([todo[7][0], todo[7][5]], ['合计', 49382.68]);
  refused(await req('GET', `/api/v1/policies/${code}/payments.xlsx?state=pending`, { token: gxj }), 'field_value', 'state');

  // four payments at once: four vouchers, each BF, the day and a serial, none twice
  const paid = await Promise.all(grants.map((g) => req('POST', `/api/v1/grants/${g.id}/pay`, { token: gxj })));
  for (const p of paid) assert.equal(p.status, 200, p.text);
  const vouchers = paid.map((p) => p.json.voucher);
  const day = today.replaceAll('-', '');
  for (const v of vouchers) assert.match(v, new RegExp(`^BF${day}\\d{6}$`));
  assert.equal(new Set(vouchers).size, 4);
  // paying again gives none: the grant is paid, its voucher stays
  const again = assertError(await req('POST', `/api/v1/grants/${grants[0].id}/pay`, { token: gxj }), 409, 'conflict');
  assert.equal(again.reason, 'grant_state');
  assert.equal((await req('GET', `/api/v1/grants/${grants[0].id}`, { token: gxj })).json.voucher, paid[0].json.voucher);

  assert.equal((await xlsx(gxj, code))[0][0], `政策${code}待拨付清单（0笔，合计0.00元）`);
  const done = await xlsx(gxj, code, 'paid');
  assert.equal(done[0][0], `政策${code}已拨付清单（4笔，合计49382.68元）`);
  const rows = done.slice(3, 7);
  assert.deepEqual(rows.map((r) => r[6]).sort(), [...vouchers].sort());
  for (const r of rows) assert.deepEqual([r[3], r[4], r[9]], ['中国工商银行青岛黄岛支行', '3803020109200123456', today]);
  const csv = await req('GET', `/api/v1/policies/${code}/payments.csv?state=paid`, { token: gxj });
  assert.match(csv.text.split('\r\n')[0], /,bank_name,bank_account,voucher,approved_on,paid_on$/);
  for (const v of vouchers) assert.ok(csv.text.includes(`,3803020109200123456,${v},${today},${today}`), csv.text);
});
