// The API's errors, sorted for forms: input errors go next to the field
// they name (extensions.field), everything else above the form.
import type { CombinedError } from 'urql';

export type ApiErrorCode =
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'RATE_LIMITED'
  | 'SERVICE_UNAVAILABLE'
  | 'PAYLOAD_TOO_LARGE'
  | 'INTERNAL_SERVER_ERROR'
  | 'NETWORK';

/** extensions.reason: the cause of a refusal, finer than its code (internal/apierr Reason). */
export type ApiErrorReason =
  | 'EMPTY'
  | 'TOO_LONG'
  | 'TOO_SHORT'
  | 'NOT_ABSOLUTE_URL'
  | 'URL_SCHEME'
  | 'CONTAINS_HANDLE'
  | 'WRONG'
  | 'HANDLE_FORMAT'
  | 'TAKEN'
  | 'NOT_FUTURE'
  | 'FUTURE'
  | 'REASON_REQUIRED'
  | 'NOTE_REQUIRED'
  | 'BAD_CREDENTIALS';

export type ApiError = {
  code: ApiErrorCode | string;
  message: string;
  field?: string;
  /** extensions.reason, when the API names the cause. */
  reason?: ApiErrorReason | string;
  /** extensions.limit: the number a TOO_LONG or TOO_SHORT is about. */
  limit?: number;
  retryAfter?: number;
};

export type FormErrors = {
  /** By input field name, as the API names it (summary, sourceURL, ...). */
  fields: Record<string, ApiError>;
  /** Errors about no one field (or about a field the form does not show). */
  general: ApiError[];
};

export const noErrors: FormErrors = { fields: {}, general: [] };

/** The API errors in a urql error, with network failures as NETWORK. */
export function apiErrors(error: CombinedError | undefined | null): ApiError[] {
  if (!error) return [];
  const out: ApiError[] = error.graphQLErrors.map((e) => {
    const ext = (e.extensions ?? {}) as { code?: string; field?: string; reason?: string; limit?: number; retryAfter?: number };
    return {
      code: ext.code ?? 'INTERNAL_SERVER_ERROR',
      message: e.message,
      ...(ext.field ? { field: ext.field } : {}),
      ...(ext.reason ? { reason: ext.reason } : {}),
      ...(typeof ext.limit === 'number' ? { limit: ext.limit } : {}),
      ...(typeof ext.retryAfter === 'number' ? { retryAfter: ext.retryAfter } : {}),
    };
  });
  if (error.networkError && out.length === 0) {
    // The server answers some refusals (body too large, CSRF) before
    // GraphQL runs, as a JSON error body with a non-200 status.
    const response = error.response as { status?: number } | undefined;
    out.push({
      code: response?.status === 413 ? 'PAYLOAD_TOO_LARGE' : 'NETWORK',
      message: error.networkError.message,
    });
  }
  return out;
}

/**
 * Splits errors into the ones shown next to a field of this form (known
 * lists its fields) and the rest. The API names a field as the input's
 * field (summary) or an argument (reason, note, claimId).
 */
export function formErrors(error: CombinedError | undefined | null, known: readonly string[]): FormErrors {
  const fields: Record<string, ApiError> = {};
  const general: ApiError[] = [];
  for (const e of apiErrors(error)) {
    if (e.field && known.includes(e.field) && !fields[e.field]) fields[e.field] = e;
    else general.push(e);
  }
  return { fields, general };
}

/** The API's message without its leading "field: ", for showing next to that field. */
export function messageWithoutField(e: ApiError): string {
  if (e.field && e.message.startsWith(`${e.field}: `)) return e.message.slice(e.field.length + 2);
  return e.message;
}
