// 消息中心 (messages.html): the account's messages (GET /api/v1/messages), newest first, a page
// at a time; an unread one says 未读 in words, not by its colour alone. Opening a message marks it
// read (POST /api/v1/messages/read) and then follows its link, a page of this site where the
// reader acts on it; 标为已读 marks one without leaving, 全部已读 all of them. The top bar's count
// is asked again after every change (refreshUnread()). Titles and bodies come in the page's
// language from the server, so a language switch asks for them again.
'use strict';

const PAGE = 20;
let offset = 0;
let list = null; // the last answer: {total, unread, messages}

// Only a page of this site is followed: a path, never another host.
const sameSite = (link) => typeof link === 'string' && link.startsWith('/') && !link.startsWith('//');

async function load() {
  const res = await api('GET', `/api/v1/messages?limit=${PAGE}&offset=${offset}`);
  if (res.status !== 200) {
    showApiError(res);
    return;
  }
  list = res.body;
  if (!list.messages.length && offset > 0 && list.total > 0) { // past the last page: go to it
    offset = Math.floor((list.total - 1) / PAGE) * PAGE;
    await load();
    return;
  }
  render();
}

// Marks `ids` read; resolves to the API's answer.
const markRead = (ids) => api('POST', '/api/v1/messages/read', { ids });

// Opening a message: read first, then its page. A click that opens it elsewhere (a new tab, a
// new window) is left to the browser; the message is marked read all the same.
async function open(ev, m) {
  if (m.read) return;
  if (ev.button !== 0 || ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.altKey) {
    markRead([m.id]).then(async () => { await load(); refreshUnread(); });
    return;
  }
  ev.preventDefault();
  const link = ev.currentTarget;
  if (link.getAttribute('aria-busy') === 'true') return;
  link.setAttribute('aria-busy', 'true');
  await markRead([m.id]); // the page is opened whatever the answer: reading it matters more
  location.assign(m.link);
}

async function markOne(button, m) {
  const res = await busy(button, () => markRead([m.id]));
  if (!res) return;
  if (res.status !== 200) {
    showApiError(res);
    return;
  }
  await load();
  refreshUnread();
  say(t('msg.marked'));
  document.querySelector(`li[data-id="${CSS.escape(m.id)}"] .msg-title a, li[data-id="${CSS.escape(m.id)}"]`)?.focus();
}

async function readAll() {
  const res = await busy($('read-all'), () => api('POST', '/api/v1/messages/read', { all: true }), t('msg.readall.busy'));
  if (!res) return;
  if (res.status !== 200) {
    showApiError(res);
    return;
  }
  await load();
  refreshUnread();
  say(t('msg.readall.done', { n: res.body.marked }));
}

function item(m) {
  const title = sameSite(m.link)
    ? el('a', { href: m.link, onclick: (ev) => open(ev, m) }, m.title)
    : m.title;
  return el('li', { class: m.read ? 'msg read' : 'msg unread', 'data-id': m.id, tabindex: '-1' },
    el('div', { class: 'msg-head' },
      m.read ? null : el('span', { class: 'badge unread-mark' }, t('msg.unread')),
      el('h2', { class: 'msg-title' }, title),
      el('time', { class: 'msg-time', datetime: m.created_at }, cityTime(m.created_at))),
    el('p', { class: 'msg-body' }, m.body),
    m.read ? null : el('div', { class: 'msg-actions' },
      el('button', { type: 'button', class: 'link mark-read', onclick: (ev) => markOne(ev.currentTarget, m) }, t('msg.mark'))));
}

function render() {
  const { total, unread, messages } = list;
  $('summary').textContent = total ? t(unread ? 'msg.summary' : 'msg.summary.none', { total, unread }) : '';
  $('summary').hidden = !total;
  $('read-all').hidden = !total;
  $('read-all').disabled = !unread;
  $('messages').replaceChildren(...messages.map(item));
  $('empty').hidden = total > 0;
  const pages = Math.max(1, Math.ceil(total / PAGE));
  $('pager').hidden = total <= PAGE;
  $('prev').disabled = offset === 0;
  $('next').disabled = offset + PAGE >= total;
  $('page-no').textContent = t('msg.page', { page: Math.floor(offset / PAGE) + 1, pages });
}

async function turn(by) {
  offset = Math.max(0, offset + by * PAGE);
  await load();
  $('messages').scrollIntoView({ block: 'start' });
}

page({
  async start() {
    $('read-all').addEventListener('click', readAll);
    $('prev').addEventListener('click', () => turn(-1));
    $('next').addEventListener('click', () => turn(1));
    await load();
  },
  lang: () => list && load(),
});
