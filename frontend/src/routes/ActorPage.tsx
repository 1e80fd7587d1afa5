import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ClaimList } from '../components/ClaimList';
import { ExternalLink } from '../components/ExternalLink';
import { NotRecorded, OrNotRecorded } from '../components/NotRecorded';
import { LoadError, Loading } from '../components/QueryState';
import { searchHref } from '../components/search/filters';
import { graphql } from '../gql';
import { intlLocale } from '../i18n';
import { countryName } from '../lib/format';
import { usePagedQuery } from '../lib/usePagedQuery';
import { useDocumentTitle } from '../lib/useDocumentTitle';
import NotFound from './NotFound';

export const CLAIMS_PAGE_SIZE = 10;

export const ActorPageQuery = graphql(`
  query ActorPage($id: ID!, $first: Int!, $after: Cursor) {
    node(id: $id) {
      __typename
      ... on Actor {
        id
        name
        kind
        country
        description
        timeZone
        accounts(first: 50, orderBy: { field: HANDLE, direction: ASC }) {
          totalCount
          edges {
            node {
              id
              platform
              handle
              url
            }
          }
        }
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
    }
  }
`);

/** An actor: who they are, their accounts, and the claims they made. */
export default function ActorPage() {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const q = usePagedQuery(ActorPageQuery, { id, first: CLAIMS_PAGE_SIZE });
  const actor = q.data?.node?.__typename === 'Actor' ? q.data.node : undefined;
  useDocumentTitle(actor ? actor.name : q.data ? t('notFound.title') : undefined);

  if (!q.data) {
    if (q.error && !q.fetching) return <LoadError onRetry={q.retry} />;
    return <Loading />;
  }
  if (!actor) return <NotFound detail={t('notFound.actor')} />;
  const accounts = (actor.accounts.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []));
  const claims = (actor.claims.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []));

  return (
    <article className="actor-page">
      <header className="page-header">
        <p className="kicker">{t('actor.kicker')}</p>
        <h1>{actor.name}</h1>
        <p>
          <Link to={searchHref('', { actor: actor.id })}>{t('actor.search', { name: actor.name })}</Link>
        </p>
      </header>
      <section className="panel" aria-labelledby="actor-details-heading">
        <h2 id="actor-details-heading" className="visually-hidden">
          {t('actor.details')}
        </h2>
        <dl className="facts">
          <div>
            <dt>{t('actor.kind')}</dt>
            <dd>{t(`actorKind.${actor.kind}`)}</dd>
          </div>
          <div>
            <dt>{t('actor.country')}</dt>
            <dd>{actor.country ? countryName(actor.country, intlLocale(i18n.language)) : <NotRecorded />}</dd>
          </div>
          <div>
            <dt>{t('actor.description')}</dt>
            <dd>
              <OrNotRecorded value={actor.description} />
            </dd>
          </div>
          <div>
            <dt>{t('actor.timeZone')}</dt>
            <dd>
              <OrNotRecorded value={actor.timeZone} />
            </dd>
          </div>
        </dl>
      </section>
      <section className="panel" aria-labelledby="accounts-heading">
        <h2 id="accounts-heading">{t('actor.accounts')}</h2>
        {accounts.length === 0 ? (
          <p>{t('actor.noAccounts')}</p>
        ) : (
          <ul className="accounts" data-testid="accounts">
            {accounts.map((a) => (
              <li key={a.id}>
                <span className="platform">{t(`platform.${a.platform}`)}</span>{' '}
                {a.url ? <ExternalLink href={a.url}>@{a.handle}</ExternalLink> : <>@{a.handle}</>}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="actor-claims-heading">
        <h2 id="actor-claims-heading">{t('actor.claims')}</h2>
        {claims.length === 0 ? (
          <p>{t('actor.noClaims')}</p>
        ) : (
          <ClaimList
            claims={claims}
            headingLevel={3}
            total={actor.claims.totalCount}
            hasNextPage={actor.claims.pageInfo.hasNextPage}
            fetching={q.fetching}
            failed={!!q.error}
            onLoadMore={() => q.loadMore(actor.claims.pageInfo.endCursor)}
          />
        )}
      </section>
    </article>
  );
}
