// The match sweep's peers: the same eligibility rules over the same rows as yiwang's batch
// matcher, each timed on evaluation alone (loading is not counted), as entity-policy pairs per
// second. Peers:
//   json-logic-engine  each rule compiled (LogicEngine.build) to a JS function, run over an array
//                      of row objects (the record the rule sees: numbers as numbers, labels an
//                      array); measured rule by rule over all rows and row by row over all
//                      rules, the faster reported; one core
//   duckdb             @duckdb/node-api, in-memory table (labels VARCHAR[]), the rules translated
//                      by sql.mjs; measured two ways — one `SELECT count(*) … WHERE` per rule and
//                      one SELECT of K `count(*) FILTER (WHERE …)` — and the faster reported;
//                      DuckDB's default threads (all cores) unless --threads
//   sqlite             the sqlite3 CLI, in-memory database (labels text '|a|b|'), the same two
//                      forms, `.timer on` real times summed; one core
// Prints per peer: peer <name> rows=<n> rules=<k> pairs_per_s=<f> seconds=<f> matches=<m>
// and `note <name>: …` lines; --counts OUT.json gets {"<peer>": {"<code>": count, …}, …} in
// rule order. Exit 1 if the peers disagree with one another on a rule (each difference printed).
// usage: node bench/match/peers.mjs ROWS.csv policies.json [--rules K] [--counts OUT.json]
//          [--peers json-logic-engine,duckdb,sqlite] [--threads N] [--repeat R]
// Each form is measured R times (default 3), interleaved, and its fastest time kept.
import { readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { toSql, COLUMNS } from './sql.mjs';

const argv = process.argv.slice(2);
const pos = [], opt = {};
for (let i = 0; i < argv.length; i++) {
  if (argv[i].startsWith('--')) opt[argv[i].slice(2)] = argv[++i];
  else pos.push(argv[i]);
}
const [csvPath, policiesPath] = pos;
if (!csvPath || !policiesPath) {
  console.error('usage: peers.mjs ROWS.csv policies.json [--rules K] [--counts OUT.json] [--peers a,b] [--threads N]');
  process.exit(2);
}
const K = Number(opt.rules ?? 20);
const R = Math.max(1, Number(opt.repeat ?? 3)); // each measurement R times, the fastest kept
const wanted = (opt.peers ?? 'json-logic-engine,duckdb,sqlite').split(',');
const rules = JSON.parse(readFileSync(policiesPath, 'utf8')).slice(0, K);
const HEADER = 'uscc,kind,scale,employees,industry,industry_division,region,labels,capital_fen,revenue_fen,rd_ratio_bp,age_years,credit,status';
const NAMES = HEADER.split(',');
if (NAMES.some(n => !(n in COLUMNS)) || Object.keys(COLUMNS).length !== NAMES.length) throw new Error('peers: columns of sql.mjs differ from the CSV header');

const firstLine = readFileSync(csvPath, { encoding: 'utf8', flag: 'r' }).slice(0, 400).split('\n')[0];
if (firstLine.replace(/\r$/, '') !== HEADER) { console.error(`peers: ${csvPath}: header is not\n  ${HEADER}`); process.exit(2); }

const results = {}; // peer → { seconds, counts: [..] }
const line = (name, n, seconds, counts) => {
  const total = counts.reduce((s, c) => s + c, 0);
  console.log(`peer ${name} rows=${n} rules=${counts.length} pairs_per_s=${(n * counts.length / seconds).toFixed(0)} seconds=${seconds.toFixed(4)} matches=${total}`);
};
const note = (name, s) => console.log(`note ${name}: ${s}`);
const sec = t0 => Number(process.hrtime.bigint() - t0) / 1e9;

// ---- json-logic-engine ------------------------------------------------------------------------
async function jsonLogicEngine() {
  const { LogicEngine } = await import('json-logic-engine');
  const text = readFileSync(csvPath, 'utf8');
  const rows = [];
  let start = text.indexOf('\n') + 1;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    let l = text.slice(start, end);
    start = end + 1;
    if (l.endsWith('\r')) l = l.slice(0, -1);
    if (!l) continue;
    const f = l.split(',');
    if (f.length !== 14) throw new Error(`peers: a row of ${f.length} fields: ${l}`);
    rows.push({
      uscc: f[0], kind: f[1], scale: f[2], employees: Number(f[3]), industry: f[4],
      industry_division: f[5], region: f[6], labels: f[7] ? f[7].split('|') : [],
      capital_fen: Number(f[8]), revenue_fen: Number(f[9]), rd_ratio_bp: Number(f[10]),
      age_years: Number(f[11]), credit: f[12], status: f[13],
    });
  }
  const engine = new LogicEngine();
  const fns = rules.map(r => engine.build(r.eligibility));
  const n = rows.length, k = fns.length, T = engine;
  const byRule = () => { // rule by rule over all rows (each compiled function hot in its own loop)
    const counts = [];
    for (const f of fns) {
      let c = 0;
      for (let i = 0; i < n; i++) {
        const r = f(rows[i]);
        if (r === true || (r !== false && T.truthy(r))) c++;
      }
      counts.push(c);
    }
    return counts;
  };
  const byRowOnce = () => { // row by row over all rules (each row read from memory once)
    const counts = new Array(k).fill(0);
    for (let i = 0; i < n; i++) {
      const row = rows[i];
      for (let j = 0; j < k; j++) {
        const r = fns[j](row);
        if (r === true || (r !== false && T.truthy(r))) counts[j]++;
      }
    }
    return counts;
  };
  let sRule = Infinity, sRow = Infinity, counts, byRow;
  for (let round = 0; round < R; round++) {
    let t0 = process.hrtime.bigint();
    counts = byRule();
    sRule = Math.min(sRule, sec(t0));
    t0 = process.hrtime.bigint();
    byRow = byRowOnce();
    sRow = Math.min(sRow, sec(t0));
  }
  disagree('json-logic-engine rule by rule', counts, 'json-logic-engine row by row', byRow);
  line('json-logic-engine', n, Math.min(sRule, sRow), counts);
  note('json-logic-engine', `${k} rules compiled with LogicEngine.build, over ${n} row objects, one core; best of ${R}: rule by rule ${sRule.toFixed(4)} s, row by row ${sRow.toFixed(4)} s; reported: ${sRule <= sRow ? 'rule by rule' : 'row by row'}`);
  results['json-logic-engine'] = { counts };
}

// ---- DuckDB -----------------------------------------------------------------------------------
async function duckdb() {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const inst = await DuckDBInstance.create(':memory:');
  const con = await inst.connect();
  if (opt.threads) await con.run(`SET threads = ${Number(opt.threads)}`);
  const threads = (await con.runAndReadAll("SELECT current_setting('threads')")).getRows()[0][0];
  const types = { number: 'BIGINT', text: 'VARCHAR', labels: 'VARCHAR' };
  const cols = NAMES.map(c => `'${c}': '${types[COLUMNS[c]]}'`).join(', ');
  // nullstr that never occurs: an empty field stays '' (no labels), so no column is NULL
  await con.run(`CREATE TABLE raw AS SELECT * FROM read_csv('${csvPath.replace(/'/g, "''")}', header = true,
    delim = ',', quote = '', escape = '', nullstr = '\\N', columns = {${cols}})`);
  const sel = NAMES.map(c => c === 'labels'
    ? "CASE WHEN labels = '' THEN []::VARCHAR[] ELSE string_split(labels, '|') END AS labels" : c).join(', ');
  await con.run(`CREATE TABLE rows AS SELECT ${sel} FROM raw`);
  await con.run('DROP TABLE raw');
  const n = Number((await con.runAndReadAll('SELECT count(*) FROM rows')).getRows()[0][0]);
  const conds = rules.map(r => toSql(r.eligibility, 'duckdb'));

  let sEach = Infinity, sOne = Infinity, each, one;
  const all = `SELECT ${conds.map(c => `count(*) FILTER (WHERE ${c})`).join(', ')} FROM rows`;
  for (let round = 0; round < R; round++) {
    let t0 = process.hrtime.bigint();
    each = [];
    for (const c of conds) each.push(Number((await con.runAndReadAll(`SELECT count(*) FROM rows WHERE ${c}`)).getRows()[0][0]));
    sEach = Math.min(sEach, sec(t0));
    t0 = process.hrtime.bigint();
    one = (await con.runAndReadAll(all)).getRows()[0].map(Number);
    sOne = Math.min(sOne, sec(t0));
  }
  disagree('duckdb one query per rule', each, 'duckdb one query of K filtered counts', one);
  const best = sEach <= sOne ? 'one query per rule' : `one query of ${conds.length} count(*) FILTER aggregates`;
  line('duckdb', n, Math.min(sEach, sOne), each);
  note('duckdb', `${threads} threads; best of ${R}: one query per rule ${sEach.toFixed(4)} s, one query of ${conds.length} filtered counts ${sOne.toFixed(4)} s; reported: ${best}; labels VARCHAR[] (list_contains)`);
  results.duckdb = { counts: each };
  con.closeSync?.();
}

// ---- SQLite (the sqlite3 CLI) ----------------------------------------------------------------
function sqlite() {
  const ver = spawnSync('sqlite3', ['-version'], { encoding: 'utf8' });
  if (ver.status !== 0) { note('sqlite', 'sqlite3 is missing (apt-get install sqlite3); skipped'); return; }
  const types = { number: 'INTEGER', text: 'TEXT', labels: 'TEXT' };
  const conds = rules.map(r => toSql(r.eligibility, 'sqlite'));
  const script = [
    '.bail on',
    `CREATE TABLE raw(${NAMES.map(c => `${c} TEXT`).join(', ')});`,
    `.import --csv --skip 1 '${csvPath}' raw`,
    `CREATE TABLE rows(${NAMES.map(c => `${c} ${types[COLUMNS[c]]} NOT NULL`).join(', ')});`,
    `INSERT INTO rows SELECT ${NAMES.map(c => c === 'labels' ? "'|' || labels || '|'" : c).join(', ')} FROM raw;`,
    'DROP TABLE raw;',
    "SELECT 'N', count(*) FROM rows;",
    '.timer on',
    ...Array.from({ length: R }, (_, round) => [
      ...conds.map((c, i) => `SELECT 'E', ${round}, ${i}, count(*) FROM rows WHERE ${c};`),
      `SELECT 'O', ${round}, ${conds.map(c => `count(*) FILTER (WHERE ${c})`).join(', ')} FROM rows;`,
    ]).flat(),
    '.timer off',
  ].join('\n') + '\n';
  {
    const p = spawnSync('sqlite3', ['-batch', '-noheader', '-separator', ',', ':memory:'], { input: script, encoding: 'utf8', maxBuffer: 1 << 26 });
    if (p.status !== 0) throw new Error(`sqlite3 failed: ${p.stderr}`);
    let n = 0, last = null, round = 0;
    const tEach = new Array(R).fill(0), tOne = new Array(R).fill(0);
    let each = [], one = [];
    for (const l of p.stdout.split('\n')) {
      const f = l.split(',');
      const rt = /^Run Time: real ([0-9.]+)/.exec(l);
      if (rt) { if (last === 'E') tEach[round] += Number(rt[1]); else if (last === 'O') tOne[round] += Number(rt[1]); continue; }
      if (f[0] === 'N') n = Number(f[1]);
      else if (f[0] === 'E') { round = Number(f[1]); if (f[2] === '0') each = []; each[Number(f[2])] = Number(f[3]); last = 'E'; }
      else if (f[0] === 'O') { round = Number(f[1]); one = f.slice(2).map(Number); last = 'O'; }
    }
    const sEach = Math.min(...tEach), sOne = Math.min(...tOne);
    if (each.length !== conds.length || one.length !== conds.length) throw new Error(`sqlite3: unexpected output\n${p.stdout.slice(0, 2000)}\n${p.stderr}`);
    disagree('sqlite one query per rule', each, 'sqlite one query of K filtered counts', one);
    const best = sEach <= sOne ? 'one query per rule' : `one query of ${conds.length} count(*) FILTER aggregates`;
    line('sqlite', n, Math.min(sEach, sOne), each);
    note('sqlite', `sqlite3 ${ver.stdout.split(' ')[0]} CLI, :memory:, one core; best of ${R}: one query per rule ${sEach.toFixed(4)} s, one query of ${conds.length} filtered counts ${sOne.toFixed(4)} s (.timer real); reported: ${best}; labels text '|a|b|' (instr)`);
    results.sqlite = { counts: each };
  }
}

let bad = 0;
function disagree(an, a, bn, b) {
  for (let i = 0; i < rules.length; i++) if (a[i] !== b[i]) {
    bad++; console.log(`MISMATCH ${rules[i].code}: ${an} ${a[i]}, ${bn} ${b[i]}`);
  }
}

for (const p of wanted) {
  if (p === 'json-logic-engine') await jsonLogicEngine();
  else if (p === 'duckdb') await duckdb();
  else if (p === 'sqlite') sqlite();
  else { console.error(`peers: no peer ${p}`); process.exit(2); }
}
const names = Object.keys(results);
for (const p of names.slice(1)) disagree(names[0], results[names[0]].counts, p, results[p].counts);
if (opt.counts) {
  const out = {};
  for (const p of names) out[p] = Object.fromEntries(rules.map((r, i) => [r.code, results[p].counts[i]]));
  writeFileSync(opt.counts, JSON.stringify(out, null, 1) + '\n');
}
if (bad) { console.log(`peers: ${bad} disagreement(s)`); process.exit(1); }
