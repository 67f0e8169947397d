// Generates the match sweep's 200 eligibility rules (bench/match/policies.json) from the 33 demo
// policies (data/demo-policies.json): rule i is a variant of demo policy i % 33; variant 0 is
// the demo rule itself, the others vary what a city's departments vary between programmes —
// thresholds, the label that qualifies, the industry division range, the scale and credit
// sets, the kind of entity — and restrict some to districts (GB/T 2260 codes of Qingdao's
// districts from data/gbt2260-regions.tsv) or to active entities. Deterministic: the same
// inputs give the same file. Operators used: and, or, !, ==, !=, <, <=, >, >=, in, var.
// usage: node bench/match/policies.mjs [OUT.json]   (default bench/match/policies.json)
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const out = process.argv[2] ?? join(here, 'policies.json');
const COUNT = 200;

const demo = JSON.parse(readFileSync(join(root, 'data/demo-policies.json'), 'utf8'));
const districts = readFileSync(join(root, 'data/gbt2260-regions.tsv'), 'utf8').split('\n')
  .map(l => l.split('\t')).filter(f => f[2] === '370200').map(f => f[0]);
if (districts.length < 6) throw new Error('no Qingdao districts in data/gbt2260-regions.tsv');
const cities = districts.filter(c => c.startsWith('3702') && Number(c.slice(4)) >= 81); // 胶州 平度 莱西

const LABELS = ['专精特新中小企业', '专精特新小巨人', '制造业单项冠军', '高新技术企业',
  '科技型中小企业', '瞪羚企业', '独角兽企业', '雏鹰企业'];
const SCALE_SETS = [['micro', 'small'], ['micro', 'small', 'medium'], ['small', 'medium'],
  ['medium', 'large'], ['small', 'medium', 'large'], ['micro']];
const CREDIT_SETS = [['A'], ['A', 'B'], ['A', 'B', 'C']];
const KINDS = ['company', 'individual_business', 'cooperative', 'branch'];
// industry division ranges of real programmes: all manufacturing (C 13–43), equipment (33–40),
// consumer goods (13–24), materials (25–32), mining+manufacturing (06–43)
const DIV_RANGES = [['13', '43'], ['33', '40'], ['13', '24'], ['25', '32'], ['06', '43']];
const DIV_SETS = [['51', '52'], ['63', '64', '65'], ['61', '62'], ['54', '58', '59'], ['70', '71', '72'],
  ['73', '74', '75'], ['83', '84'], ['53', '54', '55', '56', '57', '58', '59', '60']];
const FACTORS = [1, 0.5, 2, 1.5, 0.8, 3, 0.25];

const isVar = (x, name) => x && typeof x === 'object' && !Array.isArray(x) && x.var === name;
const varName = x => (x && typeof x === 'object' && !Array.isArray(x) && typeof x.var === 'string') ? x.var : null;
const rotate = (list, cur, by) => {
  const i = list.findIndex(e => JSON.stringify(e) === JSON.stringify(cur));
  return list[((i < 0 ? 0 : i) + by) % list.length];
};
function scaleNum(n, f, name) {
  const x = n * f;
  if (name === 'age_years' || name === 'employees') return Math.max(1, Math.round(x));
  if (name === 'rd_ratio_bp') return Math.max(50, Math.round(x / 50) * 50);
  if (x >= 1e6) { const p = 10 ** (Math.floor(Math.log10(x)) - 1); return Math.round(x / p) * p; } // 2 significant digits
  return Math.round(x);
}
const STRICT = { '>=': '>', '<=': '<', '>': '>=', '<': '<=' };

function vary(node, v, i) {
  if (Array.isArray(node)) return node.map(e => vary(e, v, i));
  if (!node || typeof node !== 'object') return node;
  const [op] = Object.keys(node);
  let a = node[op];
  if (op === 'var') return node;
  if (op === 'in' && Array.isArray(a) && typeof a[0] === 'string' && isVar(a[1], 'labels'))
    return { in: [v % 2 ? rotate(LABELS, a[0], v) : a[0], a[1]] };
  if (op === 'in' && Array.isArray(a) && Array.isArray(a[1])) {
    const name = varName(a[0]);
    if (name === 'scale') return { in: [a[0], rotate(SCALE_SETS, a[1], v)] };
    if (name === 'credit') return { in: [a[0], rotate(CREDIT_SETS, a[1], v)] };
    if (name === 'industry_division') return { in: [a[0], rotate(DIV_SETS, a[1], v)] };
    return node;
  }
  if (op === '<=' && Array.isArray(a) && a.length === 3 && isVar(a[1], 'industry_division')) {
    const [lo, hi] = rotate(DIV_RANGES, [a[0], a[2]], v);
    return { '<=': [lo, a[1], hi] };
  }
  if (['==', '!='].includes(op) && Array.isArray(a) && typeof a[1] === 'string') {
    const name = varName(a[0]);
    if (name === 'kind' && v % 3 === 1) return { [op]: [a[0], rotate(KINDS, a[1], v)] };
    if (name === 'credit' && op === '==' && v % 4 === 2) return { in: [a[0], ['A', 'B']] };
    if (name === 'scale' && op === '==') return v % 3 === 2 ? { in: [a[0], rotate(SCALE_SETS, [a[1]], v)] } : node;
    return node;
  }
  if (['<', '<=', '>', '>='].includes(op) && Array.isArray(a) && a.length === 2 && typeof a[1] === 'number') {
    const name = varName(a[0]);
    const n = scaleNum(a[1], FACTORS[v % FACTORS.length], name);
    return { [v % 3 === 2 ? STRICT[op] : op]: [a[0], n] };
  }
  return { [op]: Array.isArray(a) ? a.map(e => vary(e, v, i)) : vary(a, v, i) };
}

function restrict(rule, v, i) {
  const extra = [];
  if (v === 2 || v === 6) extra.push({ '==': [{ var: 'region' }, districts[i % districts.length]] });
  if (v === 4) extra.push({ in: [{ var: 'region' }, [0, 3, 7].map(k => districts[(i + k) % districts.length])] });
  if (v === 5) extra.push({ in: [{ var: 'region' }, cities] });
  if (v === 3) extra.push({ '==': [{ var: 'status' }, 'active'] }, { '>': [{ var: 'capital_fen' }, 100000000] });
  if (v === 6) extra.push({ '!': { in: ['独角兽企业', { var: 'labels' }] } });
  const has = new Set((rule.and ?? [rule]).map(c => JSON.stringify(c)));
  extra.splice(0, extra.length, ...extra.filter(c => !has.has(JSON.stringify(c))));
  if (!extra.length) return rule;
  return rule.and ? { and: [...rule.and, ...extra] } : { and: [rule, ...extra] };
}

// a variant equal to an earlier rule (a rotated label landing on another demo policy's label)
// becomes a programme for the entities in good standing instead, so that all 200 differ
const GOOD_STANDING = [{ '!=': [{ var: 'credit' }, 'D'] }, { '==': [{ var: 'status' }, 'active'] },
  { '>=': [{ var: 'age_years' }, 1] }];
const rules = [], seen = new Set();
for (let i = 0; i < COUNT; i++) {
  const base = demo[i % demo.length], v = Math.floor(i / demo.length);
  let eligibility = v === 0 ? base.eligibility : restrict(vary(base.eligibility, v, i), v, i);
  for (let k = 0; seen.has(JSON.stringify(eligibility)); k++) {
    if (k >= GOOD_STANDING.length) throw new Error(`rule ${i} repeats an earlier one`);
    const extra = GOOD_STANDING[(v + k) % GOOD_STANDING.length];
    eligibility = eligibility.and ? { and: [...eligibility.and, extra] } : { and: [eligibility, extra] };
  }
  seen.add(JSON.stringify(eligibility));
  rules.push({ code: v === 0 ? base.code : `${base.code}-V${v}`, eligibility });
}
writeFileSync(out, '[\n' + rules.map(r => JSON.stringify(r)).join(',\n') + '\n]\n');
console.error(`policies: ${rules.length} rules from ${demo.length} demo policies → ${out}`);
