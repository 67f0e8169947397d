// A policy's rules in words, for the public policy library, the enterprise's benefits and the
// officers' editor: the eligibility rule (JsonLogic over the entity's record, docs/policies.md)
// as a list of conditions ("从业人数 ≥ 20", "认定标签包含“高新技术企业”"), and a benefit's
// explanation — the steps GET /api/v1/me/benefits gives, each a comparison with its evaluated
// operands at a JSON pointer of the rule — as "符合：从业人数 35 ≥ 20" or "不符合：从业人数 12 < 20".
// A value of the record is said in words too: a scale, kind, status or credit level as the
// registry says it (small → 小型), a label by its name, a region and an industry by their names
// (loadRuleWords() asks the server for those). Needs kit.js and strings/entity.js.
'use strict';

const RULE_FIELDS = ['uscc', 'name', 'kind', 'scale', 'employees', 'industry', 'industry_division', 'industry_section', 'region',
  'labels', 'label_codes', 'capital_fen', 'revenue_fen', 'rd_ratio_bp', 'established', 'age_years', 'credit', 'status'];
const COMPARISONS = { '==': '=', '===': '=', '!=': '≠', '!==': '≠', '>': '>', '>=': '≥', '<': '<', '<=': '≤' };
const ARITHMETIC = { '+': '+', '-': '−', '*': '×', '/': '÷' };
// the comparison that holds when op does not: a failed "≥" reads as "<"
const NEGATED = { '=': '≠', '≠': '=', '>': '≤', '≥': '<', '<': '≥', '≤': '>' };

// The words of a value of `field`: the registry's, else the value as the rule writes it.
const WORD_KEYS = { scale: 'reg.scale', kind: 'reg.kind', status: 'reg.status', credit: 'reg.credit', labels: 'reg.label',
  label_codes: 'reg.label' };
let industryNames = new Map(); // GB/T 4754 code → name
function valueText(field, v) {
  if (Array.isArray(v)) return v.map((x) => valueText(field, x)).join('、');
  if (WORD_KEYS[field]) return tOr(`${WORD_KEYS[field]}.${v}`, String(v));
  if (field === 'region') { const name = regionName(String(v)); return name === '—' ? String(v) : name; }
  if ((field === 'industry' || field === 'industry_division' || field === 'industry_section') && industryNames.has(String(v)))
    return industryNames.get(String(v));
  // amounts in fen said in 元, basis points in %
  if (typeof v === 'number' && /_fen$/.test(field || '')) return t('pol.yuan', { yuan: yuan(v) });
  if (typeof v === 'number' && field === 'rd_ratio_bp') return `${+(v / 100).toFixed(2)}%`;
  return typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v);
}

// The names of regions and industries for valueText(); once per page.
let ruleWords = null;
function loadRuleWords() {
  ruleWords ??= Promise.all([loadRegions(), api('GET', '/api/v1/industries')]).then(([, r]) => {
    if (r.status === 200) industryNames = new Map(r.body.industries.map((x) => [x.code, x.name]));
  });
  return ruleWords;
}

const isVar = (x) => x && typeof x === 'object' && !Array.isArray(x) && 'var' in x;
const varName = (x) => (Array.isArray(x.var) ? x.var[0] : x.var);
function fieldLabel(name) {
  return RULE_FIELDS.includes(name) ? t(`pol.field.${name}`) : String(name);
}
// An operand in words; a value as a value of `field` (the variable it is compared with).
function operandText(x, field) {
  if (isVar(x)) return fieldLabel(varName(x));
  if (opOf(x) === 'min' || opOf(x) === 'max') return describeRule(x).flat(Infinity).join(' ');
  if (Array.isArray(x)) return x.map((y) => operandText(y, field)).join('、');
  return valueText(field, x);
}
// The variable a node's operands compare with, if any.
const fieldOf = (args) => args.map((a) => (isVar(a) ? varName(a) : null)).find(Boolean);
const opOf = (node) => (node && typeof node === 'object' && !Array.isArray(node) ? Object.keys(node)[0] : null);

// One condition node in words; nested and/or/! become lists (an array of strings and arrays).
function describeRule(node) {
  const op = opOf(node);
  if (node === true) return [t('pol.cond.true')];
  if (!op || isVar(node)) return [operandText(node)];
  const args = Array.isArray(node[op]) ? node[op] : [node[op]];
  if (op === 'and' || op === 'or') {
    const parts = args.map((a) => describeRule(a));
    if (op === 'and') return parts.flat();
    return [t('pol.cond.any'), parts.map((p) => (p.length === 1 ? p[0] : p))];
  }
  if (op === '!' || op === 'not') return [t('pol.cond.not', { text: describeRule(args[0]).flat(Infinity).join('；') })];
  const field = fieldOf(args);
  if (COMPARISONS[op] && args.length === 3) {
    return [t('pol.cond.between', { field: operandText(args[1]), lo: operandText(args[0], field), hi: operandText(args[2], field) })];
  }
  if (COMPARISONS[op]) return [args.map((a) => operandText(a, field)).join(` ${COMPARISONS[op]} `)];
  if (op === 'min' || op === 'max') return [t(`pol.cond.${op}`, { values: args.map((a) => operandText(a, field)).join('、') })];
  if (ARITHMETIC[op]) return [args.map((a) => (opOf(a) && !isVar(a) ? `(${describeRule(a).flat(Infinity).join(' ')})` : operandText(a))).join(` ${ARITHMETIC[op]} `)];
  if (op === 'in' && args.length === 2) {
    if (isVar(args[1])) return [t('pol.cond.has', { field: operandText(args[1]), value: operandText(args[0], varName(args[1])) })];
    if (isVar(args[0]) && Array.isArray(args[1])) return [t('pol.cond.in.list', { field: operandText(args[0]), values: operandText(args[1], varName(args[0])) })];
  }
  return [`${op}(${args.map(operandText).join(', ')})`];
}

// The list above as nested <ul> elements.
function ruleList(node, className = 'conditions') {
  const build = (items) => {
    const ul = document.createElement('ul');
    ul.className = className;
    for (const item of items) {
      const li = document.createElement('li');
      if (Array.isArray(item)) li.append(build(item)); else li.textContent = item;
      ul.append(li);
    }
    return ul;
  };
  return build(describeRule(node));
}

// The node of `rule` at the JSON pointer (/and/1), or undefined.
function ruleAt(rule, pointer) {
  let node = rule;
  for (const part of (pointer || '').split('/').slice(1)) {
    const op = opOf(node);
    if (node && typeof node === 'object' && !Array.isArray(node) && part === op) node = node[op];
    else if (Array.isArray(node)) node = node[Number(part)];
    else return undefined;
  }
  return node;
}

// The comparisons of a benefit's explanation in words, each {ok, text}: "从业人数 35 ≥ 20".
function explainSteps(rule, steps) {
  const out = [];
  for (const s of steps || []) {
    if (!s.args) continue;
    const node = ruleAt(rule, s.pointer);
    const operands = node ? [].concat(node[opOf(node)]) : [];
    const ok = s.value === true || (s.value !== false && s.value !== null && s.value !== 0 && s.value !== '');
    const field = fieldOf(operands);
    const label = field ? fieldLabel(field) : null;
    const value = (v) => (Array.isArray(v) ? `[${valueText(field, v)}]` : valueText(field, v));
    let text;
    if (COMPARISONS[s.op] && s.args.length === 2) {
      const shown = ok ? COMPARISONS[s.op] : NEGATED[COMPARISONS[s.op]];
      text = `${value(s.args[0])} ${shown} ${value(s.args[1])}`;
    } else if (s.op === 'in' && s.args.length === 2) {
      text = `${value(s.args[0])} ${ok ? '∈' : '∉'} ${value(s.args[1])}`;
    } else {
      text = `${s.op}(${s.args.map(value).join(', ')})`;
    }
    out.push({ ok, pointer: s.pointer, text: `${t(ok ? 'pol.ok' : 'pol.not')}：${label ? `${label} ` : ''}${text}` });
  }
  return out;
}

const yuan = (fen) => (Number(fen) / 100).toFixed(2);

// The amount of a policy in words: a fixed number, or the rule described.
function amountText(p) {
  const fixed = typeof p.amount === 'number' ? p.amount
    : opOf(p.amount) === '+' && Array.isArray(p.amount['+']) && p.amount['+'].length === 1 && typeof p.amount['+'][0] === 'number'
      ? p.amount['+'][0] : null;
  const text = fixed !== null ? t('pol.amount.fixed', { yuan: yuan(fixed) })
    : t('pol.amount.rule', { text: describeRule(p.amount).flat(Infinity).join(' ') });
  return text + (p.cap_fen ? t('pol.cap', { yuan: yuan(p.cap_fen) }) : '');
}

// A grant's period in words: 一次性, or the year's (2026年度).
const periodText = (period) => (period === 'once' ? t('pol.recur.once') : /^\d{4}$/.test(period) ? t('pol.period.year', { year: period }) : period);
