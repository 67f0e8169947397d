// The permission matrix: each role against each protected action. 401 for nobody, 403 where the
// role may not, success where it may. Checked in the domain layer, whatever the UI shows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { req, login, DEMO_PERSON, DEMO_ENTERPRISE } from './lib.mjs';

const ROLES = {
  anonymous: null,
  person: DEMO_PERSON,
  enterprise: DEMO_ENTERPRISE,
  clerk: 'clerk',
  officer: 'officer',
  supervisor: 'supervisor',
  admin: 'admin',
};

let n = 0;
const ACTIONS = [
  { name: 'list accounts', method: 'GET', path: () => '/api/v1/accounts',
    ok: ['clerk', 'supervisor', 'admin'] },
  { name: 'create a staff account', method: 'POST', path: () => '/api/v1/accounts',
    body: () => ({ kind: 'staff', login: `matrix${++n}`, name: '矩阵', department: 'QD-GA', roles: ['officer'], password: 'secret-pass-1' }),
    ok: ['admin'], okStatus: 201, anonymous: 401 },
  { name: 'create a department', method: 'POST', path: () => '/api/v1/departments',
    body: () => ({ code: `QD-M${++n}`, name: `矩阵测试局${n}`, region_code: '370200' }),
    ok: ['admin'], okStatus: 201 },
  { name: 'read the audit log', method: 'GET', path: () => '/api/v1/audit?limit=1', ok: ['supervisor', 'admin'] },
  { name: 'verify the audit chain', method: 'GET', path: () => '/api/v1/audit/verify', ok: ['supervisor', 'admin'] },
  // the test server has no signing key: 404 past the permission check (tests/cli.sh signs with one)
  { name: 'sign a checkpoint', method: 'GET', path: () => '/api/v1/audit/checkpoint', ok: ['supervisor', 'admin'], okStatus: 404 },
  { name: 'disable an account', method: 'PATCH', path: (ids) => `/api/v1/accounts/${ids.officer}`,
    body: () => ({ disabled: false }), ok: ['admin'] },
];

test('each role gets 403 where it must', async () => {
  const tokens = {};
  const ids = {};
  for (const [role, name] of Object.entries(ROLES)) {
    if (!name) continue;
    tokens[role] = await login(name);
    ids[role] = (await req('GET', '/api/v1/me', { token: tokens[role] })).json.id;
  }
  const failures = [];
  for (const action of ACTIONS) {
    for (const role of Object.keys(ROLES)) {
      const r = await req(action.method, action.path(ids), { token: tokens[role], body: action.body?.() });
      const want = role === 'anonymous' ? 401 : action.ok.includes(role) ? (action.okStatus ?? 200) : 403;
      if (r.status !== want) failures.push(`${action.name} as ${role}: ${r.status}, want ${want} (${r.text.slice(0, 120)})`);
      if (r.status >= 400) assert.ok(r.json?.error?.code, `error shape for ${action.name} as ${role}`);
    }
  }
  assert.deepEqual(failures, []);
});
