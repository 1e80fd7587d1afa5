import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import { LoadError, Loading } from '../components/QueryState';
import { readHit, SearchResult } from '../components/search/hit';
import { SearchBox } from '../components/search/SearchBox';
import { graphql } from '../gql';
import { useDocumentTitle } from '../lib/useDocumentTitle';

export const RESULTS_PAGE = 20;

export const SearchQuery = graphql(`
  query Search($query: String!, $first: Int!, $after: String) {
    search(query: $query, first: $first, after: $after) {
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

/** The full search: /search?q=words, its hits a page at a time. */
export default function Search() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const q = (params.get('q') ?? '').trim();
  useDocumentTitle(q ? t('search.titleFor', { query: q }) : t('search.title'));
  return (
    <>
      <h1>{t('search.title')}</h1>
      {/* A new query starts a new box and new pages. */}
      <SearchBox key={`box-${q}`} initial={q} />
      {q ? <Results key={q} query={q} /> : <p>{t('search.prompt')}</p>}
    </>
  );
}

function Results({ query }: { query: string }) {
  const { t } = useTranslation();
  // One entry per page shown: the cursor it starts after.
  const [pages, setPages] = useState<Array<string | null>>([null]);
  return (
    <section aria-label={t('search.resultsFor', { query })} className="search-results">
      {pages.map((after, i) => (
        <ResultsPage
          key={after ?? ''}
          query={query}
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
  after: string | null;
  first: boolean;
  last: boolean;
  onMore: (cursor: string) => void;
}) {
  const { t } = useTranslation();
  const [res, reexecute] = useQuery({
    query: SearchQuery,
    variables: { query: props.query, first: RESULTS_PAGE, after: props.after },
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
