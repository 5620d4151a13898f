// Tabs for the `tabs`/`tab` shortcodes. Without this script every panel shows under its title;
// with it each group becomes an ARIA tab list: click, or arrow keys, Home and End on a tab.
(function () {
  if (window.__polyblogTabs) return;
  window.__polyblogTabs = true;
  var count = 0;

  function select(tabs, panels, index, focus) {
    tabs.forEach(function (tab, i) {
      var on = i === index;
      tab.setAttribute("aria-selected", on ? "true" : "false");
      tab.tabIndex = on ? 0 : -1;
      panels[i].hidden = !on;
    });
    if (focus) tabs[index].focus();
  }

  function enhance(group) {
    if (group.hasAttribute("data-enhanced")) return;
    var panels = Array.prototype.filter.call(group.children, function (el) {
      return el.classList.contains("sc-tab");
    });
    if (!panels.length) return;
    group.setAttribute("data-enhanced", "");
    var list = document.createElement("div");
    list.className = "sc-tabs-list";
    list.setAttribute("role", "tablist");
    if (group.dataset.label) list.setAttribute("aria-label", group.dataset.label);
    var tabs = panels.map(function (panel, i) {
      var id = "sc-tabs-" + ++count;
      var title = panel.querySelector(".sc-tab-title");
      var tab = document.createElement("button");
      tab.type = "button";
      tab.className = "sc-tabs-button";
      tab.id = id + "-tab";
      tab.setAttribute("role", "tab");
      tab.setAttribute("aria-controls", id + "-panel");
      tab.textContent = title ? title.textContent : String(i + 1);
      panel.id = id + "-panel";
      panel.setAttribute("role", "tabpanel");
      panel.setAttribute("aria-labelledby", tab.id);
      panel.tabIndex = 0;
      list.appendChild(tab);
      return tab;
    });
    group.insertBefore(list, group.firstChild);
    var first = parseInt(group.dataset.defaultTab || "0", 10);
    panels.forEach(function (panel, i) {
      if (panel.hasAttribute("data-selected")) first = i;
    });
    if (!(first >= 0 && first < tabs.length)) first = 0;
    select(tabs, panels, first, false);
    list.addEventListener("click", function (event) {
      var i = tabs.indexOf(event.target.closest("[role=tab]"));
      if (i >= 0) select(tabs, panels, i, false);
    });
    list.addEventListener("keydown", function (event) {
      var i = tabs.indexOf(document.activeElement);
      if (i < 0) return;
      var rtl = getComputedStyle(group).direction === "rtl";
      var next = { ArrowRight: rtl ? i - 1 : i + 1, ArrowLeft: rtl ? i + 1 : i - 1,
                   Home: 0, End: tabs.length - 1 }[event.key];
      if (next === undefined) return;
      event.preventDefault();
      select(tabs, panels, (next + tabs.length) % tabs.length, true);
    });
  }

  function run() {
    document.querySelectorAll(".sc-tabs").forEach(enhance);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
  else run();
})();
