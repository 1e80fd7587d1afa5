import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import { LoadError, Loading } from '../components/QueryState';
import { apiFilter, CLAIM_STATUSES, HIT_KINDS, readFilters, type SearchFilters, searchParams } from '../components/search/filters';
import { readHit, SearchResult } from '../components/search/hit';
import { SearchBox } from '../components/search/SearchBox';
import { ActorScope, CheckboxFilter, DateRangeFilter } from '../components/search/SearchFilters';
import { graphql } from '../gql';
import type { SearchFilter } from '../gql/graphql';
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

/**
 * The full search, its hits a page at a time:
 * /search?q=words&kind=CLAIM&status=OPEN&from=2012-01-01&to=2012-01-31&actor=42.
 */
export default function Search() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const heading = useRef<HTMLHeadingElement>(null);
  const q = (params.get('q') ?? '').trim();
  const filters = readFilters(params);
  const { filter, problems } = apiFilter(filters);
  useDocumentTitle(q ? t('search.titleFor', { query: q }) : t('search.title'));
  // The filters last asked for, until the address shows them: a second
  // change before React renders the first (two quick clicks) must build on
  // it, or the first would be lost. setParams does not queue like setState.
  const pending = useRef<SearchFilters | null>(null);
  const address = params.toString();
  useEffect(() => {
    pending.current = null;
  }, [address]);
  // A filter changed: the same words and the other filters, in place of
  // this address (narrowing is not a new page to go back to).
  const narrow = (change: Partial<SearchFilters>) => {
    pending.current = { ...(pending.current ?? filters), ...change };
    setParams(searchParams(q, pending.current), { replace: true });
  };
  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        {t('search.title')}
      </h1>
      {/* A new query starts a new box and new pages. */}
      <SearchBox key={`box-${q}`} initial={q} filters={filters} />
      {filters.actor && (
        <ActorScope
          id={filters.actor}
          onRemove={() => {
            narrow({ actor: '' });
            // The button is gone: focus goes back to the top of the page
            // (the search box would open its suggestions).
            heading.current?.focus();
          }}
        />
      )}
      <div className="search-filters">
        <CheckboxFilter
          legend={t('search.filter.legend')}
          name="kind"
          options={HIT_KINDS}
          selected={filters.kinds}
          label={(k) => t(`search.filter.${k}`)}
          onChange={(kinds) => narrow({ kinds })}
        />
        <CheckboxFilter
          legend={t('search.statusLegend')}
          name="status"
          options={CLAIM_STATUSES}
          selected={filters.statuses}
          label={(s) => t(`status.${s}`)}
          onChange={(statuses) => narrow({ statuses })}
        />
        <DateRangeFilter from={filters.from} to={filters.to} problems={problems} onChange={narrow} />
      </div>
      {/* Another filter sent is another list, from its first page. */}
      {q ? <Results key={`${q}|${JSON.stringify(filter)}`} query={q} filter={filter} /> : <p>{t('search.prompt')}</p>}
    </>
  );
}

function Results({ query, filter }: { query: string; filter: SearchFilter | null }) {
  const { t } = useTranslation();
  // One entry per page shown: the cursor it starts after.
  const [pages, setPages] = useState<Array<string | null>>([null]);
  return (
    <section aria-label={t('search.resultsFor', { query })} className="search-results">
      {pages.map((after, i) => (
        <ResultsPage
          key={after ?? ''}
          query={query}
          filter={filter}
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
  filter: SearchFilter | null;
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
      filter: props.filter,
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
