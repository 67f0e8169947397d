// Jobs over the API: a supervisor starts a check of the audit chain, an officer matching over the
// registry; the server's job thread runs them, and their progress and results are read back;
// roles and input are checked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { req, login, assertError } from './lib.mjs';

test('a supervisor starts a job and follows it to its result', async () => {
  const token = await login('supervisor');
  const r = await req('POST', '/api/v1/jobs', { token, body: { kind: 'audit.verify' } });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.state, 'queued');
  let job = r.json;
  for (let i = 0; i < 100 && (job.state === 'queued' || job.state === 'running'); i++) {
    await new Promise((ok) => setTimeout(ok, 100));
    job = (await req('GET', `/api/v1/jobs/${r.json.id}`, { token })).json;
  }
  assert.equal(job.state, 'done', JSON.stringify(job));
  assert.equal(job.result.intact, true);
  assert.ok(job.result.checked > 30);
  assert.equal(job.progress.done, job.progress.total);
  assert.equal(job.attempts, 1);
  const list = await req('GET', '/api/v1/jobs?limit=5', { token });
  assert.equal(list.json.jobs[0].id, job.id);
});

test('an officer runs matching over the registry as a job (policy.match): progress by entities, the counts as its result', async () => {
  const token = await login('officer-gxj');
  const r = await req('POST', '/api/v1/jobs', { token, body: { kind: 'policy.match' } });
  assert.equal(r.status, 201, r.text);
  let job = r.json;
  for (let i = 0; i < 300 && (job.state === 'queued' || job.state === 'running'); i++) {
    await new Promise((ok) => setTimeout(ok, 100));
    job = (await req('GET', `/api/v1/jobs/${r.json.id}`, { token })).json;
  }
  assert.equal(job.state, 'done', JSON.stringify(job));
  assert.ok(job.result.entities >= 1, JSON.stringify(job.result)); // the demo enterprise at least
  assert.ok(job.result.policies >= 30);
  assert.equal(job.result.rule_errors, 0);
  assert.equal(job.progress.done, job.progress.total);
  // a clerk may not start it
  assertError(await req('POST', '/api/v1/jobs', { token: await login('clerk'), body: { kind: 'policy.match' } }), 403, 'forbidden');
});

test('jobs: roles, kinds and input are checked', async () => {
  assertError(await req('POST', '/api/v1/jobs', { token: await login('clerk'), body: { kind: 'audit.verify' } }), 403, 'forbidden');
  assert.equal(assertError(await req('POST', '/api/v1/jobs', { token: await login('supervisor'), body: { kind: 'rm -rf' } }),
    422, 'invalid', 'kind').reason, 'field_value'); // the route lists the kinds
  assertError(await req('POST', '/api/v1/jobs', { token: await login('supervisor'), body: {} }), 422, 'invalid', 'kind');
  assertError(await req('POST', '/api/v1/jobs', { body: { kind: 'audit.verify' } }), 401, 'unauthenticated');
  assertError(await req('GET', '/api/v1/jobs?limit=1000', { token: await login('supervisor') }), 422, 'invalid', 'limit');
  const none = assertError(await req('GET', '/api/v1/jobs/nope', { token: await login('supervisor') }), 404, 'not_found');
  assert.equal(none.reason, 'job_not_found');
  assert.equal(none.message, '任务nope不存在');
  const mine = await req('GET', '/api/v1/jobs', { token: await login('officer') });
  assert.equal(mine.status, 200);
  assert.deepEqual(mine.json.jobs, []);
});
