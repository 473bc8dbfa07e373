// Connessi's progressive enhancement: every page works without this script; with it the
// search updates as one types or ticks a facet (and announces the new count), and the
// territory field suggests comuni by name; the widget's snippet generator keeps its code and
// preview in step with the choices.
(function () {
  "use strict";

  function liveSearch(form) {
    var region = document.getElementById("search-results");
    var status = document.getElementById("search-status");
    if (!region) return;
    var timer = null;
    var latest = 0;
    function query() {
      var params = new URLSearchParams();
      new FormData(form).forEach(function (value, key) {
        if (String(value).trim() !== "") params.append(key, value);
      });
      return params;
    }
    function run() {
      var params = query();
      var shown = params.toString();
      params.append("partial", "results");
      var ticket = ++latest;
      var focused = document.activeElement && document.activeElement.id;
      region.setAttribute("aria-busy", "true");
      fetch(form.action + "?" + params.toString(), { headers: { accept: "text/html" } })
        .then(function (response) { return response.ok ? response.text() : Promise.reject(response.status); })
        .then(function (html) {
          if (ticket !== latest) return;
          region.innerHTML = html;
          region.setAttribute("aria-busy", "false");
          history.replaceState(null, "", form.action + (shown ? "?" + shown : ""));
          var summary = region.querySelector("[data-summary]");
          if (status && summary) status.textContent = summary.getAttribute("data-summary");
          // The replaced facet lost focus: give it back to its successor.
          var again = focused && document.getElementById(focused);
          if (again && again !== document.activeElement) again.focus();
        })
        .catch(function () { region.setAttribute("aria-busy", "false"); });
    }
    form.addEventListener("input", function (event) {
      if (event.target.form !== form) return;
      if (event.target.type === "checkbox" || event.target.tagName === "SELECT") return;
      clearTimeout(timer);
      timer = setTimeout(run, 250);
    });
    form.addEventListener("change", function (event) {
      if (event.target.form !== form) return;
      if (event.target.type === "checkbox" || event.target.tagName === "SELECT") {
        // A new filter starts from the first page.
        var page = form.querySelector("input[name=page]");
        if (page) page.value = "";
        run();
      }
    });
  }

  function territorySuggestions(input) {
    var list = document.getElementById(input.getAttribute("list"));
    if (!list) return;
    var fixed = list.innerHTML;
    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var q = input.value.trim();
      if (q.length < 2) { list.innerHTML = fixed; return; }
      timer = setTimeout(function () {
        fetch("/api/v1/territories/comuni?per_page=8&q=" + encodeURIComponent(q))
          .then(function (r) { return r.ok ? r.json() : { items: [] }; })
          .then(function (page) {
            var options = page.items.map(function (c) {
              var o = document.createElement("option");
              o.value = c.name + " (" + c.province_code + ")";
              return o.outerHTML;
            });
            list.innerHTML = options.join("") + fixed;
          });
      }, 200);
    });
  }

  // A conversation reloads its messages when the event stream says one of them changed.
  function liveConversation(list) {
    if (!window.EventSource) return;
    var id = list.getAttribute("data-conversation");
    var status = document.getElementById("messages-status");
    var source = new EventSource("/api/v1/events");
    function reload(announce) {
      fetch(location.pathname + "?partial=messages", { headers: { accept: "text/html" } })
        .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
        .then(function (html) {
          list.innerHTML = html;
          if (announce && status) status.textContent = list.getAttribute("data-announce") || announce;
        })
        .catch(function () {});
    }
    ["message.posted", "message.edited", "message.deleted", "message.hidden"].forEach(function (kind) {
      source.addEventListener(kind, function (event) {
        var data = {};
        try { data = JSON.parse(event.data); } catch (e) { return; }
        if (data.conversation_id === id) reload(kind === "message.posted" ? document.documentElement.lang === "en" ? "New message" : "Nuovo messaggio" : "");
      });
    });
    source.addEventListener("resync", function () { reload(""); });
  }

  // The widget's snippet generator: the code and the preview follow the choices.
  function snippetGenerator(form) {
    var region = document.getElementById("snippet-output");
    if (!region) return;
    var timer = null;
    var latest = 0;
    function run() {
      var params = new URLSearchParams(new FormData(form));
      var shown = params.toString();
      params.append("partial", "snippet");
      var ticket = ++latest;
      fetch(form.action + "?" + params.toString(), { headers: { accept: "text/html" } })
        .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
        .then(function (html) {
          if (ticket !== latest) return;
          region.innerHTML = html;
          history.replaceState(null, "", form.action + "?" + shown);
        })
        .catch(function () {});
    }
    function soon() { clearTimeout(timer); timer = setTimeout(run, 300); }
    form.addEventListener("input", soon);
    form.addEventListener("change", soon);
  }

  // A file picked in the import form fills the text area the form sends.
  function fileIntoTextarea(input) {
    var target = document.getElementById(input.getAttribute("data-fills"));
    if (!target) return;
    input.addEventListener("change", function () {
      var file = input.files && input.files[0];
      if (!file) return;
      file.text().then(function (text) { target.value = text; });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[type=file][data-fills]").forEach(fileIntoTextarea);
    document.querySelectorAll("form[data-snippet-generator]").forEach(snippetGenerator);
    document.querySelectorAll("[data-conversation]").forEach(liveConversation);
    document.querySelectorAll("form[data-live-search]").forEach(liveSearch);
    document.querySelectorAll("input[data-territory]").forEach(territorySuggestions);
  });
})();
