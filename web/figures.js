// 办件数据: the figures the platform reports per bundle (一件事) or per item, from its cases
// (GET /api/v1/figures, public): items merged into one submission, the materials the items ask
// one by one against those given, those a certificate already held spared (免提交), working days
// from acceptance to decision, the share done without a visit and the visits needed. A table on a
// desktop, cards on a phone.
'use strict';

let by = 'bundle';
let figures = null;

const num = (v, key) => (v === null ? '—' : t(key, { n: v }));
const share = (v) => (v === null ? '—' : `${Math.round(v * 100)}%`);

function render() {
  const body = $('figures').querySelector('tbody');
  body.replaceChildren();
  for (const f of figures || []) {
    body.append(el('tr', {},
      cell(f.name, 'fig.name'), cell(String(f.cases), 'fig.cases'), cell(String(f.completed), 'fig.completed'),
      cell(String(f.items_per_case), 'fig.items'),
      cell(`${f.materials_asked} / ${f.materials_provided}`, 'fig.materials'),
      cell(String(f.materials_reused ?? 0), 'fig.reused'),
      cell(num(f.median_days, 'fig.days'), 'fig.median'), cell(num(f.p90_days, 'fig.days'), 'fig.p90'),
      cell(share(f.online_share), 'fig.online'), cell(f.visits === null ? '—' : String(f.visits), 'fig.visits')));
  }
  $('empty').hidden = !figures || figures.length > 0;
  $('by-bundle').setAttribute('aria-selected', String(by === 'bundle'));
  $('by-item').setAttribute('aria-selected', String(by === 'item'));
  $('figures').dataset.loaded = figures ? 'true' : 'false';
}

async function load(group) {
  by = group;
  $('error').hidden = true;
  const res = await api('GET', `/api/v1/figures?by=${by}`);
  if (res.status !== 200) return showApiError(res);
  figures = res.body.figures;
  render();
}

page({
  access: 'public',
  async start() {
    $('by-bundle').addEventListener('click', () => load('bundle'));
    $('by-item').addEventListener('click', () => load('item'));
    tabsByKeys(document.querySelector('[role="tablist"]'));
    await load('bundle');
  },
  lang: render,
});
