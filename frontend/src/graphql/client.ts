// The urql client: normalised caching with Graphcache, entgql's Relay
// connections merged page by page with relayPagination, mutations sent over
// fetch (or XMLHttpRequest when a form wants upload progress, see upload.ts)
// and subscriptions over one lazy graphql-transport-ws socket to the same
// origin (the session cookie authenticates it).
import { cacheExchange, type Cache, type KeyingConfig } from '@urql/exchange-graphcache';
import { relayPagination } from '@urql/exchange-graphcache/extras';
import { createClient as createWSClient, type Client as WSClient } from 'graphql-ws/client';
import { Client, fetchExchange, subscriptionExchange } from 'urql';
import possibleTypes from '../gql/possible-types';

// Objects with no id of their own are embedded in their parent:
// connections, edges, page info, and the API's plain value types.
const embedded = [
  'PageInfo',
  'Timeline',
  'TimelineEvent',
  'TimelineGap',
  'VerdictCounts',
  'ConsensusSides',
  'ClaimChange',
  'AuthPayload',
  'CreatedApiToken',
  'ImportPostPayload',
  'ScaleRating',
  'SearchResults',
  'SearchHit',
];
for (const t of ['Account', 'Actor', 'AuditEvent', 'Claim', 'Evidence', 'Review', 'Statement', 'User', 'Verdict']) {
  embedded.push(`${t}Connection`, `${t}Edge`);
}
export const keys: KeyingConfig = {
  ...Object.fromEntries(embedded.map((t) => [t, () => null])),
  // There is one viewer per client (the client is replaced when the
  // session changes), so it is a singleton.
  Viewer: () => 'me',
  RatingScale: (s) => String(s.scale),
};

const VIEWER = { __typename: 'Viewer', id: 'me' } as const;

type Args = Record<string, unknown>;
type WithClaimID = { claimID?: string | null; claim?: { id?: string | null } | null } | null | undefined;

/**
 * Forgets what a change may have made stale about a claim (its evidence
 * lists, timeline, reviews, statement, counts), so screens showing it
 * fetch it again instead of showing an old list.
 */
export function touchClaim(cache: Cache, claimID: string | null | undefined): void {
  if (!claimID) return;
  const key = cache.keyOfEntity({ __typename: 'Claim', id: claimID });
  if (!key) return;
  for (const f of cache.inspectFields(key)) {
    if (['evidence', 'timeline', 'reviews', 'about', 'status', 'tally', 'consensus'].includes(f.fieldName)) {
      cache.invalidate(key, f.fieldName, f.arguments ?? undefined);
    }
  }
}

function claimOf(value: unknown): string | null | undefined {
  const v = value as WithClaimID;
  return v?.claimID ?? v?.claim?.id;
}

/** Lists that a moderation decision or a new item changes. */
function touchLists(cache: Cache): void {
  for (const f of cache.inspectFields('Query')) {
    if (f.fieldName === 'moderationQueue' || f.fieldName === 'auditEvents') {
      cache.invalidate('Query', f.fieldName, f.arguments ?? undefined);
    }
  }
  const me = cache.keyOfEntity(VIEWER);
  const user = me && (cache.resolve(me, 'user') as string | null);
  if (user) {
    for (const f of cache.inspectFields(user)) {
      if (f.fieldName === 'evidence') cache.invalidate(user, f.fieldName, f.arguments ?? undefined);
    }
  }
}

export const updates = {
  Mutation: {
    castVerdict(result: Args, args: Args, cache: Cache) {
      cache.link(VIEWER, 'verdictOn', { claimId: args.claimId as string }, (result.castVerdict as never) ?? null);
    },
    withdrawVerdict(result: Args, args: Args, cache: Cache) {
      cache.link(VIEWER, 'verdictOn', { claimId: args.claimId as string }, (result.withdrawVerdict as never) ?? null);
    },
    addEvidence(result: Args, _args: Args, cache: Cache) {
      touchClaim(cache, claimOf(result.addEvidence));
      touchLists(cache);
    },
    reviseEvidence(result: Args, _args: Args, cache: Cache) {
      touchClaim(cache, claimOf(result.reviseEvidence));
    },
    approveEvidence(result: Args, _args: Args, cache: Cache) {
      touchClaim(cache, claimOf(result.approveEvidence));
      touchLists(cache);
    },
    rejectEvidence(result: Args, _args: Args, cache: Cache) {
      touchClaim(cache, claimOf(result.rejectEvidence));
      touchLists(cache);
    },
    retractEvidence(result: Args, _args: Args, cache: Cache) {
      touchClaim(cache, claimOf(result.retractEvidence));
      touchLists(cache);
    },
    importPost(_result: Args, args: Args, cache: Cache) {
      touchClaim(cache, (args.input as { claimID?: string } | undefined)?.claimID);
    },
    publishReview(result: Args, _args: Args, cache: Cache) {
      touchClaim(cache, claimOf(result.publishReview));
    },
    correctReview(result: Args, _args: Args, cache: Cache) {
      touchClaim(cache, claimOf(result.correctReview));
    },
    createApiToken(_result: Args, _args: Args, cache: Cache) {
      cache.invalidate(VIEWER, 'apiTokens');
    },
  },
};

/** ws(s)://host/graphql for an http(s) page at host (or for an absolute http(s) URL). */
export function socketURL(path: string, location: { protocol: string; host: string }): string {
  if (/^https?:\/\//.test(path)) return path.replace(/^http/, 'ws');
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}${path}`;
}

export type AppClient = Client & { dispose: () => void };

/**
 * Dispatched on window when the live socket connects again after losing
 * its connection (a server restart or deploy closes it; the client then
 * subscribes again): what changed in between was not streamed, so screens
 * showing live data fetch it again.
 */
export const LIVE_RECONNECTED = 'veredicto:live-reconnected';

/**
 * The context of a refetch that must see the server's latest answer: sent
 * with POST, because HTTP caches may keep an anonymous GET answer for a
 * few seconds (the server's READ_CACHE_AGE).
 */
export const FRESH = { requestPolicy: 'network-only', preferGetMethod: false } as const;

export function createClient(url = '/graphql', opts: { socket?: WSClient } = {}): AppClient {
  // One socket per client, opened on the first subscription and closed a
  // moment after the last one ends; replaced with the client when the
  // session changes (so it carries the new cookie).
  const socket =
    opts.socket ??
    (typeof WebSocket === 'undefined' || typeof location === 'undefined'
      ? undefined
      : createWSClient({
          url: socketURL(url, location),
          lazy: true,
          lazyCloseTimeout: 3000,
          retryAttempts: Infinity,
          // Reconnect with backoff, and only while the page is open.
          shouldRetry: () => true,
          on: {
            connected: (_socket, _payload, wasRetry) => {
              if (wasRetry) window.dispatchEvent(new Event(LIVE_RECONNECTED));
            },
          },
        }));
  const exchanges = [
    cacheExchange({
      keys,
      possibleTypes: possibleTypes.possibleTypes,
      resolvers: {
        Query: {
          claims: relayPagination(),
          auditEvents: relayPagination(),
          moderationQueue: relayPagination(),
          users: relayPagination(),
        },
        Actor: { claims: relayPagination() },
        User: { evidence: relayPagination() },
      },
      updates,
    }),
    fetchExchange,
  ];
  if (socket) {
    exchanges.push(
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query ?? '' };
          return {
            subscribe(sink) {
              const unsubscribe = socket.subscribe(input, sink);
              return { unsubscribe };
            },
          };
        },
      }),
    );
  }
  const client = new Client({
    url,
    // Queries go out as GET within the URL limit, so they can be cached.
    preferGetMethod: 'within-url-limit',
    exchanges,
  }) as AppClient;
  client.dispose = () => {
    void socket?.dispose();
  };
  return client;
}
