import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMutation } from 'urql';
import { CopyButton } from '../../components/CopyButton';
import { DateTime } from '../../components/DateTime';
import { EvidenceStatusBadge } from '../../components/EvidenceStatus';
import { ExternalLink } from '../../components/ExternalLink';
import { Field, FormAlert, SubmitButton, useSubmit } from '../../components/Form';
import { NotRecorded, OrNotRecorded } from '../../components/NotRecorded';
import { type FragmentType, getFragmentData, graphql } from '../../gql';
import { intlLocale } from '../../i18n';
import { formatBytes } from '../../lib/format';
import { atLeast, type ViewerUser } from '../../session/session';

export const EvidenceItemFragment = graphql(`
  fragment EvidenceItem_evidence on Evidence {
    id
    claimID
    kind
    stance
    summary
    body
    confidenceNote
    observedAt
    observedPrecision
    sourceURL
    archiveURL
    sha256
    status
    statusReason
    createdAt
    revision
    submitter {
      id
      handle
      displayName
    }
    attachments {
      ...Attachment_attachment
    }
    revisions {
      id
      number
      sha256
      note
      createdAt
      editor {
        id
        displayName
      }
    }
  }
`);

export const AttachmentFragment = graphql(`
  fragment Attachment_attachment on Attachment {
    id
    filename
    mime
    size
    sha256
    url
  }
`);

const RetractEvidenceMutation = graphql(`
  mutation RetractEvidence($id: ID!, $reason: String!) {
    retractEvidence(id: $id, reason: $reason) {
      id
      claimID
      status
      statusReason
      moderatedAt
    }
  }
`);

/** One evidence item: kind, summary, certainty, when, source, provenance, content hash, files. */
export function EvidenceItem(props: { evidence: FragmentType<typeof EvidenceItemFragment>; viewer?: ViewerUser | null }) {
  const { t, i18n } = useTranslation();
  const e = getFragmentData(EvidenceItemFragment, props.evidence);
  const summaryId = `evidence-${e.id}-summary`;
  const viewer = props.viewer;
  const retracted = e.status === 'RETRACTED';
  const canRevise =
    !retracted && (atLeast(viewer?.role, 'EDITOR') || (atLeast(viewer?.role, 'JOURNALIST') && e.submitter?.id === viewer?.id));
  const canRetract = !retracted && e.status === 'PUBLISHED' && atLeast(viewer?.role, 'EDITOR');
  const attachments = (e.attachments ?? []).map((a) => getFragmentData(AttachmentFragment, a));
  return (
    <article className={`evidence${retracted ? ' evidence-retracted' : ''}`} aria-labelledby={summaryId} data-testid="evidence-item">
      <p className="evidence-kind">
        <span className="visually-hidden">{t('evidence.kind')}: </span>
        <span className="badge badge-kind">{t(`kind.${e.kind}`)}</span>
        {e.status !== 'PUBLISHED' && (
          <>
            {' '}
            <EvidenceStatusBadge status={e.status} />
          </>
        )}
      </p>
      {retracted && (
        <p className="status-reason" data-testid="retracted-reason">
          <strong>{t('evidence.retractedBecause')}</strong> <OrNotRecorded value={e.statusReason} />
        </p>
      )}
      <p id={summaryId} className="evidence-summary">
        {e.summary}
      </p>
      {e.body && <p className="evidence-body">{e.body}</p>}
      <dl className="facts compact">
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
        {e.archiveURL && (
          <div>
            <dt>{t('evidence.archive')}</dt>
            <dd>
              <ExternalLink href={e.archiveURL} />
            </dd>
          </div>
        )}
        <div>
          <dt>{t('evidence.submittedBy')}</dt>
          <dd data-testid="evidence-submitter">
            {e.submitter ? (
              <>
                {e.submitter.displayName} <span className="muted">@{e.submitter.handle}</span>
              </>
            ) : (
              t('evidence.bySystem')
            )}
            {' · '}
            <DateTime value={e.createdAt} />
            {e.revision > 1 && <> · {t('evidence.revisionN', { n: e.revision })}</>}
          </dd>
        </div>
        <div>
          <dt>{t('evidence.sha256')}</dt>
          <dd className="hash">
            {e.sha256 ? (
              <>
                <code>{e.sha256}</code> <CopyButton text={e.sha256} describedBy={summaryId} />
              </>
            ) : (
              <NotRecorded />
            )}
          </dd>
        </div>
        {attachments.length > 0 && (
          <div>
            <dt>{t('evidence.attachments')}</dt>
            <dd>
              <ul className="attachments" data-testid="attachments">
                {attachments.map((a) => (
                  <li key={a.id}>
                    <a href={a.url}>
                      {a.filename}
                    </a>{' '}
                    <span className="muted">
                      ({a.mime}, {formatBytes(a.size, intlLocale(i18n.language))})
                    </span>
                    <br />
                    <code className="small-hash" title={t('evidence.sha256')}>
                      {a.sha256}
                    </code>
                  </li>
                ))}
              </ul>
            </dd>
          </div>
        )}
      </dl>
      {(e.revisions?.length ?? 0) > 1 && (
        <details className="revisions" data-testid="evidence-revisions">
          <summary>{t('evidence.revisions', { count: e.revisions!.length })}</summary>
          <ol>
            {[...e.revisions!]
              .sort((a, b) => b.number - a.number)
              .map((r) => (
                <li key={r.id}>
                  <p>
                    <strong>{t('evidence.revisionN', { n: r.number })}</strong> · <DateTime value={r.createdAt} />
                    {r.editor && <> · {r.editor.displayName}</>}
                  </p>
                  {r.note && (
                    <p className="correction">
                      <strong>{t('evidence.revisionNote')}:</strong> {r.note}
                    </p>
                  )}
                  <p className="hash">
                    <span className="visually-hidden">{t('evidence.sha256')}: </span>
                    <code className="small-hash">{r.sha256}</code>
                  </p>
                </li>
              ))}
          </ol>
        </details>
      )}
      {(canRevise || canRetract) && (
        <div className="evidence-actions">
          {canRevise && (
            <Link to={`/claims/${encodeURIComponent(e.claimID)}/evidence/${encodeURIComponent(e.id)}/revise`}>
              {t('evidence.revise')}
            </Link>
          )}
          {canRetract && <RetractForm id={e.id} summaryId={summaryId} />}
        </div>
      )}
    </article>
  );
}

function RetractForm({ id, summaryId }: { id: string; summaryId: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [, retract] = useMutation(RetractEvidenceMutation);
  const { errors, busy, onSubmit, form } = useSubmit(['reason', 'id']);
  if (!open) {
    return (
      <button type="button" className="danger" aria-describedby={summaryId} onClick={() => setOpen(true)}>
        {t('evidence.retract')}
      </button>
    );
  }
  return (
    <form
      ref={form}
      noValidate
      className="form retract-form"
      onSubmit={onSubmit(() => retract({ id, reason: reason.trim() }))}
    >
      <FormAlert errors={errors.general} />
      <Field label={t('evidence.retractReason')} name="reason" hint={t('evidence.retractHint')} error={errors.fields.reason} required>
        {(p) => <textarea {...p} rows={2} value={reason} onChange={(ev) => setReason(ev.target.value)} autoFocus />}
      </Field>
      <div className="actions">
        <SubmitButton busy={busy} className="danger">
          {t('evidence.retractConfirm')}
        </SubmitButton>
        <button type="button" className="secondary" onClick={() => setOpen(false)} disabled={busy}>
          {t('form.cancel')}
        </button>
      </div>
    </form>
  );
}
