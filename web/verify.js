// 文书核验 (verify.html), public (a certificate's half is certverify.js): the code a document's QR
// code carries (?code=…) is checked at once; a code typed from under the QR code when the form is
// sent. The answer says the document is genuine, with its kind, the case's number and title, the
// issuing office, the day and whether it is the latest of its kind — or the server's message
// beside the field (unknown, malformed, too many failures from this address).
'use strict';

let verified = null; // the last answer, drawn again when the language changes

function drawResult() {
  const box = $('verify-result');
  if (!verified) { box.hidden = true; return; }
  const v = verified;
  const title = currentLang() === 'zh-CN' ? v.title : t(`doc.kind.${v.kind}`);
  const facts = [['verify.col.title', title], ['verify.col.number', v.number || '—'], ['verify.col.case', v.case_title],
    ['verify.col.office', v.office], ['verify.col.date', v.issued_on],
    ['verify.col.current', t(v.current ? 'verify.current.yes' : 'verify.current.no')]];
  box.replaceChildren(
    el('h2', { class: v.current ? 'genuine' : 'genuine old', id: 'verify-verdict' }, t(v.current ? 'verify.genuine' : 'verify.genuine.old')),
    el('dl', { class: 'facts' }, facts.flatMap(([k, value]) => [el('dt', {}, t(k)), el('dd', {}, value)])));
  box.dataset.kind = v.kind;
  box.hidden = false;
}

async function check(form, button) {
  const code = form.elements.code.value.trim();
  const plain = code.replace(/[\s-]/g, '');
  verified = null;
  drawResult();
  if (!/^[0-9A-Za-z]{16}$/.test(plain)) return showFieldErrors(form, [{ control: form.elements.code, message: t('verify.code.bad') }]);
  const res = await busy(button, () => api('GET', `/api/v1/documents/verify?${new URLSearchParams({ code })}`), t('verify.going'));
  if (!res) return;
  if (res.status !== 200) return showApiErrorIn(form, res);
  clearFieldErrors(form);
  verified = res.body;
  drawResult();
}

page({
  access: 'public',
  async start() {
    const form = $('verify-form'), button = $('verify-go');
    form.addEventListener('submit', (ev) => { ev.preventDefault(); check(form, button); });
    const code = new URLSearchParams(location.search).get('code');
    if (code) {
      form.elements.code.value = code;
      await check(form, button);
    }
    await certVerify.start(); // a certificate's view and the credential box (certverify.js)
  },
  lang() {
    drawResult();
    certVerify.lang();
  },
});
