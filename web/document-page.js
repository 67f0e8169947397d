// One document of a case, to print (document.html?case=ID&kind=…[&serial=n]): its words as they
// were issued, laid out as the PDF lays them out, with its QR code drawn as an SVG from the modules
// the server gives (libqrencode's) and the verification address under it. The document's words are
// the office's, in Chinese, in either language of the page; the page's own words follow it.
'use strict';

const SVG = 'http://www.w3.org/2000/svg';
const wanted = new URLSearchParams(location.search);
let shown = null; // the document drawn
let viewer = null; // who reads it (GET /api/v1/me)

// The QR code's modules ("0101…" rows) as an SVG of dark squares, with a quiet zone of 4.
function qrSvg(rows) {
  const n = rows.length, side = n + 8;
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${side} ${side}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', t('doc.qr.label'));
  svg.setAttribute('shape-rendering', 'crispEdges');
  const back = document.createElementNS(SVG, 'rect');
  for (const [k, v] of [['width', side], ['height', side], ['fill', '#fff']]) back.setAttribute(k, String(v));
  svg.append(back);
  let d = '';
  rows.forEach((row, y) => { for (let x = 0; x < n; x++) if (row[x] === '1') d += `M${x + 4} ${y + 4}h1v1h-1z`; });
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('d', d);
  path.setAttribute('fill', '#000');
  svg.append(path);
  return svg;
}

function drawPaper(doc) {
  const c = doc.content;
  const parts = [el('p', { class: 'doc-office' }, c.office), el('p', { class: 'doc-title' }, c.title),
    c.number ? el('p', { class: 'doc-number' }, `办件编号：${c.number}`) : null];
  let list = null;
  for (const [type, words] of c.blocks) {
    if (type === 'li') {
      if (!list) parts.push(list = el('ul', { class: 'doc-list' }));
      list.append(el('li', {}, words));
      continue;
    }
    list = null;
    parts.push(el('p', { class: `doc-${type}` }, words));
  }
  const code = doc.code.match(/.{4}/g).join('-');
  parts.push(el('div', { class: 'doc-sign' }, el('p', {}, c.office), el('p', {}, c.issued_on_words)),
    el('div', { class: 'doc-qr' }, qrSvg(doc.qr),
      el('div', {}, el('p', {}, '扫描二维码或访问下方地址核验本文书真伪'),
        el('p', {}, '验证码：', el('span', { 'data-literal': '', id: 'doc-code' }, code)),
        el('p', { class: 'doc-url' }, el('a', { href: doc.verify_url, 'data-literal': '', id: 'doc-url' }, doc.verify_url)))));
  const paper = $('paper');
  paper.replaceChildren(...parts.filter(Boolean));
  paper.dataset.kind = doc.kind;
  paper.dataset.serial = String(doc.serial);
  paper.hidden = false;
  document.title = `${c.title} · ${t('app.name')}`;
}

function drawChrome(me) {
  const id = wanted.get('case');
  $('doc-back').href = isStaff(me) ? '/office.html' : `/#case/${encodeURIComponent(id)}`;
  if (shown) {
    $('doc-pdf').href = `/api/v1/cases/${encodeURIComponent(id)}/documents/${shown.kind}.pdf?serial=${shown.serial}`;
    $('superseded').hidden = shown.current;
  }
}

page({
  access: ['applicant', ...STAFF],
  async start(me) {
    viewer = me;
    const id = wanted.get('case'), kind = wanted.get('kind'), serial = wanted.get('serial');
    $('doc-print').addEventListener('click', () => window.print());
    if (!id || !kind) {
      $('toolbar').hidden = true;
      return say(t('doc.page.missing'));
    }
    const q = serial ? `?serial=${encodeURIComponent(serial)}` : '';
    const res = await api('GET', `/api/v1/cases/${encodeURIComponent(id)}/documents/${encodeURIComponent(kind)}${q}`);
    if (res.status !== 200) {
      $('doc-print').hidden = true;
      $('doc-pdf').hidden = true;
      drawChrome(me);
      return showApiError(res);
    }
    shown = res.body;
    drawPaper(shown);
    drawChrome(me);
  },
  lang() { drawChrome(viewer); },
});
