// 我的证照 (certs.html): the certificates a person or an enterprise holds (GET
// /api/v1/certificates?mine=true), each as a card — its type, number, holder, fields under the
// type's labels (GET /api/v1/cert-types; never a key), validity in Beijing days, status in words
// with the reason of a change, its QR code (qr.svg), the certificate file to download
// (/credential, a .jwt), the printable page (cert.html) and, on asking, who read it and for which
// case (/reads); an enterprise's, a link to its 企业身份码 (entity.html). A certificate replaced
// by a new version is folded under it (历史版本).
'use strict';

let certs = [];     // GET /api/v1/certificates?mine=true's certificates, newest first
let types = {};     // code → type (GET /api/v1/cert-types)
const reads = {};   // id → the reads once asked (GET /api/v1/certificates/{id}/reads)
const readsOpen = new Set(); // ids whose reads are shown

const en = () => currentLang() === 'en';
const typeName = (c) => (en() && c.type.name_en ? c.type.name_en : c.type.name);
const statusWords = (status) => tOr(`mycerts.status.${status}`, '—');

// Validity in Beijing days: "2019-05-20 至 2040-05-11", or open-ended.
function validity(c) {
  const from = cityDate(c.valid_from);
  return c.valid_until ? t('mycerts.validity', { from, until: cityDate(c.valid_until) }) : t('mycerts.validity.open', { from });
}

// The type's fields with their values in the certificate, in the type's order, by its labels.
function fieldFacts(c) {
  const type = types[c.type.code];
  if (!type) return [];
  return type.fields.filter((f) => c.fields[f.key] !== undefined && c.fields[f.key] !== '')
    .map((f) => [en() && f.label_en ? f.label_en : f.label, c.fields[f.key]]);
}

function facts(c) {
  const holderId = c.holder.kind === 'entity' ? 'mycerts.col.holder_id.entity' : 'mycerts.col.holder_id.person';
  // the holder's name once: not again when a field of the type says it (营业执照's 名称)
  const named = Object.values(c.fields).includes(c.holder.name);
  const rows = [[t('mycerts.col.number'), c.number], named ? null : [t('mycerts.col.holder'), c.holder.name], [t(holderId), c.holder.id],
    ...fieldFacts(c), [t('mycerts.col.validity'), validity(c)], [t('mycerts.col.issuer'), c.issuer.name]].filter(Boolean);
  return el('dl', { class: 'facts cert-facts' }, rows.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]));
}

function statusChip(c) {
  return el('span', { class: `cert-status status-${c.status}`, 'data-status': c.status }, statusWords(c.status));
}

// Why a certificate is not valid, when an office changed it: the day and the reason.
function change(c) {
  if (!['suspended', 'revoked', 'superseded'].includes(c.status)) return null;
  const parts = [];
  if (c.changed_at) parts.push(t('mycerts.changed', { date: cityDate(c.changed_at), status: statusWords(c.status) }));
  if (c.reason) parts.push(t('mycerts.reason', { reason: c.reason }));
  return parts.length ? el('p', { class: 'cert-change' }, parts.join('；')) : null;
}

function readsBox(c) {
  const box = el('section', { class: 'cert-reads', id: `reads-${c.id}`, 'aria-live': 'polite' },
    el('h3', {}, t('mycerts.reads.title')), el('p', { class: 'hint' }, t('mycerts.reads.hint')));
  const got = reads[c.id];
  if (!got) return box;
  if (!got.length) {
    box.append(el('p', { class: 'empty' }, t('mycerts.reads.none')));
    return box;
  }
  box.append(el('ul', { class: 'cert-read-list' }, got.map((r) => el('li', {},
    el('span', { class: 'read-when' }, cityTime(r.read_at)), ' ',
    r.case_number
      ? t('mycerts.reads.line', { department: r.department || '', reader: r.reader, number: r.case_number })
      : t('mycerts.reads.line.nocase', { department: r.department || '', reader: r.reader })))));
  return box;
}

async function toggleReads(c, button) {
  if (readsOpen.has(c.id)) {
    readsOpen.delete(c.id);
    return draw();
  }
  if (!reads[c.id]) {
    const res = await busy(button, () => api('GET', `/api/v1/certificates/${encodeURIComponent(c.id)}/reads`));
    if (!res) return;
    if (res.status !== 200) return showApiError(res);
    reads[c.id] = res.body.reads;
  }
  readsOpen.add(c.id);
  draw();
  document.getElementById(`reads-${c.id}`)?.querySelector('h3')?.focus?.();
}

function history(versions) {
  if (!versions.length) return null;
  return el('details', { class: 'cert-history' }, el('summary', {}, t('mycerts.history', { n: versions.length })),
    el('ul', {}, versions.map((v) => el('li', { 'data-cert': v.id },
      el('span', { class: 'version' }, t('mycerts.version', { n: v.version })), ' ',
      el('span', {}, v.number), ' · ', el('span', {}, validity(v)), ' · ', statusChip(v), ' ',
      change(v), el('a', { href: `/cert.html?id=${encodeURIComponent(v.id)}` }, t('mycerts.print'))))));
}

function card(c, versions) {
  const name = typeName(c), id = encodeURIComponent(c.id);
  const open = readsOpen.has(c.id);
  const readsButton = el('button', { type: 'button', class: 'secondary', 'aria-expanded': String(open), 'aria-controls': `reads-${c.id}`,
    'data-act': 'reads' }, t(open ? 'mycerts.reads.hide' : 'mycerts.reads'));
  readsButton.addEventListener('click', () => toggleReads(c, readsButton));
  return el('article', { class: 'card cert-card', 'data-cert': c.id, 'data-type': c.type.code, 'data-status': c.status },
    el('div', { class: 'cert-head' }, el('h2', {}, name), statusChip(c)),
    el('div', { class: 'cert-main' },
      el('div', { class: 'cert-text' }, facts(c), change(c)),
      el('figure', { class: 'cert-qr' },
        el('img', { src: `/api/v1/certificates/${id}/qr.svg`, alt: t('mycerts.qr.alt', { type: name }), width: 160, height: 160 }),
        el('figcaption', {}, el('a', { href: c.verify_url, class: 'verify-link' }, t('mycerts.qr.hint'))))),
    el('div', { class: 'cert-actions' },
      el('a', { href: `/api/v1/certificates/${id}/credential`, download: `${c.number}.jwt`, class: 'button-link', 'data-act': 'download',
        'aria-label': t('mycerts.download.named', { type: name, number: c.number }) }, t('mycerts.download')),
      el('a', { href: `/cert.html?id=${id}`, class: 'button-link secondary', 'data-act': 'print',
        'aria-label': t('mycerts.print.named', { type: name, number: c.number }) }, t('mycerts.print')),
      readsButton,
      // an enterprise's certificate: the enterprise's own page and QR (企业身份码)
      c.holder.kind === 'entity' ? el('a', { href: `/entity.html?uscc=${encodeURIComponent(c.holder.id)}`, class: 'button-link secondary',
        'data-act': 'entity' }, t('mycerts.entity')) : null),
    open ? readsBox(c) : null,
    history(versions));
}

// The current versions, each with the versions it replaced (newest first).
function chains() {
  const byId = new Map(certs.map((c) => [c.id, c]));
  // the valid ones first, then the others, each newest first as the API gives them
  const heads = certs.filter((c) => !c.replaced_by || !byId.has(c.replaced_by));
  heads.sort((a, b) => (b.status === 'valid') - (a.status === 'valid'));
  return heads.map((head) => {
    const older = [];
    for (let id = head.replaces; id && byId.has(id) && older.length < certs.length; id = byId.get(id).replaces) older.push(byId.get(id));
    return [head, older];
  });
}

function draw() {
  const list = $('certs-list');
  const heads = chains();
  $('certs-empty').hidden = heads.length > 0;
  $('certs-count').hidden = heads.length === 0;
  $('certs-count').textContent = t('mycerts.count', { n: heads.length });
  list.replaceChildren(...heads.map(([c, older]) => card(c, older)));
}

page({
  async start() {
    const [mine, known] = await Promise.all([api('GET', '/api/v1/certificates?mine=true&limit=200'), api('GET', '/api/v1/cert-types')]);
    if (known.status === 200) types = Object.fromEntries(known.body.types.map((x) => [x.code, x]));
    if (mine.status !== 200) return showApiError(mine);
    certs = mine.body.certificates;
    draw();
  },
  lang() { draw(); },
});
