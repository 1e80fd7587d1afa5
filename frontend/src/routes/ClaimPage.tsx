import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useQuery, useSubscription } from 'urql';
import { DateTime } from '../components/DateTime';
import { NotRecorded } from '../components/NotRecorded';
import { LoadError, Loading } from '../components/QueryState';
import { StatusBadge } from '../components/StatusBadge';
import { graphql } from '../gql';
import { FRESH, LIVE_RECONNECTED } from '../graphql/client';
import { excerpt, useDocumentTitle } from '../lib/useDocumentTitle';
import { atLeast, useViewer } from '../session/session';
import { EmbedBox } from './claim/EmbedBox';
import { EvidenceGroup } from './claim/EvidenceGroup';
import { ReviewPanel } from './claim/ReviewPanel';
import { StatementPanel } from './claim/StatementPanel';
import { Timeline } from './claim/Timeline';
import { VerdictPanel } from './claim/VerdictPanel';
import NotFound from './NotFound';

export const EVIDENCE_PER_STANCE = 50;

export const ClaimPageQuery = graphql(`
  query ClaimPage($id: ID!, $perStance: Int!) {
    node(id: $id) {
      __typename
      ... on Claim {
        id
        text
        lang
        status
        madeAt
        madeAtPrecision
        createdAt
        tags
        claimant {
          id
          name
        }
        about {
          id
          ...StatementPanel_statement
        }
        evidence(where: { status: PUBLISHED }) {
          totalCount
        }
        ...VerdictPanel_claim
        ...Timeline_claim
        ...ReviewPanel_claim
        supports: evidence(
          first: $perStance
          where: { statusIn: [PUBLISHED, RETRACTED], stance: SUPPORTS }
          orderBy: { field: CREATED_AT, direction: ASC }
        ) {
          ...EvidenceGroup_connection
        }
        refutes: evidence(
          first: $perStance
          where: { statusIn: [PUBLISHED, RETRACTED], stance: REFUTES }
          orderBy: { field: CREATED_AT, direction: ASC }
        ) {
          ...EvidenceGroup_connection
        }
        context: evidence(
          first: $perStance
          where: { statusIn: [PUBLISHED, RETRACTED], stance: CONTEXT }
          orderBy: { field: CREATED_AT, direction: ASC }
        ) {
          ...EvidenceGroup_connection
        }
      }
    }
    ratingScales {
      ...RatingLabels_scale
    }
  }
`);

export const ClaimUpdatedSubscription = graphql(`
  subscription ClaimUpdated($id: ID!) {
    claimUpdated(id: $id) {
      kind
      claim {
        id
        status
        ...VerdictPanel_claim
      }
    }
  }
`);

/** A claim: its text, claimant, the statement it is about, and its evidence by stance. */
export default function ClaimPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const [res, reexecute] = useQuery({ query: ClaimPageQuery, variables: { id, perStance: EVIDENCE_PER_STANCE } });
  const claim = res.data?.node?.__typename === 'Claim' ? res.data.node : undefined;
  const { user } = useViewer();
  // Live: tally and consensus arrive with the event and update the cache;
  // other changes (evidence, the review, the claim itself, or a resync
  // after the server lost events), and the live socket connecting again
  // after a server restart, make the page fetch the claim again, past any
  // HTTP cache.
  const [live] = useSubscription({ query: ClaimUpdatedSubscription, variables: { id }, pause: !claim });
  const change = live.data?.claimUpdated;
  useEffect(() => {
    if (change && change.kind !== 'TALLY' && change.kind !== 'CONSENSUS') reexecute(FRESH);
  }, [change, reexecute]);
  useEffect(() => {
    const refetch = () => reexecute(FRESH);
    window.addEventListener(LIVE_RECONNECTED, refetch);
    return () => window.removeEventListener(LIVE_RECONNECTED, refetch);
  }, [reexecute]);
  useDocumentTitle(claim ? excerpt(claim.text) : res.data ? t('notFound.title') : undefined);

  if (!res.data) {
    if (res.error && !res.fetching) return <LoadError onRetry={() => reexecute({ requestPolicy: 'network-only' })} />;
    return <Loading />;
  }
  if (!claim) return <NotFound detail={t('notFound.claim')} />;

  return (
    <article className="claim-page">
      <header className="page-header">
        <p className="kicker">
          {t('claim.kicker')} <StatusBadge status={claim.status} />
        </p>
        <h1 lang={claim.lang} className="claim-text">
          {claim.text}
        </h1>
      </header>
      <section className="panel" aria-labelledby="claim-details-heading">
        <h2 id="claim-details-heading" className="visually-hidden">
          {t('claim.details')}
        </h2>
        <dl className="facts">
          <div>
            <dt>{t('claim.claimant')}</dt>
            <dd data-testid="claimant">
              <Link to={`/actors/${encodeURIComponent(claim.claimant.id)}`}>{claim.claimant.name}</Link>
            </dd>
          </div>
          <div>
            <dt>{t('claim.madeAt')}</dt>
            <dd>
              <DateTime value={claim.madeAt} precision={claim.madeAtPrecision} />
            </dd>
          </div>
          <div>
            <dt>{t('claim.addedAt')}</dt>
            <dd>
              <DateTime value={claim.createdAt} />
            </dd>
          </div>
          <div>
            <dt>{t('claim.tags')}</dt>
            <dd>
              {claim.tags?.length ? (
                <ul className="tags">
                  {claim.tags.map((tag) => (
                    <li key={tag}>{tag}</li>
                  ))}
                </ul>
              ) : (
                <NotRecorded />
              )}
            </dd>
          </div>
        </dl>
      </section>
      <ReviewPanel claim={claim} scales={res.data.ratingScales} />
      <VerdictPanel claim={claim} />
      <StatementPanel statement={claim.about} />
      <Timeline claim={claim} />
      <section className="evidence-section" aria-labelledby="evidence-heading">
        <h2 id="evidence-heading">{t('evidence.heading')}</h2>
        <p>{t('evidence.total', { count: claim.evidence.totalCount })}</p>
        {user && (
          <p className="evidence-links">
            <Link to={`/claims/${encodeURIComponent(claim.id)}/evidence/new`} className="button-link">
              {t('evidence.add')}
            </Link>
            {atLeast(user.role, 'JOURNALIST') && (
              <Link to={`/claims/${encodeURIComponent(claim.id)}/import`} className="button-link secondary">
                {t('import.title')}
              </Link>
            )}
          </p>
        )}
        <EvidenceGroup stance="SUPPORTS" connection={claim.supports} viewer={user} />
        <EvidenceGroup stance="REFUTES" connection={claim.refutes} viewer={user} />
        <EvidenceGroup stance="CONTEXT" connection={claim.context} viewer={user} />
      </section>
      <EmbedBox claimId={claim.id} text={claim.text} claimant={claim.claimant.name} lang={claim.lang} />
    </article>
  );
}
