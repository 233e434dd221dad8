"""Convolution arithmetic: output sizes, the direct convolution equivalent to a
transposed one, and the argument validation every other module relies on.

All size formulas follow Dumoulin & Visin (2016) and PyTorch's conventions:
``i`` input size, ``k`` kernel size, ``s`` stride, ``p`` zero padding on each
side, ``d`` dilation, ``a`` output padding (extra cells on the bottom/right
edge of a transposed convolution's output).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ._checks import ERROR_RULES, ConvArgumentError, as_numeric_array, as_tuple, check_int

IntOrTuple = int | Sequence[int]

__all__ = [
    "ERROR_RULES",
    "ConvArgumentError",
    "ConvGeometry",
    "DirectEquivalent",
    "conv_output_size",
    "conv_transpose_output_size",
    "effective_kernel_size",
    "inverse_output_padding",
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
# output sizes


def conv_output_size(i: int, k: int, stride: int = 1, padding: int = 0, dilation: int = 1) -> int:
    """Output size of a convolution along one dimension.

    ``o = floor((i + 2p - d(k - 1) - 1) / s) + 1``, Dumoulin & Visin's
    relationships 1-6 in one formula.

    Parameters
    ----------
    i, k : int
        Input and kernel size (>= 1).
    stride, padding, dilation : int
        ``s >= 1``, ``p >= 0`` (zeros on each side), ``d >= 1``.

    Returns
    -------
    int
        The output size ``o >= 1``.

    Raises
    ------
    ValueError
        If the dilated kernel is larger than the padded input.

    Examples
    --------
    >>> conv_output_size(5, 3, stride=2, padding=1)
    3
    """
    i = check_int("i", i, 1)
    k = check_int("k", k, 1)
    stride = check_int("stride", stride, 1)
    padding = check_int("padding", padding, 0)
    dilation = check_int("dilation", dilation, 1)
    extent = effective_kernel_size(k, dilation)
    if extent > i + 2 * padding:
        raise ValueError(
            f"kernel larger than the padded input: dilated kernel size d(k-1)+1 = {extent} "
            f"(k={k}, dilation={dilation}) exceeds i + 2p = {i + 2 * padding} "
            f"(i={i}, padding={padding})"
        )
    return (i + 2 * padding - extent) // stride + 1


def conv_transpose_output_size(
    i: int,
    k: int,
    stride: int = 1,
    padding: int = 0,
    output_padding: int = 0,
    dilation: int = 1,
) -> int:
    """Output size of a transposed convolution along one dimension.

    ``o = (i - 1) s - 2p + d(k - 1) + a + 1`` with ``a = output_padding``.

    Parameters
    ----------
    i, k : int
        Input and kernel size (>= 1).
    stride, padding, output_padding, dilation : int
        ``s >= 1``, ``p >= 0``, ``0 <= a < max(s, d)``, ``d >= 1``.

    Returns
    -------
    int
        The output size ``o >= 1``.

    Raises
    ------
    ValueError
        If ``output_padding >= max(stride, dilation)`` or the size would be < 1.

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
    padding = check_int("padding", padding, 0)
    output_padding = check_int("output_padding", output_padding, 0)
    dilation = check_int("dilation", dilation, 1)
    _check_output_padding(output_padding, stride, dilation)
    size = (i - 1) * stride - 2 * padding + dilation * (k - 1) + output_padding + 1
    if size < 1:
        raise ValueError(
            f"transposed convolution output size (i-1)s - 2p + d(k-1) + a + 1 = {size} is "
            f"below 1 (i={i}, k={k}, stride={stride}, padding={padding}, "
            f"output_padding={output_padding}, dilation={dilation}): reduce padding"
        )
    return size


def _check_output_padding(output_padding: int, stride: int, dilation: int, name: str = "") -> None:
    limit = max(stride, dilation)
    if output_padding >= limit:
        raise ValueError(
            f"output_padding{name} must be smaller than max(stride, dilation) = {limit}, "
            f"got output_padding={output_padding} (stride={stride}, dilation={dilation})"
        )


def inverse_output_padding(
    i: int, k: int, stride: int = 1, padding: int = 0, dilation: int = 1
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
    return (i + 2 * padding - dilation * (k - 1) - 1) % stride


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
    padding: int = 0,
    output_padding: int = 0,
    dilation: int = 1,
) -> DirectEquivalent:
    """Parameters of the stride-1 convolution equivalent to a transposed one.

    Dumoulin & Visin's construction: insert ``s - 1`` zeros between input
    cells, pad ``d(k - 1) - p`` zeros before and ``d(k - 1) - p + a`` after,
    then convolve with the flipped kernel at unit stride and dilation ``d``.

    Examples
    --------
    >>> eq = transposed_as_direct(2, 3, stride=2)
    >>> (eq.zeros_between, eq.stretched_size, eq.pad_before, eq.pad_after, eq.output_size)
    (1, 3, 2, 2, 5)
    """
    size = conv_transpose_output_size(i, k, stride, padding, output_padding, dilation)
    reach = dilation * (k - 1)
    return DirectEquivalent(
        zeros_between=stride - 1,
        stretched_size=(i - 1) * stride + 1,
        pad_before=reach - padding,
        pad_after=reach - padding + output_padding,
        dilation=dilation,
        output_size=size,
    )


# --------------------------------------------------------------------------
# whole-call validation shared by ops, matrix and diagrams


@dataclass(frozen=True)
class ConvGeometry:
    """Validated, per-dimension arguments of one (transposed) convolution call.

    ``pad_before``/``pad_after`` are the zeros added on each side of every
    spatial axis (equal unless ``padding='same'`` needs an odd total).
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


def _resolve_padding(padding: object, ndim: int, kernel: tuple[int, ...],
                     dilation: tuple[int, ...], stride: tuple[int, ...],
                     transposed: bool) -> tuple[tuple[int, ...], tuple[int, ...]]:
    if isinstance(padding, str):
        if transposed:
            raise ValueError(
                f"padding={padding!r}: string padding is only defined for conv; "
                "conv_transpose takes an int or a tuple of ints"
            )
        if padding == "valid":
            return (0,) * ndim, (0,) * ndim
        if padding == "same":
            if any(s != 1 for s in stride):
                raise ValueError(
                    f"padding='same' requires stride 1 in every dimension, got stride={stride}"
                )
            totals = [d * (k - 1) for k, d in zip(kernel, dilation, strict=True)]
            before = tuple(t // 2 for t in totals)
            return before, tuple(t - b for t, b in zip(totals, before, strict=True))
        raise ValueError(f"padding must be an int, a tuple, 'valid' or 'same', got {padding!r}")
    pad = as_tuple("padding", padding, ndim, 0)
    return pad, pad


def validate_conv_call(
    x: object,
    weight: object,
    *,
    stride: IntOrTuple = 1,
    padding: IntOrTuple | str = 0,
    dilation: IntOrTuple = 1,
    groups: int = 1,
    output_padding: IntOrTuple = 0,
    transposed: bool = False,
) -> tuple[np.ndarray, np.ndarray, ConvGeometry]:
    """Check every argument of a ``conv``/``conv_transpose`` call before any work.

    Layouts are PyTorch's: ``x`` is ``(N, C_in, *spatial)`` (or unbatched
    ``(C_in, *spatial)``), ``weight`` is ``(C_out, C_in/groups, *k)`` for a
    convolution and ``(C_in, C_out/groups, *k)`` for a transposed one.

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
    ValueError
        Any broken rule; the message names the parameter, its value and the rule.

    Examples
    --------
    >>> import numpy as np
    >>> _, _, g = validate_conv_call(np.zeros((1, 2, 5, 5)), np.zeros((4, 2, 3, 3)), stride=2)
    >>> g.output_shape
    (2, 2)
    """
    x = as_numeric_array("x", x)
    weight = as_numeric_array("weight", weight)
    if weight.ndim not in (3, 4, 5):
        raise ValueError(
            "weight must have 3, 4 or 5 dimensions (channels, channels, 1 to 3 spatial), "
            f"got shape {weight.shape}"
        )
    ndim = weight.ndim - 2
    if x.ndim == ndim + 1:
        x = x[None]
    elif x.ndim != ndim + 2:
        raise ValueError(
            f"x must have {ndim + 2} dimensions (N, C, {ndim} spatial) or {ndim + 1} "
            f"(unbatched) to match weight of shape {weight.shape}, got shape {x.shape}"
        )
    if 0 in weight.shape:
        raise ValueError(f"weight must have no empty dimension, got shape {weight.shape}")
    if 0 in x.shape[1:]:
        raise ValueError(f"x must have at least one channel and cell per axis, got shape {x.shape}")

    groups = check_int("groups", groups, 1)
    stride_t = as_tuple("stride", stride, ndim, 1)
    dilation_t = as_tuple("dilation", dilation, ndim, 1)
    kernel = tuple(int(k) for k in weight.shape[2:])
    spatial = tuple(int(n) for n in x.shape[2:])
    pad_before, pad_after = _resolve_padding(padding, ndim, kernel, dilation_t, stride_t,
                                             transposed)
    out_pad = as_tuple("output_padding", output_padding, ndim, 0)
    if not transposed and any(out_pad):
        raise ValueError(f"output_padding={output_padding!r} only applies to conv_transpose")

    channels = x.shape[1]
    if transposed:
        if channels != weight.shape[0]:
            raise ValueError(
                f"channel mismatch: x has {channels} channels but a conv_transpose weight "
                f"of shape {weight.shape} expects weight.shape[0] = {weight.shape[0]}"
            )
        if channels % groups:
            raise ValueError(
                f"groups={groups} must divide the input channels, got {channels} channels"
            )
    else:
        if weight.shape[0] % groups:
            raise ValueError(
                f"groups={groups} must divide the output channels weight.shape[0] = "
                f"{weight.shape[0]}"
            )
        if channels % groups:
            raise ValueError(
                f"groups={groups} must divide the input channels, got {channels} channels"
            )
        if channels != weight.shape[1] * groups:
            raise ValueError(
                f"channel mismatch: x has {channels} channels but weight of shape "
                f"{weight.shape} with groups={groups} expects weight.shape[1] * groups = "
                f"{weight.shape[1] * groups}"
            )

    output_shape = []
    for axis in range(ndim):
        suffix = f" along spatial axis {axis}" if ndim > 1 else ""
        if transposed:
            _check_output_padding(out_pad[axis], stride_t[axis], dilation_t[axis],
                                  name=f"[{axis}]" if ndim > 1 else "")
            size = ((spatial[axis] - 1) * stride_t[axis] - 2 * pad_before[axis]
                    + dilation_t[axis] * (kernel[axis] - 1) + out_pad[axis] + 1)
            if size < 1:
                raise ValueError(
                    f"transposed convolution output size would be {size} < 1{suffix} "
                    f"(input {spatial[axis]}, kernel {kernel[axis]}, stride {stride_t[axis]}, "
                    f"padding {pad_before[axis]}, output_padding {out_pad[axis]}, "
                    f"dilation {dilation_t[axis]}): reduce padding"
                )
        else:
            extent = dilation_t[axis] * (kernel[axis] - 1) + 1
            padded = spatial[axis] + pad_before[axis] + pad_after[axis]
            if extent > padded:
                raise ValueError(
                    f"kernel larger than the padded input{suffix}: dilated kernel size "
                    f"d(k-1)+1 = {extent} (k={kernel[axis]}, dilation={dilation_t[axis]}) "
                    f"exceeds the padded input size {padded} (input {spatial[axis]}, "
                    f"padding {pad_before[axis]}+{pad_after[axis]})"
                )
            size = (padded - extent) // stride_t[axis] + 1
        output_shape.append(size)

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
        output_shape=tuple(output_shape),
    )
    return x, weight, geometry
