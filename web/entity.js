// 企业身份码 (entity.html?uscc=…), public: GET /api/v1/entities/{uscc}/public — the enterprise's
// name, USCC and status in words, its certificates valid now (type, number, valid until, where to
// verify each) and the QR that opens this page (code.svg to show, code.png to save); a
// deregistered enterprise says so. Its own account, logged in, reads the owner's view: every
// certificate with its state, and 我的惠企政策.
'use strict';

let ent = null; // the answer, drawn again when the language changes

const en = () => currentLang() === 'en';
const typeName = (c) => (en() ? c.type.name_en || c.type.name : c.type.name);
const certStatus = (s) => tOr(`ec.status.${s}`, '—');

function certCard(c, owner) {
  const facts = [['ec.c.number', el('span', { 'data-literal': '' }, c.number)],
    ['ec.c.until', c.valid_until ? cityDate(c.valid_until) : t('ec.long')]];
  if (owner && c.reason && c.status !== 'valid') facts.push(['ec.c.reason', c.reason]);
  return el('li', { class: 'cert-card card', 'data-id': c.id, 'data-status': owner ? c.status : 'valid' },
    el('h3', {}, typeName(c), owner ? [' ', el('span', { class: `badge cert-${c.status}` }, certStatus(c.status))] : null),
    el('dl', { class: 'facts' }, facts.flatMap(([k, v]) => [el('dt', {}, t(k)), el('dd', {}, v)])),
    el('a', { href: c.verify_url, class: 'verify-link' }, t('ec.c.verify')));
}

function draw() {
  const box = $('ec');
  if (!ent) { box.replaceChildren(); return; }
  const e = ent;
  $('ec-name').textContent = e.name;
  document.title = `${t('app.name')} · ${e.name}`;
  const gone = e.status === 'deregistered';
  const code = `/api/v1/entities/${encodeURIComponent(e.uscc)}/code`;
  // replaceChildren takes nodes only: the parts left out (null) dropped, the owner's flattened
  box.replaceChildren(...[
    el('dl', { class: 'facts ec-facts' },
      el('dt', {}, t('ec.uscc')), el('dd', { id: 'ec-uscc' }, e.uscc),
      el('dt', {}, t('ec.status')), el('dd', {}, el('span', { class: `badge entity-${e.status}`, id: 'ec-status', 'data-status': e.status },
        tOr(`reg.status.${e.status}`, '—')))),
    gone ? el('p', { class: 'error', id: 'ec-gone', role: 'status' }, t('ec.gone', { date: e.deregistered_on || '—' })) : null,
    e.owner ? el('p', { class: 'owner-links' }, el('a', { href: e.benefits_url || '/#benefits', id: 'ec-benefits', class: 'button' }, t('ec.benefits'))) : null,
    // the owner reads one list, every certificate with its state; anyone else the valid ones
    e.owner ? null : [el('h2', {}, t('ec.valid')),
      e.certificates.length ? el('ul', { class: 'certs', id: 'ec-valid' }, e.certificates.map((c) => certCard(c, false)))
        : el('p', { class: 'empty', id: 'ec-none' }, t(gone ? 'ec.none.gone' : 'ec.none'))],
    e.owner ? [el('h2', {}, t('ec.all')),
      el('p', { class: 'muted' }, t('ec.all.hint')),
      e.certificates.length ? el('ul', { class: 'certs', id: 'ec-all' }, e.certificates.map((c) => certCard(c, true)))
        : el('p', { class: 'empty' }, t('ec.none'))] : null,
    el('figure', { class: 'ec-qr' },
      el('img', { src: `${code}.svg?scale=6`, alt: t('ec.qr.alt', { name: e.name }), width: 200, height: 200, id: 'ec-qr' }),
      el('figcaption', {}, t('ec.qr'), ' ',
        el('a', { href: `${code}.png?scale=10`, download: `${e.uscc}.png`, id: 'ec-qr-download' }, t('ec.qr.download')))),
    el('p', { class: 'hint' }, t(e.owner ? 'ec.privacy.owner' : 'ec.privacy'))].flat().filter(Boolean));
}

page({
  access: 'public',
  async start() {
    const uscc = (new URLSearchParams(location.search).get('uscc') || '').trim().toUpperCase();
    if (!uscc) { $('error').textContent = t('ec.missing'); $('error').hidden = false; return; }
    const res = await api('GET', `/api/v1/entities/${encodeURIComponent(uscc)}/public`);
    if (res.status !== 200) return showApiError(res);
    ent = res.body;
    draw();
  },
  lang: draw,
});
