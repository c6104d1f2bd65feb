import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './nodes.ts';
import { TestClient } from './harness.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'bin/shopdesk.mjs');

function cli(args: string[], env: Record<string, string>) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'warn', DATABASE_URL: '', ...env }, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

function serve(env: Record<string, string>) {
  const child = spawn(process.execPath, [BIN, 'serve'], { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'warn', DATABASE_URL: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => { out += d; });
  const until = (re: RegExp, ms = 120_000) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${re}:\n${out}`)), ms);
      const check = () => {
        const m = re.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m);
        }
      };
      child.stdout.on('data', check);
      child.on('exit', () => {
        clearTimeout(timer);
        const m = re.exec(out);
        if (m) resolve(m);
        else reject(new Error(`exited before ${re}:\n${out}`));
      });
      check();
    });
  return { child, until, output: () => out };
}

async function waitForHealthy(url: string, ms = 120_000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not become healthy`);
}

describe('the shopdesk command', () => {
  test('serve on an empty data directory prints the first sign-in once; a second process is refused', { timeout: 240_000 }, async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shopdesk-cli-'));
    const port = await freePort();
    const first = serve({ SHOPDESK_DATA_DIR: dataDir, PORT: String(port), SHOPDESK_ADMIN_EMAIL: '', SHOPDESK_ADMIN_PASSWORD: '' });
    const m = await first.until(/Password \/ 密码:\s+(\S+)/);
    const password = m[1];
    assert.match(first.output(), /admin@shopdesk\.local/);
    const c = new TestClient(`http://127.0.0.1:${port}`);
    await c.login('admin@shopdesk.local', password);

    const second = cli(['serve'], { SHOPDESK_DATA_DIR: dataDir, PORT: String(await freePort()) });
    assert.equal(second.code, 1);
    assert.match(second.out, /already in use by another ShopDesk process \(pid \d+\)/);

    const exited = new Promise<number | null>((r) => first.child.once('exit', r));
    first.child.kill('SIGTERM');
    assert.equal(await exited, 0);
    assert.equal(fs.existsSync(path.join(dataDir, 'shopdesk.lock')), false);

    // The next start finds the account and prints no password.
    const again = serve({ SHOPDESK_DATA_DIR: dataDir, PORT: String(port) });
    await waitForHealthy(`http://127.0.0.1:${port}`);
    await new TestClient(`http://127.0.0.1:${port}`).login('admin@shopdesk.local', password);
    assert.doesNotMatch(again.output(), /Password \/ 密码/);
    const exited2 = new Promise((r) => again.child.once('exit', r));
    again.child.kill('SIGTERM');
    await exited2;
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('migrate, then create-admin; a taken email is refused', { timeout: 120_000 }, () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shopdesk-cli-'));
    const env = { SHOPDESK_DATA_DIR: dataDir };
    const m1 = cli(['migrate'], env);
    assert.equal(m1.code, 0, m1.out);
    assert.match(m1.out, /Applied: 0001_platform\.sql/);
    const m2 = cli(['migrate'], env);
    assert.match(m2.out, /up to date/);
    const made = cli(['create-admin', '--email', 'boss@shop.test', '--password', 'boss-password-1', '--account', '东方旅行社'], env);
    assert.equal(made.code, 0, made.out);
    assert.match(made.out, /Created account acc_\w+ with owner boss@shop\.test/);
    const dup = cli(['create-admin', '--email', 'boss@shop.test', '--password', 'boss-password-1'], env);
    assert.equal(dup.code, 1);
    assert.match(dup.out, /already in use/);
    const missing = cli(['create-admin'], env);
    assert.equal(missing.code, 2);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('help and an unknown command', () => {
    assert.match(cli(['help'], {}).out, /Commands:/);
    const bad = cli(['frobnicate'], {});
    assert.equal(bad.code, 2);
    assert.match(bad.out, /Unknown command "frobnicate"/);
  });
});
