// Browser tests of the embeddable widget (package widget) against a real
// `veredicto serve` seeded with the founding case, run through run.mjs,
// which sets BASE_URL to that server and must start it with PUBLIC_URL set
// to the same URL, since oEmbed answers iframes there.
//
// A news page is served from another origin (localhost on another port,
// while Veredicto is 127.0.0.1: another site, too) and embeds the three
// forms: the blockquote snippet with widget.js, a plain iframe, and the
// oEmbed html. Headless Chromium must render each, with no console error,
// no request to any third host, no dialog, and iframes sized by their
// height messages; a claim whose text, claimant, evidence and review are
// markup must render as text in all three.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { createServer, request } from 'node:http';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium } from 'playwright-core';

const BASE = process.env.BASE_URL;
if (!BASE) throw new Error('BASE_URL is not set: run these tests with npm run e2e');
const shots = join(dirname(fileURLToPath(import.meta.url)), 'screenshots');
mkdirSync(shots, { recursive: true });

const XSS_IMG = '<img src=x onerror=alert(1)>';
const XSS_SCRIPT = '</script><script>alert(1)</script>';
const HOSTILE = `Hostil ${XSS_IMG} y ${XSS_SCRIPT}`;
const PASSWORD = 'veredicto-demo-2012';

let browser;
let host; // { server, url }
let founding; // widget JSON of the founding case
let hostile; // widget JSON of the hostile claim

/** An HTTP request without keep-alive (an idle pooled connection would keep
 * the test process alive). */
function http(url, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((ok, fail) => {
    const req = request(url, { method, headers, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => ok({ status: res.statusCode, headers: res.headers, text: Buffer.concat(chunks).toString() }));
      res.on('error', fail);
    });
    req.on('error', fail);
    req.end(body);
  });
}

async function json(path) {
  const res = await http(`${BASE}${path}`);
  assert.equal(res.status, 200, `${path}: ${res.status} ${res.text}`);
  return JSON.parse(res.text);
}

async function gql(query, variables = {}, cookie) {
  const res = await http(`${BASE}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const out = JSON.parse(res.text);
  out.cookies = res.headers['set-cookie'] ?? [];
  return out;
}

async function must(query, variables, cookie) {
  const res = await gql(query, variables, cookie);
  assert.ok(!res.errors, `${query.split('(')[0]}: ${JSON.stringify(res.errors)}`);
  return res.data;
}

/** Signs in as one of the seed's fictional demo accounts. */
async function signIn(handle) {
  const res = await gql('mutation($input: LogInInput!) { logIn(input: $input) { viewer { user { role } } } }', {
    input: { handle, password: PASSWORD },
  });
  assert.ok(!res.errors && res.cookies.length, `signing in as ${handle}: ${JSON.stringify(res.errors)}`);
  return res.cookies.map((c) => c.split(';')[0]).join('; ');
}

/** Creates a claim whose every user-written field is markup: actor name,
 * claim text, an evidence summary and a published review's summary. */
async function createHostileClaim() {
  const journalist = await signIn('demo_journalist');
  const { createActor } = await must(
    'mutation($input: CreateActorInput!) { createActor(input: $input) { id } }',
    { input: { name: `Actor ${XSS_IMG}`, kind: 'PERSON' } },
    journalist,
  );
  const { createClaim } = await must(
    'mutation($input: CreateClaimInput!) { createClaim(input: $input) { id } }',
    { input: { text: HOSTILE, lang: 'es', claimantID: createActor.id } },
    journalist,
  );
  await must(
    'mutation($input: CreateEvidenceInput!) { addEvidence(input: $input) { id status } }',
    { input: { claimID: createClaim.id, kind: 'DOCUMENT', stance: 'REFUTES', summary: `Resumen ${XSS_SCRIPT} ${XSS_IMG}` } },
    journalist,
  );
  const editor = await signIn('demo_editor');
  await must(
    'mutation($input: PublishReviewInput!) { publishReview(input: $input) { id } }',
    { input: { claimID: createClaim.id, scale: 'SHORT', rating: 'MISLEADING', summary: `Revisión ${XSS_IMG}${XSS_SCRIPT}`, lang: 'es' } },
    editor,
  );
  return createClaim.id;
}

/** The news page with the three forms of one claim's widget. */
async function newsPage(data, title) {
  const oembed = await json(`/oembed?format=json&maxwidth=600&url=${encodeURIComponent(data.url)}`);
  assert.equal(oembed.type, 'rich');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<link rel="icon" href="data:,">
<title>${title}: a news article embedding Veredicto</title>
<style>body{font:16px/1.5 Georgia,serif;max-width:640px;margin:2em auto;padding:0 1em;color:#222}
section{margin:2em 0}h2{font-size:1.1em}</style>
</head>
<body>
<main>
<h1>${title}</h1>
<p>A news article about the claim, with Veredicto's widget in its three forms.</p>
<section id="script" aria-label="Script and blockquote">
<h2>1. Script and blockquote</h2>
${data.snippet.es}
</section>
<section id="iframe" aria-label="Plain iframe">
<h2>2. Plain iframe (English, dark)</h2>
<iframe src="${BASE}/embed/claims/${data.id}?lang=en&amp;theme=dark" title="Veredicto: claim check" width="550" height="400" style="border:0;max-width:100%"></iframe>
</section>
<section id="oembed" aria-label="oEmbed">
<h2>3. oEmbed</h2>
${oembed.html}
</section>
<section id="element" aria-label="Custom element">
<h2>4. Custom element (English)</h2>
<veredicto-claim claim="${data.id}" data-lang="en"></veredicto-claim>
</section>
</main>
</body>
</html>`;
}

before(async () => {
  browser = await chromium.launch({
    executablePath: process.env.E2E_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const loader = await http(`${BASE}/widget.js`);
  assert.equal(loader.status, 200, 'veredicto serve does not serve /widget.js: mount package widget in server/');
  const res = await gql(
    '{ claims(first: 1, orderBy: { field: CREATED_AT, direction: ASC }) { edges { node { id } } } }',
  );
  const id = res.data?.claims?.edges?.[0]?.node?.id;
  assert.ok(id, `the founding case is not seeded: ${JSON.stringify(res)}`);
  founding = await json(`/api/widget/claims/${id}`);
  assert.equal(
    new URL(founding.url).origin,
    new URL(BASE).origin,
    `PUBLIC_URL (${new URL(founding.url).origin}) is not where the server is (${BASE}): start it with PUBLIC_URL=${BASE}`,
  );
  hostile = await json(`/api/widget/claims/${await createHostileClaim()}`);
  assert.equal(hostile.claim.text, HOSTILE);

  const pages = {
    '/founding': await newsPage(founding, 'The PSOE account “was hacked”'),
    '/hostile': await newsPage(hostile, 'A claim written as markup'),
  };
  const server = createServer((req, res) => {
    const body = pages[req.url];
    res.writeHead(body ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
    res.end(body ?? 'not found');
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  // localhost, not 127.0.0.1: another origin and another site than Veredicto.
  host = { server, url: `http://localhost:${server.address().port}` };
});

after(async () => {
  await browser?.close();
  await new Promise((ok) => (host ? host.server.close(ok) : ok()));
});

/** Opens a news page, recording every problem the tests forbid. */
async function open(path, contextOptions = {}) {
  const context = await browser.newContext({ viewport: { width: 1000, height: 900 }, ...contextOptions });
  const page = await context.newPage();
  const seen = { problems: [], hosts: new Set(), dialogs: [] };
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') seen.problems.push(`${m.type()}: ${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => seen.problems.push(`exception: ${e.message}`));
  page.on('dialog', async (d) => {
    seen.dialogs.push(d.message());
    await d.dismiss();
  });
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (u.protocol === 'http:' || u.protocol === 'https:' || u.protocol === 'ws:' || u.protocol === 'wss:') seen.hosts.add(u.host);
  });
  await page.goto(`${host.url}${path}`);
  return { context, page, seen };
}

/** The widget iframe of a section, loaded: its element and its frame. */
async function widget(page, section) {
  const el = page.locator(`#${section} iframe`);
  await el.waitFor();
  await el.scrollIntoViewIfNeeded(); // the loader's and oEmbed's iframes load lazily
  const handle = await el.elementHandle();
  let frame;
  for (let i = 0; i < 100 && !(frame?.url() ?? '').includes('/embed/claims/'); i++) {
    frame = await handle.contentFrame();
    if (!(frame?.url() ?? '').includes('/embed/claims/')) await page.waitForTimeout(100);
  }
  assert.ok(frame, `${section}: the iframe has no frame`);
  await frame.locator('footer a').waitFor();
  return { el, frame };
}

/** Waits until the iframe's height equals its content's: no scrollbar. */
async function sized(page, el, frame, label) {
  let last;
  for (let i = 0; i < 50; i++) {
    const content = await frame.evaluate(() => Math.ceil(document.body.getBoundingClientRect().height));
    const box = await el.evaluate((f) => f.clientHeight);
    const scroll = await frame.evaluate(() => document.documentElement.scrollHeight - window.innerHeight);
    last = { content, box, scroll };
    if (Math.abs(content - box) <= 1 && scroll <= 0) return last;
    await page.waitForTimeout(100);
  }
  assert.fail(`${label}: the iframe was not sized to its content: ${JSON.stringify(last)}`);
}

const forms = ['script', 'iframe', 'oembed'];

describe('the founding case embedded on another site', () => {
  let opened;
  before(async () => {
    opened = await open('/founding');
  });
  after(async () => {
    await opened?.context.close();
  });

  for (const form of forms) {
    test(`${form}: renders the claim, verdicts, key evidence and a link back`, async () => {
      const { page } = opened;
      const { el, frame } = await widget(page, form);
      const lang = form === 'iframe' ? 'en' : 'es';
      assert.equal(await frame.locator('html').getAttribute('lang'), lang);
      assert.match(await frame.locator('blockquote').textContent(), /La cuenta de Twitter del PSOE fue hackeada/);
      assert.match(await frame.locator('h1').textContent(), lang === 'es' ? /Afirmación de PSOE · 15 de enero de 2012/ : /Claim by PSOE · January 15, 2012/);
      const text = await frame.locator('body').textContent();
      for (const want of lang === 'es'
        ? ['borrada · cliente no consta', 'Aún sin calificación editorial', 'Sin consenso aún', 'Recuento bruto de 1 veredicto', 'Publicación borrada', 'Metadatos del cliente', 'Incidente anterior']
        : ['deleted · client not recorded', 'Not rated by the editors yet', 'No consensus yet', 'Raw split of 1 verdict', 'Deleted post', 'Client metadata', 'Prior incident']) {
        assert.ok(text.includes(want), `${form}: the widget lacks “${want}”`);
      }
      const link = frame.locator('footer a');
      assert.equal(await link.getAttribute('href'), founding.url);
      assert.equal(await link.getAttribute('target'), '_blank');
      assert.equal(await link.getAttribute('rel'), 'noopener');
      // "Last updated" is shown in the viewer's zone, with a machine-readable time.
      assert.match(await frame.locator('footer time').getAttribute('datetime'), /Z$/);
      const size = await sized(page, el, frame, form);
      assert.ok(size.box >= 200 && size.box <= 1200, `${form}: height ${size.box}`);
      await el.screenshot({ path: join(shots, `widget-${form}.png`) });
    });
  }

  test('the loader replaced the blockquote with a titled, lazy, sandboxed iframe', async () => {
    const f = opened.page.locator('#script iframe');
    assert.equal(await opened.page.locator('#script blockquote').count(), 0);
    assert.equal(await f.getAttribute('sandbox'), 'allow-scripts allow-popups allow-popups-to-escape-sandbox');
    assert.equal(await f.getAttribute('loading'), 'lazy');
    // The snippet's data-lang="es" wins over the host page's <html lang="en">.
    assert.equal(await f.getAttribute('title'), 'Veredicto: comprobación de una afirmación');
    assert.equal(await f.getAttribute('src'), `${BASE}/embed/claims/${founding.id}?lang=es`);
  });

  test('the loader ignores height messages from other windows', async () => {
    const { page } = opened;
    const f = page.locator('#script iframe');
    const before = await f.evaluate((el) => el.clientHeight);
    // The host page itself posts a height message (event.source is not the frame).
    await page.evaluate(() => window.postMessage({ type: 'veredicto:height', height: 1000 }, '*'));
    await page.waitForTimeout(200);
    assert.equal(await f.evaluate((el) => el.clientHeight), before);
  });

  test('the widgets are accessible (axe, inside the frames)', async () => {
    const results = await new AxeBuilder({ page: opened.page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
      .analyze();
    const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    assert.deepEqual(
      bad.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`),
      [],
    );
  });

  test('<veredicto-claim claim="ID"> renders the widget inside itself', async () => {
    const { page } = opened;
    const { el, frame } = await widget(page, 'element');
    assert.equal(await page.locator('#element veredicto-claim > iframe').count(), 1);
    assert.equal(await frame.locator('html').getAttribute('lang'), 'en');
    assert.match(await frame.locator('h1').textContent(), /Claim by PSOE/);
    await sized(page, el, frame, 'element');
  });

  test('no console errors, no dialogs, no request to a third host', () => {
    const { seen } = opened;
    assert.deepEqual(seen.problems, []);
    assert.deepEqual(seen.dialogs, []);
    assert.deepEqual([...seen.hosts].sort(), [new URL(BASE).host, new URL(host.url).host].sort());
  });
});

describe('a claim written as markup', () => {
  let opened;
  before(async () => {
    opened = await open('/hostile');
  });
  after(async () => {
    await opened?.context.close();
  });

  test('the blockquote snippet shows the markup as text before the loader runs', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    const dialogs = [];
    page.on('dialog', (d) => dialogs.push(d.message()));
    await page.goto(`${host.url}/hostile`);
    const quote = page.locator('#script blockquote');
    assert.equal(await quote.locator('p').first().textContent(), HOSTILE);
    assert.equal(await quote.locator('img').count(), 0);
    assert.match(await quote.textContent(), /Calificación editorial: Engañoso/);
    assert.deepEqual(dialogs, []);
    await context.close();
  });

  for (const form of forms) {
    test(`${form}: every field renders as text`, async () => {
      const { page } = opened;
      const { el, frame } = await widget(page, form);
      assert.equal(await frame.locator('blockquote').textContent(), HOSTILE);
      assert.equal(await frame.locator('h1 strong').textContent(), `Actor ${XSS_IMG}`);
      assert.equal(await frame.locator('[data-s="f0s"]').textContent(), `Resumen ${XSS_SCRIPT} ${XSS_IMG}`);
      assert.equal(await frame.locator('[data-s="rsum"]').textContent(), `Revisión ${XSS_IMG}${XSS_SCRIPT}`);
      assert.equal(await frame.locator('img').count(), 0);
      assert.equal(await frame.locator('script').count(), 1);
      await sized(page, el, frame, form);
      await el.screenshot({ path: join(shots, `widget-hostile-${form}.png`) });
    });
  }

  test('no dialog fired, no console errors, no third host', async () => {
    await opened.page.waitForTimeout(300);
    const { seen } = opened;
    assert.deepEqual(seen.dialogs, []);
    assert.deepEqual(seen.problems, []);
    assert.deepEqual([...seen.hosts].sort(), [new URL(BASE).host, new URL(host.url).host].sort());
  });
});

test('theme auto follows the reader\'s dark preference', async () => {
  const { context, page, seen } = await open('/founding', { colorScheme: 'dark' });
  const { el, frame } = await widget(page, 'oembed');
  assert.equal(await frame.locator('html').getAttribute('data-theme'), 'auto');
  assert.equal(await frame.evaluate(() => getComputedStyle(document.documentElement).backgroundColor), 'rgb(22, 25, 29)');
  await sized(page, el, frame, 'oembed, dark');
  await el.screenshot({ path: join(shots, 'widget-oembed-dark.png') });
  assert.deepEqual(seen.problems, []);
  await context.close();
});

test('live update: an open widget shows a new verdict after its next poll', async () => {
  const context = await browser.newContext({ viewport: { width: 1000, height: 900 } });
  await context.clock.install();
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  await page.goto(`${host.url}/hostile`);
  // The sandboxed frame (opaque origin: its fetch is a CORS request from
  // "null") and the plain one.
  const sandboxed = (await widget(page, 'script')).frame.locator('[data-s="tally"]');
  const plain = (await widget(page, 'iframe')).frame.locator('[data-s="tally"]');
  assert.equal(await sandboxed.textContent(), 'Aún no hay veredictos de lectores.');
  assert.equal(await plain.textContent(), 'No reader verdicts yet.');

  const reader = await signIn('demo_reader');
  await must(
    'mutation($claimId: ID!) { castVerdict(claimId: $claimId, value: HOLDS) { id } }',
    { claimId: String(hostile.id) },
    reader,
  );
  // The server drops its cached copy on the change notification.
  let fresh;
  for (let i = 0; i < 50; i++) {
    fresh = await json(`/api/widget/claims/${hostile.id}`);
    if (fresh.tally.total === 1) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(fresh.tally.total, 1, 'the widget JSON still shows no verdict: is Invalidate wired to change notifications?');
  // A minute later the widget polls and updates its text in place.
  await context.clock.fastForward(61_000);
  await plain.filter({ hasText: 'Raw split of 1 verdict: holds 1 · partly 0 · does not hold 0' }).waitFor({ timeout: 5000 });
  await sandboxed.filter({ hasText: 'Recuento bruto de 1 veredicto: se sostiene 1 · en parte 0 · no se sostiene 0' }).waitFor({ timeout: 5000 });
  assert.deepEqual(problems, []);
  await context.close();
});
