// Write load for the crash test: `concurrency` clients post progress reports as fast as they
// are answered, each with a unique text, and append the text of every acknowledged (201) one to
// a file at once. Stops when the server is gone (its connections refused) or after `seconds`.
// usage: node load.mjs URL TOKEN MEASURE_ID ACK_FILE CONCURRENCY SECONDS
import { appendFileSync } from 'node:fs';

const [url, token, measure, ackFile, concurrency, seconds] = process.argv.slice(2);
const until = Date.now() + Number(seconds) * 1000;
let n = 0, acked = 0, failures = 0;

async function client(k) {
  while (Date.now() < until && failures < 50) {
    const text = `crash-test ${k}-${n++}`;
    try {
      const r = await fetch(`${url}/api/v1/ledger/measures/${measure}/progress`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ reported_on: '2026-01-15', status: 'in_progress', percent: 10, text }),
      });
      await r.text();
      if (r.status === 201) {
        appendFileSync(ackFile, text + '\n');
        acked++;
      }
    } catch {
      failures++;
      await new Promise((ok) => setTimeout(ok, 20));
    }
  }
}

await Promise.all(Array.from({ length: Number(concurrency) }, (_, k) => client(k)));
console.log(`load: ${acked} writes acknowledged`);
