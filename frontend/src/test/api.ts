import { vi } from 'vitest';
import { claimCard, claimConnection } from './fixtures';

/** A fetch that answers the Home query page by page, and records the calls. */
export function stubAPI() {
  const pages: Record<string, unknown> = {
    first: claimConnection([claimCard('1', 'Claim 1'), claimCard('2', 'Claim 2')], 3, true, 'c2'),
    c2: claimConnection([claimCard('3', 'Claim 3')], 3, false, 'c3'),
  };
  const calls: Array<{ method: string; variables: Record<string, unknown> }> = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), 'http://localhost');
    const method = init?.method ?? 'GET';
    const variables =
      method === 'GET'
        ? JSON.parse(url.searchParams.get('variables') ?? '{}')
        : JSON.parse(String(init?.body)).variables;
    calls.push({ method, variables });
    const data = { claims: pages[variables.after ?? 'first'] };
    return new Response(JSON.stringify({ data }), { headers: { 'content-type': 'application/json' } });
  });
  vi.stubGlobal('fetch', fetch);
  return calls;
}

