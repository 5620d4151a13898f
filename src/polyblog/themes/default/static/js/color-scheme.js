// The light / auto / dark buttons of the default theme (partials/color-scheme-toggle.html).
// The choice itself is applied by the small script at the end of <head>
// (partials/color-scheme.html), which this one drives through window.polyblogColorScheme.
(function () {
  var scheme = window.polyblogColorScheme;
  if (!scheme || window.__polyblogColorSchemeToggle) return;
  window.__polyblogColorSchemeToggle = true;

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
