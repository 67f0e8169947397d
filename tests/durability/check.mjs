// After the crash: every acknowledged text must be among the measure's progress reports.
// usage: node check.mjs URL TOKEN MEASURE_ID ACK_FILE
import { readFileSync } from 'node:fs';

const [url, token, measure, ackFile] = process.argv.slice(2);
const acked = readFileSync(ackFile, 'utf8').split('\n').filter(Boolean);
const r = await fetch(`${url}/api/v1/ledger/measures/${measure}`, { headers: { authorization: `Bearer ${token}` } });
const stored = new Set((await r.json()).progress.map((p) => p.text));
const lost = acked.filter((t) => !stored.has(t));
console.log(`check: ${acked.length} acknowledged, ${stored.size} stored, ${lost.length} lost`);
if (acked.length === 0 || lost.length) {
  for (const t of lost.slice(0, 10)) console.log(`  lost: ${t}`);
  process.exit(1);
}
