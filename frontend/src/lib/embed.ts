// The embed codes of a claim, as text to copy (never inserted into our own
// page). The script snippet matches what the widget's loader expects:
// <blockquote data-veredicto-claim="ID"> readable without JavaScript, then
// the loader, which replaces it with the widget's sandboxed iframe.

/** Escapes text for an HTML text node or a double-quoted attribute. */
export function escapeHTML(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

export function embedSnippets(o: {
  origin: string;
  claimId: string;
  text: string;
  claimant: string;
  claimLang: string;
  lang: 'es' | 'en';
  seeCase: string;
  frameTitle: string;
}) {
  const id = encodeURIComponent(o.claimId);
  const link = `${o.origin}/claims/${id}`;
  const frameSrc = `${o.origin}/embed/claims/${id}?lang=${o.lang}`;
  const script =
    `<blockquote class="veredicto-claim" data-veredicto-claim="${escapeHTML(o.claimId)}" data-lang="${o.lang}" cite="${escapeHTML(link)}">\n` +
    `<p lang="${escapeHTML(o.claimLang)}">«${escapeHTML(o.text)}»</p>\n` +
    `<p>— ${escapeHTML(o.claimant)}</p>\n` +
    `<p><a href="${escapeHTML(link)}">${escapeHTML(o.seeCase)}</a></p>\n` +
    `</blockquote>\n` +
    `<script async src="${escapeHTML(o.origin)}/widget.js" charset="utf-8"></script>`;
  const iframe =
    `<iframe src="${escapeHTML(frameSrc)}" width="550" height="420" title="${escapeHTML(o.frameTitle)}" loading="lazy" ` +
    `sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox" style="border:0;max-width:100%"></iframe>`;
  return { script, iframe, link, frameSrc };
}
