import { afterEach, describe, expect, it, vi } from 'vitest';
import { HomeQuery } from '../routes/Home';
import { stubAPI } from '../test/api';
import { createClient } from './client';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the urql client', () => {
  it('merges the pages of a Relay connection (relayPagination)', async () => {
    const calls = stubAPI();
    const client = createClient('http://localhost/graphql');
    const first = await client.query(HomeQuery, { first: 2, after: null }).toPromise();
    expect(first.error).toBeUndefined();
    expect(first.data?.claims.edges).toHaveLength(2);
    const next = await client.query(HomeQuery, { first: 2, after: 'c2' }).toPromise();
    expect(next.data?.claims.edges?.map((e) => e?.node?.id)).toEqual(['1', '2', '3']);
    expect(next.data?.claims.pageInfo.hasNextPage).toBe(false);
    // Short queries go out as GET, so HTTP caches can keep them.
    expect(calls[0]?.method).toBe('GET');
    expect(calls.map((c) => c.variables.after ?? null)).toEqual([null, 'c2']);
  });

  it('answers a repeated query from the normalised cache', async () => {
    const calls = stubAPI();
    const client = createClient('http://localhost/graphql');
    await client.query(HomeQuery, { first: 2, after: null }).toPromise();
    const again = await client.query(HomeQuery, { first: 2, after: null }).toPromise();
    expect(again.data?.claims.edges).toHaveLength(2);
    expect(calls).toHaveLength(1);
  });
});
