// The match sweep's table (bench/match.sh): yiwang's line and the peers' lines, the ratios, the
// targets of issue 9, and the rule-by-rule check of every peer's counts against yiwang's.
// usage: node bench/match/report.mjs YIWANG.out PEERS.out YIWANG-COUNTS.json PEER-COUNTS.json
//   (YIWANG.out and YIWANG-COUNTS.json may be '-' when only the peers ran)
// exit 1 when a peer's count differs from yiwang's on a rule both evaluated, or a count is missing
import { readFileSync } from 'node:fs';

const [yOut, pOut, yCounts, pCounts] = process.argv.slice(2);
const parse = text => text.split('\n').filter(l => /^(peer|yiwang) /.test(l)).map(l => {
  const f = l.split(' ');
  const o = { name: f[0] === 'yiwang' ? 'yiwang' : f[1] };
  for (const kv of f.slice(f[0] === 'yiwang' ? 1 : 2)) { const [k, v] = kv.split('='); o[k] = Number(v); }
  return o;
});
const peers = parse(readFileSync(pOut, 'utf8'));
const y = yOut === '-' ? null : parse(readFileSync(yOut, 'utf8')).find(o => o.name === 'yiwang');
if (yOut !== '-' && !y) { console.log('match: bench_match printed no `yiwang rows=… rules=… pairs_per_s=…` line'); process.exit(1); }

const M = x => (x / 1e6).toFixed(1).padStart(9);
console.log('\nmatch sweep: entity-policy pairs per second (evaluation only, loading not counted)');
console.log(`${'engine'.padEnd(20)} ${'rows'.padStart(9)} ${'rules'.padStart(5)} ${'M pairs/s'.padStart(9)} ${'seconds'.padStart(8)} ${'yiwang/peer'.padStart(11)}`);
const row = (o, ratio) => console.log(`${o.name.padEnd(20)} ${String(o.rows).padStart(9)} ${String(o.rules).padStart(5)} ${M(o.pairs_per_s)} ${o.seconds.toFixed(3).padStart(8)} ${ratio.padStart(11)}`);
if (y) row(y, '');
for (const p of peers) row(p, y ? (y.pairs_per_s / p.pairs_per_s).toFixed(1) + '×' : '-');

let failed = 0;
if (y) {
  const fastest = peers.reduce((a, b) => (b.pairs_per_s > (a?.pairs_per_s ?? 0) ? b : a), null);
  const met = b => (b ? 'met' : 'NOT MET');
  console.log('');
  console.log(`target: full sweep (${y.rows} rows × ${y.rules} rules) < 1 s: ${y.seconds.toFixed(3)} s — ${met(y.seconds < 1)}`);
  if (fastest) console.log(`target: ≥ 20× the fastest peer (${fastest.name}): ${(y.pairs_per_s / fastest.pairs_per_s).toFixed(1)}× — ${met(y.pairs_per_s >= 20 * fastest.pairs_per_s)}`);
  console.log(`target: peak < 1024 MiB: ${Number.isFinite(y.peak_mib) ? y.peak_mib.toFixed(1) + ' MiB — ' + met(y.peak_mib < 1024) : 'not reported — NOT MET'}`);
  for (const p of peers) if (p.rows !== y.rows) { failed++; console.log(`MISMATCH rows: yiwang ${y.rows}, ${p.name} ${p.rows}`); }

  const yc = JSON.parse(readFileSync(yCounts, 'utf8'));
  const pc = JSON.parse(readFileSync(pCounts, 'utf8'));
  let compared = 0;
  for (const [peer, counts] of Object.entries(pc)) for (const [code, c] of Object.entries(counts)) {
    if (!(code in yc)) { failed++; console.log(`MISMATCH ${code}: yiwang has no count, ${peer} ${c}`); continue; }
    compared++;
    if (yc[code] !== c) { failed++; console.log(`MISMATCH ${code}: yiwang ${yc[code]}, ${peer} ${c}`); }
  }
  console.log(failed ? `match: ${failed} mismatch(es) between yiwang and its peers` : `counts: yiwang agrees with every peer on ${compared} peer-rule counts`);
}
process.exit(failed ? 1 : 0);
