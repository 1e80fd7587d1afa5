import { CombinedError } from 'urql';
import { describe, expect, it } from 'vitest';
import { createI18n } from '../i18n';
import { sayApiError } from '../lib/apiMessages';
import { apiErrors, formErrors, messageWithoutField } from './errors';

function gqlError(message: string, extensions: Record<string, unknown>) {
  return new CombinedError({ graphQLErrors: [{ message, extensions } as never] });
}

describe('API errors for forms', () => {
  it('puts an input error next to its field, and the rest above the form', () => {
    const err = new CombinedError({
      graphQLErrors: [
        { message: 'summary: must not be empty', extensions: { code: 'BAD_USER_INPUT', field: 'summary' } } as never,
        { message: 'claimID: refers to a claim that does not exist', extensions: { code: 'NOT_FOUND', field: 'claimID' } } as never,
        { message: 'you are not allowed to do this', extensions: { code: 'FORBIDDEN' } } as never,
      ],
    });
    const f = formErrors(err, ['summary', 'body']);
    expect(Object.keys(f.fields)).toEqual(['summary']);
    expect(f.general.map((e) => e.code)).toEqual(['NOT_FOUND', 'FORBIDDEN']);
    expect(messageWithoutField(f.fields.summary!)).toBe('must not be empty');
  });

  it('treats a failed connection as NETWORK and keeps retryAfter', () => {
    expect(apiErrors(new CombinedError({ networkError: new Error('Failed to fetch') }))[0]!.code).toBe('NETWORK');
    const limited = apiErrors(gqlError('too many attempts', { code: 'RATE_LIMITED', retryAfter: 30 }))[0]!;
    expect(limited.retryAfter).toBe(30);
    expect(apiErrors(undefined)).toEqual([]);
  });

  it('reads extensions.reason and extensions.limit', () => {
    const [e] = apiErrors(gqlError('text: must be at most 2000 characters (got 2001)', { code: 'BAD_USER_INPUT', field: 'text', reason: 'TOO_LONG', limit: 2000 }));
    expect(e).toEqual({ code: 'BAD_USER_INPUT', field: 'text', reason: 'TOO_LONG', limit: 2000, message: 'text: must be at most 2000 characters (got 2001)' });
  });

  it('says the common refusals in the reader language by their reason, and others as the API wrote them', () => {
    const es = createI18n('es').t;
    const en = createI18n('en').t;
    const empty = { code: 'BAD_USER_INPUT', field: 'summary', reason: 'EMPTY', message: 'summary: must not be empty' };
    expect(sayApiError(es, empty)).toEqual({ text: 'No puede quedar vacío.' });
    expect(sayApiError(en, empty)).toEqual({ text: 'Must not be empty.' });
    const long = { code: 'BAD_USER_INPUT', field: 'summary', reason: 'TOO_LONG', limit: 500, message: 'summary: whatever the API says' };
    expect(sayApiError(es, long).text).toBe('Como mucho 500 caracteres.');
    // The English text is not parsed: without a reason it is shown as written.
    const unnamed = { code: 'BAD_USER_INPUT', field: 'summary', message: 'summary: must not be empty' };
    expect(sayApiError(es, unnamed)).toEqual({ text: 'must not be empty', lang: 'en' });
    // A reason this app does not know yet, or a length without its limit: the API's words.
    expect(sayApiError(es, { ...unnamed, reason: 'SOMETHING_NEW' })).toEqual({ text: 'must not be empty', lang: 'en' });
    expect(sayApiError(es, { ...long, limit: undefined })).toEqual({ text: 'whatever the API says', lang: 'en' });
    expect(sayApiError(es, { code: 'RATE_LIMITED', message: 'x', retryAfter: 1 }).text).toMatch(/1 segundo /);
    expect(sayApiError(es, { code: 'RATE_LIMITED', message: 'x', retryAfter: 90 }).text).toMatch(/90 segundos/);
    expect(sayApiError(en, { code: 'UNAUTHENTICATED', reason: 'BAD_CREDENTIALS', message: 'x' }).text).toBe(
      'The handle or the password is wrong.',
    );
    expect(sayApiError(en, { code: 'UNAUTHENTICATED', message: 'sign in to do this' }).text).toBe('Log in to do this.');
    const odd = { code: 'BAD_USER_INPUT', field: 'payload', message: 'payload: created_at: want like "Sun Jan 15"' };
    expect(sayApiError(es, odd)).toEqual({ text: 'created_at: want like "Sun Jan 15"', lang: 'en' });
    const internal = { code: 'INTERNAL_SERVER_ERROR', message: 'quote request id abc123' };
    expect(sayApiError(en, internal).text).toContain('abc123');
  });
});
