import { describe, expect, it } from 'vitest';
import { dateInputToUTC, endOfLocalDay, inputTypeFor, startOfUTCDay, utcToDateInput } from './dates';

describe('date inputs', () => {
  it('stores a day, month or year as the start of that period in UTC', () => {
    expect(dateInputToUTC('2012-01-15', 'DAY')).toBe('2012-01-15T00:00:00Z');
    expect(dateInputToUTC('2011-12', 'MONTH')).toBe('2011-12-01T00:00:00Z');
    expect(dateInputToUTC('2011', 'YEAR')).toBe('2011-01-01T00:00:00Z');
  });

  it('reads an exact time in the viewer zone', () => {
    const v = dateInputToUTC('2012-01-15T11:30', 'EXACT');
    expect(v).toBe(new Date('2012-01-15T11:30').toISOString().replace('.000Z', 'Z'));
  });

  it('tells empty (null) from invalid (undefined)', () => {
    expect(dateInputToUTC('', 'DAY')).toBeNull();
    expect(dateInputToUTC('  ', 'EXACT')).toBeNull();
    expect(dateInputToUTC('2012-13-45', 'DAY')).toBeUndefined();
    expect(dateInputToUTC('2012-01', 'DAY')).toBeUndefined();
    expect(dateInputToUTC('12', 'YEAR')).toBeUndefined();
  });

  it('shows an API time back in the input of its precision', () => {
    expect(utcToDateInput('2012-01-15T00:00:00Z', 'DAY')).toBe('2012-01-15');
    expect(utcToDateInput('2011-12-01T00:00:00Z', 'MONTH')).toBe('2011-12');
    expect(utcToDateInput('2011-01-01T00:00:00Z', 'YEAR')).toBe('2011');
    const exact = utcToDateInput('2012-01-15T10:30:00Z', 'EXACT');
    expect(dateInputToUTC(exact, 'EXACT')).toBe('2012-01-15T10:30:00Z');
    expect(utcToDateInput(null, 'DAY')).toBe('');
  });

  it('picks the input for each precision', () => {
    expect(inputTypeFor('EXACT')).toBe('datetime-local');
    expect(inputTypeFor('DAY')).toBe('date');
    expect(inputTypeFor('MONTH')).toBe('month');
    expect(inputTypeFor('YEAR')).toBe('number');
  });

  it('ends a token on the last second of the chosen local day', () => {
    const v = endOfLocalDay('2030-05-01')!;
    const d = new Date(v);
    expect([d.getFullYear(), d.getMonth(), d.getDate(), d.getHours(), d.getMinutes()]).toEqual([2030, 4, 1, 23, 59]);
    expect(endOfLocalDay('')).toBeNull();
    expect(endOfLocalDay('soon')).toBeUndefined();
  });

  it('starts a UTC day, or a later one, across month and year ends; no such day is undefined', () => {
    expect(startOfUTCDay('2012-01-15')).toBe('2012-01-15T00:00:00Z');
    expect(startOfUTCDay('2012-01-15', 1)).toBe('2012-01-16T00:00:00Z');
    expect(startOfUTCDay('2012-02-28', 1)).toBe('2012-02-29T00:00:00Z'); // a leap year
    expect(startOfUTCDay('2011-02-28', 1)).toBe('2011-03-01T00:00:00Z');
    expect(startOfUTCDay('2012-12-31', 1)).toBe('2013-01-01T00:00:00Z');
    expect(startOfUTCDay('0099-06-01')).toBe('0099-06-01T00:00:00Z'); // not 1999
    expect(startOfUTCDay('2011-02-29')).toBeUndefined();
    expect(startOfUTCDay('2012-13-01')).toBeUndefined();
    expect(startOfUTCDay('2012-1-5')).toBeUndefined();
    expect(startOfUTCDay('')).toBeUndefined();
    expect(startOfUTCDay('9999-12-31', 1)).toBeUndefined(); // RFC 3339 has four digits of year
  });
});
