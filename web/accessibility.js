// 无障碍声明: what the site does for accessibility — each point something the browser tests check
// on every page — what it does not do yet, 长辈版 one click away, and whom to tell (the site's
// phone and e-mail from GET /api/v1/site, as the footer shows them).
'use strict';

const POINTS = ['a11y.point.widths', 'a11y.point.contrast', 'a11y.point.elder', 'a11y.point.lang', 'a11y.point.errors',
  'a11y.point.keys', 'a11y.point.colour', 'a11y.point.words'];
const GAPS = ['a11y.gap.reader', 'a11y.gap.files'];

function render() {
  $('a11y-points').replaceChildren(...POINTS.map((k) => el('li', {}, t(k))));
  $('a11y-gaps').replaceChildren(...GAPS.map((k) => el('li', {}, t(k))));
  $('elder-here').textContent = t(elderOn() ? 'a11y.elder.off' : 'a11y.elder.on');
  $('elder-here').setAttribute('aria-pressed', String(elderOn()));
  const s = site || {};
  const ways = [s.phone ? t('a11y.contact.phone', { phone: s.phone }) : null, s.email ? t('a11y.contact.email', { email: s.email }) : null].filter(Boolean);
  $('a11y-contact-text').textContent = ways.length ? t('a11y.contact.text', { ways: ways.join(t('a11y.contact.or')) }) : t('a11y.contact.none');
}

page({
  access: 'public',
  async start() {
    $('elder-here').addEventListener('click', () => { toggleElder(); render(); });
    $('elder').addEventListener('click', render);
    await loadSite();
    render();
  },
  lang: render,
});
