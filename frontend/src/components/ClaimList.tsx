import { useEffect, useRef } from 'react';
import type { FragmentType } from '../gql';
import { ClaimCard, type ClaimCardFragment } from './ClaimCard';
import { LoadMore } from './LoadMore';

type Claim = { id: string } & FragmentType<typeof ClaimCardFragment>;

/**
 * A paged list of claims with "load more". After a page arrives, focus
 * moves to the first new claim, so keyboard and screen-reader users carry
 * on reading where the list grew (and are not left on a vanished button).
 */
export function ClaimList(props: {
  claims: Claim[];
  total: number;
  hasNextPage: boolean;
  fetching: boolean;
  failed: boolean;
  onLoadMore: () => void;
  headingLevel?: 2 | 3;
}) {
  const list = useRef<HTMLUListElement>(null);
  const focusFrom = useRef<number | null>(null);
  const count = props.claims.length;
  useEffect(() => {
    const from = focusFrom.current;
    if (from === null || count <= from) return;
    focusFrom.current = null;
    list.current?.children[from]?.querySelector<HTMLAnchorElement>('a')?.focus();
  }, [count]);
  return (
    <>
      <ul className="claim-list" ref={list}>
        {props.claims.map((c) => (
          <li key={c.id}>
            <ClaimCard claim={c} headingLevel={props.headingLevel} />
          </li>
        ))}
      </ul>
      <LoadMore
        shown={count}
        total={props.total}
        hasNextPage={props.hasNextPage}
        fetching={props.fetching}
        failed={props.failed}
        onLoadMore={() => {
          focusFrom.current = count;
          props.onLoadMore();
        }}
      />
    </>
  );
}
