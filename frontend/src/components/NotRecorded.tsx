import { useTranslation } from 'react-i18next';

/** What the record does not hold: shown as such, never guessed. */
export function NotRecorded() {
  const { t } = useTranslation();
  return <span className="not-recorded">{t('common.notRecorded')}</span>;
}

/** The text, or "not recorded" when there is none. */
export function OrNotRecorded({ value }: { value: string | null | undefined }) {
  return value ? <>{value}</> : <NotRecorded />;
}
