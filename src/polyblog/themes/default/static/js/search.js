// The default theme's search dialog (partials/search.html; `search` enabled in blog.yaml).
// - Opened by the header's search button or the "/" key; Escape, the close button or a click
//   outside closes it.
// - Searches the Pagefind index that the build writes into the site's pagefind/ folder: loaded
//   from the site itself on first use (no CDN); Pagefind picks the index of the page's
//   <html lang>, so a French page finds French posts only.
// - Links are resolved from the site's root, found from this script's own address
//   (<root>js/search.js): so they work under a sub-path base URL and with --relative-urls.
// - Excerpts are rebuilt as text and <mark> elements only; nothing from the index is parsed
//   into the page as HTML.
(function () {
  if (window.__polyblogSearch) return;
  window.__polyblogSearch = true;

  var dialog = document.getElementById("search-dialog");
  var script = document.currentScript;
  if (!dialog || typeof dialog.showModal !== "function" || !script || !script.src) return;

  var root = new URL("../", script.src);
  var input = dialog.querySelector(".search-input");
  var status = dialog.querySelector(".search-status");
  var list = dialog.querySelector(".search-results");
  var lang = document.documentElement.lang || undefined;
  var MAX = 10;
  var loading = null;
  var timer = 0;
  var serial = 0;

  function load() {
    if (!loading) {
      loading = import(new URL("pagefind/pagefind.js", root).href).then(function (pagefind) {
        // URLs as paths in the output folder ("/fr/posts/x/"), resolved from the root below
        var options = { baseUrl: "/", excerptLength: 24 };
        return Promise.resolve(pagefind.options(options)).then(function () {
          return pagefind;
        });
      });
    }
    return loading;
  }

  function say(text) {
    status.textContent = text;
  }

  function text(template, name, value) {
    return (template || "").split("{" + name + "}").join(value);
  }

  // Pagefind's excerpt is escaped text with <mark> around the matches: keep only those two.
  function excerpt(html) {
    var out = document.createElement("p");
    out.className = "search-excerpt";
    var body = new DOMParser().parseFromString(html || "", "text/html").body;
    for (var i = 0; i < body.childNodes.length; i++) {
      var node = body.childNodes[i];
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        out.appendChild(mark);
      } else {
        out.appendChild(document.createTextNode(node.textContent || ""));
      }
    }
    return out;
  }

  function item(data) {
    var li = document.createElement("li");
    var link = document.createElement("a");
    link.className = "search-result";
    link.href = new URL(String(data.url || "").replace(/^\/+/, ""), root).href;
    var title = document.createElement("span");
    title.className = "search-result-title";
    title.textContent = (data.meta && data.meta.title) || data.url;
    link.appendChild(title);
    li.appendChild(link);
    li.appendChild(excerpt(data.excerpt));
    return li;
  }

  function run(query) {
    var mine = ++serial;
    if (!query) {
      list.replaceChildren();
      say("");
      return;
    }
    load()
      .then(function (pagefind) {
        return pagefind.search(query);
      })
      .then(function (found) {
        var results = (found && found.results) || [];
        return Promise.all(
          results.slice(0, MAX).map(function (r) {
            return r.data();
          })
        ).then(function (data) {
          return { total: results.length, data: data };
        });
      })
      .then(function (done) {
        if (mine !== serial) return; // a newer query is on its way
        list.replaceChildren.apply(list, done.data.map(item));
        if (done.total === 0) say(text(dialog.dataset.noResults, "query", query));
        else say(text(dialog.dataset.results, "number", done.total.toLocaleString(lang)));
      })
      .catch(function () {
        if (mine !== serial) return;
        list.replaceChildren();
        say(dialog.dataset.unavailable || "");
      });
  }

  function open() {
    if (dialog.open) return;
    dialog.showModal();
    input.focus();
    input.select();
    load().catch(function () {
      say(dialog.dataset.unavailable || "");
    });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    var query = input.value.trim();
    timer = setTimeout(function () {
      run(query);
    }, 120);
  });

  // Enter searches at once (and does not close the dialog, as a method="dialog" form would).
  dialog.querySelector(".search-form").addEventListener("submit", function (event) {
    if (event.submitter && event.submitter.classList.contains("search-close")) return;
    event.preventDefault();
    clearTimeout(timer);
    run(input.value.trim());
  });

  // A click on the backdrop (the dialog element itself, outside its box) closes it.
  dialog.addEventListener("click", function (event) {
    if (event.target !== dialog) return;
    var box = dialog.getBoundingClientRect();
    var inside =
      event.clientX >= box.left &&
      event.clientX <= box.right &&
      event.clientY >= box.top &&
      event.clientY <= box.bottom;
    if (!inside) dialog.close();
  });

  // Up and down arrows move between the input and the results.
  dialog.addEventListener("keydown", function (event) {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    var links = Array.prototype.slice.call(list.querySelectorAll("a"));
    if (!links.length) return;
    var at = links.indexOf(document.activeElement);
    var next = event.key === "ArrowDown" ? at + 1 : at - 1;
    event.preventDefault();
    if (next < 0) input.focus();
    else links[Math.min(next, links.length - 1)].focus();
  });

  function typing(target) {
    if (!target || !target.closest) return false;
    return !!target.closest("input, textarea, select, [contenteditable]:not([contenteditable='false'])");
  }

  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.defaultPrevented || dialog.open || typing(event.target)) return;
    event.preventDefault();
    open();
  });

  var buttons = document.querySelectorAll("[data-search-open]");
  for (var i = 0; i < buttons.length; i++) {
    buttons[i].hidden = false;
    buttons[i].addEventListener("click", open);
  }
})();
