// npm run e2e: builds the web app and the Go binary, creates a fresh
// PostgreSQL database, migrates and seeds it, serves it on a free port, and
// runs the browser tests (every e2e/*.test.mjs, node's test runner) against it.
// The database is dropped and the servers stopped afterwards, pass or fail.
//
// Environment:
//   VEREDICTO_E2E_DATABASE_SERVER  a DSN of the PostgreSQL server to create the
//                                  database on (default: local postgres user)
//   E2E_CHROMIUM                   the browser (default /usr/bin/chromium); when
//                                  it is missing and CI is set (or
//                                  E2E_INSTALL_BROWSER=1), root installs
//                                  Debian's chromium with apt-get
//   E2E_SKIP_BUILD=1               reuse dist/ and bin/veredicto as they are
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const frontend = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repo = resolve(frontend, '..');
const bin = join(repo, 'bin', 'veredicto');
const outDir = join(frontend, 'e2e', '.out');
const serverDSN =
  process.env.VEREDICTO_E2E_DATABASE_SERVER ?? 'postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable';
const chromium = process.env.E2E_CHROMIUM ?? '/usr/bin/chromium';

const started = Date.now();
const children = [];
let dbName;

function log(msg) {
  console.log(`e2e: ${msg}`);
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status ?? r.signal}`);
}

function freePort() {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => ok(port));
    });
  });
}

function start(cmd, args, env, name) {
  const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines = [];
  const keep = (chunk) => {
    lines.push(...chunk.toString().split('\n').filter(Boolean));
    if (lines.length > 200) lines.splice(0, lines.length - 200);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  child.logTail = () => lines.slice(-40).join('\n');
  child.label = name;
  children.push(child);
  return child;
}

async function waitFor(url, child, timeoutMs = 30000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${child.label} exited with ${child.exitCode}:\n${child.logTail()}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms:\n${child.logTail()}`);
}

function databaseURL(name) {
  const u = new URL(serverDSN);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin(sql) {
  const client = new pg.Client({ connectionString: serverDSN });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function stopChildren() {
  await Promise.all(
    children.map(
      (c) =>
        new Promise((ok) => {
          if (c.exitCode !== null || c.signalCode !== null) return ok();
          const timer = setTimeout(() => c.kill('SIGKILL'), 10000);
          c.once('exit', () => {
            clearTimeout(timer);
            ok();
          });
          c.kill('SIGTERM');
        }),
    ),
  );
}

async function cleanup() {
  await stopChildren();
  if (dbName) {
    const name = dbName;
    dbName = undefined;
    try {
      await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    } catch (err) {
      console.error(`e2e: could not drop database ${name}: ${err.message}`);
    }
  }
}

for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    void cleanup().finally(() => process.exit(130));
  });
}

/** Every browser test file, in name order (E2E_ONLY=name narrows them). */
function testFiles() {
  const only = process.env.E2E_ONLY;
  return readdirSync(join(frontend, 'e2e'))
    .filter((f) => f.endsWith('.test.mjs') && (!only || f.includes(only)))
    .sort()
    .map((f) => join(frontend, 'e2e', f));
}

function ensureBrowser() {
  if (existsSync(chromium)) return;
  const allowed = process.env.CI || process.env.E2E_INSTALL_BROWSER === '1';
  if (allowed && process.getuid?.() === 0 && chromium === '/usr/bin/chromium') {
    log("no browser: installing Debian's chromium with apt-get");
    run('apt-get', ['update', '-qq'], { stdio: ['ignore', 'ignore', 'inherit'] });
    run('apt-get', ['install', '-y', '-qq', 'chromium'], {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    if (existsSync(chromium)) return;
  }
  throw new Error(
    `no browser at ${chromium}: install Debian's (apt-get update && apt-get install -y chromium), ` +
      'set E2E_CHROMIUM, or set E2E_INSTALL_BROWSER=1 to let this script install it as root',
  );
}

async function main() {
  ensureBrowser();
  mkdirSync(outDir, { recursive: true });
  if (process.env.E2E_SKIP_BUILD !== '1') {
    log('building the web app (vite build)');
    run(process.execPath, [join(frontend, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], {
      cwd: frontend,
    });
    log('building the Go binary with the web app embedded');
    run('go', ['build', '-o', '../bin/veredicto', '..'], { cwd: frontend });
  }

  dbName = `veredicto_e2e_${randomBytes(6).toString('hex')}`;
  await admin(`CREATE DATABASE "${dbName}"`);
  const env = { DATABASE_URL: databaseURL(dbName), VEREDICTO_ENV: 'development' };
  log(`database ${dbName}: migrate and seed`);
  run(bin, ['migrate'], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  run(bin, ['seed'], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });

  const apiPort = await freePort();
  const api = `http://127.0.0.1:${apiPort}`;
  // PUBLIC_URL is where the browser reaches it (claim links, oEmbed, the
  // widget's iframes); the consensus is recomputed every few seconds so the
  // tests see it move.
  const server = start(
    bin,
    ['serve'],
    { ...env, ADDR: `127.0.0.1:${apiPort}`, PUBLIC_URL: api, SCORE_INTERVAL: '3s' },
    'veredicto serve',
  );
  await waitFor(`${api}/readyz`, server);

  const base = api; // veredicto serve serves the web app itself

  log(`ready after ${((Date.now() - started) / 1000).toFixed(1)} s; running the browser tests`);
  const tests = spawn(
    process.execPath,
    ['--test', '--test-reporter=spec', '--test-concurrency=1', ...testFiles()],
    {
      cwd: frontend,
      stdio: 'inherit',
      env: { ...process.env, BASE_URL: base, E2E_CHROMIUM: chromium },
    },
  );
  const code = await new Promise((ok) => tests.on('exit', (c, s) => ok(c ?? (s ? 1 : 0))));
  if (code !== 0) {
    for (const c of children) console.error(`--- ${c.label} (last lines)\n${c.logTail()}`);
  }
  return code;
}

let code = 1;
try {
  code = await main();
} catch (err) {
  console.error(`e2e: ${err.message}`);
  for (const c of children) console.error(`--- ${c.label} (last lines)\n${c.logTail()}`);
} finally {
  await cleanup();
}
process.exit(code);
