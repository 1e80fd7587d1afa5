// The urql client: normalised caching with Graphcache, entgql's Relay
// connections merged page by page with relayPagination.
import { cacheExchange, type KeyingConfig } from '@urql/exchange-graphcache';
import { relayPagination } from '@urql/exchange-graphcache/extras';
import { Client, fetchExchange } from 'urql';
import possibleTypes from '../gql/possible-types';

// Connection, edge and page-info objects have no id of their own: they are
// embedded in their parent.
const embedded = ['PageInfo'];
for (const t of ['Account', 'Actor', 'Claim', 'Evidence', 'Review', 'Statement', 'User', 'Verdict']) {
  embedded.push(`${t}Connection`, `${t}Edge`);
}
const keys: KeyingConfig = Object.fromEntries(embedded.map((t) => [t, () => null]));

export function createClient(url = '/graphql'): Client {
  return new Client({
    url,
    // Queries go out as GET within the URL limit, so they can be cached.
    preferGetMethod: 'within-url-limit',
    exchanges: [
      cacheExchange({
        keys,
        possibleTypes: possibleTypes.possibleTypes,
        resolvers: {
          Query: { claims: relayPagination() },
          Actor: { claims: relayPagination() },
        },
      }),
      fetchExchange,
    ],
  });
}
