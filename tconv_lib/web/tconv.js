/*
 * tconv.js: convolution and transposed convolution in the browser, with
 * tconv_lib's names, keywords, layouts and argument rules.
 *
 * Arrays are nested JavaScript arrays in PyTorch's layout, as NumPy's
 * tolist() writes them: x is (N, C_in, *spatial) or unbatched (C_in, *spatial),
 * a convolution weight (C_out, C_in / groups, *k), a transposed-convolution
 * weight (C_in, C_out / groups, *k), with one or two spatial dimensions.
 * Every option takes an int or one int per spatial dimension.
 *
 *   tconv.conv(x, weight, {stride, padding, dilation, groups})
 *   tconv.conv_transpose(x, weight, {stride, padding, output_padding, dilation, groups})
 *   tconv.conv_matrix(input_shape, kernel, {stride, padding, dilation})
 *   tconv.conv_output_size(i, k, stride, padding, dilation)
 *   tconv.conv_transpose_output_size(i, k, stride, padding, output_padding, dilation)
 *
 * Invalid arguments throw before any work: a TypeError for a wrong type, an
 * Error for a wrong value, whose message names the parameter, the value and the
 * rule, and whose `rule` property holds the name of the rule in
 * tconv_lib.arithmetic.ERROR_RULES (as the Python error's `rule` does). Loaded as a classic script it defines
 * window.tconv; the same file is the first part of the Jupyter widget's module.
 * No framework, no network.
 */
(function (root) {
  "use strict";

  function ruleError(message, rule) {
    const error = new Error(message);
    error.rule = rule;
    return error;
  }

  function typeError(message) {
    return new TypeError(message);
  }

  function show(value) {
    if (Array.isArray(value)) {
      return "(" + value.map(show).join(", ") + (value.length === 1 ? ",)" : ")");
    }
    if (typeof value === "string") return "'" + value + "'";
    return String(value);
  }

  function isInt(value) {
    return typeof value === "number" && Number.isInteger(value);
  }

  const MINIMUM_RULES = {
    0: ["a non-negative integer (>= 0)", "negative"],
    1: ["a positive integer (>= 1)", "not_positive"],
  };

  function checkInt(name, value, minimum) {
    if (!isInt(value)) {
      throw typeError(name + " must be an integer, got " + show(value) + " of type " +
                      (Array.isArray(value) ? "array" : typeof value));
    }
    if (value < minimum) {
      const [wording, rule] = MINIMUM_RULES[minimum] ||
        ["an integer >= " + minimum, "below_minimum"];
      throw ruleError(name + " must be " + wording + ", got " + value, rule);
    }
    return value;
  }

  function asTuple(name, value, ndim, minimum) {
    if (isInt(value)) {
      checkInt(name, value, minimum);
      return new Array(ndim).fill(value);
    }
    if (!Array.isArray(value)) {
      throw typeError(name + " must be an int or a sequence of " + ndim + " ints, got " +
                      show(value) + " of type " + typeof value);
    }
    if (value.length === 1) {
      return new Array(ndim).fill(checkInt(name + "[0]", value[0], minimum));
    }
    if (value.length !== ndim) {
      throw ruleError(name + " must be an int, a one-entry sequence or have one entry per " +
                      "spatial dimension (" + ndim + "), got " + show(value) + " with " +
                      value.length + " entries", "wrong_length");
    }
    return value.map((v, j) => checkInt(name + "[" + j + "]", v, minimum));
  }

  /* A nested array as {shape, data}: rectangular, numbers only. */
  function asArray(name, value) {
    const shape = [];
    let probe = value;
    while (Array.isArray(probe)) {
      shape.push(probe.length);
      if (probe.length === 0) break;
      probe = probe[0];
    }
    const size = shape.reduce((a, b) => a * b, 1);
    const data = new Float64Array(size);
    let at = 0;
    function walk(node, depth) {
      if (depth === shape.length) {
        if (typeof node !== "number") {
          throw typeError(name + " must hold numbers (integer, float or complex), got " +
                          (Array.isArray(node) ? "a ragged nested array" : typeof node));
        }
        data[at++] = node;
        return;
      }
      if (!Array.isArray(node) || node.length !== shape[depth]) {
        throw typeError(name + " must be a numeric array, got a ragged nested array " +
                        "(its shape is not rectangular at depth " + depth + ")");
      }
      for (let j = 0; j < node.length; j++) walk(node[j], depth + 1);
    }
    walk(value, 0);
    return { shape: shape, data: data };
  }

  function nest(data, shape) {
    function build(offset, depth) {
      const n = shape[depth];
      const out = new Array(n);
      if (depth === shape.length - 1) {
        for (let j = 0; j < n; j++) out[j] = data[offset + j];
        return out;
      }
      const stride = shape.slice(depth + 1).reduce((a, b) => a * b, 1);
      for (let j = 0; j < n; j++) out[j] = build(offset + j * stride, depth + 1);
      return out;
    }
    return shape.length === 0 ? data[0] : build(0, 0);
  }

  const OPTION_NAMES = {
    conv: ["stride", "padding", "dilation", "groups"],
    conv_transpose: ["stride", "padding", "output_padding", "dilation", "groups"],
    conv_matrix: ["stride", "padding", "dilation"],
  };

  function readOptions(fn, options) {
    if (options === undefined || options === null) return {};
    if (typeof options !== "object" || Array.isArray(options)) {
      throw typeError(fn + "() takes its keywords as one object, e.g. {stride: 2}, got " +
                      show(options));
    }
    for (const key of Object.keys(options)) {
      if (OPTION_NAMES[fn].indexOf(key) < 0) {
        throw typeError(fn + "() got an unexpected keyword argument '" + key + "'");
      }
    }
    return options;
  }

  function option(options, name, fallback) {
    return options[name] === undefined ? fallback : options[name];
  }

  /* Padding: an int, one int per axis, one (before, after) pair per axis, or for
   * a convolution 'valid' / 'same'. Returns [before[], after[]]. */
  function resolvePadding(padding, ndim, kernel, dilation, stride, transposed) {
    if (typeof padding === "string") {
      if (transposed) {
        throw ruleError("padding=" + show(padding) + ": string padding is only defined for " +
                        "conv; conv_transpose takes an int or a tuple of ints", "padding_mode");
      }
      if (padding === "valid") return [new Array(ndim).fill(0), new Array(ndim).fill(0)];
      if (padding === "same") {
        if (stride.some((s) => s !== 1)) {
          throw ruleError("padding='same' requires stride 1 in every dimension, got stride=" +
                          show(stride), "same_padding_stride");
        }
        const totals = kernel.map((k, j) => dilation[j] * (k - 1));
        const before = totals.map((t) => Math.floor(t / 2));
        return [before, totals.map((t, j) => t - before[j])];
      }
      throw ruleError("padding must be an int, a tuple, 'valid' or 'same', got " +
                      show(padding), "padding_mode");
    }
    if (Array.isArray(padding) && padding.length === ndim &&
        padding.every((entry) => Array.isArray(entry))) {
      const before = [];
      const after = [];
      padding.forEach((pair, j) => {
        if (pair.length !== 2) {
          throw ruleError("padding[" + j + "] must be an int or a (before, after) pair, got " +
                          show(pair) + " with " + pair.length + " entries", "wrong_length");
        }
        before.push(checkInt("padding[" + j + "][0]", pair[0], 0));
        after.push(checkInt("padding[" + j + "][1]", pair[1], 0));
      });
      return [before, after];
    }
    const pad = asTuple("padding", padding, ndim, 0);
    return [pad, pad.slice()];
  }

  /* Every check of tconv_lib.arithmetic.validate_conv_call, in the same order. */
  function validate(fn, x, weight, options, transposed) {
    options = readOptions(fn, options);
    const xa = asArray("x", x);
    const wa = asArray("weight", weight);
    if ([3, 4, 5].indexOf(wa.shape.length) < 0) {
      throw ruleError("weight must have 3, 4 or 5 dimensions (channels, channels, 1 to 3 " +
                      "spatial), got shape " + show(wa.shape), "wrong_ndim");
    }
    if (wa.shape.length === 5) {
      throw ruleError("weight has 3 spatial dimensions, shape " + show(wa.shape) + ": the " +
                      "browser engine computes 1 or 2 spatial dimensions (tconv_lib in " +
                      "Python computes 3)", "wrong_ndim");
    }
    const ndim = wa.shape.length - 2;
    const batched = xa.shape.length === ndim + 2;
    if (xa.shape.length === ndim + 1) {
      xa.shape = [1].concat(xa.shape);
    } else if (!batched) {
      throw ruleError("x must have " + (ndim + 2) + " dimensions (N, C, " + ndim +
                      " spatial) or " + (ndim + 1) + " (unbatched) to match weight of shape " +
                      show(wa.shape) + ", got shape " + show(xa.shape), "wrong_ndim");
    }
    if (wa.shape.indexOf(0) >= 0) {
      throw ruleError("weight must have no empty dimension, got shape " + show(wa.shape),
                      "empty_array");
    }
    if (xa.shape.slice(1).indexOf(0) >= 0) {
      throw ruleError("x must have at least one channel and cell per axis, got shape " +
                      show(xa.shape), "empty_array");
    }
    const groups = checkInt("groups", option(options, "groups", 1), 1);
    const stride = asTuple("stride", option(options, "stride", 1), ndim, 1);
    const dilation = asTuple("dilation", option(options, "dilation", 1), ndim, 1);
    const kernel = wa.shape.slice(2);
    const spatial = xa.shape.slice(2);
    const [padBefore, padAfter] = resolvePadding(option(options, "padding", 0), ndim, kernel,
                                                 dilation, stride, transposed);
    const outputPadding = asTuple("output_padding", option(options, "output_padding", 0),
                                  ndim, 0);
    if (!transposed && outputPadding.some((a) => a !== 0)) {
      throw ruleError("output_padding=" + show(option(options, "output_padding", 0)) +
                      " only applies to conv_transpose", "output_padding_not_transposed");
    }
    const channels = xa.shape[1];
    if (transposed) {
      if (channels !== wa.shape[0]) {
        throw ruleError("channel mismatch: x has " + channels + " channels but a " +
                        "conv_transpose weight of shape " + show(wa.shape) +
                        " expects weight.shape[0] = " + wa.shape[0], "channel_mismatch");
      }
      if (channels % groups) {
        throw ruleError("groups=" + groups + " must divide the input channels, got " +
                        channels + " channels", "channels_not_divisible");
      }
    } else {
      if (wa.shape[0] % groups) {
        throw ruleError("groups=" + groups + " must divide the output channels " +
                        "weight.shape[0] = " + wa.shape[0], "channels_not_divisible");
      }
      if (channels % groups) {
        throw ruleError("groups=" + groups + " must divide the input channels, got " +
                        channels + " channels", "channels_not_divisible");
      }
      if (channels !== wa.shape[1] * groups) {
        throw ruleError("channel mismatch: x has " + channels + " channels but weight of " +
                        "shape " + show(wa.shape) + " with groups=" + groups +
                        " expects weight.shape[1] * groups = " + wa.shape[1] * groups,
                        "channel_mismatch");
      }
    }
    const outputShape = [];
    for (let axis = 0; axis < ndim; axis++) {
      const suffix = ndim > 1 ? " along spatial axis " + axis : "";
      if (transposed) {
        const limit = Math.max(stride[axis], dilation[axis]);
        if (outputPadding[axis] >= limit) {
          throw ruleError("output_padding" + (ndim > 1 ? "[" + axis + "]" : "") +
                          " must be smaller than max(stride, dilation) = " + limit +
                          ", got output_padding=" + outputPadding[axis] + " (stride=" +
                          stride[axis] + ", dilation=" + dilation[axis] + ")",
                          "output_padding_too_large");
        }
        const size = (spatial[axis] - 1) * stride[axis] - padBefore[axis] - padAfter[axis] +
          dilation[axis] * (kernel[axis] - 1) + outputPadding[axis] + 1;
        if (size < 1) {
          throw ruleError("transposed convolution output size would be " + size + " < 1" +
                          suffix + " (input " + spatial[axis] + ", kernel " + kernel[axis] +
                          ", stride " + stride[axis] + ", padding " + padBefore[axis] +
                          (padAfter[axis] !== padBefore[axis] ? "+" + padAfter[axis] : "") +
                          ", output_padding " + outputPadding[axis] + ", dilation " +
                          dilation[axis] + "): reduce padding", "output_size_below_one");
        }
        outputShape.push(size);
      } else {
        const extent = dilation[axis] * (kernel[axis] - 1) + 1;
        const padded = spatial[axis] + padBefore[axis] + padAfter[axis];
        if (extent > padded) {
          throw ruleError("kernel larger than the padded input" + suffix + ": dilated kernel " +
                          "size d(k-1)+1 = " + extent + " (k=" + kernel[axis] + ", dilation=" +
                          dilation[axis] + ") exceeds the padded input size " + padded +
                          " (input " + spatial[axis] + ", padding " + padBefore[axis] + "+" +
                          padAfter[axis] + ")", "kernel_too_large");
        }
        outputShape.push(Math.floor((padded - extent) / stride[axis]) + 1);
      }
    }
    return {
      x: xa, w: wa, batched: batched, ndim: ndim, groups: groups, stride: stride,
      dilation: dilation, padBefore: padBefore, padAfter: padAfter,
      outputPadding: outputPadding, kernel: kernel, spatial: spatial, outputShape: outputShape,
    };
  }

  /* Spatial sizes as (height, width), 1-D being a height-1 image. */
  function as2d(values, fill) {
    return values.length === 1 ? [fill, values[0]] : values;
  }

  function compute(g, transposed) {
    const [n, cIn] = g.x.shape;
    const groups = g.groups;
    const [H, W] = as2d(g.spatial, 1);
    const [KH, KW] = as2d(g.kernel, 1);
    const [OH, OW] = as2d(g.outputShape, 1);
    const [SH, SW] = as2d(g.stride, 1);
    const [DH, DW] = as2d(g.dilation, 1);
    const [PH, PW] = as2d(g.padBefore, 0);
    const X = g.x.data;
    const K = g.w.data;
    let cOut;
    let out;
    if (!transposed) {
      cOut = g.w.shape[0];
      const cInG = cIn / groups;
      const cOutG = cOut / groups;
      out = new Float64Array(n * cOut * OH * OW);
      for (let b = 0; b < n; b++) {
        for (let oc = 0; oc < cOut; oc++) {
          const group = Math.floor(oc / cOutG);
          const base = (b * cOut + oc) * OH * OW;
          for (let ic = 0; ic < cInG; ic++) {
            const xc = (b * cIn + group * cInG + ic) * H * W;
            const wc = (oc * cInG + ic) * KH * KW;
            for (let ky = 0; ky < KH; ky++) {
              for (let kx = 0; kx < KW; kx++) {
                const tap = K[wc + ky * KW + kx];
                for (let oy = 0; oy < OH; oy++) {
                  const iy = oy * SH - PH + ky * DH;
                  if (iy < 0 || iy >= H) continue;
                  for (let ox = 0; ox < OW; ox++) {
                    const ix = ox * SW - PW + kx * DW;
                    if (ix < 0 || ix >= W) continue;
                    out[base + oy * OW + ox] += X[xc + iy * W + ix] * tap;
                  }
                }
              }
            }
          }
        }
      }
    } else {
      const cOutG = g.w.shape[1];
      cOut = cOutG * groups;
      const cInG = cIn / groups;
      out = new Float64Array(n * cOut * OH * OW);
      for (let b = 0; b < n; b++) {
        for (let ic = 0; ic < cIn; ic++) {
          const group = Math.floor(ic / cInG);
          const xc = (b * cIn + ic) * H * W;
          for (let oc = 0; oc < cOutG; oc++) {
            const base = (b * cOut + group * cOutG + oc) * OH * OW;
            const wc = (ic * cOutG + oc) * KH * KW;
            for (let ky = 0; ky < KH; ky++) {
              for (let kx = 0; kx < KW; kx++) {
                const tap = K[wc + ky * KW + kx];
                for (let iy = 0; iy < H; iy++) {
                  const oy = iy * SH - PH + ky * DH;
                  if (oy < 0 || oy >= OH) continue;
                  for (let ix = 0; ix < W; ix++) {
                    const ox = ix * SW - PW + kx * DW;
                    if (ox < 0 || ox >= OW) continue;
                    out[base + oy * OW + ox] += X[xc + iy * W + ix] * tap;
                  }
                }
              }
            }
          }
        }
      }
    }
    const shape = [n, cOut].concat(g.outputShape);
    return nest(out, g.batched ? shape : shape.slice(1));
  }

  /** Convolution (cross-correlation) as torch.nn.functional.conv1d/2d. */
  function conv(x, weight, options) {
    return compute(validate("conv", x, weight, options, false), false);
  }

  /** Transposed convolution as torch.nn.functional.conv_transpose1d/2d. */
  function conv_transpose(x, weight, options) {
    return compute(validate("conv_transpose", x, weight, options, true), true);
  }

  function checkShape(name, shape) {
    if (!Array.isArray(shape)) {
      throw typeError(name + " must be a tuple of ints, got " + show(shape) + " of type " +
                      typeof shape);
    }
    if (shape.length < 1 || shape.length > 3) {
      throw ruleError(name + " must have 1 to 3 entries (spatial axes), got " + show(shape) +
                      " with " + shape.length + " entries", "wrong_ndim");
    }
    return shape.map((n, j) => checkInt(name + "[" + j + "]", n, 1));
  }

  /* Per entry of C: the flat input cell and flat kernel tap, row by row. */
  function matrixGeometry(inputShape, kernel, options) {
    options = readOptions("conv_matrix", options);
    const shape = checkShape("input_shape", inputShape);
    const ka = asArray("kernel", kernel);
    if (ka.shape.length !== shape.length) {
      throw ruleError("kernel must have one axis per axis of input_shape " + show(shape) +
                      " (" + shape.length + "), got kernel of shape " + show(ka.shape),
                      "wrong_ndim");
    }
    if (ka.shape.indexOf(0) >= 0) {
      throw ruleError("kernel must have no empty axis, got shape " + show(ka.shape),
                      "empty_array");
    }
    const x = { shape: [1, 1].concat(shape), data: null };
    const w = { shape: [1, 1].concat(ka.shape), data: ka.data };
    return { g: validateShapes(x, w, options), kernel: ka };
  }

  /* validate() for operands given by their shapes only (no placeholder data). */
  function validateShapes(x, w, options) {
    const fake = (a) => nestShape(a.shape);
    return validate("conv_matrix", fake(x), fake(w), options, false);
  }

  function nestShape(shape) {
    function build(depth) {
      if (depth === shape.length) return 0;
      const out = new Array(shape[depth]);
      for (let j = 0; j < shape[depth]; j++) out[j] = build(depth + 1);
      return out;
    }
    return build(0);
  }

  /** The dense matrix C of a single-channel convolution, as nested rows. */
  function conv_matrix(inputShape, kernel, options) {
    const { g, kernel: ka } = matrixGeometry(inputShape, kernel, options);
    const [H, W] = as2d(g.spatial, 1);
    const [KH, KW] = as2d(g.kernel, 1);
    const [OH, OW] = as2d(g.outputShape, 1);
    const [SH, SW] = as2d(g.stride, 1);
    const [DH, DW] = as2d(g.dilation, 1);
    const [PH, PW] = as2d(g.padBefore, 0);
    const rows = [];
    for (let oy = 0; oy < OH; oy++) {
      for (let ox = 0; ox < OW; ox++) {
        const row = new Array(H * W).fill(0);
        for (let ky = 0; ky < KH; ky++) {
          const iy = oy * SH - PH + ky * DH;
          if (iy < 0 || iy >= H) continue;
          for (let kx = 0; kx < KW; kx++) {
            const ix = ox * SW - PW + kx * DW;
            if (ix < 0 || ix >= W) continue;
            row[iy * W + ix] = ka.data[ky * KW + kx];
          }
        }
        rows.push(row);
      }
    }
    return rows;
  }

  /** Output size of a convolution along one dimension. */
  function conv_output_size(i, k, stride, padding, dilation) {
    i = checkInt("i", i, 1);
    k = checkInt("k", k, 1);
    stride = checkInt("stride", stride === undefined ? 1 : stride, 1);
    padding = checkInt("padding", padding === undefined ? 0 : padding, 0);
    dilation = checkInt("dilation", dilation === undefined ? 1 : dilation, 1);
    const extent = dilation * (k - 1) + 1;
    if (extent > i + 2 * padding) {
      throw ruleError("kernel larger than the padded input: dilated kernel size d(k-1)+1 = " +
                      extent + " (k=" + k + ", dilation=" + dilation + ") exceeds i + 2p = " +
                      (i + 2 * padding) + " (i=" + i + ", padding=" + padding + ")",
                      "kernel_too_large");
    }
    return Math.floor((i + 2 * padding - extent) / stride) + 1;
  }

  /** Output size of a transposed convolution along one dimension. */
  function conv_transpose_output_size(i, k, stride, padding, outputPadding, dilation) {
    i = checkInt("i", i, 1);
    k = checkInt("k", k, 1);
    stride = checkInt("stride", stride === undefined ? 1 : stride, 1);
    padding = checkInt("padding", padding === undefined ? 0 : padding, 0);
    outputPadding = checkInt("output_padding", outputPadding === undefined ? 0 : outputPadding,
                             0);
    dilation = checkInt("dilation", dilation === undefined ? 1 : dilation, 1);
    const limit = Math.max(stride, dilation);
    if (outputPadding >= limit) {
      throw ruleError("output_padding must be smaller than max(stride, dilation) = " + limit +
                      ", got output_padding=" + outputPadding + " (stride=" + stride +
                      ", dilation=" + dilation + ")", "output_padding_too_large");
    }
    const size = (i - 1) * stride - 2 * padding + dilation * (k - 1) + outputPadding + 1;
    if (size < 1) {
      throw ruleError("transposed convolution output size (i-1)s - 2p + d(k-1) + a + 1 = " +
                      size + " is below 1 (i=" + i + ", k=" + k + ", stride=" + stride +
                      ", padding=" + padding + ", output_padding=" + outputPadding +
                      ", dilation=" + dilation + "): reduce padding", "output_size_below_one");
    }
    return size;
  }

  /**
   * The explorer's example numbers: whole values 1 to 3, never 0, the same
   * every time; `which` is 0 for the input and 1 for the kernel. Python's
   * tconv_lib.web.example_values computes the same numbers.
   */
  function example_values(shape, which) {
    const size = shape.reduce((a, b) => a * b, 1);
    const data = new Float64Array(size);
    const seed = which === 1 ? 0x9e3779b9 : 0x85ebca6b;
    for (let n = 0; n < size; n++) {
      let h = (Math.imul(n + 1, 0x2c1b3c6d) ^ seed) >>> 0;
      h = Math.imul(h ^ (h >>> 15), 0x297a2d39) >>> 0;
      h = (h ^ (h >>> 12)) >>> 0;
      data[n] = 1 + (h % 3);
    }
    return nest(data, shape);
  }

  const api = {
    version: "1",
    conv: conv,
    conv_transpose: conv_transpose,
    conv_matrix: conv_matrix,
    conv_output_size: conv_output_size,
    conv_transpose_output_size: conv_transpose_output_size,
    example_values: example_values,
    _validate: validate,
  };
  root.tconv = api;
})(typeof globalThis !== "undefined" ? globalThis : window);
