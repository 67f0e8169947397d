// A yiwang server of a test's own, on a fresh demo store, with extra `serve` flags (such as
// --clock): started with startServer(), stopped by its stop() — and, whatever happens to the
// test (a failed assertion, an exception, Ctrl-C), when the test process ends. Also logins and
// API calls against it, since browser.mjs and ../api/lib.mjs know only the shared server.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const running = new Set();

function stopAll() {
  for (const s of running) s.stop();
}
process.on('exit', stopAll);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    stopAll();
    process.exit(128 + (signal === 'SIGINT' ? 2 : 15));
  });
}

// Resolves to {url, log(), stop()} once the server listens. The binary is $YW_BIN (run.sh sets
// it), else build/yiwang.
export async function startServer(flags = []) {
  const bin = process.env.YW_BIN || join(root, 'build/yiwang');
  const dir = mkdtempSync(join(tmpdir(), 'yiwang-e2e-own.'));
  const db = `sqlite:${join(dir, 'own.db')}`;
  execFileSync(bin, ['demo', '--db', db], { stdio: 'ignore' });
  const child = spawn(bin, ['serve', '--db', db, '--listen', '127.0.0.1:0', '--workers', '2', '--web', join(root, 'web'), ...flags],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '', log = '';
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => { log += d; });
  const server = {
    url: null,
    log: () => log,
    stop() {
      if (!running.delete(server)) return;
      if (child.exitCode === null) child.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
  running.add(server);
  try {
    server.url = await new Promise((ok, fail) => {
      const timer = setTimeout(() => fail(new Error(`yiwang serve did not start in 30 s:\n${log}`)), 30000);
      child.on('exit', (code) => { clearTimeout(timer); fail(new Error(`yiwang serve exited (${code}):\n${log}`)); });
      child.stdout.on('data', () => {
        const m = out.match(/https?:\/\/[0-9.:]+\//);
        if (m) { clearTimeout(timer); ok(m[0].replace(/\/$/, '')); }
      });
    });
  } catch (e) {
    server.stop();
    throw e;
  }
  return server;
}

// JSON API calls against `base`: {status, json}.
export function apiAt(base) {
  const tokens = new Map();
  async function req(method, path, { token, body } = {}) {
    const headers = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : null, text };
  }
  async function login(name) {
    if (!tokens.has(name)) {
      const r = await req('POST', '/api/v1/session', { body: { login: name, password: 'yiwang2026' } });
      if (r.status !== 201) throw new Error(`login ${name}: ${r.text}`);
      tokens.set(name, r.json.token);
    }
    return tokens.get(name);
  }
  return { req, login };
}

// A demo account logged in through `base`'s login page, in a context of its own.
export async function loginAt(browser, base, name, options = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(base + '/login.html');
  await page.fill('#login', name);
  await page.fill('#password', 'yiwang2026');
  await page.click('#submit');
  await page.waitForURL('**/workbench.html');
  await page.locator('body[data-ready="true"]').waitFor({ state: 'attached' });
  return { page, context, errors };
}
