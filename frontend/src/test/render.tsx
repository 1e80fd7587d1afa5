// Test helpers: render a tree with i18n, a mocked urql client and a router.
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { I18nextProvider } from 'react-i18next';
import { MemoryRouter, Route, Routes } from 'react-router';
import { type Client, type OperationResult, Provider } from 'urql';
import { vi } from 'vitest';
import { concat, fromValue, never } from 'wonka';
import { createI18n, type Language } from '../i18n';

export type Responder = (query: string, variables: Record<string, unknown>) => Partial<OperationResult> | undefined;

/** A urql client whose queries answer from `respond` (or stay loading when it returns undefined). */
export function mockClient(respond: Responder) {
  const executeQuery = vi.fn((op: { query: unknown; variables: Record<string, unknown> }) => {
    const doc = op.query as { definitions: Array<{ name?: { value: string } }> };
    const name = doc.definitions.find((d) => d.name)?.name?.value ?? '';
    const res = respond(name, op.variables);
    // Like the real client, the stream stays open after its result.
    return res
      ? concat([fromValue({ stale: false, hasNext: false, ...res, operation: op } as unknown as OperationResult), never])
      : never;
  });
  const answer = (op: { query: unknown; variables: Record<string, unknown> }) => {
    const doc = op.query as { definitions: Array<{ name?: { value: string } }> };
    const name = doc.definitions.find((d) => d.name)?.name?.value ?? '';
    const res = respond(name, op.variables);
    return res
      ? concat([fromValue({ stale: false, hasNext: false, ...res, operation: op } as unknown as OperationResult), never])
      : never;
  };
  const executeMutation = vi.fn(answer);
  const executeSubscription = vi.fn(answer);
  const client = { executeQuery, executeMutation, executeSubscription } as unknown as Client;
  return { client, executeQuery, executeMutation, executeSubscription };
}

export function renderWith(
  ui: ReactElement,
  opts: { lang?: Language; client?: Client; path?: string; route?: string } = {},
) {
  const i18n = createI18n(opts.lang ?? 'en');
  const client = opts.client ?? mockClient(() => undefined).client;
  const route = opts.route ?? '*';
  const result = render(
    <I18nextProvider i18n={i18n}>
      <Provider value={client}>
        <MemoryRouter initialEntries={[opts.path ?? '/']}>
          <Routes>
            <Route path={route} element={ui} />
          </Routes>
        </MemoryRouter>
      </Provider>
    </I18nextProvider>,
  );
  return { ...result, i18n };
}
