import { afterEach, describe, expect, it, vi } from 'vitest';
import { ClaimUpdatedSubscription } from '../routes/ClaimPage';
import { HomeQuery } from '../routes/Home';
import { stubAPI } from '../test/api';
import { createClient, LIVE_RECONNECTED } from './client';

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

describe('cache updates', () => {
  it('follows the socket URL of the page, ws or wss', async () => {
    const { socketURL } = await import('./client');
    expect(socketURL('/graphql', { protocol: 'https:', host: 'veredicto.example' })).toBe('wss://veredicto.example/graphql');
    expect(socketURL('/graphql', { protocol: 'http:', host: '127.0.0.1:8080' })).toBe('ws://127.0.0.1:8080/graphql');
    expect(socketURL('https://api.example/graphql', { protocol: 'http:', host: 'x' })).toBe('wss://api.example/graphql');
  });

  it("links the viewer's verdict after casting, and forgets a claim's lists after a change to its evidence", async () => {
    const { updates } = await import('./client');
    const link = vi.fn();
    const invalidate = vi.fn();
    const cache = {
      link,
      invalidate,
      keyOfEntity: (e: { __typename: string; id: string }) => `${e.__typename}:${e.id}`,
      inspectFields: (key: string) =>
        key === 'Claim:42'
          ? [
              { fieldName: 'text', arguments: null },
              { fieldName: 'evidence', arguments: { first: 50, where: { stance: 'REFUTES' } } },
              { fieldName: 'timeline', arguments: null },
            ]
          : key === 'Query'
            ? [{ fieldName: 'moderationQueue', arguments: { first: 20 } }]
            : [],
      resolve: () => null,
    };
    const verdict = { __typename: 'Verdict', id: 'v1' };
    updates.Mutation.castVerdict({ castVerdict: verdict }, { claimId: '42' }, cache as never);
    expect(link).toHaveBeenCalledWith({ __typename: 'Viewer', id: 'me' }, 'verdictOn', { claimId: '42' }, verdict);
    updates.Mutation.approveEvidence({ approveEvidence: { id: 'e1', claimID: '42' } }, {}, cache as never);
    expect(invalidate).toHaveBeenCalledWith('Claim:42', 'evidence', { first: 50, where: { stance: 'REFUTES' } });
    expect(invalidate).toHaveBeenCalledWith('Claim:42', 'timeline', undefined);
    expect(invalidate).not.toHaveBeenCalledWith('Claim:42', 'text', undefined);
    expect(invalidate).toHaveBeenCalledWith('Query', 'moderationQueue', { first: 20 });
  });
});

describe('the live socket', () => {
  /** A WebSocket that speaks graphql-transport-ws as far as the handshake. */
  class FakeSocket {
    static CONNECTING = 0;
    static OPEN = 1;
    static CLOSING = 2;
    static CLOSED = 3;
    static opened: FakeSocket[] = [];
    readyState = FakeSocket.CONNECTING;
    protocol = 'graphql-transport-ws';
    sent: Array<{ type: string }> = [];
    onopen: (() => void) | null = null;
    onmessage: ((e: { data: string }) => void) | null = null;
    onclose: ((e: { code: number; reason: string }) => void) | null = null;
    onerror: ((e: unknown) => void) | null = null;
    constructor(readonly url: string) {
      FakeSocket.opened.push(this);
      setTimeout(() => {
        this.readyState = FakeSocket.OPEN;
        this.onopen?.();
      }, 0);
    }
    send(data: string) {
      const m = JSON.parse(data) as { type: string };
      this.sent.push(m);
      if (m.type === 'connection_init') setTimeout(() => this.onmessage?.({ data: '{"type":"connection_ack"}' }), 0);
    }
    close(code = 1000, reason = '') {
      this.readyState = FakeSocket.CLOSED;
      this.onclose?.({ code, reason });
    }
  }

  afterEach(() => {
    vi.useRealTimers();
    FakeSocket.opened = [];
  });

  it('subscribes again after the server closes it (a restart) and tells the app to refetch', async () => {
    vi.useFakeTimers();
    vi.stubGlobal('WebSocket', FakeSocket);
    const reconnected = vi.fn();
    window.addEventListener(LIVE_RECONNECTED, reconnected);
    const client = createClient('http://localhost/graphql');
    const { unsubscribe } = client.subscription(ClaimUpdatedSubscription, { id: '1' }).subscribe(() => {});
    await vi.advanceTimersByTimeAsync(10);
    expect(FakeSocket.opened).toHaveLength(1);
    expect(FakeSocket.opened[0]!.sent.map((m) => m.type)).toEqual(['connection_init', 'subscribe']);
    expect(reconnected).not.toHaveBeenCalled();

    // The server shuts down: 1012 (service restart), without completing the subscription.
    FakeSocket.opened[0]!.close(1012, 'server restarting');
    await vi.advanceTimersByTimeAsync(5000);
    expect(FakeSocket.opened).toHaveLength(2);
    expect(FakeSocket.opened[1]!.sent.map((m) => m.type)).toEqual(['connection_init', 'subscribe']);
    expect(reconnected).toHaveBeenCalledTimes(1);

    unsubscribe();
    client.dispose();
    window.removeEventListener(LIVE_RECONNECTED, reconnected);
  });
});
