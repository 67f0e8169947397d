// 享受条件 as an officer who is no programmer builds them (policies.html): rows of a field of the
// registry picked from a list by its Chinese name (GET /api/v1/entity-fields, with its unit), an
// operator in words that fits the field (等于, 不小于 … for numbers; 等于, 属于 for codes; 包含 for
// labels) and a value typed with its unit beside it (元, 人, 年, % — converted exactly to what the
// registry stores: fen, basis points) or picked from the field's values by their names; rows
// grouped under 且 (all) or 或 (any), each row or group negatable (不满足). The builder makes the
// JsonLogic and writes it into the eligibility textarea (shown, and editable, under 高级); a rule
// written there is read back into the builder when it has the builder's shapes, and otherwise
// the builder says so plainly and leaves the JSON in charge. Needs kit.js, policy-words.js.
'use strict';

/* ---- the model: a group {join: 'and'|'or', not, items: [group or row]}, a row {field, op, value, not} ---- */

const NUMBER_OPS = ['>=', '>', '<=', '<', '==', '!='];
const CODE_OPS = ['==', '!=', 'in'];
const LIST_OPS = ['has'];
// the fields the builder offers (the registry has more: names, codes, dates — 高级 reads them)
const BUILDER_FIELDS = ['capital_fen', 'revenue_fen', 'employees', 'age_years', 'rd_ratio_bp', 'scale', 'kind',
  'industry_section', 'industry_division', 'region', 'labels', 'credit', 'status'];

let fieldTable = new Map(); // name → GET /api/v1/entity-fields entry
let labelList = [];         // GET /api/v1/entity-labels
let regionList = [];        // the city's districts

async function loadBuilderFields() {
  const [f, l, regions] = await Promise.all([api('GET', '/api/v1/entity-fields'), api('GET', '/api/v1/entity-labels'),
    cityRegions(), loadRuleWords()]);
  if (f.status === 200) fieldTable = new Map(f.body.fields.map((x) => [x.name, x]));
  if (l.status === 200) labelList = l.body.labels;
  regionList = regions;
}

const opsOf = (f) => (f.type === 'number' ? NUMBER_OPS : f.type === 'list' ? LIST_OPS : CODE_OPS);
const fieldName = (f) => (currentLang() === 'en' ? f.en : f.zh);
const unitOf = (f) => (currentLang() === 'en' ? f.unit_en : f.unit_zh);

// The values a code or list field takes, each {value, text}: its codes said by their names.
function valuesOf(f) {
  if (f.name === 'labels') return labelList.map((l) => ({ value: l.name, text: tOr(`reg.label.${l.code}`, l.name) }));
  if (f.name === 'region') return regionList.map((r) => ({ value: r.code, text: r.name }));
  if (f.name === 'industry_division' || f.name === 'industry_section') {
    const division = f.name === 'industry_division';
    return [...industryNames].filter(([code]) => (division ? /^\d\d$/.test(code) : /^[A-T]$/.test(code)))
      .map(([code, name]) => ({ value: code, text: division ? `${code} ${name}` : name }));
  }
  return (f.values || []).map((v) => ({ value: v, text: valueText(f.name, v) }));
}

// A number typed in the field's unit ("100", "2500.5") as the registry stores it, exactly (fen:
// two decimals at most; basis points of a percent: two); null when it is no such number.
function toStored(text, f) {
  const s = String(text).trim().replace(/,/g, '');
  const places = f.per_unit === 100 ? 2 : 0;
  const m = s.match(places ? /^(\d+)(?:\.(\d{1,2}))?$/ : /^(\d+)$/);
  if (!m) return null;
  const n = Number(m[1]) * f.per_unit + (m[2] ? Number(m[2].padEnd(2, '0')) : 0);
  return Number.isSafeInteger(n) ? n : null;
}
function fromStored(n, f) {
  if (f.per_unit === 1) return String(n);
  const whole = Math.trunc(n / f.per_unit), part = Math.abs(n % f.per_unit);
  return part ? `${whole}.${String(part).padStart(2, '0').replace(/0$/, '')}` : String(whole);
}
// 1000000 元 read as 100万元: what a number of yuan says in 万 and 亿
function bigYuan(text) {
  const n = Number(text);
  if (!Number.isFinite(n) || n < 10000) return '';
  return n >= 1e8 ? t('pol.b.yi', { n: +(n / 1e8).toFixed(4) }) : t('pol.b.wan', { n: +(n / 1e4).toFixed(4) });
}

/* ---- JsonLogic out ---- */

const newRow = () => ({ kind: 'row', field: 'capital_fen', op: '>=', value: '', not: false });
const newGroup = (join = 'and') => ({ kind: 'group', join, not: false, items: [] });

// The rule of a group, or {error: {row, message}} for the first row that cannot be one yet.
function toLogic(node) {
  if (node.kind === 'group') {
    const parts = [];
    for (const item of node.items) {
      const p = toLogic(item);
      if (p && p.error) return p;
      parts.push(p);
    }
    const g = { [node.join]: parts };
    return node.not ? { '!': g } : g;
  }
  const f = fieldTable.get(node.field);
  const v = { var: node.field };
  let rule;
  if (f.type === 'number') {
    const n = toStored(node.value, f);
    if (n === null) return { error: { row: node, message: t(f.per_unit === 100 ? 'pol.b.needDecimal' : 'pol.b.needWhole') } };
    rule = { [node.op]: [v, n] };
  } else if (node.op === 'in') {
    const list = Array.isArray(node.value) ? node.value : [];
    if (!list.length) return { error: { row: node, message: t('pol.b.needSome') } };
    rule = { in: [v, list] };
  } else {
    if (!node.value) return { error: { row: node, message: t('pol.b.needOne') } };
    rule = node.op === 'has' ? { in: [node.value, v] } : { [node.op]: [v, node.value] };
  }
  return node.not ? { '!': rule } : rule;
}

/* ---- JsonLogic in: the builder's shapes, or null ---- */

const FLIP = { '>': '<', '>=': '<=', '<': '>', '<=': '>=', '==': '==', '!=': '!=' };
function fromLogic(rule, top = true) {
  const op = opOf(rule);
  if (!op) return null;
  const args = rule[op];
  if (op === '!') {
    const inner = fromLogic(Array.isArray(args) ? args[0] : args, false);
    if (!inner || inner.not) return null;
    inner.not = true;
    return inner;
  }
  if (op === 'and' || op === 'or') {
    if (!Array.isArray(args)) return null;
    const g = newGroup(op);
    for (const a of args) {
      const item = fromLogic(a, false);
      if (!item) return null;
      g.items.push(item);
    }
    return g;
  }
  const row = rowOf(op, args);
  if (!row) return null;
  if (!top) return row;
  const g = newGroup('and');
  g.items.push(row);
  return g;
}
function rowOf(op, args) {
  if (!Array.isArray(args) || args.length !== 2) return null;
  const [a, b] = args;
  const known = (x) => isVar(x) && typeof x.var === 'string' && BUILDER_FIELDS.includes(x.var) && fieldTable.get(x.var);
  if (op === 'in') {
    const f = known(b);
    if (f && f.type === 'list' && typeof a === 'string') return { kind: 'row', field: f.name, op: 'has', value: a, not: false };
    const g = known(a);
    if (g && g.type === 'code' && Array.isArray(b) && b.every((x) => typeof x === 'string'))
      return { kind: 'row', field: g.name, op: 'in', value: [...b], not: false };
    return null;
  }
  const normal = op === '===' ? '==' : op === '!==' ? '!=' : op;
  if (!(normal in FLIP)) return null;
  let f = known(a), value = b, o = normal;
  if (!f && known(b)) { f = known(b); value = a; o = FLIP[normal]; }
  if (!f || f.type === 'list') return null;
  if (f.type === 'number') {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) return null;
    return { kind: 'row', field: f.name, op: o, value: fromStored(value, f), not: false };
  }
  if (typeof value !== 'string' || (o !== '==' && o !== '!=')) return null;
  return { kind: 'row', field: f.name, op: o, value, not: false };
}

/* ---- the builder in the page ---- */

// builder({box, textarea, onChange}): draws the builder into box, writes each change's rule into
// textarea (and calls onChange), reads it back from the textarea on load() and when it is edited.
function ruleBuilder({ box, textarea, onChange }) {
  let root = newGroup('and');
  let complex = false;

  function changed() {
    const rule = toLogic(root);
    for (const p of box.querySelectorAll('.cond-row .field-error')) p.remove();
    for (const c of box.querySelectorAll('[aria-invalid="true"]')) c.removeAttribute('aria-invalid');
    if (rule.error) {
      const li = box.querySelector(`[data-row="${rowIds.get(rule.error.row)}"]`);
      const control = li && li.querySelector('.cond-value input, .cond-value select');
      if (li && control && String(rule.error.row.value).trim() !== '') {
        control.setAttribute('aria-invalid', 'true');
        li.append(el('p', { class: 'field-error' }, rule.error.message));
      }
      box.dataset.valid = 'false';
      return;
    }
    box.dataset.valid = 'true';
    textarea.value = JSON.stringify(rule, null, 2);
    onChange(rule);
  }

  let rowIds = new WeakMap(), nextId = 0;
  const idOf = (node) => { if (!rowIds.has(node)) rowIds.set(node, ++nextId); return rowIds.get(node); };

  function valueControl(row, f, label) {
    const wrap = el('span', { class: 'cond-value' });
    if (f.type === 'number') {
      const input = el('input', { type: 'text', inputmode: 'decimal', value: row.value, 'aria-label': label, class: 'num' });
      const reading = el('span', { class: 'reading' }, f.per_unit === 100 && f.unit_zh === '元' ? bigYuan(row.value) : '');
      input.addEventListener('input', () => {
        row.value = input.value;
        if (f.unit_zh === '元') reading.textContent = bigYuan(input.value);
        changed();
      });
      wrap.append(input, el('span', { class: 'unit' }, unitOf(f) || ''), reading);
      return wrap;
    }
    const values = valuesOf(f);
    if (row.op === 'in') {
      const chosen = new Set(Array.isArray(row.value) ? row.value : []);
      const list = el('span', { class: 'choices', role: 'group', 'aria-label': label });
      for (const v of values) {
        const box = el('input', { type: 'checkbox', value: v.value, checked: chosen.has(v.value) });
        box.addEventListener('change', () => {
          if (box.checked) chosen.add(v.value); else chosen.delete(v.value);
          row.value = values.map((x) => x.value).filter((x) => chosen.has(x));
          changed();
        });
        list.append(el('label', { class: 'choice' }, box, v.text));
      }
      wrap.append(list);
      return wrap;
    }
    const select = el('select', { 'aria-label': label },
      el('option', { value: '' }, t('pol.b.pick')), ...values.map((v) => el('option', { value: v.value }, v.text)));
    select.value = row.value || '';
    select.addEventListener('change', () => { row.value = select.value; changed(); });
    wrap.append(select);
    return wrap;
  }

  function drawRow(row, parent, n) {
    const f = fieldTable.get(row.field);
    const li = el('li', { class: 'cond-row', 'data-row': String(idOf(row)), 'data-field': row.field });
    const label = (what) => `${t('pol.b.condition')} ${n} ${what}`;
    const not = el('input', { type: 'checkbox', checked: row.not });
    not.addEventListener('change', () => { row.not = not.checked; changed(); });
    const field = el('select', { class: 'cond-field', 'aria-label': label(t('pol.b.field')) },
      ...BUILDER_FIELDS.filter((x) => fieldTable.has(x)).map((x) => {
        const g = fieldTable.get(x);
        const unit = unitOf(g);
        return el('option', { value: x }, unit ? `${fieldName(g)}（${unit}）` : fieldName(g));
      }));
    field.value = row.field;
    field.addEventListener('change', () => {
      row.field = field.value;
      const g = fieldTable.get(row.field);
      row.op = opsOf(g)[0];
      row.value = row.op === 'in' ? [] : '';
      draw();
      changed();
    });
    const op = el('select', { class: 'cond-op', 'aria-label': label(t('pol.b.op')) },
      ...opsOf(f).map((o) => el('option', { value: o }, t(`pol.b.op.${o}`))));
    op.value = row.op;
    op.addEventListener('change', () => {
      const wasList = row.op === 'in';
      row.op = op.value;
      if (wasList !== (row.op === 'in')) row.value = row.op === 'in' ? (row.value ? [row.value] : []) : (row.value[0] || '');
      draw();
      changed();
    });
    const remove = el('button', { type: 'button', class: 'cond-remove', 'aria-label': label(t('pol.b.remove')) }, '×');
    remove.addEventListener('click', () => { parent.items.splice(parent.items.indexOf(row), 1); draw(); changed(); });
    li.append(el('label', { class: 'cond-not' }, not, t('pol.b.not')), field, op, valueControl(row, f, label(t('pol.b.value'))), remove);
    return li;
  }

  function drawGroup(group, parent, depth) {
    const box = el('div', { class: `cond-group${depth ? ' nested' : ''}`, 'data-join': group.join });
    const join = el('select', { class: 'cond-join', 'aria-label': t('pol.b.join') },
      el('option', { value: 'and' }, t('pol.b.and')), el('option', { value: 'or' }, t('pol.b.or')));
    join.value = group.join;
    join.addEventListener('change', () => { group.join = join.value; box.dataset.join = join.value; changed(); });
    const not = el('input', { type: 'checkbox', checked: group.not });
    not.addEventListener('change', () => { group.not = not.checked; changed(); });
    const head = el('div', { class: 'cond-head' }, el('label', { class: 'cond-not' }, not, t('pol.b.notGroup')), join);
    if (parent) {
      const remove = el('button', { type: 'button', class: 'cond-remove', 'aria-label': t('pol.b.removeGroup') }, '×');
      remove.addEventListener('click', () => { parent.items.splice(parent.items.indexOf(group), 1); draw(); changed(); });
      head.append(remove);
    }
    const list = el('ol', { class: 'cond-items' });
    group.items.forEach((item, i) => list.append(item.kind === 'group' ? el('li', {}, drawGroup(item, group, depth + 1))
      : drawRow(item, group, i + 1)));
    const addRow = el('button', { type: 'button', class: 'add-row' }, t('pol.b.addRow'));
    addRow.addEventListener('click', () => {
      group.items.push(newRow());
      draw();
      changed();
      const rows = box.ownerDocument.querySelectorAll('.cond-row .num');
      if (rows.length) rows[rows.length - 1].focus();
    });
    const actions = el('div', { class: 'cond-actions' }, addRow);
    if (depth < 2) {
      const addGroup = el('button', { type: 'button', class: 'add-group' }, t('pol.b.addGroup'));
      addGroup.addEventListener('click', () => {
        const g = newGroup(group.join === 'and' ? 'or' : 'and');
        g.items.push(newRow());
        group.items.push(g);
        draw();
        changed();
      });
      actions.append(addGroup);
    }
    box.append(head, list, actions);
    return box;
  }

  function draw() {
    box.replaceChildren();
    if (complex) {
      const restart = el('button', { type: 'button', class: 'restart' }, t('pol.b.restart'));
      restart.addEventListener('click', () => { complex = false; root = newGroup('and'); root.items.push(newRow()); draw(); });
      box.append(el('p', { class: 'notice complex' }, t('pol.b.complex')), restart);
      box.dataset.complex = 'true';
      return;
    }
    delete box.dataset.complex;
    box.append(drawGroup(root, null, 0));
  }

  // The textarea's rule into the builder: drawn when it has the builder's shapes, else said.
  function load() {
    let rule;
    try { rule = JSON.parse(textarea.value); } catch { return; }
    const g = fieldTable.size ? fromLogic(rule) : null;
    complex = !g;
    if (g) root = g;
    draw();
  }

  textarea.addEventListener('input', load);
  return { load, draw, isComplex: () => complex };
}
