"""Multirate building blocks: zero insertion, decimation, polyphase components, pixel shuffle.

The signal-processing view of a strided (transposed) convolution uses two operators
on sequences:

* **downsampling** ``↓s`` keeps every ``s``-th sample, ``(↓s x)[n] = x[s n]``;
* **upsampling** ``↑s`` inserts ``s - 1`` zeros after every sample,
  ``(↑s x)[s n] = x[n]`` and zero elsewhere.

On finite arrays ``↑s`` is exactly the transpose of ``↓s``: :func:`upsample_matrix`
is ``downsample_matrix(...).T``. A strided convolution is ``↓s`` after a stride-1
convolution, and a transposed convolution is a stride-1 convolution with the flipped
kernel after ``↑s``. Splitting the output of a transposed convolution by phase
(:func:`polyphase_conv_transpose`) gives ``s^n`` small stride-1 convolutions with the
kernel's *polyphase components* (:func:`polyphase_components`); laid side by side as
channels and interleaved by :func:`pixel_shuffle`, they are the sub-pixel convolution of
Shi et al. (:func:`subpixel_weights`).

Everything here is NumPy; the convolutions are :func:`tconv_lib.conv` and
:func:`tconv_lib.conv_transpose`.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence

import numpy as np

from ._checks import ConvArgumentError, as_numeric_array, check_int
from .arithmetic import conv_transpose_output_size
from .ops import conv

__all__ = [
    "downsample",
    "downsample_matrix",
    "icnr_weights",
    "pixel_shuffle",
    "pixel_unshuffle",
    "polyphase_components",
    "polyphase_conv_transpose",
    "polyphase_merge",
    "subpixel_bias",
    "subpixel_weights",
    "transposed_from_subpixel",
    "upsample",
    "upsample_matrix",
]

Axes = int | Sequence[int] | None
Factors = int | Sequence[int]


# ---------------------------------------------------------------------------------------
# Argument checks (TypeError for the wrong type, then ValueError naming the rule).


def _axes(axes: Axes, ndim: int) -> tuple[int, ...]:
    if axes is None:
        return tuple(range(ndim))
    if isinstance(axes, bool) or not isinstance(axes, (numbers.Integral, Sequence)):
        raise TypeError(f"axes must be an int, a sequence of ints or None, got {axes!r}")
    given = (axes,) if isinstance(axes, numbers.Integral) else tuple(axes)
    result = []
    for a in given:
        a = check_int("axes entry", a, -ndim)
        if a >= ndim:
            raise ConvArgumentError(
                f"axes entry {a} is out of range for an array with {ndim} axes",
                "value_out_of_range",
            )
        result.append(a % ndim)
    if len(set(result)) != len(result):
        raise ConvArgumentError(f"axes must not repeat an axis, got {axes!r}", "value_out_of_range")
    return tuple(result)


def _factors(name: str, factor: Factors, count: int) -> tuple[int, ...]:
    if isinstance(factor, bool) or not isinstance(factor, (numbers.Integral, Sequence)):
        raise TypeError(f"{name} must be an int or a sequence of ints, got {factor!r}")
    if isinstance(factor, numbers.Integral):
        return (check_int(name, factor, 1),) * count
    values = tuple(factor)
    if len(values) != count:
        raise ConvArgumentError(
            f"{name} must have one entry per axis ({count}), got {factor!r}", "wrong_length"
        )
    return tuple(check_int(f"{name}[{j}]", v, 1) for j, v in enumerate(values))


# ---------------------------------------------------------------------------------------
# Down- and upsampling.


def downsample(x: object, factor: Factors, axes: Axes = None, *, phase: Factors = 0) -> np.ndarray:
    """Keep every ``factor``-th sample along ``axes``: ``y[n] = x[s n + phase]``.

    Parameters
    ----------
    x : array_like
        The signal.
    factor : int or sequence of int
        The factor ``s >= 1``, one for all axes or one per axis.
    axes : int, sequence of int or None
        The axes to downsample; ``None`` (default) means every axis.
    phase : int or sequence of int
        Which sample of each block of ``s`` to keep, ``0 <= phase < s``.

    Returns
    -------
    numpy.ndarray
        ``ceil((n - phase) / s)`` samples along each axis (a view of ``x``).

    Examples
    --------
    >>> downsample(np.arange(7), 3)
    array([0, 3, 6])
    >>> downsample(np.arange(12).reshape(3, 4), 2, axes=-1, phase=1)
    array([[ 1,  3],
           [ 5,  7],
           [ 9, 11]])
    """
    x = as_numeric_array("x", x)
    chosen = _axes(axes, x.ndim)
    factors = _factors("factor", factor, len(chosen))
    phases = _factors_or_zero("phase", phase, len(chosen))
    index: list[slice] = [slice(None)] * x.ndim
    for a, s, r in zip(chosen, factors, phases, strict=True):
        if r >= s:
            raise ConvArgumentError(
                f"phase must satisfy 0 <= phase < factor ({s}), got {r}", "value_out_of_range"
            )
        index[a] = slice(r, None, s)
    return x[tuple(index)]


def _factors_or_zero(name: str, value: Factors, count: int) -> tuple[int, ...]:
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return (check_int(name, value, 0),) * count
    if isinstance(value, bool) or not isinstance(value, Sequence):
        raise TypeError(f"{name} must be an int or a sequence of ints, got {value!r}")
    values = tuple(value)
    if len(values) != count:
        raise ConvArgumentError(
            f"{name} must have one entry per axis ({count}), got {value!r}", "wrong_length"
        )
    return tuple(check_int(f"{name}[{j}]", v, 0) for j, v in enumerate(values))


def upsample(
    x: object, factor: Factors, axes: Axes = None, *, size: int | Sequence[int] | None = None
) -> np.ndarray:
    """Zero insertion: ``y[s n] = x[n]`` and ``y = 0`` between, along ``axes``.

    Parameters
    ----------
    x : array_like
        The signal.
    factor : int or sequence of int
        The factor ``s >= 1``, one for all axes or one per axis.
    axes : int, sequence of int or None
        The axes to upsample; ``None`` (default) means every axis.
    size : int, sequence of int or None
        Length of the result along each upsampled axis, between ``(n - 1) s + 1``
        (the default: ``s - 1`` zeros *between* samples, as in a transposed
        convolution) and ``n s`` (zeros after the last sample too, the usual
        multirate convention). ``upsample(x, s, size=L)`` is the transpose of
        ``downsample`` applied to signals of length ``L``.

    Returns
    -------
    numpy.ndarray
        A new array of the dtype of ``x``.

    Examples
    --------
    >>> upsample(np.array([1, 2, 3]), 2)
    array([1, 0, 2, 0, 3])
    >>> upsample(np.array([1, 2, 3]), 2, size=6)
    array([1, 0, 2, 0, 3, 0])
    >>> upsample(np.array([[1, 2], [3, 4]]), 2)
    array([[1, 0, 2],
           [0, 0, 0],
           [3, 0, 4]])
    """
    x = as_numeric_array("x", x)
    chosen = _axes(axes, x.ndim)
    factors = _factors("factor", factor, len(chosen))
    shape = list(x.shape)
    if size is None:
        sizes = tuple(
            max((x.shape[a] - 1) * s + 1, 0) for a, s in zip(chosen, factors, strict=True)
        )
    else:
        sizes = _factors_or_zero("size", size, len(chosen))
    index: list[slice] = [slice(None)] * x.ndim
    for a, s, n_out in zip(chosen, factors, sizes, strict=True):
        n = x.shape[a]
        low, high = max((n - 1) * s + 1, 0), n * s
        if not low <= n_out <= high:
            raise ConvArgumentError(
                f"size must lie between (n - 1) s + 1 = {low} and n s = {high} along axis {a} "
                f"(n = {n}, s = {s}), got {n_out}",
                "value_out_of_range",
            )
        shape[a] = n_out
        index[a] = slice(0, None, s)
    y = np.zeros(shape, dtype=x.dtype)
    y[tuple(index)] = x
    return y


def downsample_matrix(n: int, factor: int, *, phase: int = 0) -> np.ndarray:
    """The ``ceil((n - phase) / s) x n`` matrix of :func:`downsample` on length-``n`` signals.

    Parameters
    ----------
    n : int
        Length of the signals it applies to.
    factor : int
        The factor ``s >= 1``.
    phase : int
        The sample of each block of ``s`` that is kept, ``0 <= phase < s``.

    Returns
    -------
    numpy.ndarray
        Rows ``phase, phase + s, ...`` of the ``n x n`` identity (float64).

    Examples
    --------
    >>> downsample_matrix(5, 2)
    array([[1., 0., 0., 0., 0.],
           [0., 0., 1., 0., 0.],
           [0., 0., 0., 0., 1.]])
    """
    n = check_int("n", n, 1)
    factor = check_int("factor", factor, 1)
    phase = check_int("phase", phase, 0)
    if phase >= factor:
        raise ConvArgumentError(
            f"phase must satisfy 0 <= phase < factor ({factor}), got {phase}", "value_out_of_range"
        )
    return np.eye(n)[phase::factor]


def upsample_matrix(n: int, factor: int, *, size: int | None = None) -> np.ndarray:
    """The ``size x n`` matrix of :func:`upsample`; it equals ``downsample_matrix(size, s).T``.

    Parameters
    ----------
    n : int
        Length of the signals it applies to.
    factor : int
        The factor ``s >= 1``.
    size : int, optional
        Length of the result, ``(n - 1) s + 1`` (default) to ``n s``.

    Returns
    -------
    numpy.ndarray
        A ``size x n`` matrix of zeros and ones (float64).

    Examples
    --------
    >>> upsample_matrix(2, 3)
    array([[1., 0.],
           [0., 0.],
           [0., 0.],
           [0., 1.]])
    """
    n = check_int("n", n, 1)
    factor = check_int("factor", factor, 1)
    return upsample(np.eye(n), factor, axes=0, size=size)


# ---------------------------------------------------------------------------------------
# Polyphase components.


def polyphase_components(x: object, factor: Factors, axes: Axes = None) -> np.ndarray:
    """The ``s`` polyphase components ``x_r[n] = x[s n + r]`` of a signal, stacked.

    Parameters
    ----------
    x : array_like
        Signal or kernel.
    factor : int or sequence of int
        The factor ``s``, one for all axes or one per axis.
    axes : int, sequence of int or None
        Axes to split (default: all).

    Returns
    -------
    numpy.ndarray
        Shape ``(s_1, ..., s_m, *rest)``: the leading axes index the phase
        ``(r_1, ..., r_m)``, the chosen axes have ``ceil(n / s)`` samples. When
        ``s`` does not divide ``n`` the shorter components are padded with zeros
        at the end (the zeros a longer kernel would have there).

    Examples
    --------
    >>> polyphase_components(np.array([1, 2, 3, 4, 5]), 2)
    array([[1, 3, 5],
           [2, 4, 0]])
    >>> polyphase_components(np.arange(16).reshape(4, 4), 2)[1, 0]
    array([[ 4,  6],
           [12, 14]])
    """
    x = as_numeric_array("x", x)
    chosen = _axes(axes, x.ndim)
    factors = _factors("factor", factor, len(chosen))
    padded_shape = list(x.shape)
    for a, s in zip(chosen, factors, strict=True):
        padded_shape[a] = -(-x.shape[a] // s) * s
    padded = np.zeros(padded_shape, dtype=x.dtype)
    padded[tuple(slice(0, n) for n in x.shape)] = x
    parts = np.empty((*factors, *_component_shape(padded.shape, chosen, factors)), dtype=x.dtype)
    for phase in np.ndindex(*factors):
        parts[phase] = downsample(padded, factors, chosen, phase=phase)
    return parts


def _component_shape(
    shape: Sequence[int], chosen: tuple[int, ...], factors: tuple[int, ...]
) -> tuple[int, ...]:
    result = list(shape)
    for a, s in zip(chosen, factors, strict=True):
        result[a] = result[a] // s
    return tuple(result)


def polyphase_merge(
    components: object, size: int | Sequence[int] | None = None, axes: Axes = None
) -> np.ndarray:
    """Interleave polyphase components again: the inverse of :func:`polyphase_components`.

    Parameters
    ----------
    components : array_like
        Shape ``(s_1, ..., s_m, *rest)`` as returned by :func:`polyphase_components`
        (``m`` is the number of ``axes``; with ``axes=None``, half the dimensions).
    size : int, sequence of int or None
        Length of the result along each merged axis (default ``s`` times the
        component length); extra samples at the end are dropped.
    axes : int, sequence of int or None
        Axes of ``rest`` that were split (default: all of them).

    Examples
    --------
    >>> x = np.arange(7)
    >>> polyphase_merge(polyphase_components(x, 3), size=7)
    array([0, 1, 2, 3, 4, 5, 6])
    """
    components = as_numeric_array("components", components)
    if axes is None:
        if components.ndim % 2:
            raise ConvArgumentError(
                "components must have an even number of dimensions when axes is None "
                f"(phase axes, then signal axes), got {components.ndim}",
                "wrong_ndim",
            )
        m = components.ndim // 2
        chosen = tuple(range(m))
    else:
        rest_ndim = _guess_rest_ndim(components, axes)
        chosen = _axes(axes, rest_ndim)
        m = len(chosen)
    factors = components.shape[:m]
    rest = components.shape[m:]
    full = list(rest)
    for a, s in zip(chosen, factors, strict=True):
        full[a] = rest[a] * s
    out = np.zeros(full, dtype=components.dtype)
    for phase in np.ndindex(*factors):
        index: list[slice] = [slice(None)] * len(rest)
        for a, s, r in zip(chosen, factors, phase, strict=True):
            index[a] = slice(r, None, s)
        out[tuple(index)] = components[phase]
    if size is not None:
        sizes = _factors_or_zero("size", size, m)
        crop: list[slice] = [slice(None)] * len(rest)
        for a, n in zip(chosen, sizes, strict=True):
            if n > full[a]:
                raise ConvArgumentError(
                    f"size must be at most {full[a]} along axis {a}, got {n}", "value_out_of_range"
                )
            crop[a] = slice(0, n)
        out = out[tuple(crop)]
    return out


def _guess_rest_ndim(components: np.ndarray, axes: Axes) -> int:
    count = 1 if isinstance(axes, numbers.Integral) else len(tuple(axes))  # type: ignore[arg-type]
    return components.ndim - count


# ---------------------------------------------------------------------------------------
# The transposed convolution by phases.


def _axis_phase_plan(r: int, s: int, p: int, d: int, k: int) -> tuple[list[int], int, int]:
    """For output phase ``r`` along one axis: the taps, the input offset and the dilation.

    Output cell ``o = s q + r`` sits at canvas position ``z = o + p``; write
    ``r + p = s c + rho``. Tap ``t`` reaches it from input cell ``x = q + c - u_t``
    when ``d t = s u_t + rho``. The taps form an arithmetic progression in ``t``
    (step ``s / g``) and ``u`` (step ``e = d / g``), ``g = gcd(s, d)``.
    Returns the taps (increasing ``t``), the offset ``a`` of a correlation of the
    input with the reversed taps (output ``q`` reads input ``q + a + e m``), and ``e``.
    """
    c, rho = divmod(r + p, s)
    taps = [t for t in range(k) if (d * t) % s == rho]
    g = math.gcd(s, d)
    e = d // g
    if not taps:
        return [], 0, e
    u0 = (d * taps[0] - rho) // s
    offset = c - u0 - (len(taps) - 1) * e
    return taps, offset, e


def polyphase_conv_transpose(
    x: object,
    weight: object,
    stride: Factors = 1,
    padding: Factors = 0,
    output_padding: Factors = 0,
    dilation: Factors = 1,
) -> np.ndarray:
    """A transposed convolution computed phase by phase, as stride-1 convolutions.

    Output phase ``r`` (the cells ``o = s q + r``) of a stride-``s`` transposed
    convolution only ever meets the taps ``t`` with ``d t = r + p (mod s)``: it is an
    ordinary stride-1 convolution of the *input* with those taps, reversed (a
    polyphase component of the kernel; ``w[(r + p) % s :: s]`` without dilation).
    This function computes every phase that way with :func:`tconv_lib.conv` and
    interleaves the results. It equals :func:`tconv_lib.conv_transpose` (``groups=1``)
    for every kernel size, stride, padding, output padding and dilation.

    Parameters
    ----------
    x : array_like
        Shape ``(N, C_in, *i)`` with 1 to 3 spatial axes.
    weight : array_like
        Shape ``(C_in, C_out, *k)`` (PyTorch's ``conv_transpose`` layout).
    stride, padding, output_padding, dilation : int or sequence of int
        As in :func:`tconv_lib.conv_transpose`.

    Returns
    -------
    numpy.ndarray
        Shape ``(N, C_out, *o)``, ``o = (i - 1) s - 2 p + d (k - 1) + a + 1``.

    Examples
    --------
    >>> x, w = np.array([[[1.0, 10.0]]]), np.array([[[1.0, 2.0, 3.0]]])
    >>> polyphase_conv_transpose(x, w, stride=2)
    array([[[ 1.,  2., 13., 20., 30.]]])
    """
    x = as_numeric_array("x", x)
    weight = as_numeric_array("weight", weight)
    if x.ndim not in (3, 4, 5):
        raise ConvArgumentError(
            f"x must have shape (N, C_in, *spatial) with 1 to 3 spatial axes, got shape {x.shape}",
            "wrong_ndim",
        )
    if weight.ndim != x.ndim or weight.shape[0] != x.shape[1]:
        raise ConvArgumentError(
            f"weight must have shape (C_in={x.shape[1]}, C_out, *k) with "
            f"{x.ndim - 2} spatial axes, got shape {weight.shape}",
            "wrong_ndim",
        )
    ndim = x.ndim - 2
    s = _factors("stride", stride, ndim)
    p = _factors_or_zero("padding", padding, ndim)
    a = _factors_or_zero("output_padding", output_padding, ndim)
    d = _factors("dilation", dilation, ndim)
    i, k = x.shape[2:], weight.shape[2:]
    o = tuple(
        conv_transpose_output_size(*args) for args in zip(i, k, s, p, a, d, strict=True)
    )  # validates the geometry
    dtype = np.result_type(x, weight)
    out = np.zeros((x.shape[0], weight.shape[1], *o), dtype=dtype)
    conv_layout = np.swapaxes(weight, 0, 1)  # (C_out, C_in, *k)
    for phase in np.ndindex(*s):
        counts = [-(-(oo - r) // ss) for oo, r, ss in zip(o, phase, s, strict=True)]
        if min(counts) <= 0:
            continue
        plans = [_axis_phase_plan(*args) for args in zip(phase, s, p, d, k, strict=True)]
        if any(not taps for taps, _, _ in plans):
            continue  # no tap reaches this phase: it stays zero
        sub = conv_layout[
            np.ix_(
                range(conv_layout.shape[0]),
                range(conv_layout.shape[1]),
                *(taps[::-1] for taps, _, _ in plans),
            )
        ]
        # Pad or crop the input so that a valid correlation gives exactly `counts` cells.
        window = x
        for axis, ((taps, offset, e), n, count) in enumerate(zip(plans, i, counts, strict=True)):
            needed = count - 1 + (len(taps) - 1) * e + 1
            before = max(0, -offset)
            after = max(0, offset + before + needed - (n + before))
            widths = [(0, 0)] * x.ndim
            widths[2 + axis] = (before, after)
            window = np.pad(window, widths)
            start = offset + before
            index: list[slice] = [slice(None)] * x.ndim
            index[2 + axis] = slice(start, start + needed)
            window = window[tuple(index)]
        result = conv(
            window.astype(dtype, copy=False),
            sub.astype(dtype, copy=False),
            dilation=tuple(e for _, _, e in plans),
        )
        target: list[slice] = [slice(None), slice(None)]
        target += [slice(r, None, ss) for r, ss in zip(phase, s, strict=True)]
        out[tuple(target)] = result
    return out


# ---------------------------------------------------------------------------------------
# Pixel shuffle and the sub-pixel convolution.


def _shuffle(x: np.ndarray, factors: tuple[int, ...]) -> np.ndarray:
    ndim = len(factors)
    lead, channels, spatial = x.shape[: -ndim - 1], x.shape[-ndim - 1], x.shape[-ndim:]
    block = math.prod(factors)
    c = channels // block
    y = x.reshape(*lead, c, *factors, *spatial)
    b = len(lead)
    # (..., C, r_1..r_n, H_1..H_n) -> (..., C, H_1, r_1, ..., H_n, r_n)
    order = list(range(b + 1))
    for j in range(ndim):
        order += [b + 1 + ndim + j, b + 1 + j]
    y = y.transpose(order)
    return y.reshape(*lead, c, *(h * r for h, r in zip(spatial, factors, strict=True)))


def _unshuffle(x: np.ndarray, factors: tuple[int, ...]) -> np.ndarray:
    ndim = len(factors)
    lead, c, spatial = x.shape[: -ndim - 1], x.shape[-ndim - 1], x.shape[-ndim:]
    coarse = tuple(n // r for n, r in zip(spatial, factors, strict=True))
    split = [v for pair in zip(coarse, factors, strict=True) for v in pair]
    y = x.reshape(*lead, c, *split)
    b = len(lead)
    order = list(range(b + 1))
    order += [b + 2 + 2 * j for j in range(ndim)] + [b + 1 + 2 * j for j in range(ndim)]
    y = y.transpose(order)
    return y.reshape(*lead, c * math.prod(factors), *coarse)


def _check_shuffle_input(x: object, spatial_dims: int, name: str) -> tuple[np.ndarray, int]:
    x = as_numeric_array("x", x)
    spatial_dims = check_int("spatial_dims", spatial_dims, 1)
    if spatial_dims > 3:
        raise ConvArgumentError(
            f"spatial_dims must be 1, 2 or 3, got {spatial_dims}", "value_out_of_range"
        )
    if x.ndim < spatial_dims + 1:
        raise ConvArgumentError(
            f"{name} needs x of shape (*, C, *spatial) with {spatial_dims} spatial "
            f"axes, got shape {x.shape}",
            "wrong_ndim",
        )
    return x, spatial_dims


def pixel_shuffle(x: object, upscale_factor: int, *, spatial_dims: int = 2) -> np.ndarray:
    """Depth to space, as ``torch.nn.functional.pixel_shuffle``.

    ``(*, C r^2, H, W) -> (*, C, H r, W r)``: channel ``c r^2 + r_1 r + r_2`` fills
    the output cells ``(h r + r_1, w r + r_2)``.

    Parameters
    ----------
    x : array_like
        Shape ``(*, C r^2, H, W)`` (any number of leading axes).
    upscale_factor : int
        ``r >= 1``.
    spatial_dims : int
        Number of trailing spatial axes (PyTorch: 2). With 1 or 3 the same rule
        holds along every axis: ``(*, C r^n, *i) -> (*, C, *(i r))``.

    Returns
    -------
    numpy.ndarray

    Raises
    ------
    ValueError
        If the channel count is not divisible by ``r^n``.

    Examples
    --------
    >>> pixel_shuffle(np.arange(4).reshape(1, 4, 1, 1), 2)[0, 0]
    array([[0, 1],
           [2, 3]])
    """
    x, spatial_dims = _check_shuffle_input(x, spatial_dims, "pixel_shuffle")
    r = check_int("upscale_factor", upscale_factor, 1)
    channels = x.shape[-spatial_dims - 1]
    if channels % r**spatial_dims:
        raise ConvArgumentError(
            f"pixel_shuffle needs the channel count to be divisible by upscale_factor**"
            f"{spatial_dims} = {r**spatial_dims}, got {channels} channels",
            "channels_not_divisible",
        )
    return _shuffle(x, (r,) * spatial_dims)


def pixel_unshuffle(x: object, downscale_factor: int, *, spatial_dims: int = 2) -> np.ndarray:
    """Space to depth, as ``torch.nn.functional.pixel_unshuffle``: the inverse of
    :func:`pixel_shuffle`, ``(*, C, H r, W r) -> (*, C r^2, H, W)``.

    Parameters
    ----------
    x : array_like
        Shape ``(*, C, H r, W r)`` (any number of leading axes).
    downscale_factor : int
        ``r >= 1``.
    spatial_dims : int
        Number of trailing spatial axes (PyTorch: 2).

    Returns
    -------
    numpy.ndarray

    Raises
    ------
    ValueError
        If a spatial size is not divisible by ``r``.

    Examples
    --------
    >>> x = np.arange(2 * 4 * 6).reshape(1, 2, 4, 6)
    >>> bool((pixel_shuffle(pixel_unshuffle(x, 2), 2) == x).all())
    True
    >>> pixel_unshuffle(x, 2).shape
    (1, 8, 2, 3)
    """
    x, spatial_dims = _check_shuffle_input(x, spatial_dims, "pixel_unshuffle")
    r = check_int("downscale_factor", downscale_factor, 1)
    spatial = x.shape[-spatial_dims:]
    if any(n % r for n in spatial):
        raise ConvArgumentError(
            f"pixel_unshuffle needs every spatial size to be divisible by "
            f"downscale_factor = {r}, got spatial shape {spatial}",
            "value_out_of_range",
        )
    return _unshuffle(x, (r,) * spatial_dims)


def subpixel_weights(weight: object, stride: int, *, extend: bool = False) -> np.ndarray:
    """The sub-pixel convolution weight equivalent to a transposed convolution weight.

    For a ``conv_transpose`` weight of shape ``(C_in, C_out, *k)`` with every
    ``k_j = m_j s``, returns the ``conv`` weight ``W`` of shape
    ``(C_out s^n, C_in, *m)`` with

    ``conv_transpose(x, weight, stride=s) == pixel_shuffle(conv(x, W, padding=m - 1), s)``

    (``n`` spatial axes; for ``n != 2`` pass ``spatial_dims=n`` to
    :func:`pixel_shuffle`). Entry ``W[c s^n + r, c_in, j]`` is
    ``weight[c_in, c, r + s (m - 1 - j)]`` per axis: phase ``r`` of the kernel,
    reversed. A bias ``b`` of the transposed convolution becomes
    :func:`subpixel_bias` ``(b, s, n)``. Padding ``p`` of the transposed
    convolution crops ``p`` cells from both ends of the shuffled output, and
    ``output_padding`` keeps ``a`` of the cropped cells at the far end.

    Parameters
    ----------
    weight : array_like
        Shape ``(C_in, C_out, *k)``, 1 to 3 spatial axes.
    stride : int
        ``s >= 1``.
    extend : bool
        What to do with a kernel size that is not a multiple of ``s``. ``False``
        (default): raise ``ValueError``. ``True``: zero-extend the kernel at the far
        end to ``m s`` taps, ``m = ceil(k / s)``; the shuffled output is then
        ``m s - k`` cells longer than the transposed convolution's at the far end,
        and those cells must be cropped.

    Returns
    -------
    numpy.ndarray

    Examples
    --------
    >>> w = np.arange(4.0).reshape(1, 1, 4)  # k = 4 = 2 x 2
    >>> subpixel_weights(w, 2)[:, 0]
    array([[2., 0.],
           [3., 1.]])
    """
    weight = as_numeric_array("weight", weight)
    s = check_int("stride", stride, 1)
    if not isinstance(extend, bool):
        raise TypeError(f"extend must be True or False, got {extend!r}")
    if weight.ndim not in (3, 4, 5):
        raise ConvArgumentError(
            f"weight must have shape (C_in, C_out, *k) with 1 to 3 spatial axes, "
            f"got shape {weight.shape}",
            "wrong_ndim",
        )
    k = weight.shape[2:]
    if any(kk % s for kk in k):
        if not extend:
            raise ConvArgumentError(
                f"subpixel_weights needs every kernel size to be a multiple of stride = {s} "
                f"(k = m s), got kernel shape {k}; pass extend=True to zero-extend it to "
                f"{tuple(-(-kk // s) * s for kk in k)} and crop the extra output cells",
                "value_out_of_range",
            )
        padded = np.zeros((*weight.shape[:2], *(-(-kk // s) * s for kk in k)), weight.dtype)
        padded[(slice(None), slice(None), *(slice(0, kk) for kk in k))] = weight
        weight = padded
    ndim = weight.ndim - 2
    c_in, c_out = weight.shape[:2]
    m = tuple(kk // s for kk in weight.shape[2:])
    # Axis j of the kernel is t_j = s u_j + r_j; split, then reverse u.
    split = weight.reshape(c_in, c_out, *(v for mm in m for v in (mm, s)))
    order = [1, *(3 + 2 * j for j in range(ndim)), 0, *(2 + 2 * j for j in range(ndim))]
    result = split.transpose(order)  # (C_out, r_1..r_n, C_in, u_1..u_n)
    result = np.flip(result, axis=tuple(range(ndim + 2, 2 * ndim + 2)))
    return np.ascontiguousarray(result.reshape(c_out * s**ndim, c_in, *m))


def transposed_from_subpixel(weight: object, stride: int) -> np.ndarray:
    """The inverse of :func:`subpixel_weights`: a sub-pixel ``conv`` weight
    ``(C_out s^n, C_in, *m)`` as the ``conv_transpose`` weight ``(C_in, C_out, *(m s))``.

    With it, ``pixel_shuffle(conv(x, W, padding=m - 1), s) ==
    conv_transpose(x, transposed_from_subpixel(W, s), stride=s)``: any sub-pixel
    layer is a transposed convolution whose kernel size is a multiple of ``s``
    (Colbert et al. 2021 use this to deploy trained sub-pixel layers).

    Parameters
    ----------
    weight : array_like
        Shape ``(C_out s^n, C_in, *m)``, 1 to 3 spatial axes; channel ``c s^n + r``
        (``r`` the phase, row-major) is phase ``r`` of output channel ``c``.
    stride : int
        ``s >= 1``.

    Returns
    -------
    numpy.ndarray
        Shape ``(C_in, C_out, *(m s))``.

    Raises
    ------
    ValueError
        If ``weight.shape[0]`` is not divisible by ``s^n``.

    Examples
    --------
    >>> w = np.random.default_rng(0).standard_normal((3, 2, 6, 4))
    >>> bool(np.array_equal(transposed_from_subpixel(subpixel_weights(w, 2), 2), w))
    True
    """
    weight = as_numeric_array("weight", weight)
    s = check_int("stride", stride, 1)
    if weight.ndim not in (3, 4, 5):
        raise ConvArgumentError(
            f"weight must have shape (C_out s^n, C_in, *m) with 1 to 3 spatial "
            f"axes, got shape {weight.shape}",
            "wrong_ndim",
        )
    ndim = weight.ndim - 2
    block = s**ndim
    if weight.shape[0] % block:
        raise ConvArgumentError(
            f"weight.shape[0] must be divisible by stride**{ndim} = {block}, got {weight.shape[0]}",
            "channels_not_divisible",
        )
    c_out, c_in, m = weight.shape[0] // block, weight.shape[1], weight.shape[2:]
    split = weight.reshape(c_out, *(s,) * ndim, c_in, *m)
    split = np.flip(split, axis=tuple(range(ndim + 2, 2 * ndim + 2)))
    # (C_out, r.., C_in, u..) -> (C_in, C_out, u_1, r_1, ..., u_n, r_n)
    order = [ndim + 1, 0, *(v for j in range(ndim) for v in (ndim + 2 + j, 1 + j))]
    return np.ascontiguousarray(split.transpose(order).reshape(c_in, c_out, *(mm * s for mm in m)))


def subpixel_bias(bias: object, stride: int, spatial_dims: int = 2) -> np.ndarray:
    """The bias of the sub-pixel convolution: each ``b_c`` repeated ``s^n`` times.

    Parameters
    ----------
    bias : array_like
        The transposed convolution's bias, shape ``(C_out,)``.
    stride : int
        ``s >= 1``.
    spatial_dims : int
        ``n``, the number of spatial axes.

    Returns
    -------
    numpy.ndarray
        Shape ``(C_out s^n,)``.

    Examples
    --------
    >>> subpixel_bias([1.0, 2.0], 2)
    array([1., 1., 1., 1., 2., 2., 2., 2.])
    """
    bias = as_numeric_array("bias", bias)
    s = check_int("stride", stride, 1)
    spatial_dims = check_int("spatial_dims", spatial_dims, 1)
    if bias.ndim != 1:
        raise ConvArgumentError(
            f"bias must have shape (C_out,), got shape {bias.shape}", "wrong_ndim"
        )
    return np.repeat(bias, s**spatial_dims)


def icnr_weights(kernel: object, stride: int, spatial_dims: int = 2) -> np.ndarray:
    """ICNR initialisation (Aitken et al. 2017): ``s^n`` copies of each sub-pixel kernel.

    Given a ``conv`` weight ``(C_out, C_in, *m)``, returns ``(C_out s^n, C_in, *m)``
    in which all ``s^n`` phase channels of output channel ``c`` hold the same kernel.
    The sub-pixel layer is then a convolution followed by nearest-neighbour
    upsampling, and its equivalent transposed-convolution kernel
    (:func:`transposed_from_subpixel`) has equal phase sums: no checkerboard.

    Parameters
    ----------
    kernel : array_like
        The shared kernels, shape ``(C_out, C_in, *m)``.
    stride : int
        ``s >= 1``.
    spatial_dims : int
        ``n``, the number of spatial axes.

    Returns
    -------
    numpy.ndarray
        Shape ``(C_out s^n, C_in, *m)``.

    Examples
    --------
    >>> icnr_weights(np.ones((1, 1, 3, 3)), 2).shape
    (4, 1, 3, 3)
    """
    kernel = as_numeric_array("kernel", kernel)
    s = check_int("stride", stride, 1)
    spatial_dims = check_int("spatial_dims", spatial_dims, 1)
    if kernel.ndim != spatial_dims + 2:
        raise ConvArgumentError(
            f"kernel must have shape (C_out, C_in, *m) with {spatial_dims} spatial "
            f"axes, got shape {kernel.shape}",
            "wrong_ndim",
        )
    return np.repeat(kernel, s**spatial_dims, axis=0)
