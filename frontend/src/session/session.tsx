// Who is signed in. The session is an HttpOnly cookie the app cannot read:
// it asks the API (viewer). When the session changes (log in, sign up, log
// out), the urql client is replaced: nothing cached for one person (their
// verdict, their pending evidence, their tokens) is shown to the next, and
// the live-updates socket reconnects with the new cookie.
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import { Provider, useQuery } from 'urql';
import { graphql } from '../gql';
import type { UserRole } from '../gql/graphql';
import { type AppClient, createClient } from '../graphql/client';

export const ViewerQuery = graphql(`
  query Viewer {
    viewer {
      user {
        id
        handle
        displayName
        role
      }
    }
  }
`);

export type ViewerUser = { id: string; handle: string; displayName: string; role: UserRole };

const roleRank: Record<UserRole, number> = { READER: 0, JOURNALIST: 1, EDITOR: 2, ADMIN: 3 };

/** Whether role is min or above (readers < journalists < editors < admins). */
export function atLeast(role: UserRole | undefined | null, min: UserRole): boolean {
  return !!role && roleRank[role] >= roleRank[min];
}

type Session = { reset: () => void };
const SessionContext = createContext<Session>({ reset: () => {} });

export function SessionProvider({
  children,
  makeClient = () => createClient(),
}: {
  children: ReactNode;
  makeClient?: () => AppClient;
}) {
  const [client, setClient] = useState<AppClient>(makeClient);
  const current = useRef(client);
  current.current = client;
  const make = useRef(makeClient);
  make.current = makeClient;
  const reset = useCallback(() => {
    current.current.dispose?.();
    const next = make.current();
    current.current = next;
    setClient(next);
  }, []);
  useEffect(() => () => current.current.dispose?.(), []);
  const session = useMemo(() => ({ reset }), [reset]);
  return (
    <SessionContext.Provider value={session}>
      <Provider value={client}>{children}</Provider>
    </SessionContext.Provider>
  );
}

/** reset(): call after the session changed (the cookie was set or cleared). */
export function useSession(): Session {
  return useContext(SessionContext);
}

/** The signed-in user (null when anonymous, undefined while asking). */
export function useViewer(): { user: ViewerUser | null | undefined; failed: boolean } {
  const [res] = useQuery({ query: ViewerQuery });
  if (res.data) return { user: res.data.viewer?.user ?? null, failed: false };
  return { user: undefined, failed: !!res.error && !res.fetching };
}

/** A path inside the app to return to after signing in, or "/". */
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  return next;
}
