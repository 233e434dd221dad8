/* In-line formulas cannot break across lines, so on a narrow screen a long one would be cut
   off at the edge. Mark each formula wider than its column; book.css lets it scroll. */
(function () {
  function column(element) {
    // The nearest enclosing block (paragraph, list item, table cell), not an in-line box
    // such as the span that holds the formula.
    while (element && /^inline/.test(getComputedStyle(element).display)) {
      element = element.parentElement;
    }
    return element;
  }
  function markWideFormulas() {
    document.querySelectorAll('mjx-container:not([display="true"])').forEach(function (math) {
      var block = column(math.parentElement);
      var width = block ? block.clientWidth : 0;
      math.classList.toggle("wide-inline-math", width > 0 && math.scrollWidth > width + 1);
    });
  }
  window.addEventListener("load", function () {
    if (!window.MathJax || !MathJax.startup || !MathJax.startup.promise) return;
    MathJax.startup.promise.then(function () {
      markWideFormulas();
      var pending = null;
      window.addEventListener("resize", function () {
        clearTimeout(pending);
        pending = setTimeout(markWideFormulas, 200);
      });
    });
  });
})();

/* Search results: Sphinx builds each snippet from the text of the page as written, before
   MathJax ran, so in-line formulas would show their TeX delimiters ("\(p\)"), and the page's
   own table of contents would fill the snippet. Read the text without those: formulas as
   their TeX without delimiters, no contents list, no equation numbers or permalinks.
   (searchtools.js loads after this file and reads Search.htmlToText at search time.) */
document.addEventListener("DOMContentLoaded", function () {
  if (typeof Search === "undefined" || typeof Search.htmlToText !== "function") return;
  var delimiters = /\\\(([\s\S]*?)\\\)|\\\[([\s\S]*?)\\\]/g;
  Search.htmlToText = function (htmlString, anchor) {
    var doc = new DOMParser().parseFromString(htmlString, "text/html");
    doc.querySelectorAll(
      ".headerlink, script, style, nav, .bd-header-article, .onlyprint, .prev-next-area, .eqno"
    ).forEach(function (element) { element.remove(); });
    doc.querySelectorAll(".math").forEach(function (element) {
      element.textContent = element.textContent.replace(delimiters, function (m, a, b) {
        return (a !== undefined ? a : b).trim();
      });
    });
    var main = '[role="main"]';
    var root = (anchor && doc.querySelector(main + " " + anchor)) || doc.querySelector(main);
    return root ? root.textContent.replace(/\s+/g, " ") : "";
  };
});
