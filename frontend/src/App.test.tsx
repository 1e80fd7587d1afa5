import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { render, screen } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { MemoryRouter } from 'react-router';
import { Provider } from 'urql';
import { describe, expect, it } from 'vitest';
import { AppRoutes } from './App';
import { createI18n } from './i18n';
import { mockClient } from './test/render';
import { foundingClaim, ratingScales } from './test/fixtures';

function renderApp(path: string) {
  const { client } = mockClient((name) => (name === 'ClaimPage' ? { data: { node: foundingClaim, ratingScales } } : undefined));
  return render(
    <I18nextProvider i18n={createI18n('es')}>
      <Provider value={client}>
        <MemoryRouter initialEntries={[path]}>
          <AppRoutes />
        </MemoryRouter>
      </Provider>
    </I18nextProvider>,
  );
}

describe('the app shell', () => {
  it('has a skip link, landmarks, labelled navigation and a language control', async () => {
    renderApp('/claims/8589934592');
    const links = screen.getAllByRole('link');
    expect(links[0]!.textContent).toBe('Saltar al contenido');
    expect(links[0]!.getAttribute('href')).toBe('#main');
    expect(screen.getByRole('banner')).toBeTruthy();
    expect(screen.getByRole('navigation', { name: 'Navegación principal' })).toBeTruthy();
    expect(screen.getByRole('main').id).toBe('main');
    expect(screen.getByRole('contentinfo')).toBeTruthy();
    expect(screen.getByLabelText('Idioma')).toBeTruthy();
    // The lazily loaded claim screen arrives.
    expect((await screen.findByRole('heading', { level: 1 }, { timeout: 5000 })).textContent).toBe(foundingClaim.text);
  });

  it('shows not found for an unknown path', async () => {
    renderApp('/no/such/page');
    expect((await screen.findByRole('heading', { level: 1 }, { timeout: 5000 })).textContent).toBe('No encontrado');
  });
});

describe('the Go handler', () => {
  it('knows every route of the app (embed.go appRoutes and appPages), so they are served with 200', () => {
    const app = readFileSync(resolve(process.cwd(), 'src/App.tsx'), 'utf8');
    const embed = readFileSync(resolve(process.cwd(), 'embed.go'), 'utf8');
    const goRoutes = /appRoutes = \[\]string\{([^}]*)\}/.exec(embed);
    const goPages = /appPages += \[\]string\{([^}]*)\}/.exec(embed);
    expect(goRoutes).toBeTruthy();
    expect(goPages).toBeTruthy();
    const served = [...goRoutes![1]!.matchAll(/"([^"]+)"/g)].map((m) => m[1]);
    const pages = [...goPages![1]!.matchAll(/"([^"]+)"/g)].map((m) => m[1]);
    const paths = [...app.matchAll(/path="([^"]+)"/g)].map((m) => m[1]!).filter((p) => p !== '*');
    expect(paths.length).toBeGreaterThan(0);
    for (const p of paths) {
      // A URL of the route (parameters filled in) must fall under a served
      // prefix, with something after it (embed.go isAppRoute).
      const url = `/${p.replace(/:[^/]+/g, '1')}`;
      expect(
        pages.includes(url) || served.some((prefix) => url.startsWith(prefix!) && url.length > prefix!.length),
        `route ${p} (${url}) is not under any of ${served.join(', ')}`,
      ).toBe(true);
    }
  });
});

describe('the source', () => {
  function files(dir: string): string[] {
    return readdirSync(dir).flatMap((name) => {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) return name === 'gql' ? [] : files(p);
      return /\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name) ? [p] : [];
    });
  }

  it('never injects HTML: user-written text is always rendered as text', () => {
    const src = resolve(process.cwd(), 'src'); // vitest runs in frontend/
    const offenders = files(src).filter((f) =>
      /dangerouslySetInnerHTML|\.innerHTML\s*=|outerHTML\s*=|insertAdjacentHTML|document\.write\(/.test(readFileSync(f, 'utf8')),
    );
    expect(offenders).toEqual([]);
  });
});
