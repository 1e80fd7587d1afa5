import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { makeFragmentData } from '../../gql';
import { foundingClaim, publishedReview, ratingScales } from '../../test/fixtures';
import { mockClient, renderWith } from '../../test/render';
import { EmbedBox } from './EmbedBox';
import { RatingLabelsFragment, ReviewPanel, ReviewPanelFragment } from './ReviewPanel';
import { Timeline, TimelineFragment } from './Timeline';
import { VerdictPanel, VerdictPanelFragment } from './VerdictPanel';

const reader = { __typename: 'User', id: '99', handle: 'lectora', displayName: 'Lectora', role: 'READER' };
const editor = { ...reader, id: '98', handle: 'editora', role: 'EDITOR' };

function verdictClient(user: unknown, verdict: unknown = null) {
  return mockClient((name, vars) => {
    if (name === 'Viewer') return { data: { viewer: user ? { __typename: 'Viewer', user } : null } };
    if (name === 'MyVerdict') return { data: { viewer: { __typename: 'Viewer', verdictOn: verdict } } };
    if (name === 'CastVerdict')
      return {
        data: {
          castVerdict: {
            __typename: 'Verdict',
            id: 'v1',
            value: vars.value,
            reason: vars.reason,
            withdrawnAt: null,
            updatedAt: '2026-11-26T12:00:00Z',
            claim: foundingClaim,
          },
        },
      };
    return undefined;
  });
}

const panelClaim = () => makeFragmentData(foundingClaim as never, VerdictPanelFragment);

describe('VerdictPanel', () => {
  it('shows the tally with its sample size, and the consensus with its explanation', () => {
    renderWith(<VerdictPanel claim={panelClaim()} />, { lang: 'es', client: verdictClient(null).client });
    expect(screen.getByTestId('tally-total').textContent).toBe('Sobre 1 veredicto');
    expect(screen.getByTestId('tally-DOES_NOT_HOLD').textContent).toMatch(/No se sostiene.*1 \(100\s?%\)/);
    expect(screen.getByTestId('consensus-status').textContent).toBe('Faltan veredictos');
    expect(screen.getByText(/Faltan veredictos de lectores que suelen discrepar/)).toBeTruthy();
    // The sides, as a table with headers.
    expect(screen.getByRole('columnheader', { name: 'Se sostiene' })).toBeTruthy();
    expect(screen.getByRole('rowheader', { name: 'Lectores sin situar' })).toBeTruthy();
  });

  it('asks an anonymous reader to log in, and comes back here afterwards', async () => {
    renderWith(<VerdictPanel claim={panelClaim()} />, { lang: 'en', client: verdictClient(null).client, path: '/claims/8589934592' });
    const link = within(await screen.findByTestId('verdict-login')).getByRole('link', { name: 'Log in' });
    expect(link.getAttribute('href')).toBe('/account/login?next=%2Fclaims%2F8589934592');
    expect(screen.queryByRole('radio')).toBeNull();
  });

  it('casts the chosen verdict with its reason, and refuses to send without a choice', async () => {
    const user = userEvent.setup();
    const { client, executeMutation } = verdictClient(reader);
    renderWith(<VerdictPanel claim={panelClaim()} />, { lang: 'en', client });
    await user.click(await screen.findByRole('button', { name: 'Give my verdict' }));
    expect(executeMutation).not.toHaveBeenCalled();
    expect(screen.getByTestId('error-value').textContent).toBe('Choose an option.');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('radio', { name: 'Holds' })));
    await user.click(screen.getByRole('radio', { name: 'Partly' }));
    await user.type(screen.getByLabelText(/^Why/), 'Half of it');
    await user.click(screen.getByRole('button', { name: 'Give my verdict' }));
    expect(executeMutation).toHaveBeenCalledTimes(1);
    expect(executeMutation.mock.calls[0]![0].variables).toEqual({ claimId: '8589934592', value: 'PARTLY', reason: 'Half of it' });
    expect((await screen.findByTestId('verdict-status')).textContent).toBe('Verdict saved.');
  });

  it('offers to change or withdraw a verdict already given', async () => {
    const { client } = verdictClient(reader, {
      __typename: 'Verdict',
      id: 'v1',
      value: 'HOLDS',
      reason: null,
      withdrawnAt: null,
      updatedAt: '2026-11-26T12:00:00Z',
    });
    renderWith(<VerdictPanel claim={panelClaim()} />, { lang: 'es', client });
    expect((await screen.findByTestId('your-verdict-now')).textContent).toMatch(/Dijo «Se sostiene»/);
    expect((screen.getByRole('radio', { name: 'Se sostiene' }) as HTMLInputElement).checked).toBe(true);
    expect(screen.getByRole('button', { name: 'Cambiar mi veredicto' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Retirar mi veredicto' })).toBeTruthy();
  });
});

describe('Timeline', () => {
  it('shows each event to its precision, the anchor, gaps, and the time between exact events', () => {
    const claim = makeFragmentData(foundingClaim as never, TimelineFragment);
    renderWith(<Timeline claim={claim} />, { lang: 'en' });
    const events = screen.getAllByTestId('timeline-event');
    expect(events).toHaveLength(5);
    expect(events[0]!.querySelector('time')!.textContent).toBe('December 2011');
    expect(events[0]!.textContent).toContain('day unknown');
    expect(events[1]!.textContent).toContain('The post in question');
    expect(events[2]!.textContent).toContain('deleted 14 minutes after posting');
    expect(screen.getByText('14 minutes later')).toBeTruthy();
    expect(events[3]!.querySelector('time')!.textContent).toBe('January 15, 2012');
    expect(events[4]!.textContent).toContain('not recorded');
    expect(screen.getByRole('heading', { name: 'Time not recorded' })).toBeTruthy();
  });
});

describe('ReviewPanel', () => {
  const scales = ratingScales.map((s) => makeFragmentData(s as never, RatingLabelsFragment));

  it('says there is no rating, and offers editors to publish one', async () => {
    const { client } = verdictClient(editor);
    renderWith(<ReviewPanel claim={makeFragmentData(foundingClaim as never, ReviewPanelFragment)} scales={scales} />, { lang: 'en', client });
    expect(screen.getByTestId('no-review').textContent).toBe('The editors have not rated this claim yet.');
    expect((await screen.findByRole('link', { name: 'Publish the rating' })).getAttribute('href')).toBe('/claims/8589934592/review');
  });

  it('shows the rating in the reader language, the correction note and earlier versions', () => {
    const claim = { ...foundingClaim, reviews: { __typename: 'ReviewConnection', edges: [{ __typename: 'ReviewEdge', node: publishedReview }] } };
    renderWith(<ReviewPanel claim={makeFragmentData(claim as never, ReviewPanelFragment)} scales={scales} />, { lang: 'es' });
    expect(screen.getByTestId('rating-label').textContent).toBe('Falso');
    expect(screen.getByTestId('correction-note').textContent).toMatch(/Se precisa la fuente/);
    expect(screen.getByText('2 versiones')).toBeTruthy();
    expect(screen.getByText(/Mayormente falso/)).toBeTruthy(); // version 1, labelled from the scale
    expect(screen.queryByRole('link')).toBeNull(); // not an editor
  });
});

describe('EmbedBox', () => {
  it('offers the three codes to copy, and the preview only on demand', async () => {
    const user = userEvent.setup();
    renderWith(<EmbedBox claimId="8589934592" text="<b>hola</b>" claimant="PSOE" lang="es" />, { lang: 'en' });
    const script = screen.getByLabelText('Script code (recommended)') as HTMLTextAreaElement;
    expect(script.value).toContain('data-veredicto-claim="8589934592"');
    expect(script.value).toContain('&lt;b&gt;hola&lt;/b&gt;');
    expect((screen.getByLabelText('Link') as HTMLTextAreaElement).value).toBe(`${window.location.origin}/claims/8589934592`);
    expect(screen.getAllByRole('button', { name: 'Copy code' })).toHaveLength(3);
    expect(screen.queryByTestId('embed-preview')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Show preview' }));
    const frame = screen.getByTestId('embed-preview');
    expect(frame.getAttribute('src')).toBe(`${window.location.origin}/embed/claims/8589934592?lang=en`);
    expect(frame.getAttribute('title')).toBe('Widget preview');
  });
});
