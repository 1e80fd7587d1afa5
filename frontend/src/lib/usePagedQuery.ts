import { useRef, useState } from 'react';
import { type AnyVariables, type TypedDocumentNode, useQuery } from 'urql';

/**
 * useQuery over a Relay connection paged with `after`: Graphcache's
 * relayPagination merges the pages, and while the next page loads the
 * merged data so far stays on screen.
 */
export function usePagedQuery<Data, Variables extends AnyVariables & { after?: string | null }>(
  query: TypedDocumentNode<Data, Variables>,
  variables: Omit<Variables, 'after'>,
) {
  const [after, setAfter] = useState<string | null>(null);
  const [result, reexecute] = useQuery<Data, Variables>({
    query,
    variables: { ...variables, after } as unknown as Variables,
  });
  const last = useRef<Data | undefined>(undefined);
  if (result.data) last.current = result.data;
  return {
    data: result.data ?? last.current,
    fetching: result.fetching,
    error: result.error,
    loadMore: (cursor: string | null | undefined) => {
      if (cursor) setAfter(cursor);
    },
    retry: () => reexecute({ requestPolicy: 'network-only' }),
  };
}
