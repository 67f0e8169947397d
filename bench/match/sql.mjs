// JsonLogic → SQL for the match sweep's peers (DuckDB and SQLite), for the operators the sweep's
// rules use: and, or, !, ==, !=, <, <=, >, >=, in, var over the record's members (COLUMNS).
// JsonLogic's semantics are kept for the types present: a number against a numeric column, a
// string against a text column (compared as strings, as JavaScript does: "13" <= "39" <= "43"),
// `in` of a literal label in the labels array (strict equality per element), a column `in` a
// literal array (strict: elements of another type never match), a literal string `in` a text
// column (substring), `<`/`<=` with three arguments (between), truthiness of a bare value. A
// rule outside that (a string against a numeric column, arithmetic, …) is refused with an
// error rather than translated approximately.
//
// Labels: DuckDB keeps them as VARCHAR[] (list_contains); SQLite as text '|a|b|' (instr of
// '|name|'), empty entities as '||'. Every column is NOT NULL in both tables (the loaders make
// it so), so SQL's three-valued logic never differs from JsonLogic's two.
//
// usage as a module: toSql(rule, 'duckdb' | 'sqlite') → SQL boolean expression
//        node bench/match/sql.mjs [policies.json]   self-check, then translates every rule

export const COLUMNS = {
  uscc: 'text', kind: 'text', scale: 'text', employees: 'number', industry: 'text',
  industry_division: 'text', region: 'text', labels: 'labels', capital_fen: 'number',
  revenue_fen: 'number', rd_ratio_bp: 'number', age_years: 'number', credit: 'text', status: 'text',
};

const isOp = x => x !== null && typeof x === 'object' && !Array.isArray(x);
const args = a => (Array.isArray(a) ? a : [a]);
const quote = s => `'${s.replace(/'/g, "''")}'`;

function fail(msg, node) { throw new Error(`sql: ${msg}: ${JSON.stringify(node)}`); }

function opOf(node) {
  const keys = Object.keys(node);
  if (keys.length !== 1) fail('an operation has exactly one key', node);
  return keys[0];
}

// a column reference or a literal: { sql, type } with type number|text|labels|bool|null|array
function operand(node, d) {
  if (isOp(node)) {
    const op = opOf(node);
    if (op !== 'var') return { sql: bool(node, d), type: 'bool' };
    const name = args(node.var)[0];
    if (args(node.var).length > 1) fail('var with a default is not translated', node);
    if (!(name in COLUMNS)) fail(`no column ${name}`, node);
    return { sql: name, type: COLUMNS[name], column: name };
  }
  if (typeof node === 'number') {
    if (!Number.isFinite(node)) fail('not a finite number', node);
    return { sql: String(node), type: 'number', value: node };
  }
  if (typeof node === 'string') return { sql: quote(node), type: 'text', value: node };
  if (typeof node === 'boolean') return { sql: node ? 'TRUE' : 'FALSE', type: 'bool', value: node };
  if (Array.isArray(node)) return { type: 'array', value: node };
  fail('unsupported value', node);
}

// JsonLogic truthiness of a value as an SQL boolean
function truthy(o, d) {
  switch (o.type) {
    case 'bool': return o.sql;
    case 'number': return o.column ? `(${o.sql} <> 0)` : (o.value !== 0 ? 'TRUE' : 'FALSE');
    case 'text': return o.column ? `(${o.sql} <> '')` : (o.value !== '' ? 'TRUE' : 'FALSE');
    case 'labels': return d === 'duckdb' ? `(len(${o.sql}) > 0)` : `(${o.sql} <> '||')`;
    case 'array': return o.value.length ? 'TRUE' : 'FALSE';
  }
  fail('no truthiness for', o);
}

// a numeric string literal against a numeric column is converted as JavaScript converts it;
// anything else of two different types is refused
function comparable(a, b, node) {
  const fix = (x, other) => (x.type === 'text' && !x.column && other.type === 'number' && x.value.trim() !== '' &&
    Number.isFinite(Number(x.value)) ? { sql: String(Number(x.value)), type: 'number', value: Number(x.value) } : x);
  a = fix(a, b); b = fix(b, a);
  if (a.type !== b.type || !['number', 'text'].includes(a.type)) fail('comparison of unlike or unsupported types', node);
  return [a, b];
}

function compare(op, x, y, node, d) {
  const [a, b] = comparable(operand(x, d), operand(y, d), node);
  return `(${a.sql} ${op} ${b.sql})`;
}

function bool(node, d) {
  if (!isOp(node)) return truthy(operand(node, d), d);
  const op = opOf(node);
  const a = args(node[op]);
  switch (op) {
    case 'var': return truthy(operand(node, d), d);
    case 'and': case 'or':
      if (!a.length) fail(`${op} of nothing`, node);
      return a.length === 1 ? bool(a[0], d) : `(${a.map(x => bool(x, d)).join(op === 'and' ? ' AND ' : ' OR ')})`;
    case '!': return `(NOT ${bool(a[0], d)})`;
    case '==': case '!=':
      if (a.length !== 2) fail(`${op} takes two arguments`, node);
      return compare(op === '==' ? '=' : '<>', a[0], a[1], node, d);
    case '<': case '<=':
      if (a.length === 3) return `(${compare(op, a[0], a[1], node, d)} AND ${compare(op, a[1], a[2], node, d)})`;
    // fallthrough
    case '>': case '>=':
      if (a.length !== 2) fail(`${op} takes two arguments here`, node);
      return compare(op, a[0], a[1], node, d);
    case 'in': {
      if (a.length !== 2) fail('in takes two arguments', node);
      const needle = operand(a[0], d), hay = operand(a[1], d);
      if (hay.type === 'labels') {
        if (needle.column || needle.type !== 'text') fail('only a literal label is looked up in labels', node);
        return d === 'duckdb' ? `list_contains(labels, ${needle.sql})` : `(instr(labels, ${quote('|' + needle.value + '|')}) > 0)`;
      }
      if (hay.type === 'array') {
        if (!needle.column || !['number', 'text'].includes(needle.type)) fail('only a column is looked up in a literal array', node);
        const same = hay.value.filter(v => typeof v === (needle.type === 'number' ? 'number' : 'string'));
        if (!same.length) return 'FALSE';
        return `(${needle.sql} IN (${same.map(v => operand(v, d).sql).join(', ')}))`;
      }
      if (hay.type === 'text' && hay.column && needle.type === 'text' && !needle.column)
        return `(instr(${hay.sql}, ${needle.sql}) > 0)`;
      fail('unsupported in', node);
    }
  }
  fail(`operator ${op} is not translated`, node);
}

export function toSql(rule, dialect) {
  if (dialect !== 'duckdb' && dialect !== 'sqlite') throw new Error(`sql: no dialect ${dialect}`);
  return bool(rule, dialect);
}

// ---- self-check -------------------------------------------------------------------------------
function selfCheck() {
  const cases = [
    [{ in: ['高新技术企业', { var: 'labels' }] }, "list_contains(labels, '高新技术企业')", "(instr(labels, '|高新技术企业|') > 0)"],
    [{ '<=': ['13', { var: 'industry_division' }, '43'] },
      "(('13' <= industry_division) AND (industry_division <= '43'))", null],
    [{ and: [{ in: [{ var: 'scale' }, ['micro', 'small', 3]] }, { '!': { '==': [{ var: 'credit' }, "A'"] } }] },
      "((scale IN ('micro', 'small')) AND (NOT (credit = 'A''')))", null],
    [{ '>=': [{ var: 'revenue_fen' }, '2000000000'] }, '(revenue_fen >= 2000000000)', null],
    [{ in: [{ var: 'employees' }, ['1', '2']] }, 'FALSE', null],
    [{ or: [{ var: 'employees' }, { '!': [{ var: 'labels' }] }] }, '((employees <> 0) OR (NOT (len(labels) > 0)))',
      "((employees <> 0) OR (NOT (labels <> '||')))"],
    [{ in: ['9137', { var: 'uscc' }] }, "(instr(uscc, '9137') > 0)", null],
  ];
  for (const [rule, duck, lite] of cases) {
    const got = [toSql(rule, 'duckdb'), toSql(rule, 'sqlite')];
    const want = [duck, lite ?? duck];
    for (let i = 0; i < 2; i++)
      if (got[i] !== want[i]) throw new Error(`sql self-check: ${JSON.stringify(rule)}\n got  ${got[i]}\n want ${want[i]}`);
  }
  for (const bad of [{ '==': [{ var: 'employees' }, 'many'] }, { '<': [{ var: 'industry_division' }, 13] },
    { '+': [1, 2] }, { '>': [1, { var: 'employees' }, 3] }, { in: [{ var: 'kind' }, { var: 'labels' }] }]) {
    let refused = false;
    try { toSql(bad, 'duckdb'); } catch { refused = true; }
    if (!refused) throw new Error(`sql self-check: ${JSON.stringify(bad)} should be refused`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { readFileSync } = await import('node:fs');
  selfCheck();
  const file = process.argv[2] ?? new URL('policies.json', import.meta.url).pathname;
  const rules = JSON.parse(readFileSync(file, 'utf8'));
  for (const r of rules) { toSql(r.eligibility, 'duckdb'); toSql(r.eligibility, 'sqlite'); }
  console.log(`sql: self-check passed; ${rules.length} rules of ${file} translate for duckdb and sqlite`);
  if (process.env.SQL_SHOW) for (const r of rules.slice(0, Number(process.env.SQL_SHOW))) console.log(r.code, toSql(r.eligibility, 'sqlite'));
}
