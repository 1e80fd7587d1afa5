// The API speaks English; the app speaks the reader's language. The
// messages the API's validators give most often are said in the
// catalogue's words; any other is shown as the API wrote it (in English,
// marked so), since it is the most precise description of what is wrong.
import type { TFunction } from 'i18next';
import { type ApiError, messageWithoutField } from '../graphql/errors';

export type Said = { text: string; lang?: 'en' };

const patterns: Array<[RegExp, string, (m: RegExpExecArray) => Record<string, string | number>]> = [
  [/^must not be empty$/, 'apiError.empty', () => ({})],
  [/^must be at most (\d+) characters/, 'apiError.tooLong', (m) => ({ max: Number(m[1]) })],
  [/^must be at least (\d+) characters$/, 'apiError.tooShort', (m) => ({ min: Number(m[1]) })],
  [/^must be an absolute URL/, 'apiError.url', () => ({})],
  [/^must use http or https/, 'apiError.urlScheme', () => ({})],
  [/^must not contain your handle$/, 'apiError.passwordHandle', () => ({})],
  [/^is wrong$/, 'apiError.wrong', () => ({})],
  [/^must be 3 to 30 lower-case letters/, 'apiError.handleFormat', () => ({})],
  [/^is already taken$/, 'apiError.taken', () => ({})],
  [/^must be in the future$/, 'apiError.future', () => ({})],
  [/^must not be in the future$/, 'apiError.notFuture', () => ({})],
  [/^must say why/, 'apiError.reason', () => ({})],
  [/^must say what was corrected/, 'apiError.note', () => ({})],
  [/^a correction needs a visible note$/, 'apiError.note', () => ({})],
];

/** What to say about an API error, in the reader's language where we can. */
export function sayApiError(t: TFunction, e: ApiError): Said {
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
      return { text: /handle or the password/.test(e.message) ? t('apiError.badCredentials') : t('apiError.signIn') };
    case 'FORBIDDEN':
      return { text: t('apiError.forbidden') };
    case 'SERVICE_UNAVAILABLE':
    case 'INTERNAL_SERVER_ERROR':
      // The message names the request id to quote: keep it.
      return { text: `${t('apiError.server')} ${e.message}` };
  }
  const msg = messageWithoutField(e);
  for (const [re, key, vars] of patterns) {
    const m = re.exec(msg);
    if (m) return { text: t(key, vars(m)) };
  }
  if (e.code === 'NOT_FOUND' && !e.field) return { text: t('apiError.notFound') };
  return { text: msg, lang: 'en' };
}
