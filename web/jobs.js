// Long work in the background: start a job, and follow the state and progress of the newest
// jobs (refreshed while one is queued or running). Errors are shown beside the form.
'use strict';

const $ = (id) => document.getElementById(id);
let jobs = [];
let timer = null;

function cell(text) {
  const td = document.createElement('td');
  td.textContent = text;
  return td;
}

function resultText(job) {
  if (job.state === 'failed') return job.error || t('jobs.state.failed');
  if (!job.result) return '—';
  if (job.kind === 'idempotency.expire') return t('jobs.expire.done', { n: job.result.removed });
  if (job.kind === 'policy.match')
    return t('jobs.match.done', { entities: job.result.entities, matches: job.result.matches,
      grants: job.result.grants_created, messages: job.result.messages });
  if (job.kind === 'audit.verify')
    return job.result.intact ? t('jobs.audit.intact', { n: job.result.checked })
      : t('jobs.audit.broken', { seq: job.result.broken_seq, reason: job.result.reason });
  return JSON.stringify(job.result);
}

function render() {
  const body = $('jobs').querySelector('tbody');
  body.replaceChildren();
  for (const job of jobs) {
    const tr = document.createElement('tr');
    tr.dataset.state = job.state;
    tr.append(cell(t(`jobs.kind.${job.kind}`)), cell(t(`jobs.state.${job.state}`)));
    const progress = document.createElement('td');
    const bar = document.createElement('progress');
    bar.max = Math.max(job.progress.total, 1);
    bar.value = job.progress.done;
    progress.append(bar, ` ${job.progress.done}/${job.progress.total}`);
    const when = cell(new Date(job.created_at).toLocaleString(currentLang()));
    when.className = 'wide';
    tr.append(progress, cell(resultText(job)), when);
    body.append(tr);
  }
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

async function start(ev) {
  ev.preventDefault();
  const button = $('start-button');
  if (button.disabled) return;
  button.disabled = true;
  $('error').hidden = true;
  // a double click starts one job: clicks within two seconds of each other share a key, so the
  // server answers the second with the first's job
  startKey ??= newKey();
  clearTimeout(startKeyTimer);
  const res = await api('POST', '/api/v1/jobs', { kind: $('kind').value }, startKey);
  button.disabled = false;
  startKeyTimer = setTimeout(() => { startKey = null; }, 2000);
  if (res.status !== 201) {
    startKey = null;
    return showApiError(res);
  }
  await refresh();
}

let startKey = null, startKeyTimer = null;

document.addEventListener('DOMContentLoaded', async () => {
  applyMessages();
  $('lang').addEventListener('click', toggleLang);
  document.addEventListener('yw:lang', render);
  $('start').addEventListener('submit', start);
  const me = await api('GET', '/api/v1/me');
  if (me.status !== 200) return location.replace('/');
  if (!me.body.roles.some((r) => r === 'supervisor' || r === 'admin')) $('start').hidden = true;
  await refresh();
});
