import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, type Mock } from 'vitest';
import Search, { RESULTS_PAGE } from '../../routes/Search';
import { mockClient, renderWith } from '../../test/render';
import { Route, Routes, useLocation, useNavigationType } from 'react-router';
import { SearchBox, SUGGESTIONS } from './SearchBox';

const claimHit = (id: string, snippet: string) => ({
  __typename: 'SearchHit',
  kind: 'CLAIM',
  snippet,
  lang: 'es',
  status: 'OPEN',
  cursor: `c${id}`,
  claim: { __typename: 'Claim', id, claimant: { __typename: 'Actor', id: 'a1', name: 'PSOE' } },
  node: { __typename: 'Claim', id, madeAt: '2012-01-15T00:00:00Z', madeAtPrecision: 'DAY', createdAt: '2026-11-26T10:00:00Z' },
});
const statementHit = {
  __typename: 'SearchHit',
  kind: 'STATEMENT',
  snippet: 'Nuestra web ha sido <mark>hackeada</mark> &lt;script&gt;',
  lang: 'es',
  status: null,
  cursor: 'cs',
  claim: null,
  node: {
    __typename: 'Statement',
    id: 's1',
    postedAt: '2012-01-15T10:30:00Z',
    account: { __typename: 'Account', id: 'ac1', handle: 'PSOE', actor: { __typename: 'Actor', id: 'a1', name: 'PSOE' } },
    claims: { __typename: 'ClaimConnection', edges: [{ __typename: 'ClaimEdge', node: { __typename: 'Claim', id: '9' } }] },
  },
};
const results = (hits: unknown[], more: Partial<Record<string, unknown>> = {}) => ({
  data: {
    search: {
      __typename: 'SearchResults',
      total: hits.length,
      totalIsLowerBound: false,
      hasNextPage: false,
      endCursor: null,
      onlyStopWords: false,
      hits,
      ...more,
    },
  },
});

/** Where the app went, and whether by a new entry in the history (PUSH) or in place of the last (REPLACE). */
function Here() {
  const { pathname, search } = useLocation();
  return (
    <p data-testid="here" data-navigation={useNavigationType()}>
      {pathname + search}
    </p>
  );
}

const here = () => screen.getByTestId('here').textContent;

type Operation = { query: { definitions: Array<{ name?: { value: string } }> }; variables: Record<string, unknown> };

/** The variables of every query of this name asked so far, in order. */
function asked(executeQuery: Mock, name: string): Array<Record<string, unknown>> {
  return executeQuery.mock.calls
    .map((c) => c[0] as Operation)
    .filter((op) => op.query.definitions.some((d) => d.name?.value === name))
    .map((op) => op.variables);
}

/** The filter the last search was asked with. */
const lastFilter = (executeQuery: Mock) => asked(executeQuery, 'Search').at(-1)?.filter;

function app(ui: React.ReactElement) {
  return (
    <>
      <Routes>
        <Route path="*" element={ui} />
      </Routes>
      <Here />
    </>
  );
}

describe('the search box', () => {
  it('suggests hits after a pause, goes through them with the arrows and opens one with Enter', async () => {
    const user = userEvent.setup();
    const { client, executeQuery } = mockClient((name, vars) =>
      name === 'SearchSuggest' && vars.query === 'hackeo' ? results([claimHit('8', 'La web del PSOE fue <mark>hackeada</mark>'), statementHit]) : undefined,
    );
    renderWith(app(<SearchBox />), { lang: 'es', client });
    const box = screen.getByRole('combobox', { name: 'Buscar afirmaciones, publicaciones y pruebas' });
    expect(box.getAttribute('aria-expanded')).toBe('false');
    await user.type(box, 'hackeo');
    const list = await screen.findByRole('listbox', { name: 'Sugerencias' });
    // Only the settled text was asked for, not every keystroke.
    const asked = executeQuery.mock.calls.map((c) => (c[0] as unknown as { variables: { query: string; first: number } }).variables);
    expect(asked.map((v) => v.query)).toEqual(['hackeo']);
    expect(asked[0]!.first).toBe(SUGGESTIONS);
    expect(box.getAttribute('aria-expanded')).toBe('true');
    const options = within(list).getAllByRole('option');
    expect(options).toHaveLength(2);
    expect(options[0]!.querySelector('mark')?.textContent).toBe('hackeada');
    // Escaped markup in a snippet stays text.
    expect(options[1]!.textContent).toContain('<script>');
    expect(options[1]!.querySelector('script')).toBeNull();
    expect(screen.getByText(/2 sugerencias/)).toBeTruthy();

    await user.keyboard('{ArrowDown}');
    expect(box.getAttribute('aria-activedescendant')).toBe(options[0]!.id);
    expect(options[0]!.getAttribute('aria-selected')).toBe('true');
    await user.keyboard('{ArrowDown}');
    expect(box.getAttribute('aria-activedescendant')).toBe(options[1]!.id);
    await user.keyboard('{ArrowDown}'); // past the end: back to the box
    expect(box.getAttribute('aria-activedescendant')).toBeNull();
    await user.keyboard('{ArrowUp}'); // up from the box: the last one
    expect(box.getAttribute('aria-activedescendant')).toBe(options[1]!.id);
    await user.keyboard('{Enter}');
    // A statement leads to the claim about it.
    expect(screen.getByTestId('here').textContent).toBe('/claims/9');
    expect(box.getAttribute('aria-expanded')).toBe('false');
  });

  it('closes with Escape (then clears), and Enter with nothing chosen opens the results page', async () => {
    const user = userEvent.setup();
    const { client } = mockClient((name) => (name === 'SearchSuggest' ? results([claimHit('8', 'x <mark>hackeada</mark>')]) : undefined));
    renderWith(app(<SearchBox />), { lang: 'en', client });
    const box = screen.getByRole('combobox', { name: 'Search claims, posts and evidence' });
    await user.type(box, 'hackeo');
    await screen.findByRole('listbox');
    await user.keyboard('{Escape}');
    expect(box.getAttribute('aria-expanded')).toBe('false');
    expect((box as HTMLInputElement).value).toBe('hackeo');
    await user.keyboard('{Enter}');
    expect(screen.getByTestId('here').textContent).toBe('/search?q=hackeo');
    await user.keyboard('{Escape}');
    expect((box as HTMLInputElement).value).toBe('');
  });

  it('asks nothing for fewer than three characters', async () => {
    const user = userEvent.setup();
    const { client, executeQuery } = mockClient(() => undefined);
    renderWith(app(<SearchBox />), { client });
    await user.type(screen.getByRole('combobox'), 'ha');
    await new Promise((r) => setTimeout(r, 400));
    expect(executeQuery).not.toHaveBeenCalled();
  });
});

describe('the results page', () => {
  it('reads the query from the address, shows the total and the hits, and loads more after the last cursor', async () => {
    const user = userEvent.setup();
    const { client, executeQuery } = mockClient((name, vars) => {
      if (name !== 'Search') return undefined;
      return vars.after
        ? results([claimHit('3', 'third <mark>hack</mark>')], { total: 3 })
        : results([claimHit('1', 'first <mark>hack</mark>'), claimHit('2', 'second')], { total: 3, hasNextPage: true, endCursor: 'c2' });
    });
    renderWith(<Search />, { lang: 'en', client, path: '/search?q=hack' });
    expect(screen.getByRole('heading', { level: 1, name: 'Search' })).toBeTruthy();
    expect((screen.getByRole('combobox') as HTMLInputElement).value).toBe('hack');
    expect((await screen.findByTestId('search-total')).textContent).toBe('3 results for “hack”');
    expect(screen.getAllByTestId('search-result')).toHaveLength(2);
    const first = within(screen.getAllByTestId('search-result')[0]!);
    expect(first.getByRole('link', { name: 'first hack' }).getAttribute('href')).toBe('/claims/1');
    expect(first.getByText('Claim')).toBeTruthy();
    expect(first.getByText('Open')).toBeTruthy();
    expect(first.getByText('January 15, 2012')).toBeTruthy(); // known to the day: no invented hour
    await user.click(screen.getByRole('button', { name: 'More results' }));
    await waitFor(() => expect(screen.getAllByTestId('search-result')).toHaveLength(3));
    expect(document.activeElement?.textContent).toBe('third hack');
    expect(screen.queryByRole('button', { name: 'More results' })).toBeNull();
    const vars = executeQuery.mock.calls.map((c) => (c[0] as unknown as { variables: Record<string, unknown> }).variables);
    expect(vars).toContainEqual({ query: 'hack', first: RESULTS_PAGE, after: 'c2', filter: null });
  });

  it('narrows the hits to the kinds checked, kept in the address and by a new search; none checked means all', async () => {
    const user = userEvent.setup();
    const { client, executeQuery } = mockClient((name) => (name === 'Search' ? results([statementHit]) : undefined));
    renderWith(app(<Search />), { lang: 'es', client, path: '/search?q=hackeada&kind=STATEMENT&kind=NOPE' });
    const filter = within(screen.getByRole('group', { name: 'Mostrar solo' }));
    const box = (name: string) => filter.getByRole('checkbox', { name }) as HTMLInputElement;
    expect([box('Afirmaciones').checked, box('Publicaciones').checked, box('Pruebas').checked]).toEqual([false, true, false]);
    await screen.findByTestId('search-total');
    const lastVars = () =>
      (executeQuery.mock.calls.at(-1)![0] as unknown as { variables: Record<string, unknown> }).variables;
    expect(lastVars()).toMatchObject({ query: 'hackeada', filter: { kinds: ['STATEMENT'] } });

    await user.click(box('Afirmaciones'));
    await waitFor(() => expect(lastVars()).toMatchObject({ filter: { kinds: ['CLAIM', 'STATEMENT'] } }));
    expect(screen.getByTestId('here').textContent).toBe('/search?q=hackeada&kind=CLAIM&kind=STATEMENT');

    // A new search on this page keeps the kinds chosen.
    const input = screen.getByRole('combobox');
    await user.clear(input);
    await user.type(input, 'broma{Enter}');
    await waitFor(() => expect(screen.getByTestId('here').textContent).toBe('/search?q=broma&kind=CLAIM&kind=STATEMENT'));
    await waitFor(() => expect(lastVars()).toMatchObject({ query: 'broma', filter: { kinds: ['CLAIM', 'STATEMENT'] } }));

    await user.click(box('Afirmaciones'));
    await user.click(box('Publicaciones'));
    await waitFor(() => expect(lastVars()).toMatchObject({ query: 'broma', filter: null }));
    expect(screen.getByTestId('here').textContent).toBe('/search?q=broma');
  });

  it('says when nothing is found, and when every word is too common', async () => {
    const { client } = mockClient((_, vars) => (vars.query === 'el' ? results([], { onlyStopWords: true }) : results([])));
    const { unmount } = renderWith(<Search />, { lang: 'es', client, path: '/search?q=zzzz' });
    expect((await screen.findByTestId('search-total')).textContent).toBe('No hay resultados de «zzzz».');
    unmount();
    renderWith(<Search />, { lang: 'es', client, path: '/search?q=el' });
    expect((await screen.findByTestId('search-total')).textContent).toMatch(/demasiado comunes/);
  });

  it('sends the filters of the address: statuses, days as UTC instants with the end day included, the actor', async () => {
    const { client, executeQuery } = mockClient((name) => (name === 'Search' ? results([claimHit('8', 'x')]) : undefined));
    renderWith(app(<Search />), {
      lang: 'en',
      client,
      path: '/search?q=hackeada&kind=CLAIM&status=RATED&status=NOPE&status=OPEN&from=2012-01-15&to=2012-02-29&actor=4294967296',
    });
    await screen.findByTestId('search-total');
    expect(lastFilter(executeQuery)).toEqual({
      kinds: ['CLAIM'],
      status: ['OPEN', 'RATED'], // in the order shown; the unknown one ignored
      from: '2012-01-15T00:00:00Z',
      to: '2012-03-01T00:00:00Z', // the end of the 29th (a leap year): the next day's start, which the API excludes
      actorID: '4294967296',
    });
    const statuses = within(screen.getByRole('group', { name: 'Claim status' }));
    const checked = ['Open', 'Rated', 'Archived'].map((n) => (statuses.getByRole('checkbox', { name: n }) as HTMLInputElement).checked);
    expect(checked).toEqual([true, true, false]);
    const dates = within(screen.getByRole('group', { name: 'Date' }));
    expect((dates.getByLabelText('From') as HTMLInputElement).value).toBe('2012-01-15');
    expect((dates.getByLabelText('To') as HTMLInputElement).value).toBe('2012-02-29');
    expect(dates.queryByTestId(/^date-/)).toBeNull();
  });

  it('narrows by status and days in place of the address, keeping the words and the other filters, from page one', async () => {
    const user = userEvent.setup();
    const { client, executeQuery } = mockClient((name, vars) => {
      if (name !== 'Search') return undefined;
      return vars.after
        ? results([claimHit('3', 'third')], { total: 3 })
        : results([claimHit('1', 'first'), claimHit('2', 'second')], { total: 3, hasNextPage: true, endCursor: 'c2' });
    });
    renderWith(app(<Search />), { lang: 'es', client, path: '/search?q=hackeada&kind=CLAIM&actor=4294967296' });
    await user.click(await screen.findByRole('button', { name: 'Más resultados' }));
    await waitFor(() => expect(screen.getAllByTestId('search-result')).toHaveLength(3));

    await user.click(within(screen.getByRole('group', { name: 'Estado de la afirmación' })).getByRole('checkbox', { name: 'Calificada' }));
    await waitFor(() => expect(here()).toBe('/search?q=hackeada&kind=CLAIM&status=RATED&actor=4294967296'));
    expect(screen.getByTestId('here').dataset.navigation).toBe('REPLACE');
    // Another filter is another list: back to its first page.
    await waitFor(() => expect(screen.getAllByTestId('search-result')).toHaveLength(2));
    expect(asked(executeQuery, 'Search').at(-1)).toEqual({
      query: 'hackeada',
      first: RESULTS_PAGE,
      after: null,
      filter: { kinds: ['CLAIM'], status: ['RATED'], actorID: '4294967296' },
    });

    const dates = within(screen.getByRole('group', { name: 'Fecha' }));
    // A date field reports each valid date on the way as the year is typed.
    for (const day of ['0002-01-01', '0020-01-01', '0201-01-01', '2012-01-01']) {
      fireEvent.change(dates.getByLabelText('Desde'), { target: { value: day } });
    }
    expect((dates.getByLabelText('Desde') as HTMLInputElement).value).toBe('2012-01-01');
    await user.type(dates.getByLabelText('Hasta'), '2012-01-31');
    await waitFor(() => expect(here()).toBe('/search?q=hackeada&kind=CLAIM&status=RATED&from=2012-01-01&to=2012-01-31&actor=4294967296'));
    expect(screen.getByTestId('here').dataset.navigation).toBe('REPLACE');
    await waitFor(() =>
      expect(lastFilter(executeQuery)).toEqual({
        kinds: ['CLAIM'],
        status: ['RATED'],
        from: '2012-01-01T00:00:00Z',
        to: '2012-02-01T00:00:00Z',
        actorID: '4294967296',
      }),
    );
    // Only what was settled was asked for, not every day on the way.
    const froms = new Set(asked(executeQuery, 'Search').map((v) => (v.filter as { from?: string } | null)?.from));
    expect([...froms]).toEqual([undefined, '2012-01-01T00:00:00Z']);
    expect(asked(executeQuery, 'Search').at(-1)!.after).toBeNull();

    // Clearing a day takes it out of the address.
    await user.clear(dates.getByLabelText('Hasta'));
    await waitFor(() => expect(here()).toBe('/search?q=hackeada&kind=CLAIM&status=RATED&from=2012-01-01&actor=4294967296'));
  });

  it('keeps both of two filters changed faster than the address follows', async () => {
    const { client } = mockClient((name) => (name === 'Search' ? results([claimHit('8', 'x')]) : undefined));
    renderWith(app(<Search />), { lang: 'es', client, path: '/search?q=hackeada' });
    const kinds = within(await screen.findByRole('group', { name: 'Mostrar solo' }));
    const statuses = within(screen.getByRole('group', { name: 'Estado de la afirmación' }));
    // Both clicks before React renders the first navigation.
    act(() => {
      fireEvent.click(kinds.getByRole('checkbox', { name: 'Afirmaciones' }));
      fireEvent.click(statuses.getByRole('checkbox', { name: 'Calificada' }));
    });
    await waitFor(() => expect(here()).toBe('/search?q=hackeada&kind=CLAIM&status=RATED'));
    // Later changes start from the address again.
    fireEvent.click(kinds.getByRole('checkbox', { name: 'Afirmaciones' }));
    await waitFor(() => expect(here()).toBe('/search?q=hackeada&status=RATED'));
  });

  it('says when the end is before the start, and leaves the end out of the search until it is fixed', async () => {
    const { client, executeQuery } = mockClient((name) => (name === 'Search' ? results([claimHit('8', 'x')]) : undefined));
    renderWith(app(<Search />), { lang: 'en', client, path: '/search?q=hackeada&from=2012-02-01&to=2012-01-15' });
    await screen.findByTestId('search-total');
    const message = screen.getByTestId('date-reversed');
    expect(message.textContent).toBe('The end date is before the start date, so it is not applied.');
    expect(lastFilter(executeQuery)).toEqual({ from: '2012-02-01T00:00:00Z' });
    expect(asked(executeQuery, 'Search').every((v) => !(v.filter as { to?: string }).to)).toBe(true);
    const from = screen.getByLabelText('From');
    const to = screen.getByLabelText('To');
    expect(to.getAttribute('aria-invalid')).toBe('true');
    expect(from.getAttribute('aria-invalid')).toBeNull();
    // Both days are described by it: either may be the one to change.
    expect(to.getAttribute('aria-describedby')?.split(' ')).toContain(message.id);
    expect(from.getAttribute('aria-describedby')?.split(' ')).toContain(message.id);

    fireEvent.change(to, { target: { value: '2012-02-10' } });
    await waitFor(() => expect(here()).toBe('/search?q=hackeada&from=2012-02-01&to=2012-02-10'));
    await waitFor(() => expect(lastFilter(executeQuery)).toEqual({ from: '2012-02-01T00:00:00Z', to: '2012-02-11T00:00:00Z' }));
    expect(screen.queryByTestId('date-reversed')).toBeNull();
    expect(to.getAttribute('aria-invalid')).toBeNull();
  });

  it('says which day is not a date, and sends only the other', async () => {
    const { client, executeQuery } = mockClient((name) => (name === 'Search' ? results([]) : undefined));
    renderWith(app(<Search />), { lang: 'es', client, path: '/search?q=hackeada&from=2011-02-29&to=2011-03-01' });
    await screen.findByTestId('search-total');
    expect(screen.getByTestId('date-invalidFrom').textContent).toBe('La fecha de inicio no es una fecha válida, así que no se aplica.');
    expect(screen.getByLabelText('Desde').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByLabelText('Hasta').getAttribute('aria-invalid')).toBeNull();
    expect(lastFilter(executeQuery)).toEqual({ to: '2011-03-02T00:00:00Z' });
  });

  it('shows the actor a search is about by name, and removing it widens the search, keeping the rest', async () => {
    const user = userEvent.setup();
    const { client, executeQuery } = mockClient((name, vars) => {
      if (name === 'SearchActor') return { data: { node: { __typename: 'Actor', id: vars.id, name: 'PSOE <b>Madrid</b>' } } };
      return name === 'Search' ? results([claimHit('8', 'x')]) : undefined;
    });
    renderWith(app(<Search />), { lang: 'es', client, path: '/search?q=hackeada&kind=CLAIM&status=OPEN&actor=4294967296' });
    const chip = await screen.findByTestId('search-actor');
    expect(asked(executeQuery, 'SearchActor')).toEqual([{ id: '4294967296' }]);
    // The name is text, never markup.
    expect(chip.textContent).toContain('Solo sobre: PSOE <b>Madrid</b>');
    expect(chip.querySelector('b')).toBeNull();
    await user.click(within(chip).getByRole('button', { name: 'Quitar el filtro «solo sobre PSOE <b>Madrid</b>»' }));
    await waitFor(() => expect(here()).toBe('/search?q=hackeada&kind=CLAIM&status=OPEN'));
    expect(screen.getByTestId('here').dataset.navigation).toBe('REPLACE');
    expect(screen.queryByTestId('search-actor')).toBeNull();
    await waitFor(() => expect(lastFilter(executeQuery)).toEqual({ kinds: ['CLAIM'], status: ['OPEN'] }));
    // Focus does not fall to the page's start with the vanished button.
    expect(document.activeElement).toBe(screen.getByRole('heading', { level: 1 }));
  });

  it('shows the id until the name is known, says when the id is no actor, and still lets it be removed', async () => {
    const user = userEvent.setup();
    const { client: loading } = mockClient((name) => (name === 'Search' ? results([]) : undefined));
    const first = renderWith(app(<Search />), { lang: 'en', client: loading, path: '/search?q=x&actor=42' });
    expect(screen.getByTestId('search-actor').textContent).toContain('Only about: 42');
    first.unmount();

    const { client } = mockClient((name) => (name === 'SearchActor' ? { data: { node: null } } : name === 'Search' ? results([]) : undefined));
    renderWith(app(<Search />), { lang: 'en', client, path: '/search?q=x&actor=42' });
    const chip = await screen.findByTestId('search-actor');
    await waitFor(() => expect(chip.textContent).toContain('Only about: unknown actor'));
    await user.click(within(chip).getByRole('button', { name: 'Remove the filter “only about unknown actor”' }));
    await waitFor(() => expect(here()).toBe('/search?q=x'));
  });

  it('keeps every filter when a new search is made, and asks for words when there are none', async () => {
    const user = userEvent.setup();
    const { client, executeQuery } = mockClient((name) => (name === 'Search' ? results([]) : undefined));
    renderWith(app(<Search />), { lang: 'en', client, path: '/search?actor=4294967296&status=ARCHIVED&from=2012-01-01&to=2012-12-31' });
    expect(screen.getByText('Type what you are looking for in the box.')).toBeTruthy();
    expect(asked(executeQuery, 'Search')).toEqual([]);
    await user.type(screen.getByRole('combobox'), 'hackeada{Enter}');
    await waitFor(() => expect(here()).toBe('/search?q=hackeada&status=ARCHIVED&from=2012-01-01&to=2012-12-31&actor=4294967296'));
    expect(screen.getByTestId('here').dataset.navigation).toBe('PUSH');
    await waitFor(() =>
      expect(lastFilter(executeQuery)).toEqual({
        status: ['ARCHIVED'],
        from: '2012-01-01T00:00:00Z',
        to: '2013-01-01T00:00:00Z',
        actorID: '4294967296',
      }),
    );
  });

  it('ignores an actor id the API could not read', async () => {
    const { client, executeQuery } = mockClient((name) => (name === 'Search' ? results([]) : undefined));
    renderWith(app(<Search />), { lang: 'en', client, path: '/search?q=x&actor=%3Cscript%3E' });
    await screen.findByTestId('search-total');
    expect(screen.queryByTestId('search-actor')).toBeNull();
    expect(asked(executeQuery, 'SearchActor')).toEqual([]);
    expect(lastFilter(executeQuery)).toBeNull();
  });
});
