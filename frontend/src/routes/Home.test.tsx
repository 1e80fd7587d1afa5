import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createClient } from '../graphql/client';
import { stubAPI } from '../test/api';
import { claimCard, claimConnection, foundingClaim } from '../test/fixtures';
import { mockClient, renderWith } from '../test/render';
import Home, { PAGE_SIZE } from './Home';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('Home', () => {
  it('lists the latest claims with status, claimant, date and evidence count', () => {
    const { client, executeQuery } = mockClient(() => ({
      data: { claims: claimConnection([claimCard(foundingClaim.id, foundingClaim.text)], 1, false) },
    }));
    renderWith(<Home />, { client, lang: 'es' });
    expect(executeQuery.mock.calls[0]![0].variables).toMatchObject({ first: PAGE_SIZE, after: null });
    expect(screen.getByRole('heading', { level: 1, name: 'Últimas afirmaciones' })).toBeTruthy();
    const card = within(screen.getByTestId('claim-card'));
    expect(card.getByRole('heading', { level: 2 }).textContent).toBe(foundingClaim.text);
    expect(card.getByRole('link', { name: foundingClaim.text }).getAttribute('href')).toBe('/claims/8589934592');
    expect(card.getByText('Abierta')).toBeTruthy();
    expect(card.getByRole('link', { name: 'PSOE' }).getAttribute('href')).toBe('/actors/4294967296');
    expect(card.getByText('Registrada')).toBeTruthy(); // madeAt unknown: the date shown is when it was added
    expect(card.getByText('6 pruebas')).toBeTruthy();
    expect(screen.getByText('Mostrando 1 de 1')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Cargar más' })).toBeNull();
  });

  it('loads the next page after the last cursor', async () => {
    const user = userEvent.setup();
    const first = Array.from({ length: 2 }, (_, i) => claimCard(`${i}`, `Claim ${i}`));
    const more = [...first, claimCard('2', 'Claim 2')];
    const { client, executeQuery } = mockClient((_, vars) => ({
      data: { claims: vars.after ? claimConnection(more, 3, false, 'c2') : claimConnection(first, 3, true, 'c1') },
    }));
    renderWith(<Home />, { client });
    expect(screen.getAllByTestId('claim-card')).toHaveLength(2);
    await user.click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(screen.getAllByTestId('claim-card')).toHaveLength(3));
    expect(executeQuery.mock.calls.at(-1)![0].variables).toMatchObject({ after: 'c1' });
    // Focus moves to the first new claim, not left on the vanished button.
    expect(document.activeElement?.textContent).toBe('Claim 2');
    expect(screen.getByText('Showing 3 of 3')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
  });

  it('loads more through the real normalised cache, keeping what is shown', async () => {
    const user = userEvent.setup();
    stubAPI();
    renderWith(<Home />, { client: createClient('http://localhost/graphql') });
    await waitFor(() => expect(screen.getAllByTestId('claim-card')).toHaveLength(2));
    await user.click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(screen.getAllByTestId('claim-card')).toHaveLength(3));
    expect(screen.getByText('Showing 3 of 3')).toBeTruthy();
  });

  it('shows the made date when it is known', () => {
    const { client } = mockClient(() => ({
      data: { claims: claimConnection([claimCard('1', 'x', { madeAt: '2012-01-15T12:00:00Z' })], 1, false) },
    }));
    renderWith(<Home />, { client });
    expect(screen.getByText('Made')).toBeTruthy();
  });

  it('says when there are no claims', () => {
    const { client } = mockClient(() => ({ data: { claims: claimConnection([], 0, false) } }));
    renderWith(<Home />, { client });
    expect(screen.getByText('There are no claims yet.')).toBeTruthy();
  });

  it('puts a claim the live feed brings at the top, without reloading, and says so', async () => {
    const { client, executeSubscription } = mockClient((name) => {
      if (name === 'Home') return { data: { claims: claimConnection([claimCard(foundingClaim.id, foundingClaim.text)], 1, false) } };
      if (name === 'ClaimsFeed') return { data: { claimsFeed: claimCard('99', 'Una afirmación recién creada') } };
      return undefined;
    });
    renderWith(<Home />, { client, lang: 'es' });
    expect(executeSubscription).toHaveBeenCalled();
    await waitFor(() => expect(screen.getAllByTestId('claim-card')).toHaveLength(2));
    expect(screen.getAllByTestId('claim-card')[0]!.textContent).toContain('Una afirmación recién creada');
    expect(screen.getByText('Mostrando 2 de 2')).toBeTruthy();
    expect(screen.getByTestId('new-claims').textContent).toBe('1 afirmación nueva, arriba de la lista.');
  });

  it('has the search box first', () => {
    renderWith(<Home />, { lang: 'es' });
    expect(screen.getByRole('search')).toBeTruthy();
    expect(screen.getByRole('combobox', { name: 'Buscar afirmaciones, publicaciones y pruebas' })).toBeTruthy();
  });

  it('shows loading while the first page is on its way', () => {
    renderWith(<Home />);
    expect(screen.getByRole('status').textContent).toBe('Loading…');
  });
});
