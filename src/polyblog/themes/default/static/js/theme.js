// The default theme's script (deferred, on every page):
// - code blocks and tables that scroll sideways can be focused, so the keyboard can scroll them;
// - the light / auto / dark buttons (partials/color-scheme-toggle.html). The choice itself is
//   applied by the small script at the end of <head> (partials/color-scheme.html), which this
//   one drives through window.polyblogColorScheme.
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
