// The workbench: who is logged in, and a panel for each page their roles see (kit.js's NAV, the
// one table of who sees which page), each with what it is for; 我的待办 for everyone.
'use strict';

let me = null;

function render() {
  $('user-dept').textContent = me.department ? me.department.name : '—';
  $('user-roles').textContent = me.roles.map((r) => t(`role.${r}`)).join('、');
  const panels = panelsFor(me).map((n) => el('article', { class: 'panel', 'data-page': n.key },
    el('h2', {}, n.href ? el('a', { href: n.href, id: `${n.key}-link` }, t(n.label)) : t(n.label)),
    el('p', { class: 'empty' }, t(`${n.label}.hint`))));
  $('panels').replaceChildren(
    el('article', { class: 'panel', 'data-page': 'tasks' }, el('h2', {}, t('wb.tasks')), el('p', { class: 'empty' }, t('wb.tasks.empty'))),
    ...panels);
}

page({
  start(account) {
    me = account;
    render();
  },
  lang: () => me && render(),
});
