import { useTranslation } from 'react-i18next';
import type { ClaimStatus } from '../gql/graphql';

/** A claim's status as a word (colour only reinforces it). */
export function StatusBadge({ status }: { status: ClaimStatus }) {
  const { t } = useTranslation();
  return <span className={`badge badge-${status.toLowerCase()}`}>{t(`status.${status}`)}</span>;
}
