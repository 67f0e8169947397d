// Long work in the background: start a job, and follow the state and progress of the newest
// jobs (refreshed while one is queued or running). Staff read the jobs; supervisors and admins
// start them. Errors are shown beside the form.
'use strict';

let jobs = [];
let timer = null;

function resultText(job) {
  if (job.state === 'failed') return job.error || t('jobs.state.failed');
  if (!job.result) return '—';
  if (job.kind === 'idempotency.expire') return t('jobs.expire.done', { n: job.result.removed });
  if (job.kind === 'policy.match')
    return t('jobs.match.done', { entities: job.result.entities, matches: job.result.matches,
      grants: job.result.grants_created, messages: job.result.messages });
  if (job.kind === 'outbox.deliver') return t('jobs.outbox.done', { sent: job.result.sent, dead: job.result.dead });
  if (job.kind === 'audit.verify')
    return job.result.intact ? t('jobs.audit.intact', { n: job.result.checked })
      : t('jobs.audit.broken', { seq: job.result.broken_seq, reason: job.result.reason });
  if (job.kind === 'outbox.deliver') return t('jobs.outbox.done', { sent: job.result.sent ?? 0, dead: job.result.dead ?? 0 });
  return t('jobs.state.done');
}

function render() {
  const body = $('jobs').querySelector('tbody');
  body.replaceChildren(...jobs.map((job) => {
    const bar = el('progress', { max: Math.max(job.progress.total, 1), value: job.progress.done });
    return el('tr', { 'data-state': job.state },
      el('td', {}, tOr(`jobs.kind.${job.kind}`, t('jobs.kind.other'))), el('td', {}, t(`jobs.state.${job.state}`)),
      // a job that counts nothing as it goes (total 0) has no progress to show
      el('td', {}, ...(job.progress.total ? [bar, ` ${job.progress.done}/${job.progress.total}`] : ['—'])), el('td', {}, resultText(job)),
      el('td', { class: 'wide' }, cityTime(job.created_at)));
  }));
  $('empty').hidden = jobs.length > 0;
  $('jobs').dataset.loaded = 'true';
}

async function refresh() {
  const res = await api('GET', '/api/v1/jobs?limit=20');
  if (res.status !== 200) return showApiError(res);
  jobs = res.body.jobs;
  render();
  clearTimeout(timer);
  if (jobs.some((j) => j.state === 'queued' || j.state === 'running')) timer = setTimeout(refresh, 500);
}

// one job per click: the button is busy while the request runs, so a double click starts one
async function start(ev) {
  ev.preventDefault();
  $('error').hidden = true;
  const res = await busy($('start-button'), () => api('POST', '/api/v1/jobs', { kind: $('kind').value }));
  if (!res) return;
  if (res.status !== 201) return showApiError(res);
  await refresh();
}

page({
  access: ['clerk', 'officer', 'supervisor', 'admin'],
  async start(me) {
    $('start').addEventListener('submit', start);
    if (!me.roles.some((r) => r === 'supervisor' || r === 'admin')) $('start').hidden = true;
    await refresh();
  },
  lang: render,
});
