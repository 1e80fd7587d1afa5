import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type FragmentType, getFragmentData, graphql } from '../gql';
import { DateTime } from './DateTime';
import { StatusBadge } from './StatusBadge';

export const ClaimCardFragment = graphql(`
  fragment ClaimCard_claim on Claim {
    id
    text
    lang
    status
    madeAt
    madeAtPrecision
    createdAt
    claimant {
      id
      name
    }
    evidence(where: { status: PUBLISHED }) {
      totalCount
    }
  }
`);

/** A claim in a list: text (links to its page), status, claimant, date, evidence count. */
export function ClaimCard(props: { claim: FragmentType<typeof ClaimCardFragment>; headingLevel?: 2 | 3 }) {
  const { t } = useTranslation();
  const c = getFragmentData(ClaimCardFragment, props.claim);
  const Heading = props.headingLevel === 3 ? 'h3' : 'h2';
  const headingId = `claim-card-${c.id}`;
  return (
    <article className="claim-card" aria-labelledby={headingId} data-testid="claim-card">
      <Heading id={headingId} className="claim-card-text" lang={c.lang}>
        <Link to={`/claims/${encodeURIComponent(c.id)}`}>{c.text}</Link>
      </Heading>
      <dl className="meta">
        <div>
          <dt>{t('status.label')}</dt>
          <dd>
            <StatusBadge status={c.status} />
          </dd>
        </div>
        <div>
          <dt>{t('claimCard.claimant')}</dt>
          <dd>
            <Link to={`/actors/${encodeURIComponent(c.claimant.id)}`}>{c.claimant.name}</Link>
          </dd>
        </div>
        <div>
          <dt>{c.madeAt ? t('claimCard.madeAt') : t('claimCard.addedAt')}</dt>
          <dd>
            {c.madeAt ? <DateTime value={c.madeAt} precision={c.madeAtPrecision} /> : <DateTime value={c.createdAt} />}
          </dd>
        </div>
        <div>
          <dt>{t('evidence.heading')}</dt>
          <dd>{t('claimCard.evidence', { count: c.evidence.totalCount })}</dd>
        </div>
      </dl>
    </article>
  );
}
