import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import { LoadError, Loading } from '../components/QueryState';
import { readHit, SearchResult } from '../components/search/hit';
import { SearchBox } from '../components/search/SearchBox';
import { graphql } from '../gql';
import type { SearchHitKind } from '../gql/graphql';
import { useDocumentTitle } from '../lib/useDocumentTitle';

export const RESULTS_PAGE = 20;

export const SearchQuery = graphql(`
  query Search($query: String!, $first: Int!, $after: String, $filter: SearchFilter) {
    search(query: $query, first: $first, after: $after, filter: $filter) {
      total
      totalIsLowerBound
      hasNextPage
      endCursor
      onlyStopWords
      hits {
        ...SearchHit_hit
      }
    }
  }
`);

/** The kinds of hit a search may be narrowed to, in the order shown. */
export const HIT_KINDS: readonly SearchHitKind[] = ['CLAIM', 'STATEMENT', 'EVIDENCE'];

/** The full search: /search?q=words&kind=CLAIM&kind=EVIDENCE, its hits a page at a time. */
export default function Search() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const q = (params.get('q') ?? '').trim();
  // Unknown kinds in a hand-edited address are ignored; none means all.
  const kinds = HIT_KINDS.filter((k) => params.getAll('kind').includes(k));
  useDocumentTitle(q ? t('search.titleFor', { query: q }) : t('search.title'));
  const setKinds = (next: SearchHitKind[]) => {
    const p = new URLSearchParams(params);
    p.delete('kind');
    for (const k of HIT_KINDS) if (next.includes(k)) p.append('kind', k);
    setParams(p, { replace: true });
  };
  return (
    <>
      <h1>{t('search.title')}</h1>
      {/* A new query starts a new box and new pages. */}
      <SearchBox key={`box-${q}`} initial={q} kinds={kinds} />
      <KindFilter selected={kinds} onChange={setKinds} />
      {q ? <Results key={`${q}|${kinds.join(',')}`} query={q} kinds={kinds} /> : <p>{t('search.prompt')}</p>}
    </>
  );
}

/** Checkboxes that narrow the hits to some kinds; with none checked, every kind is shown. */
function KindFilter({ selected, onChange }: { selected: SearchHitKind[]; onChange: (k: SearchHitKind[]) => void }) {
  const { t } = useTranslation();
  // The boxes answer a click at once: the router applies the new address in
  // a transition, and a box bound only to the address would spring back
  // until then. The address still wins when it changes (back, forward).
  const [checked, setChecked] = useState(selected);
  // `selected` is a new array on every render; its contents are what count.
  const fromAddress = selected.join(',');
  useEffect(() => setChecked(selected), [fromAddress]);
  const toggle = (k: SearchHitKind, on: boolean) => {
    const next = HIT_KINDS.filter((x) => (x === k ? on : checked.includes(x)));
    setChecked(next);
    onChange(next);
  };
  return (
    <fieldset className="search-filter" data-testid="search-filter">
      <legend>{t('search.filter.legend')}</legend>
      {HIT_KINDS.map((k) => (
        <label key={k}>
          <input
            type="checkbox"
            name="kind"
            value={k}
            checked={checked.includes(k)}
            onChange={(e) => toggle(k, e.target.checked)}
          />{' '}
          {t(`search.filter.${k}`)}
        </label>
      ))}
    </fieldset>
  );
}

function Results({ query, kinds }: { query: string; kinds: SearchHitKind[] }) {
  const { t } = useTranslation();
  // One entry per page shown: the cursor it starts after.
  const [pages, setPages] = useState<Array<string | null>>([null]);
  return (
    <section aria-label={t('search.resultsFor', { query })} className="search-results">
      {pages.map((after, i) => (
        <ResultsPage
          key={after ?? ''}
          query={query}
          kinds={kinds}
          after={after}
          first={i === 0}
          last={i === pages.length - 1}
          onMore={(cursor) => setPages((p) => (p.includes(cursor) ? p : [...p, cursor]))}
        />
      ))}
    </section>
  );
}

function ResultsPage(props: {
  query: string;
  kinds: SearchHitKind[];
  after: string | null;
  first: boolean;
  last: boolean;
  onMore: (cursor: string) => void;
}) {
  const { t } = useTranslation();
  const [res, reexecute] = useQuery({
    query: SearchQuery,
    variables: {
      query: props.query,
      first: RESULTS_PAGE,
      after: props.after,
      filter: props.kinds.length > 0 ? { kinds: props.kinds } : null,
    },
  });
  const list = useRef<HTMLOListElement>(null);
  const s = res.data?.search;
  // A page added by "more results" takes focus on its first hit, so keyboard
  // and screen-reader users carry on where the list grew.
  const focused = useRef(props.first);
  useEffect(() => {
    if (!s || focused.current) return;
    focused.current = true;
    list.current?.querySelector<HTMLAnchorElement>('a')?.focus();
  }, [s]);
  if (!s) return res.error && !res.fetching ? <LoadError onRetry={() => reexecute({ requestPolicy: 'network-only' })} /> : <Loading />;
  const hits = s.hits.map(readHit);
  return (
    <>
      {props.first && (
        <p role="status" className="search-total" data-testid="search-total">
          {s.onlyStopWords
            ? t('search.onlyStopWords')
            : s.total === 0
              ? t('search.none', { query: props.query })
              : t(s.totalIsLowerBound ? 'search.totalAtLeast' : 'search.total', { count: s.total, query: props.query })}
        </p>
      )}
      {hits.length > 0 && (
        <ol className="claim-list search-hits" ref={list}>
          {hits.map((h) => (
            <li key={`${h.kind}-${h.node.id}`}>
              <SearchResult hit={h} />
            </li>
          ))}
        </ol>
      )}
      {props.last && s.hasNextPage && s.endCursor && (
        <div className="load-more">
          <button type="button" onClick={() => props.onMore(s.endCursor!)}>
            {t('search.more')}
          </button>
        </div>
      )}
    </>
  );
}
