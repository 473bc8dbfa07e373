// <connessi-search>: Connessi's search, embedded in another site. Two lines on the host page:
//   <script src="https://connessi.example/widget/connessi-search.js" async></script>
//   <connessi-search key="pk_..." territory="026086" categories="ecommerce,pos" lang="it" accent="#0066cc"></connessi-search>
// Everything lives in a Shadow DOM, so the host page's CSS and this widget's never meet.
// Texts are set with textContent only: nothing the server or the host sends becomes markup.
(function () {
  "use strict";
  var script = document.currentScript;
  var BASE = script ? new URL(script.src).origin : window.location.origin;

  var TEXTS = {
    it: {
      heading: "Servizi digitali gratuiti per la tua attività",
      search: "Cerca tra le offerte",
      placeholder: "es. pagamenti digitali, negozio online",
      categories: "Tipo di servizio",
      found: function (n) { return n === 1 ? "1 offerta trovata" : n + " offerte trovate"; },
      none: "Nessuna offerta corrisponde: prova altre parole o togli un filtro.",
      loading: "Ricerca in corso…",
      refused: "La ricerca di Connessi non è disponibile su questo sito: il sito non è registrato o non è ancora approvato.",
      busy: "Troppe ricerche in poco tempo: riprova tra qualche secondo.",
      failed: "La ricerca non risponde in questo momento: riprova più tardi.",
      pages: "Pagine dei risultati",
      previous: "Pagina precedente",
      next: "Pagina successiva",
      page: function (p, n) { return "Pagina " + p + " di " + n; },
      after: "Dopo: ",
      opens: " (si apre su Connessi)",
      more: "Vedi tutte le offerte su Connessi",
      by: "Offerte da Connessi, per le attività di quartiere"
    },
    en: {
      heading: "Free digital services for your business",
      search: "Search the offers",
      placeholder: "e.g. digital payments, online shop",
      categories: "Kind of service",
      found: function (n) { return n === 1 ? "1 offer found" : n + " offers found"; },
      none: "No offer matches: try other words or remove a filter.",
      loading: "Searching…",
      refused: "Connessi's search is not available on this site: the site is not registered or not approved yet.",
      busy: "Too many searches in a short time: try again in a few seconds.",
      failed: "The search does not answer right now: try again later.",
      pages: "Result pages",
      previous: "Previous page",
      next: "Next page",
      page: function (p, n) { return "Page " + p + " of " + n; },
      after: "Afterwards: ",
      opens: " (opens on Connessi)",
      more: "See every offer on Connessi",
      by: "Offers from Connessi, for neighbourhood businesses"
    }
  };

  function luminance(hex) {
    var channels = [1, 3, 5].map(function (i) {
      var c = parseInt(hex.substr(i, 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2];
  }

  function contrast(a, b) {
    var x = luminance(a), y = luminance(b);
    return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
  }

  // A valid accent colour, as #rrggbb; Connessi's blue otherwise.
  function accentOf(value) {
    var v = (value || "").trim().toLowerCase();
    if (/^#[0-9a-f]{3}$/.test(v)) v = "#" + v[1] + v[1] + v[2] + v[2] + v[3] + v[3];
    return /^#[0-9a-f]{6}$/.test(v) ? v : "#0066cc";
  }

  var STYLE =
    ":host{all:initial;display:block;font-family:'Titillium Web',system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;" +
    "font-size:16px;line-height:1.5;color:#1a1a1a;background:#fff;}" +
    "*{box-sizing:border-box;}" +
    "[hidden]{display:none !important;}" +
    // The host page can still style the element itself (even with !important), so the box
    // sets again everything its contents inherit.
    ".box{border:1px solid #c5c7c9;border-top:4px solid var(--accent);border-radius:4px;padding:1em;background:#fff;" +
    "font-family:'Titillium Web',system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;font-size:16px;line-height:1.5;" +
    "color:#1a1a1a;text-align:left;letter-spacing:normal;word-spacing:normal;text-transform:none;font-weight:400;font-style:normal;}" +
    "h2{font-size:1.25em;margin:0 0 .75em;font-weight:700;color:#1a1a1a;}" +
    "label{display:block;font-weight:600;margin-bottom:.25em;}" +
    "input[type=search]{width:100%;font:inherit;padding:.5em .75em;border:2px solid #5c6f82;border-radius:4px;color:#1a1a1a;background:#fff;}" +
    "input:focus,button:focus,a:focus{outline:3px solid #ff9900;outline-offset:2px;}" +
    "fieldset{border:0;padding:0;margin:.75em 0;}" +
    "legend{font-weight:600;padding:0;margin-bottom:.25em;}" +
    ".facet{display:inline-flex;align-items:center;gap:.25em;margin:0 .75em .25em 0;font-weight:400;}" +
    ".status{margin:.5em 0;font-weight:600;}" +
    "ol{list-style:none;padding:0;margin:0;}" +
    "li.hit{border-top:1px solid #e3e4e6;padding:.75em 0;}" +
    "h3{font-size:1.1em;margin:0 0 .25em;}" +
    "a{color:var(--link);text-decoration:underline;}" +
    ".muted{color:#4d4d4d;margin:0 0 .25em;}" +
    "p{margin:0 0 .25em;}" +
    "ul.terms{list-style:none;padding:0;margin:.25em 0 0;display:flex;flex-wrap:wrap;gap:.25em 1em;font-size:.9em;}" +
    "ul.terms li:first-child{font-weight:700;}" +
    "nav{display:flex;align-items:center;gap:.75em;margin-top:.75em;flex-wrap:wrap;}" +
    "button{font:inherit;padding:.375em .75em;border:2px solid var(--accent);border-radius:4px;background:var(--accent);color:var(--on-accent);cursor:pointer;}" +
    "button[disabled]{opacity:.5;cursor:default;}" +
    "footer{margin-top:.75em;font-size:.875em;color:#4d4d4d;display:flex;justify-content:space-between;flex-wrap:wrap;gap:.5em;}";

  var counter = 0;

  class ConnessiSearch extends HTMLElement {
    static get observedAttributes() { return ["key", "territory", "categories", "lang", "accent"]; }

    constructor() {
      super();
      this.shadow = this.attachShadow({ mode: "open" });
      this.page = 1;
      this.viewed = false;
      this.timer = null;
      this.sequence = 0;
      this.uid = "cs" + (++counter);
    }

    connectedCallback() {
      this.render();
      this.search();
    }

    attributeChangedCallback() {
      if (!this.isConnected || !this.box) return;
      this.render();
      this.page = 1;
      this.search();
    }

    texts() {
      return (this.getAttribute("lang") || "it").toLowerCase() === "en" ? TEXTS.en : TEXTS.it;
    }

    allowedCategories() {
      return (this.getAttribute("categories") || "").split(",")
        .map(function (c) { return c.trim(); }).filter(Boolean);
    }

    el(tag, attributes, text) {
      var node = document.createElement(tag);
      Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
      if (text !== undefined) node.textContent = text;
      return node;
    }

    render() {
      var t = this.texts(), self = this;
      var accent = accentOf(this.getAttribute("accent"));
      var onAccent = contrast(accent, "#ffffff") >= contrast(accent, "#1a1a1a") ? "#ffffff" : "#1a1a1a";
      var link = contrast(accent, "#ffffff") >= 4.5 ? accent : "#1a1a1a";
      var previousWords = this.input ? this.input.value : "";
      this.shadow.textContent = "";
      var style = this.el("style", {}, STYLE);
      this.box = this.el("section", { "class": "box", role: "search", "aria-labelledby": this.uid + "-h",
        lang: t === TEXTS.en ? "en" : "it" });
      this.box.style.setProperty("--accent", accent);
      this.box.style.setProperty("--on-accent", onAccent);
      this.box.style.setProperty("--link", link);
      this.box.appendChild(this.el("h2", { id: this.uid + "-h" }, t.heading));
      this.box.appendChild(this.el("label", { "for": this.uid + "-q" }, t.search));
      this.input = this.el("input", { type: "search", id: this.uid + "-q", placeholder: t.placeholder, autocomplete: "off" });
      this.input.value = previousWords;
      this.input.addEventListener("input", function () {
        clearTimeout(self.timer);
        self.timer = setTimeout(function () { self.page = 1; self.search(); }, 250);
      });
      this.box.appendChild(this.input);
      this.facets = this.el("fieldset", { hidden: "" });
      this.box.appendChild(this.facets);
      this.status = this.el("p", { "class": "status", role: "status", "aria-live": "polite" });
      this.box.appendChild(this.status);
      this.results = this.el("ol", { "aria-label": t.search });
      this.box.appendChild(this.results);
      this.pager = this.el("nav", { "aria-label": t.pages, hidden: "" });
      this.box.appendChild(this.pager);
      var footer = this.el("footer");
      footer.appendChild(this.el("span", {}, t.by));
      this.more = this.el("a", { href: BASE + "/", target: "_blank", rel: "noopener" }, t.more);
      footer.appendChild(this.more);
      this.box.appendChild(footer);
      this.shadow.appendChild(style);
      this.shadow.appendChild(this.box);
      this.chosen = [];
    }

    ticked() {
      return Array.prototype.slice.call(this.facets.querySelectorAll("input:checked"))
        .map(function (box) { return box.value; });
    }

    url() {
      var params = new URLSearchParams();
      params.set("key", this.getAttribute("key") || "");
      params.set("lang", this.texts() === TEXTS.en ? "en" : "it");
      var words = this.input.value.trim();
      if (words) params.set("q", words);
      var territory = (this.getAttribute("territory") || "").trim();
      if (territory) params.set("territory", territory);
      var categories = this.ticked();
      if (!categories.length) categories = this.allowedCategories();
      if (categories.length) params.set("category", categories.join(","));
      if (this.page > 1) params.set("page", String(this.page));
      if (!this.viewed) params.set("view", "1");
      return BASE + "/api/v1/widget/search?" + params.toString();
    }

    search() {
      var self = this, t = this.texts(), mine = ++this.sequence;
      var url = this.url();
      this.viewed = true;
      this.chosen = this.ticked();
      this.status.textContent = t.loading;
      fetch(url, { mode: "cors", credentials: "omit", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (response.status === 429) throw new Error(t.busy);
          if (response.status === 403) throw new Error(t.refused);
          if (!response.ok) throw new Error(t.failed);
          return response.json();
        })
        .then(function (answer) { if (mine === self.sequence) self.show(answer); })
        .catch(function (error) {
          if (mine !== self.sequence) return;
          // A refused origin gets no CORS header: the browser reports that as a network error.
          var known = [t.busy, t.refused, t.failed].indexOf(error.message) >= 0;
          self.results.textContent = "";
          self.pager.hidden = true;
          self.facets.hidden = true;
          self.status.textContent = known ? error.message : t.refused;
        });
    }

    showFacets(answer) {
      var t = this.texts(), self = this, allowed = this.allowedCategories();
      var values = answer.categories.filter(function (c) {
        return !allowed.length || allowed.indexOf(c.code) >= 0;
      });
      this.facets.textContent = "";
      this.facets.hidden = values.length < 2 && !this.chosen.length;
      this.facets.appendChild(this.el("legend", {}, t.categories));
      values.forEach(function (value) {
        var id = self.uid + "-c-" + value.code;
        var label = self.el("label", { "class": "facet", "for": id });
        var box = self.el("input", { type: "checkbox", id: id, value: value.code });
        box.checked = self.chosen.indexOf(value.code) >= 0;
        box.addEventListener("change", function () { self.page = 1; self.search(); });
        label.appendChild(box);
        label.appendChild(document.createTextNode(value.label + " (" + value.count + ")"));
        self.facets.appendChild(label);
      });
    }

    show(answer) {
      var t = this.texts(), self = this;
      this.showFacets(answer);
      this.results.textContent = "";
      answer.hits.forEach(function (hit) {
        var item = self.el("li", { "class": "hit" });
        var heading = self.el("h3");
        var safe = typeof hit.url === "string" && hit.url.indexOf(BASE + "/") === 0;
        var link = self.el("a", { href: safe ? hit.url : BASE + "/", target: "_blank", rel: "noopener" }, hit.title);
        link.appendChild(self.el("span", { "class": "visually-hidden", style: "position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);" }, t.opens));
        heading.appendChild(link);
        item.appendChild(heading);
        item.appendChild(self.el("p", { "class": "muted" }, hit.provider));
        item.appendChild(self.el("p", {}, hit.summary));
        var terms = self.el("ul", { "class": "terms" });
        [hit.free_period, t.after + hit.after, hit.places].forEach(function (term) {
          terms.appendChild(self.el("li", {}, term));
        });
        item.appendChild(terms);
        self.results.appendChild(item);
      });
      this.status.textContent = answer.total ? t.found(answer.total) : t.none;
      if (typeof answer.more_url === "string" && answer.more_url.indexOf(BASE + "/") === 0) {
        this.more.setAttribute("href", answer.more_url);
      }
      this.showPager(answer);
    }

    showPager(answer) {
      var t = this.texts(), self = this;
      this.pager.textContent = "";
      this.pager.hidden = answer.pages < 2;
      var previous = this.el("button", { type: "button" }, t.previous);
      previous.disabled = answer.page <= 1;
      previous.addEventListener("click", function () { self.page -= 1; self.search(); });
      var next = this.el("button", { type: "button" }, t.next);
      next.disabled = answer.page >= answer.pages;
      next.addEventListener("click", function () { self.page += 1; self.search(); });
      this.pager.appendChild(previous);
      this.pager.appendChild(this.el("span", {}, t.page(answer.page, answer.pages)));
      this.pager.appendChild(next);
    }
  }

  if (!customElements.get("connessi-search")) {
    customElements.define("connessi-search", ConnessiSearch);
  }
})();
