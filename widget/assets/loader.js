// Veredicto widget loader: turns each blockquote/div[data-veredicto-claim]
// and <veredicto-claim claim="ID"> into a sandboxed cross-origin iframe and
// sizes it from that iframe's height messages. No framework, no HTML
// strings: the iframe is the security boundary.
(function (w, d) {
  if (w.veredictoWidgets) return w.veredictoWidgets.load();
  var O = ORIGIN, s = d.currentScript, T = { en: "Veredicto: claim check", es: "Veredicto: comprobación de una afirmación" };
  try {
    O = new URL(s.src).origin;
  } catch (e) {}
  function clamp(n) {
    return Math.max(80, Math.min(1200, Math.round(n) || 0));
  }
  function origin(u) {
    try {
      return new URL(u).origin;
    } catch (e) {}
  }
  function mount(e) {
    var id = e.getAttribute("data-veredicto-claim") || e.getAttribute("claim") || "",
      l = (e.getAttribute("data-lang") || d.documentElement.lang || "").slice(0, 2).toLowerCase(),
      t = e.getAttribute("data-theme"),
      q = [],
      f;
    if (!/^[1-9][0-9]{0,18}$/.test(id) || e.hasAttribute("data-veredicto-mounted")) return;
    e.setAttribute("data-veredicto-mounted", "");
    f = d.createElement("iframe");
    if (T[l]) q.push("lang=" + l);
    if (t === "light" || t === "dark") q.push("theme=" + t);
    f.src = O + "/embed/claims/" + id + (q.length ? "?" + q.join("&") : "");
    f.title = T[l] || T.en;
    f.loading = "lazy";
    f.setAttribute("sandbox", "allow-scripts allow-popups allow-popups-to-escape-sandbox");
    f.style.cssText = "display:block;border:0;width:100%;max-width:550px;margin:1em 0;height:" + clamp(e.offsetHeight > 80 ? e.offsetHeight : 360) + "px";
    if (e.localName === "veredicto-claim") e.replaceChildren(f);
    else e.replaceWith(f);
  }
  function load(root) {
    (root || d).querySelectorAll("blockquote[data-veredicto-claim],div[data-veredicto-claim],veredicto-claim[claim]").forEach(mount);
  }
  // Heights come only from an iframe of ours: the message's source is that
  // frame's window and its origin Veredicto's, or "null" when the frame is
  // sandboxed without allow-same-origin (its origin is then opaque).
  w.addEventListener("message", function (e) {
    var m = e.data, fs = d.getElementsByTagName("iframe"), i, f, sb;
    if (!m || m.type !== "veredicto:height" || typeof m.height !== "number" || !e.source) return;
    for (i = 0; i < fs.length; i++) {
      f = fs[i];
      if (f.contentWindow !== e.source) continue;
      sb = f.getAttribute("sandbox");
      if (origin(f.src) === O && (e.origin === O || (e.origin === "null" && sb !== null && !/allow-same-origin/.test(sb)))) {
        f.style.height = clamp(m.height) + "px";
      }
      return;
    }
  });
  w.veredictoWidgets = { load: load };
  if (w.customElements && !customElements.get("veredicto-claim")) {
    customElements.define(
      "veredicto-claim",
      class extends HTMLElement {
        connectedCallback() {
          mount(this);
        }
      }
    );
  }
  load();
  if (d.readyState === "loading") d.addEventListener("DOMContentLoaded", function () {
    load();
  });
})(window, document);
