// The certificate half of 文书和证照核验 (verify.html), public: a certificate's QR code opens the
// page with ?cert=ID, and the certificate's public view (GET /api/v1/certificates/{id}/public) is
// shown at the top — its status in large words, in colour and with a mark — with its type, number,
// identifier, holder and masked number, an enterprise's registered facts under the type's labels,
// its validity in Beijing days and its issuing office. A certificate file, pasted or chosen, is
// checked by POST /api/v1/verify (application/vc+jwt), and the answer's message (in the page's
// language) is shown beside the box. verify.js runs the page and calls certVerify.start and .lang.
'use strict';

const certVerify = (() => {
  const MARKS = { valid: '✓', expired: '✕', revoked: '✕', suspended: '!', not_yet_valid: '!', superseded: '↻' };
  let cert = null;      // the public view shown
  let types = {};       // code → type (GET /api/v1/cert-types)
  let checked = null;   // when the public view was read
  let pasted = null;    // the last credential checked, asked again in the other language

  const en = () => currentLang() === 'en';

  function drawCert() {
    const box = $('cert-result');
    if (!cert) { box.hidden = true; return; }
    const c = cert, type = types[c.type.code];
    const named = Object.values(c.fields).includes(c.holder.name); // a field of the type says it
    const rows = [[t('mycerts.col.type'), en() ? c.type.name_en : c.type.name], [t('mycerts.col.number'), c.number],
      [t('mycerts.col.identifier'), el('span', { 'data-literal': '' }, c.identifier)], named ? null : [t('mycerts.col.holder'), c.holder.name],
      [t(c.holder.kind === 'entity' ? 'mycerts.col.holder_id.entity' : 'mycerts.col.holder_id.person'), c.holder.id]].filter(Boolean);
    for (const f of type ? type.fields : []) if (c.fields[f.key]) rows.push([en() ? f.label_en : f.label, c.fields[f.key]]);
    const from = cityDate(c.valid_from);
    rows.push([t('mycerts.col.validity'), c.valid_until ? t('mycerts.validity', { from, until: cityDate(c.valid_until) }) : t('mycerts.validity.open', { from })],
      [t('mycerts.col.issuer'), c.issuer.name]);
    box.replaceChildren(
      el('h2', {}, t('certverify.cert.title')),
      el('p', { class: 'verdict-line' }, t('certverify.cert.lead', { issuer: c.issuer.name })),
      el('p', { class: `verdict-big status-${c.status}`, id: 'cert-verdict', 'data-status': c.status },
        el('span', { class: 'mark', 'aria-hidden': 'true' }, MARKS[c.status] || ''), tOr(`mycerts.status.${c.status}`, '—')),
      el('p', { class: 'verdict-explain' }, tOr(`certverify.cert.explain.${c.status}`, '')),
      el('dl', { class: 'facts' }, rows.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)])),
      el('p', { class: 'hint' }, t('certverify.cert.checked', { time: cityTime(checked) })));
    box.dataset.status = c.status;
    box.hidden = false;
  }

  async function showCert(id) {
    const [res, known] = await Promise.all([api('GET', `/api/v1/certificates/${encodeURIComponent(id)}/public`), api('GET', '/api/v1/cert-types')]);
    if (known.status === 200) types = Object.fromEntries(known.body.types.map((x) => [x.code, x]));
    if (res.status !== 200) return showApiError(res);
    cert = res.body;
    checked = new Date().toISOString();
    drawCert();
  }

  function drawAnswer(answer) {
    const box = $('credential-result');
    box.className = 'credential-result';
    box.hidden = !answer;
    if (!answer) { box.replaceChildren(); return; }
    box.classList.add(answer.valid ? 'ok' : 'bad');
    box.dataset.result = answer.result;
    box.replaceChildren(el('h3', { id: 'credential-verdict' }, t(answer.valid ? 'certverify.paste.ok' : 'certverify.paste.bad')),
      el('p', { id: 'credential-message' }, answer.message),
      answer.id ? el('p', {}, el('a', { href: `/verify.html?cert=${encodeURIComponent(answer.id)}` }, t('certverify.paste.open'))) : null);
  }

  async function check(form, button) {
    const area = form.elements.credential;
    const text = area.value.trim();
    clearFieldErrors(form);
    drawAnswer(null);
    if (!text) return showFieldErrors(form, [{ control: area, message: t('certverify.paste.empty') }]);
    const res = await busy(button, () => api('POST', '/api/v1/verify', text, { type: 'application/vc+jwt' }), t('certverify.paste.going'));
    if (!res) return;
    if (res.status !== 200) return showApiErrorIn(form, res, { find: () => area });
    pasted = text;
    drawAnswer(res.body);
  }

  return {
    async start() {
      const form = $('credential-form'), button = $('credential-go');
      form.addEventListener('submit', (ev) => { ev.preventDefault(); check(form, button); });
      $('credential-file').addEventListener('change', async (ev) => {
        const file = ev.target.files[0];
        if (!file) return;
        let text;
        try {
          text = await file.text();
        } catch {
          return showFieldErrors(form, [{ control: ev.target, message: t('certverify.paste.unreadable') }]);
        }
        $('credential-file-name').textContent = file.name;
        form.elements.credential.value = text.trim();
        check(form, button);
      });
      const id = new URLSearchParams(location.search).get('cert');
      if (id) await showCert(id);
    },
    lang() {
      drawCert();
      if (pasted && $('credential').value.trim() === pasted) check($('credential-form'), $('credential-go'));
    },
  };
})();
