// Between the API's UTC instants (with a precision) and the values of
// <input type="datetime-local|date|month|number">. An exact time is typed in
// the viewer's time zone; a day, month or year is the start of that period
// in UTC, as the API stores it (so it means the same date in every zone).
import type { Precision } from './format';

/** The input type that holds a time of this precision. */
export function inputTypeFor(precision: Precision): 'datetime-local' | 'date' | 'month' | 'number' {
  switch (precision) {
    case 'DAY':
      return 'date';
    case 'MONTH':
      return 'month';
    case 'YEAR':
      return 'number';
    default:
      return 'datetime-local';
  }
}

const shapes: Record<Precision, RegExp> = {
  EXACT: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/,
  DAY: /^\d{4}-\d{2}-\d{2}$/,
  MONTH: /^\d{4}-\d{2}$/,
  YEAR: /^\d{4}$/,
};

/**
 * The RFC 3339 UTC instant an input value stands for, or null when it is
 * empty, and undefined when it is not a valid value of that precision.
 */
export function dateInputToUTC(value: string, precision: Precision): string | null | undefined {
  const v = value.trim();
  if (!v) return null;
  if (!shapes[precision].test(v)) return undefined;
  let d: Date;
  switch (precision) {
    case 'EXACT':
      d = new Date(v); // no zone: the viewer's local time
      break;
    case 'DAY':
      d = new Date(`${v}T00:00:00Z`);
      break;
    case 'MONTH':
      d = new Date(`${v}-01T00:00:00Z`);
      break;
    case 'YEAR':
      d = new Date(`${v}-01-01T00:00:00Z`);
      break;
  }
  if (Number.isNaN(d.getTime())) return undefined;
  return d.toISOString().replace('.000Z', 'Z');
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** The input value showing an API instant at a precision (for editing). */
export function utcToDateInput(value: string | null | undefined, precision: Precision): string {
  if (!value) return '';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return '';
  const iso = d.toISOString();
  switch (precision) {
    case 'DAY':
      return iso.slice(0, 10);
    case 'MONTH':
      return iso.slice(0, 7);
    case 'YEAR':
      return iso.slice(0, 4);
    default:
      return `${pad(d.getFullYear(), 4)}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
  }
}

/**
 * The start (00:00 UTC) of a calendar day YYYY-MM-DD, or of the day `plus`
 * days after it, as an RFC 3339 instant. Undefined when there is no such
 * day (Date would quietly roll 2012-02-30 over to March 1) or the instant
 * needs more than four digits of year, which RFC 3339 cannot write.
 */
export function startOfUTCDay(day: string, plus = 0): string | undefined {
  if (!shapes.DAY.test(day)) return undefined;
  const [y, mo, d] = day.split('-').map(Number) as [number, number, number];
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d); // not Date.UTC, which reads years 0-99 as 1900-1999
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return undefined;
  date.setUTCDate(d + plus);
  const iso = date.toISOString();
  return /^\d{4}-/.test(iso) ? iso.replace('.000Z', 'Z') : undefined;
}

/** The end of a calendar day (YYYY-MM-DD) in the viewer's zone, as UTC. */
export function endOfLocalDay(value: string): string | null | undefined {
  if (!value) return null;
  if (!shapes.DAY.test(value)) return undefined;
  const d = new Date(`${value}T23:59:59`);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** The viewer's IANA time zone, for saying which zone a time is typed in. */
export function viewerTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}
