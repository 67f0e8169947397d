// The workbench: who is logged in, 我的待办 — what waits for them (GET /api/v1/inbox): the
// counts by colour, each said in words, and the first items, each a link to the tab of 办件工作台
// where it is handled — then a panel for each page their roles see (kit.js's NAV, the one
// table of who sees which page), each with what it is for.
'use strict';

const FIRST = 5; // the items 我的待办 shows at first; 还有N项 shows the rest, up to ALL
const ALL = 200; // the inbox API's largest page
const COUNTS = [['red', 'red'], ['yellow', 'yellow'], ['green', 'green'], ['paused', 'paused'], ['undated', 'none']];

let me = null;
let inbox = null; // GET /api/v1/inbox's answer; null while it has not come or failed
let inboxFailed = false;

const has = (role) => me.roles.includes(role);

// Where an item is handled: a clerk's at the window (受理); an objection to a 简易注销 notice on
// the registry's page of its entity; an officer's own department's task on its case's page, a
// rectification on 差评整改 outlined; anything else — a supervisor's overdue item of any department — in 超期督办.
function whereOf(item) {
  if (item.kind === 'acceptance' || item.kind === 'deferred') return '/office.html#queue';
  if (item.kind === 'objection') return `/registry.html#objection/${item.id}`;
  const own = has('officer') && me.department && item.department === me.department.name;
  if (own && item.kind === 'rectification') return `/office.html#rect/${encodeURIComponent(item.id)}`;
  if (own) return `/office.html#case/${encodeURIComponent(item.case_id)}`;
  return '/office.html#overdue';
}

// A deadline in colour and in words: 2026-12-08 · 即将到期.
function chip(color, deadline) {
  if (color === 'none' || !hasString(`wb.color.${color}`)) return el('span', { class: 'chip chip-none' }, deadline || t('wb.nodeadline'));
  const words = t(`wb.color.${color}`);
  return el('span', { class: `chip chip-${color}` }, deadline ? `${deadline} · ${words}` : words);
}

function workItem(item) {
  return el('li', { class: `work-item color-${item.color}`, 'data-kind': item.kind, 'data-color': item.color },
    el('span', { class: 'work-kind' }, tOr(`wb.kind.${item.kind}`, t('wb.kind.other'))),
    // the case's title, and which of a bundle's items the task decides when that is not the title
    el('a', { href: whereOf(item), class: 'work-link' }, item.item && item.item !== item.title ? `${item.title || '—'} · ${item.item}` : item.title || '—'),
    chip(item.color, item.deadline),
    item.urged ? el('span', { class: 'chip chip-urged', 'data-urged': String(item.urged) }, t('wb.urged', { n: item.urged })) : '',
    el('p', { class: 'work-detail' }, [item.number && t('wb.number', { number: item.number }), item.detail, item.department].filter(Boolean).join(' · ')));
}

function tasksPanel() {
  const panel = el('article', { class: 'panel tasks', 'data-page': 'tasks', 'aria-labelledby': 'tasks-title' },
    el('h2', { id: 'tasks-title' }, t('wb.tasks')));
  if (inboxFailed) {
    panel.append(el('p', { class: 'empty', id: 'tasks-error' }, t('wb.tasks.failed')));
    return panel;
  }
  if (!inbox) {
    panel.append(el('p', { class: 'empty' }, t('wb.loading')));
    return panel;
  }
  const { counts, items } = inbox;
  if (!counts.total) {
    panel.append(el('p', { class: 'empty', id: 'tasks-empty' }, t('wb.tasks.empty')));
    return panel;
  }
  panel.append(
    el('p', { class: 'counts', id: 'tasks-total' }, t('wb.tasks.total', { n: counts.total })),
    el('ul', { class: 'work-counts', id: 'work-counts', 'aria-label': t('wb.tasks.bycolor') },
      COUNTS.filter(([key]) => counts[key] || key !== 'undated').map(([key, color]) =>
        el('li', { 'data-count': key },
          // a colour only where something is counted: nothing overdue is not red
          el('span', { class: `chip chip-${counts[key] ? color : 'none'}` }, t(`wb.count.${key}`), el('strong', {}, String(counts[key] ?? 0)))))),
    el('ul', { class: 'work-items', id: 'work-items' }, items.map(workItem)));
  if (counts.total > items.length) {
    // the rest, here in the list (each item links to where it is handled), up to the API's page
    const more = el('button', { type: 'button', class: 'link', id: 'tasks-more' }, t('wb.tasks.more', { n: counts.total - items.length }));
    more.addEventListener('click', async () => {
      const res = await busy([more], () => api('GET', `/api/v1/inbox?limit=${ALL}`));
      if (!res || res.status !== 200) return;
      inbox = res.body;
      render();
      document.querySelector(`#work-items li:nth-child(${items.length + 1}) a`)?.focus();
    });
    panel.append(el('p', { class: 'work-more' }, more));
  }
  return panel;
}

function render() {
  $('user-dept').textContent = me.department ? me.department.name : '—';
  $('user-roles').textContent = me.roles.map((r) => t(`role.${r}`)).join('、');
  const panels = panelsFor(me).map((n) => el('article', { class: 'panel', 'data-page': n.key },
    el('h2', {}, n.href ? el('a', { href: n.href, id: `${n.key}-link` }, t(n.label)) : t(n.label)),
    el('p', { class: 'empty' }, t(`${n.label}.hint`))));
  $('panels').replaceChildren(tasksPanel(), ...panels);
}

page({
  async start(account) {
    me = account;
    render();
    const res = await api('GET', `/api/v1/inbox?limit=${FIRST}`);
    if (res.status === 200) inbox = res.body;
    else inboxFailed = true;
    render();
  },
  lang: () => me && render(),
});
