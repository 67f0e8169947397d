// 我的办件's marks over HTTP: a case in the list says how many 补正 asks wait for the applicant
// (`corrections`) and how many 容缺 materials they still owe (`owed`), and `waiting=true` lists
// only the cases that wait for them — on both counts, and no longer once answered or handed in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { req, login, assertError, itemCase, uploadPdf, dayAfter, DEMO_PERSON } from './lib.mjs';

const ITEM = 'QD-SCJG-XK-0004'; // no materials
const DEFERRABLE = 'QD-SCJG-XK-0005'; // takes a material deferred (容缺)

const list = async (token, q) => {
  const r = await req('GET', `/api/v1/cases?mine=true&limit=500${q}`, { token });
  assert.equal(r.status, 200, r.text);
  return r.json;
};
const row = async (token, id, q = '') => (await list(token, q)).cases.find((c) => c.id === id);

test('a case owing a 容缺 material or asked for 补正 is marked and listed as waiting, until answered', async () => {
  const [person, clerk, officer] = [await login(DEMO_PERSON), await login('clerk'), await login('officer')];
  // owing a material once accepted with it deferred, not before
  const body = await itemCase(person, DEFERRABLE);
  const owedName = body.materials.find((m) => m.provided_as === 'deferred').name;
  const d = await req('POST', '/api/v1/cases', { token: person, body });
  assert.equal(d.status, 201, d.text);
  assert.equal((await row(person, d.json.id)).owed, 0);
  assert.equal(await row(person, d.json.id, '&waiting=true'), undefined);
  const a = await req('POST', `/api/v1/cases/${d.json.id}/accept`, { token: clerk, body: { deferred: [{ material: owedName, due_date: dayAfter(20), due_reason: '设备清单待供货商出具' }] } });
  assert.equal(a.status, 200, a.text);
  const owing = await row(person, d.json.id, '&waiting=true');
  assert.equal(owing.owed, 1);
  assert.equal(owing.corrections, 0);

  // asked for 补正
  const s = await req('POST', '/api/v1/cases', { token: person, body: await itemCase(person, ITEM) });
  const b = await req('POST', `/api/v1/cases/${s.json.id}/accept`, { token: clerk, body: {} });
  const task = b.json.tasks.find((t) => t.kind === 'review');
  assert.equal(await row(person, s.json.id, '&waiting=true'), undefined);
  assert.equal((await req('POST', `/api/v1/tasks/${task.id}/correct`, { token: officer, body: { reason: '请补正' } })).status, 200);
  const correcting = await row(person, s.json.id, '&waiting=true');
  assert.equal(correcting.corrections, 1);
  assert.equal(correcting.owed, 0);

  // the waiting list is counted in the store: every case it holds waits, and total counts them
  const waiting = await list(person, '&waiting=true');
  assert.equal(waiting.total, waiting.cases.length);
  assert.ok(waiting.cases.every((c) => c.corrections > 0 || c.owed > 0), JSON.stringify(waiting.cases));
  assert.ok(waiting.total < (await list(person, '')).total);

  // answered: no longer waiting
  assert.equal((await req('POST', `/api/v1/cases/${s.json.id}/resubmit`, { token: person, body: {} })).status, 200);
  assert.equal(await row(person, s.json.id, '&waiting=true'), undefined);
  assert.equal((await row(person, s.json.id)).corrections, 0);
  const sha = await uploadPdf(person, '补交材料.pdf', 'owed material');
  const sup = await req('POST', `/api/v1/cases/${d.json.id}/supply`, { token: person, body: { material: owedName, upload: sha } });
  assert.equal(sup.status, 200, sup.text);
  assert.equal(await row(person, d.json.id, '&waiting=true'), undefined);
  assert.equal((await row(person, d.json.id)).owed, 0);

  // the declared query
  assertError(await req('GET', '/api/v1/cases?mine=true&waiting=maybe', { token: person }), 422, 'invalid', 'waiting');
});
