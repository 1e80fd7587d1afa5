import { useTranslation } from 'react-i18next';
import { intlLocale } from '../i18n';
import { formatDateTime, formatUTC, parseTime } from '../lib/format';
import { NotRecorded } from './NotRecorded';

/**
 * A moment in the viewer's time zone (or timeZone), with the UTC instant in
 * the title; "not recorded" when the value is null.
 */
export function DateTime({ value, timeZone }: { value: string | null | undefined; timeZone?: string }) {
  const { t, i18n } = useTranslation();
  const d = parseTime(value);
  if (!d) return <NotRecorded />;
  return (
    <time dateTime={d.toISOString()} title={t('time.utcTitle', { instant: formatUTC(d) })}>
      {formatDateTime(d, intlLocale(i18n.language), timeZone)}
    </time>
  );
}
