// The search box: a combobox with type-ahead (the ARIA 1.2 combobox pattern
// with a list box popup). Typing asks the API for a few hits after a short
// pause; ArrowDown/ArrowUp move through them (focus stays in the box,
// aria-activedescendant names the option), Enter opens the chosen hit or,
// with none chosen, the full results page; Escape closes the list (and
// clears the box when it is already closed).
import { type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import { type SearchFilters, searchHref } from './filters';
import { hitAuthor, hitHref, KindLabel, readHit } from './hit';
import { Snippet } from './Snippet';

export const SUGGESTIONS = 6;
export const DEBOUNCE_MS = 250;
/** Fewer characters than this ask nothing (the API matches a prefix from 3). */
export const MIN_CHARS = 3;

export const SearchSuggestQuery = graphql(`
  query SearchSuggest($query: String!, $first: Int!) {
    search(query: $query, first: $first) {
      total
      totalIsLowerBound
      onlyStopWords
      hits {
        ...SearchHit_hit
      }
    }
  }
`);

/** value after it has stopped changing for ms. */
export function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/** The search box with its type-ahead; a new search keeps the results page's filters. */
export function SearchBox({ initial = '', filters = {} }: { initial?: string; filters?: Partial<SearchFilters> }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const id = useId();
  const listId = `${id}-list`;
  const input = useRef<HTMLInputElement>(null);
  const [text, setText] = useState(initial);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const typed = useDebounced(text.trim(), DEBOUNCE_MS);
  const asking = typed.length >= MIN_CHARS;
  const [res] = useQuery({ query: SearchSuggestQuery, variables: { query: typed, first: SUGGESTIONS }, pause: !asking });
  const results = asking && res.data?.search && res.operation?.variables.query === typed ? res.data.search : undefined;
  const hits = (results?.hits ?? []).map(readHit);
  const shown = open && asking && !!results;
  const expanded = shown && hits.length > 0;

  // New suggestions: none is chosen yet.
  useEffect(() => setActive(-1), [typed]);

  function go(href: string) {
    setOpen(false);
    setActive(-1);
    navigate(href);
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    switch (e.key) {
      case 'ArrowDown':
      case 'ArrowUp': {
        e.preventDefault();
        if (!open) setOpen(true);
        if (hits.length === 0) return;
        const step = e.key === 'ArrowDown' ? 1 : -1;
        // From no choice, down picks the first and up the last; past either end, back to the box.
        setActive((a) => (a === -1 ? (step === 1 ? 0 : hits.length - 1) : a + step >= hits.length || a + step < 0 ? -1 : a + step));
        return;
      }
      case 'Enter':
        if (expanded && active >= 0 && hits[active]) {
          e.preventDefault();
          go(hitHref(hits[active]));
        }
        return; // otherwise the form is sent: the full results page
      case 'Escape':
        if (expanded) {
          e.preventDefault();
          setOpen(false);
          setActive(-1);
        } else if (text) {
          e.preventDefault();
          setText('');
        }
        return;
    }
  }

  const status = !shown
    ? ''
    : results!.onlyStopWords
      ? t('search.onlyStopWords')
      : hits.length === 0
        ? t('search.noSuggestions')
        : t('search.suggestions', { count: hits.length });

  return (
    <form
      role="search"
      className="search-box"
      onSubmit={(e) => {
        e.preventDefault();
        if (text.trim()) go(searchHref(text, filters));
        else input.current?.focus();
      }}
    >
      <label htmlFor={`${id}-input`}>{t('search.label')}</label>
      <div className="search-row">
        <div className="search-combo">
          <input
            ref={input}
            id={`${id}-input`}
            type="search"
            name="q"
            role="combobox"
            autoComplete="off"
            aria-autocomplete="list"
            aria-expanded={expanded}
            aria-controls={listId}
            aria-activedescendant={expanded && active >= 0 ? `${id}-opt-${active}` : undefined}
            aria-describedby={`${id}-hint`}
            placeholder={t('search.placeholder')}
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              setOpen(true);
            }}
            onKeyDown={onKeyDown}
            onFocus={() => setOpen(true)}
            onBlur={() => setOpen(false)}
          />
          <ul id={listId} role="listbox" aria-label={t('search.suggestionsLabel')} className="search-list" hidden={!expanded}>
            {hits.map((h, i) => {
              const author = hitAuthor(h);
              return (
                <li
                  key={`${h.kind}-${h.node.id}`}
                  id={`${id}-opt-${i}`}
                  role="option"
                  aria-selected={i === active}
                  className={i === active ? 'active' : undefined}
                  data-testid="search-option"
                  // Keep focus in the box: a click chooses without blurring it first.
                  onMouseDown={(e) => e.preventDefault()}
                  onClick={() => go(hitHref(h))}
                >
                  <span className="search-option-text" lang={h.lang ?? undefined}>
                    <Snippet snippet={h.snippet} />
                  </span>
                  <span className="search-option-meta">
                    <KindLabel kind={h.kind} />
                    {author && <span> {author.name}</span>}
                  </span>
                </li>
              );
            })}
          </ul>
        </div>
        <button type="submit">{t('search.submit')}</button>
      </div>
      <p id={`${id}-hint`} className="hint">
        {t('search.hint')}
      </p>
      <p className="visually-hidden" aria-live="polite" aria-atomic="true">
        {status}
      </p>
    </form>
  );
}
