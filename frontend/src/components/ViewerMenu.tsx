import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router';
import { useMutation } from 'urql';
import { graphql } from '../gql';
import { useSession, useViewer } from '../session/session';

const LogOutMutation = graphql(`
  mutation LogOut {
    logOut
  }
`);

/** Who is signed in (with their role) and log out; or log in and sign up. */
export function ViewerMenu() {
  const { t } = useTranslation();
  const { user } = useViewer();
  const session = useSession();
  const navigate = useNavigate();
  const { pathname, search } = useLocation();
  const [logOut, sendLogOut] = useMutation(LogOutMutation);
  if (user === undefined) return <div className="viewer-menu" />;
  if (user === null) {
    const here = pathname.startsWith('/account/') ? '' : `?next=${encodeURIComponent(pathname + search)}`;
    return (
      <div className="viewer-menu">
        <Link to={`/account/login${here}`}>{t('session.logIn')}</Link>
        <Link to={`/account/signup${here}`}>{t('session.signUp')}</Link>
      </div>
    );
  }
  return (
    <div className="viewer-menu" data-testid="viewer-menu">
      <Link to="/account/settings" className="viewer-name" title={user.displayName}>
        <span className="visually-hidden">{t('session.signedInAs')} </span>
        <span className="viewer-handle">@{user.handle}</span>{' '}
        <span className="badge badge-role">{t(`role.${user.role}`)}</span>
      </Link>
      <button
        type="button"
        className="secondary"
        disabled={logOut.fetching}
        onClick={async () => {
          const res = await sendLogOut({});
          if (!res.error) {
            session.reset();
            navigate('/');
          }
        }}
      >
        {t('session.logOut')}
      </button>
      {logOut.error && (
        <span role="alert" className="field-error">
          {t('session.logOutFailed')}
        </span>
      )}
    </div>
  );
}
