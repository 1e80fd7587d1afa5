import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { storageKey } from '../i18n';
import { formatUTC, safeHttpUrl } from '../lib/format';
import { excerpt } from '../lib/useDocumentTitle';
import { renderWith } from '../test/render';
import { CopyButton } from './CopyButton';
import { DateTime } from './DateTime';
import { ExternalLink } from './ExternalLink';
import { LanguageSwitcher } from './LanguageSwitcher';
import { StatusBadge } from './StatusBadge';

describe('DateTime', () => {
  it('shows the time in the given zone with the UTC instant in the title', () => {
    const { container } = renderWith(<DateTime value="2012-01-15T10:30:00Z" timeZone="Europe/Madrid" />, { lang: 'es' });
    const time = container.querySelector('time')!;
    expect(time.getAttribute('datetime')).toBe('2012-01-15T10:30:00.000Z');
    expect(time.getAttribute('title')).toBe('2012-01-15 10:30:00 UTC');
    expect(time.textContent).toContain('2012');
    expect(time.textContent).toContain('11:30');
    expect(time.textContent).toMatch(/enero/);
  });

  it('uses the viewer zone by default', () => {
    const { container } = renderWith(<DateTime value="2012-01-15T10:30:00Z" />, { lang: 'en' });
    expect(container.querySelector('time')!.textContent).toMatch(/January/);
  });

  it('says "not recorded" for a null time, never a made-up one', () => {
    renderWith(<DateTime value={null} />, { lang: 'en' });
    expect(screen.getByText('not recorded')).toBeTruthy();
    renderWith(<DateTime value={undefined} />, { lang: 'es' });
    expect(screen.getByText('no consta')).toBeTruthy();
  });

  it('shows a time known to the day, month or year as just that, the same in every zone', () => {
    const { container } = renderWith(
      <>
        <DateTime value="2012-01-15T00:00:00Z" precision="DAY" timeZone="America/Los_Angeles" />
        <DateTime value="2011-12-01T00:00:00Z" precision="MONTH" />
        <DateTime value="2011-01-01T00:00:00Z" precision="YEAR" />
      </>,
      { lang: 'es' },
    );
    const [day, month, year] = [...container.querySelectorAll('time')];
    expect(day!.textContent).toBe('15 de enero de 2012'); // not the 14th, and no hour
    expect(day!.getAttribute('datetime')).toBe('2012-01-15');
    expect(day!.getAttribute('title')).toBe('Se conoce el día (2012-01-15), no la hora');
    expect(month!.textContent).toBe('diciembre de 2011');
    expect(month!.getAttribute('datetime')).toBe('2011-12');
    expect(year!.textContent).toBe('2011');
    expect(year!.getAttribute('datetime')).toBe('2011');
  });

  it('formats the UTC instant without milliseconds', () => {
    expect(formatUTC(new Date('2012-01-15T10:30:00Z'))).toBe('2012-01-15 10:30:00');
    expect(formatUTC(new Date('2012-01-15T10:30:00.250Z'))).toBe('2012-01-15 10:30:00.250');
  });
});

describe('ExternalLink', () => {
  it('links http(s) URLs with rel noopener noreferrer nofollow', () => {
    renderWith(<ExternalLink href="https://example.org/a?b=1" />);
    const a = screen.getByRole('link');
    expect(a.getAttribute('href')).toBe('https://example.org/a?b=1');
    expect(a.getAttribute('rel')).toBe('noopener noreferrer nofollow');
  });

  it('never turns javascript: or data: URLs into links', () => {
    renderWith(
      <>
        <ExternalLink href="javascript:alert(1)" />
        <ExternalLink href="data:text/html,<script>alert(1)</script>" />
        <ExternalLink href="not a url" />
      </>,
    );
    expect(screen.queryByRole('link')).toBeNull();
    expect(screen.getByText('javascript:alert(1)')).toBeTruthy();
    expect(safeHttpUrl('JAVASCRIPT:alert(1)')).toBeUndefined();
    expect(safeHttpUrl('http://x.test/')).toBe('http://x.test/');
  });

  it('says "not recorded" when there is no URL', () => {
    renderWith(<ExternalLink href={null} />, { lang: 'es' });
    expect(screen.getByText('no consta')).toBeTruthy();
  });
});

describe('StatusBadge', () => {
  it('names the status in words', () => {
    renderWith(<StatusBadge status="OPEN" />, { lang: 'es' });
    expect(screen.getByText('Abierta').className).toContain('badge-open');
    renderWith(<StatusBadge status="RATED" />, { lang: 'en' });
    expect(screen.getByText('Rated')).toBeTruthy();
  });
});

describe('CopyButton', () => {
  it('copies and announces it', async () => {
    const user = userEvent.setup();
    const writeText = vi.fn().mockResolvedValue(undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    renderWith(<CopyButton text="abc123" />, { lang: 'en' });
    await user.click(screen.getByRole('button', { name: 'Copy SHA-256' }));
    expect(writeText).toHaveBeenCalledWith('abc123');
    expect((await screen.findByRole('status')).textContent).toBe('SHA-256 copied');
  });

  it('says so when the clipboard refuses', async () => {
    const user = userEvent.setup();
    Object.defineProperty(navigator, 'clipboard', {
      value: { writeText: vi.fn().mockRejectedValue(new Error('denied')) },
      configurable: true,
    });
    renderWith(<CopyButton text="abc123" />, { lang: 'es' });
    await user.click(screen.getByRole('button', { name: 'Copiar SHA-256' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toMatch(/No se pudo copiar/));
  });
});

describe('LanguageSwitcher', () => {
  it('is a labelled control that switches and remembers the language', async () => {
    const user = userEvent.setup();
    const { i18n } = renderWith(<LanguageSwitcher />, { lang: 'es' });
    const select = screen.getByLabelText('Idioma');
    await user.selectOptions(select, 'en');
    expect(i18n.language).toBe('en');
    expect(localStorage.getItem(storageKey)).toBe('en');
    expect(screen.getByLabelText('Language')).toBeTruthy();
    expect(document.documentElement.lang).toBe('en');
  });
});

describe('excerpt', () => {
  it('cuts long text on a word boundary', () => {
    expect(excerpt('short')).toBe('short');
    const e = excerpt('La cuenta de Twitter del PSOE fue hackeada: el tuit de las 11:30, que parecía un mensaje privado', 40);
    expect(e.length).toBeLessThanOrEqual(41);
    expect(e.endsWith('…')).toBe(true);
  });
});
