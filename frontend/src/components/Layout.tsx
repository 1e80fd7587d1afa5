import { Suspense, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet, useLocation } from 'react-router';
import { LanguageSwitcher } from './LanguageSwitcher';
import { Loading } from './QueryState';
import { ViewerMenu } from './ViewerMenu';
import { atLeast, useViewer } from '../session/session';

/** Page chrome: skip link, header with navigation and language, main, footer. */
export function Layout() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  const { user } = useViewer();

  // After client-side navigation, move focus to the new content (as a page
  // load would) so keyboard and screen-reader users start there.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    window.scrollTo?.(0, 0);
    main.current?.focus({ preventScroll: true });
  }, [pathname]);

  return (
    <>
      <a
        className="skip-link"
        href="#main"
        onClick={(e) => {
          e.preventDefault();
          main.current?.focus();
        }}
      >
        {t('app.skipToContent')}
      </a>
      <header className="site-header">
        <div className="wrap header-inner">
          <Link to="/" className="brand">
            {t('app.name')}
          </Link>
          <nav aria-label={t('app.mainNav')}>
            <ul>
              <li>
                <NavLink to="/" end>
                  {t('app.home')}
                </NavLink>
              </li>
              {user && (
                <li>
                  <NavLink to="/account/submissions">{t('nav.submissions')}</NavLink>
                </li>
              )}
              {atLeast(user?.role, 'EDITOR') && (
                <li>
                  <NavLink to="/editor/queue">{t('nav.moderation')}</NavLink>
                </li>
              )}
              {atLeast(user?.role, 'ADMIN') && (
                <>
                  <li>
                    <NavLink to="/admin/users">{t('nav.users')}</NavLink>
                  </li>
                  <li>
                    <NavLink to="/admin/audit">{t('nav.audit')}</NavLink>
                  </li>
                </>
              )}
            </ul>
          </nav>
          <div className="header-tools">
            <ViewerMenu />
            <LanguageSwitcher />
          </div>
        </div>
      </header>
      <main id="main" ref={main} tabIndex={-1} className="wrap">
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </main>
      <footer className="site-footer">
        <div className="wrap">
          <p>{t('app.footer')}</p>
        </div>
      </footer>
    </>
  );
}
