import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { BrowserRouter } from 'react-router';
import { AppRoutes } from './App';
import { createI18n } from './i18n';
import { SessionProvider } from './session/session';
import './styles.css';

const i18n = createI18n();

const root = document.getElementById('root');
if (!root) throw new Error('no #root element');
createRoot(root).render(
  <StrictMode>
    <I18nextProvider i18n={i18n}>
      {/* The urql client, replaced whenever the session changes. */}
      <SessionProvider>
        <BrowserRouter>
          <AppRoutes />
        </BrowserRouter>
      </SessionProvider>
    </I18nextProvider>
  </StrictMode>,
);
