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
