// The API speaks English; the app speaks the reader's language. The API
// names the cause of its common refusals in machine-readable form
// (extensions.code, and extensions.reason with extensions.limit), and the
// app says those in the catalogue's words; any other error is shown as the
// API wrote it (in English, marked so), since it is the most precise
// description of what is wrong. The English text itself is never parsed.
import type { TFunction } from 'i18next';
import { type ApiError, type ApiErrorReason, messageWithoutField } from '../graphql/errors';

export type Said = { text: string; lang?: 'en' };

/** The catalogue key of each reason, and what it needs from the error. */
const reasons: Record<ApiErrorReason, (e: ApiError) => [string, Record<string, number>?] | undefined> = {
  EMPTY: () => ['apiError.empty'],
  TOO_LONG: (e) => (e.limit ? ['apiError.tooLong', { max: e.limit }] : undefined),
  TOO_SHORT: (e) => (e.limit ? ['apiError.tooShort', { min: e.limit }] : undefined),
  NOT_ABSOLUTE_URL: () => ['apiError.url'],
  URL_SCHEME: () => ['apiError.urlScheme'],
  CONTAINS_HANDLE: () => ['apiError.passwordHandle'],
  WRONG: () => ['apiError.wrong'],
  HANDLE_FORMAT: () => ['apiError.handleFormat'],
  TAKEN: () => ['apiError.taken'],
  NOT_FUTURE: () => ['apiError.future'],
  FUTURE: () => ['apiError.notFuture'],
  REASON_REQUIRED: () => ['apiError.reason'],
  NOTE_REQUIRED: () => ['apiError.note'],
  BAD_CREDENTIALS: () => ['apiError.badCredentials'],
};

/** What to say about an API error, in the reader's language where we can. */
export function sayApiError(t: TFunction, e: ApiError): Said {
  const byReason = e.reason && Object.hasOwn(reasons, e.reason) ? reasons[e.reason as ApiErrorReason](e) : undefined;
  if (byReason) return { text: t(byReason[0], byReason[1] ?? {}) };
  switch (e.code) {
    case 'CLIENT':
      return { text: e.message }; // the app's own words, already translated
    case 'NETWORK':
      return { text: t('apiError.network') };
    case 'RATE_LIMITED':
      return { text: t('apiError.rateLimited', { count: Math.max(1, Math.ceil(e.retryAfter ?? 60)) }) };
    case 'PAYLOAD_TOO_LARGE':
      return { text: t('apiError.tooLarge') };
    case 'UNAUTHENTICATED':
      return { text: t('apiError.signIn') };
    case 'FORBIDDEN':
      return { text: t('apiError.forbidden') };
    case 'SERVICE_UNAVAILABLE':
    case 'INTERNAL_SERVER_ERROR':
      // The message names the request id to quote: keep it.
      return { text: `${t('apiError.server')} ${e.message}` };
  }
  if (e.code === 'NOT_FOUND' && !e.field) return { text: t('apiError.notFound') };
  return { text: messageWithoutField(e), lang: 'en' };
}
