"""Convolution arithmetic: output sizes, the direct convolution equivalent to a
transposed one, pooling sizes, and the argument validation every other module
relies on.

All size formulas follow Dumoulin & Visin (2016) and PyTorch's conventions:
``i`` input size, ``k`` kernel size, ``s`` stride, ``p`` zero padding on each
side, ``d`` dilation, ``a`` output padding (extra cells on the bottom/right
edge of a transposed convolution's output). Padding may also be given per
side, as a pair ``(before, after)``; ``2p`` then reads ``before + after``.

Each size has exactly one formula here (``_conv_size``, ``_transpose_size``,
:func:`pool_output_size`), used both by the scalar functions and by
:func:`validate_conv_call`, and each broken rule has one wording. Invalid
values raise :class:`ConvArgumentError`, a ``ValueError`` whose ``rule`` is
one of :data:`ERROR_RULES`; wrong types raise ``TypeError``.

Examples
--------
>>> try:
...     conv_output_size(3, 5)
... except ConvArgumentError as error:
...     print(error.rule)
kernel_too_large
>>> sorted(ERROR_RULES)[:3]
['below_minimum', 'bias_shape', 'channel_mismatch']
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ._checks import (
    ERROR_RULES,
    ConvArgumentError,
    as_numeric_array,
    as_tuple,
    check_int,
)

IntOrTuple = int | Sequence[int]
#: Padding of one axis: ``p`` zeros on both sides, or ``(before, after)``.
SidePadding = int | tuple[int, int]
#: Padding of a call: an int, one entry per axis (each an int or a pair), or a string.
PaddingArg = int | Sequence[int | Sequence[int]] | str

__all__ = [
    "ERROR_RULES",
    "ConvArgumentError",
    "ConvGeometry",
    "DirectEquivalent",
    "conv_output_size",
    "conv_transpose_output_size",
    "effective_kernel_size",
    "inverse_output_padding",
    "pool_output_size",
    "transposed_as_direct",
    "validate_conv_call",
]


def effective_kernel_size(k: int, dilation: int = 1) -> int:
    """Extent of a dilated kernel: ``d (k - 1) + 1`` cells.

    Examples
    --------
    >>> effective_kernel_size(3, dilation=2)
    5
    """
    k = check_int("k", k, 1)
    dilation = check_int("dilation", dilation, 1)
    return dilation * (k - 1) + 1


# --------------------------------------------------------------------------
# the rules, one check and one wording each; ``where`` names the axis, if any


def _side_padding(name: str, value: object) -> tuple[int, int]:
    """``p`` -> ``(p, p)``; ``(before, after)`` checked; both >= 0."""
    if isinstance(value, numbers.Integral) or isinstance(value, bool):
        p = check_int(name, value, 0)
        return p, p
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
        raise TypeError(f"{name} must be an int or a pair (before, after) of ints, got "
                        f"{value!r} of type {type(value).__name__}")
    if len(value) != 2:
        raise ConvArgumentError(
            f"{name} must be an int or a pair (before, after), got {tuple(value)!r} with "
            f"{len(value)} entries", "wrong_length")
    return check_int(f"{name}[0]", value[0], 0), check_int(f"{name}[1]", value[1], 0)


def _padding_text(before: int, after: int) -> str:
    return str(before) if before == after else f"({before}, {after})"


def _two_p(before: int, after: int) -> str:
    return "2p" if before == after else "p_before - p_after"


def _check_kernel_fits(i: int, k: int, before: int, after: int, dilation: int,
                       where: str = "") -> None:
    extent = dilation * (k - 1) + 1
    padded = i + before + after
    if extent > padded:
        raise ConvArgumentError(
            f"kernel larger than the padded input{where}: dilated kernel size d(k-1)+1 = "
            f"{extent} (k={k}, dilation={dilation}) exceeds the padded input size "
            f"i + {'2p' if before == after else 'p_before + p_after'} = {padded} "
            f"(i={i}, padding={_padding_text(before, after)})",
            "kernel_too_large")


def _check_output_padding(output_padding: int, stride: int, dilation: int,
                          where: str = "") -> None:
    limit = max(stride, dilation)
    if output_padding >= limit:
        raise ConvArgumentError(
            f"output_padding{_entry(where)} must be smaller than max(stride, dilation) = "
            f"{limit}, "
            f"got output_padding={output_padding} (stride={stride}, dilation={dilation})",
            "output_padding_too_large")


def _slack(i: int, k: int, before: int, after: int, dilation: int) -> int:
    """Cells of the padded input beyond the first window, ``i + p_before + p_after - d(k-1) - 1``.

    The convolution's size is ``slack // s + 1``, the output padding that inverts it
    ``slack % s``, and pooling rounds the same division up or down.
    """
    return i + before + after - dilation * (k - 1) - 1


def _conv_size(i: int, k: int, stride: int, before: int, after: int, dilation: int,
               where: str = "") -> int:
    """The one formula ``floor((i + p_before + p_after - d(k-1) - 1) / s) + 1``."""
    _check_kernel_fits(i, k, before, after, dilation, where)
    return _slack(i, k, before, after, dilation) // stride + 1


def _transpose_formula(i: int, k: int, stride: int, before: int, after: int,
                       output_padding: int, dilation: int) -> int:
    """The one formula ``(i - 1) s - p_before - p_after + d(k - 1) + a + 1``, unchecked."""
    return (i - 1) * stride - before - after + dilation * (k - 1) + output_padding + 1


def _transpose_size(i: int, k: int, stride: int, before: int, after: int,
                    output_padding: int, dilation: int, where: str = "") -> int:
    """:func:`_transpose_formula` after checking ``a`` and that the size is >= 1."""
    _check_output_padding(output_padding, stride, dilation, where)
    size = _transpose_formula(i, k, stride, before, after, output_padding, dilation)
    if size < 1:
        raise ConvArgumentError(
            f"transposed convolution output size (i-1)s - {_two_p(before, after)} + d(k-1) + "
            f"a + 1 = {size} < 1{where}, below 1 cell (i={i}, k={k}, stride={stride}, "
            f"padding={_padding_text(before, after)}, output_padding={output_padding}, "
            f"dilation={dilation}): reduce padding",
            "output_size_below_one")
    return size


# --------------------------------------------------------------------------
# output sizes


def conv_output_size(i: int, k: int, stride: int = 1, padding: SidePadding = 0,
                     dilation: int = 1) -> int:
    """Output size of a convolution along one dimension.

    ``o = floor((i + 2p - d(k - 1) - 1) / s) + 1``, Dumoulin & Visin's
    relationships 1-6 in one formula.

    Parameters
    ----------
    i, k : int
        Input and kernel size (>= 1).
    stride, dilation : int
        ``s >= 1``, ``d >= 1``.
    padding : int or (int, int)
        ``p >= 0`` zeros on each side, or ``(before, after)`` (``2p`` becomes
        ``before + after``).

    Returns
    -------
    int
        The output size ``o >= 1``.

    Raises
    ------
    ConvArgumentError
        If the dilated kernel is larger than the padded input (rule
        ``kernel_too_large``), or a parameter is out of range.

    See Also
    --------
    conv_transpose_output_size, pool_output_size

    Examples
    --------
    >>> conv_output_size(5, 3, stride=2, padding=1)
    3
    >>> conv_output_size(5, 4, padding=(1, 2))
    5
    """
    i = check_int("i", i, 1)
    k = check_int("k", k, 1)
    stride = check_int("stride", stride, 1)
    before, after = _side_padding("padding", padding)
    dilation = check_int("dilation", dilation, 1)
    return _conv_size(i, k, stride, before, after, dilation)


def conv_transpose_output_size(
    i: int,
    k: int,
    stride: int = 1,
    padding: SidePadding = 0,
    output_padding: int = 0,
    dilation: int = 1,
) -> int:
    """Output size of a transposed convolution along one dimension.

    ``o = (i - 1) s - 2p + d(k - 1) + a + 1`` with ``a = output_padding``.

    Parameters
    ----------
    i, k : int
        Input and kernel size (>= 1).
    stride, output_padding, dilation : int
        ``s >= 1``, ``0 <= a < max(s, d)``, ``d >= 1``.
    padding : int or (int, int)
        ``p >= 0`` cells cropped from each side of the full output, or
        ``(before, after)``.

    Returns
    -------
    int
        The output size ``o >= 1``.

    Raises
    ------
    ConvArgumentError
        If ``output_padding >= max(stride, dilation)`` (rule
        ``output_padding_too_large``) or the size would be < 1 (rule
        ``output_size_below_one``).

    See Also
    --------
    conv_output_size, inverse_output_padding

    Examples
    --------
    >>> conv_transpose_output_size(3, 3, stride=2, padding=1)
    5
    >>> conv_transpose_output_size(3, 3, stride=2, padding=1, output_padding=1)
    6
    """
    i = check_int("i", i, 1)
    k = check_int("k", k, 1)
    stride = check_int("stride", stride, 1)
    before, after = _side_padding("padding", padding)
    output_padding = check_int("output_padding", output_padding, 0)
    dilation = check_int("dilation", dilation, 1)
    return _transpose_size(i, k, stride, before, after, output_padding, dilation)


def inverse_output_padding(
    i: int, k: int, stride: int = 1, padding: SidePadding = 0, dilation: int = 1
) -> int:
    """The remainder ``a = (i + 2p - d(k - 1) - 1) mod s``.

    A stride-``s`` convolution maps ``s`` different input sizes to the same
    output size; ``a`` says which one ``i`` was. The transposed convolution
    with ``output_padding=a`` maps the convolution's output size back to ``i``.

    Examples
    --------
    >>> o = conv_output_size(6, 3, stride=2, padding=1)
    >>> a = inverse_output_padding(6, 3, stride=2, padding=1)
    >>> (o, a, conv_transpose_output_size(o, 3, stride=2, padding=1, output_padding=a))
    (3, 1, 6)
    """
    conv_output_size(i, k, stride, padding, dilation)  # validates, incl. kernel fits
    before, after = _side_padding("padding", padding)
    return _slack(i, k, before, after, dilation) % stride


def pool_output_size(
    i: int,
    k: int,
    stride: int | None = None,
    padding: int = 0,
    dilation: int = 1,
    ceil_mode: bool = False,
) -> int:
    """Output size of max or average pooling along one dimension, as in PyTorch.

    ``o = floor((i + 2p - d(k - 1) - 1) / s) + 1``, the convolution's formula;
    with ``ceil_mode=True`` the division rounds up, except that the last
    window must start inside the input or the left padding: a window that
    would start in the right padding is dropped
    (``torch.nn.MaxPool*d``/``AvgPool*d``, whose ``stride`` defaults to the
    kernel size).

    Parameters
    ----------
    i, k : int
        Input and window size (>= 1).
    stride : int, optional
        ``s >= 1``; ``None`` (the default) means ``s = k``.
    padding : int
        ``p >= 0`` on each side; PyTorch requires ``p <= k // 2``.
    dilation : int
        ``d >= 1`` (max pooling only, in PyTorch).
    ceil_mode : bool
        Round the number of steps up instead of down.

    Returns
    -------
    int
        The output size ``o >= 1``.

    Raises
    ------
    ConvArgumentError
        ``padding > k // 2`` (rule ``pool_padding_too_large``), or no window
        fits (rule ``kernel_too_large``). With ``ceil_mode=True`` a window that
        starts inside the input but overhangs the padded input still counts, as
        in PyTorch.

    See Also
    --------
    conv_output_size

    Examples
    --------
    >>> pool_output_size(5, 2), pool_output_size(5, 2, ceil_mode=True)
    (2, 3)
    >>> pool_output_size(4, 2, padding=1, ceil_mode=True)  # no window starts in the padding
    3
    """
    i = check_int("i", i, 1)
    k = check_int("k", k, 1)
    stride = k if stride is None else check_int("stride", stride, 1)
    padding = check_int("padding", padding, 0)
    dilation = check_int("dilation", dilation, 1)
    if not isinstance(ceil_mode, (bool, np.bool_)):
        raise TypeError(f"ceil_mode must be a bool, got {ceil_mode!r} of type "
                        f"{type(ceil_mode).__name__}")
    if padding > k // 2:
        raise ConvArgumentError(
            f"padding must be at most half the kernel size for pooling, k // 2 = {k // 2}, "
            f"got padding={padding} (k={k})", "pool_padding_too_large")
    extra = stride - 1 if ceil_mode else 0
    size = (_slack(i, k, padding, padding, dilation) + extra) // stride + 1
    if ceil_mode and (size - 1) * stride >= i + padding:
        size -= 1
    if size < 1:  # only when no window fits; ceil_mode may still keep one that overhangs
        _check_kernel_fits(i, k, padding, padding, dilation)
    return size


@dataclass(frozen=True)
class DirectEquivalent:
    """A transposed convolution rewritten as a stride-1 convolution.

    Attributes
    ----------
    zeros_between : int
        ``s - 1`` zeros inserted between neighbouring input cells.
    stretched_size : int
        Size of the input after zero insertion, ``(i - 1) s + 1``.
    pad_before, pad_after : int
        Zeros added before / after the stretched input, ``d(k-1) - p`` and
        ``d(k-1) - p + a``. A negative value means cells are cropped instead.
    dilation : int
        Dilation of the (flipped) kernel, unchanged.
    output_size : int
        Size of the result, equal to :func:`conv_transpose_output_size`.
    kernel_flipped : bool
        Always ``True``: the equivalent convolution uses the kernel reversed
        along every spatial axis.
    """

    zeros_between: int
    stretched_size: int
    pad_before: int
    pad_after: int
    dilation: int
    output_size: int
    kernel_flipped: bool = True

    @property
    def padded_size(self) -> int:
        """Size of the stretched input after padding (or cropping)."""
        return self.stretched_size + self.pad_before + self.pad_after


def transposed_as_direct(
    i: int,
    k: int,
    stride: int = 1,
    padding: SidePadding = 0,
    output_padding: int = 0,
    dilation: int = 1,
) -> DirectEquivalent:
    """Parameters of the stride-1 convolution equivalent to a transposed one.

    Dumoulin & Visin's construction: insert ``s - 1`` zeros between input
    cells, pad ``d(k - 1) - p`` zeros before and ``d(k - 1) - p + a`` after,
    then convolve with the flipped kernel at unit stride and dilation ``d``.
    With per-side padding ``(before, after)`` the pads are
    ``d(k - 1) - before`` and ``d(k - 1) - after + a``.

    Examples
    --------
    >>> eq = transposed_as_direct(2, 3, stride=2)
    >>> (eq.zeros_between, eq.stretched_size, eq.pad_before, eq.pad_after, eq.output_size)
    (1, 3, 2, 2, 5)
    """
    size = conv_transpose_output_size(i, k, stride, padding, output_padding, dilation)
    before, after = _side_padding("padding", padding)
    reach = dilation * (k - 1)
    return DirectEquivalent(
        zeros_between=stride - 1,
        stretched_size=(i - 1) * stride + 1,
        pad_before=reach - before,
        pad_after=reach - after + output_padding,
        dilation=dilation,
        output_size=size,
    )


# --------------------------------------------------------------------------
# whole-call validation shared by ops, matrix and diagrams


@dataclass(frozen=True)
class ConvGeometry:
    """Validated, per-dimension arguments of one (transposed) convolution call.

    ``pad_before``/``pad_after`` are the zeros added on each side of every
    spatial axis of a convolution's input, or the cells cropped from each side
    of a transposed convolution's full output. They are equal unless the
    padding was given per side or ``padding='same'`` needs an odd total.

    Examples
    --------
    >>> geo = validate_conv_call(np.zeros((1, 1, 5)), np.zeros((1, 1, 2)), padding=((0, 1),))[2]
    >>> geo.pad_before, geo.pad_after, geo.output_shape
    ((0,), (1,), (5,))
    """

    ndim: int
    input_shape: tuple[int, ...]
    kernel_shape: tuple[int, ...]
    stride: tuple[int, ...]
    pad_before: tuple[int, ...]
    pad_after: tuple[int, ...]
    dilation: tuple[int, ...]
    output_padding: tuple[int, ...]
    groups: int
    output_shape: tuple[int, ...]


def _check_arrays(x: object, weight: object) -> tuple[np.ndarray, np.ndarray, int, bool]:
    """Numeric arrays of matching ranks, ``x`` batched, no empty axis; was ``x`` batched."""
    x_arr = as_numeric_array("x", x)
    w_arr = as_numeric_array("weight", weight)
    batched = x_arr.ndim == w_arr.ndim
    if w_arr.ndim not in (3, 4, 5):
        raise ConvArgumentError(
            "weight must have 3, 4 or 5 dimensions (channels, channels, 1 to 3 spatial), "
            f"got shape {w_arr.shape}", "wrong_ndim")
    ndim = w_arr.ndim - 2
    if x_arr.ndim == ndim + 1:
        x_arr = x_arr[None]
    elif x_arr.ndim != ndim + 2:
        raise ConvArgumentError(
            f"x must have {ndim + 2} dimensions (N, C, {ndim} spatial) or {ndim + 1} "
            f"(unbatched) to match weight of shape {w_arr.shape}, got shape {x_arr.shape}",
            "wrong_ndim")
    if 0 in w_arr.shape:
        raise ConvArgumentError(f"weight must have no empty dimension, got shape {w_arr.shape}",
                                "empty_array")
    if 0 in x_arr.shape[1:]:
        raise ConvArgumentError(
            f"x must have at least one channel and cell per axis, got shape {x_arr.shape}",
            "empty_array")
    return x_arr, w_arr, ndim, batched


def _check_channels(channels: int, weight_shape: tuple[int, ...], groups: int,
                    transposed: bool) -> None:
    if transposed and channels != weight_shape[0]:
        raise ConvArgumentError(
            f"channel mismatch: x has {channels} channels but a conv_transpose weight "
            f"of shape {weight_shape} expects weight.shape[0] = {weight_shape[0]}",
            "channel_mismatch")
    if not transposed and weight_shape[0] % groups:
        raise ConvArgumentError(
            f"groups={groups} must divide the output channels weight.shape[0] = "
            f"{weight_shape[0]}", "channels_not_divisible")
    if channels % groups:
        raise ConvArgumentError(
            f"groups={groups} must divide the input channels, got {channels} channels",
            "channels_not_divisible")
    if not transposed and channels != weight_shape[1] * groups:
        raise ConvArgumentError(
            f"channel mismatch: x has {channels} channels but weight of shape "
            f"{weight_shape} with groups={groups} expects weight.shape[1] * groups = "
            f"{weight_shape[1] * groups}", "channel_mismatch")


def _resolve_padding(padding: object, ndim: int, kernel: tuple[int, ...],
                     dilation: tuple[int, ...], stride: tuple[int, ...],
                     transposed: bool) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Per-axis ``(before, after)`` from an int, a tuple, pairs, 'valid' or 'same'."""
    if isinstance(padding, str):
        if transposed:
            raise ConvArgumentError(
                f"padding={padding!r}: string padding is only defined for conv; "
                "conv_transpose takes an int, a tuple of ints or (before, after) pairs",
                "padding_mode")
        if padding not in ("valid", "same"):
            raise ConvArgumentError(
                f"padding must be an int, a tuple, (before, after) pairs, 'valid' or 'same', "
                f"got {padding!r}", "padding_mode")
        if padding == "valid":
            return (0,) * ndim, (0,) * ndim
        if any(s != 1 for s in stride):
            raise ConvArgumentError(
                f"padding='same' requires stride 1 in every dimension, got stride={stride}",
                "same_padding_stride")
        totals = [d * (k - 1) for k, d in zip(kernel, dilation, strict=True)]
        before = tuple(t // 2 for t in totals)
        return before, tuple(t - b for t, b in zip(totals, before, strict=True))
    if isinstance(padding, Sequence) and any(
            isinstance(entry, Sequence) and not isinstance(entry, (str, bytes))
            for entry in padding):
        entries = list(padding) * ndim if len(padding) == 1 else list(padding)
        if len(entries) != ndim:
            raise ConvArgumentError(
                f"padding must have one entry per spatial dimension ({ndim}), each an int or "
                f"a pair (before, after), got {tuple(padding)!r} with {len(padding)} entries",
                "wrong_length")
        sides = [_side_padding(f"padding[{j}]", entry) for j, entry in enumerate(entries)]
        return tuple(b for b, _ in sides), tuple(a for _, a in sides)
    pad = as_tuple("padding", padding, ndim, 0)
    return pad, pad


def _resolve_output_padding(output_padding: object, output_size: object, ndim: int,
                            x_shape: tuple[int, ...], kernel: tuple[int, ...],
                            stride: tuple[int, ...], pad_before: tuple[int, ...],
                            pad_after: tuple[int, ...], dilation: tuple[int, ...],
                            transposed: bool, batched: bool) -> tuple[int, ...]:
    out_pad = as_tuple("output_padding", output_padding, ndim, 0)
    if not transposed and any(out_pad):
        raise ConvArgumentError(
            f"output_padding={output_padding!r} only applies to conv_transpose",
            "output_padding_not_transposed")
    if output_size is None:
        return out_pad
    if not transposed:
        raise ConvArgumentError(f"output_size={output_size!r} only applies to conv_transpose",
                                "output_size_not_transposed")
    if any(out_pad):
        raise ConvArgumentError(
            f"output_padding={output_padding!r} and output_size={output_size!r} both given: "
            "output_size determines output_padding, so leave output_padding at 0",
            "output_size_with_output_padding")
    return _output_padding_for(output_size, ndim, x_shape, kernel, stride, pad_before,
                               pad_after, dilation, batched)


def _output_padding_for(output_size: object, ndim: int, x_shape: tuple[int, ...],
                        kernel: tuple[int, ...], stride: tuple[int, ...],
                        pad_before: tuple[int, ...], pad_after: tuple[int, ...],
                        dilation: tuple[int, ...], batched: bool) -> tuple[int, ...]:
    """PyTorch's ``ConvTranspose*d._output_padding``: solve ``o = o_min + a`` for ``a``."""
    non_spatial = 2 if batched else 1
    if isinstance(output_size, (str, bytes)) or not isinstance(output_size,
                                                               (Sequence, np.ndarray)):
        raise TypeError(f"output_size must be a sequence of ints, got {output_size!r} of type "
                        f"{type(output_size).__name__}")
    # Sizes below the range (even 0) get PyTorch's range error below, not a sign error.
    size = tuple(check_int(f"output_size[{j}]", n, 0) for j, n in enumerate(output_size))
    if len(size) == ndim + non_spatial:
        size = size[non_spatial:]
    if len(size) != ndim:
        raise ConvArgumentError(
            f"ConvTranspose{ndim}D: for {ndim + non_spatial}D input, output_size must have "
            f"{ndim} or {ndim + non_spatial} elements (got {len(size)})", "wrong_length")
    spatial = x_shape[2:]
    min_sizes = [_transpose_formula(i, k, s, b, a, 0, d) for i, k, s, b, a, d in
                 zip(spatial, kernel, stride, pad_before, pad_after, dilation, strict=True)]
    max_sizes = [m + s - 1 for m, s in zip(min_sizes, stride, strict=True)]
    if any(not lo <= o <= hi for o, lo, hi in zip(size, min_sizes, max_sizes, strict=True)):
        raise ConvArgumentError(
            f"requested an output size of {list(size)}, but valid sizes range from "
            f"{min_sizes} to {max_sizes} (for an input of {list(spatial)})",
            "output_size_out_of_range")
    return tuple(o - lo for o, lo in zip(size, min_sizes, strict=True))


def _axis_name(axis: int, ndim: int) -> str:
    return f" along spatial axis {axis}" if ndim > 1 else ""


def _entry(where: str) -> str:
    """`` along spatial axis 1`` -> ``[1]``: the entry of a per-axis parameter."""
    return f"[{where.rsplit(' ', 1)[1]}]" if where else ""


def validate_conv_call(
    x: object,
    weight: object,
    *,
    stride: IntOrTuple = 1,
    padding: PaddingArg = 0,
    dilation: IntOrTuple = 1,
    groups: int = 1,
    output_padding: IntOrTuple = 0,
    transposed: bool = False,
    output_size: Sequence[int] | None = None,
) -> tuple[np.ndarray, np.ndarray, ConvGeometry]:
    """Check every argument of a ``conv``/``conv_transpose`` call before any work.

    Layouts are PyTorch's: ``x`` is ``(N, C_in, *spatial)`` (or unbatched
    ``(C_in, *spatial)``), ``weight`` is ``(C_out, C_in/groups, *k)`` for a
    convolution and ``(C_in, C_out/groups, *k)`` for a transposed one.

    Parameters
    ----------
    x, weight : array_like
        The operands (only their shapes and dtypes are read).
    stride, dilation, output_padding : int or tuple of int
        One int for every axis, or one per spatial axis.
    padding : int, tuple, tuple of (before, after) pairs, 'valid' or 'same'
        Per-side padding is given as one pair per axis, e.g. ``((0, 1), (1, 1))``
        (ints and pairs may be mixed; a single pair, ``((0, 1),)``, applies to
        every axis, as a one-entry tuple does); strings only for a convolution.
    groups : int
        Number of channel groups.
    transposed : bool
        Validate a ``conv_transpose`` call.
    output_size : sequence of int, optional
        ``conv_transpose`` only: the wanted output shape (spatial, or with the
        batch and channel axes), as in ``nn.ConvTranspose*d.forward``; it
        determines ``output_padding``.

    Returns
    -------
    x, weight : numpy.ndarray
        The inputs as arrays; ``x`` always batched.
    geometry : ConvGeometry
        Per-dimension integers and the output's spatial shape.

    Raises
    ------
    TypeError
        Non-numeric arrays, non-integer parameters.
    ConvArgumentError
        Any broken rule (a ``ValueError``); the message names the parameter,
        its value and the rule, ``error.rule`` is one of :data:`ERROR_RULES`.

    Examples
    --------
    >>> _, _, g = validate_conv_call(np.zeros((1, 2, 5, 5)), np.zeros((4, 2, 3, 3)), stride=2)
    >>> g.output_shape
    (2, 2)
    >>> _, _, g = validate_conv_call(np.zeros((1, 1, 3)), np.zeros((1, 1, 3)), stride=2,
    ...                              padding=1, transposed=True, output_size=[6])
    >>> g.output_padding, g.output_shape
    ((1,), (6,))
    """
    x_arr, w_arr, ndim, batched = _check_arrays(x, weight)
    groups = check_int("groups", groups, 1)
    stride_t = as_tuple("stride", stride, ndim, 1)
    dilation_t = as_tuple("dilation", dilation, ndim, 1)
    kernel = tuple(int(k) for k in w_arr.shape[2:])
    spatial = tuple(int(n) for n in x_arr.shape[2:])
    pad_before, pad_after = _resolve_padding(padding, ndim, kernel, dilation_t, stride_t,
                                             transposed)
    out_pad = _resolve_output_padding(output_padding, output_size, ndim, x_arr.shape, kernel,
                                      stride_t, pad_before, pad_after, dilation_t, transposed,
                                      batched)
    _check_channels(int(x_arr.shape[1]), tuple(int(n) for n in w_arr.shape), groups,
                    transposed)
    axes = zip(range(ndim), spatial, kernel, stride_t, pad_before, pad_after, out_pad,
               dilation_t, strict=True)
    if transposed:
        output_shape = tuple(_transpose_size(i, k, s, b, a, op, d, _axis_name(axis, ndim))
                             for axis, i, k, s, b, a, op, d in axes)
    else:
        output_shape = tuple(_conv_size(i, k, s, b, a, d, _axis_name(axis, ndim))
                             for axis, i, k, s, b, a, _, d in axes)
    geometry = ConvGeometry(
        ndim=ndim,
        input_shape=spatial,
        kernel_shape=kernel,
        stride=stride_t,
        pad_before=pad_before,
        pad_after=pad_after,
        dilation=dilation_t,
        output_padding=out_pad,
        groups=groups,
        output_shape=output_shape,
    )
    return x_arr, w_arr, geometry
