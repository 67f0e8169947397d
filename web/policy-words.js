// A policy's rules in words, for the public policy library, the enterprise's benefits and the
// officers' editor: the eligibility rule (JsonLogic over the entity's record, docs/policies.md)
// as a list of conditions ("从业人数 ≥ 20", "认定标签包含“高新技术企业”"), and a benefit's
// explanation — the steps GET /api/v1/me/benefits gives, each a comparison with its evaluated
// operands at a JSON pointer of the rule — as "符合：从业人数 35 ≥ 20" or "不符合：从业人数 12 < 20".
// Needs i18n.js (t) and nothing else.
'use strict';

const RULE_FIELDS = ['uscc', 'name', 'kind', 'scale', 'employees', 'industry', 'industry_division', 'region', 'labels',
  'label_codes', 'capital_fen', 'revenue_fen', 'rd_ratio_bp', 'established', 'age_years', 'credit', 'status'];
const COMPARISONS = { '==': '=', '===': '=', '!=': '≠', '!==': '≠', '>': '>', '>=': '≥', '<': '<', '<=': '≤' };
const ARITHMETIC = { '+': '+', '-': '−', '*': '×', '/': '÷' };
// the comparison that holds when op does not: a failed "≥" reads as "<"
const NEGATED = { '=': '≠', '≠': '=', '>': '≤', '≥': '<', '<': '≥', '≤': '>' };

const isVar = (x) => x && typeof x === 'object' && !Array.isArray(x) && 'var' in x;
const varName = (x) => (Array.isArray(x.var) ? x.var[0] : x.var);
function fieldLabel(name) {
  return RULE_FIELDS.includes(name) ? t(`pol.field.${name}`) : String(name);
}
function operandText(x) {
  if (isVar(x)) return fieldLabel(varName(x));
  if (Array.isArray(x)) return x.map(operandText).join('、');
  if (typeof x === 'string') return x;
  if (x && typeof x === 'object') return JSON.stringify(x);
  return String(x);
}
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
  if (COMPARISONS[op] && args.length === 3) {
    return [t('pol.cond.between', { field: operandText(args[1]), lo: operandText(args[0]), hi: operandText(args[2]) })];
  }
  if (COMPARISONS[op]) return [args.map(operandText).join(` ${COMPARISONS[op]} `)];
  if (ARITHMETIC[op]) return [args.map((a) => (opOf(a) && !isVar(a) ? `(${describeRule(a).flat(Infinity).join(' ')})` : operandText(a))).join(` ${ARITHMETIC[op]} `)];
  if (op === 'in' && args.length === 2) {
    if (isVar(args[1])) return [t('pol.cond.has', { field: operandText(args[1]), value: operandText(args[0]) })];
    if (isVar(args[0]) && Array.isArray(args[1])) return [t('pol.cond.in.list', { field: operandText(args[0]), values: operandText(args[1]) })];
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
    const label = operands.map((o) => (isVar(o) ? fieldLabel(varName(o)) : null)).find(Boolean);
    const value = (v) => (Array.isArray(v) ? `[${v.join('、')}]` : String(v));
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

// A grant's period: "once" in words, a year as it is.
const periodText = (period) => (period === 'once' ? t('pol.recur.once') : period);
