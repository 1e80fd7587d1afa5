(function () {
  var d = document, h = d.documentElement, L = h.lang, id = h.getAttribute("data-claim"), wait = 6e4, last = 0;
  function size() {
    var n = Math.ceil(d.body.getBoundingClientRect().height);
    if (n !== last && parent !== window) {
      last = n;
      parent.postMessage({ type: "veredicto:height", height: n }, "*");
    }
  }
  new ResizeObserver(size).observe(d.body);
  function when(el) {
    var t = el.getAttribute("datetime");
    if (t && t.length > 10) {
      try {
        el.textContent = new Intl.DateTimeFormat(L, { dateStyle: "long", timeStyle: "short" }).format(new Date(t));
      } catch (e) {}
    }
  }
  d.querySelectorAll("time").forEach(when);
  function set(k, v, tone) {
    d.querySelectorAll('[data-s="' + k + '"]').forEach(function (e) {
      e.textContent = v;
      if (tone) e.className = "b " + tone;
    });
  }
  function shape(j) {
    return (j.rating ? "r" + (j.rating.correctedAt ? "c" : "") : "") + "f" + j.facts.length + (j.statement ? "s" : "");
  }
  function apply(j) {
    if (shape(j) !== h.getAttribute("data-shape")) return location.reload();
    set("who", j.claimant.name);
    set("text", j.claim.text);
    if (j.statement) set("post", j.statement.text[L]);
    if (j.rating) {
      set("rating", j.rating.label[L], j.rating.tone);
      set("rsum", j.rating.summary);
    }
    set("cons", j.consensus.label[L], j.consensus.tone);
    set("cx", j.consensus.explanation[L]);
    set("tally", j.tally.text[L]);
    j.facts.forEach(function (f, i) {
      set("f" + i + "k", f.label[L]);
      set("f" + i + "t", "(" + f.stanceLabel[L] + ")");
      set("f" + i + "s", f.summary);
    });
    var u = d.querySelector('[data-s="upd"]');
    if (u) {
      u.setAttribute("datetime", j.updatedAt);
      when(u);
    }
  }
  function poll() {
    if (d.hidden) return setTimeout(poll, wait);
    fetch("/api/widget/claims/" + id, { cache: "no-cache", credentials: "omit" })
      .then(function (r) {
        if (!r.ok) throw r.status;
        return r.json();
      })
      .then(
        function (j) {
          apply(j);
          wait = 6e4;
        },
        function () {
          wait = Math.min(wait * 2, 6e5);
        }
      )
      .then(function () {
        setTimeout(poll, wait);
      });
  }
  if (id) setTimeout(poll, wait);
})();
