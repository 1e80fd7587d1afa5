import { useTranslation } from 'react-i18next';
import type { EvidenceStatus as Status } from '../gql/graphql';

/** An evidence item's moderation status as a word, with the reason when refused or retracted. */
export function EvidenceStatusBadge({ status }: { status: Status }) {
  const { t } = useTranslation();
  return <span className={`badge badge-${status.toLowerCase()}`}>{t(`evidenceStatus.${status}`)}</span>;
}
