import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { I18nextProvider } from 'react-i18next';
import { MemoryRouter, Route, Routes } from 'react-router';
import { useQuery } from 'urql';
import { describe, expect, it, vi } from 'vitest';
import { fromPromise, never } from 'wonka';
import type { AppClient } from '../graphql/client';
import { createI18n } from '../i18n';
import { safeNext, SessionProvider, ViewerQuery } from '../session/session';
import { mockClient, renderWith } from '../test/render';
import LogIn from './account/LogIn';
import { AddEvidencePage } from './journalist/EvidenceForm';
import ImportPostPage from './journalist/ImportPost';
import Queue from './editor/Queue';

const journalist = { __typename: 'User', id: '7', handle: 'demo_journalist', displayName: 'Demo journalist', role: 'JOURNALIST' };
const claimNode = { __typename: 'Claim', id: '42', text: 'Una afirmación de prueba', lang: 'es' };
const fieldError = (field: string, message: string, reason?: string) => ({
  error: { graphQLErrors: [{ message: `${field}: ${message}`, extensions: { code: 'BAD_USER_INPUT', field, reason } }], networkError: undefined } as never,
});

describe('log in', () => {
  it('shows a refusal above the form, keeps the handle, and sends once at a time', async () => {
    const user = userEvent.setup();
    let answer: (() => void) | undefined;
    const { client, executeMutation } = mockClient((name) => {
      if (name === 'Viewer') return { data: { viewer: null } };
      return undefined;
    });
    executeMutation.mockImplementation(() => {
      // Answer only when the test says so: the request stays in flight.
      return fromPromise(
        new Promise((ok) => {
          answer = () =>
            ok({
              stale: false,
              hasNext: false,
              error: { graphQLErrors: [{ message: 'the handle or the password is wrong', extensions: { code: 'UNAUTHENTICATED', reason: 'BAD_CREDENTIALS' } }] },
            } as never);
        }),
      ) as never;
    });
    renderWith(<LogIn />, { lang: 'en', client, path: '/account/login' });
    await user.type(screen.getByLabelText('Handle'), 'demo_reader');
    await user.type(screen.getByLabelText('Password'), 'wrong-password');
    await user.click(screen.getByRole('button', { name: 'Log in' }));
    const busy = screen.getByRole('button', { name: 'Sending…' });
    expect((busy as HTMLButtonElement).disabled).toBe(true);
    await user.click(busy);
    expect(executeMutation).toHaveBeenCalledTimes(1);
    await act(async () => answer!());
    expect((await screen.findByRole('alert')).textContent).toContain('The handle or the password is wrong.');
    expect((screen.getByLabelText('Handle') as HTMLInputElement).value).toBe('demo_reader');
    expect(executeMutation.mock.calls[0]![0].variables).toEqual({ input: { handle: 'demo_reader', password: 'wrong-password' } });
  });

  it('after signing in, replaces the client (nothing cached for the anonymous visitor survives) and goes back', async () => {
    const user = userEvent.setup();
    const clients: AppClient[] = [];
    const make = () => {
      const n = clients.length;
      const { client } = mockClient((name) => {
        if (name === 'Viewer') return { data: { viewer: n === 0 ? null : { __typename: 'Viewer', user: journalist } } };
        if (name === 'LogIn') return { data: { logIn: { __typename: 'AuthPayload', viewer: { __typename: 'Viewer', user: journalist } } } };
        return undefined;
      });
      const c = Object.assign(client, { dispose: vi.fn() }) as unknown as AppClient;
      clients.push(c);
      return c;
    };
    function Who() {
      const [res] = useQuery({ query: ViewerQuery });
      return <p data-testid="who">{res.data?.viewer?.user.handle ?? 'anonymous'}</p>;
    }
    render(
      <I18nextProvider i18n={createI18n('en')}>
        <SessionProvider makeClient={make}>
          <MemoryRouter initialEntries={['/account/login?next=%2Fclaims%2F42']}>
            <Who />
            <Routes>
              <Route path="/account/login" element={<LogIn />} />
              <Route path="/claims/:id" element={<p>claim page</p>} />
            </Routes>
          </MemoryRouter>
        </SessionProvider>
      </I18nextProvider>,
    );
    expect((await screen.findByTestId('who')).textContent).toBe('anonymous');
    await user.type(screen.getByLabelText('Handle'), 'demo_journalist');
    await user.type(screen.getByLabelText('Password'), 'veredicto-demo-2012');
    await user.click(screen.getByRole('button', { name: 'Log in' }));
    expect(await screen.findByText('claim page')).toBeTruthy();
    expect(clients).toHaveLength(2);
    expect(clients[0]!.dispose).toHaveBeenCalled();
    await waitFor(() => expect(screen.getByTestId('who').textContent).toBe('demo_journalist'));
  });

  it('never sends the visitor off the site after signing in', () => {
    expect(safeNext('/claims/1')).toBe('/claims/1');
    expect(safeNext('//evil.example/')).toBe('/');
    expect(safeNext('https://evil.example/')).toBe('/');
    expect(safeNext('/\\evil.example')).toBe('/');
    expect(safeNext(null)).toBe('/');
  });
});

describe('pages for a role', () => {
  it('asks to log in, or says which role is needed', async () => {
    const anon = mockClient((name) => (name === 'Viewer' ? { data: { viewer: null } } : undefined));
    renderWith(<Queue />, { lang: 'en', client: anon.client, path: '/editor/queue' });
    expect((await screen.findByTestId('needs-login')).textContent).toMatch(/Log in to use this page/);
    const asJournalist = mockClient((name) => (name === 'Viewer' ? { data: { viewer: { __typename: 'Viewer', user: journalist } } } : undefined));
    renderWith(<Queue />, { lang: 'es', client: asJournalist.client });
    expect((await screen.findByTestId('needs-role')).textContent).toBe('Esta página es para el rol «Editor» o superior.');
  });
});

function journalistClient(extra: (name: string, vars: Record<string, unknown>) => unknown = () => undefined) {
  return mockClient((name, vars) => {
    if (name === 'Viewer') return { data: { viewer: { __typename: 'Viewer', user: journalist } } };
    if (name === 'EvidenceFormClaim') return { data: { node: claimNode } };
    return extra(name, vars) as never;
  });
}

describe('the evidence form', () => {
  it('shows the API error next to its field, keeps what was typed, and focuses the field', async () => {
    const user = userEvent.setup();
    const { client, executeMutation } = journalistClient((name) => (name === 'AddEvidence' ? fieldError('sourceURL', 'must be an absolute URL such as https://example.org/page', 'NOT_ABSOLUTE_URL') : undefined));
    renderWith(<AddEvidencePage />, { lang: 'es', client, path: '/claims/42/evidence/new', route: '/claims/:id/evidence/new' });
    await user.type(await screen.findByLabelText(/^Resumen/), 'Un resumen');
    await user.type(screen.getByLabelText(/^Dirección de la fuente/), 'ejemplo.org');
    await user.selectOptions(screen.getByLabelText(/^Qué se sabe de la fecha/), 'MONTH');
    await user.type(screen.getByLabelText(/^Fecha/), '2011-12');
    await user.click(screen.getByRole('button', { name: 'Enviar la prueba' }));
    const error = await screen.findByTestId('error-sourceURL');
    expect(error.textContent).toBe('Debe ser una dirección completa, como https://example.org/pagina.');
    const url = screen.getByLabelText(/^Dirección de la fuente/);
    expect(url.getAttribute('aria-invalid')).toBe('true');
    expect(url.getAttribute('aria-describedby')).toContain(error.id);
    expect((url as HTMLInputElement).value).toBe('ejemplo.org');
    expect((screen.getByLabelText(/^Resumen/) as HTMLTextAreaElement).value).toBe('Un resumen');
    await waitFor(() => expect(document.activeElement).toBe(url));
    expect(executeMutation.mock.calls[0]![0].variables).toMatchObject({
      input: { claimID: '42', summary: 'Un resumen', sourceURL: 'ejemplo.org', observedAt: '2011-12-01T00:00:00Z', observedPrecision: 'MONTH' },
      attachments: null,
    });
  });

  it('refuses a date that does not fit the precision before sending', async () => {
    const user = userEvent.setup();
    const { client, executeMutation } = journalistClient();
    renderWith(<AddEvidencePage />, { lang: 'en', client, path: '/claims/42/evidence/new', route: '/claims/:id/evidence/new' });
    await user.selectOptions(await screen.findByLabelText(/^How much of the date/), 'YEAR');
    await user.type(screen.getByLabelText(/^Date/), '99');
    await user.click(screen.getByRole('button', { name: 'Submit evidence' }));
    expect((await screen.findByTestId('error-observedAt')).textContent).toBe('The date is not valid for the precision chosen.');
    expect(executeMutation).not.toHaveBeenCalled();
  });

  it('sends the chosen files and reports their upload through XMLHttpRequest', async () => {
    const user = userEvent.setup();
    const { client, executeMutation } = journalistClient();
    executeMutation.mockImplementation(() => never as never);
    renderWith(<AddEvidencePage />, { lang: 'en', client, path: '/claims/42/evidence/new', route: '/claims/:id/evidence/new' });
    await user.type(await screen.findByLabelText(/^Summary/), 'A screenshot');
    const file = new File(['png bytes'], 'shot.png', { type: 'image/png' });
    await user.upload(screen.getByLabelText(/^Attachments/), file);
    expect(within(screen.getByTestId('chosen-files')).getByText('shot.png')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Submit evidence' }));
    const [op, context] = executeMutation.mock.calls[0]! as unknown as [{ variables: { attachments: File[] } }, { fetch?: unknown }];
    expect(op.variables.attachments).toEqual([file]);
    expect(typeof context.fetch).toBe('function');
    expect(screen.getByTestId('upload-progress')).toBeTruthy();
  });
});

describe('the import form', () => {
  it('previews what a pasted tweet will give, in the viewer zone, before sending', async () => {
    const user = userEvent.setup();
    const { client } = journalistClient();
    renderWith(<ImportPostPage />, { lang: 'en', client, path: '/claims/42/import', route: '/claims/:id/import' });
    const payload = await screen.findByLabelText(/^Content/);
    const tweet = JSON.stringify({
      created_at: 'Sun Jan 15 10:30:00 +0000 2012',
      id_str: '158496143569846272',
      text: 'synthetic &amp; made up',
      source: '<a href="http://www.tweetdeck.com" rel="nofollow">TweetDeck</a>',
      user: { screen_name: 'someone', name: 'Some One' },
    });
    await user.click(payload);
    await user.paste(tweet);
    expect((screen.getByLabelText(/^Format/) as HTMLSelectElement).value).toBe('TWITTER_V1');
    const time = screen.getByTestId('preview-created-at').querySelector('time')!;
    expect(time.getAttribute('title')).toBe('2012-01-15 10:30:00 UTC');
    expect(screen.getByTestId('preview-author').textContent).toBe('Some One @someone');
    expect(screen.getByTestId('preview-text').textContent).toBe('synthetic & made up');
    expect(screen.getByTestId('preview-client').textContent).toBe('TweetDeck (http://www.tweetdeck.com)');
    await user.clear(payload);
    await user.type(payload, '{{not json');
    expect(screen.getByTestId('preview-problem').textContent).toMatch(/^This is not valid JSON\./);
  });
});
