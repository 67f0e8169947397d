// el(tag, attrs, ...children): one element for the staff pages (office, ledger, calendar,
// policies, registry), which load this after i18n.js. attrs: `class`, `on<event>` handlers, and
// attributes — false, null and undefined leave one out, true sets it empty; children: nodes or
// text, null and undefined skipped.
function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children) if (c !== null && c !== undefined) e.append(c instanceof Node ? c : document.createTextNode(c));
  return e;
}
