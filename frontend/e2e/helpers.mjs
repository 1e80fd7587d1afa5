// Shared pieces of the browser tests (run through run.mjs, which sets
// BASE_URL): HTTP and GraphQL without keep-alive, sign-in, the axe check,
// the wait for a screen to settle, and Chromium.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { request } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium } from 'playwright-core';

export const BASE = process.env.BASE_URL;
if (!BASE) throw new Error('BASE_URL is not set: run these tests with npm run e2e');
export const shots = join(dirname(fileURLToPath(import.meta.url)), 'screenshots');
mkdirSync(shots, { recursive: true });
export const PASSWORD = 'veredicto-demo-2012';

/** An HTTP request without keep-alive (an idle pooled connection would keep
 * the test process alive long after the last test). */
export function http(path, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((ok, fail) => {
    const req = request(`${BASE}${path}`, { method, headers, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const buf = Buffer.concat(chunks);
        ok({ status: res.statusCode, headers: res.headers, text: buf.toString(), body: buf });
      });
      res.on('error', fail);
    });
    req.on('error', fail);
    req.end(body);
  });
}

export async function gql(query, variables = {}, headers = {}) {
  const res = await http('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return Object.assign(JSON.parse(res.text), { cookies: res.headers['set-cookie'] ?? [] });
}

function cookieOf(res) {
  return res.cookies.map((c) => c.split(';')[0]).join('; ');
}

/** Signs in through the API; the session cookie, or undefined. */
export async function logInCookie(handle, password = PASSWORD) {
  const res = await gql('mutation($input: LogInInput!) { logIn(input: $input) { viewer { user { role } } } }', {
    input: { handle, password },
  });
  if (res.errors || !res.cookies.length) return undefined;
  return cookieOf(res);
}

/** Signs a new reader up through the API; { cookie, handle }. */
export async function signUpCookie(handle) {
  const res = await gql('mutation($input: SignUpInput!) { signUp(input: $input) { viewer { user { id } } } }', {
    input: { handle, displayName: `Lector ficticio ${handle}`, password: 'clave-sintetica-de-prueba-2012' },
  });
  assert.ok(!res.errors, JSON.stringify(res.errors));
  return { cookie: cookieOf(res), handle, id: res.data.signUp.viewer.user.id };
}

/** A handle nobody has yet (3 to 30 lower-case letters, digits, _). */
export function freshHandle(prefix) {
  return `${prefix}_${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`.slice(0, 30);
}

/** axe on the page as it is: no serious or critical violation. */
export async function checkA11y(page, label) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const minor = results.violations.filter((v) => !bad.includes(v));
  if (minor.length) {
    console.log(`# axe ${label}: minor/moderate: ${minor.map((v) => `${v.id} (${v.impact})`).join(', ')}`);
  }
  assert.deepEqual(
    bad.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`),
    [],
    `${label}: axe found serious/critical violations`,
  );
  return results.passes.length;
}

/** Waits for the page's content: its h1 (after a client-side navigation,
 * the h1 with that exact text or matching that pattern, since the previous
 * page stays up while the next one loads). */
export async function settled(page, h1) {
  const exact = (s) => new RegExp(`^${s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  const filter = h1 === undefined ? {} : { hasText: typeof h1 === 'string' ? exact(h1) : h1 };
  await page.locator('main h1').filter(filter).first().waitFor();
  await page.waitForFunction(() => !document.querySelector('main .loading'));
}

export function launch() {
  return chromium.launch({
    executablePath: process.env.E2E_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** Collects console errors and warnings, uncaught exceptions and CSP
 * refusals of a page; allow(message) excuses expected ones. */
export function watchProblems(page, allow = () => false) {
  const problems = [];
  page.on('console', (m) => {
    if (m.type() !== 'error' && m.type() !== 'warning') return;
    const text = `${m.type()}: ${m.text()} (${m.location().url})`;
    if (!allow(m, text)) problems.push(text);
  });
  page.on('pageerror', (e) => problems.push(`exception: ${e.message}`));
  return problems;
}
