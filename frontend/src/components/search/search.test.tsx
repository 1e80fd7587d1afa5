import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import Search, { RESULTS_PAGE } from '../../routes/Search';
import { mockClient, renderWith } from '../../test/render';
import { Route, Routes, useLocation } from 'react-router';
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

/** Where the app went. */
function Here() {
  const { pathname, search } = useLocation();
  return <p data-testid="here">{pathname + search}</p>;
}

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
});
