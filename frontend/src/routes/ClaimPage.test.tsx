import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { foundingClaim, ratingScales } from '../test/fixtures';
import { mockClient, renderWith } from '../test/render';
import { LIVE_RECONNECTED } from '../graphql/client';
import ClaimPage from './ClaimPage';

function renderClaim(node: unknown, lang: 'es' | 'en' = 'en') {
  const { client, executeQuery } = mockClient((name) => (name === 'ClaimPage' ? { data: { node, ratingScales } } : undefined));
  const r = renderWith(<ClaimPage />, { lang, client, path: '/claims/8589934592', route: '/claims/:id' });
  return { ...r, executeQuery };
}

describe('ClaimPage', () => {
  it('asks for the claim in the URL', () => {
    const { executeQuery } = renderClaim(foundingClaim);
    expect(executeQuery.mock.calls[0]![0].variables).toMatchObject({ id: '8589934592' });
  });

  it('shows the claim, its claimant and the deleted statement without inventing what is unknown', () => {
    renderClaim(foundingClaim);
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe(foundingClaim.text);
    expect(screen.getByRole('heading', { level: 1 }).getAttribute('lang')).toBe('es');
    expect(within(screen.getByTestId('claimant')).getByRole('link', { name: 'PSOE' }).getAttribute('href')).toBe(
      '/actors/4294967296',
    );
    const statement = screen.getByTestId('statement');
    expect(within(statement).getByTestId('statement-deleted').textContent).toBe('Yes: the post was deleted');
    expect(within(statement).getByTestId('statement-text').textContent).toBe('not recorded');
    expect(within(statement).getByTestId('statement-client').textContent).toBe('not recorded');
    expect(within(statement).getByTestId('statement-deleted-at').textContent).toBe('not recorded');
    expect(within(statement).getByTestId('statement-posted-at').querySelector('time')?.getAttribute('datetime')).toBe(
      '2012-01-15T10:30:00.000Z',
    );
    expect(within(statement).getByRole('link', { name: '@PSOE' }).getAttribute('rel')).toBe('noopener noreferrer nofollow');
  });

  it('groups evidence by stance, with an empty group said plainly', () => {
    renderClaim(foundingClaim);
    expect(screen.getAllByTestId('evidence-item')).toHaveLength(6);
    expect(within(screen.getByTestId('stance-supports')).queryAllByTestId('evidence-item')).toHaveLength(0);
    expect(within(screen.getByTestId('stance-supports')).getByText('No evidence gathered.')).toBeTruthy();
    expect(within(screen.getByTestId('stance-refutes')).getAllByTestId('evidence-item')).toHaveLength(3);
    expect(within(screen.getByTestId('stance-context')).getAllByTestId('evidence-item')).toHaveLength(3);
    expect(screen.getByRole('heading', { level: 3, name: 'Refutes the claim (3)' })).toBeTruthy();
    expect(screen.getByText('6 published evidence items')).toBeTruthy();
  });

  it('shows each item with kind, certainty, time, source and hash', () => {
    renderClaim(foundingClaim, 'es');
    const refutes = within(screen.getByTestId('stance-refutes')).getAllByTestId('evidence-item');
    const prior = within(refutes[1]!);
    expect(prior.getByText('Incidente anterior')).toBeTruthy();
    const source = prior.getByRole('link');
    expect(source.getAttribute('href')).toBe('http://jorgerabanosprofesional.blogspot.com/2011/12/fact-los-ex-followers-del-psoe.html');
    expect(source.getAttribute('rel')).toBe('noopener noreferrer nofollow');
    expect(prior.getByRole('button', { name: 'Copiar SHA-256' })).toBeTruthy();
    expect(prior.getByText('4'.repeat(64))).toBeTruthy();
    // No sha256: no copy button, "no consta".
    const testimony = within(refutes[2]!);
    expect(testimony.queryByRole('button')).toBeNull();
    expect(testimony.getAllByText('no consta').length).toBeGreaterThanOrEqual(2); // time, source, hash
    // The deleted post's observedAt is a real time.
    const deletedPost = within(screen.getByTestId('stance-context')).getAllByTestId('evidence-item')[0]!;
    expect(deletedPost.querySelector('time')?.getAttribute('title')).toBe('2012-01-15 10:30:00 UTC');
    // The timing item is known to the day only: no hour is shown.
    const timing = within(screen.getByTestId('stance-context')).getAllByTestId('evidence-item')[1]!;
    expect(timing.querySelector('time')?.textContent).toBe('15 de enero de 2012');
  });

  it('renders user-written text as text, never as HTML', () => {
    const hostile = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>';
    const claim = {
      ...foundingClaim,
      text: hostile,
      claimant: { ...foundingClaim.claimant, name: '<b>PSOE</b>' },
      about: { ...foundingClaim.about, text: hostile, client: '<i>TweetDeck</i>' },
      refutes: {
        ...foundingClaim.refutes,
        edges: [{ node: { ...foundingClaim.refutes.edges[0]!.node, summary: hostile, sourceURL: 'javascript:alert(1)' } }],
      },
    };
    const { container } = renderClaim(claim);
    expect(container.querySelector('img, script, b, i')).toBeNull();
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe(hostile);
    expect(screen.getByText('<b>PSOE</b>')).toBeTruthy();
    expect(screen.getByText('<i>TweetDeck</i>')).toBeTruthy();
    expect(container.querySelector('a[href^="javascript"]')).toBeNull();
    expect((window as { __pwned?: number }).__pwned).toBeUndefined();
  });

  it('shows when the claim was made to the precision known', () => {
    renderClaim({ ...foundingClaim, madeAt: '2012-01-15T00:00:00Z', madeAtPrecision: 'DAY' });
    const made = screen.getByText('Date of the claim').nextElementSibling!;
    expect(made.textContent).toBe('January 15, 2012');
  });

  it('says when there is no such claim', () => {
    renderClaim(null);
    expect(screen.getByRole('heading', { level: 1, name: 'Not found' })).toBeTruthy();
    expect(screen.getByText('There is no claim with this identifier.')).toBeTruthy();
  });

  it('treats an id of another kind of node as not found', () => {
    renderClaim({ __typename: 'Actor', id: '4294967296' }, 'es');
    expect(screen.getByRole('heading', { level: 1, name: 'No encontrado' })).toBeTruthy();
  });

  it('shows a statement that was not deleted and whose text is known', () => {
    renderClaim({
      ...foundingClaim,
      about: { ...foundingClaim.about, deleted: false, text: 'Hola', lang: 'es', client: 'TweetDeck' },
    });
    expect(screen.getByTestId('statement-deleted').textContent).toBe('Not known to have been deleted');
    expect(screen.queryByTestId('statement-deleted-at')).toBeNull();
    expect(screen.getByTestId('statement-text').textContent).toBe('Hola');
    expect(screen.getByTestId('statement-client').textContent).toBe('TweetDeck');
  });

  it('says when a claim is about no recorded statement', () => {
    renderClaim({ ...foundingClaim, about: null });
    expect(screen.getByText('This claim is not about any recorded post.')).toBeTruthy();
  });

  it('offers to retry when loading fails', async () => {
    const { client } = mockClient(() => ({ error: new Error('boom') as never }));
    renderWith(<ClaimPage />, { client, path: '/claims/1', route: '/claims/:id' });
    expect((await screen.findByRole('alert')).textContent).toMatch(/Could not load/);
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
  });
});

describe('ClaimPage, live', () => {
  function renderLive(kind: string | undefined) {
    const { client, executeQuery } = mockClient((name) => {
      if (name === 'ClaimPage') return { data: { node: foundingClaim, ratingScales } };
      if (name === 'ClaimUpdated' && kind) return { data: { claimUpdated: { kind, claim: { ...foundingClaim, __typename: 'Claim' } } } };
      return undefined;
    });
    renderWith(<ClaimPage />, { client, path: '/claims/8589934592', route: '/claims/:id' });
    return executeQuery;
  }
  // The forced refetches among the client's calls (rendering calls it too).
  const refetches = (executeQuery: ReturnType<typeof renderLive>) =>
    executeQuery.mock.calls
      .map((c) => (c as unknown as [unknown, Record<string, unknown> | undefined])[1])
      .filter((ctx) => ctx?.requestPolicy === 'network-only');

  it('fetches the claim again past HTTP caches when its evidence changed', () => {
    const executeQuery = renderLive('EVIDENCE');
    expect(refetches(executeQuery)).toContainEqual(expect.objectContaining({ preferGetMethod: false }));
  });

  it('keeps the page as it is for a tally change, which carries its data', () => {
    const executeQuery = renderLive('TALLY');
    expect(refetches(executeQuery)).toEqual([]);
  });

  it('fetches the claim again when the live socket reconnects after a restart', async () => {
    const executeQuery = renderLive(undefined);
    expect(refetches(executeQuery)).toEqual([]);
    const { act } = await import('@testing-library/react');
    act(() => {
      window.dispatchEvent(new Event(LIVE_RECONNECTED));
    });
    expect(refetches(executeQuery)).toContainEqual(expect.objectContaining({ preferGetMethod: false }));
  });
});
