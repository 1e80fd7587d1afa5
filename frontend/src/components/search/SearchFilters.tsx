// The controls that narrow the results page: groups of checkboxes (kinds,
// claim statuses), a range of days, and the actor the search is about.
// Each answers the reader at once and tells the page the new choice; the
// page keeps it in the address.
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import { startOfUTCDay } from '../../lib/dates';
import type { DateProblem } from './filters';
import { DEBOUNCE_MS, useDebounced } from './SearchBox';

/** Checkboxes that narrow the hits to some values; with none checked, nothing is narrowed. */
export function CheckboxFilter<T extends string>(props: {
  legend: string;
  name: string;
  options: readonly T[];
  selected: readonly T[];
  label: (value: T) => string;
  onChange: (next: T[]) => void;
}) {
  const { options, selected } = props;
  // The boxes answer a click at once: the router applies the new address in
  // a transition, and a box bound only to the address would spring back
  // until then. The address still wins when it changes (back, forward).
  const [checked, setChecked] = useState(selected);
  // `selected` is a new array on every render; its contents are what count.
  const fromAddress = selected.join(',');
  useEffect(() => setChecked(selected), [fromAddress]);
  const toggle = (v: T, on: boolean) => {
    const next = options.filter((x) => (x === v ? on : checked.includes(x)));
    setChecked(next);
    props.onChange(next);
  };
  return (
    <fieldset className="search-filter">
      <legend>{props.legend}</legend>
      {options.map((v) => (
        <label key={v}>
          <input
            type="checkbox"
            name={props.name}
            value={v}
            checked={checked.includes(v)}
            onChange={(e) => toggle(v, e.target.checked)}
          />{' '}
          {props.label(v)}
        </label>
      ))}
    </fieldset>
  );
}

type Range = { from: string; to: string };

/** The day as a date field holds it: a real YYYY-MM-DD, or ''. */
function shownDay(day: string): string {
  return startOfUTCDay(day) ? day : '';
}

// The problems each day's field is described by, and those that leave its
// bound out of the search (a reversed range is about both; the end is left out).
const fieldProblems: Record<keyof Range, { about: DateProblem[]; invalid: DateProblem[] }> = {
  from: { about: ['invalidFrom', 'reversed'], invalid: ['invalidFrom'] },
  to: { about: ['invalidTo', 'reversed'], invalid: ['invalidTo', 'reversed'] },
};

/**
 * Two days, both included. What is typed shows at once and reaches the
 * address after a pause: a date field reports every valid date on the way
 * (typing 2012 in the year passes through 0002, 0020 and 0201), and each
 * would be a new search. The problems come from the page, which reads them
 * from the address (what the search is asked with).
 */
export function DateRangeFilter(props: Range & { problems: readonly DateProblem[]; onChange: (r: Range) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const { problems } = props;
  // A date field cannot show what is not a date: it shows nothing, and a
  // change to the other day leaves the bad one out, as the reader sees it.
  const fromAddress = { from: shownDay(props.from), to: shownDay(props.to) };
  // What the reader has typed since the address last changed (null: nothing).
  const [draft, setDraft] = useState<Range | null>(null);
  useEffect(() => setDraft(null), [props.from, props.to]);
  const settled = useDebounced(draft, DEBOUNCE_MS);
  useEffect(() => {
    if (settled && (settled.from !== props.from || settled.to !== props.to)) props.onChange(settled);
  }, [settled]);
  const shown = draft ?? fromAddress;

  const hintId = `${id}-hint`;
  const problemId = (p: DateProblem) => `${id}-${p}`;
  const field = (bound: keyof Range) => {
    const about = problems.filter((p) => fieldProblems[bound].about.includes(p));
    const invalid = problems.some((p) => fieldProblems[bound].invalid.includes(p));
    return (
      <label>
        {t(`search.dates.${bound}`)}{' '}
        <input
          type="date"
          name={bound}
          value={shown[bound]}
          onChange={(e) => setDraft({ ...shown, [bound]: e.target.value })}
          aria-invalid={invalid || undefined}
          aria-describedby={[...about.map(problemId), hintId].join(' ')}
        />
      </label>
    );
  };
  return (
    <fieldset className="search-filter search-dates">
      <legend>{t('search.dates.legend')}</legend>
      {field('from')}
      {field('to')}
      <p id={hintId} className="hint">
        {t('search.dates.hint')}
      </p>
      {/* Always there, so a problem that appears is read out. */}
      <div aria-live="polite" className="search-date-problems">
        {problems.map((p) => (
          <p key={p} id={problemId(p)} className="field-error" data-testid={`date-${p}`}>
            {t(`search.dates.${p}`)}
          </p>
        ))}
      </div>
    </fieldset>
  );
}

export const SearchActorQuery = graphql(`
  query SearchActor($id: ID!) {
    node(id: $id) {
      __typename
      id
      ... on Actor {
        name
      }
    }
  }
`);

/** The actor a search is narrowed to, by name, with a button to widen it again. */
export function ActorScope({ id, onRemove }: { id: string; onRemove: () => void }) {
  const { t } = useTranslation();
  const [res] = useQuery({ query: SearchActorQuery, variables: { id } });
  const node = res.data?.node;
  // The id until the name is known (or when it cannot be asked for); an id that is not an actor's says so.
  const name = node?.__typename === 'Actor' ? node.name : res.data ? t('search.actor.unknown') : id;
  return (
    <p className="search-chip" data-testid="search-actor" aria-busy={res.fetching || undefined}>
      <span>{t('search.actor.only', { name })}</span>
      <button type="button" className="search-chip-remove" aria-label={t('search.actor.remove', { name })} onClick={onRemove}>
        <span aria-hidden="true">×</span>
      </button>
    </p>
  );
}
