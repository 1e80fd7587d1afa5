import { parseSnippet } from '../../lib/snippet';

/** A search hit's snippet, its matched words in <mark>; text only, never HTML. */
export function Snippet({ snippet }: { snippet: string }) {
  return (
    <>
      {parseSnippet(snippet).map((p, i) => (p.mark ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>))}
    </>
  );
}
