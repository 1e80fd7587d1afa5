import { useTranslation } from 'react-i18next';
import { useSubscription } from 'urql';
import { ClaimList } from '../components/ClaimList';
import { LoadError, Loading } from '../components/QueryState';
import { SearchBox } from '../components/search/SearchBox';
import { graphql } from '../gql';
import type { ClaimsFeedSubscription as ClaimsFeed } from '../gql/graphql';
import { usePagedQuery } from '../lib/usePagedQuery';
import { useDocumentTitle } from '../lib/useDocumentTitle';

export const PAGE_SIZE = 12;

export const HomeQuery = graphql(`
  query Home($first: Int!, $after: Cursor) {
    claims(first: $first, after: $after, orderBy: { field: CREATED_AT, direction: DESC }) {
      totalCount
      edges {
        node {
          id
          ...ClaimCard_claim
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

// New claims as they are created (graphql-transport-ws, the client's socket).
export const ClaimsFeedSubscription = graphql(`
  subscription ClaimsFeed {
    claimsFeed {
      id
      ...ClaimCard_claim
    }
  }
`);

type FeedClaim = ClaimsFeed['claimsFeed'];

/** Keeps the claims the feed brought since the page opened, newest first. */
function collect(prev: FeedClaim[] = [], data: ClaimsFeed | undefined): FeedClaim[] {
  const c = data?.claimsFeed;
  return c ? [c, ...prev.filter((p) => p.id !== c.id)] : prev;
}

/** A search box, then the latest claims, newest first, a page at a time; new ones arrive live. */
export default function Home() {
  const { t } = useTranslation();
  useDocumentTitle(t('home.title'));
  const q = usePagedQuery(HomeQuery, { first: PAGE_SIZE });
  const [feed] = useSubscription({ query: ClaimsFeedSubscription }, collect);
  const claims = q.data?.claims;
  const listed = (claims?.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []));
  const fresh = (feed.data ?? []).filter((c) => !listed.some((n) => n.id === c.id));
  const nodes = [...fresh, ...listed];
  return (
    <>
      <h1>{t('home.title')}</h1>
      <p className="lead">{t('home.intro')}</p>
      <SearchBox />
      <p className="visually-hidden" aria-live="polite" data-testid="new-claims">
        {fresh.length > 0 ? t('home.newClaims', { count: fresh.length }) : ''}
      </p>
      {!claims && q.fetching && <Loading />}
      {!claims && !q.fetching && q.error && <LoadError onRetry={q.retry} />}
      {claims && nodes.length === 0 && <p>{t('home.empty')}</p>}
      {claims && nodes.length > 0 && (
        <ClaimList
          claims={nodes}
          total={claims.totalCount + fresh.length}
          hasNextPage={claims.pageInfo.hasNextPage}
          fetching={q.fetching}
          failed={!!q.error}
          onLoadMore={() => q.loadMore(claims.pageInfo.endCursor)}
        />
      )}
    </>
  );
}
