import { useTranslation } from 'react-i18next';
import { type FragmentType, getFragmentData, graphql } from '../../gql';
import type { EvidenceStance } from '../../gql/graphql';
import type { ViewerUser } from '../../session/session';
import { EvidenceItem } from './EvidenceItem';

export const EvidenceGroupFragment = graphql(`
  fragment EvidenceGroup_connection on EvidenceConnection {
    totalCount
    edges {
      node {
        id
        ...EvidenceItem_evidence
      }
    }
  }
`);

/** The evidence items of one stance (supports, refutes, context). */
export function EvidenceGroup(props: {
  stance: EvidenceStance;
  connection: FragmentType<typeof EvidenceGroupFragment>;
  viewer?: ViewerUser | null;
}) {
  const { t } = useTranslation();
  const conn = getFragmentData(EvidenceGroupFragment, props.connection);
  const items = (conn.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []));
  const id = `stance-${props.stance.toLowerCase()}`;
  return (
    <section className={`evidence-group ${id}`} aria-labelledby={id} data-testid={id}>
      <h3 id={id}>
        {t(`stance.${props.stance}`)} <span className="count">({conn.totalCount})</span>
      </h3>
      <p className="hint">{t(`stanceHint.${props.stance}`)}</p>
      {items.length === 0 ? (
        <p className="empty">{t('evidence.groupEmpty')}</p>
      ) : (
        <ol className="evidence-list">
          {items.map((e) => (
            <li key={e.id}>
              <EvidenceItem evidence={e} viewer={props.viewer} />
            </li>
          ))}
        </ol>
      )}
      {items.length < conn.totalCount && (
        <p className="partial">{t('evidence.groupPartial', { shown: items.length, total: conn.totalCount })}</p>
      )}
    </section>
  );
}
