import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMutation } from 'urql';
import { DateTime } from '../../components/DateTime';
import { EvidenceStatusBadge } from '../../components/EvidenceStatus';
import { ExternalLink } from '../../components/ExternalLink';
import { Field, FormAlert, SubmitButton, useSubmit } from '../../components/Form';
import { LoadMoreOf } from '../../components/LoadMore';
import { OrNotRecorded } from '../../components/NotRecorded';
import { LoadError, Loading } from '../../components/QueryState';
import { RequireRole } from '../../components/RequireRole';
import { graphql } from '../../gql';
import type { EvidenceStatus, ModerationQueueQuery as QueueData } from '../../gql/graphql';
import { intlLocale } from '../../i18n';
import { formatBytes } from '../../lib/format';
import { usePagedQuery } from '../../lib/usePagedQuery';

export const QUEUE_PAGE = 20;

export const ModerationQueueQuery = graphql(`
  query ModerationQueue($first: Int!, $after: Cursor) {
    moderationQueue(first: $first, after: $after) {
      totalCount
      edges {
        node {
          id
          kind
          stance
          summary
          body
          sourceURL
          archiveURL
          confidenceNote
          observedAt
          observedPrecision
          status
          createdAt
          submitter {
            id
            handle
            displayName
          }
          claim {
            id
            text
            lang
          }
          attachments {
            id
            filename
            mime
            size
            url
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

const ApproveMutation = graphql(`
  mutation ApproveEvidence($id: ID!) {
    approveEvidence(id: $id) {
      id
      claimID
      status
      moderatedAt
    }
  }
`);

const RejectMutation = graphql(`
  mutation RejectEvidence($id: ID!, $reason: String!) {
    rejectEvidence(id: $id, reason: $reason) {
      id
      claimID
      status
      statusReason
      moderatedAt
    }
  }
`);

/** Evidence waiting for an editor, oldest first: approve, or reject with a reason. */
export default function Queue() {
  const { t } = useTranslation();
  return (
    <RequireRole min="EDITOR" title={t('queue.title')}>
      {() => <QueueList />}
    </RequireRole>
  );
}

type Item = NonNullable<NonNullable<NonNullable<QueueData['moderationQueue']['edges']>[number]>['node']>;

function QueueList() {
  const { t } = useTranslation();
  const q = usePagedQuery(ModerationQueueQuery, { first: QUEUE_PAGE });
  const conn = q.data?.moderationQueue;
  // Decisions made here stay shown (with their outcome) until the next visit.
  const [decided, setDecided] = useState<Record<string, EvidenceStatus>>({});
  const [announce, setAnnounce] = useState('');
  const items = (conn?.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []));
  return (
    <>
      <h1>{t('queue.title')}</h1>
      <p className="lead">{t('queue.intro')}</p>
      <p role="status" className="form-status" data-testid="queue-status">
        {announce}
      </p>
      {!conn && q.fetching && <Loading />}
      {!conn && !q.fetching && q.error && <LoadError onRetry={q.retry} />}
      {conn && items.length === 0 && <p data-testid="queue-empty">{t('queue.empty')}</p>}
      {conn && items.length > 0 && (
        <>
          <ul className="card-list" data-testid="queue">
            {items.map((e) => (
              <li key={e.id}>
                <QueueItem
                  item={e}
                  decided={decided[e.id]}
                  onDecided={(s) => {
                    setDecided((d) => ({ ...d, [e.id]: s }));
                    setAnnounce(t(s === 'PUBLISHED' ? 'queue.approvedItem' : 'queue.rejectedItem', { summary: e.summary }));
                  }}
                />
              </li>
            ))}
          </ul>
          <LoadMoreOf shown={items.length} conn={conn} query={q} />
        </>
      )}
    </>
  );
}

function QueueItem({ item: e, decided, onDecided }: { item: Item; decided?: EvidenceStatus; onDecided: (s: EvidenceStatus) => void }) {
  const { t, i18n } = useTranslation();
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const [, approve] = useMutation(ApproveMutation);
  const [, reject] = useMutation(RejectMutation);
  const { errors, busy, submit, onSubmit, form } = useSubmit(['reason', 'id']);
  const headingId = `queue-${e.id}`;
  const locale = intlLocale(i18n.language);
  return (
    <article className="card" aria-labelledby={headingId} data-testid="queue-item">
      <p className="card-top">
        <span className="badge badge-kind">{t(`kind.${e.kind}`)}</span> <span className="muted">{t(`stance.${e.stance}`)}</span>{' '}
        {decided && <EvidenceStatusBadge status={decided} />}
      </p>
      <h2 id={headingId} className="card-title">
        {e.summary}
      </h2>
      {e.body && <p className="evidence-body">{e.body}</p>}
      <dl className="facts compact">
        <div>
          <dt>{t('submissions.claim')}</dt>
          <dd lang={e.claim.lang}>
            <Link to={`/claims/${encodeURIComponent(e.claim.id)}`}>{e.claim.text}</Link>
          </dd>
        </div>
        <div>
          <dt>{t('evidence.submittedBy')}</dt>
          <dd>
            {e.submitter ? `${e.submitter.displayName} (@${e.submitter.handle})` : t('evidence.bySystem')} ·{' '}
            <DateTime value={e.createdAt} />
          </dd>
        </div>
        <div>
          <dt>{t('evidence.confidence')}</dt>
          <dd>
            <OrNotRecorded value={e.confidenceNote} />
          </dd>
        </div>
        <div>
          <dt>{t('evidence.observedAt')}</dt>
          <dd>
            <DateTime value={e.observedAt} precision={e.observedPrecision} />
          </dd>
        </div>
        <div>
          <dt>{t('evidence.source')}</dt>
          <dd>
            <ExternalLink href={e.sourceURL} />
          </dd>
        </div>
        {(e.attachments?.length ?? 0) > 0 && (
          <div>
            <dt>{t('evidence.attachments')}</dt>
            <dd>
              <ul className="attachments">
                {e.attachments!.map((a) => (
                  <li key={a.id}>
                    <a href={a.url}>{a.filename}</a>{' '}
                    <span className="muted">
                      ({a.mime}, {formatBytes(a.size, locale)})
                    </span>
                  </li>
                ))}
              </ul>
            </dd>
          </div>
        )}
      </dl>
      {decided ? (
        <p data-testid="decision">
          {decided === 'PUBLISHED' ? t('queue.approved') : t('queue.rejected')}
        </p>
      ) : (
        <form
          ref={form}
          noValidate
          className="form moderation"
          onSubmit={onSubmit(async () => {
            const res = await reject({ id: e.id, reason: reason.trim() });
            if (res.data) onDecided(res.data.rejectEvidence.status);
            return res;
          })}
        >
          <FormAlert errors={errors.general} />
          {rejecting && (
            <Field label={t('queue.reason')} name="reason" hint={t('queue.reasonHint')} error={errors.fields.reason} required>
              {(p) => <textarea {...p} rows={2} value={reason} onChange={(ev) => setReason(ev.target.value)} autoFocus />}
            </Field>
          )}
          <div className="actions">
            {!rejecting && (
              <button
                type="button"
                disabled={busy}
                aria-describedby={headingId}
                onClick={() =>
                  void submit(async () => {
                    const res = await approve({ id: e.id });
                    if (res.data) onDecided(res.data.approveEvidence.status);
                    return res;
                  })
                }
              >
                {t('queue.approve')}
              </button>
            )}
            {rejecting ? (
              <>
                <SubmitButton busy={busy} className="danger">
                  {t('queue.rejectConfirm')}
                </SubmitButton>
                <button type="button" className="secondary" disabled={busy} onClick={() => setRejecting(false)}>
                  {t('form.cancel')}
                </button>
              </>
            ) : (
              <button type="button" className="danger" disabled={busy} aria-describedby={headingId} onClick={() => setRejecting(true)}>
                {t('queue.reject')}
              </button>
            )}
          </div>
        </form>
      )}
    </article>
  );
}
