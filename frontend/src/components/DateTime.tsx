import { useTranslation } from 'react-i18next';
import { intlLocale } from '../i18n';
import { formatDateTime, formatPartial, formatUTC, isoPartial, parseTime, type Precision } from '../lib/format';
import { NotRecorded } from './NotRecorded';

/**
 * A moment in the viewer's time zone (or timeZone), with the UTC instant in
 * the title; "not recorded" when the value is null. A time known only to
 * the day, month or year shows just that (in UTC, where it is anchored),
 * never an hour the record does not hold.
 */
export function DateTime({
  value,
  precision = 'EXACT',
  timeZone,
}: {
  value: string | null | undefined;
  precision?: Precision;
  timeZone?: string;
}) {
  const { t, i18n } = useTranslation();
  const d = parseTime(value);
  if (!d) return <NotRecorded />;
  const locale = intlLocale(i18n.language);
  if (precision !== 'EXACT') {
    const iso = isoPartial(d, precision);
    return (
      <time dateTime={iso} title={t(`time.knownTo.${precision}`, { value: iso })}>
        {formatPartial(d, locale, precision)}
      </time>
    );
  }
  return (
    <time dateTime={d.toISOString()} title={t('time.utcTitle', { instant: formatUTC(d) })}>
      {formatDateTime(d, locale, timeZone)}
    </time>
  );
}
