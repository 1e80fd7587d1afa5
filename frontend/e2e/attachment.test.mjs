// Browser test of uploaded files (issue 4): an HTML file uploaded as a
// ".png" screenshot is stored with its sniffed type and served so that a
// browser opening it never runs its script. Run through run.mjs (BASE_URL).
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { request } from 'node:http';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const BASE = process.env.BASE_URL;
if (!BASE) throw new Error('BASE_URL is not set: run these tests with npm run e2e');
const shots = join(dirname(fileURLToPath(import.meta.url)), 'screenshots');
mkdirSync(shots, { recursive: true });

function http(path, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((ok, fail) => {
    const req = request(`${BASE}${path}`, { method, headers, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => ok({ status: res.statusCode, headers: res.headers, text: Buffer.concat(chunks).toString() }));
      res.on('error', fail);
    });
    req.on('error', fail);
    req.end(body);
  });
}

async function gql(query, variables = {}, headers = {}) {
  const res = await http('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return Object.assign(JSON.parse(res.text), { cookies: res.headers['set-cookie'] ?? [] });
}

/** Sends a mutation with one file bound to $attachments (the GraphQL
 * multipart request spec). */
async function upload(query, variables, file, cookie) {
  const boundary = `----veredicto${Date.now()}`;
  const parts = [
    ['operations', JSON.stringify({ query, variables: { ...variables, attachments: [null] } })],
    ['map', JSON.stringify({ 0: ['variables.attachments.0'] })],
  ];
  let body = '';
  for (const [name, value] of parts) {
    body += `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  }
  body += `--${boundary}\r\nContent-Disposition: form-data; name="0"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n${file.data}\r\n--${boundary}--\r\n`;
  const res = await http('/graphql', {
    method: 'POST',
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie },
    body,
  });
  return JSON.parse(res.text);
}

let browser;

before(async () => {
  browser = await chromium.launch({
    executablePath: process.env.E2E_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
});

after(async () => {
  await browser?.close();
});

test('an HTML file uploaded as .png is served as HTML that never runs', async () => {
  const login = await gql('mutation($i: LogInInput!) { logIn(input: $i) { viewer { user { role } } } }', {
    i: { handle: 'demo_journalist', password: 'veredicto-demo-2012' },
  });
  assert.ok(!login.errors, JSON.stringify(login.errors));
  const cookie = login.cookies.map((c) => c.split(';')[0]).join('; ');
  const claims = await gql('{ claims(first: 1) { edges { node { id } } } }');
  const claimID = claims.data.claims.edges[0].node.id;

  // The page would show an alert, change its title and call home, if it ran.
  const hostile =
    '<!doctype html><html><head><title>harmless</title></head><body>' +
    '<script>alert("xss"); document.title = "ran"; fetch("/graphql?ran=1");</script>' +
    '<img src=x onerror="alert(2)"><p>Captura de pantalla</p></body></html>';
  const res = await upload(
    'mutation($input: CreateEvidenceInput!, $attachments: [Upload!]) { addEvidence(input: $input, attachments: $attachments) { id attachments { mime filename url } } }',
    { input: { claimID, kind: 'SCREENSHOT', stance: 'CONTEXT', summary: 'Captura (prueba de seguridad)' } },
    { name: 'captura.png', type: 'image/png', data: hostile },
    cookie,
  );
  assert.ok(!res.errors, JSON.stringify(res.errors));
  const [att] = res.data.addEvidence.attachments;
  assert.equal(att.mime, 'text/html', 'the type comes from the bytes, not the name');
  assert.equal(att.filename, 'captura.png');

  const direct = await http(att.url);
  assert.equal(direct.status, 200);
  assert.match(direct.headers['content-type'], /^text\/html/);
  assert.match(direct.headers['content-disposition'], /^attachment/);
  assert.equal(direct.headers['x-content-type-options'], 'nosniff');
  assert.match(direct.headers['content-security-policy'], /sandbox/);
  assert.match(direct.headers['content-security-policy'], /default-src 'none'/);

  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  const dialogs = [];
  const ranRequests = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    d.dismiss();
  });
  context.on('request', (r) => {
    if (r.url().includes('ran=1')) ranRequests.push(r.url());
  });
  // Opening the file downloads it instead of rendering it.
  const download = page.waitForEvent('download', { timeout: 5000 }).catch(() => undefined);
  await page.goto(`${BASE}${att.url}`).catch(() => undefined); // a download aborts the navigation
  const dl = await download;
  assert.ok(dl, 'the browser downloads the file rather than showing it');
  // Even an <iframe> of it in a page of the app's origin does not run it.
  await page.goto(`${BASE}/`);
  await page.evaluate((src) => {
    const f = document.createElement('iframe');
    f.src = src;
    document.body.append(f);
  }, att.url);
  await page.waitForTimeout(1000);
  await page.screenshot({ path: join(shots, 'attachment-html-as-png.png') });
  assert.deepEqual(dialogs, [], 'no script of the upload ran');
  assert.deepEqual(ranRequests, [], 'the upload made no request');
  await context.close();
});
