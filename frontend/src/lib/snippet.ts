// A search hit's snippet is HTML from the API: the text escaped, with
// <mark>…</mark> around the matched words and no other markup. The app
// never injects HTML: it splits the snippet into pieces of plain text, each
// marked or not, and renders them as React text.

export type SnippetPiece = { text: string; mark: boolean };

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Undoes HTML escaping (named entities above, decimal and hex references). */
export function unescapeHTML(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return entities[ref.toLowerCase()] ?? whole;
  });
}

/** The snippet as pieces of text; any tag other than <mark> and </mark> is kept as text. */
export function parseSnippet(snippet: string): SnippetPiece[] {
  const out: SnippetPiece[] = [];
  let mark = false;
  for (const part of snippet.split(/(<\/?mark>)/)) {
    if (part === '<mark>') mark = true;
    else if (part === '</mark>') mark = false;
    else if (part) out.push({ text: unescapeHTML(part), mark });
  }
  return out;
}

/** The snippet as plain text (for labels and titles). */
export function snippetText(snippet: string): string {
  return parseSnippet(snippet)
    .map((p) => p.text)
    .join('');
}
