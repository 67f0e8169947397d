// No internal code is ever shown (issue "foundation"): every page, as every role of the demo,
// with the demo's data and a little life in it (a case accepted, decided in part and corrected; a
// benefit granted and a message about it; an entity on and off the abnormal list; a measure
// urged), in Chinese — and nowhere a person reads text (the page's visible text, placeholders,
// labels for screen readers) is there a state, kind, scale, credit level, period or reason code,
// an English word, a ULID, a region code or an instant in UTC's ISO form. On a server of its own,
// so that what other tests typed is not in it. Screenshots at 1366 px and 390 px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, SHOTS } from './browser.mjs';
import { startServer } from './server.mjs';

let browser, server, api;
before(async () => {
  browser = await launch();
  server = await startServer();
  process.env.YW_URL = server.url; // ../api/lib.mjs speaks to the server it finds there
  api = await import('../api/lib.mjs');
});
after(async () => {
  await browser?.close();
  server?.stop();
});

// Words a person reads as they are: the file formats and units the pages name, the name of the
// rule language an officer writes (JsonLogic), the language switch. Anything else in Latin
// letters is a code or an untranslated word.
const ALLOWED = new Set(['English', 'CSV', 'Excel', 'xlsx', 'PDF', 'JPEG', 'PNG', 'OFD', 'TSV', 'UTF', 'KB', 'MB', 'KiB', 'JSON', 'JsonLogic']);

// What is wrong in `text`: [{what, around}].
function findings(text, regions) {
  const found = [];
  const around = (i, n) => text.slice(Math.max(0, i - 24), i + n + 24).replace(/\s+/g, ' ');
  for (const m of text.matchAll(/(?<![A-Za-z0-9_\-./@:])[A-Za-z][A-Za-z_]+(?![A-Za-z0-9_\-./@])/g))
    if (!ALLOWED.has(m[0])) found.push({ what: `English word “${m[0]}”`, around: around(m.index, m[0].length) });
  for (const m of text.matchAll(/(?<![0-9A-Z])[0-9A-HJKMNP-TV-Z]{26}(?![0-9A-Z])/g))
    found.push({ what: `ULID ${m[0]}`, around: around(m.index, 26) });
  for (const m of text.matchAll(/(?<![\d.])\d{6}(?![\d.])/g))
    if (regions.has(m[0])) found.push({ what: `region code ${m[0]}`, around: around(m.index, 6) });
  for (const m of text.matchAll(/\d{4}-\d\d-\d\dT\d\d:\d\d/g))
    found.push({ what: `instant in UTC ${m[0]}`, around: around(m.index, m[0].length) });
  return found;
}

// The text a person reads on the page now: what is shown (not what is hidden), the options of
// its lists, placeholders, titles and labels for screen readers — not what a person typed or
// marked as literal (data-literal: the demo's account names, a rule as its JSON).
const readable = (page) => page.evaluate(() => {
  const shown = (e) => e.getClientRects().length > 0 && !e.closest('[data-literal]');
  const parts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const e = n.parentElement;
    if (!e || !n.textContent.trim() || ['SCRIPT', 'STYLE', 'TEXTAREA'].includes(e.tagName)) continue;
    if (e.tagName === 'OPTION' ? shown(e.closest('select')) : shown(e)) parts.push(n.textContent);
  }
  for (const e of document.querySelectorAll('[placeholder], [title], [aria-label]'))
    if (shown(e)) for (const a of ['placeholder', 'title', 'aria-label']) if (e.getAttribute(a)) parts.push(e.getAttribute(a));
  parts.push(document.title);
  return parts.join('\n');
});

// The life the demo's data is given before the pages are read.
async function setUp() {
  const { req, login, bundleForm, provideMaterials, dayAfter, DEMO_PERSON, DEMO_ENTERPRISE } = api;
  const as = async (who) => { const token = await login(who); return (m, path, body) => req(m, path, { token, body }); };
  const person = await as(DEMO_PERSON), clerk = await as('clerk'), admin = await as('admin'), supervisor = await as('supervisor');
  // a case: submitted, accepted with a material deferred, one task approved, one sent back for
  // corrections, corrected and submitted again
  const answers = { new_shop: '新开店，还没有营业执照', sells_cooked_food: true, entity_kind: '企业', has_employees: true };
  const { form, materials: asked } = await bundleForm('YJS-CYKB', answers);
  const materials = await provideMaterials(await login(DEMO_PERSON), asked);
  const made = await person('POST', '/api/v1/cases', { bundle: 'YJS-CYKB', answers, form, materials });
  assert.equal(made.status, 201, made.text);
  const id = made.json.id;
  const deferred = materials.filter((m) => m.provided_as === 'deferred').map((m) => ({ material: m.name, due_date: dayAfter(30), due_reason: '设备清单待供货商出具' }));
  assert.equal((await clerk('POST', `/api/v1/cases/${id}/accept`, deferred.length ? { deferred } : {})).status, 200);
  const tasks = (await supervisor('GET', `/api/v1/cases/${id}`)).json.tasks.filter((x) => x.kind === 'review' && x.state === 'open');
  const officerOf = async (task) => as(`officer-${task.department.code.replace(/^QD-/, '').toLowerCase()}`);
  assert.equal((await (await officerOf(tasks[0]))('POST', `/api/v1/tasks/${tasks[0].id}/approve`)).status, 200);
  assert.equal((await (await officerOf(tasks[1]))('POST', `/api/v1/tasks/${tasks[1].id}/correct`, { reason: '请补充经营场所平面图' })).status, 200);
  assert.equal((await person('POST', `/api/v1/cases/${id}/resubmit`, {})).status, 200);
  // a benefit granted to the demo enterprise: its decision is a message in its inbox
  const grants = (await admin('GET', `/api/v1/grants?state=pending&limit=100`)).json?.grants ?? [];
  const grant = grants.find((g) => g.uscc === DEMO_ENTERPRISE && g.period === 'once') ?? grants.find((g) => g.uscc === DEMO_ENTERPRISE);
  if (grant) assert.equal((await admin('POST', `/api/v1/grants/${grant.id}/approve`)).status, 200);
  // an entity on the abnormal list and off it again: its history says who did it
  const officer = await as('officer');
  assert.equal((await officer('POST', `/api/v1/entities/${DEMO_ENTERPRISE}/abnormal`, { reason: '通过登记的住所无法联系' })).status, 200);
  assert.equal((await officer('POST', `/api/v1/entities/${DEMO_ENTERPRISE}/abnormal/remove`, { reason: '已恢复联系' })).status, 200);
  // a measure urged by the task force
  const measure = (await supervisor('GET', '/api/v1/ledger/measures?limit=1')).json.measures[0];
  assert.equal((await supervisor('POST', `/api/v1/ledger/measures/${measure.id}/urge`, { note: '请按期报送进展' })).status, 201);
  // a licence issued by hand and suspended, for 证照管理's detail with its reason
  const licence = await officer('POST', '/api/v1/certificates', { type: 'SPJY', holder: DEMO_ENTERPRISE, holder_name: '青岛海川数字科技有限公司',
    fields: { 'food.items': '热食类食品制售' }, reason: '依申请签发' });
  assert.equal(licence.status, 201, licence.text);
  assert.equal((await officer('POST', `/api/v1/certificates/${licence.json.id}/suspend`, { reason: '停业整顿' })).status, 200);
  // the enterprise's licence: 我的证照, its printable page and its public verification
  const yyzz = (await (await as(DEMO_ENTERPRISE))('GET', '/api/v1/certificates?mine=true&type=YYZZ')).json.certificates[0].id;
  return { caseId: id, measure: measure.id, enterprise: DEMO_ENTERPRISE, person: DEMO_PERSON, cert: licence.json.id, licence: yyzz };
}

// Each role's pages: a path, then the tabs (by name) clicked one by one.
function visits(life) {
  return {
    nobody: [['/'], ['/#policies'], ['/#bundle/YJS-CYKB'], ['/#item/QD-SCJG-XK-0001'], ['/figures.html'], ['/login.html'], ['/verify.html'], ['/accessibility.html'], ['/signup.html'],
      [`/entity.html?uscc=${life.enterprise}`], [`/verify.html?cert=${life.licence}`]],
    [life.person]: [['/'], ['/#mine'], [`/#case/${life.caseId}`], ['/#policies'], ['/messages.html'],
      [`/document.html?case=${life.caseId}&kind=receipt`], [`/document.html?case=${life.caseId}&kind=correction-notice`], ['/certs.html']],
    [life.enterprise]: [['/#benefits'], ['/#mine'], ['/#policies'], ['/messages.html'], ['/certs.html'], [`/cert.html?id=${life.licence}`], [`/entity.html?uscc=${life.enterprise}`]],
    clerk: [['/workbench.html'], ['/office.html#queue', '帮办代办'], [`/registry.html#entity/${life.enterprise}`], ['/registry.html#lapsing'],
      ['/ledger.html', '台账'], ['/calendar.html'], ['/jobs.html'], ['/messages.html']],
    officer: [['/workbench.html'], ['/messages.html'], ['/office.html#inbox', '差评整改'], ['/ledger.html', '我的措施'], [`/registry.html#entity/${life.enterprise}`], ['/registry.html#search'],
      ['/policies.html', '兑现审批', '预算使用'], ['/certdesk.html', '签发', '导入'], [`/certdesk.html#cert/${life.cert}`]],
    'officer-gxj': [['/policies.html', '兑现审批', '预算使用']],
    supervisor: [['/workbench.html'], ['/office.html#overdue', '好差评'], ['/ledger.html', '导入计划', '单位对应', '月度调度'],
      ['/registry.html#search'], ['/jobs.html'], ['/figures.html'], ['/messages.html'], [`/certdesk.html#cert/${life.cert}`]],
    admin: [['/workbench.html'], ['/policies.html'], ['/calendar.html'], ['/jobs.html'], ['/ledger.html'], ['/messages.html'],
      ['/accounts.html', '新建工作人员账号', '部门']],
  };
}

async function logIn(page, who) {
  await page.goto(`${server.url}/login.html`);
  await page.fill('#login', who);
  await page.fill('#password', 'yiwang2026');
  await page.click('#submit');
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  await page.locator('body[data-ready="true"]').waitFor({ state: 'attached' });
}

async function settle(page) {
  await page.waitForLoadState('networkidle');
  await page.locator('body[data-ready="true"]').waitFor({ state: 'attached' });
  await page.waitForTimeout(150); // a name asked of the server after the page is drawn
}

test('no page shows a code, an id or an English word in Chinese, to any role', async () => {
  const life = await setUp();
  const regions = new Set((await (await fetch(`${server.url}/api/v1/regions`)).json()).regions.map((r) => r.code));
  const problems = [];
  for (const [who, pages] of Object.entries(visits(life))) {
    for (const width of [1366, 390]) {
      const context = await browser.newContext({ viewport: { width, height: 900 } });
      const page = await context.newPage();
      page.on('pageerror', (e) => problems.push(`${who}: ${e.message}`));
      if (who !== 'nobody') await logIn(page, who);
      for (const [path, ...tabs] of pages) {
        await page.goto(server.url + path);
        await settle(page);
        const read = async (where) => {
          for (const f of findings(await readable(page), regions)) problems.push(`${where} as ${who}: ${f.what} in “${f.around}”`);
        };
        await read(path);
        if (width === 1366 || path === pages[0][0])
          await page.screenshot({ path: `${SHOTS}/words-${who.slice(0, 10)}-${path.replace(/\W+/g, '') || 'index'}-${width}.png`, fullPage: true });
        for (const tab of tabs) {
          await page.getByRole('tab', { name: tab, exact: true }).click();
          await settle(page);
          if (tab === '月度调度') { await page.click('#report-form button[type="submit"]'); await page.locator('#report-table').waitFor(); }
          await read(`${path} ${tab}`);
        }
      }
      await context.close();
    }
  }
  // each finding once, however many widths and roles show it
  assert.deepEqual([...new Set(problems)], []);
});

test('the check finds what it looks for', () => {
  // a check that cannot fail is no check: each kind of code in a sentence is found
  const text = '状态：in_progress；所在区 370202；办理人 01M98R51ABCDEFGHJKMNPQRSTV；small ∈ [micro、small]；once期；2026-12-07T18:35:48Z';
  const what = findings(text, new Set(['370202'])).map((f) => f.what);
  assert.deepEqual(what, ['English word “in_progress”', 'English word “small”', 'English word “micro”', 'English word “small”',
    'English word “once”', 'ULID 01M98R51ABCDEFGHJKMNPQRSTV', 'region code 370202', 'instant in UTC 2026-12-07T18:35']);
  assert.deepEqual(findings('下载 CSV · Excel，证照 91370202MA3CXK7TXN，QD-SCJG-XK-0001', new Set()), []);
});
