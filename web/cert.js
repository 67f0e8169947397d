// One certificate to print (cert.html?id=…): laid out like the licence it is, as its PDF lays it
// out (src/domain/cert/pdf.c) — the type as the title, the number, the holder and their number
// unless a field names them, the fields under the type's labels, 有效期 in Beijing days, a state
// other than valid in red, the issuing office and day, the QR code (qr.svg) with the identifier
// and the address it opens. The certificate's words are the issuing office's, in Chinese in either
// language of the page, as a printed document's are; the page's own words follow the page.
'use strict';

const wanted = new URLSearchParams(location.search).get('id');
let shown = null; // the certificate drawn
let viewer = null; // GET /api/v1/me

const STATE_ZH = { valid: '有效', expired: '已过期', not_yet_valid: '尚未生效', suspended: '已暂停', revoked: '已撤销', superseded: '已换发' };

// "2019年5月20日": the day in Beijing of an instant.
function dayWords(iso) {
  const [y, m, d] = cityDate(iso).split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

function drawLicence(c, type) {
  const values = Object.values(c.fields || {});
  const entity = c.holder.kind === 'entity';
  const rows = [];
  if (!values.includes(c.holder.name)) rows.push([entity ? '持证主体' : '持证人', c.holder.name]);
  rows.push([entity ? '统一社会信用代码' : '公民身份号码', c.holder.id]);
  for (const f of type ? type.fields : []) if (c.fields[f.key]) rows.push([f.label, c.fields[f.key]]);
  rows.push(['有效期', `自${dayWords(c.valid_from)}至${c.valid_until ? dayWords(c.valid_until) : '长期'}`]);
  let state = null;
  if (c.status !== 'valid') {
    const changed = !['expired', 'not_yet_valid'].includes(c.status);
    state = `本证照${STATE_ZH[c.status] || ''}${changed && c.changed_at ? `（${dayWords(c.changed_at)}）` : ''}${changed && c.reason ? `：${c.reason}` : ''}`;
  }
  const id = encodeURIComponent(c.id);
  const paper = $('licence');
  paper.replaceChildren(el('div', { class: 'licence-frame' }, el('div', { class: 'licence-inner' },
    el('p', { class: 'licence-title', id: 'licence-title' }, c.type.name),
    el('p', { class: 'licence-number' }, '编号：', el('span', { id: 'licence-number' }, c.number)),
    state ? el('p', { class: 'licence-state', id: 'licence-state' }, state) : null,
    el('dl', { class: 'licence-rows' }, rows.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)])),
    el('div', { class: 'licence-foot' },
      el('div', { class: 'licence-sign' }, el('p', {}, `发证机关：${c.issuer.name}`), el('p', {}, `发证日期：${dayWords(c.issued_at)}`)),
      el('div', { class: 'licence-qr' },
        el('img', { src: `/api/v1/certificates/${id}/qr.svg`, alt: t('certprint.qr.label'), id: 'licence-qr' }),
        el('div', {}, el('p', {}, '扫描二维码核验本证照的状态'),
          el('p', {}, '证照标识：', el('span', { 'data-literal': '', id: 'licence-identifier' }, c.identifier)),
          el('p', {}, el('a', { href: c.verify_url, 'data-literal': '', id: 'licence-url' }, c.verify_url))))))));
  paper.dataset.status = c.status;
  paper.hidden = false;
  document.title = `${c.type.name} · ${t('app.name')}`;
}

function drawChrome() {
  const staff = isStaff(viewer);
  const back = $('cert-back');
  back.href = staff ? '/workbench.html' : '/certs.html';
  back.textContent = t(staff ? 'certprint.back.staff' : 'certprint.back');
  if (!shown) return;
  $('cert-pdf').href = `/api/v1/certificates/${encodeURIComponent(shown.id)}/certificate.pdf`;
  const note = $('cert-notvalid');
  note.hidden = shown.status === 'valid';
  note.textContent = shown.status === 'valid' ? '' : t('certprint.notvalid', { status: tOr(`mycerts.status.${shown.status}`, '—') });
}

page({
  access: ['applicant', ...STAFF],
  async start(me) {
    viewer = me;
    $('cert-print').addEventListener('click', () => window.print());
    if (!wanted) {
      $('cert-print').hidden = true;
      $('cert-pdf').hidden = true;
      drawChrome();
      return say(t('certprint.missing'));
    }
    const [res, known] = await Promise.all([api('GET', `/api/v1/certificates/${encodeURIComponent(wanted)}`), api('GET', '/api/v1/cert-types')]);
    if (res.status !== 200) {
      $('cert-print').hidden = true;
      $('cert-pdf').hidden = true;
      drawChrome();
      return showApiError(res);
    }
    shown = res.body;
    const type = known.status === 200 ? known.body.types.find((x) => x.code === shown.type.code) : null;
    drawLicence(shown, type);
    drawChrome();
  },
  lang() { drawChrome(); },
});
