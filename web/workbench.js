// The workbench: who is logged in, and the panels of their roles. Nobody logged in goes back
// to the login page.
'use strict';

let me = null;

function render() {
  if (!me) return;
  const kind = t(`kind.${me.kind}`);
  document.getElementById('user-name').textContent = `${me.name}（${kind}）`;
  document.getElementById('user-dept').textContent = me.department ? me.department.name : '—';
  document.getElementById('user-roles').textContent = me.roles.map((r) => t(`role.${r}`)).join('、');
  for (const panel of document.querySelectorAll('.panel')) {
    const roles = panel.dataset.roles.split(' ');
    panel.hidden = !me.roles.some((r) => roles.includes(r));
  }
}

document.addEventListener('DOMContentLoaded', async () => {
  applyMessages();
  document.getElementById('lang').addEventListener('click', toggleLang);
  document.addEventListener('yw:lang', render);
  document.getElementById('logout').addEventListener('click', async () => {
    await api('DELETE', '/api/v1/session');
    location.assign('/');
  });
  const res = await api('GET', '/api/v1/me');
  if (res.status !== 200) {
    location.replace('/');
    return;
  }
  me = res.body;
  render();
  document.body.dataset.ready = 'true'; // the panels of the user's roles are drawn
});
