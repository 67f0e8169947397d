// DEV ONLY: writes random rows in the CSV form that build/bench_match writes (see
// bench/README.md), to develop and measure the peers before the C side exists. The sweep
// itself (bench/match.sh) uses the rows the C program writes; these are never its input.
// usage: node bench/match/fake-rows.mjs OUT.csv [ROWS] [SEED]
import { createWriteStream } from 'node:fs';

const out = process.argv[2];
const n = Number(process.argv[3] ?? 2008000);
let seed = Number(process.argv[4] ?? 9) >>> 0 || 1;
if (!out) { console.error('usage: fake-rows.mjs OUT.csv [ROWS] [SEED]'); process.exit(2); }

function rnd() { // xorshift32, deterministic
  seed ^= seed << 13; seed >>>= 0; seed ^= seed >>> 17; seed ^= seed << 5; seed >>>= 0;
  return seed / 4294967296;
}
function pick(weighted) {
  let r = rnd() * weighted.total;
  for (const [v, w] of weighted.items) { if ((r -= w) < 0) return v; }
  return weighted.items[weighted.items.length - 1][0];
}
function W(obj) { const items = Object.entries(obj); return { items, total: items.reduce((s, [, w]) => s + w, 0) }; }
const int = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1));

const kinds = W({ company: 55, individual_business: 35, cooperative: 5, branch: 5 });
const scales = W({ micro: 72, small: 19, medium: 7, large: 2 });
const credits = W({ A: 30, B: 45, C: 18, D: 7 });
const statuses = W({ active: 86, dormant: 7, abnormal: 5, revoked: 1, cancelled: 1 });
const regions = ['370202', '370203', '370211', '370212', '370213', '370214', '370215', '370281', '370283', '370285'];
const labels = [['专精特新中小企业', 0.04], ['专精特新小巨人', 0.005], ['制造业单项冠军', 0.001],
  ['高新技术企业', 0.05], ['科技型中小企业', 0.08], ['瞪羚企业', 0.01], ['独角兽企业', 0.0005], ['雏鹰企业', 0.01]];
// GB/T 4754 divisions and the section letter of each
const sections = [['A', 1, 5], ['B', 6, 12], ['C', 13, 43], ['D', 44, 46], ['E', 47, 50], ['F', 51, 52],
  ['G', 53, 60], ['H', 61, 62], ['I', 63, 65], ['J', 66, 69], ['K', 70, 70], ['L', 71, 72], ['M', 73, 75],
  ['N', 76, 79], ['O', 80, 82], ['P', 83, 83], ['Q', 84, 85], ['R', 86, 90], ['S', 91, 96], ['T', 97, 97]];
const sectionOf = d => sections.find(([, lo, hi]) => d >= lo && d <= hi)[0];
const divisions = W(Object.fromEntries(Array.from({ length: 97 }, (_, i) => {
  const d = i + 1; return [d, d >= 13 && d <= 43 ? 3 : d === 51 || d === 52 ? 6 : 1];
})));
const uscc = '0123456789ABCDEFGHJKLMNPQRTUWXY';

const ws = createWriteStream(out);
ws.write('uscc,kind,scale,employees,industry,industry_division,region,labels,capital_fen,revenue_fen,rd_ratio_bp,age_years,credit,status\n');
let buf = [];
for (let i = 0; i < n; i++) {
  const kind = pick(kinds), scale = pick(scales);
  const emp = scale === 'micro' ? int(0, 19) : scale === 'small' ? int(10, 99) : scale === 'medium' ? int(100, 999) : int(300, 20000);
  const div = Number(pick(divisions)), dd = String(div).padStart(2, '0');
  const industry = sectionOf(div) + dd + String(int(0, 99)).padStart(2, '0');
  const ls = labels.filter(([, p]) => rnd() < p * (scale === 'micro' ? 0.5 : 2)).map(([l]) => l).join('|');
  const rev = scale === 'micro' ? int(0, 300000000) : scale === 'small' ? int(100000000, 5000000000) :
    scale === 'medium' ? int(2000000000, 40000000000) : int(40000000000, 900000000000);
  const cap = int(1, 300) * 1000000 * (scale === 'large' ? 100 : 1);
  let id = '91370';
  for (let k = 0; k < 13; k++) id += uscc[int(0, 30)];
  buf.push(`${id},${kind},${scale},${emp},${industry},${dd},${regions[int(0, 9)]},${ls},${cap},${rev},${int(0, 1500)},${int(0, 40)},${pick(credits)},${pick(statuses)}`);
  if (buf.length === 10000) { if (!ws.write(buf.join('\n') + '\n')) await new Promise(r => ws.once('drain', r)); buf = []; }
}
if (buf.length) ws.write(buf.join('\n') + '\n');
ws.end();
