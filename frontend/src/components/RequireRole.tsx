import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import type { UserRole } from '../gql/graphql';
import { atLeast, useViewer, type ViewerUser } from '../session/session';
import { useDocumentTitle } from '../lib/useDocumentTitle';
import { Loading } from './QueryState';

/** A link to the log-in page that comes back here afterwards. */
export function LogInLink({ children }: { children: ReactNode }) {
  const { pathname, search } = useLocation();
  return <Link to={`/account/login?next=${encodeURIComponent(pathname + search)}`}>{children}</Link>;
}

/**
 * Shows children only to a signed-in user of role min or above; others are
 * told what is needed (and offered to log in). The API enforces the same
 * rules: this only spares people a form they cannot send.
 */
export function RequireRole({
  min,
  title,
  children,
}: {
  min: UserRole;
  title: string;
  children: (user: ViewerUser) => ReactNode;
}) {
  const { t } = useTranslation();
  const { user } = useViewer();
  useDocumentTitle(title);
  if (user === undefined) return <Loading />;
  if (user === null) {
    return (
      <>
        <h1>{title}</h1>
        <p data-testid="needs-login">
          {t('session.needsLogin')} <LogInLink>{t('session.logIn')}</LogInLink>
        </p>
      </>
    );
  }
  if (!atLeast(user.role, min)) {
    return (
      <>
        <h1>{title}</h1>
        <p data-testid="needs-role">{t('session.needsRole', { role: t(`role.${min}`) })}</p>
      </>
    );
  }
  return <>{children(user)}</>;
}
