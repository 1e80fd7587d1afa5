// Browser tests of the home page's search and live list, and of the
// admin's users page, in Spanish and English, against a real `veredicto
// serve` seeded with the founding case (run through run.mjs):
//   - the type-ahead finds the founding case's claim, with the keyboard
//     (arrows, Enter, Escape), and Enter with nothing chosen opens the full
//     results page; also on a phone;
//   - a claim created through the API appears on an open home page without
//     reloading (the claimsFeed subscription);
//   - an admin sees the accounts (the users query) and filters them.
// Each screen is screenshotted and scanned with axe. The accounts and
// claims made here are synthetic and say so.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { BASE, checkA11y, freshHandle, gql, launch, logInCookie, settled, shots, signUpCookie, watchProblems } from './helpers.mjs';

const text = {
  es: {
    homeTitle: 'Últimas afirmaciones',
    box: 'Buscar afirmaciones, publicaciones y pruebas',
    suggestions: 'Sugerencias',
    query: 'psoe hackeada',
    searchTitle: 'Buscar',
    total: /resultados? de «psoe hackeada»/,
    more: 'Más resultados',
    filterLegend: 'Mostrar solo',
    claims: 'Afirmaciones',
    claimKind: 'Afirmación',
    usersTitle: 'Usuarios',
    filterText: /^Nombre de usuario o nombre/,
    filter: 'Filtrar',
    newClaim: '1 afirmación nueva, arriba de la lista.',
  },
  en: {
    homeTitle: 'Latest claims',
    box: 'Search claims, posts and evidence',
    suggestions: 'Suggestions',
    query: 'PSOE hack',
    searchTitle: 'Search',
    total: /results? for “PSOE hack”/,
    more: 'More results',
    filterLegend: 'Show only',
    claims: 'Claims',
    claimKind: 'Claim',
    usersTitle: 'Users',
    filterText: /^Handle or name/,
    filter: 'Filter',
    newClaim: '1 new claim, at the top of the list.',
  },
};
const contexts = {
  es: { locale: 'es-ES', timezoneId: 'Europe/Madrid' },
  en: { locale: 'en-US', timezoneId: 'America/New_York' },
};
const FOUNDING = 'PSOE fue hackeada';
const PAGED = 21;

let browser;
let founding; // the founding claim's id
let journalist; // a session cookie
let claimant; // an actor for the claims made here

before(async () => {
  browser = await launch();
  const res = await gql('{ claims(first: 1, orderBy: { field: CREATED_AT, direction: ASC }) { edges { node { id } } } }');
  founding = res.data?.claims?.edges?.[0]?.node?.id;
  assert.ok(founding, `the founding case is not seeded: ${JSON.stringify(res)}`);
  journalist = await logInCookie('demo_journalist');
  assert.ok(journalist, 'cannot sign in as the demo journalist');
  const actor = await gql(
    'mutation($input: CreateActorInput!) { createActor(input: $input) { id } }',
    { input: { name: 'Actor ficticio del directo (e2e)', kind: 'OTHER', description: 'Datos sintéticos de las pruebas e2e.' } },
    { cookie: journalist },
  );
  claimant = actor.data?.createActor?.id;
  assert.ok(claimant, JSON.stringify(actor));
  // More hits than a page of results holds (20), for "more results".
  for (let i = 1; i <= PAGED; i++) {
    const res = await gql(
      'mutation($input: CreateClaimInput!) { createClaim(input: $input) { id } }',
      { input: { text: `Afirmación sintética paginable número ${i} (datos de prueba)`, lang: 'es', claimantID: claimant } },
      { cookie: journalist },
    );
    assert.ok(res.data?.createClaim?.id, JSON.stringify(res));
  }
});

after(async () => {
  await browser?.close();
});

/** A page signed in with the cookie (if any). */
async function open(lang, { cookie, ...options } = {}) {
  const context = await browser.newContext({ ...contexts[lang], viewport: { width: 1280, height: 900 }, ...options });
  if (cookie) {
    const [name, value] = cookie.split(';')[0].split('=');
    await context.addCookies([{ name, value, url: BASE }]);
  }
  const page = await context.newPage();
  return { context, page, problems: watchProblems(page) };
}

/** Types into the search box key by key, as a person does, and waits for the suggestion of the founding claim. */
async function typeAhead(page, T) {
  const box = page.getByRole('combobox', { name: T.box });
  await box.click();
  await box.pressSequentially(T.query, { delay: 30 });
  const list = page.getByRole('listbox', { name: T.suggestions });
  const option = list.getByRole('option').filter({ hasText: FOUNDING });
  await option.waitFor();
  assert.equal(await box.getAttribute('aria-expanded'), 'true');
  return { box, list, option };
}

for (const lang of ['es', 'en']) {
  describe(`in ${lang}`, () => {
    const T = text[lang];

    test('the type-ahead finds the founding claim; arrows and Enter open it, Escape closes the list', async () => {
      const { context, page, problems } = await open(lang);
      await page.goto(`${BASE}/`);
      await settled(page, T.homeTitle);
      const { box, list, option } = await typeAhead(page, T);
      assert.ok((await option.locator('mark').count()) >= 1, 'the matched words are marked');
      await checkA11y(page, `${lang} home with suggestions`);
      await page.screenshot({ path: join(shots, `${lang}-search-suggestions.png`) });

      const options = await list.getByRole('option').allTextContents();
      const index = options.findIndex((o) => o.includes(FOUNDING));
      // Escape closes the list and keeps the text; ArrowDown opens it again.
      await page.keyboard.press('Escape');
      assert.equal(await box.getAttribute('aria-expanded'), 'false');
      assert.equal(await list.count(), 0, 'the closed list is hidden');
      assert.equal(await box.inputValue(), T.query);
      // Down to the founding claim's option: aria-activedescendant follows, focus stays in the box.
      for (let i = 0; i <= index; i++) await page.keyboard.press('ArrowDown');
      const chosen = await box.getAttribute('aria-activedescendant');
      assert.equal(chosen, await option.getAttribute('id'));
      assert.equal(await option.getAttribute('aria-selected'), 'true');
      assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('role')), 'combobox');
      await page.keyboard.press('Enter');
      await page.waitForURL(`**/claims/${founding}`);
      await settled(page, new RegExp(FOUNDING));
      assert.deepEqual(problems, []);
      await context.close();
    });

    test('Enter with nothing chosen opens the results page, which pages through the hits', async () => {
      const { context, page, problems } = await open(lang);
      await page.goto(`${BASE}/`);
      await settled(page, T.homeTitle);
      await typeAhead(page, T);
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/search\?q=/);
      await settled(page, T.searchTitle);
      await page.getByTestId('search-total').filter({ hasText: T.total }).waitFor();
      const hit = page.getByTestId('search-result').filter({ hasText: FOUNDING }).first();
      await hit.waitFor();
      assert.equal(await hit.getByRole('link').first().getAttribute('href'), `/claims/${founding}`);
      await checkA11y(page, `${lang} search results`);
      await page.screenshot({ path: join(shots, `${lang}-search-results.png`), fullPage: true });
      // A fresh load of the address (the server's fallback) gives the same page.
      await page.reload();
      await settled(page, T.searchTitle);
      await page.getByTestId('search-result').filter({ hasText: FOUNDING }).first().waitFor();
      // Narrowed to claims: the address keeps the choice, every hit is a claim,
      // and a reload of that address keeps it checked.
      const claimsOnly = () => page.getByRole('group', { name: T.filterLegend }).getByRole('checkbox', { name: T.claims });
      await claimsOnly().check();
      await page.waitForURL(/[?&]kind=CLAIM/);
      await page.getByTestId('search-result').filter({ hasText: FOUNDING }).first().waitFor();
      const kinds = await page.locator('[data-testid="search-result"] .search-kind').allTextContents();
      assert.ok(kinds.length > 0 && kinds.every((k) => k.trim() === T.claimKind), `kinds shown: ${kinds.join(', ')}`);
      await page.reload();
      await settled(page, T.searchTitle);
      assert.equal(await claimsOnly().isChecked(), true);
      await checkA11y(page, `${lang} search results narrowed to claims`);
      // More hits than a page: "more results" adds the next page and focus moves to its first hit.
      await page.goto(`${BASE}/search?q=paginable`);
      await settled(page, T.searchTitle);
      await page.getByTestId('search-result').nth(19).waitFor();
      assert.equal(await page.getByTestId('search-result').count(), 20);
      await page.getByRole('button', { name: T.more }).click();
      await page.getByTestId('search-result').nth(PAGED - 1).waitFor();
      assert.equal(await page.getByTestId('search-result').count(), PAGED);
      assert.match(await page.evaluate(() => document.activeElement?.closest('[data-testid="search-result"]')?.textContent ?? ''), /paginable/);
      assert.equal(await page.getByRole('button', { name: T.more }).count(), 0);
      assert.deepEqual(problems, []);
      await context.close();
    });

    test('a claim created through the API appears on the open home page without reloading', async () => {
      const { context, page, problems } = await open(lang);
      // The subscription is on once the socket has sent its subscribe message.
      const subscribed = page.waitForEvent('websocket').then((ws) =>
        ws.waitForEvent('framesent', { predicate: (f) => String(f.payload).includes('"subscribe"') && String(f.payload).includes('claimsFeed') }),
      );
      await page.goto(`${BASE}/`);
      await settled(page, T.homeTitle);
      await subscribed;
      await page.evaluate(() => {
        window.__notReloaded = true;
      });
      const claimText = `Afirmación sintética en directo (${lang}, ${Date.now()}): datos de prueba, no reales.`;
      const res = await gql(
        'mutation($input: CreateClaimInput!) { createClaim(input: $input) { id } }',
        { input: { text: claimText, lang: 'es', claimantID: claimant } },
        { cookie: journalist },
      );
      assert.ok(res.data?.createClaim?.id, JSON.stringify(res));
      const card = page.getByTestId('claim-card').first();
      await card.filter({ hasText: claimText }).waitFor({ timeout: 10000 });
      assert.equal(await page.evaluate(() => window.__notReloaded), true, 'the page did not reload');
      assert.equal(await page.getByTestId('new-claims').textContent(), T.newClaim);
      assert.equal(await card.getByRole('link', { name: claimText }).getAttribute('href'), `/claims/${res.data.createClaim.id}`);
      await checkA11y(page, `${lang} home with a live claim`);
      await page.screenshot({ path: join(shots, `${lang}-home-live.png`) });
      assert.deepEqual(problems, []);
      await context.close();
    });

    test('an admin sees the accounts, newest first, and filters them', async () => {
      const reader = await signUpCookie(freshHandle(`lista_${lang}`));
      const { context, page, problems } = await open(lang, { cookie: await logInCookie('demo_admin') });
      await page.goto(`${BASE}/admin/users`);
      await settled(page, T.usersTitle);
      const rows = page.getByTestId('user-row');
      await rows.first().waitFor();
      assert.match(await rows.first().textContent(), new RegExp(`@${reader.handle}`), 'the newest account comes first');
      for (const handle of ['demo_admin', 'demo_editor', 'demo_journalist', 'demo_reader']) {
        assert.equal(await rows.filter({ hasText: `@${handle}` }).count(), 1, `@${handle} is listed`);
      }
      await checkA11y(page, `${lang} users list`);
      await page.screenshot({ path: join(shots, `${lang}-users-list.png`), fullPage: true });
      await page.getByLabel(T.filterText).fill(`@${reader.handle}`);
      await page.getByRole('button', { name: T.filter, exact: true }).click();
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="user-row"]').length === 1);
      assert.match(await rows.first().textContent(), new RegExp(`@${reader.handle}`));
      assert.deepEqual(problems, []);
      await context.close();
    });
  });
}

test('search on a phone in dark mode: the suggestions fit, no sideways scrolling, accessible', async () => {
  const { context, page, problems } = await open('es', {
    colorScheme: 'dark',
    viewport: { width: 360, height: 780 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  });
  await page.goto(`${BASE}/`);
  await settled(page, text.es.homeTitle);
  const { list } = await typeAhead(page, text.es);
  const box = await list.boundingBox();
  assert.ok(box && box.x >= 0 && box.x + box.width <= 360, `the list is on screen: ${JSON.stringify(box)}`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `${overflow}px of sideways scrolling on a phone`);
  await checkA11y(page, 'dark phone search suggestions');
  await page.screenshot({ path: join(shots, 'phone-dark-search.png') });
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/search\?q=/);
  await settled(page, text.es.searchTitle);
  await page.getByTestId('search-result').first().waitFor();
  const overflow2 = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow2 <= 0, `results: ${overflow2}px of sideways scrolling on a phone`);
  await checkA11y(page, 'dark phone search results');
  await page.screenshot({ path: join(shots, 'phone-dark-search-results.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await context.close();
});
