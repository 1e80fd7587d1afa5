// Browser tests of the web app against a real `veredicto serve` seeded with
// the founding case (run through run.mjs, which sets BASE_URL). Chromium is
// Debian's, driven by playwright-core; accessibility is checked with axe.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { request } from 'node:http';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium } from 'playwright-core';

const BASE = process.env.BASE_URL;
if (!BASE) throw new Error('BASE_URL is not set: run these tests with npm run e2e');
const shots = join(dirname(fileURLToPath(import.meta.url)), 'screenshots');
mkdirSync(shots, { recursive: true });

const JS_BUDGET = 200 * 1024; // gzipped JS of a first claim-page visit

const text = {
  es: {
    homeTitle: 'Últimas afirmaciones',
    open: 'Abierta',
    evidence6: '6 pruebas',
    deletedYes: 'Sí: la publicación fue borrada',
    notRecorded: 'no consta',
    postedAt: /15 de enero de 2012.*11:30/, // Europe/Madrid
    caseDay: '15 de enero de 2012',
    copied: 'SHA-256 copiado',
    langLabel: 'Idioma',
    refutes: 'La contradicen',
  },
  en: {
    homeTitle: 'Latest claims',
    open: 'Open',
    evidence6: '6 evidence items',
    deletedYes: 'Yes: the post was deleted',
    notRecorded: 'not recorded',
    postedAt: /January 15, 2012.*05:30/, // America/New_York
    caseDay: 'January 15, 2012', // known to the day: not shifted to the 14th in New York
    copied: 'SHA-256 copied',
    langLabel: 'Language',
    refutes: 'Refutes the claim',
  },
};
const contexts = {
  es: { locale: 'es-ES', timezoneId: 'Europe/Madrid' },
  en: { locale: 'en-US', timezoneId: 'America/New_York' },
};

let browser;
let founding; // { id, claimantId }

/** An HTTP request without keep-alive (an idle pooled connection would keep
 * the test process alive long after the last test). */
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

/** Signs in as the seed's fictional demo journalist; the session cookie, or undefined. */
async function journalistCookie() {
  const res = await gql('mutation($input: LogInInput!) { logIn(input: $input) { viewer { user { role } } } }', {
    input: { handle: 'demo_journalist', password: 'veredicto-demo-2012' },
  });
  if (res.errors || !res.cookies.length) return undefined;
  return res.cookies.map((c) => c.split(';')[0]).join('; ');
}

/** axe on the page as it is: no serious or critical violation. */
async function checkA11y(page, label) {
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
async function settled(page, h1) {
  const exact = (s) => new RegExp(`^${s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  const filter = h1 === undefined ? {} : { hasText: typeof h1 === 'string' ? exact(h1) : h1 };
  await page.locator('main h1').filter(filter).first().waitFor();
  await page.waitForFunction(() => !document.querySelector('main .loading'));
}

before(async () => {
  browser = await chromium.launch({
    executablePath: process.env.E2E_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const res = await gql(
    '{ claims(first: 1, orderBy: { field: CREATED_AT, direction: ASC }) { edges { node { id claimant { id } } } } }',
  );
  const node = res.data?.claims?.edges?.[0]?.node;
  assert.ok(node, `the founding case is not seeded: ${JSON.stringify(res)}`);
  founding = { id: node.id, claimantId: node.claimant.id };
});

after(async () => {
  await browser?.close();
});

for (const lang of ['es', 'en']) {
  describe(`in ${lang}`, () => {
    const T = text[lang];
    let context;
    let page;
    const problems = []; // console errors, uncaught exceptions, CSP refusals

    before(async () => {
      context = await browser.newContext({ ...contexts[lang], viewport: { width: 1280, height: 900 } });
      page = await context.newPage();
      page.on('console', (m) => {
        if (m.type() !== 'error' && m.type() !== 'warning') return;
        // The not-found test visits an unknown page and an unknown claim on
        // purpose: their 404s are expected.
        if (/status of 404/.test(m.text()) && /\/(no\/such\/page|claims\/999999999999)$/.test(m.location().url)) return;
        problems.push(`${m.type()}: ${m.text()} (${m.location().url})`);
      });
      page.on('pageerror', (e) => problems.push(`exception: ${e.message}`));
    });
    after(async () => {
      await context?.close();
    });

    test('home lists the founding claim', async () => {
      await page.goto(`${BASE}/`);
      await settled(page);
      assert.equal(await page.locator('html').getAttribute('lang'), lang);
      assert.equal(await page.locator('main h1').textContent(), T.homeTitle);
      const card = page.getByTestId('claim-card').filter({ hasText: 'PSOE fue hackeada' });
      assert.equal(await card.count(), 1);
      assert.ok((await card.textContent()).includes(T.open));
      assert.ok((await card.textContent()).includes(T.evidence6));
      assert.equal(await card.getByRole('link', { name: 'PSOE', exact: true }).count(), 1);
      // The claim is dated to the day: that day, with no invented hour.
      const made = card.locator('time');
      assert.equal(await made.getAttribute('datetime'), '2012-01-15');
      assert.equal(await made.textContent(), T.caseDay);
      await checkA11y(page, `${lang} home`);
      await page.screenshot({ path: join(shots, `${lang}-home.png`), fullPage: true });
    });

    test('claim page shows PSOE, the deleted statement and the evidence', async () => {
      // Client-side navigation from the home page...
      await page.getByTestId('claim-card').filter({ hasText: 'PSOE fue hackeada' }).locator('h2 a').click();
      await page.waitForURL(`**/claims/${founding.id}`);
      await settled(page, /PSOE fue hackeada/);
      // ...and a fresh load of the same URL (the server's SPA fallback).
      await page.goto(`${BASE}/claims/${founding.id}`);
      await settled(page);
      assert.match(await page.locator('main h1').textContent(), /PSOE fue hackeada/);
      assert.equal(await page.getByTestId('claimant').textContent(), 'PSOE');
      assert.equal(await page.getByTestId('statement-deleted').textContent(), T.deletedYes);
      assert.equal(await page.getByTestId('statement-deleted-at').textContent(), T.notRecorded);
      assert.equal(await page.getByTestId('statement-text').textContent(), T.notRecorded);
      assert.equal(await page.getByTestId('statement-client').textContent(), T.notRecorded);
      const posted = page.getByTestId('statement-posted-at').locator('time');
      assert.match(await posted.textContent(), T.postedAt);
      assert.equal(await posted.getAttribute('title'), '2012-01-15 10:30:00 UTC');
      const items = await page.getByTestId('evidence-item').count();
      assert.ok(items >= 4, `${items} evidence items`);
      assert.ok((await page.getByTestId('stance-refutes').locator('h3').textContent()).startsWith(T.refutes));
      const source = page.getByTestId('evidence-item').locator('a[href^="http"]').first();
      assert.equal(await source.getAttribute('rel'), 'noopener noreferrer nofollow');
      assert.match(await page.title(), /Veredicto$/);
      await checkA11y(page, `${lang} claim`);
      await page.screenshot({ path: join(shots, `${lang}-claim.png`), fullPage: true });
    });

    test('actor page shows the accounts and claims', async () => {
      await page.getByTestId('claimant').getByRole('link').click();
      await page.waitForURL(`**/actors/${founding.claimantId}`);
      await settled(page, 'PSOE');
      assert.equal(await page.locator('main h1').textContent(), 'PSOE');
      assert.equal(await page.getByTestId('accounts').getByRole('link', { name: '@PSOE' }).count(), 1);
      assert.ok((await page.getByTestId('claim-card').count()) >= 1);
      await checkA11y(page, `${lang} actor`);
      await page.screenshot({ path: join(shots, `${lang}-actor.png`), fullPage: true });
    });

    test('an unknown claim and an unknown path say not found', async () => {
      await page.goto(`${BASE}/claims/999999999999`);
      await settled(page);
      assert.equal(await page.locator('main h1').textContent(), lang === 'es' ? 'No encontrado' : 'Not found');
      await page.goto(`${BASE}/no/such/page`);
      await settled(page);
      assert.equal(await page.locator('main h1').textContent(), lang === 'es' ? 'No encontrado' : 'Not found');
      await checkA11y(page, `${lang} not found`);
    });

    test('the SHA-256 copy button copies the hash', async () => {
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: BASE });
      await page.goto(`${BASE}/claims/${founding.id}`);
      await settled(page);
      const item = page.getByTestId('evidence-item').first();
      const hash = await item.locator('code').textContent();
      assert.match(hash, /^[0-9a-f]{64}$/);
      await item.getByRole('button').click();
      await item.getByRole('status').filter({ hasText: T.copied }).waitFor();
      assert.equal(await page.evaluate(() => navigator.clipboard.readText()), hash);
    });

    test('no console errors, exceptions or Content-Security-Policy refusals', () => {
      assert.deepEqual(problems, []);
    });
  });
}

test('the language switcher changes the language and remembers it', async () => {
  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  await page.goto(`${BASE}/claims/${founding.id}`);
  await settled(page);
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  await page.getByLabel('Language').selectOption('es');
  await page.getByLabel('Idioma').waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'es');
  assert.equal(await page.getByTestId('statement-deleted-at').textContent(), 'no consta');
  await page.reload();
  await settled(page);
  assert.equal(await page.locator('html').getAttribute('lang'), 'es');
  assert.equal(await page.getByLabel('Idioma').inputValue(), 'es');
  await context.close();
});

test('keyboard: the skip link comes first and leads to the content; focus is visible', async () => {
  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  await page.goto(`${BASE}/claims/${founding.id}`);
  await settled(page);
  await page.keyboard.press('Tab');
  const first = await page.evaluate(() => ({
    text: document.activeElement?.textContent,
    outline: getComputedStyle(document.activeElement).outlineStyle,
    top: document.activeElement.getBoundingClientRect().top,
  }));
  assert.equal(first.text, 'Skip to content');
  assert.notEqual(first.outline, 'none', 'focused skip link has no visible outline');
  assert.ok(first.top >= 0, 'focused skip link is on screen');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'main');
  // Tab from the content reaches the claimant link, and Enter follows it.
  for (let i = 0; i < 20; i++) {
    await page.keyboard.press('Tab');
    if ((await page.evaluate(() => document.activeElement?.textContent)) === 'PSOE') break;
  }
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, 'none', 'focused link has no visible outline');
  await page.keyboard.press('Enter');
  await page.waitForURL(`**/actors/${founding.claimantId}`);
  await settled(page, 'PSOE');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'main', 'focus moves to the new page');
  await context.close();
});

test('dark mode on a phone: readable, no sideways scrolling, accessible', async () => {
  const context = await browser.newContext({
    locale: 'es-ES',
    colorScheme: 'dark',
    viewport: { width: 360, height: 780 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  });
  const page = await context.newPage();
  for (const [name, path] of [
    ['home', '/'],
    ['claim', `/claims/${founding.id}`],
    ['actor', `/actors/${founding.claimantId}`],
  ]) {
    await page.goto(`${BASE}${path}`);
    await settled(page);
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(bg, 'rgb(15, 17, 21)', 'dark background');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${name}: ${overflow}px of sideways scrolling on a phone`);
    await checkA11y(page, `dark phone ${name}`);
    await page.screenshot({ path: join(shots, `phone-dark-${name}.png`), fullPage: true });
  }
  await context.close();
});

test('the server: SPA fallback, cache headers, 404 for a missing asset or an unknown page', async () => {
  const index = await http(`/claims/${founding.id}`);
  assert.equal(index.status, 200);
  assert.equal(index.headers['cache-control'], 'no-cache');
  const script = /src="(\/assets\/[^"]+\.js)"/.exec(index.text)?.[1];
  assert.ok(script, 'index.html loads a hashed script');
  const asset = await http(script);
  assert.equal(asset.status, 200);
  assert.equal(asset.headers['cache-control'], 'public, max-age=31536000, immutable');
  assert.equal((await http('/assets/index-missing.js')).status, 404);
  assert.equal((await http('/favicon.ico')).status, 404);
  const unknown = await http('/no/such/page');
  assert.equal(unknown.status, 404, 'a path that is no route of the app is a 404...');
  assert.ok(unknown.text.includes('<div id="root">'), '...that still carries the app, to say so');
});

test(`a first claim-page visit downloads at most ${JS_BUDGET / 1024} KiB of gzipped JS`, async () => {
  const context = await browser.newContext({ locale: 'es-ES' });
  const page = await context.newPage();
  const scripts = [];
  page.on('response', (res) => {
    if (res.request().resourceType() === 'script') scripts.push(res);
  });
  await page.goto(`${BASE}/claims/${founding.id}`);
  await settled(page);
  await page.waitForLoadState('networkidle');
  let raw = 0;
  let gz = 0;
  let wire = 0;
  const names = [];
  for (const res of scripts) {
    const body = await res.body();
    raw += body.length;
    gz += gzipSync(body, { level: 9 }).length;
    wire += (await res.request().sizes()).responseBodySize;
    names.push(new URL(res.url()).pathname.replace('/assets/', ''));
  }
  console.log(
    `# first claim-page visit: ${scripts.length} JS files, ${raw} bytes raw, ${gz} bytes gzipped ` +
      `(${(gz / 1024).toFixed(1)} KiB; ${wire} bytes on the wire): ${names.join(', ')}`,
  );
  assert.ok(!names.some((n) => /^(Home|ActorPage)-/.test(n)), 'other screens are not loaded');
  assert.ok(gz <= JS_BUDGET, `${gz} bytes of gzipped JS is over the ${JS_BUDGET}-byte budget`);
  await context.close();
});

// Last: it adds claims, which changes what the home page lists first.
test('"load more" pages through the claims of an actor and of the home page', async (t) => {
  const cookie = await journalistCookie();
  if (!cookie) {
    t.skip('cannot sign in as the demo journalist to create test data');
    return;
  }
  const as = { cookie };
  const actor = await gql(
    'mutation($input: CreateActorInput!) { createActor(input: $input) { id } }',
    { input: { name: 'Actor ficticio (prueba e2e)', kind: 'OTHER', description: 'Datos de prueba, no reales.' } },
    as,
  );
  assert.ok(actor.data?.createActor?.id, JSON.stringify(actor));
  const actorId = actor.data.createActor.id;
  for (let i = 1; i <= 13; i++) {
    const res = await gql('mutation($input: CreateClaimInput!) { createClaim(input: $input) { id } }', {
      input: { text: `Afirmación ficticia de prueba número ${i}`, lang: 'es', claimantID: actorId },
    }, as);
    assert.ok(res.data?.createClaim?.id, JSON.stringify(res));
  }
  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  await page.goto(`${BASE}/actors/${actorId}`);
  await settled(page);
  assert.equal(await page.getByTestId('claim-card').count(), 10);
  await page.getByRole('button', { name: 'Load more' }).click();
  await page.getByText('Showing 13 of 13').waitFor();
  assert.equal(await page.getByTestId('claim-card').count(), 13);
  assert.equal(
    await page.evaluate(() => [...(document.activeElement?.closest('ul')?.children ?? [])].indexOf(document.activeElement?.closest('li'))),
    10,
    'focus moved to the first new claim',
  );
  assert.equal(await page.getByRole('button', { name: 'Load more' }).count(), 0);

  await page.goto(`${BASE}/`);
  await settled(page);
  assert.equal(await page.getByTestId('claim-card').count(), 12);
  await page.getByRole('button', { name: 'Load more' }).click();
  await page.getByText('Showing 14 of 14').waitFor();
  assert.equal(await page.getByTestId('claim-card').filter({ hasText: 'PSOE fue hackeada' }).count(), 1);
  await context.close();
});
