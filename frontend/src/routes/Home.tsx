import { useTranslation } from 'react-i18next';
import { ClaimList } from '../components/ClaimList';
import { LoadError, Loading } from '../components/QueryState';
import { graphql } from '../gql';
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

/** The latest claims, newest first, a page at a time. */
export default function Home() {
  const { t } = useTranslation();
  useDocumentTitle(t('home.title'));
  const q = usePagedQuery(HomeQuery, { first: PAGE_SIZE });
  const claims = q.data?.claims;
  const nodes = (claims?.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []));
  return (
    <>
      <h1>{t('home.title')}</h1>
      <p className="lead">{t('home.intro')}</p>
      {!claims && q.fetching && <Loading />}
      {!claims && !q.fetching && q.error && <LoadError onRetry={q.retry} />}
      {claims && nodes.length === 0 && <p>{t('home.empty')}</p>}
      {claims && nodes.length > 0 && (
        <ClaimList
          claims={nodes}
          total={claims.totalCount}
          hasNextPage={claims.pageInfo.hasNextPage}
          fetching={q.fetching}
          failed={!!q.error}
          onLoadMore={() => q.loadMore(claims.pageInfo.endCursor)}
        />
      )}
    </>
  );
}
