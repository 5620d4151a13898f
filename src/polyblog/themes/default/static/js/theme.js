// The default theme's script (deferred, on every page):
// - code blocks and tables that scroll sideways can be focused, so the keyboard can scroll them;
// - the light / auto / dark buttons (partials/color-scheme-toggle.html). The choice itself is
//   applied by the small script at the end of <head> (partials/color-scheme.html), which this
//   one drives through window.polyblogColorScheme;
// - copy buttons on code blocks (the second part, below).
(function () {
  if (window.__polyblogTheme) return;
  window.__polyblogTheme = true;

  function scrollers() {
    var boxes = document.querySelectorAll("main pre, main table");
    for (var i = 0; i < boxes.length; i++) {
      var box = boxes[i];
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("data-scroller", "");
      } else if (!scrolls && box.hasAttribute("data-scroller")) {
        box.removeAttribute("tabindex");
        box.removeAttribute("data-scroller");
      }
    }
  }
  scrollers();
  window.addEventListener("resize", scrollers);

  var scheme = window.polyblogColorScheme;
  if (!scheme) return;

  function sync() {
    var mode = scheme.get();
    var buttons = document.querySelectorAll("button[data-color-scheme-choice]");
    for (var i = 0; i < buttons.length; i++) {
      var on = buttons[i].getAttribute("data-color-scheme-choice") === mode;
      buttons[i].setAttribute("aria-pressed", on ? "true" : "false");
    }
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button[data-color-scheme-choice]");
    if (!button) return;
    scheme.set(button.getAttribute("data-color-scheme-choice"));
    sync();
  });

  // Stylesheets that came after <head> (a shortcode's, or one swapped in by `blog serve`).
  document.addEventListener(
    "load",
    function (event) {
      var node = event.target;
      if (node && (node.tagName === "LINK" || node.tagName === "STYLE")) scheme.apply(scheme.get());
    },
    true
  );

  // The choice made in another tab.
  window.addEventListener("storage", function (event) {
    if (event.key !== scheme.key) return;
    scheme.apply(event.newValue);
    sync();
  });

  scheme.apply(scheme.get());
  sync();
})();

// Copy buttons. Each highlighted block (`div.highlight`, as the Markdown stage writes fenced
// code) gets a <button> that copies its code; the button then reads "Copied" for a moment and a
// live region says it to screen readers. The words come from this script element's data-copy
// and data-copied (the page's language). Without this script the blocks are as written: no
// button. Mermaid diagrams are not code blocks and get none.
(function () {
  if (window.__polyblogCopy) return;
  window.__polyblogCopy = true;
  var me = document.currentScript;
  var words = {
    copy: (me && me.getAttribute("data-copy")) || "Copy",
    copied: (me && me.getAttribute("data-copied")) || "Copied"
  };
  var status = null;

  function announce(text) {
    if (!status) return;
    status.textContent = "";
    // a change after a tick, so that a second copy is announced again
    setTimeout(function () { status.textContent = text; }, 50);
  }

  function fallback(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var done = false;
    try { done = document.execCommand("copy"); } catch (e) { done = false; }
    document.body.removeChild(area);
    return done ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return fallback(text); });
    }
    return fallback(text);
  }

  function selectCode(code) {
    var range = document.createRange();
    range.selectNodeContents(code);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function enhance(block) {
    var code = block.querySelector("td.code code, pre code") || block.querySelector("pre");
    if (!code || block.querySelector(":scope > .code-copy")) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "code-copy";
    button.textContent = words.copy;
    var timer = null;
    button.addEventListener("click", function () {
      copy(code.textContent.replace(/\n$/, "")).then(
        function () {
          button.textContent = words.copied;
          button.setAttribute("data-copied", "");
          announce(words.copied);
          clearTimeout(timer);
          timer = setTimeout(function () {
            button.textContent = words.copy;
            button.removeAttribute("data-copied");
          }, 2000);
        },
        function () { selectCode(code); } // no clipboard: the code is selected to copy by hand
      );
    });
    block.classList.add("has-copy");
    block.insertBefore(button, block.firstChild);
  }

  function run() {
    var blocks = document.querySelectorAll("main .highlight");
    var found = [];
    for (var i = 0; i < blocks.length; i++) {
      var block = blocks[i];
      if (block.parentElement.closest(".highlight, .post-card-summary")) continue;
      found.push(block);
    }
    if (!found.length) return;
    status = document.createElement("div");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    document.body.appendChild(status);
    found.forEach(enhance);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
  else run();
})();
