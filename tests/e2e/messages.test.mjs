// 消息中心 and 我的待办 in a real browser, on a server of its own (what is read here stays read):
// the person reads the demo's messages — 办件需要补正 among them, unread ones saying 未读 —, opens
// one, which is then read and the top bar's count one less, and 全部已读 leaves none; the officer
// does the same with a 新的待办任务 and lands on the inbox; the officer's workbench counts what
// waits by colour, in words, and links the demo's task to the inbox where it is decided; the
// clerk's shows the case waiting at the window; the messages page turns pages. At 1366×900 and
// 390×844, in Chinese and in English.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, SHOTS } from './browser.mjs';
import { startServer } from './server.mjs';

const DESKTOP = { width: 1366, height: 900 }, PHONE = { width: 390, height: 844 };
const PERSON = '370202199003071233';

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

async function logIn(who, viewport) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${server.url}/login.html`);
  await page.fill('#login', who);
  await page.fill('#password', 'yiwang2026');
  await page.click('#submit');
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  await page.locator('body[data-ready="true"]').waitFor({ state: 'attached' });
  return { page, context, errors };
}

async function open(page, path) {
  await page.goto(server.url + path);
  await page.locator('body[data-ready="true"]').waitFor({ state: 'attached' });
  await page.waitForLoadState('networkidle');
}

// The top bar's unread count as shown: the badge's number, 0 when there is none.
async function badge(page) {
  await page.locator('#messages-link').waitFor();
  const count = page.locator('#messages-link .count');
  return (await count.count()) ? Number(await count.textContent()) : 0;
}

async function noSideScroll(page, viewport) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= viewport.width, `page is ${width}px wide at ${viewport.width}`);
}

const as = async (who) => {
  const token = await api.login(who);
  return async (method, path, body) => api.req(method, path, { token, body });
};

test('the officer\'s 我的待办 counts what waits by colour, in words, and links the demo\'s task to the inbox', async () => {
  const officer = await as('officer');
  const inbox = (await officer('GET', '/api/v1/inbox?limit=200')).json;
  assert.ok(inbox.counts.total >= 1, 'the demo gives the officer work');
  const task = inbox.items.find((i) => i.kind === 'task' && i.color !== 'paused');
  assert.ok(task, JSON.stringify(inbox.items));
  const words = { red: '已超期', yellow: '即将到期', green: '正常', paused: '暂停计时' };
  for (const viewport of [DESKTOP, PHONE]) {
    const { page, context, errors } = await logIn('officer', viewport);
    const panel = page.locator('[data-page="tasks"]');
    await panel.locator('#work-items').waitFor();
    assert.doesNotMatch(await panel.textContent(), /暂无待办事项/);
    assert.equal(await panel.locator('#tasks-total').textContent(), `共${inbox.counts.total}项待办`);
    // each count in words with its number, not a colour alone
    for (const [key, word] of Object.entries(words))
      assert.equal(await panel.locator(`[data-count="${key}"]`).textContent(), `${word}${inbox.counts[key]}`);
    // the first items by deadline, each kind and colour in words
    const items = panel.locator('#work-items li');
    assert.equal(await items.count(), Math.min(5, inbox.counts.total));
    const first = items.first();
    assert.equal(await first.locator('.work-kind').textContent(), inbox.items[0].kind === 'task' ? '审批' : '事后核查');
    assert.match(await first.locator('.chip').textContent(), new RegExp(`${inbox.items[0].deadline} · ${words[inbox.items[0].color]}`));
    const row = panel.locator(`#work-items li[data-kind="task"]`, { hasText: task.title }).first();
    assert.match(await row.textContent(), new RegExp(`审批${task.title}`));
    assert.match(await row.textContent(), /青岛市市场监督管理局/);
    if (inbox.counts.total > 5) assert.equal(await panel.locator('#tasks-more').textContent(), `还有${inbox.counts.total - 5}项，查看全部`);
    await noSideScroll(page, viewport);
    await page.screenshot({ path: `${SHOTS}/workbench-officer-${viewport.width}.png`, fullPage: true });
    // in English
    await page.click('#lang');
    await page.locator('html[lang="en"]').waitFor({ state: 'attached' });
    assert.equal(await panel.locator('#tasks-total').textContent(), `${inbox.counts.total} waiting`);
    assert.match(await panel.locator('[data-count="yellow"]').textContent(), /^Due soon\d+$/);
    assert.equal(await row.locator('.work-kind').textContent(), 'Review');
    await noSideScroll(page, viewport);
    await page.screenshot({ path: `${SHOTS}/workbench-officer-${viewport.width}-en.png`, fullPage: true });
    await page.click('#lang');
    await page.locator('html[lang="zh-CN"]').waitFor({ state: 'attached' });
    // the case's number is on the line, and its link opens the case in 办件工作台, with the task
    // to decide there
    assert.match(await row.textContent(), new RegExp(`办件编号 ${task.number}`));
    await row.locator('a.work-link').click();
    await page.waitForURL((u) => u.pathname === '/office.html' && u.hash === `#case/${task.case_id}`);
    await page.locator('body[data-ready="true"]').waitFor({ state: 'attached' });
    await page.locator(`form.task-card[data-task="${task.id}"]`).waitFor();
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test('the clerk\'s 我的待办 shows the case waiting at the window, linked to 受理', async () => {
  const clerk = await as('clerk');
  const inbox = (await clerk('GET', '/api/v1/inbox?limit=200')).json;
  const waiting = inbox.items.find((i) => i.kind === 'acceptance');
  assert.ok(waiting, 'the demo has a case waiting at the window');
  for (const viewport of [DESKTOP, PHONE]) {
    const { page, context, errors } = await logIn('clerk', viewport);
    const panel = page.locator('[data-page="tasks"]');
    await panel.locator('#work-items').waitFor();
    assert.equal(await panel.locator('[data-count="undated"]').textContent(), `待受理${inbox.counts.undated}`);
    const row = panel.locator('#work-items li[data-kind="acceptance"]', { hasText: waiting.title }).first();
    assert.match(await row.textContent(), new RegExp(`^待受理${waiting.title}未定时限办件编号 ${waiting.number} · ${waiting.detail}$`));
    assert.equal(await row.locator('a').getAttribute('href'), '/office.html#queue');
    await noSideScroll(page, viewport);
    await page.screenshot({ path: `${SHOTS}/workbench-clerk-${viewport.width}.png`, fullPage: true });
    await row.locator('a').click();
    await page.waitForURL((u) => u.pathname === '/office.html' && u.hash === '#queue');
    await page.locator('body[data-ready="true"]').waitFor({ state: 'attached' });
    assert.equal(await page.getByRole('tab', { name: '受理' }).getAttribute('aria-selected'), 'true');
    await page.locator('#tab-queue', { hasText: waiting.title }).waitFor();
    assert.deepEqual(errors, []);
    await context.close();
  }
});

// Reads the list, opens the message titled `title`, then 全部已读: each step seen on the page,
// in the top bar's count and in the API.
async function readThrough(who, viewport, title, landing) {
  const mine = await as(who);
  const before = (await mine('GET', '/api/v1/messages?limit=100')).json;
  assert.ok(before.unread >= 2, `${who} has unread messages: ${JSON.stringify(before)}`);
  const target = before.messages.find((m) => m.title === title && !m.read);
  assert.ok(target, `${who} has an unread ${title}`);
  const { page, context, errors } = await logIn(who, viewport);
  await open(page, '/messages.html');
  assert.equal(await badge(page), before.unread);
  assert.equal(await page.locator('#messages-link').getAttribute('aria-current'), 'page');
  assert.equal(await page.locator('#summary').textContent(), `共${before.total}条消息，${before.unread}条未读`);
  // newest first, as the API gives them; unread ones say so in words
  const items = page.locator('#messages li.msg');
  assert.equal(await items.count(), Math.min(20, before.total));
  assert.equal(await items.first().locator('.msg-title').textContent(), before.messages[0].title);
  assert.equal(await page.locator('#messages li.msg.unread').count(), before.messages.slice(0, 20).filter((m) => !m.read).length);
  for (const li of await page.locator('#messages li.msg.unread').all()) assert.equal(await li.locator('.unread-mark').textContent(), '未读');
  const item = page.locator(`#messages li[data-id="${target.id}"]`);
  assert.match(await item.textContent(), new RegExp(`^未读${title}`));
  assert.equal(await item.locator('.msg-body').textContent(), target.body);
  await noSideScroll(page, viewport);
  await page.screenshot({ path: `${SHOTS}/messages-${who.slice(0, 8)}-${viewport.width}.png`, fullPage: true });
  // in English: the server's words in English, the page's too
  await page.click('#lang');
  await page.locator('html[lang="en"]').waitFor({ state: 'attached' });
  await page.locator('#summary', { hasText: `${before.total} messages, ${before.unread} unread` }).waitFor();
  assert.doesNotMatch(await item.locator('.msg-title').textContent(), /[\u4e00-\u9fff]/);
  assert.equal(await item.locator('.unread-mark').textContent(), 'Unread');
  await noSideScroll(page, viewport);
  await page.screenshot({ path: `${SHOTS}/messages-${who.slice(0, 8)}-${viewport.width}-en.png`, fullPage: true });
  await page.click('#lang');
  await page.locator('html[lang="zh-CN"]').waitFor({ state: 'attached' });
  await page.locator(`#messages li[data-id="${target.id}"] .msg-title`, { hasText: title }).waitFor();

  // opening it: read, and on the page it links to, the count one less
  await item.locator('.msg-title a').click();
  await page.waitForURL((u) => u.pathname + u.hash === landing(target));
  await page.locator('body[data-ready="true"]').waitFor({ state: 'attached' });
  await page.locator('#messages-link .count', { hasText: String(before.unread - 1) }).waitFor();
  const after = (await mine('GET', '/api/v1/messages?limit=100')).json;
  assert.equal(after.unread, before.unread - 1);
  assert.equal(after.messages.find((m) => m.id === target.id).read, true);
  await open(page, '/messages.html');
  assert.equal(await page.locator(`#messages li[data-id="${target.id}"].read .unread-mark`).count(), 0);
  assert.equal(await page.locator(`#messages li[data-id="${target.id}"]`).getAttribute('class'), 'msg read');

  // 全部已读: none unread, the badge gone, the button done with
  await page.click('#read-all');
  await page.locator('#message', { hasText: `已将${before.unread - 1}条消息标为已读` }).waitFor();
  assert.equal(await page.locator('#summary').textContent(), `共${before.total}条消息，全部已读`);
  assert.equal(await page.locator('#messages li.msg.unread').count(), 0);
  assert.equal(await page.locator('.unread-mark').count(), 0);
  assert.equal(await badge(page), 0);
  assert.equal(await page.locator('#read-all').isDisabled(), true);
  assert.equal((await mine('GET', '/api/v1/messages')).json.unread, 0);
  await page.screenshot({ path: `${SHOTS}/messages-${who.slice(0, 8)}-${viewport.width}-read.png`, fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();
}

test('the person reads the demo\'s messages: opening 办件需要补正 reads it, the count drops, 全部已读 empties it (1366 px)', async () => {
  await readThrough(PERSON, DESKTOP, '办件需要补正', (m) => m.link);
  assert.ok((await (await as(PERSON))('GET', '/api/v1/messages')).json.messages.some((m) => m.link.startsWith('/#case/')));
});

test('the officer reads a 新的待办任务 and lands on the inbox; 全部已读 empties it (390 px)', async () => {
  await readThrough('officer', PHONE, '新的待办任务', (m) => m.link);
  assert.match((await (await as('officer'))('GET', '/api/v1/messages')).json.messages.find((m) => m.kind === 'task.waiting').link, /^\/office\.html#case\/[0-9A-Z]{26}$/);
});

test('an account with no messages sees that it has none', async () => {
  for (const viewport of [DESKTOP, PHONE]) {
    const { page, context, errors } = await logIn('supervisor', viewport);
    await open(page, '/messages.html');
    assert.equal((await (await as('supervisor'))('GET', '/api/v1/messages')).json.total, 0);
    assert.equal(await page.locator('#empty').isVisible(), true);
    assert.equal(await page.locator('#empty').textContent(), '暂无消息');
    assert.equal(await page.locator('#read-all').isVisible(), false);
    assert.equal(await page.locator('#pager').isVisible(), false);
    await page.screenshot({ path: `${SHOTS}/messages-empty-${viewport.width}.png`, fullPage: true });
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test('more messages than a page: 下一页 and 上一页', async () => {
  // cases accepted for the person, each telling them so: more than the page's 20
  const token = await api.login(PERSON), clerk = await as('clerk');
  const had = (await (await as(PERSON))('GET', '/api/v1/messages')).json.total;
  for (let i = had; i < 23; i++) {
    const made = await api.req('POST', '/api/v1/cases', { token, body: await api.itemCase(token, 'QD-SCJG-XK-0004') });
    assert.equal(made.status, 201, made.text);
    assert.equal((await clerk('POST', `/api/v1/cases/${made.json.id}/accept`, {})).status, 200);
  }
  const all = (await (await as(PERSON))('GET', '/api/v1/messages?limit=100')).json;
  assert.ok(all.total > 20);
  const { page, context, errors } = await logIn(PERSON, PHONE);
  await open(page, '/messages.html');
  assert.equal(await page.locator('#pager').isVisible(), true);
  assert.equal(await page.locator('#page-no').textContent(), '第1页，共2页');
  assert.equal(await page.locator('#prev').isDisabled(), true);
  assert.equal(await page.locator('#messages li.msg').count(), 20);
  assert.equal(await page.locator('#messages li.msg').first().getAttribute('data-id'), all.messages[0].id);
  await page.click('#next');
  await page.locator('#page-no', { hasText: '第2页，共2页' }).waitFor();
  assert.equal(await page.locator('#messages li.msg').count(), all.total - 20);
  assert.equal(await page.locator('#messages li.msg').first().getAttribute('data-id'), all.messages[20].id);
  assert.equal(await page.locator('#next').isDisabled(), true);
  await noSideScroll(page, PHONE);
  await page.screenshot({ path: `${SHOTS}/messages-page2-390.png`, fullPage: true });
  await page.click('#prev');
  await page.locator('#page-no', { hasText: '第1页，共2页' }).waitFor();
  assert.equal(await page.locator('#messages li.msg').first().getAttribute('data-id'), all.messages[0].id);
  assert.deepEqual(errors, []);
  await context.close();
});
