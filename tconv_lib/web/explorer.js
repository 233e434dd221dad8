/*
 * The explorer: any (transposed) convolution, computed by tconv.js and drawn in
 * the page, in the book's style. No framework, no network.
 *
 *   const explorer = tconvExplorer.mount(element, {data, settings, urlState, onChange});
 *   explorer.set({i: 4, stride: 2});   explorer.get();   explorer.destroy();
 *
 * `data` comes from Python (tconv_lib.web.explorer_data): the views, the cell
 * styles and tap colours of tconv_lib.diagrams.style, the control ranges, the
 * formula templates and the library's rule names, so that the page and the
 * book's stills cannot drift apart. `onChange(state, info)` is called after
 * every change made in the page (the Jupyter widget syncs its traits there).
 *
 * Stable class names (for tests and for styling): tcx-root, tcx-controls,
 * tcx-ndim, tcx-transposed, tcx-view, tcx-numbers, tcx-input-<name>, tcx-prev,
 * tcx-play, tcx-next, tcx-step, tcx-step-label, tcx-message, tcx-formula,
 * tcx-diagram, tcx-matrix, tcx-matrix-info, tcx-numbers-panel, tcx-caption,
 * tcx-call; the root carries data-state="valid" or "invalid" and
 * data-render="<count>", increased by one at every redraw.
 */
(function (root) {
  "use strict";
  const tconv = root.tconv;

  const PARAMS = [
    // name, URL key, label, symbol
    ["k", "k", "kernel", "k"],
    ["stride", "s", "stride", "s"],
    ["padding", "p", "padding", "p"],
    ["output_padding", "a", "output padding", "a"],
    ["dilation", "d", "dilation", "d"],
  ];
  const URL_KEYS = { ndim: "ndim", transposed: "transposed", i: "i", k: "k", stride: "s",
    padding: "p", output_padding: "a", dilation: "d", view: "view", numbers: "numbers",
    step: "step" };
  const ADVICE = {
    kernel_too_large: "The kernel does not fit: its dilated size d(k − 1) + 1 is larger " +
      "than the padded input i + 2p. Enlarge the input or the padding, or shrink the kernel " +
      "or the dilation.",
    output_padding_too_large: "output_padding only chooses among the output sizes that the " +
      "stride makes ambiguous, so it must stay below max(stride, dilation). Lower " +
      "output_padding, or raise the stride.",
    output_size_below_one: "The padding crops away more cells than the transposed " +
      "convolution produces. Reduce the padding.",
  };
  const MIN_CELL = 6;
  const SUBSCRIPT = { "0": "₀", "1": "₁", "2": "₂", "3": "₃", "4": "₄", "5": "₅", "6": "₆",
    "7": "₇", "8": "₈", "9": "₉", ",": "," };

  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    for (const key in attrs || {}) {
      if (key === "text") node.textContent = attrs[key];
      else if (key === "class") node.className = attrs[key];
      else node.setAttribute(key, attrs[key]);
    }
    for (const child of children || []) node.appendChild(child);
    return node;
  }

  function prod(values) {
    return values.reduce((a, b) => a * b, 1);
  }

  function times(shape) {
    return shape.join("×");
  }

  function cellName(index) {
    return "(" + index.join(", ") + ")";
  }

  function unravel(flat, shape) {
    const out = new Array(shape.length);
    for (let j = shape.length - 1; j >= 0; j--) {
      out[j] = flat % shape[j];
      flat = Math.floor(flat / shape[j]);
    }
    return out;
  }

  function ravel(index, shape) {
    let flat = 0;
    for (let j = 0; j < shape.length; j++) flat = flat * shape[j] + index[j];
    return flat;
  }

  function flatten(nested) {
    const out = [];
    (function walk(node) {
      if (Array.isArray(node)) node.forEach(walk);
      else out.push(node);
    })(nested);
    return out;
  }

  function num(value) {
    return Number.isInteger(value) ? String(value) : String(Math.round(value * 1000) / 1000);
  }

  function tapLabel(index) {
    return "w" + index.join(",").replace(/[0-9,]/g, (c) => SUBSCRIPT[c]);
  }

  /* ------------------------------------------------------------ formulas */

  /* A template of tconv_lib.diagrams.formulas.TEMPLATES as the book prints it. */
  function pretty(template) {
    let text = template;
    // floor(...) -> ⌊...⌋, matching parentheses.
    for (;;) {
      const at = text.indexOf("floor(");
      if (at < 0) break;
      let depth = 0;
      let end = at + 5;
      for (; end < text.length; end++) {
        if (text[end] === "(") depth++;
        else if (text[end] === ")" && --depth === 0) break;
      }
      text = text.slice(0, at) + "⌊" + text.slice(at + 6, end) + "⌋" + text.slice(end + 1);
    }
    return text.replace(/\*/g, "·").replace(/ - /g, " − ").replace(/ -(?=\d)/g, " −");
  }

  function substitute(template, values) {
    return template.replace(/\b([ikspda])\b/g, (m, letter) => String(values[letter]));
  }

  /* ------------------------------------------------------------ state */

  function defaults(data) {
    return Object.assign({ ndim: 2, transposed: true, i: 3, k: 3, stride: 2, padding: 1,
      output_padding: 1, dilation: 1, view: "gather", numbers: true, step: 1 },
    data.defaults || {});
  }

  function clampInt(value, low, high) {
    const n = typeof value === "number" ? value : parseInt(String(value), 10);
    if (!Number.isFinite(n) || !Number.isInteger(n)) return null;
    return Math.min(high, Math.max(low, n));
  }

  /* A complete, in-range state from any partial one (unknown keys ignored). */
  function normalise(state, base, data) {
    const out = Object.assign({}, base);
    const limits = data.limits;
    if (state.ndim !== undefined) out.ndim = Number(state.ndim) === 1 ? 1 : 2;
    if (state.transposed !== undefined) {
      out.transposed = state.transposed === true || state.transposed === 1 ||
        state.transposed === "1" || state.transposed === "true";
    }
    if (state.numbers !== undefined) {
      out.numbers = !(state.numbers === false || state.numbers === 0 ||
        state.numbers === "0" || state.numbers === "false");
    }
    if (state.i !== undefined) {
      const parts = Array.isArray(state.i) ? state.i : String(state.i).split(/[,x×]/);
      const values = parts.map((v) => clampInt(v, limits.i[0], limits.i[1]));
      if (values.length >= 1 && values.length <= 2 && values.every((v) => v !== null)) {
        out.i = values.length === 1 || values[0] === values[1] ? values[0] : values;
      }
    }
    for (const [name] of PARAMS) {
      if (state[name] !== undefined) {
        const v = clampInt(state[name], limits[name][0], limits[name][1]);
        if (v !== null) out[name] = v;
      }
    }
    if (state.view !== undefined && data.views.some((v) => v.name === state.view)) {
      out.view = state.view;
    }
    if (state.step !== undefined) {
      const v = clampInt(state.step, 1, 1e9);
      if (v !== null) out.step = v;
    }
    // A view that does not draw this operation falls back to the first that does.
    const allowed = viewsFor(data, out.transposed);
    if (!allowed.some((v) => v.name === out.view)) out.view = allowed[0].name;
    if (out.ndim === 1 && Array.isArray(out.i)) out.i = out.i[1];
    return out;
  }

  function viewsFor(data, transposed) {
    return data.views.filter((v) => v.transposed === null || v.transposed === undefined ||
      v.transposed === transposed);
  }

  function inputShape(state) {
    if (state.ndim === 1) return [Array.isArray(state.i) ? state.i[1] : state.i];
    return Array.isArray(state.i) ? state.i.slice() : [state.i, state.i];
  }

  function readUrl() {
    const params = new URLSearchParams(root.location ? root.location.search : "");
    const state = {};
    for (const name in URL_KEYS) {
      if (params.has(URL_KEYS[name])) state[name] = params.get(URL_KEYS[name]);
    }
    return state;
  }

  function writeUrl(state) {
    if (!root.history || !root.location) return;
    const params = new URLSearchParams(root.location.search);
    for (const name in URL_KEYS) {
      let value = state[name];
      if (typeof value === "boolean") value = value ? 1 : 0;
      if (Array.isArray(value)) value = value.join(",");
      params.set(URL_KEYS[name], String(value));
    }
    const url = root.location.pathname + "?" + params.toString() + root.location.hash;
    try {
      root.history.replaceState(root.history.state, "", url);
    } catch (error) {
      // A sandboxed frame may refuse; the explorer works without a shareable URL.
    }
  }

  /* ------------------------------------------------------------ the model */

  /* Everything one valid setting shows; throws the engine's error otherwise. */
  function compute(state) {
    const ndim = state.ndim;
    const iShape = inputShape(state);
    const kShape = new Array(ndim).fill(state.k);
    const s = state.stride;
    const p = state.padding;
    const d = state.dilation;
    const a = state.transposed ? state.output_padding : 0;
    const x = tconv.example_values(iShape, 0);
    const w = tconv.example_values(kShape, 1);
    const batch = (v) => [[v]];
    const options = { stride: s, padding: p, dilation: d };
    let result;
    if (state.transposed) {
      options.output_padding = a;
      result = tconv.conv_transpose(batch(x), batch(w), options)[0][0];
    } else {
      result = tconv.conv(batch(x), batch(w), options)[0][0];
    }
    const oShape = [];
    for (let j = 0; j < ndim; j++) {
      oShape.push(state.transposed ? tconv.conv_transpose_output_size(iShape[j], state.k, s, p,
        a, d) : tconv.conv_output_size(iShape[j], state.k, s, p, d));
    }
    const xs = flatten(x);
    const ws = flatten(w);
    const ys = flatten(result);
    const nIn = prod(iShape);
    const nOut = prod(oShape);
    // The drawn matrix, as lists of (column, tap) per row and (row, tap) per column:
    // C for a convolution, Cᵀ for a transposed one; rows are output cells.
    const rowEntries = Array.from({ length: nOut }, () => []);
    const colEntries = Array.from({ length: nIn }, () => []);
    const taps = prod(kShape);
    for (let r = 0; r < (state.transposed ? nIn : nOut); r++) {
      const at = unravel(r, state.transposed ? iShape : oShape);
      for (let t = 0; t < taps; t++) {
        const tap = unravel(t, kShape);
        const to = [];
        let inside = true;
        for (let j = 0; j < ndim; j++) {
          const c = at[j] * s - p + tap[j] * d;
          const size = state.transposed ? oShape[j] : iShape[j];
          if (c < 0 || c >= size) { inside = false; break; }
          to.push(c);
        }
        if (!inside) continue;
        const other = ravel(to, state.transposed ? oShape : iShape);
        const row = state.transposed ? other : r;
        const col = state.transposed ? r : other;
        rowEntries[row].push([col, t]);
        colEntries[col].push([row, t]);
      }
    }
    rowEntries.forEach((list) => list.sort((u, v) => u[0] - v[0]));
    colEntries.forEach((list) => list.sort((u, v) => u[0] - v[0]));
    const model = { state: state, ndim: ndim, iShape: iShape, kShape: kShape, oShape: oShape,
      s: s, p: p, d: d, a: a, x: xs, w: ws, y: ys, nIn: nIn, nOut: nOut, taps: taps,
      rowEntries: rowEntries, colEntries: colEntries, transposed: state.transposed,
      matrixName: state.transposed ? "Cᵀ" : "C", view: state.view };
    model.nSteps = state.view === "scatter" ? nIn : nOut;
    model.gather = gatherGeometry(model);
    if (state.transposed) model.scatter = scatterGeometry(model);
    return model;
  }

  /* Per axis: role code (0 padding, 1 zero, 2 input) and input index of each drawn cell. */
  function gatherAxis(model, j) {
    const i = model.iShape[j];
    const k = model.kShape[j];
    const roles = [];
    const sources = [];
    if (!model.transposed) {
      for (let c = 0; c < i + 2 * model.p; c++) {
        const u = c - model.p;
        const inside = u >= 0 && u < i;
        roles.push(inside ? 2 : 0);
        sources.push(inside ? u : -1);
      }
      return { roles: roles, sources: sources, before: model.p, after: model.p };
    }
    const reach = model.d * (k - 1);
    const before = reach - model.p;
    const after = reach - model.p + model.a;
    const stretched = (i - 1) * model.s + 1;
    const length = stretched + before + after;
    for (let c = 0; c < length; c++) {
      const u = c - before;
      if (u < 0 || u >= stretched) { roles.push(0); sources.push(-1); }
      else if (u % model.s) { roles.push(1); sources.push(-1); }
      else { roles.push(2); sources.push(u / model.s); }
    }
    return { roles: roles, sources: sources, before: before, after: after };
  }

  function gatherGeometry(model) {
    const axes = [];
    for (let j = 0; j < model.ndim; j++) axes.push(gatherAxis(model, j));
    const shape = axes.map((axis) => axis.roles.length);
    const n = prod(shape);
    const roles = new Uint8Array(n);
    const sources = new Int32Array(n);
    for (let c = 0; c < n; c++) {
      const at = unravel(c, shape);
      let role = 2;
      let inside = true;
      const src = [];
      for (let j = 0; j < model.ndim; j++) {
        role = Math.min(role, axes[j].roles[at[j]]);
        if (axes[j].sources[at[j]] < 0) inside = false;
        src.push(axes[j].sources[at[j]]);
      }
      roles[c] = role;
      sources[c] = role === 2 && inside ? ravel(src, model.iShape) : -1;
    }
    return { shape: shape, roles: roles, sources: sources, axes: axes,
      step: model.transposed ? 1 : model.s };
  }

  /* Drawn input cells under the kernel at output cell `out`, with the tap of w each holds. */
  function footprint(model, out) {
    const g = model.gather;
    const at = unravel(out, model.oShape);
    const cells = [];
    for (let t = 0; t < model.taps; t++) {
      const laid = unravel(t, model.kShape);
      const pos = laid.map((v, j) => at[j] * g.step + v * model.d);
      const tap = model.transposed ? laid.map((v, j) => model.kShape[j] - 1 - v) : laid;
      cells.push([ravel(pos, g.shape), ravel(tap, model.kShape)]);
    }
    return cells;
  }

  function scatterGeometry(model) {
    const full = model.iShape.map((i, j) => (i - 1) * model.s + model.d *
      (model.kShape[j] - 1) + 1 + model.a);
    return { shape: full, crop: new Array(model.ndim).fill(model.p) };
  }

  /* Full-grid cells the kernel copy of input cell `c` lands on, with their taps. */
  function targets(model, c) {
    const at = unravel(c, model.iShape);
    const cells = [];
    for (let t = 0; t < model.taps; t++) {
      const tap = unravel(t, model.kShape);
      const pos = tap.map((v, j) => at[j] * model.s + v * model.d);
      cells.push([ravel(pos, model.scatter.shape), t]);
    }
    return cells;
  }

  function fullToOutput(model, cell) {
    const at = unravel(cell, model.scatter.shape);
    const out = [];
    for (let j = 0; j < model.ndim; j++) {
      const o = at[j] - model.p;
      if (o < 0 || o >= model.oShape[j]) return -1;
      out.push(o);
    }
    return ravel(out, model.oShape);
  }

  /* What one step involves, for every panel. */
  function stepInfo(model, step) {
    const scatter = model.view === "scatter";
    const info = { step: step, scatter: scatter, inputs: [], outputs: [], taps: [] };
    if (!scatter) {
      info.row = step;
      info.entries = model.rowEntries[step];
      info.inputs = info.entries.map((e) => e[0]);
      info.taps = info.entries.map((e) => e[1]);
      info.outputs = [step];
      info.footprint = footprint(model, step);
    } else {
      info.column = step;
      info.entries = model.colEntries[step];
      info.inputs = [step];
      info.outputs = info.entries.map((e) => e[0]);
      info.taps = info.entries.map((e) => e[1]);
      info.targets = targets(model, step);
    }
    return info;
  }

  function caption(model, info) {
    const total = model.nSteps;
    const head = "Step " + (info.step + 1) + " of " + total + ": ";
    if (!info.scatter) {
      const where = cellName(unravel(info.step, model.oShape));
      const terms = info.entries.map((e) => num(model.x[e[0]]) + "·" + num(model.w[e[1]]));
      const shown = terms.length > 12 ? terms.slice(0, 12).join(" + ") + " + … (" +
        terms.length + " products)" : terms.join(" + ");
      return head + "output cell " + where + " = " + (terms.length ? shown :
        "0 (only zeros under the kernel)") + " = " + num(model.y[info.step]) + ".";
    }
    const where = cellName(unravel(info.step, model.iShape));
    const kept = info.outputs.length;
    return head + "input cell " + where + " = " + num(model.x[info.step]) + " scales the " +
      "kernel and adds it to " + kept + " output cell" + (kept === 1 ? "" : "s") +
      (kept < model.taps ? " (" + (model.taps - kept) + " of its " + model.taps +
        " cells fall on the cropped border)" : "") + ".";
  }

  /* ------------------------------------------------------------ drawing */

  function setupCanvas(canvas, width, height) {
    const ratio = root.devicePixelRatio || 1;
    const w = Math.max(1, Math.ceil(width));
    const h = Math.max(1, Math.ceil(height));
    if (canvas.width !== Math.ceil(w * ratio) || canvas.height !== Math.ceil(h * ratio)) {
      canvas.width = Math.ceil(w * ratio);
      canvas.height = Math.ceil(h * ratio);
    }
    // Unchanged sizes are not written again: each write would invalidate the page layout.
    if (canvas.style.width !== w + "px") canvas.style.width = w + "px";
    if (canvas.style.height !== h + "px") canvas.style.height = h + "px";
    const ctx = canvas.getContext("2d");
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, w, h);
    return ctx;
  }

  function hatchPattern(ctx, face, colour) {
    const tile = document.createElement("canvas");
    tile.width = 6;
    tile.height = 6;
    const t = tile.getContext("2d");
    t.fillStyle = face;
    t.fillRect(0, 0, 6, 6);
    t.strokeStyle = colour;
    t.lineWidth = 1.1;
    t.beginPath();
    t.moveTo(-1, 7); t.lineTo(7, -1);
    t.moveTo(-1, 1); t.lineTo(1, -1);
    t.moveTo(5, 7); t.lineTo(7, 5);
    t.stroke();
    return ctx.createPattern(tile, "repeat");
  }

  /*
   * One grid of cells in the book's style. `cells(c)` gives {role, on, text, corner}
   * for flat cell c; roles are those of tconv_lib.diagrams.style.CELL_STYLES.
   */
  /* Cells grouped by one key, each group drawn with one path: far fewer state changes. */
  function buckets() {
    const map = new Map();
    return {
      add(key, a, b, c) {
        let list = map.get(key);
        if (!list) { list = []; map.set(key, list); }
        if (c === undefined) list.push(a, b); else list.push(a, b, c);
      },
      each(fn) { map.forEach((list, key) => fn(key, list)); },
    };
  }

  function drawGrid(ctx, style, shape, x0, y0, size, cells) {
    const [rows, cols] = shape.length === 1 ? [1, shape[0]] : shape;
    const fills = buckets();
    const edges = buckets();
    const texts = buckets();
    const corners = buckets();
    const marks = [];
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const cell = cells(r * cols + c);
        if (!cell) continue;
        const rs = style.roles[cell.role];
        const x = x0 + c * size;
        const y = y0 + r * size;
        fills.add(cell.role + (cell.on ? "|on" : "|off"), x, y);
        edges.add(rs.edge + "|" + rs.linestyle, x, y);
        if (cell.mark) marks.push(x, y);
        const colour = cell.on ? rs.text_on : rs.text;
        if (cell.text !== undefined && cell.text !== "") {
          texts.add(colour + "|" + (cell.on ? "bold " : ""), x, y, cell.text);
        }
        if (cell.corner !== undefined) corners.add(colour, x, y, cell.corner);
      }
    }
    fills.each((key, list) => {
      const [role, on] = key.split("|");
      const rs = style.roles[role];
      const face = on === "on" ? rs.face_on : rs.face;
      ctx.fillStyle = rs.hatch ? hatchPattern(ctx, face, style.hatch) : face;
      ctx.beginPath();
      for (let j = 0; j < list.length; j += 2) ctx.rect(list[j], list[j + 1], size, size);
      ctx.fill();
    });
    ctx.lineWidth = 1;
    edges.each((key, list) => {
      const [edge, linestyle] = key.split("|");
      ctx.strokeStyle = edge;
      ctx.setLineDash(linestyle === "dashed" ? [3, 2] : []);
      ctx.beginPath();
      for (let j = 0; j < list.length; j += 2) {
        ctx.rect(list[j] + 0.5, list[j + 1] + 0.5, size - 1, size - 1);
      }
      ctx.stroke();
    });
    ctx.setLineDash([]);
    if (marks.length) {
      ctx.strokeStyle = style.highlight;
      ctx.lineWidth = 2.5;
      ctx.beginPath();
      for (let j = 0; j < marks.length; j += 2) {
        ctx.rect(marks[j] + 1.5, marks[j + 1] + 1.5, size - 3, size - 3);
      }
      ctx.stroke();
    }
    const font = Math.max(9, Math.min(14, Math.floor(size * 0.42)));
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    texts.each((key, list) => {
      const [colour, weight] = key.split("|");
      ctx.fillStyle = colour;
      ctx.font = weight + font + "px sans-serif";
      for (let j = 0; j < list.length; j += 3) {
        ctx.fillText(list[j + 2], list[j] + size / 2, list[j + 1] + size / 2 + 0.5);
      }
    });
    ctx.textAlign = "right";
    ctx.textBaseline = "alphabetic";
    ctx.font = Math.max(8, Math.floor(size * 0.28)) + "px sans-serif";
    corners.each((colour, list) => {
      ctx.fillStyle = colour;
      for (let j = 0; j < list.length; j += 3) {
        ctx.fillText(list[j + 2], list[j] + size - 3, list[j + 1] + size - 3);
      }
    });
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
  }

  function gridSize(shape, size) {
    const [rows, cols] = shape.length === 1 ? [1, shape[0]] : shape;
    return [cols * size, rows * size];
  }

  function inputLabel(model) {
    const g = model.gather;
    const size = "input " + times(model.iShape);
    if (!model.transposed) {
      return [size + (model.p ? ", padding " + model.p : "")];
    }
    const zeros = model.s > 1 ? (model.s - 1) + " zero" + (model.s === 2 ? "" : "s") +
      " inserted, " : "";
    const pads = [].concat(...g.axes.map((axis) => [axis.before, axis.after]));
    if (pads.every((v) => v === 0)) {
      return zeros ? [size, zeros + "now " + times(g.shape)] : [size];
    }
    const action = Math.min(...pads) >= 0 ? "padded" : Math.max(...pads) <= 0 ? "cropped" :
      "padded and cropped";
    return [size, zeros + action + " to " + times(g.shape)];
  }

  /* ------------------------------------------------------------ the explorer */

  function mount(element, config) {
    if (!tconv) throw new Error("tconv.js must be loaded before explorer.js");
    const data = config.data;
    const style = data.style;
    const views = data.views.slice();
    if (!views.some((v) => v.name === "matrix")) {
      views.push({ name: "matrix", label: "matrix", transposed: null,
        description: "The output is the matrix C (Cᵀ for a transposed convolution) times " +
          "the flattened input; each step is one row.", frame_unit: "output cell" });
    }
    data.views = views;
    let state = normalise(Object.assign({}, config.settings || {},
      config.urlState ? readUrl() : {}), defaults(data), data);
    let model = null; // last valid model, kept while the settings are invalid
    let error = null;
    let hover = null;
    let timer = null;
    let renders = 0;
    const matrixView = { cell: 0, row0: 0, col0: 0, zoom: 0 };

    element.classList.add("tcx-root");
    element.innerHTML = "";
    const uid = "tcx" + Math.random().toString(36).slice(2, 8);

    // ---- controls
    function radios(name, legend, options, value) {
      const box = el("fieldset", { class: "tcx-field tcx-" + name });
      box.appendChild(el("legend", { text: legend }));
      const seg = el("div", { class: "tcx-seg" });
      options.forEach(([val, label, title]) => {
        const id = uid + "-" + name + "-" + val;
        const input = el("input", { type: "radio", name: uid + "-" + name, id: id,
          value: String(val) });
        if (String(val) === String(value)) input.checked = true;
        const lab = el("label", { for: id, text: label });
        if (title) lab.title = title;
        seg.appendChild(input);
        seg.appendChild(lab);
      });
      box.appendChild(seg);
      return box;
    }

    function numberInput(name, label, symbol, low, high) {
      const id = uid + "-" + name;
      const input = el("input", { type: "number", id: id, min: String(low), max: String(high),
        step: "1", inputmode: "numeric", class: "tcx-input-" + name });
      const lab = el("label", { for: id, class: "tcx-num" }, []);
      lab.appendChild(el("span", { text: label + " " }));
      lab.appendChild(el("i", { text: symbol }));
      return el("div", { class: "tcx-param" }, [lab, input]);
    }

    const controls = el("div", { class: "tcx-controls", role: "group",
      "aria-label": "Settings of the explorer" });
    const rowA = el("div", { class: "tcx-row" });
    const rowB = el("div", { class: "tcx-row tcx-params" });
    controls.appendChild(rowA);
    controls.appendChild(rowB);
    const ndimBox = radios("ndim", "dimensions", [[1, "1-D"], [2, "2-D"]], state.ndim);
    const opBox = radios("transposed", "operation", [["0", "convolution"],
      ["1", "transposed"]], state.transposed ? "1" : "0");
    const viewHolder = el("div", { class: "tcx-view-holder" });
    const numbersId = uid + "-numbers";
    const numbersBox = el("div", { class: "tcx-field tcx-check" }, [
      el("input", { type: "checkbox", id: numbersId, class: "tcx-numbers" }),
      el("label", { for: numbersId, text: "numbers in cells" }),
    ]);
    rowA.appendChild(ndimBox);
    rowA.appendChild(opBox);
    rowA.appendChild(viewHolder);
    rowA.appendChild(numbersBox);
    const limits = data.limits;
    const iRows = numberInput("i", "input rows", "i", limits.i[0], limits.i[1]);
    const iCols = numberInput("i2", "input columns", "i", limits.i[0], limits.i[1]);
    iRows.querySelector("input").classList.add("tcx-input-i-rows");
    iCols.querySelector("input").classList.add("tcx-input-i-cols");
    rowB.appendChild(iRows);
    rowB.appendChild(iCols);
    const paramInputs = {};
    for (const [name, , label, symbol] of PARAMS) {
      const box = numberInput(name, label, symbol, limits[name][0], limits[name][1]);
      paramInputs[name] = box;
      rowB.appendChild(box);
    }
    const stepBar = el("div", { class: "tcx-stepbar", role: "group", "aria-label": "Steps" });
    const prev = el("button", { type: "button", class: "tcx-prev", "aria-label": "previous step",
      text: "◀" });
    const play = el("button", { type: "button", class: "tcx-play", "aria-pressed": "false",
      "aria-label": "play the steps", text: "▶ play" });
    const next = el("button", { type: "button", class: "tcx-next", "aria-label": "next step",
      text: "▶" });
    const stepId = uid + "-step";
    const stepRange = el("input", { type: "range", id: stepId, class: "tcx-step", min: "1",
      max: "1", step: "1" });
    const stepLabel = el("label", { for: stepId, class: "tcx-step-label", text: "step" });
    stepBar.appendChild(prev);
    stepBar.appendChild(play);
    stepBar.appendChild(next);
    stepBar.appendChild(stepLabel);
    stepBar.appendChild(stepRange);
    controls.appendChild(stepBar);

    // ---- panels
    const message = el("div", { class: "tcx-message", role: "alert", hidden: "" });
    const formula = el("div", { class: "tcx-formula" });
    const captionBox = el("p", { class: "tcx-caption", "aria-live": "polite" });
    const diagramWrap = el("figure", { class: "tcx-panel tcx-diagram-panel" });
    const diagramTitle = el("figcaption", { class: "tcx-title" });
    const diagramScroll = el("div", { class: "tcx-scroll" });
    const diagram = el("canvas", { class: "tcx-diagram", role: "img", tabindex: "0" });
    diagramScroll.appendChild(diagram);
    diagramWrap.appendChild(diagramTitle);
    diagramWrap.appendChild(diagramScroll);
    const matrixWrap = el("figure", { class: "tcx-panel tcx-matrix-panel" });
    const matrixTitle = el("figcaption", { class: "tcx-title" });
    const matrixTools = el("div", { class: "tcx-matrix-tools" });
    const zoomOut = el("button", { type: "button", class: "tcx-zoom-out",
      "aria-label": "smaller matrix cells", text: "−" });
    const zoomIn = el("button", { type: "button", class: "tcx-zoom-in",
      "aria-label": "larger matrix cells", text: "+" });
    const matrixInfo = el("span", { class: "tcx-matrix-info" });
    matrixTools.appendChild(zoomOut);
    matrixTools.appendChild(zoomIn);
    matrixTools.appendChild(matrixInfo);
    const matrix = el("canvas", { class: "tcx-matrix", role: "img", tabindex: "0" });
    matrixWrap.appendChild(matrixTitle);
    matrixWrap.appendChild(matrixTools);
    matrixWrap.appendChild(matrix);
    const numbersPanel = el("div", { class: "tcx-numbers-panel" });
    const arrays = {};
    for (const [key, title] of [["x", "example input x"], ["w", "kernel w"],
      ["y", "result y"]]) {
      const canvas = el("canvas", { class: "tcx-array tcx-array-" + key, role: "img" });
      const fig = el("figure", { class: "tcx-panel tcx-array-panel" }, [
        el("figcaption", { class: "tcx-title" }),
        el("div", { class: "tcx-scroll" }, [canvas]),
      ]);
      arrays[key] = { canvas: canvas, title: fig.firstChild, base: title };
      numbersPanel.appendChild(fig);
    }
    const call = el("pre", { class: "tcx-call", tabindex: "0", role: "region",
      "aria-label": "The PyTorch call that computes the result shown" });
    const pictures = el("div", { class: "tcx-pictures" }, [diagramWrap, matrixWrap]);
    // Until a valid setting has been drawn, the pictures say so.
    [diagram, matrix].concat(Object.values(arrays).map((a) => a.canvas)).forEach((canvas) =>
      canvas.setAttribute("aria-label", "not drawn: the settings are not valid"));
    [controls, message, formula, captionBox, pictures, numbersPanel, call].forEach(
      (node) => element.appendChild(node));

    // ---- reading and writing controls

    let viewKey = "";

    function viewRadios() {
      const key = state.transposed + "|" + state.view;
      if (key === viewKey) return;
      viewKey = key;
      viewHolder.innerHTML = "";
      const options = viewsFor(data, state.transposed).map((v) => [v.name, v.label,
        v.description]);
      viewHolder.appendChild(radios("view", "view", options, state.view));
      viewHolder.querySelectorAll("input").forEach((input) =>
        input.addEventListener("change", () => change({ view: input.value })));
    }

    function syncControls() {
      ndimBox.querySelectorAll("input").forEach((input) => {
        input.checked = Number(input.value) === state.ndim;
      });
      opBox.querySelectorAll("input").forEach((input) => {
        input.checked = (input.value === "1") === state.transposed;
      });
      viewRadios();
      element.querySelector("#" + numbersId).checked = state.numbers;
      const shape = inputShape(state);
      const rowsInput = iRows.querySelector("input");
      const colsInput = iCols.querySelector("input");
      iRows.querySelector("span").textContent = state.ndim === 2 ? "input rows " : "input ";
      iCols.hidden = state.ndim === 1;
      rowsInput.value = String(shape[0]);
      colsInput.value = String(shape[shape.length - 1]);
      for (const [name] of PARAMS) {
        paramInputs[name].querySelector("input").value = String(state[name]);
      }
      const aInput = paramInputs.output_padding.querySelector("input");
      aInput.disabled = !state.transposed;
      paramInputs.output_padding.classList.toggle("tcx-off", !state.transposed);
    }

    function readInput(input, low, high) {
      return clampInt(input.value, low, high);
    }

    ndimBox.addEventListener("change", (event) => change({ ndim: Number(event.target.value) }));
    opBox.addEventListener("change", (event) => change({ transposed: event.target.value === "1",
      step: 1 }));
    element.querySelector("#" + numbersId).addEventListener("change", (event) =>
      change({ numbers: event.target.checked }));
    function onSize() {
      const r = readInput(iRows.querySelector("input"), limits.i[0], limits.i[1]);
      const c = readInput(iCols.querySelector("input"), limits.i[0], limits.i[1]);
      if (r === null || c === null) return;
      change({ i: state.ndim === 1 ? r : r === c ? r : [r, c] });
    }
    iRows.querySelector("input").addEventListener("input", onSize);
    iCols.querySelector("input").addEventListener("input", onSize);
    for (const [name] of PARAMS) {
      const input = paramInputs[name].querySelector("input");
      input.addEventListener("input", () => {
        const v = readInput(input, limits[name][0], limits[name][1]);
        if (v !== null) change({ [name]: v });
      });
    }
    stepRange.addEventListener("input", () => setStep(Number(stepRange.value), true));
    prev.addEventListener("click", () => setStep(state.step - 1, true));
    next.addEventListener("click", () => setStep(state.step + 1, true));
    play.addEventListener("click", () => (timer ? stop() : start()));

    function start() {
      if (error || !model) return;
      if (state.step >= model.nSteps) setStep(1, true);
      play.setAttribute("aria-pressed", "true");
      play.textContent = "❚❚ pause";
      play.setAttribute("aria-label", "pause the steps");
      timer = setInterval(() => {
        if (state.step >= model.nSteps) stop();
        else setStep(state.step + 1, true);
      }, 700);
    }

    function stop() {
      if (timer) clearInterval(timer);
      timer = null;
      play.setAttribute("aria-pressed", "false");
      play.textContent = "▶ play";
      play.setAttribute("aria-label", "play the steps");
    }

    function notify() {
      if (config.urlState) writeUrl(state);
      if (config.onChange) config.onChange(Object.assign({}, state), { error: error ?
        error.message : "", rule: error ? error.rule || "" : "", n_steps: model ?
        model.nSteps : 0 });
    }

    function setStep(step, fromPage) {
      if (!model || error) return;
      const clamped = Math.max(1, Math.min(model.nSteps, step));
      if (clamped === state.step && !fromPage) return;
      state.step = clamped;
      hover = null;
      render(false);
      if (fromPage) notify();
    }

    /* Apply a change of settings; `fromPage` says whether the reader made it. */
    function change(partial, fromPage) {
      const before = state;
      state = normalise(partial, state, data);
      const structural = ["ndim", "transposed", "i", "k", "stride", "padding",
        "output_padding", "dilation", "view"].some((key) =>
        JSON.stringify(before[key]) !== JSON.stringify(state[key]));
      if (structural) {
        stop();
        recompute();
      }
      syncControls();
      render(structural);
      if (fromPage !== false) notify();
    }

    function recompute() {
      try {
        const next = compute(state);
        model = next;
        error = null;
        if (state.step > model.nSteps) state.step = model.nSteps;
      } catch (err) {
        error = err instanceof Error ? err : new Error(String(err));
        stop();
      }
    }

    // ---- linked highlighting: point at a cell

    function pointAt(kind, flat) {
      if (!model || error) return;
      let step = null;
      if (kind === "output" && model.view !== "scatter") step = flat;
      if (kind === "input" && model.view === "scatter") step = flat;
      if (step === null || step < 0 || step >= model.nSteps) {
        if (hover !== null) { hover = null; render(false); }
        return;
      }
      if (hover !== step) { hover = step; render(false); }
    }

    function hitGrid(layout, event, canvas) {
      const box = canvas.getBoundingClientRect();
      const px = event.clientX - box.left;
      const py = event.clientY - box.top;
      for (const grid of layout || []) {
        const [w, h] = gridSize(grid.shape, grid.size);
        if (px >= grid.x && px < grid.x + w && py >= grid.y && py < grid.y + h) {
          const c = Math.floor((px - grid.x) / grid.size);
          const r = Math.floor((py - grid.y) / grid.size);
          const cols = grid.shape.length === 1 ? grid.shape[0] : grid.shape[1];
          return { kind: grid.kind, flat: r * cols + c };
        }
      }
      return null;
    }

    let diagramLayout = [];
    diagram.addEventListener("pointermove", (event) => {
      const hit = hitGrid(diagramLayout, event, diagram);
      if (!hit) return pointAt(null, -1);
      if (hit.kind === "output") pointAt("output", hit.flat);
      else if (hit.kind === "input" && model && model.view === "scatter") {
        pointAt("input", hit.flat);
      } else if (hit.kind === "full" && model) {
        pointAt("output", fullToOutput(model, hit.flat));
      } else pointAt(null, -1);
    });
    diagram.addEventListener("pointerleave", () => pointAt(null, -1));
    diagram.addEventListener("click", () => { if (hover !== null) setStep(hover + 1, true); });
    diagram.addEventListener("keydown", (event) => {
      if (event.key === "ArrowRight") { setStep(state.step + 1, true); event.preventDefault(); }
      if (event.key === "ArrowLeft") { setStep(state.step - 1, true); event.preventDefault(); }
    });
    arrays.y.canvas.addEventListener("pointermove", (event) => {
      const hit = hitGrid(arrays.y.layout, event, arrays.y.canvas);
      pointAt(hit ? "output" : null, hit ? hit.flat : -1);
    });
    arrays.y.canvas.addEventListener("pointerleave", () => pointAt(null, -1));
    arrays.y.canvas.addEventListener("click", () => {
      if (hover !== null) setStep(hover + 1, true);
    });
    arrays.x.canvas.addEventListener("pointermove", (event) => {
      const hit = hitGrid(arrays.x.layout, event, arrays.x.canvas);
      pointAt(hit ? "input" : null, hit ? hit.flat : -1);
    });
    arrays.x.canvas.addEventListener("pointerleave", () => pointAt(null, -1));

    // matrix: pan by dragging, wheel or arrow keys; zoom with the buttons or +/-.
    let drag = null;
    matrix.addEventListener("pointerdown", (event) => {
      drag = { x: event.clientX, y: event.clientY, row0: matrixView.row0,
        col0: matrixView.col0 };
      matrix.setPointerCapture(event.pointerId);
    });
    matrix.addEventListener("pointermove", (event) => {
      if (drag && matrixView.cell) {
        matrixView.row0 = drag.row0 - Math.round((event.clientY - drag.y) / matrixView.cell);
        matrixView.col0 = drag.col0 - Math.round((event.clientX - drag.x) / matrixView.cell);
        matrixView.pinned = true;
        drawMatrix();
        return;
      }
      const hit = matrixHit(event);
      if (hit !== null) pointAt(model.view === "scatter" ? "input" : "output",
        model.view === "scatter" ? hit.col : hit.row);
    });
    matrix.addEventListener("pointerup", () => { drag = null; });
    matrix.addEventListener("pointerleave", () => { if (!drag) pointAt(null, -1); });
    matrix.addEventListener("wheel", (event) => {
      if (!matrixView.cell || !matrixView.scrollable) return;
      event.preventDefault();
      const cells = Math.sign(event.deltaY) * 3;
      if (event.shiftKey) matrixView.col0 += cells; else matrixView.row0 += cells;
      matrixView.pinned = true;
      drawMatrix();
    }, { passive: false });
    matrix.addEventListener("keydown", (event) => {
      const moves = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1],
        ArrowRight: [0, 1], PageUp: [-10, 0], PageDown: [10, 0] };
      if (moves[event.key]) {
        matrixView.row0 += moves[event.key][0];
        matrixView.col0 += moves[event.key][1];
        matrixView.pinned = true;
        drawMatrix();
        event.preventDefault();
      } else if (event.key === "+" || event.key === "=") { zoom(1); event.preventDefault(); }
      else if (event.key === "-") { zoom(-1); event.preventDefault(); }
    });
    zoomIn.addEventListener("click", () => zoom(1));
    zoomOut.addEventListener("click", () => zoom(-1));

    function zoom(direction) {
      matrixView.zoom = Math.max(-3, Math.min(6, matrixView.zoom + direction));
      matrixView.pinned = false;
      drawMatrix();
    }

    function matrixHit(event) {
      if (!model || error || !matrixView.cell) return null;
      const box = matrix.getBoundingClientRect();
      const c = Math.floor((event.clientX - box.left - matrixView.left) / matrixView.cell);
      const r = Math.floor((event.clientY - box.top - matrixView.top) / matrixView.cell);
      if (c < 0 || r < 0 || c >= matrixView.nc || r >= matrixView.nr) return null;
      return { row: matrixView.row0 + r, col: matrixView.col0 + c };
    }

    // ---- rendering

    let widths = null;

    const sizes = new Map();

    function width(node) {
      let w = sizes.get(node);
      if (!w) {
        w = node.clientWidth || sizes.get(element) || element.clientWidth || 640;
        sizes.set(node, w);
      }
      return Math.max(240, w);
    }

    function render(rebuild) {
      renders += 1;
      element.dataset.render = String(renders);
      element.dataset.state = error ? "invalid" : "valid";
      const disabled = !!error || !model;
      [prev, play, next, stepRange].forEach((node) => { node.disabled = disabled; });
      if (error) {
        message.hidden = false;
        const advice = ADVICE[error.rule] || "These settings do not describe a valid " +
          (state.transposed ? "transposed convolution." : "convolution.");
        message.innerHTML = "";
        message.appendChild(el("strong", { text: "Not a valid combination. " }));
        message.appendChild(document.createTextNode(advice + " "));
        message.appendChild(el("span", { class: "tcx-library", text: "(The library says: " +
          error.message + ".)" }));
        if (model) {
          message.appendChild(document.createTextNode(" The pictures still show the last " +
            "valid settings."));
        }
        if (!model) return;
      } else {
        message.hidden = true;
        message.textContent = "";
      }
      // Read every width once, before this drawing writes to the page (one layout).
      diagramWrap.hidden = model.view === "matrix";
      widths = { diagram: width(diagramWrap), matrix: width(matrixWrap),
        numbers: width(numbersPanel) };
      const info = stepInfo(model, (hover !== null ? hover + 1 : Math.min(state.step,
        model.nSteps)) - 1);
      stepRange.max = String(model.nSteps);
      stepRange.value = String(Math.min(state.step, model.nSteps));
      stepLabel.textContent = "step " + Math.min(state.step, model.nSteps) + " of " +
        model.nSteps;
      prev.disabled = disabled || state.step <= 1;
      next.disabled = disabled || state.step >= model.nSteps;
      if (rebuild || !formula.firstChild) drawFormula();
      captionBox.textContent = caption(model, info);
      drawDiagram(info);
      drawMatrix(info);
      drawArrays(info);
      if (rebuild || !call.textContent) drawCall();
    }

    function drawFormula() {
      const m = model;
      formula.innerHTML = "";
      const name = m.transposed ? "transposed convolution" : "convolution";
      const head = el("p", { class: "tcx-config" });
      head.appendChild(el("strong", { text: (m.ndim === 2 ? "2-D " : "1-D ") + name }));
      head.appendChild(document.createTextNode(": input " + times(m.iShape) + ", kernel " +
        times(m.kShape) + ", stride " + m.s + ", padding " + m.p + (m.transposed ?
        ", output padding " + m.a : "") + ", dilation " + m.d + " → output " +
        times(m.oShape) + "."));
      formula.appendChild(head);
      const templates = data.formulas || {};
      const template = m.transposed ? templates.transposed_output ||
        "(i - 1)*s - 2*p + d*(k - 1) + a + 1" : templates.conv_output ||
        "floor((i + 2*p - d*(k - 1) - 1) / s) + 1";
      const axes = m.ndim === 2 && m.iShape[0] !== m.iShape[1] ? [0, 1] : [0];
      const list = el("ul", { class: "tcx-formula-lines" });
      for (const j of axes) {
        const values = { i: m.iShape[j], k: m.kShape[j], s: m.s, p: m.p, d: m.d, a: m.a };
        const prefix = axes.length > 1 ? (j === 0 ? "rows: " : "columns: ") : "";
        list.appendChild(el("li", { text: prefix + "o = " + pretty(template) + " = " +
          pretty(substitute(template, values)) + " = " + m.oShape[j] }));
      }
      if (m.ndim === 2 && axes.length === 1) {
        list.appendChild(el("li", { text: "on both axes: the output is " +
          times(m.oShape) }));
      }
      if (m.transposed) {
        const g = m.gather.axes[0];
        const pad = (v) => (v < 0 ? "crop " + -v : "pad " + v);
        list.appendChild(el("li", { text: "as a stride-1 convolution: insert s − 1 = " +
          (m.s - 1) + " zero" + (m.s === 2 ? "" : "s") + " between input cells, " +
          pad(g.before) + " before and " + pad(g.after) + " after, then slide the flipped " +
          "kernel" }));
      } else {
        const remainder = templates.remainder || "(i + 2*p - d*(k - 1) - 1) % s";
        const values = { i: m.iShape[0], k: m.kShape[0], s: m.s, p: m.p, d: m.d, a: 0 };
        const r = (m.iShape[0] + 2 * m.p - m.d * (m.kShape[0] - 1) - 1) % m.s;
        list.appendChild(el("li", { text: "remainder a = " + pretty(remainder) + " = " +
          pretty(substitute(remainder, values)) + " = " + r + ": the transposed " +
          "convolution with output_padding = " + r + " gives back " + m.iShape[0] +
          " cells" }));
      }
      formula.appendChild(list);
    }

    function fitCell(available, cellsWide, low, high) {
      return Math.max(low, Math.min(high, Math.floor(available / Math.max(1, cellsWide))));
    }

    function drawDiagram(info) {
      const m = model;
      const matrixMode = m.view === "matrix";
      diagramWrap.hidden = matrixMode;
      if (matrixMode) return;
      const scatter = m.view === "scatter";
      const avail = widths.diagram - 4;
      const inShape = scatter ? m.iShape : m.gather.shape;
      const outShape = scatter ? m.scatter.shape : m.oShape;
      const wide = Math.max(inShape[inShape.length - 1], outShape[outShape.length - 1]);
      const size = fitCell(avail, wide, MIN_CELL, 40);
      const showNumbers = state.numbers && size >= 18;
      const labelH = 38;
      const [inW, inH] = gridSize(inShape, size);
      const [outW, outH] = gridSize(outShape, size);
      const outLabel = scatter ? ["output " + times(m.oShape), "stretched grid " +
        times(outShape) + (m.p ? ", cropped by " + m.p + " on each side" : "")] :
        ["output " + times(m.oShape)];
      const inLabel = scatter ? ["input " + times(m.iShape)] : inputLabel(m);
      const probe = diagram.getContext("2d");
      probe.font = "bold 13px sans-serif";
      const textW = Math.max(...outLabel.concat(inLabel).map((t) => probe.measureText(t).width));
      const totalW = Math.ceil(Math.max(inW, outW, textW + 8, 200));
      const gap = 14;
      const totalH = labelH + outH + gap + labelH + inH + 4;
      const ctx = setupCanvas(diagram, totalW, totalH);
      const outX = Math.floor((totalW - outW) / 2);
      const inX = Math.floor((totalW - inW) / 2);
      const outY = labelH;
      const inY = labelH + outH + gap + labelH;
      ctx.fillStyle = style.text_dark;
      ctx.textAlign = "center";
      ctx.textBaseline = "alphabetic";
      ctx.font = "bold 13px sans-serif";
      outLabel.forEach((line, n) => {
        ctx.font = (n === 0 ? "bold " : "") + "13px sans-serif";
        ctx.fillText(line, totalW / 2, outY - 8 - 15 * (outLabel.length - 1 - n));
      });
      inLabel.forEach((line, n) => {
        ctx.font = (n === 0 ? "bold " : "") + "13px sans-serif";
        ctx.fillText(line, totalW / 2, inY - 8 - 15 * (inLabel.length - 1 - n));
      });
      if (!scatter) {
        const under = new Map(info.footprint.map(([cell, tap]) => [cell, tap]));
        const g = m.gather;
        drawGrid(ctx, style, g.shape, inX, inY, size, (c) => {
          const role = ["padding", "zero", "input"][g.roles[c]];
          const on = under.has(c);
          return { role: role, on: on,
            text: showNumbers && g.sources[c] >= 0 ? num(m.x[g.sources[c]]) : "",
            corner: on && showNumbers && size >= 26 ? num(m.w[under.get(c)]) : undefined };
        });
        drawGrid(ctx, style, m.oShape, outX, outY, size, (c) => ({ role: "output",
          on: c === info.step,
          text: showNumbers && c <= info.step ? num(m.y[c]) : "" }));
      } else {
        const landed = new Map(info.targets.map(([cell, tap]) => [cell, tap]));
        const partial = new Float64Array(prod(m.scatter.shape));
        for (let c = 0; c <= info.step; c++) {
          for (const [cell, tap] of targets(m, c)) partial[cell] += m.x[c] * m.w[tap];
        }
        const reached = new Uint8Array(partial.length);
        for (let c = 0; c <= info.step; c++) {
          for (const [cell] of targets(m, c)) reached[cell] = 1;
        }
        drawGrid(ctx, style, m.iShape, inX, inY, size, (c) => ({ role: "input",
          on: c === info.step, text: showNumbers ? num(m.x[c]) : "" }));
        drawGrid(ctx, style, m.scatter.shape, outX, outY, size, (c) => {
          const kept = fullToOutput(m, c) >= 0;
          const on = landed.has(c);
          return { role: kept ? "output" : "padding", on: on,
            text: showNumbers && reached[c] ? num(partial[c]) : "",
            corner: on && showNumbers && size >= 26 ? num(m.w[landed.get(c)]) : undefined };
        });
      }
      diagramLayout = [
        { kind: scatter ? "full" : "output", shape: outShape, x: outX, y: outY, size: size },
        { kind: "input", shape: inShape, x: inX, y: inY, size: size },
      ];
      const view = views.find((v) => v.name === m.view);
      diagramTitle.textContent = (view ? view.label : m.view) + " view" +
        (state.numbers && !showNumbers ? " (numbers left out of the cells at this size: see " +
          "the arrays below)" : "");
      diagram.setAttribute("aria-label", (view ? view.label + " view: " + view.description +
        " " : "") + captionBox.textContent);
    }

    function drawMatrix(info) {
      const m = model;
      if (!m) return;
      info = info || stepInfo(m, (hover !== null ? hover + 1 : state.step) - 1);
      const big = m.view === "matrix";
      const avail = (widths ? widths.matrix : width(matrixWrap)) - 4;
      const font = 11;
      const labelW = 8 + 7 * String(m.nOut - 1).length;
      const left = labelW + 4 + (big ? 0 : 0);
      const top = 34;
      const vectorGap = 8;
      // Cell size: fit the whole matrix if cells stay readable, else a band at the minimum.
      const roomW = avail - left - 2 * vectorGap - 2 * 24;
      const maxH = big ? 600 : 520;
      let cell = Math.min(fitCell(roomW, m.nIn, MIN_CELL, big ? 34 : 26),
        fitCell(maxH - top, m.nOut, MIN_CELL, big ? 34 : 26));
      cell = Math.max(MIN_CELL, Math.min(40, cell + 2 * matrixView.zoom));
      const nc = Math.min(m.nIn, Math.max(1, Math.floor(roomW / cell)));
      const nr = Math.min(m.nOut, Math.max(1, Math.floor((maxH - top) / cell)));
      // Keep the step's row (gather) or column (scatter) and its entries in the window.
      const clampWindow = () => {
        matrixView.row0 = Math.max(0, Math.min(m.nOut - nr, matrixView.row0));
        matrixView.col0 = Math.max(0, Math.min(m.nIn - nc, matrixView.col0));
      };
      if (!matrixView.pinned || matrixView.lastStep !== info.step) {
        const rows = info.scatter ? info.outputs : [info.row];
        const cols = info.scatter ? [info.column] : info.inputs;
        const span = (list, start, count) => {
          if (!list.length) return start;
          const lo = Math.min(...list);
          const hi = Math.max(...list);
          if (lo >= start && hi < start + count) return start;
          return Math.round((lo + hi) / 2 - count / 2);
        };
        matrixView.row0 = span(rows, matrixView.row0, nr);
        matrixView.col0 = span(cols, matrixView.col0, nc);
        matrixView.pinned = false;
      }
      matrixView.lastStep = info.step;
      clampWindow();
      Object.assign(matrixView, { cell: cell, nr: nr, nc: nc, left: left, top: top,
        scrollable: nr < m.nOut || nc < m.nIn });
      const r0 = matrixView.row0;
      const c0 = matrixView.col0;
      const gridW = nc * cell;
      const gridH = nr * cell;
      const vecX = left + gridW + vectorGap;
      const yX = vecX + 24 + vectorGap;
      const totalW = Math.max(yX + 24 + 4, 220);
      const totalH = top + gridH + 24 + 8;
      const ctx = setupCanvas(matrix, totalW, totalH);
      const colours = style.taps[String(m.taps)] || style.taps["1"];
      const tapText = style.tap_text[String(m.taps)] || style.tap_text["1"];
      const inRows = new Set(info.scatter ? info.outputs : [info.row]);
      const inCols = new Set(info.scatter ? [info.column] : info.inputs);
      // Empty cells: a light grid.
      ctx.fillStyle = "#ffffff";
      ctx.fillRect(left, top, gridW, gridH);
      if (cell >= 8) {
        ctx.strokeStyle = "#e4e8ee";
        ctx.lineWidth = 1;
        ctx.beginPath();
        for (let r = 0; r <= nr; r++) {
          ctx.moveTo(left, top + r * cell + 0.5); ctx.lineTo(left + gridW, top + r * cell + 0.5);
        }
        for (let c = 0; c <= nc; c++) {
          ctx.moveTo(left + c * cell + 0.5, top); ctx.lineTo(left + c * cell + 0.5, top + gridH);
        }
        ctx.stroke();
      }
      const labels = state.numbers && cell >= 24;
      ctx.textAlign = "center";
      ctx.textBaseline = "middle";
      const marks = [];
      const byTap = buckets();
      for (let r = r0; r < r0 + nr; r++) {
        for (const [c, t] of m.rowEntries[r]) {
          if (c < c0 || c >= c0 + nc) continue;
          const x = left + (c - c0) * cell;
          const y = top + (r - r0) * cell;
          byTap.add(t, x, y);
          const involved = info.scatter ? c === info.column : r === info.row;
          if (involved) marks.push([x, y]);
        }
      }
      ctx.font = Math.min(12, Math.floor(cell * 0.42)) + "px sans-serif";
      byTap.each((t, list) => {
        ctx.fillStyle = colours[t];
        ctx.beginPath();
        for (let j = 0; j < list.length; j += 2) ctx.rect(list[j], list[j + 1], cell, cell);
        ctx.fill();
        if (labels) {
          ctx.fillStyle = tapText[t];
          const text = tapLabel(unravel(t, m.kShape));
          for (let j = 0; j < list.length; j += 2) {
            ctx.fillText(text, list[j] + cell / 2, list[j + 1] + cell / 2);
          }
        }
      });
      // The step's row or column framed, its non-zero entries outlined.
      ctx.strokeStyle = style.shadow;
      ctx.lineWidth = 2;
      if (!info.scatter && info.row >= r0 && info.row < r0 + nr) {
        ctx.strokeRect(left + 1, top + (info.row - r0) * cell + 1, gridW - 2, cell - 2);
      }
      if (info.scatter && info.column >= c0 && info.column < c0 + nc) {
        ctx.strokeRect(left + (info.column - c0) * cell + 1, top + 1, cell - 2, gridH - 2);
      }
      // Taps use a warm ramp of their own: outline the step's entries in the shadow navy
      // with a white core, which stands out on every tap colour.
      const width1 = Math.max(1.5, Math.min(3, cell / 7));
      for (const [x, y] of marks) {
        ctx.strokeStyle = style.shadow;
        ctx.lineWidth = width1 + 1;
        ctx.strokeRect(x + 1, y + 1, cell - 2, cell - 2);
        if (cell >= 8) {
          ctx.strokeStyle = "#ffffff";
          ctx.lineWidth = 1;
          ctx.strokeRect(x + 1.5 + width1 / 2, y + 1.5 + width1 / 2, cell - 3 - width1,
                         cell - 3 - width1);
        }
      }
      // Ticks: a step of 1, 2, 5, 10, ... cells wide enough for its labels.
      ctx.fillStyle = style.text_dark;
      ctx.font = font + "px sans-serif";
      const tickStep = (pixels) => {
        for (const step of [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000]) {
          if (step * cell >= pixels) return step;
        }
        return 10000;
      };
      const colTick = tickStep(7 * String(m.nIn - 1).length + 8);
      const rowTick = tickStep(font + 3);
      ctx.textAlign = "center";
      ctx.textBaseline = "alphabetic";
      for (let c = c0; c < c0 + nc; c++) {
        if (c % colTick === 0) {
          ctx.fillStyle = inCols.has(c) ? style.shadow : style.text_dark;
          ctx.font = (inCols.has(c) ? "bold " : "") + font + "px sans-serif";
          ctx.fillText(String(c), left + (c - c0 + 0.5) * cell, top - 4);
        }
      }
      ctx.textAlign = "right";
      ctx.textBaseline = "middle";
      for (let r = r0; r < r0 + nr; r++) {
        if (r % rowTick === 0) {
          ctx.fillStyle = inRows.has(r) ? style.shadow : style.text_dark;
          ctx.font = (inRows.has(r) ? "bold " : "") + font + "px sans-serif";
          ctx.fillText(String(r), left - 4, top + (r - r0 + 0.5) * cell);
        }
      }
      ctx.textAlign = "left";
      ctx.textBaseline = "alphabetic";
      ctx.fillStyle = style.text_dark;
      ctx.font = "12px sans-serif";
      ctx.fillText("input cell →", left, 13);
      // The vectors: x (by column, as a column beside the matrix is not aligned: drawn as
      // the input values of the visible columns along the bottom) and y beside the rows.
      const rs = style.roles;
      for (let c = c0; c < c0 + nc; c++) {
        const on = inCols.has(c);
        ctx.fillStyle = on ? rs.input.face_on : rs.input.face;
        ctx.fillRect(left + (c - c0) * cell, top + gridH + 6, cell, 18);
        if (cell >= 16) {
          ctx.fillStyle = on ? rs.input.text_on : rs.input.text;
          ctx.textAlign = "center";
          ctx.fillText(num(m.x[c]), left + (c - c0 + 0.5) * cell, top + gridH + 19);
        }
      }
      for (let r = r0; r < r0 + nr; r++) {
        const on = inRows.has(r);
        ctx.fillStyle = on ? rs.output.face_on : rs.output.face;
        ctx.fillRect(yX, top + (r - r0) * cell, 24, cell);
        if (cell >= 14) {
          ctx.fillStyle = on ? rs.output.text_on : rs.output.text;
          ctx.textAlign = "center";
          ctx.textBaseline = "middle";
          ctx.font = "10px sans-serif";
          ctx.fillText(num(m.y[r]), yX + 12, top + (r - r0 + 0.5) * cell);
        }
      }
      ctx.textAlign = "center";
      ctx.textBaseline = "alphabetic";
      ctx.fillStyle = style.text_dark;
      ctx.font = "bold 12px sans-serif";
      ctx.fillText("y", yX + 12, top - 4);
      ctx.fillText("=", vecX + 12, top + Math.min(gridH, 40) / 2 + 4);
      const shown = (nr < m.nOut || nc < m.nIn) ? " Showing rows " + r0 + "–" +
        (r0 + nr - 1) + " and columns " + c0 + "–" + (c0 + nc - 1) + ": drag, scroll or " +
        "use the arrow keys to move, − and + to zoom." : "";
      const where = info.scatter ? "column " + info.column + " (input cell " +
        cellName(unravel(info.column, m.iShape)) + ")" : "row " + info.row + " (output cell " +
        cellName(unravel(info.row, m.oShape)) + ")";
      matrixTitle.textContent = "the matrix " + m.matrixName + ", " + m.nOut + " × " + m.nIn +
        " (rows: output cells, columns: input cells, flattened row by row)";
      matrixInfo.textContent = "This step is " + where + "; its " + info.entries.length +
        " non-zero entr" + (info.entries.length === 1 ? "y is" : "ies are") +
        " outlined in navy and white, each coloured by the kernel tap it holds." + shown;
      matrix.setAttribute("aria-label", matrixTitle.textContent + ". " +
        matrixInfo.textContent);
      zoomIn.disabled = cell >= 40;
      zoomOut.disabled = cell <= MIN_CELL;
    }

    function drawArrays(info) {
      const m = model;
      const marks = { x: new Set(info.inputs), w: new Set(info.taps), y: new Set(info.outputs) };
      const sources = { x: [m.x, m.iShape, "input"], w: [m.w, m.kShape, "input"],
        y: [m.y, m.oShape, "output"] };
      for (const key of ["x", "w", "y"]) {
        const [values, shape, role] = sources[key];
        const a = arrays[key];
        const wide = shape[shape.length - 1];
        const size = fitCell(widths.numbers - 8, wide, 14, 28);
        const [gw, gh] = gridSize(shape, size);
        const ctx = setupCanvas(a.canvas, gw + 2, gh + 2);
        const on = marks[key];
        drawGrid(ctx, style, shape, 1, 1, size, (c) => ({ role: role, on: false,
          mark: on.has(c), text: size >= 16 ? num(values[c]) : "" }));
        a.layout = [{ kind: key === "y" ? "output" : "input", shape: shape, x: 1, y: 1,
          size: size }];
        a.title.textContent = a.base + " (" + times(shape) + ")";
        a.canvas.setAttribute("aria-label", a.base + ", " + times(shape) + ": " +
          (values.length <= 64 ? values.map(num).join(", ") : values.length + " values"));
      }
    }

    function drawCall() {
      const m = model;
      const fn = "F.conv" + (m.transposed ? "_transpose" : "") + m.ndim + "d";
      const args = ["stride=" + m.s, "padding=" + m.p];
      if (m.transposed) args.push("output_padding=" + m.a);
      args.push("dilation=" + m.d);
      const xShape = [1, 1].concat(m.iShape).join(", ");
      const wShape = [1, 1].concat(m.kShape).join(", ");
      call.textContent = "# x: (" + xShape + "), w: (" + wShape + ") → (1, 1, " +
        m.oShape.join(", ") + ")\n" + fn + "(x, w, " + args.join(", ") +
        ")   # import torch.nn.functional as F\n" + "tl." + (m.transposed ?
        "conv_transpose" : "conv") + "(x, w, " + args.join(", ") + ")   # tconv_lib";
    }

    // ---- start
    recompute();
    syncControls();
    render(true);
    // The address changes only when the reader changes a setting; the Jupyter widget
    // hears the first state at once (the page may have corrected a setting).
    if (config.onChange) config.onChange(Object.assign({}, state), { error: error ?
      error.message : "", rule: error ? error.rule || "" : "", n_steps: model ?
      model.nSteps : 0 });
    let pending = false;
    // Panel widths come from the observer, so a redraw never forces a layout of the page.
    const observer = typeof ResizeObserver !== "undefined" ? new ResizeObserver((entries) => {
      let changed = false;
      for (const entry of entries) {
        const w = Math.round(entry.contentRect.width);
        if (sizes.get(entry.target) !== w) { sizes.set(entry.target, w); changed = true; }
      }
      if (!changed || pending) return;
      pending = true;
      requestAnimationFrame(() => { pending = false; if (model) render(false); });
    }) : null;
    if (observer) [element, diagramWrap, matrixWrap, numbersPanel].forEach((node) =>
      observer.observe(node));

    const controller = {
      get: () => Object.assign({}, state),
      set: (partial) => change(partial, false),
      error: () => (error ? error.message : ""),
      rule: () => (error ? error.rule || "" : ""),
      nSteps: () => (model ? model.nSteps : 0),
      destroy: () => { stop(); if (observer) observer.disconnect(); },
    };
    element.tconvExplorer = controller;
    if (root.performance && root.performance.mark) {
      root.performance.mark("tconv-explorer-interactive");
    }
    return controller;
  }

  root.tconvExplorer = { mount: mount, compute: compute };
})(typeof globalThis !== "undefined" ? globalThis : window);
