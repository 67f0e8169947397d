// The string tables (web/strings/*.js), without a browser: every key is in both languages with
// the same {placeholders}, and every key a page uses — data-i18n… in its HTML, t('…') and the
// keys written out in its scripts, the key prefixes of t(`….${…}`), the labels of the kit's
// NAV — is in a table that page loads. Runs alone too: node --test tests/e2e/strings.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const WEB = resolve(dirname(fileURLToPath(import.meta.url)), '../../web');
const read = (file) => readFileSync(join(WEB, file), 'utf8');

// Each table as its file adds it: {file: {'zh-CN': {…}, en: {…}}}
const tables = {};
for (const file of readdirSync(join(WEB, 'strings')).filter((f) => f.endsWith('.js'))) {
  const added = { 'zh-CN': {}, en: {} };
  vm.runInNewContext(read(`strings/${file}`), {
    addStrings: (t) => { for (const [lang, table] of Object.entries(t)) Object.assign(added[lang], table); },
  });
  tables[`strings/${file}`] = added;
}

// The kit's navigation table, from kit.js itself.
const kit = vm.runInNewContext(`${read('kit.js')}\n({ NAV });`, { Intl, localStorage: {}, document: {}, location: {} });

const placeholders = (text) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

test('every key is in Chinese and in English, with the same placeholders', () => {
  const problems = [];
  for (const [file, t] of Object.entries(tables)) {
    for (const key of new Set([...Object.keys(t['zh-CN']), ...Object.keys(t.en)])) {
      const zh = t['zh-CN'][key], en = t.en[key];
      if (zh === undefined) problems.push(`${file}: ${key} has no Chinese`);
      else if (en === undefined) problems.push(`${file}: ${key} has no English`);
      else if (!zh.trim() || !en.trim()) problems.push(`${file}: ${key} is empty`);
      else if (placeholders(zh).join() !== placeholders(en).join()) problems.push(`${file}: ${key} has {${placeholders(zh)}} and {${placeholders(en)}}`);
    }
  }
  assert.deepEqual(problems, []);
});

test('no key is in two tables', () => {
  const seen = new Map(), problems = [];
  for (const [file, t] of Object.entries(tables)) {
    for (const key of Object.keys(t['zh-CN'])) {
      if (seen.has(key)) problems.push(`${key}: ${seen.get(key)} and ${file}`);
      seen.set(key, file);
    }
  }
  assert.deepEqual(problems, []);
});

// A staff member reads the same step on the workbench (我的待办) and in the office's inbox (我的待办):
// one step, one name, in both languages.
test('the workbench and the office inbox name each step alike', () => {
  const wb = tables['strings/common.js'], office = tables['strings/office.js'];
  for (const [wbKey, officeKey] of [['wb.kind.task', 'office.kind.review'], ['wb.kind.verify', 'office.kind.verify']]) {
    for (const lang of ['zh-CN', 'en']) assert.equal(office[lang][officeKey], wb[lang][wbKey], `${officeKey} (${lang})`);
  }
});

// The keys a script names: t('…'), tOr('…'), and any string written out that looks like a key
// of one of the tables' namespaces ('my.rating.tag.fast'); and the prefixes of keys it builds.
const namespaces = new Set(Object.values(tables).flatMap((t) => Object.keys(t['zh-CN']).map((k) => k.split('.')[0])));
function keysOf(source) {
  const literal = [...source.matchAll(/'([a-z][a-z0-9_]*(?:\.[a-zA-Z0-9_]+)+)'/g)].map((m) => m[1])
    .filter((k) => namespaces.has(k.split('.')[0]));
  const prefixes = [...source.matchAll(/\b(?:t|tOr|hasString)\(`([a-z][a-z0-9_.]*\.)\$\{/g)].map((m) => m[1]);
  return { literal, prefixes };
}

test('every key a page uses is in a table it loads', () => {
  const problems = [];
  const pages = readdirSync(WEB).filter((f) => f.endsWith('.html'));
  assert.ok(pages.length >= 10, `${pages.length} pages`);
  for (const html of pages) {
    const source = read(html);
    const scripts = [...source.matchAll(/<script src="\/([^"]+)"/g)].map((m) => m[1]);
    if (!scripts.includes('kit.js')) {
      // a page that only forwards (portal.html → /) loads no kit and shows no strings
      assert.doesNotMatch(source, /data-i18n/, `${html} uses strings without the kit`);
      continue;
    }
    assert.equal(scripts[0], 'kit.js', `${html}: the kit first`);
    assert.ok(scripts.includes('strings/common.js'), `${html} loads strings/common.js`);
    const keys = new Set(scripts.filter((s) => tables[s]).flatMap((s) => Object.keys(tables[s]['zh-CN'])));
    const has = (key) => keys.has(key);
    for (const m of source.matchAll(/data-i18n(?:-[a-z]+)?="([^"]+)"/g))
      if (!has(m[1])) problems.push(`${html}: ${m[1]} (in the HTML)`);
    for (const script of scripts.filter((s) => !s.startsWith('strings/'))) {
      const { literal, prefixes } = keysOf(read(script));
      // a key, or the prefix of keys the script builds ('reg.scale' for reg.scale.small)
      for (const k of literal) if (!has(k) && ![...keys].some((x) => x.startsWith(`${k}.`))) problems.push(`${html}: ${k} (${script})`);
      for (const p of prefixes) if (![...keys].some((k) => k.startsWith(p))) problems.push(`${html}: no key ${p}… (${script})`);
    }
    for (const n of kit.NAV) {
      if (!has(n.label)) problems.push(`${html}: ${n.label} (NAV)`);
      if (n.panel && !has(`${n.label}.hint`)) problems.push(`${html}: ${n.label}.hint (NAV)`);
    }
  }
  assert.deepEqual(problems, []);
});

test('the test sees a missing key', () => {
  // a check that cannot fail is no check: a key no table has is found in a script's text
  const { literal, prefixes } = keysOf("t('office.no_such_key'); t(`office.nothing.${x}`); const k = 'policy.match';");
  assert.deepEqual(literal, ['office.no_such_key']);
  assert.deepEqual(prefixes, ['office.nothing.']);
});
