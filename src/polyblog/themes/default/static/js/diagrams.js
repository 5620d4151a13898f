// Mermaid diagrams (deferred, only on pages that have one: partials/diagram-script.html).
// Each `.mermaid` element of the page holds a diagram's source as text, readable without
// script. This loads the vendored Mermaid (js/vendor/mermaid/, next to this file: no request to
// another site), draws every diagram as SVG in place, and draws them again in the other colours
// when the reader's light/dark choice (theme.js, <html data-color-scheme>) or the system setting
// changes. A diagram Mermaid cannot read keeps its source as text.
(function () {
  if (window.__polyblogDiagrams) return;
  window.__polyblogDiagrams = true;
  var me = document.currentScript;
  var nodes = Array.prototype.slice.call(document.querySelectorAll("main .mermaid"));
  if (!nodes.length || !me) return;
  var sources = nodes.map(function (node) { return node.textContent; });
  var system = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;
  var drawn = null;
  var queue = Promise.resolve();
  var count = 0;

  function theme() {
    var chosen = document.documentElement.getAttribute("data-color-scheme");
    var dark = chosen === "dark" || (chosen !== "light" && system !== null && system.matches);
    return dark ? "dark" : "default";
  }

  function drawOne(mermaid, node, source) {
    var id = "pb-mermaid-" + ++count;
    return mermaid.render(id, source).then(
      function (result) {
        node.innerHTML = result.svg;
        if (result.bindFunctions) result.bindFunctions(node);
        node.setAttribute("data-processed", "true");
        node.removeAttribute("data-diagram-error");
      },
      function () {
        var stray = document.getElementById("d" + id); // Mermaid's scratch element
        if (stray) stray.remove();
        node.textContent = source;
        node.removeAttribute("data-processed");
        node.setAttribute("data-diagram-error", "");
      }
    );
  }

  function draw() {
    var mermaid = window.mermaid;
    var next = theme();
    if (!mermaid || next === drawn) return Promise.resolve();
    drawn = next;
    mermaid.initialize({
      startOnLoad: false,
      theme: next,
      // Mermaid's dark edge labels (#ccc on #585858) are below WCAG AA: a darker background
      themeVariables: next === "dark" ? { edgeLabelBackground: "#2e323c" } : {},
      securityLevel: "strict",
      suppressErrorRendering: true
    });
    return nodes.reduce(function (done, node, i) {
      return done.then(function () { return drawOne(mermaid, node, sources[i]); });
    }, Promise.resolve());
  }

  function redraw() {
    queue = queue.then(draw, draw);
  }

  var script = document.createElement("script");
  script.src = new URL("vendor/mermaid/mermaid.min.js", me.src).href;
  script.onload = function () {
    redraw();
    new MutationObserver(redraw).observe(document.documentElement, {
      attributes: true,
      attributeFilter: ["data-color-scheme"]
    });
    if (system && system.addEventListener) system.addEventListener("change", redraw);
  };
  document.head.appendChild(script);
})();
