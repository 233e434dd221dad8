// What a reader sees on the current page at the current window width (book_tools.reading).
// Called by Playwright as `page.evaluate(source, options)`, after the page and MathJax have
// loaded. Returns plain data; the goals are judged in Python.
async (options) => {
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  const visible = (el) => el.checkVisibility({opacityProperty: true, visibilityProperty: true})
    && el.getClientRects().length > 0;
  const short = (text, n = 70) => {
    const line = text.replace(/\s+/g, ' ').trim();
    return line.length > n ? line.slice(0, n - 1) + '…' : line;
  };
  const where = (el) => {
    // The nearest heading or figure a reader would recognise, to say where a finding is.
    const figure = el.closest('figure[id], div.figure[id], div.cell[id]');
    if (figure) return '#' + figure.id;
    const section = el.closest('section[id]');
    return section ? '#' + section.id : '';
  };
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
    await MathJax.startup.promise;
  }
  await document.fonts.ready;
  await sleep(options.settleMs || 0);
  const viewportWidth = document.documentElement.clientWidth;

  // ---- code cells: lines a reader sees without opening a toggle ----------------------
  const codeCells = [];
  document.querySelectorAll('div.cell').forEach((cell) => {
    cell.querySelectorAll('.cell_input pre').forEach((pre) => {
      if (!visible(pre)) return;
      const text = pre.textContent.replace(/\n+$/, '');
      if (!text.trim()) return;
      const lines = text.split('\n').map((line) => line.replace(/\t/g, '    '));
      const style = getComputedStyle(pre);
      const column = pre.clientWidth - parseFloat(style.paddingLeft)
        - parseFloat(style.paddingRight);
      const probe = document.createElement('span');
      probe.style.whiteSpace = 'pre';
      probe.textContent = '0'.repeat(100);
      pre.appendChild(probe);
      const charWidth = probe.getBoundingClientRect().width / 100;
      probe.remove();
      const wide = lines
        .map((line, index) => ({index, line, width: line.length * charWidth}))
        .filter((item) => item.width > column + 0.5)
        .map((item) => ({line: item.index + 1, chars: item.line.length,
                         px: Math.round(item.width), column: Math.round(column),
                         text: short(item.line)}));
      codeCells.push({
        where: where(cell), first: short(lines[0]), lines: lines.length,
        longest: Math.max(...lines.map((line) => line.length)), wide,
      });
    });
  });

  // ---- display equations: drawn past their box, cut off, or scrolling ----------------
  const scrolls = (el) => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX);
  const equations = [];
  document.querySelectorAll('mjx-container[display="true"]').forEach((container) => {
    if (!visible(container)) return;
    const math = container.querySelector('mjx-math') || container;
    const box = container.closest('div.math') || container.parentElement;
    const content = math.getBoundingClientRect();
    const boxRect = box.getBoundingClientRect();
    const eqno = box.querySelector(':scope > .eqno');
    const numberRect = eqno && visible(eqno) ? eqno.getBoundingClientRect() : null;
    const overlapsNumber = !!numberRect && content.right > numberRect.left + 1
      && content.left < numberRect.right - 1 && content.bottom > numberRect.top + 1
      && content.top < numberRect.bottom - 1;
    const right = Math.min(boxRect.right, viewportWidth);
    const pastBox = content.right > right + 1 || content.left < Math.max(boxRect.left, 0) - 1;
    // A scrolling box between the formula and its block: the reader can reach all of it.
    let scrollBox = null;
    for (let el = math.parentElement; el && el !== box.parentElement; el = el.parentElement) {
      if (scrolls(el) && el.scrollWidth > el.clientWidth + 1) { scrollBox = el; break; }
    }
    const label = (eqno ? eqno.textContent.replace('#', '').trim() + ' ' : '')
      + short(container.querySelector('mjx-assistive-mml')?.textContent || '', 50);
    equations.push({
      where: (box.id ? '#' + box.id : where(box)), label: label.trim(),
      contentWidth: Math.round(content.width), boxWidth: Math.round(boxRect.width),
      overlapsNumber, pastBox, scrolls: !!scrollBox,
    });
  });

  // ---- text inside SVG figures, at its rendered size --------------------------------
  const svgTexts = [];
  const measureSvg = (svg, figure) => {
    svg.querySelectorAll('text').forEach((text) => {
      if (!text.textContent.trim() || !visible(text)) return;
      const ctm = text.getScreenCTM();
      if (!ctm) return;
      const scale = Math.sqrt(Math.abs(ctm.a * ctm.d - ctm.b * ctm.c));
      const px = parseFloat(getComputedStyle(text).fontSize) * scale;
      svgTexts.push({figure, text: short(text.textContent, 30), px: Math.round(px * 10) / 10});
    });
  };
  document.querySelectorAll('svg').forEach((svg) => {
    if (svg.ownerSVGElement || !visible(svg)) return;
    measureSvg(svg, short(svg.getAttribute('aria-label') || where(svg), 60));
  });
  // SVG pictures shown as <img>: drawn again, inline, in a box of the image's size.
  for (const img of document.querySelectorAll('img')) {
    const src = img.currentSrc || img.src;
    if (!/\.svg(\?|#|$)/i.test(src) || !visible(img)) continue;
    const rect = img.getBoundingClientRect();
    if (rect.width < 1) continue;
    let markup;
    try { markup = await (await fetch(src)).text(); } catch (error) { continue; }
    const parsed = new DOMParser().parseFromString(markup, 'image/svg+xml').documentElement;
    if (!parsed || parsed.nodeName.toLowerCase() !== 'svg') continue;
    const holder = document.createElement('div');
    holder.style.cssText = `position:absolute;left:0;top:0;width:${rect.width}px;`
      + `height:${rect.height}px;overflow:hidden;pointer-events:none;`;
    const svg = document.importNode(parsed, true);
    svg.setAttribute('width', `${rect.width}`);
    svg.setAttribute('height', `${rect.height}`);
    holder.appendChild(svg);
    document.body.appendChild(holder);
    measureSvg(svg, short(img.getAttribute('alt') || src.split('/').pop(), 60));
    holder.remove();
  }

  return {
    width: viewportWidth,
    title: document.title,
    pageOverflow: Math.max(0, document.documentElement.scrollWidth - viewportWidth),
    codeCells, equations, svgTexts,
  };
}
