import { describe, expect, it } from 'vitest';
import { parseSnippet, snippetText } from './snippet';

describe('search snippets', () => {
  it('splits the marked words out, as text', () => {
    expect(parseSnippet('La web del PSOE fue <mark>hackeada</mark> &amp; más')).toEqual([
      { text: 'La web del PSOE fue ', mark: false },
      { text: 'hackeada', mark: true },
      { text: ' & más', mark: false },
    ]);
  });

  it('never turns escaped markup back into markup: it stays text', () => {
    const pieces = parseSnippet('&lt;img src=x onerror=alert(1)&gt; <mark>&#34;hack&#39;</mark>');
    expect(pieces).toEqual([
      { text: '<img src=x onerror=alert(1)> ', mark: false },
      { text: `"hack'`, mark: true },
    ]);
    expect(snippetText('<b>x</b> <mark>y</mark>')).toBe('<b>x</b> y');
    expect(snippetText('&bogus; &#0; &#x1F600;')).toBe('&bogus; &#0; 😀');
  });
});
