// Dates through Intl, in the viewer's time zone unless one is given.

const formats = new Map<string, Intl.DateTimeFormat>();

function dateTimeFormat(locale: string, timeZone?: string): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone ?? ''}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, {
      year: 'numeric',
      month: 'long',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      timeZoneName: 'short',
      ...(timeZone ? { timeZone } : {}),
    });
    formats.set(key, f);
  }
  return f;
}

/** Parses an RFC 3339 time from the API; undefined for null or garbage. */
export function parseTime(value: string | null | undefined): Date | undefined {
  if (!value) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** A date and time for people: "15 de enero de 2012, 11:30 CET". */
export function formatDateTime(d: Date, locale: string, timeZone?: string): string {
  return dateTimeFormat(locale, timeZone).format(d);
}

export type Precision = 'EXACT' | 'DAY' | 'MONTH' | 'YEAR';

const partialFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * A time known only to the day, month or year. It is stored as the start of
 * that period in UTC, so it is shown in UTC: the same date in every zone, and
 * no invented hour. "15 de enero de 2012", "diciembre de 2011", "2011".
 */
export function formatPartial(d: Date, locale: string, precision: Exclude<Precision, 'EXACT'>): string {
  const key = `${locale}|${precision}`;
  let f = partialFormats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, {
      timeZone: 'UTC',
      year: 'numeric',
      ...(precision !== 'YEAR' ? { month: 'long' } : {}),
      ...(precision === 'DAY' ? { day: 'numeric' } : {}),
    });
    partialFormats.set(key, f);
  }
  return f.format(d);
}

/** The HTML <time> value for a time known to the given precision: 2012-01-15, 2011-12, 2011. */
export function isoPartial(d: Date, precision: Precision): string {
  const iso = d.toISOString();
  switch (precision) {
    case 'DAY':
      return iso.slice(0, 10);
    case 'MONTH':
      return iso.slice(0, 7);
    case 'YEAR':
      return iso.slice(0, 4);
    default:
      return iso;
  }
}

/** The UTC instant, unambiguous: "2012-01-15 10:30:00". */
export function formatUTC(d: Date): string {
  return d.toISOString().replace('T', ' ').replace(/(\.000)?Z$/, '');
}

/** A country's name from its ISO 3166-1 alpha-2 code, or the code itself. */
export function countryName(code: string, locale: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'region' }).of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}

/** An http(s) URL safe to put in href, or undefined (javascript:, data:, junk). */
export function safeHttpUrl(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** A rough length of time for people: "14 min", "3 h", "2 days", "5 years". */
export function formatDuration(seconds: number, locale: string): string {
  const s = Math.abs(seconds);
  const units: Array<[Intl.NumberFormatOptions['unit'], number]> = [
    ['year', 365.25 * 86400],
    ['month', 30.44 * 86400],
    ['day', 86400],
    ['hour', 3600],
    ['minute', 60],
    ['second', 1],
  ];
  for (const [unit, size] of units) {
    if (s >= size || unit === 'second') {
      const n = Math.round(s / size);
      return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long' }).format(n);
    }
  }
  return '';
}

/** A file size for people: "12 KB", "3.4 MB". */
export function formatBytes(n: number, locale?: string): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return new Intl.NumberFormat(locale, {
    style: 'unit',
    unit: units[i],
    unitDisplay: i === 0 ? 'long' : 'short',
    maximumFractionDigits: i === 0 ? 0 : 1,
  }).format(v);
}
