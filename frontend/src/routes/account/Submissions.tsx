import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { DateTime } from '../../components/DateTime';
import { EvidenceStatusBadge } from '../../components/EvidenceStatus';
import { LoadMoreOf } from '../../components/LoadMore';
import { LoadError, Loading } from '../../components/QueryState';
import { RequireRole } from '../../components/RequireRole';
import { graphql } from '../../gql';
import { usePagedQuery } from '../../lib/usePagedQuery';
import { atLeast } from '../../session/session';

export const SUBMISSIONS_PAGE = 20;

export const SubmissionsQuery = graphql(`
  query Submissions($first: Int!, $after: Cursor) {
    viewer {
      user {
        id
        evidence(first: $first, after: $after, orderBy: { field: CREATED_AT, direction: DESC }) {
          totalCount
          edges {
            node {
              id
              kind
              stance
              summary
              status
              statusReason
              moderatedAt
              createdAt
              revision
              claim {
                id
                text
                lang
              }
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

/** The evidence the viewer submitted, newest first, with where each stands. */
export default function Submissions() {
  const { t } = useTranslation();
  return (
    <RequireRole min="READER" title={t('submissions.title')}>
      {(user) => <SubmissionList canRevise={atLeast(user.role, 'JOURNALIST')} />}
    </RequireRole>
  );
}

function SubmissionList({ canRevise }: { canRevise: boolean }) {
  const { t } = useTranslation();
  const q = usePagedQuery(SubmissionsQuery, { first: SUBMISSIONS_PAGE });
  const conn = q.data?.viewer?.user.evidence;
  const items = (conn?.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []));
  return (
    <>
      <h1>{t('submissions.title')}</h1>
      <p className="lead">{t('submissions.intro')}</p>
      {!conn && q.fetching && <Loading />}
      {!conn && !q.fetching && q.error && <LoadError onRetry={q.retry} />}
      {conn && items.length === 0 && <p>{t('submissions.none')}</p>}
      {conn && items.length > 0 && (
        <>
          <ul className="card-list" data-testid="submissions">
            {items.map((e) => (
              <li key={e.id} className="card" data-testid="submission">
                <p className="card-top">
                  <EvidenceStatusBadge status={e.status} /> <span className="badge badge-kind">{t(`kind.${e.kind}`)}</span>{' '}
                  <span className="muted">{t(`stance.${e.stance}`)}</span>
                </p>
                <p className="card-title">{e.summary}</p>
                {e.statusReason && (e.status === 'REJECTED' || e.status === 'RETRACTED') && (
                  <p className="status-reason">
                    <strong>{t('submissions.reason')}:</strong> {e.statusReason}
                  </p>
                )}
                <dl className="meta">
                  <div>
                    <dt>{t('submissions.claim')}</dt>
                    <dd lang={e.claim.lang}>
                      <Link to={`/claims/${encodeURIComponent(e.claim.id)}`}>{e.claim.text}</Link>
                    </dd>
                  </div>
                  <div>
                    <dt>{t('submissions.sent')}</dt>
                    <dd>
                      <DateTime value={e.createdAt} />
                    </dd>
                  </div>
                  {e.moderatedAt && (
                    <div>
                      <dt>{t('submissions.moderated')}</dt>
                      <dd>
                        <DateTime value={e.moderatedAt} />
                      </dd>
                    </div>
                  )}
                  <div>
                    <dt>{t('submissions.revision')}</dt>
                    <dd>{e.revision}</dd>
                  </div>
                </dl>
                {canRevise && (e.status === 'PUBLISHED' || e.status === 'PENDING') && (
                  <p>
                    <Link to={`/claims/${encodeURIComponent(e.claim.id)}/evidence/${encodeURIComponent(e.id)}/revise`}>
                      {t('evidence.revise')}
                    </Link>
                  </p>
                )}
              </li>
            ))}
          </ul>
          <LoadMoreOf shown={items.length} conn={conn} query={q} />
        </>
      )}
    </>
  );
}
