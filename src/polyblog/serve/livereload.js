/* polyblog live reload. Served by `blog serve` at /__livereload.js (never written into the
 * output). Listens on the WebSocket /__livereload for JSON events (docs/serving.md):
 *   {"type": "reload", "paths": ["/fr/posts/x/", ...]}   reload if this page is listed ("*": all)
 *   {"type": "css", "paths": ["/css/style.css"]}          swap those stylesheets, no reload
 *   {"type": "error", "message": "..."}                   show the build error over the page
 *   {"type": "ok"}                                        the error is gone
 * Reconnects with backoff when the server goes away, and reloads the page once it is back.
 * No dependencies; styles are set through the CSSOM, so a strict CSP on the site still works. */
(function () {
  "use strict";
  if (window.__polyblogLiveReload) return;
  window.__polyblogLiveReload = true;

  var SCROLL_KEY = "polyblog:livereload:scroll";
  var MIN_DELAY = 250;
  var MAX_DELAY = 5000;
  var delay = MIN_DELAY;
  var wasConnected = false;
  var overlay = null;

  // "/x/index.html" and "/x/" are one page; "%C3%A9" and "é" are one character.
  function normalise(path) {
    path = String(path);
    if (/^https?:\/\//.test(path)) {
      try { path = new URL(path).pathname; } catch (e) { return path; }
    }
    try { path = decodeURI(path); } catch (e) { /* keep it encoded */ }
    return path.replace(/\/index\.html$/, "/");
  }

  function listed(paths, path) {
    if (!Array.isArray(paths)) return false;
    var current = normalise(path);
    for (var i = 0; i < paths.length; i++) {
      if (paths[i] === "*" || normalise(paths[i]) === current) return true;
    }
    return false;
  }

  function reload() {
    try {
      sessionStorage.setItem(SCROLL_KEY, JSON.stringify({
        path: location.pathname, x: window.scrollX, y: window.scrollY
      }));
    } catch (e) { /* storage disabled: reload at the top */ }
    location.reload();
  }

  function restoreScroll() {
    var saved = null;
    try {
      saved = JSON.parse(sessionStorage.getItem(SCROLL_KEY) || "null");
      sessionStorage.removeItem(SCROLL_KEY);
    } catch (e) { return; }
    if (!saved || saved.path !== location.pathname) return;
    var go = function () { window.scrollTo(saved.x || 0, saved.y || 0); };
    go();
    // Images and fonts may still change the height: scroll again once everything is loaded.
    if (document.readyState !== "complete") window.addEventListener("load", go, { once: true });
  }

  function isStylesheet(link) {
    return (link.getAttribute("rel") || "").toLowerCase().split(/\s+/).indexOf("stylesheet") >= 0;
  }

  // Replace each matching <link rel=stylesheet> by a copy with a cache-busting query; the old
  // one goes when the new one has loaded, so the page never shows unstyled. When no link
  // matches (an @import-ed file), every same-origin stylesheet is refreshed.
  function reloadCss(paths) {
    if (!Array.isArray(paths)) return;
    var links = Array.prototype.filter.call(document.querySelectorAll("link[href]"), function (link) {
      return isStylesheet(link) && !link.hasAttribute("data-livereload-stale") &&
        new URL(link.href, location.href).origin === location.origin;
    });
    var matching = links.filter(function (link) {
      return listed(paths, new URL(link.href, location.href).pathname);
    });
    (matching.length ? matching : links).forEach(function (link) {
      var url = new URL(link.href, location.href);
      url.searchParams.set("livereload", String(Date.now()));
      var fresh = link.cloneNode(false);
      fresh.removeAttribute("integrity");
      fresh.href = url.href;
      link.setAttribute("data-livereload-stale", "");
      var drop = function () { if (link.parentNode) link.parentNode.removeChild(link); };
      fresh.addEventListener("load", drop);
      fresh.addEventListener("error", drop);
      link.parentNode.insertBefore(fresh, link.nextSibling);
    });
  }

  function style(element, properties) {
    for (var name in properties) element.style.setProperty(name, properties[name]);
    return element;
  }

  function showError(message) {
    hideError();
    overlay = style(document.createElement("polyblog-error-overlay"), {
      position: "fixed", top: "0", right: "0", bottom: "0", left: "0", "z-index": "2147483647", overflow: "auto",
      background: "rgba(24, 24, 27, 0.96)", display: "block"
    });
    overlay.setAttribute("role", "alert");
    // A shadow root keeps the site's CSS off the overlay.
    var root = overlay.attachShadow ? overlay.attachShadow({ mode: "open" }) : overlay;
    var box = style(document.createElement("div"), {
      margin: "0", padding: "2rem", color: "#f4f4f5", "text-align": "left",
      font: "14px/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace", direction: "ltr"
    });
    var title = style(document.createElement("div"), {
      color: "#f87171", "font-weight": "bold", "font-size": "16px", "margin-bottom": "1rem"
    });
    title.textContent = "Build failed";
    var text = style(document.createElement("pre"), {
      margin: "0", font: "inherit", "white-space": "pre-wrap", "overflow-wrap": "anywhere"
    });
    text.textContent = String(message);  // text, never HTML
    var note = style(document.createElement("div"), { color: "#a1a1aa", "margin-top": "1.5rem" });
    note.textContent = "The page updates when the error is fixed.";
    box.appendChild(title);
    box.appendChild(text);
    box.appendChild(note);
    root.appendChild(box);
    document.documentElement.appendChild(overlay);
  }

  function hideError() {
    if (overlay && overlay.parentNode) overlay.parentNode.removeChild(overlay);
    overlay = null;
  }

  function handle(event) {
    if (!event || typeof event !== "object") return;
    if (event.type === "reload") {
      hideError();
      if (listed(event.paths, location.pathname)) reload();
    } else if (event.type === "css") {
      reloadCss(event.paths);
    } else if (event.type === "error") {
      showError(event.message);
    } else if (event.type === "ok") {
      hideError();
    }
  }

  function retry() {
    setTimeout(connect, delay);
    delay = Math.min(delay * 2, MAX_DELAY);
  }

  function connect() {
    var scheme = location.protocol === "https:" ? "wss:" : "ws:";
    var socket;
    try {
      socket = new WebSocket(scheme + "//" + location.host + "/__livereload");
    } catch (e) {
      retry();
      return;
    }
    socket.onopen = function () {
      delay = MIN_DELAY;
      if (wasConnected) {
        reload(); // the server restarted: this page may be stale
        return;
      }
      wasConnected = true;
    };
    socket.onmessage = function (message) {
      var event;
      try { event = JSON.parse(message.data); } catch (e) { return; }
      handle(event);
    };
    socket.onclose = retry;
  }

  restoreScroll();
  connect();
})();
