// A case's documents on the case pages (the applicant's #case in mine.js, the office's case view in
// office.js): GET /api/v1/cases/{id}/documents, each with 打印 (document.html, the page to print)
// and 下载PDF (…/documents/{kind}.pdf). Strings in strings/documents.js.
'use strict';

// The case's documents, or null when they cannot be read (the section is left out then).
async function loadCaseDocuments(caseId) {
  const res = await api('GET', `/api/v1/cases/${encodeURIComponent(caseId)}/documents`);
  return res.status === 200 ? res.body.documents : null;
}

// The section listing `docs` of the case, with its links; null when docs is null.
function caseDocuments(caseId, docs) {
  if (!docs) return null;
  const several = (kind) => docs.filter((d) => d.kind === kind).length > 1;
  const list = el('ul', { class: 'documents', id: 'case-documents' }, docs.map((d) => {
    const q = new URLSearchParams({ case: caseId, kind: d.kind, serial: String(d.serial) });
    const title = currentLang() === 'zh-CN' && d.title ? d.title : t(`doc.kind.${d.kind}`);
    const name = several(d.kind) ? `${title}（${t('doc.nth', { n: d.serial })}）` : title;
    return el('li', { 'data-kind': d.kind, 'data-serial': String(d.serial) },
      el('strong', {}, name), ' ',
      el('span', { class: 'hint' }, t('doc.issued', { date: d.issued_on })),
      d.current ? null : el('span', { class: 'hint' }, ` · ${t('doc.superseded')}`), ' ',
      el('span', { class: 'doc-links' },
        el('a', { href: `/document.html?${q}`, 'data-act': 'print', 'aria-label': t('doc.print.named', { title: name }) }, t('doc.print')), ' ',
        el('a', { href: `/api/v1/cases/${encodeURIComponent(caseId)}/documents/${d.kind}.pdf?serial=${d.serial}`, download: '',
          'data-act': 'pdf', 'aria-label': t('doc.pdf.named', { title: name }) }, t('doc.pdf'))));
  }));
  return el('section', { id: 'case-documents-box' }, el('h3', {}, t('doc.list')),
    el('p', { class: 'hint' }, t('doc.list.hint')),
    docs.length ? list : el('p', { class: 'hint', id: 'case-documents-none' }, t('doc.none')));
}
