// Privacy-friendly video facades: swap the link for the player only when the reader clicks.
(function () {
  if (window.__polyblogEmbeds) return;
  window.__polyblogEmbeds = true;
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.sc-youtube-facade[data-embed]");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    var frame = document.createElement("iframe");
    frame.src = link.getAttribute("data-embed");
    frame.title = link.getAttribute("data-title") || "";
    frame.loading = link.getAttribute("data-loading") || "lazy";
    frame.allow = "accelerometer; autoplay; clipboard-write; encrypted-media; gyroscope; picture-in-picture";
    frame.allowFullscreen = true;
    frame.referrerPolicy = "strict-origin-when-cross-origin";
    frame.className = "sc-youtube-frame";
    link.replaceWith(frame);
  });
})();
