// The portal's search (issue 15): bundles and items in one list, names before the rest, the
// city's synonyms for everyday words (开饭店 and 餐饮 find 开办餐饮店 first), English names in
// English; the synonyms table read by anyone, replaced by administrators only, checked whole.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { req, login, assertError, DEMO_PERSON } from './lib.mjs';

const search = (q, more = '') => req('GET', `/api/v1/search?q=${encodeURIComponent(q)}${more}`);
const first = (r) => `${r.json.results[0].kind}:${r.json.results[0].code}`;

test('开饭店 and 餐饮 find the bundle 开办餐饮店 first, and items after it', async () => {
  for (const q of ['开饭店', '餐饮', '我想开个饭馆', '开餐馆']) {
    const r = await search(q);
    assert.equal(r.status, 200, r.text);
    assert.equal(first(r), 'bundle:YJS-CYKB', `${q}: ${r.text}`);
    assert.equal(r.json.results[0].name, '开办餐饮店');
    assert.equal(r.json.results[0].department.code, 'QD-SCJG');
  }
  // what the synonyms added is said: q first
  const r = await search('开饭店');
  assert.equal(r.json.terms[0], '开饭店');
  assert.ok(r.json.terms.includes('餐饮'));
  // names rank before the rest: the food licence (its keywords say 餐饮) comes after the bundle
  const food = await search('餐饮');
  const kinds = food.json.results.map((h) => h.kind);
  assert.ok(food.json.results.some((h) => h.code === 'QD-SCJG-XK-0005'), food.text);
  assert.equal(kinds[0], 'bundle');
  // an item found by its name comes before one found by its other text
  const licence = await search('营业执照');
  const codes = licence.json.results.map((h) => h.code);
  // (企业开办 holds it in its items' names, 个体工商户登记 in its keywords)
  assert.ok(codes.indexOf('QD-SCJG-XK-0001') < codes.indexOf('YJS-QYKB'), licence.text);
  assert.ok(codes.indexOf('YJS-QYKB') < codes.indexOf('QD-SCJG-XK-0004'), licence.text);
  const item = licence.json.results.find((h) => h.code === 'QD-SCJG-XK-0001');
  assert.equal(item.kind, 'item');
  assert.equal(typeof item.promised_days, 'number');
  assert.equal(item.name_en, 'Business licence (registration of a new enterprise)');
  // 执照 → 营业执照; 开店 → 开办 finds 企业开办 as well
  assert.ok((await search('办执照')).json.results.some((h) => h.code === 'QD-SCJG-XK-0001'));
  const shop = await search('开店');
  assert.ok(shop.json.results.some((h) => h.code === 'YJS-QYKB') && shop.json.results.some((h) => h.code === 'YJS-CYKB'));
});

test('English searches find English names, whatever their case', async () => {
  const r = await search('Restaurant');
  assert.equal(r.status, 200, r.text);
  assert.equal(first(r), 'bundle:YJS-CYKB');
  assert.equal(r.json.results[0].name_en, 'Opening a restaurant');
  const passport = await search('passport');
  assert.equal(first(passport), 'item:QD-GA-XK-0001');
  const licence = await search('food business LICENCE');
  assert.equal(first(licence), 'item:QD-SCJG-XK-0005');
  // paged: total is the whole count, limit and offset cut the page
  const all = await search('licence', '&limit=100');
  const page = await search('licence', '&limit=2&offset=1');
  assert.equal(page.json.total, all.json.total);
  assert.deepEqual(page.json.results.map((h) => h.code), all.json.results.slice(1, 3).map((h) => h.code));
  // nothing found is an empty page, not an error; LIKE's wildcards are only characters
  const none = await search('%_%');
  assert.equal(none.status, 200);
  assert.equal(none.json.total, 0);
  assert.deepEqual(none.json.results, []);
});

test('bad searches are refused naming q', async () => {
  assertError(await req('GET', '/api/v1/search'), 422, 'invalid', 'q');
  assertError(await search('   '), 422, 'invalid', 'q');
  assertError(await search('x'.repeat(101)), 422, 'invalid', 'q');
  assertError(await search('餐饮', '&limit=0'), 422, 'invalid', 'limit');
});

test('the synonyms: anyone reads them, administrators replace them whole, checked first', async () => {
  const read = await req('GET', '/api/v1/search-synonyms');
  assert.equal(read.status, 200, read.text);
  const kept = read.json.synonyms;
  assert.deepEqual(kept.find((s) => s.term === '开饭店').words, ['餐饮']);

  const body = { synonyms: [...kept, { term: '撸串', words: ['餐饮', '烧烤'] }] };
  // nobody, an applicant, a clerk: refused, nothing changed
  assert.equal((await req('PUT', '/api/v1/search-synonyms', { body })).status, 401);
  for (const who of [DEMO_PERSON, 'clerk']) {
    const r = await req('PUT', '/api/v1/search-synonyms', { token: await login(who), body });
    assertError(r, 403, 'forbidden');
  }
  const admin = await login('admin');
  const bad = [
    [{ synonyms: [{ term: '  ', words: ['餐饮'] }] }, '/synonyms/0/term'],
    [{ synonyms: [{ term: '撸串', words: [] }] }, '/synonyms/0/words'],
    [{ synonyms: [{ term: '撸串', words: ['撸串'] }] }, '/synonyms/0/words/0', 'search_word_is_term'],
    [{ synonyms: [{ term: '撸串', words: ['餐饮', '餐饮'] }] }, '/synonyms/0/words/1', 'item_repeated'],
    [{ synonyms: [{ term: 'Shop', words: ['开办'] }, { term: 'shop', words: ['餐饮'] }] }, '/synonyms/1/term', 'item_repeated'],
    [{ synonyms: [{ term: '撸串', words: ['a\tb'] }] }, '/synonyms/0/words/0'],
    [{ synonyms: [{ term: '撸串', words: ['x'.repeat(61)] }] }, '/synonyms/0/words/0'],
    [{ synonyms: [{ term: '撸串' }] }, '/synonyms/0/words'],
  ];
  for (const [b, field, reason] of bad) {
    const r = await req('PUT', '/api/v1/search-synonyms', { token: admin, body: b });
    const e = assertError(r, 422, 'invalid', field);
    if (reason) assert.equal(e.reason, reason);
  }
  assert.deepEqual((await req('GET', '/api/v1/search-synonyms')).json.synonyms, kept, 'nothing changed');

  // replaced: the new word finds the restaurant, and the change is audited
  const put = await req('PUT', '/api/v1/search-synonyms', { token: admin, body });
  assert.equal(put.status, 200, put.text);
  assert.deepEqual(put.json.synonyms.find((s) => s.term === '撸串').words, ['餐饮', '烧烤']);
  assert.equal(first(await search('撸串')), 'bundle:YJS-CYKB');
  const audit = await req('GET', '/api/v1/audit?object_type=search_synonyms&object_id=table&limit=5', { token: admin });
  assert.equal(audit.status, 200, audit.text);
  assert.ok(JSON.stringify(audit.json).includes('search.synonyms') && JSON.stringify(audit.json).includes('撸串'), audit.text);
  // and put back
  const back = await req('PUT', '/api/v1/search-synonyms', { token: admin, body: { synonyms: kept } });
  assert.equal(back.status, 200, back.text);
  assert.equal((await search('撸串')).json.total, 0);
});
