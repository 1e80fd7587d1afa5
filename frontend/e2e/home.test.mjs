// Browser tests of the home page's search and live list, and of the
// admin's users page, in Spanish and English, against a real `veredicto
// serve` seeded with the founding case (run through run.mjs):
//   - the type-ahead finds the founding case's claim, with the keyboard
//     (arrows, Enter, Escape), and Enter with nothing chosen opens the full
//     results page; also on a phone;
//   - the results page's filters: the actor page's link scopes a search to
//     the actor, and a claim status or a range of days that leaves out the
//     founding claim hides it, one that takes it in shows it;
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
    statusLegend: 'Estado de la afirmación',
    status: { OPEN: 'Abierta', RATED: 'Calificada', ARCHIVED: 'Archivada' },
    dates: 'Fecha',
    from: 'Desde',
    to: 'Hasta',
    reversed: 'La fecha final es anterior a la de inicio, así que no se aplica.',
    actorLink: (name) => `Buscar lo que concierne a ${name}`,
    onlyAbout: (name) => `Solo sobre: ${name}`,
    removeActor: (name) => `Quitar el filtro «solo sobre ${name}»`,
    prompt: 'Escriba qué busca en la casilla.',
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
    statusLegend: 'Claim status',
    status: { OPEN: 'Open', RATED: 'Rated', ARCHIVED: 'Archived' },
    dates: 'Date',
    from: 'From',
    to: 'To',
    reversed: 'The end date is before the start date, so it is not applied.',
    actorLink: (name) => `Search what concerns ${name}`,
    onlyAbout: (name) => `Only about: ${name}`,
    removeActor: (name) => `Remove the filter “only about ${name}”`,
    prompt: 'Type what you are looking for in the box.',
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

/** The day (YYYY-MM-DD, UTC) `days` after the instant t. */
function dayAfter(t, days) {
  const d = new Date(t);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
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
      // The address changes before the page does: wait for the new results
      // (the old ones, of every kind, also had the founding claim).
      await page.waitForFunction((claimKind) => {
        const kinds = [...document.querySelectorAll('[data-testid="search-result"] .search-kind')].map((k) => k.textContent.trim());
        return kinds.length > 0 && kinds.every((k) => k === claimKind);
      }, T.claimKind);
      await page.getByTestId('search-result').filter({ hasText: FOUNDING }).first().waitFor();
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

    test('the actor page leads to a search about the actor; statuses and days narrow it', async () => {
      // What the demo holds now (another test may have rated the claim).
      const res = await gql('query($id: ID!) { node(id: $id) { ... on Claim { status madeAt claimant { id name } } } }', { id: founding });
      const claim = res.data?.node;
      assert.ok(claim?.madeAt && claim.status, `the founding claim's status and date: ${JSON.stringify(res)}`);
      const actor = claim.claimant;
      // A claim by another actor that the words find too: the scope must leave it out.
      const decoyText = `Afirmación sintética (${lang}): según un actor ficticio, la cuenta del PSOE también fue hackeada (datos de prueba).`;
      const decoy = await gql(
        'mutation($input: CreateClaimInput!) { createClaim(input: $input) { id } }',
        { input: { text: decoyText, lang: 'es', claimantID: claimant } },
        { cookie: journalist },
      );
      const decoyId = decoy.data?.createClaim?.id;
      assert.ok(decoyId, JSON.stringify(decoy));
      const found = await gql(
        'query($q: String!, $f: SearchFilter) { search(query: $q, first: 20, filter: $f) { hits { node { id } } } }',
        { q: T.query, f: { actorID: claimant } },
      );
      assert.ok(found.data?.search?.hits?.some((h) => h.node.id === decoyId), `the words find the decoy: ${JSON.stringify(found)}`);

      const { context, page, problems } = await open(lang);
      await page.goto(`${BASE}/actors/${actor.id}`);
      await settled(page, actor.name);
      await page.getByRole('link', { name: T.actorLink(actor.name) }).click();
      await page.waitForURL(`**/search?actor=${actor.id}`);
      await settled(page, T.searchTitle);
      const chip = page.getByTestId('search-actor');
      await chip.filter({ hasText: T.onlyAbout(actor.name) }).waitFor();
      await page.getByText(T.prompt).waitFor();
      // A new search keeps the scope.
      const box = page.getByRole('combobox', { name: T.box });
      await box.fill(T.query);
      await box.press('Enter');
      await page.waitForURL((u) => u.searchParams.get('q') === T.query && u.searchParams.get('actor') === actor.id);
      const results = page.getByTestId('search-result');
      await results.first().waitFor();
      // Every hit is by the actor (a claim's claimant, a post's author), and the decoy is not there.
      const authors = await results.evaluateAll((hits) => hits.map((h) => h.querySelector('dd a[href^="/actors/"]')?.getAttribute('href')));
      assert.ok(authors.length > 0 && authors.every((a) => a === `/actors/${actor.id}`), `authors of the hits: ${authors.join(', ')}`);
      assert.equal(await page.locator(`[data-testid="search-result"] a[href="/claims/${decoyId}"]`).count(), 0);

      // Claims only: the founding claim is the hit that leads to it.
      await page.getByRole('group', { name: T.filterLegend }).getByRole('checkbox', { name: T.claims }).check();
      await page.waitForURL(/[?&]kind=CLAIM/);
      const foundingHit = page.locator(`[data-testid="search-result"] a[href="/claims/${founding}"]`);
      // Left out: results are shown (not the old ones: those had it, and a
      // new filter reloads them) and it is not among them.
      const hidden = () =>
        page.waitForFunction(
          (href) =>
            document.querySelector('[data-testid="search-total"]') &&
            !document.querySelector(`[data-testid="search-result"] a[href="${href}"]`),
          `/claims/${founding}`,
        );
      await foundingHit.first().waitFor();

      const statuses = page.getByRole('group', { name: T.statusLegend });
      const other = ['OPEN', 'RATED', 'ARCHIVED'].find((s) => s !== claim.status);
      await statuses.getByRole('checkbox', { name: T.status[other] }).check();
      await page.waitForURL((u) => u.searchParams.getAll('status').join() === other);
      await hidden();
      await statuses.getByRole('checkbox', { name: T.status[claim.status] }).check();
      await page.waitForURL((u) => u.searchParams.getAll('status').length === 2);
      await foundingHit.first().waitFor();
      await statuses.getByRole('checkbox', { name: T.status[other] }).uncheck();
      await page.waitForURL((u) => u.searchParams.getAll('status').join() === claim.status);

      // Days: from the day after it, then up to the day before, leave it out;
      // that very day, as both ends (the end day included), takes it in.
      // Each change comes from a state that hides it, so seeing it (or not)
      // is the new search's doing.
      const day = dayAfter(claim.madeAt, 0);
      const dates = page.getByRole('group', { name: T.dates });
      const from = dates.getByLabel(T.from, { exact: true });
      const to = dates.getByLabel(T.to, { exact: true });
      await from.fill(dayAfter(claim.madeAt, 1));
      await page.waitForURL((u) => u.searchParams.get('from') === dayAfter(claim.madeAt, 1));
      await hidden();
      await to.fill(day); // on the way, an end before the start: still hidden
      await from.fill(day);
      await page.waitForURL((u) => u.searchParams.get('from') === day && u.searchParams.get('to') === day);
      await foundingHit.first().waitFor();
      assert.ok((await chip.textContent()).includes(T.onlyAbout(actor.name)), 'the scope is kept');
      await checkA11y(page, `${lang} search narrowed by actor, claims, status and days`);
      await page.screenshot({ path: join(shots, `${lang}-search-filters.png`), fullPage: true });
      await from.fill('');
      await to.fill(dayAfter(claim.madeAt, -1));
      await page.waitForURL((u) => !u.searchParams.has('from') && u.searchParams.get('to') === dayAfter(claim.madeAt, -1));
      await hidden();
      // An end before the start is said, and left out.
      await from.fill(day);
      await page.getByText(T.reversed).waitFor();
      assert.equal(await to.getAttribute('aria-invalid'), 'true');
      await foundingHit.first().waitFor();
      await checkA11y(page, `${lang} search with an end day before the start`);

      // A reload of the address keeps every filter.
      await page.reload();
      await settled(page, T.searchTitle);
      assert.equal(await statuses.getByRole('checkbox', { name: T.status[claim.status] }).isChecked(), true);
      assert.equal(await from.inputValue(), day);
      assert.equal(await to.inputValue(), dayAfter(claim.madeAt, -1));
      await chip.filter({ hasText: T.onlyAbout(actor.name) }).waitFor();
      // Removing the scope keeps the rest.
      await chip.getByRole('button', { name: T.removeActor(actor.name) }).click();
      await page.waitForURL(
        (u) => !u.searchParams.has('actor') && u.searchParams.get('q') === T.query && u.searchParams.get('from') === day,
      );
      await chip.waitFor({ state: 'detached' });
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
