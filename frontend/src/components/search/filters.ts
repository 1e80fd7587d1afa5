// What narrows a search, between the address of the results page
// (/search?q=words&kind=CLAIM&status=OPEN&from=2012-01-01&to=2012-01-31&actor=42)
// and the API's SearchFilter. The address holds what the reader chose;
// only the parts that make sense are sent.
import type { ClaimStatus, SearchFilter, SearchHitKind } from '../../gql/graphql';
import { startOfUTCDay } from '../../lib/dates';

/** The kinds of hit a search may be narrowed to, in the order shown. */
export const HIT_KINDS: readonly SearchHitKind[] = ['CLAIM', 'STATEMENT', 'EVIDENCE'];

/** The claim statuses a search may be narrowed to, in the order shown. */
export const CLAIM_STATUSES: readonly ClaimStatus[] = ['OPEN', 'RATED', 'ARCHIVED'];

export type SearchFilters = {
  kinds: SearchHitKind[];
  statuses: ClaimStatus[];
  /** Calendar days (YYYY-MM-DD, UTC) as the address has them, '' for none; both included. */
  from: string;
  to: string;
  /** An actor's id, '' for none. */
  actor: string;
};

// An id the API can read (a 64-bit integer); anything else is no actor.
const ACTOR_ID = /^\d{1,18}$/;

/** The filters of an address. Unknown kinds, statuses and malformed actor ids are ignored. */
export function readFilters(params: URLSearchParams): SearchFilters {
  const actor = (params.get('actor') ?? '').trim();
  return {
    kinds: HIT_KINDS.filter((k) => params.getAll('kind').includes(k)),
    statuses: CLAIM_STATUSES.filter((s) => params.getAll('status').includes(s)),
    // Kept as written, even when not a date, so the page can say what is wrong.
    from: (params.get('from') ?? '').trim(),
    to: (params.get('to') ?? '').trim(),
    actor: ACTOR_ID.test(actor) ? actor : '',
  };
}

/** The address parameters of a search for q (none when empty) with the filters. */
export function searchParams(q: string, f: Partial<SearchFilters> = {}): URLSearchParams {
  const p = new URLSearchParams();
  if (q.trim()) p.set('q', q.trim());
  for (const k of f.kinds ?? []) p.append('kind', k);
  for (const s of f.statuses ?? []) p.append('status', s);
  if (f.from) p.set('from', f.from);
  if (f.to) p.set('to', f.to);
  if (f.actor) p.set('actor', f.actor);
  return p;
}

/** The results page of q with the filters. */
export function searchHref(q: string, f: Partial<SearchFilters> = {}): string {
  const p = searchParams(q, f).toString();
  return p ? `/search?${p}` : '/search';
}

/** Why a date bound is left out of the search. */
export type DateProblem = 'invalidFrom' | 'invalidTo' | 'reversed';

/**
 * The API filter for the chosen filters, and what is wrong with the dates.
 * A day that is not a date, or an end before the start, is left out rather
 * than sent; nothing chosen is filled in.
 */
export function apiFilter(f: SearchFilters): { filter: SearchFilter | null; problems: DateProblem[] } {
  const problems: DateProblem[] = [];
  const from = f.from ? startOfUTCDay(f.from) : undefined;
  if (f.from && !from) problems.push('invalidFrom');
  // The reader's end day is included; the API's `to` is exclusive: the next day's start.
  let to = f.to ? startOfUTCDay(f.to, 1) : undefined;
  if (f.to && !to) problems.push('invalidTo');
  // Both are YYYY-MM-DD here, which sort as text.
  else if (to && from && f.to < f.from) {
    problems.push('reversed');
    to = undefined;
  }
  const filter: SearchFilter = {};
  if (f.kinds.length > 0) filter.kinds = f.kinds;
  if (f.statuses.length > 0) filter.status = f.statuses;
  if (from) filter.from = from;
  if (to) filter.to = to;
  if (f.actor) filter.actorID = f.actor;
  return { filter: Object.keys(filter).length > 0 ? filter : null, problems };
}
