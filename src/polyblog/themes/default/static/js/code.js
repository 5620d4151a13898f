// Copy buttons on code blocks (deferred, on every page; partials/code-scripts.html).
// Each highlighted block (`div.highlight`, as the Markdown stage writes fenced code) gets a
// <button> that copies its code; the button then reads "Copied" for a moment and a live region
// says it to screen readers. The words come from the script element's data-copy and
// data-copied (the page's language). Without this script the blocks are as written: no button.
// Mermaid diagrams are not code blocks and get none.
(function () {
  if (window.__polyblogCode) return;
  window.__polyblogCode = true;
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
