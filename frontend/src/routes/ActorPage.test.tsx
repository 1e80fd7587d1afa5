import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { claimCard, claimConnection, foundingClaim } from '../test/fixtures';
import { mockClient, renderWith } from '../test/render';
import ActorPage from './ActorPage';

const actor = {
  __typename: 'Actor',
  id: '4294967296',
  name: 'PSOE',
  kind: 'PARTY',
  country: 'ES',
  description: 'Partido Socialista Obrero Español, partido político de España.',
  timeZone: 'Europe/Madrid',
  accounts: {
    totalCount: 1,
    edges: [{ node: { __typename: 'Account', id: '17179869184', platform: 'TWITTER', handle: 'PSOE', url: 'https://twitter.com/PSOE' } }],
  },
  claims: claimConnection([claimCard(foundingClaim.id, foundingClaim.text)], 1, false),
};

function renderActor(node: unknown, lang: 'es' | 'en' = 'en') {
  const { client } = mockClient((name) => (name === 'ActorPage' ? { data: { node } } : undefined));
  return renderWith(<ActorPage />, { lang, client, path: '/actors/4294967296', route: '/actors/:id' });
}

describe('ActorPage', () => {
  it('shows who the actor is, their accounts and their claims', () => {
    renderActor(actor, 'es');
    expect(screen.getByRole('heading', { level: 1, name: 'PSOE' })).toBeTruthy();
    expect(screen.getByText('Partido político')).toBeTruthy();
    expect(screen.getByText('España')).toBeTruthy();
    const accounts = within(screen.getByTestId('accounts'));
    expect(accounts.getByText('Twitter / X')).toBeTruthy();
    expect(accounts.getByRole('link', { name: '@PSOE' }).getAttribute('href')).toBe('https://twitter.com/PSOE');
    const card = within(screen.getByTestId('claim-card'));
    expect(card.getByRole('heading', { level: 3 }).textContent).toBe(foundingClaim.text);
  });

  it('links to a search of what concerns the actor', () => {
    renderActor(actor, 'es');
    const link = screen.getByRole('link', { name: 'Buscar lo que concierne a PSOE' });
    expect(link.getAttribute('href')).toBe('/search?actor=4294967296');
  });

  it('says "not recorded" for what is unknown', () => {
    renderActor({ ...actor, country: null, description: null, timeZone: null }, 'en');
    expect(screen.getAllByText('not recorded')).toHaveLength(3);
    expect(screen.queryByText('Spain')).toBeNull();
  });

  it('says when there is no such actor', () => {
    renderActor(null);
    expect(screen.getByText('There is no actor with this identifier.')).toBeTruthy();
  });
});
