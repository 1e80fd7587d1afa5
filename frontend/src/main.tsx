import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { BrowserRouter } from 'react-router';
import { Provider } from 'urql';
import { AppRoutes } from './App';
import { createClient } from './graphql/client';
import { createI18n } from './i18n';
import './styles.css';

const i18n = createI18n();
const client = createClient();

const root = document.getElementById('root');
if (!root) throw new Error('no #root element');
createRoot(root).render(
  <StrictMode>
    <I18nextProvider i18n={i18n}>
      <Provider value={client}>
        <BrowserRouter>
          <AppRoutes />
        </BrowserRouter>
      </Provider>
    </I18nextProvider>
  </StrictMode>,
);
