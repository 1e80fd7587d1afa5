import { useTranslation } from 'react-i18next';
import { CopyButton } from '../../components/CopyButton';
import { DateTime } from '../../components/DateTime';
import { ExternalLink } from '../../components/ExternalLink';
import { NotRecorded, OrNotRecorded } from '../../components/NotRecorded';
import { type FragmentType, getFragmentData, graphql } from '../../gql';

export const EvidenceItemFragment = graphql(`
  fragment EvidenceItem_evidence on Evidence {
    id
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
  }
`);

/** One evidence item: kind, summary, certainty, when, source, content hash. */
export function EvidenceItem(props: { evidence: FragmentType<typeof EvidenceItemFragment> }) {
  const { t } = useTranslation();
  const e = getFragmentData(EvidenceItemFragment, props.evidence);
  const summaryId = `evidence-${e.id}-summary`;
  return (
    <article className="evidence" aria-labelledby={summaryId} data-testid="evidence-item">
      <p className="evidence-kind">
        <span className="visually-hidden">{t('evidence.kind')}: </span>
        <span className="badge badge-kind">{t(`kind.${e.kind}`)}</span>
      </p>
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
      </dl>
    </article>
  );
}
