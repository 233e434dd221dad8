"""One operator, five APIs: Keras, TensorFlow, JAX and ONNX transposed convolutions in NumPy.

Every framework computes the same thing as PyTorch's ``conv_transpose``: each input
cell scales the kernel and adds it into the output at stride ``s``. Along each spatial
axis that gives the *full* output of ``(i - 1) s + d (k - 1) + 1`` cells; the frameworks
differ only in

* whether their kernel array is PyTorch's kernel reversed in space (``flipped``),
* where the channel and spatial axes of the data and of the weight are (the layouts),
* how many cells they cut from each end of the full output: the crop ``(before, after)``
  per axis, negative when zeros are appended instead.

:class:`CanonicalForm` records exactly these, and each ``*_canonical`` function derives
it from a framework's own arguments. The emulations ``keras_conv_transpose``,
``tf_conv_transpose``, ``jax_conv_transpose`` and ``onnx_conv_transpose`` take each
framework's argument names, layouts and defaults and return what the framework returns
(the test suite compares them with the real frameworks); :func:`to_torch` and
:func:`from_torch` translate a call between PyTorch and each framework, including the
extra slice when no exact equivalent exists.

Layouts are strings of axis letters: ``N`` batch, ``C`` channels, spatial letters
``W`` (1-D), ``HW`` (2-D), ``DHW`` (3-D); in a weight layout ``I`` is the axis that
matches the transposed convolution's *input* channels and ``O`` its output channels
per group (so PyTorch's weight is ``"IOHW"`` and Keras' is ``"HWOI"``).
"""

from __future__ import annotations

import itertools
import numbers
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

import numpy as np

from ._checks import check_int
from .ops import conv_transpose

__all__ = [
    "FRAMEWORKS",
    "CanonicalForm",
    "FrameworkCall",
    "TorchCall",
    "apply_canonical",
    "crop_full_output",
    "from_torch",
    "infer_crop",
    "jax_canonical",
    "jax_conv_transpose",
    "keras_canonical",
    "keras_conv_transpose",
    "onnx_canonical",
    "onnx_conv_transpose",
    "tf_canonical",
    "tf_conv_transpose",
    "to_torch",
    "torch_canonical",
]

#: The frameworks this module maps, in the order of the book's table.
FRAMEWORKS = ("torch", "tensorflow", "keras", "jax", "onnx")

_SPATIAL = {1: "W", 2: "HW", 3: "DHW"}

Crop = tuple[tuple[int, int], ...]


# --------------------------------------------------------------------------
# small argument checks (TypeError for a type, ValueError naming the rule)


def _int(name: str, value: object, minimum: int | None = None) -> int:
    if minimum is not None:
        return check_int(name, value, minimum)
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {value!r} of type {type(value).__name__}")
    return int(value)


def _ints(name: str, value: object, ndim: int, minimum: int | None = None,
          allowed_lengths: Sequence[int] = ()) -> tuple[int, ...]:
    """An int repeated ``ndim`` times, or a sequence of ``ndim`` ints."""
    if isinstance(value, numbers.Integral) and not isinstance(value, (bool, np.bool_)):
        return (_int(name, value, minimum),) * ndim
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
        raise TypeError(f"{name} must be an int or a sequence of ints, got {value!r} "
                        f"of type {type(value).__name__}")
    lengths = (ndim, *allowed_lengths)
    if len(value) not in lengths:
        raise ValueError(f"{name} must have {' or '.join(map(str, lengths))} entries for "
                         f"{ndim} spatial dimension(s), got {list(value)!r}")
    return tuple(_int(f"{name}[{j}]", v, minimum) for j, v in enumerate(value))


def _array(name: str, value: object) -> np.ndarray:
    array = np.asarray(value)
    if array.dtype.kind not in "iuf":
        raise TypeError(f"{name} must be a real numeric array, got dtype {array.dtype}")
    return array


def _ndim_of(name: str, shape: Sequence[int]) -> int:
    if len(shape) not in (3, 4, 5):
        raise ValueError(f"{name} must have 3, 4 or 5 dimensions (batch, channels and 1 to 3 "
                         f"spatial), got shape {tuple(shape)}")
    return len(shape) - 2


def _channels_layout(ndim: int, channels_first: bool) -> str:
    return ("NC" + _SPATIAL[ndim]) if channels_first else ("N" + _SPATIAL[ndim] + "C")


# --------------------------------------------------------------------------
# the canonical form


@dataclass(frozen=True)
class CanonicalForm:
    """A framework's transposed convolution reduced to PyTorch's full output and a crop.

    Attributes
    ----------
    framework : str
        One of :data:`FRAMEWORKS`.
    input_layout, weight_layout, output_layout : str
        Axis letters of the arrays the framework takes and returns (see the module
        docstring); ``weight_layout`` uses ``I``/``O`` for the transposed convolution's
        input/output channels.
    flipped : bool
        True when the framework's kernel is PyTorch's reversed along every spatial axis
        (``jax.lax.conv_transpose`` without ``transpose_kernel``).
    stride, dilation : tuple of int
        Per spatial axis, in the order of ``weight_layout``'s spatial letters.
    crop : tuple of (int, int)
        Cells cut from the start and the end of the full output ``(i - 1) s + d (k - 1) + 1``
        on each axis; a negative number appends that many zeros instead.
    groups : int
        Channel groups (1 except for PyTorch and ONNX).

    Examples
    --------
    >>> form = keras_canonical((1, 4, 1), (3, 1, 1), strides=2, padding="same")
    >>> form.crop, form.flipped, form.weight_layout
    (((0, 1),), False, 'WOI')
    """

    framework: str
    input_layout: str
    weight_layout: str
    output_layout: str
    flipped: bool
    stride: tuple[int, ...]
    dilation: tuple[int, ...]
    crop: Crop
    groups: int = 1

    @property
    def ndim(self) -> int:
        """Number of spatial axes."""
        return len(self.stride)

    def full_sizes(self, input_sizes: Sequence[int],
                   kernel_sizes: Sequence[int]) -> tuple[int, ...]:
        """Full output sizes ``(i - 1) s + d (k - 1) + 1`` for these input and kernel sizes."""
        return tuple((i - 1) * s + d * (k - 1) + 1 for i, k, s, d in
                     zip(input_sizes, kernel_sizes, self.stride, self.dilation, strict=True))

    def torch_call(self) -> TorchCall:
        """The PyTorch call computing the same thing: see :func:`to_torch`."""
        return to_torch(self)


def _perm(layout: str, ndim: int, weight: bool = False) -> tuple[int, ...]:
    """Axis order taking ``layout`` to PyTorch's ``(N|I, C|O, *spatial)``."""
    first, second = ("I", "O") if weight else ("N", "C")
    spatial = [j for j, c in enumerate(layout) if c not in (first, second)]
    return (layout.index(first), layout.index(second), *spatial)


def crop_full_output(y: np.ndarray, crop: Crop) -> np.ndarray:
    """Cut ``crop[j] = (before, after)`` cells from the ends of the last ``len(crop)`` axes.

    A negative number appends zeros instead of cutting cells.

    Examples
    --------
    >>> crop_full_output(np.arange(5.0)[None, None], ((1, -2),))
    array([[[1., 2., 3., 4., 0., 0.]]])
    """
    ndim = len(crop)
    spatial = y.shape[y.ndim - ndim:]
    for (before, after), size in zip(crop, spatial, strict=True):
        if before + after >= size:
            raise ValueError(f"crop={crop!r} removes every cell of an axis of {size} cells: the "
                             "output would be empty")
    index = (Ellipsis, *(slice(max(b, 0), n - max(a, 0))
                         for (b, a), n in zip(crop, spatial, strict=True)))
    y = y[cast(Any, index)]
    widths = [(0, 0)] * (y.ndim - ndim) + [(max(-b, 0), max(-a, 0)) for b, a in crop]
    return np.pad(y, widths) if any(w != (0, 0) for w in widths) else y


def apply_canonical(form: CanonicalForm, x: object, weight: object,
                    bias: object | None = None) -> np.ndarray:
    """Compute a framework's transposed convolution from its canonical form.

    ``x`` and ``weight`` are in the framework's layouts (``form.input_layout`` and
    ``form.weight_layout``); the result is in ``form.output_layout``.

    Examples
    --------
    >>> form = torch_canonical((1, 1, 2), (1, 1, 3), stride=2, padding=1)
    >>> apply_canonical(form, np.array([[[1.0, 10.0]]]), np.array([[[1.0, 2.0, 3.0]]]))
    array([[[ 2., 13., 20.]]])
    """
    x = _array("x", x)
    weight = _array("weight", weight)
    ndim = form.ndim
    xt = np.transpose(x, _perm(form.input_layout, ndim))
    wt = np.transpose(weight, _perm(form.weight_layout, ndim, weight=True))
    if form.flipped:
        wt = np.flip(wt, axis=tuple(range(2, 2 + ndim)))
    full = conv_transpose(xt, wt, stride=form.stride, dilation=form.dilation,
                          groups=form.groups)
    y = crop_full_output(full, form.crop)
    if bias is not None:  # every output cell, the appended ones too
        y = y + _array("B", bias).reshape((-1,) + (1,) * ndim).astype(y.dtype)
    return np.transpose(y, np.argsort(_perm(form.output_layout, ndim)))


def infer_crop(full: np.ndarray, output: np.ndarray, max_pad: int = 8) -> Crop:
    """The crop that turns a full output into ``output`` (last axes, PyTorch layout).

    This is how the book measures a framework's convention: run the framework and
    PyTorch's full transposed convolution on the same random data, then find the
    ``(before, after)`` per axis that makes them agree.

    Examples
    --------
    >>> infer_crop(np.arange(1.0, 6.0)[None, None], np.array([[[2.0, 3.0, 4.0, 5.0, 0.0]]]))
    ((1, -1),)
    """
    full = np.asarray(full)
    output = np.asarray(output)
    if full.ndim != output.ndim or full.shape[:2] != output.shape[:2]:
        raise ValueError(f"full {full.shape} and output {output.shape} must agree in batch "
                         "and channels")
    ndim = full.ndim - 2
    options = []
    for axis in range(ndim):
        n, o = full.shape[2 + axis], output.shape[2 + axis]
        options.append([(b, n - o - b) for b in range(-max_pad, n)
                        if -max_pad <= n - o - b < n])
    for crop in itertools.product(*options):
        candidate = crop_full_output(full, crop)
        if candidate.shape == output.shape and np.allclose(candidate, output, rtol=1e-4,
                                                           atol=1e-4):
            return tuple(crop)
    raise ValueError("no crop of the full output matches the output")


# --------------------------------------------------------------------------
# PyTorch


def torch_canonical(input_shape: Sequence[int], weight_shape: Sequence[int],
                    stride: int | Sequence[int] = 1, padding: int | Sequence[int] = 0,
                    output_padding: int | Sequence[int] = 0, groups: int = 1,
                    dilation: int | Sequence[int] = 1,
                    output_size: Sequence[int] | None = None) -> CanonicalForm:
    """Canonical form of ``torch.nn.functional.conv_transpose{1,2,3}d`` (argument order of F).

    ``output_size`` is ``nn.ConvTranspose*d.forward(x, output_size=...)``: it picks the
    ``output_padding`` in ``[0, stride)`` that reaches that size (spatial sizes, or the full
    shape), and raises PyTorch's range error otherwise.

    Examples
    --------
    >>> torch_canonical((1, 1, 4), (1, 1, 3), stride=2, padding=1, output_padding=1).crop
    ((1, 0),)
    >>> torch_canonical((1, 1, 4), (1, 1, 3), stride=2, padding=1, output_size=[8]).crop
    ((1, 0),)
    """
    ndim = _ndim_of("input", input_shape)
    s = _ints("stride", stride, ndim, 1)
    p = _ints("padding", padding, ndim, 0)
    d = _ints("dilation", dilation, ndim, 1)
    groups = _int("groups", groups, 1)
    k = tuple(weight_shape[2:])
    if output_size is not None:
        size = _ints("output_size", list(output_size), ndim, 1, allowed_lengths=(ndim + 2,))
        size = size[-ndim:]
        a = []
        for j in range(ndim):
            low = (input_shape[2 + j] - 1) * s[j] - 2 * p[j] + d[j] * (k[j] - 1) + 1
            high = low + s[j] - 1
            if not low <= size[j] <= high:
                raise ValueError(f"requested an output size of {list(size)}, but valid sizes "
                                 f"range from {low} to {high} (for an input of "
                                 f"{input_shape[2 + j]}) on axis {j}")
            a.append(size[j] - low)
        op = tuple(a)
    else:
        op = _ints("output_padding", output_padding, ndim, 0)
    for j in range(ndim):
        if op[j] >= max(s[j], d[j]):
            raise ValueError(f"output_padding must be smaller than either stride or dilation, "
                             f"got output_padding={op[j]}, stride={s[j]}, dilation={d[j]}")
    if input_shape[1] != weight_shape[0] or input_shape[1] % groups:
        raise ValueError(f"input channels {input_shape[1]} must equal weight.shape[0] = "
                         f"{weight_shape[0]} and be divisible by groups={groups}")
    layout = "NC" + _SPATIAL[ndim]
    return CanonicalForm("torch", layout, "IO" + _SPATIAL[ndim], layout, False, s, d,
                         tuple((p[j], p[j] - op[j]) for j in range(ndim)), groups)


@dataclass(frozen=True)
class TorchCall:
    """A PyTorch ``conv_transpose`` call equivalent to a framework's, plus any extra slice.

    Attributes
    ----------
    stride, padding, output_padding, dilation : tuple of int
        Arguments of ``F.conv_transpose{n}d`` / ``nn.ConvTranspose{n}d``.
    groups : int
        Channel groups.
    extra_crop : tuple of (int, int)
        What to cut (negative: append zeros) after PyTorch's output, on each axis, to
        reach the framework's output; all zeros when PyTorch expresses it exactly.
    weight_permutation : tuple of int
        Axis order taking the framework's weight to PyTorch's ``(C_in, C_out/g, *k)``.
    flip : bool
        Whether the kernel must also be reversed along its spatial axes.
    input_permutation, output_permutation : tuple of int
        ``np.transpose`` orders: framework input to ``(N, C, *spatial)``, and PyTorch's
        output back to the framework's layout.
    """

    stride: tuple[int, ...]
    padding: tuple[int, ...]
    output_padding: tuple[int, ...]
    dilation: tuple[int, ...]
    groups: int
    extra_crop: Crop
    weight_permutation: tuple[int, ...]
    flip: bool
    input_permutation: tuple[int, ...]
    output_permutation: tuple[int, ...]

    @property
    def exact(self) -> bool:
        """True when no extra slice is needed."""
        return all(c == (0, 0) for c in self.extra_crop)

    def weight(self, framework_weight: object) -> np.ndarray:
        """The framework's weight in PyTorch's layout."""
        w = np.transpose(_array("weight", framework_weight), self.weight_permutation)
        return np.flip(w, axis=tuple(range(2, w.ndim))) if self.flip else w

    def __call__(self, x: object, weight: object) -> np.ndarray:
        """Run the PyTorch call (through :func:`tconv_lib.conv_transpose`) on framework arrays.

        Examples
        --------
        >>> call = to_torch(keras_canonical((1, 4, 1), (3, 1, 1), strides=2, padding="same"))
        >>> call.padding, call.output_padding, call.extra_crop
        ((0,), (0,), ((0, 1),))
        """
        xt = np.transpose(_array("x", x), self.input_permutation)
        y = conv_transpose(xt, self.weight(weight), stride=self.stride, padding=self.padding,
                           output_padding=self.output_padding, dilation=self.dilation,
                           groups=self.groups)
        return np.transpose(crop_full_output(y, self.extra_crop), self.output_permutation)


def _torch_parameters(crop: Crop, stride: Sequence[int], dilation: Sequence[int]
                      ) -> tuple[tuple[int, ...], tuple[int, ...], Crop]:
    """PyTorch's ``(padding, output_padding)`` nearest to a crop, and what is left over."""
    padding, out_pad, extra = [], [], []
    for (before, after), s, d in zip(crop, stride, dilation, strict=True):
        limit = max(s, d) - 1  # the largest output_padding PyTorch accepts
        p = max(min(before, after + limit), 0)
        a = min(max(p - after, 0), limit)
        padding.append(p)
        out_pad.append(a)
        extra.append((before - p, after - (p - a)))
    return tuple(padding), tuple(out_pad), tuple(extra)


def to_torch(form: CanonicalForm) -> TorchCall:
    """The PyTorch call equivalent to a framework's (canonical form), plus any extra slice.

    PyTorch crops ``(p, p - a)`` with ``p >= 0`` and ``0 <= a < max(s, d)``. A crop with
    more on the *end* (TensorFlow's, Keras' or ONNX's ``SAME_UPPER`` when ``k - s`` is
    odd) has no such form: the call then uses ``p = before`` and slices the rest off.

    Examples
    --------
    >>> call = to_torch(onnx_canonical((1, 1, 4), (1, 1, 3), strides=[2], pads=[1, 1],
    ...                                output_padding=[1]))
    >>> call.padding, call.output_padding, call.exact
    ((1,), (1,), True)
    >>> to_torch(tf_canonical((1, 4, 1), (3, 1, 1), [1, 8, 1], 2)).extra_crop
    ((0, 1),)
    """
    ndim = form.ndim
    padding, out_pad, extra = _torch_parameters(form.crop, form.stride, form.dilation)
    return TorchCall(form.stride, padding, out_pad, form.dilation, form.groups, extra,
                     _perm(form.weight_layout, ndim, weight=True), form.flipped,
                     _perm(form.input_layout, ndim),
                     tuple(np.argsort(_perm(form.output_layout, ndim)).tolist()))


# --------------------------------------------------------------------------
# Keras 3 (keras.ops.conv_transpose, Conv{1,2,3}DTranspose)


def _keras_pads(k: int, s: int, d: int, padding: str, output_padding: int | None
                ) -> tuple[int, int]:
    """Keras 3's padding of the zero-inserted input, as it hands it to JAX."""
    kk = (k - 1) * d + 1
    if padding == "valid":
        a = max(kk, s) - kk if output_padding is None else output_padding
        return kk - 1, kk - 1 + a
    pad_len = s + kk - 2 if output_padding is None else kk + kk % 2 - 2 + output_padding
    left = min(pad_len // 2 + pad_len % 2, kk - 1)
    return left, pad_len - left


def keras_canonical(input_shape: Sequence[int], kernel_shape: Sequence[int],
                    strides: int | Sequence[int] = 1, padding: str = "valid",
                    output_padding: int | Sequence[int] | None = None,
                    data_format: str = "channels_last",
                    dilation_rate: int | Sequence[int] = 1) -> CanonicalForm:
    """Canonical form of ``keras.ops.conv_transpose`` (and ``Conv{n}DTranspose``).

    The kernel is ``(*k, C_out, C_in)``; ``padding`` is ``"valid"`` or ``"same"`` (any
    case). With ``output_padding=None``, ``"same"`` gives ``i * s`` cells and
    ``"valid"`` gives ``(i - 1) s + max(k', s)`` (``k' = d (k - 1) + 1``); with an
    ``output_padding`` of ``a``, ``"same"`` gives ``(i - 1) s + k' mod 2 + a`` instead.

    Examples
    --------
    >>> keras_canonical((1, 4, 1), (3, 1, 1), 2, "same", output_padding=0).crop
    ((1, 1),)
    """
    ndim = _ndim_of("inputs", input_shape)
    if not isinstance(padding, str):
        raise TypeError(f"padding must be a string, got {padding!r}")
    if padding.lower() not in {"valid", "same"}:
        raise ValueError(f"The `padding` argument must be one of 'valid', 'same'. "
                         f"Received: padding={padding}")
    if data_format not in ("channels_last", "channels_first"):
        raise ValueError(f"data_format must be 'channels_last' or 'channels_first', got "
                         f"{data_format!r}")
    if len(kernel_shape) != len(input_shape):
        raise ValueError(f"kernel must have rank {len(input_shape)} like inputs, got shape "
                         f"{tuple(kernel_shape)}")
    first = data_format == "channels_first"
    channels = input_shape[1] if first else input_shape[-1]
    if channels != kernel_shape[-1]:
        raise ValueError(f"The number of input channels must match the kernel's input channels. "
                         f"Received: input channels={channels}, kernel input channels="
                         f"{kernel_shape[-1]}, data_format='{data_format}'.")
    s = _ints("strides", strides, ndim, 1)
    d = _ints("dilation_rate", dilation_rate, ndim, 1)
    op: tuple[int | None, ...] = ((None,) * ndim if output_padding is None
                                  else _ints("output_padding", output_padding, ndim, 0))
    k = tuple(kernel_shape[:ndim])
    spatial = tuple(input_shape[2:] if first else input_shape[1:-1])
    crop = []
    for j in range(ndim):
        left, right = _keras_pads(k[j], s[j], d[j], padding.lower(), op[j])
        kk = d[j] * (k[j] - 1) + 1
        crop.append((kk - 1 - left, kk - 1 - right))
        size = (spatial[j] - 1) * s[j] + kk - sum(crop[-1])
        if size < 1:
            raise ValueError(f"output size {size} < 1 on spatial axis {j}")
    layout = _channels_layout(ndim, first)
    return CanonicalForm("keras", layout, _SPATIAL[ndim] + "OI", layout, False, s, d,
                         tuple(crop))


def keras_conv_transpose(inputs: object, kernel: object, strides: int | Sequence[int] = 1,
                         padding: str = "valid",
                         output_padding: int | Sequence[int] | None = None,
                         data_format: str = "channels_last",
                         dilation_rate: int | Sequence[int] = 1) -> np.ndarray:
    """``keras.ops.conv_transpose`` in NumPy: same arguments, layouts, defaults and result.

    Parameters
    ----------
    inputs : array_like
        ``(N, *spatial, C_in)`` (``channels_last``) or ``(N, C_in, *spatial)``.
    kernel : array_like
        ``(*k, C_out, C_in)``, not flipped relative to PyTorch's.
    strides, dilation_rate : int or sequence of int
    padding : {'valid', 'same'}
    output_padding : int, sequence of int or None
        ``None`` (the default) and ``0`` differ: see :func:`keras_canonical`.
    data_format : {'channels_last', 'channels_first'}

    Returns
    -------
    numpy.ndarray
        In the layout of ``inputs``.

    Examples
    --------
    >>> x = np.array([1.0, 10.0]).reshape(1, 2, 1)
    >>> keras_conv_transpose(x, np.array([1.0, 2.0, 3.0]).reshape(3, 1, 1), 2, "same")[0, :, 0]
    array([ 1.,  2., 13., 20.])
    """
    inputs = _array("inputs", inputs)
    kernel = _array("kernel", kernel)
    form = keras_canonical(inputs.shape, kernel.shape, strides, padding, output_padding,
                           data_format, dilation_rate)
    return apply_canonical(form, inputs, kernel)


# --------------------------------------------------------------------------
# TensorFlow (tf.nn.conv_transpose)


def tf_canonical(input_shape: Sequence[int], filters_shape: Sequence[int],
                 output_shape: Sequence[int], strides: int | Sequence[int],
                 padding: str | Sequence[Sequence[int]] = "SAME",
                 data_format: str | None = None,
                 dilations: int | Sequence[int] | None = None) -> CanonicalForm:
    """Canonical form of ``tf.nn.conv_transpose``: the gradient of ``tf.nn.conv`` w.r.t. input.

    ``output_shape`` (the full shape) is the input shape of the forward convolution; the
    call is accepted only if that convolution, with the same ``strides``, ``padding`` and
    ``dilations``, maps ``output_shape`` to ``input_shape``. ``"SAME"`` crops
    ``(t // 2, ...)`` of the forward padding ``t``: the odd cell is cut at the end.

    Examples
    --------
    >>> tf_canonical((1, 4, 1), (3, 1, 1), [1, 8, 1], 2).crop
    ((0, 1),)
    >>> tf_canonical((1, 4, 1), (4, 1, 1), [1, 8, 1], 2).crop
    ((1, 1),)
    """
    ndim = _ndim_of("input", input_shape)
    if data_format is None:
        data_format = _channels_layout(ndim, False)
    if data_format not in (_channels_layout(ndim, False), _channels_layout(ndim, True)):
        raise ValueError(f"data_format must be {_channels_layout(ndim, False)!r} or "
                         f"{_channels_layout(ndim, True)!r} for {ndim}-D, got {data_format!r}")
    first = data_format[1] == "C"
    out_full = _ints("output_shape", list(output_shape), ndim + 2, 1)
    sp_in = tuple(input_shape[2:] if first else input_shape[1:-1])
    sp_out = out_full[2:] if first else out_full[1:-1]
    c_in = input_shape[1] if first else input_shape[-1]
    c_out = out_full[1] if first else out_full[-1]
    if len(filters_shape) != ndim + 2 or filters_shape[-1] != c_in or filters_shape[-2] != c_out:
        raise ValueError(f"filters must have shape (*k, out_channels={c_out}, in_channels="
                         f"{c_in}), got {tuple(filters_shape)}")
    if out_full[0] != input_shape[0]:
        raise ValueError(f"output_shape[0] = {out_full[0]} must be the batch size "
                         f"{input_shape[0]}")

    def per_axis(name: str, value: object) -> tuple[int, ...]:
        values = _ints(name, value, ndim, 1, allowed_lengths=(1, ndim + 2))
        if len(values) == ndim + 2:
            return values[2:] if first else values[1:-1]
        return values * ndim if len(values) == 1 else values

    s = per_axis("strides", strides)
    d = per_axis("dilations", 1 if dilations is None else dilations)
    k = tuple(filters_shape[:ndim])
    if isinstance(padding, str):
        if padding not in ("SAME", "VALID"):
            raise ValueError(f"padding must be 'SAME', 'VALID' or explicit pairs, got {padding!r}")
        explicit = None
    else:
        if ndim != 2:
            raise ValueError("explicit padding pairs are only accepted by tf.nn.conv_transpose "
                             "in 2-D (conv2d_transpose)")
        pairs = [tuple(_ints("padding", pair, 2, 0)) for pair in padding]
        if len(pairs) != 4 or pairs[0] != (0, 0) or pairs[1 if first else 3] != (0, 0):
            raise ValueError(f"explicit padding must be 4 pairs with (0, 0) for the batch and "
                             f"channel axes, got {padding!r}")
        explicit = pairs[2:] if first else pairs[1:3]
        if any(v != 1 for v in d):
            raise ValueError("explicit padding with dilations > 1: TensorFlow's CPU kernel "
                             "(Conv2DBackpropInput) does not support dilation rates larger than 1")
    crop = []
    for j in range(ndim):
        kk = d[j] * (k[j] - 1) + 1
        o = sp_out[j]
        if padding == "SAME":
            expected = -(-o // s[j])
            total = max((expected - 1) * s[j] + kk - o, 0)
            before = total // 2
        elif padding == "VALID":
            expected = (o - kk) // s[j] + 1 if o >= kk else 0
            before = 0
        else:
            assert explicit is not None
            pb, pa = explicit[j]
            expected = (o + pb + pa - kk) // s[j] + 1 if o + pb + pa >= kk else 0
            before = pb
        if expected != sp_in[j]:
            raise ValueError(f"output_shape {list(out_full)} is not one that the forward "
                             f"convolution maps to the input: along spatial axis {j} it gives "
                             f"{expected} cells, the input has {sp_in[j]}")
        full = (sp_in[j] - 1) * s[j] + kk
        crop.append((before, full - o - before))
    layout = _channels_layout(ndim, first)
    return CanonicalForm("tensorflow", layout, _SPATIAL[ndim] + "OI", layout, False, s, d,
                         tuple(crop))


def tf_conv_transpose(input: object, filters: object, output_shape: Sequence[int],
                      strides: int | Sequence[int], padding: str | Sequence[Sequence[int]] = "SAME",
                      data_format: str | None = None,
                      dilations: int | Sequence[int] | None = None) -> np.ndarray:
    """``tf.nn.conv_transpose`` in NumPy: same arguments, layouts, defaults and result.

    Parameters
    ----------
    input : array_like
        ``(N, *spatial, C_in)`` (default ``data_format`` ``"NWC"``/``"NHWC"``/``"NDHWC"``)
        or channels first (``"NCW"``/``"NCHW"``/``"NCDHW"``).
    filters : array_like
        ``(*k, C_out, C_in)``, not flipped relative to PyTorch's.
    output_shape : sequence of int
        The full shape of the result (batch and channels included).
    strides, dilations : int or sequence of int
        One value, one per spatial axis, or ``ndim + 2`` values.
    padding : 'SAME', 'VALID' or 4 (before, after) pairs (2-D only)

    Examples
    --------
    >>> x = np.array([1.0, 10.0]).reshape(1, 2, 1)
    >>> tf_conv_transpose(x, np.array([1.0, 2.0, 3.0]).reshape(3, 1, 1), [1, 4, 1], 2)[0, :, 0]
    array([ 1.,  2., 13., 20.])
    """
    input = _array("input", input)
    filters = _array("filters", filters)
    form = tf_canonical(input.shape, filters.shape, output_shape, strides, padding,
                        data_format, dilations)
    return apply_canonical(form, input, filters)


# --------------------------------------------------------------------------
# JAX (jax.lax.conv_transpose)


def _jax_transpose_padding(kk: int, s: int, padding: object) -> tuple[int, int]:
    """``jax.lax``'s padding of the zero-inserted input for a forward-conv padding."""
    if padding == "SAME":
        pad_len = kk + s - 2
        pad_a = kk - 1 if s > kk - 1 else -(-pad_len // 2)
    elif padding == "VALID":
        pad_len = kk + s - 2 + max(kk - s, 0)
        pad_a = kk - 1
    elif isinstance(padding, tuple):
        pads = tuple(kk - p - 1 for p in padding)
        pad_a, pad_len = pads[0], sum(pads)
    else:
        raise ValueError(f"Invalid padding mode: {padding}")
    return pad_a, pad_len - pad_a


def jax_canonical(lhs_shape: Sequence[int], rhs_shape: Sequence[int], strides: Sequence[int],
                  padding: str | Sequence[tuple[int, int]],
                  rhs_dilation: Sequence[int] | None = None,
                  dimension_numbers: tuple[str, str, str] | None = None,
                  transpose_kernel: bool = False,
                  use_consistent_padding: bool = False) -> CanonicalForm:
    """Canonical form of ``jax.lax.conv_transpose``.

    It is ``lax.conv_general_dilated`` with ``lhs_dilation=strides`` over a padded
    zero-inserted input. Two readings of ``padding``: ``'SAME'``/``'VALID'`` (and, with
    ``use_consistent_padding=True``, pairs too) are the padding of the *forward*
    convolution; without it, pairs are the padding of the zero-inserted input, so
    ``(p, q)`` crops ``(k' - 1 - p, k' - 1 - q)``. Without ``transpose_kernel`` the kernel
    is used as stored, which is PyTorch's kernel reversed (``flipped=True``).

    Examples
    --------
    >>> jax_canonical((1, 4, 1), (3, 1, 1), (2,), "SAME").crop
    ((0, 1),)
    >>> jax_canonical((1, 4, 1), (3, 1, 1), (2,), ((1, 1),)).crop
    ((1, 1),)
    >>> jax_canonical((1, 4, 1), (3, 1, 1), (2,), ((1, 1),), use_consistent_padding=True).crop
    ((1, 1),)
    """
    if len(lhs_shape) != len(rhs_shape) or len(lhs_shape) < 3:
        raise ValueError(f"lhs and rhs must have the same rank >= 3, got shapes "
                         f"{tuple(lhs_shape)} and {tuple(rhs_shape)}")
    ndim = _ndim_of("lhs", lhs_shape)
    if dimension_numbers is None:
        sp = "HWD"[:ndim]
        dimension_numbers = ("N" + sp + "C", sp + "IO", "N" + sp + "C")
    if (not isinstance(dimension_numbers, (tuple, list)) or len(dimension_numbers) != 3
            or not all(isinstance(spec, str) for spec in dimension_numbers)):
        raise TypeError(f"dimension_numbers must be None or three strings, got "
                        f"{dimension_numbers!r}")
    lhs_spec, rhs_spec, out_spec = dimension_numbers
    for spec, pair in zip(dimension_numbers, ("NC", "OI", "NC"), strict=True):
        if len(spec) != ndim + 2 or any(spec.count(c) != 1 for c in pair) \
                or len(set(spec)) != len(spec):
            raise ValueError(f"dimension_numbers entry {spec!r} must have {ndim + 2} distinct "
                             f"letters including {pair[0]!r} and {pair[1]!r}")
    spatial = [c for c in rhs_spec if c not in "OI"]
    if {c for c in lhs_spec if c not in "NC"} != set(spatial) or \
            {c for c in out_spec if c not in "NC"} != set(spatial):
        raise ValueError(f"dimension_numbers {dimension_numbers!r} must use the same spatial "
                         "letters in all three entries")
    # Rename JAX's letters to this module's: spatial letters by their order in rhs_spec,
    # and the kernel's channel axes by their role in the transposed convolution.
    ours = dict(zip(spatial, _SPATIAL[ndim], strict=True))
    ours.update({"N": "N", "C": "C"})
    ours.update({"I": "O", "O": "I"} if transpose_kernel else {"I": "I", "O": "O"})
    in_layout = "".join(ours[c] for c in lhs_spec)
    w_layout = "".join(ours[c] for c in rhs_spec)
    out_layout = "".join(ours[c] for c in out_spec)
    s = _ints("strides", list(strides), ndim, 1)
    d = (1,) * ndim if rhs_dilation is None else _ints("rhs_dilation", list(rhs_dilation), ndim, 1)
    k = [rhs_shape[w_layout.index(c)] for c in _SPATIAL[ndim]]
    if lhs_shape[in_layout.index("C")] != rhs_shape[w_layout.index("I")]:
        raise ValueError(f"lhs feature dimension {lhs_shape[in_layout.index('C')]} must equal "
                         f"the rhs {'output' if transpose_kernel else 'input'} feature "
                         f"dimension {rhs_shape[w_layout.index('I')]}")
    if use_consistent_padding or padding in ("SAME", "VALID"):
        pads_in = [padding] * ndim if isinstance(padding, str) else list(padding)
        if len(pads_in) != ndim:
            raise ValueError(f"padding must have {ndim} pairs, got {padding!r}")
        pads = [_jax_transpose_padding(d[j] * (k[j] - 1) + 1, s[j], pads_in[j])
                for j in range(ndim)]
    elif isinstance(padding, str):
        if any(v != 1 for v in s):
            raise ValueError("String padding is not implemented for transposed convolution "
                             "using this op. Please either exactly specify the required "
                             "padding or use conv_transpose.")
        # conv_general_dilated reads the string as a forward convolution's padding.
        mode = padding.upper()
        if mode not in ("SAME", "SAME_LOWER", "VALID"):
            raise ValueError(f"Unknown padding type: {padding}.")
        pads = []
        for j in range(ndim):
            total = 0 if mode == "VALID" else d[j] * (k[j] - 1)
            low = total // 2 if mode == "SAME" else total - total // 2
            pads.append((low, total - low))
    else:
        pairs = cast(list[Sequence[int]], list(padding))
        if len(pairs) != ndim:
            raise ValueError(f"padding must have {ndim} (before, after) pairs, got {padding!r}")
        pads = []
        for pad_pair in pairs:
            pb, pa = _ints("padding", list(pad_pair), 2)
            pads.append((pb, pa))
    crop = []
    for j in range(ndim):
        kk = d[j] * (k[j] - 1) + 1
        crop.append((kk - 1 - pads[j][0], kk - 1 - pads[j][1]))
        i = lhs_shape[in_layout.index(_SPATIAL[ndim][j])]
        if (i - 1) * s[j] + 1 + sum(pads[j]) < 0:
            raise ValueError(f"Negative padding is larger than the size of the corresponding "
                             f"dimension: padding {pads[j]} of the zero-inserted input of "
                             f"{(i - 1) * s[j] + 1} cells along spatial axis {j}")
    return CanonicalForm("jax", in_layout, w_layout, out_layout, not transpose_kernel, s, d,
                         tuple(crop))


def jax_conv_transpose(lhs: object, rhs: object, strides: Sequence[int],
                       padding: str | Sequence[tuple[int, int]],
                       rhs_dilation: Sequence[int] | None = None,
                       dimension_numbers: tuple[str, str, str] | None = None,
                       transpose_kernel: bool = False,
                       use_consistent_padding: bool = False) -> np.ndarray:
    """``jax.lax.conv_transpose`` in NumPy: same arguments, layouts, defaults and result.

    Parameters
    ----------
    lhs : array_like
        Default layout ``NWC``/``NHWC``/``NHWDC``.
    rhs : array_like
        Default layout ``WIO``/``HWIO``/``HWDIO``. Without ``transpose_kernel`` it is the
        kernel of the equivalent stride-1 convolution over the zero-inserted input, that is
        PyTorch's kernel reversed in space; with it, the kernel of the forward convolution
        (``I`` = the result's channels), as in Keras.
    strides : sequence of int
    padding : 'SAME', 'VALID' or a sequence of (before, after) pairs
        See :func:`jax_canonical` for its two readings. With ``use_consistent_padding=True``
        the pairs must be tuples (JAX refuses lists).
    rhs_dilation : sequence of int, optional
    dimension_numbers : three layout strings, optional
    transpose_kernel, use_consistent_padding : bool

    Examples
    --------
    >>> x = np.array([1.0, 10.0]).reshape(1, 2, 1)
    >>> w = np.array([1.0, 2.0, 3.0]).reshape(3, 1, 1)
    >>> jax_conv_transpose(x, w, (2,), "SAME")[0, :, 0]
    array([ 3.,  2., 31., 20.])
    >>> jax_conv_transpose(x, w, (2,), "SAME", transpose_kernel=True)[0, :, 0]
    array([ 1.,  2., 13., 20.])
    """
    lhs = _array("lhs", lhs)
    rhs = _array("rhs", rhs)
    form = jax_canonical(lhs.shape, rhs.shape, strides, padding, rhs_dilation,
                         dimension_numbers, transpose_kernel, use_consistent_padding)
    sizes = tuple(n - b - a for n, (b, a) in zip(
        form.full_sizes([lhs.shape[form.input_layout.index(c)] for c in _SPATIAL[form.ndim]],
                        [rhs.shape[form.weight_layout.index(c)] for c in _SPATIAL[form.ndim]]),
        form.crop, strict=True))
    if min(sizes) <= 0:  # JAX returns an empty array rather than refusing
        shape = dict(zip(_SPATIAL[form.ndim], (max(n, 0) for n in sizes), strict=True))
        shape.update(N=lhs.shape[form.input_layout.index("N")],
                     C=rhs.shape[form.weight_layout.index("O")])
        return np.zeros([shape[c] for c in form.output_layout], np.result_type(lhs, rhs))
    return apply_canonical(form, lhs, rhs)


# --------------------------------------------------------------------------
# ONNX (ConvTranspose, as ONNX Runtime computes it)


def onnx_canonical(X_shape: Sequence[int], W_shape: Sequence[int], *, auto_pad: str = "NOTSET",
                   dilations: Sequence[int] | None = None, group: int = 1,
                   kernel_shape: Sequence[int] | None = None,
                   output_padding: Sequence[int] | None = None,
                   output_shape: Sequence[int] | None = None,
                   pads: Sequence[int] | None = None,
                   strides: Sequence[int] | None = None) -> CanonicalForm:
    """Canonical form of the ONNX ``ConvTranspose`` operator as ONNX Runtime runs it.

    ``pads = [b_1, ..., b_n, e_1, ..., e_n]`` crops ``(b, e - output_padding)``. With
    ``output_shape``, the total crop ``t = full + output_padding - output_shape`` is split
    with the odd cell at the *start* (``NOTSET`` and ``SAME_LOWER``) or at the end
    (``SAME_UPPER``); a negative ``t`` appends zeros at the end. ``SAME_*`` without
    ``output_shape`` aims at ``i * s`` cells but never pads (when ``k' < s`` the output
    stays at the full ``(i - 1) s + k'``). ``VALID`` crops nothing.

    Examples
    --------
    >>> onnx_canonical((1, 1, 4), (1, 1, 3), strides=[2], output_shape=[8]).crop
    ((1, 0),)
    >>> onnx_canonical((1, 1, 4), (1, 1, 3), strides=[2], auto_pad="SAME_UPPER").crop
    ((0, 1),)
    """
    ndim = _ndim_of("X", X_shape)
    if len(W_shape) != len(X_shape):
        raise ValueError(f"X num_dims does not match W num_dims: X {tuple(X_shape)}, "
                         f"W {tuple(W_shape)}")
    if auto_pad not in ("NOTSET", "SAME_UPPER", "SAME_LOWER", "VALID"):
        raise ValueError(f"auto_pad must be NOTSET, SAME_UPPER, SAME_LOWER or VALID, got "
                         f"{auto_pad!r}")
    group = _int("group", group, 1)
    if W_shape[0] != X_shape[1]:
        raise ValueError(f"filter number {W_shape[0]} not equal to input channel number "
                         f"{X_shape[1]}")
    if X_shape[1] % group:
        raise ValueError(f"Input channels {X_shape[1]} is not divisible by group {group}")
    k = tuple(W_shape[2:])
    if kernel_shape is not None and tuple(_ints("kernel_shape", list(kernel_shape), ndim)) != k:
        raise ValueError(f"kernel_shape {list(kernel_shape)} is not the shape of W's kernel "
                         f"{list(k)}")
    s = (1,) * ndim if strides is None else _ints("strides", list(strides), ndim, 1)
    d = (1,) * ndim if dilations is None else _ints("dilations", list(dilations), ndim, 1)
    op = ((0,) * ndim if output_padding is None
          else _ints("output_padding", list(output_padding), ndim, 0))
    for j in range(ndim):
        if op[j] >= max(s[j], d[j]):
            raise ValueError(f"output_padding {list(op)} must be smaller than the stride or the "
                             f"dilation on every axis (stride {list(s)}, dilations {list(d)})")
        if output_shape is None and op[j] >= s[j]:
            # ONNX Runtime checks that the forward convolution maps the result back.
            raise ValueError(f"Computed output shape is inconsistent with input spatial "
                             f"dimensions: output_padding ({op[j]}) may be too large for "
                             f"stride ({s[j]}) along spatial axis {j}")
    if pads is not None:
        if auto_pad != "NOTSET":
            raise ValueError(f"pads and auto_pad={auto_pad!r} cannot be used together")
        p = _ints("pads", list(pads), 2 * ndim, 0)
    else:
        p = (0,) * (2 * ndim)
    if output_shape is not None:
        target = _ints("output_shape", list(output_shape), ndim, 1,
                       allowed_lengths=(ndim + 2,))[-ndim:]
    crop = []
    for j in range(ndim):
        kk = d[j] * (k[j] - 1) + 1
        full = (X_shape[2 + j] - 1) * s[j] + kk
        if output_shape is not None:
            total = full + op[j] - target[j]
            # ONNX Runtime checks that the forward convolution maps output_shape back.
            reach = target[j] + max(total, 0) - kk
            if reach < 0 or reach // s[j] + 1 != X_shape[2 + j]:
                raise ValueError(f"Explicit output_shape {list(target)} is inconsistent with the "
                                 f"input: along spatial axis {j} the forward convolution gives "
                                 f"{reach // s[j] + 1 if reach >= 0 else 0} cells, the input "
                                 f"has {X_shape[2 + j]} (output_padding {op[j]})")
            if total < 0:
                crop.append((0, full - target[j]))
                continue
            small, large = total // 2, total - total // 2
            before = small if auto_pad == "SAME_UPPER" else large
            crop.append((before, full - target[j] - before))
        elif auto_pad in ("SAME_UPPER", "SAME_LOWER"):
            total = max(full + op[j] - X_shape[2 + j] * s[j], 0)
            small, large = total // 2, total - total // 2
            before = small if auto_pad == "SAME_UPPER" else large
            crop.append((before, total - before - op[j]))
        elif auto_pad == "VALID":
            crop.append((0, -op[j]))
        else:
            crop.append((p[j], p[ndim + j] - op[j]))
        if full - sum(crop[-1]) < 1:
            raise ValueError(f"output size {full - sum(crop[-1])} < 1 along spatial axis {j}")
    layout = "NC" + _SPATIAL[ndim]
    return CanonicalForm("onnx", layout, "IO" + _SPATIAL[ndim], layout, False, s, d,
                         tuple(crop), group)


def onnx_conv_transpose(X: object, W: object, B: object | None = None, *,
                        auto_pad: str = "NOTSET", dilations: Sequence[int] | None = None,
                        group: int = 1, kernel_shape: Sequence[int] | None = None,
                        output_padding: Sequence[int] | None = None,
                        output_shape: Sequence[int] | None = None,
                        pads: Sequence[int] | None = None,
                        strides: Sequence[int] | None = None) -> np.ndarray:
    """ONNX ``ConvTranspose`` in NumPy, as ONNX Runtime computes it.

    Parameters
    ----------
    X : array_like
        ``(N, C, *spatial)``.
    W : array_like
        ``(C, M / group, *k)``, PyTorch's layout, not flipped.
    B : array_like, optional
        ``(M,)``.
    auto_pad, dilations, group, kernel_shape, output_padding, output_shape, pads, strides
        The operator's attributes; see :func:`onnx_canonical`.

    Examples
    --------
    >>> x = np.array([1.0, 10.0]).reshape(1, 1, 2)
    >>> onnx_conv_transpose(x, np.array([1.0, 2.0, 3.0]).reshape(1, 1, 3), strides=[2],
    ...                     output_shape=[4])[0, 0]
    array([ 2., 13., 20., 30.])
    """
    X = _array("X", X)
    W = _array("W", W)
    form = onnx_canonical(X.shape, W.shape, auto_pad=auto_pad, dilations=dilations, group=group,
                          kernel_shape=kernel_shape, output_padding=output_padding,
                          output_shape=output_shape, pads=pads, strides=strides)
    if B is not None:
        bias = _array("B", B)
        if bias.shape != (W.shape[1] * group,):
            raise ValueError(f"B must have shape (M,) = ({W.shape[1] * group},), got "
                             f"{bias.shape}")
        return apply_canonical(form, X, W, bias).astype(np.result_type(X, W, bias))
    return apply_canonical(form, X, W).astype(np.result_type(X, W), copy=False)


# --------------------------------------------------------------------------
# from PyTorch to each framework


@dataclass(frozen=True)
class FrameworkCall:
    """A framework's call equivalent to a PyTorch ``conv_transpose``.

    Attributes
    ----------
    framework : str
        One of :data:`FRAMEWORKS` other than ``"torch"``.
    kwargs : dict
        The framework's keyword arguments (besides the data and the weight).
    weight_permutation : tuple of int
        ``np.transpose`` order taking PyTorch's weight to the framework's layout.
    flip : bool
        Whether the kernel must also be reversed along its spatial axes.
    input_permutation, output_permutation : tuple of int
        PyTorch's ``(N, C, *spatial)`` input to the framework's layout, and back.
    extra_crop : tuple of (int, int)
        What to cut from the framework's result (negative: append zeros) to obtain
        PyTorch's; zeros when the framework expresses the call exactly.
    """

    framework: str
    kwargs: dict = field(compare=False)
    weight_permutation: tuple[int, ...]
    flip: bool
    input_permutation: tuple[int, ...]
    output_permutation: tuple[int, ...]
    extra_crop: Crop

    @property
    def exact(self) -> bool:
        """True when no extra slice is needed."""
        return all(c == (0, 0) for c in self.extra_crop)

    def weight(self, torch_weight: object) -> np.ndarray:
        """PyTorch's weight in the framework's layout."""
        w = _array("weight", torch_weight)
        if self.flip:
            w = np.flip(w, axis=tuple(range(2, w.ndim)))
        return np.transpose(w, self.weight_permutation)

    def __call__(self, x: object, torch_weight: object) -> np.ndarray:
        """Run the framework's call (this module's emulation) on PyTorch arrays.

        Returns PyTorch's result, in PyTorch's layout.

        Examples
        --------
        >>> call = from_torch("keras", (1, 1, 4), (1, 1, 3), stride=2, padding=1,
        ...                   output_padding=1)
        >>> call.kwargs["padding"], call.exact, call.extra_crop
        ('valid', False, ((1, 0),))
        >>> x, w = np.array([[[1.0, 10.0, 100.0, 0.0]]]), np.array([[[1.0, 2.0, 3.0]]])
        >>> np.array_equal(call(x, w), conv_transpose(x, w, 2, 1, output_padding=1))
        True
        """
        xf = np.transpose(_array("x", x), self.input_permutation)
        run: Callable[..., np.ndarray] = _EMULATIONS[self.framework]
        y = run(xf, self.weight(torch_weight), **self.kwargs)
        y = np.transpose(y, self.output_permutation)
        return crop_full_output(y, self.extra_crop)


def _candidates_keras(ndim: int, stride: tuple[int, ...], dilation: tuple[int, ...],
                      limit: int) -> Iterator[dict[str, Any]]:
    options = [None, *range(limit)]
    for padding in ("same", "valid"):
        for a in options:
            yield {"strides": stride, "padding": padding,
                   "output_padding": None if a is None else (a,) * ndim,
                   "dilation_rate": dilation}


def from_torch(framework: str, input_shape: Sequence[int], weight_shape: Sequence[int],
               stride: int | Sequence[int] = 1, padding: int | Sequence[int] = 0,
               output_padding: int | Sequence[int] = 0, groups: int = 1,
               dilation: int | Sequence[int] = 1, channels_first: bool = False) -> FrameworkCall:
    """The framework call that computes a given PyTorch ``conv_transpose``.

    ``input_shape`` and ``weight_shape`` are PyTorch's. JAX (consistent padding) expresses
    every PyTorch call exactly, ONNX every call with ``output_padding < stride`` (ONNX
    Runtime refuses a larger one, which PyTorch allows below the dilation: the zeros are
    then appended afterwards); TensorFlow and Keras, whose padding is a mode, are
    searched for an exact match first and otherwise called with ``VALID`` padding (the
    full output) followed by ``extra_crop``. ``channels_first`` picks the data layout for
    TensorFlow and Keras.

    Examples
    --------
    >>> call = from_torch("jax", (1, 1, 4), (1, 1, 3), stride=2, padding=1, output_padding=1)
    >>> call.kwargs["padding"], call.kwargs["use_consistent_padding"], call.flip
    (((1, 0),), True, True)
    >>> from_torch("onnx", (1, 1, 4), (1, 1, 3), stride=2, padding=1).kwargs["pads"]
    [1, 1]
    """
    if framework not in FRAMEWORKS[1:]:
        raise ValueError(f"framework must be one of {FRAMEWORKS[1:]}, got {framework!r}")
    target = torch_canonical(input_shape, weight_shape, stride, padding, output_padding,
                             groups, dilation)
    ndim = target.ndim
    s, d = target.stride, target.dilation
    sp = _SPATIAL[ndim]
    to_first = tuple(range(ndim + 2))
    if framework in ("jax", "onnx") or channels_first:
        data_perm = to_first
    else:
        data_perm = (0, *range(2, ndim + 2), 1)
    back = tuple(np.argsort(data_perm).tolist())
    if framework == "onnx":
        # ONNX Runtime refuses output_padding >= stride (PyTorch allows it below the
        # dilation): move it into the end padding, or append the zeros afterwards.
        begin, end, out_pad, extra = [], [], [], []
        for (p, after), stride_j in zip(target.crop, s, strict=True):
            a = p - after
            begin.append(p)
            if a < stride_j:
                end.append(p)
                out_pad.append(a)
                extra.append((0, 0))
            else:
                end.append(max(after, 0))
                out_pad.append(0)
                extra.append((0, min(after, 0)))
        kwargs: dict[str, Any] = {"strides": list(s), "dilations": list(d),
                                  "group": target.groups, "pads": begin + end,
                                  "output_padding": out_pad}
        return FrameworkCall("onnx", kwargs, to_first, False, to_first, to_first,
                             tuple(extra))
    if target.groups != 1:
        raise ValueError(f"{framework} has no grouped transposed convolution; got "
                         f"groups={target.groups}")
    if framework == "jax":
        kwargs = {"strides": s, "padding": tuple(target.crop), "rhs_dilation": d,
                  "dimension_numbers": ("NC" + sp, "IO" + sp, "NC" + sp),
                  "use_consistent_padding": True}
        return FrameworkCall("jax", kwargs, to_first, True, to_first, to_first,
                             ((0, 0),) * ndim)
    weight_perm = (*range(2, ndim + 2), 1, 0)
    x_shape = tuple(np.take(input_shape, data_perm))
    k_shape = tuple(np.take(weight_shape, weight_perm))
    full = target.full_sizes(input_shape[2:], weight_shape[2:])
    sizes = tuple(n - b - a for n, (b, a) in zip(full, target.crop, strict=True))
    c_out = weight_shape[1]
    if framework == "keras":
        fmt = "channels_first" if channels_first else "channels_last"
        limit = max(max(s), max(d))
        for kwargs in _candidates_keras(ndim, s, d, limit):
            try:
                form = keras_canonical(x_shape, k_shape, data_format=fmt, **kwargs)
            except ValueError:
                continue
            if form.crop == target.crop:
                return FrameworkCall("keras", {**kwargs, "data_format": fmt}, weight_perm,
                                     False, data_perm, back, ((0, 0),) * ndim)
        kwargs = {"strides": s, "padding": "valid", "output_padding": (0,) * ndim,
                  "dilation_rate": d, "data_format": fmt}
        return FrameworkCall("keras", kwargs, weight_perm, False, data_perm, back, target.crop)
    fmt = _channels_layout(ndim, channels_first)
    out_shape = ((input_shape[0], c_out, *sizes) if channels_first
                 else (input_shape[0], *sizes, c_out))
    for mode in ("SAME", "VALID"):
        try:
            form = tf_canonical(x_shape, k_shape, out_shape, s, mode, fmt, d)
        except ValueError:
            continue
        if form.crop == target.crop:
            kwargs = {"output_shape": list(out_shape), "strides": s, "padding": mode,
                      "data_format": fmt, "dilations": d}
            return FrameworkCall("tensorflow", kwargs, weight_perm, False, data_perm, back,
                                 ((0, 0),) * ndim)
    full_shape = ((input_shape[0], c_out, *full) if channels_first
                  else (input_shape[0], *full, c_out))
    kwargs = {"output_shape": list(full_shape), "strides": s, "padding": "VALID",
              "data_format": fmt, "dilations": d}
    return FrameworkCall("tensorflow", kwargs, weight_perm, False, data_perm, back, target.crop)


_EMULATIONS: dict[str, Callable[..., np.ndarray]] = {
    "keras": keras_conv_transpose,
    "tensorflow": tf_conv_transpose,
    "jax": jax_conv_transpose,
    "onnx": onnx_conv_transpose,
}
