import { describe, expect, it } from 'vitest';
import { embedSnippets, escapeHTML } from './embed';

describe('embed codes', () => {
  const base = {
    origin: 'https://veredicto.example',
    claimId: '8589934592',
    claimant: 'PSOE',
    claimLang: 'es',
    lang: 'es' as const,
    seeCase: 'Ver el caso en Veredicto',
    frameTitle: 'Veredicto',
  };

  it('gives the blockquote the loader reads, the iframe and the link', () => {
    const s = embedSnippets({ ...base, text: 'La cuenta fue hackeada.' });
    expect(s.script).toContain('<blockquote class="veredicto-claim" data-veredicto-claim="8589934592" data-lang="es"');
    expect(s.script).toContain('<p lang="es">«La cuenta fue hackeada.»</p>');
    expect(s.script).toContain('<a href="https://veredicto.example/claims/8589934592">Ver el caso en Veredicto</a>');
    expect(s.script.endsWith('<script async src="https://veredicto.example/widget.js" charset="utf-8"></script>')).toBe(true);
    expect(s.iframe).toMatch(/^<iframe src="https:\/\/veredicto.example\/embed\/claims\/8589934592\?lang=es"/);
    expect(s.iframe).toContain('sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox"');
    expect(s.link).toBe('https://veredicto.example/claims/8589934592');
  });

  it('escapes user-written text, so a pasted snippet cannot carry markup', () => {
    const s = embedSnippets({ ...base, text: '<img src=x onerror=alert(1)> & "quotes"', claimant: '</blockquote><script>x</script>' });
    expect(s.script).not.toContain('<img');
    expect(s.script).not.toContain('<script>x');
    expect(s.script).toContain('&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quotes&quot;');
    expect(escapeHTML(`'`)).toBe('&#39;');
  });
});
