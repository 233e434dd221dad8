"""Argument checks shared by every module of ``tconv_lib``, under public names.

Each check raises ``TypeError`` when a value has the wrong type, then
:class:`ConvArgumentError` (a ``ValueError``) when it has the right type but a
wrong value; the message names the parameter, the value given and the rule it
breaks, and the error's ``rule`` attribute says the same for programs (one of
:data:`ERROR_RULES`). The public home of the error class and of the rule list
is :mod:`tconv_lib.arithmetic`; they are defined here, at the bottom of the
package, so that every check can raise them.

Examples
--------
>>> check_int("stride", 2, 1)
2
>>> try:
...     check_int("stride", 0, 1)
... except ConvArgumentError as error:
...     print(error.rule, "|", error)
not_positive | stride must be a positive integer (>= 1), got 0
"""

from __future__ import annotations

import numbers
from collections.abc import Collection, Sequence
from typing import TypeVar

import numpy as np
from numpy.typing import DTypeLike

__all__ = [
    "ERROR_RULES",
    "ConvArgumentError",
    "as_numeric_array",
    "as_tuple",
    "check_choice",
    "check_int",
    "check_shape",
    "placeholder",
]

#: Every ``rule`` a :class:`ConvArgumentError` can carry, with what it means.
ERROR_RULES: dict[str, str] = {
    "not_positive": "an integer that must be >= 1 is 0 or negative",
    "negative": "an integer that must be >= 0 is negative",
    "below_minimum": "an integer is below its (other) minimum",
    "wrong_length": "a per-axis tuple does not have one entry per spatial axis",
    "wrong_ndim": "an array or shape has the wrong number of dimensions",
    "empty_array": "an array or kernel has an axis of size 0",
    "unknown_choice": "a string option is not one of the allowed values",
    "padding_mode": "a string padding is not 'valid'/'same', or is given to conv_transpose",
    "same_padding_stride": "padding='same' with a stride other than 1",
    "output_padding_not_transposed": "output_padding given to a (direct) convolution",
    "output_size_not_transposed": "output_size given to a (direct) convolution",
    "output_padding_too_large": "output_padding >= max(stride, dilation)",
    "channels_not_divisible": "groups does not divide the number of channels",
    "channel_mismatch": "the channels of x and weight do not match",
    "kernel_too_large": "the dilated kernel is larger than the padded input",
    "output_size_below_one": "the padding crops away every output cell",
    "output_size_out_of_range": "an output_size no output_padding can reach",
    "output_size_with_output_padding": "output_size and a non-zero output_padding together",
    "pool_padding_too_large": "pooling padding larger than half the kernel",
    "bias_shape": "bias is not of shape (C_out,)",
    "grad_shape": "grad_out is not of the forward output's shape",
    "dense_too_large": "a dense matrix above the entry limit (use sparse=True)",
    "pool_odd_size": "an unpadded U-Net pools an odd size (the tile size does not fit)",
    "value_out_of_range": "a value outside its documented range",
}

T = TypeVar("T")


class ConvArgumentError(ValueError):
    """A wrong argument value, with the machine-readable name of the broken rule.

    Parameters
    ----------
    message : str
        The sentence for people: parameter, value given, rule broken.
    rule : str
        One of :data:`ERROR_RULES`, for programs (the explorer keys its advice
        on it).

    Examples
    --------
    >>> error = ConvArgumentError("stride must be a positive integer (>= 1), got 0",
    ...                           "not_positive")
    >>> isinstance(error, ValueError), error.rule
    (True, 'not_positive')
    """

    def __init__(self, message: str, rule: str) -> None:
        if rule not in ERROR_RULES:
            raise KeyError(f"unknown error rule {rule!r}; add it to ERROR_RULES")
        super().__init__(message)
        self.rule = rule

    def __reduce__(self) -> tuple[type, tuple[str, str]]:  # picklable across processes
        return (type(self), (str(self), self.rule))


_MINIMUM_RULES = {0: ("a non-negative integer (>= 0)", "negative"),
                  1: ("a positive integer (>= 1)", "not_positive")}


def check_int(name: str, value: object, minimum: int) -> int:
    """Return ``value`` as a Python ``int`` no smaller than ``minimum``.

    ``bool`` is refused although it is an ``int`` subclass: ``stride=True`` is
    always a mistake. NumPy integers are accepted.

    Raises
    ------
    TypeError
        If ``value`` is not an integer.
    ConvArgumentError
        If ``value < minimum`` (rule ``not_positive``, ``negative`` or
        ``below_minimum``).

    Examples
    --------
    >>> check_int("k", np.int64(3), 1), type(check_int("k", np.int64(3), 1)).__name__
    (3, 'int')
    >>> check_int("padding", -1, 0)
    Traceback (most recent call last):
    ...
    tconv_lib._checks.ConvArgumentError: padding must be a non-negative integer (>= 0), got -1
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {value!r} of type {type(value).__name__}")
    number = int(value)
    if number < minimum:
        wording, rule = _MINIMUM_RULES.get(minimum, (f"an integer >= {minimum}", "below_minimum"))
        raise ConvArgumentError(f"{name} must be {wording}, got {number}", rule)
    return number


def as_tuple(name: str, value: object, ndim: int, minimum: int) -> tuple[int, ...]:
    """One integer per spatial axis: an int is repeated, a sequence checked.

    A one-entry sequence is repeated over every axis, as in PyTorch.

    Raises
    ------
    TypeError
        If ``value`` is neither an integer nor a sequence of integers.
    ConvArgumentError
        If the sequence has neither 1 nor ``ndim`` entries (rule
        ``wrong_length``) or an entry is below ``minimum``.

    Examples
    --------
    >>> as_tuple("stride", 2, 3, 1), as_tuple("stride", [2], 2, 1), as_tuple("stride", (1, 2), 2, 1)
    ((2, 2, 2), (2, 2), (1, 2))
    """
    if isinstance(value, (str, bytes)) or not isinstance(value, (numbers.Integral, Sequence)):
        raise TypeError(
            f"{name} must be an int or a sequence of {ndim} ints, got {value!r} "
            f"of type {type(value).__name__}"
        )
    if isinstance(value, numbers.Integral):
        return (check_int(name, value, minimum),) * ndim
    if len(value) == 1:
        return (check_int(f"{name}[0]", value[0], minimum),) * ndim
    if len(value) != ndim:
        raise ConvArgumentError(
            f"{name} must be an int, a one-entry sequence or have one entry per spatial "
            f"dimension ({ndim}), got {tuple(value)!r} with {len(value)} entries",
            "wrong_length",
        )
    return tuple(check_int(f"{name}[{j}]", v, minimum) for j, v in enumerate(value))


def check_shape(name: str, shape: object, min_len: int = 1, max_len: int | None = None,
                what: str = "axes") -> tuple[int, ...]:
    """A shape: a sequence of ``min_len`` to ``max_len`` positive integers.

    Parameters
    ----------
    name : str
        The parameter's name, for the messages.
    shape : sequence of int
        A tuple, list or 1-D integer array.
    min_len, max_len : int
        Allowed number of entries (``max_len=None``: no upper bound).
    what : str
        What the entries are, for the message ("spatial axes", ...).

    Raises
    ------
    TypeError
        If ``shape`` is not a sequence, or an entry is not an integer.
    ConvArgumentError
        Wrong number of entries (rule ``wrong_ndim``) or an entry below 1
        (rule ``not_positive``).

    Examples
    --------
    >>> check_shape("input_shape", [4, np.int32(5)], 1, 3)
    (4, 5)
    >>> try:
    ...     check_shape("input_shape", (4, 5, 6, 7), 1, 3, what="spatial axes")
    ... except ConvArgumentError as error:
    ...     print(error.rule)
    ...     print(error)
    wrong_ndim
    input_shape must have 1 to 3 entries (spatial axes), got (4, 5, 6, 7) with 4 entries
    """
    if isinstance(shape, (str, bytes)) or not isinstance(shape, (Sequence, np.ndarray)):
        raise TypeError(f"{name} must be a tuple of ints, got {shape!r} of type "
                        f"{type(shape).__name__}")
    entries = tuple(shape)
    if len(entries) < min_len or (max_len is not None and len(entries) > max_len):
        if max_len is None:
            count = f"at least {min_len}"
        elif max_len == min_len:
            count = str(min_len)
        else:
            count = f"{min_len} to {max_len}"
        raise ConvArgumentError(
            f"{name} must have {count} entries ({what}), got {entries!r} with "
            f"{len(entries)} entries", "wrong_ndim")
    return tuple(check_int(f"{name}[{j}]", n, 1) for j, n in enumerate(entries))


def as_numeric_array(name: str, value: object) -> np.ndarray:
    """``value`` as a NumPy array of numbers (integer, float or complex).

    No copy is made of an array that already is one.

    Raises
    ------
    TypeError
        If ``value`` cannot be an array (ragged nested lists) or holds no
        numbers (strings, objects, booleans).

    Examples
    --------
    >>> as_numeric_array("x", [[1, 2], [3, 4]]).shape
    (2, 2)
    >>> as_numeric_array("x", ["a"])
    Traceback (most recent call last):
    ...
    TypeError: x must hold numbers (integer, float or complex), got dtype <U1
    """
    try:
        array = np.asarray(value)
    except (TypeError, ValueError) as err:  # ragged nested lists and the like
        raise TypeError(
            f"{name} must be a numeric array, got {type(value).__name__}: {err}"
        ) from err
    if array.dtype.kind not in "iufc":
        raise TypeError(
            f"{name} must hold numbers (integer, float or complex), got dtype {array.dtype}"
        )
    return array


def placeholder(shape: tuple[int, ...], dtype: DTypeLike = np.float64) -> np.ndarray:
    """A read-only array of zeros of any ``shape`` that costs no memory.

    For validating a call when only the shape of an operand is known: a
    broadcast view of one scalar.

    Examples
    --------
    >>> p = placeholder((10_000, 10_000))
    >>> p.shape, p.strides, p.flags.writeable
    ((10000, 10000), (0, 0), False)
    """
    return np.broadcast_to(np.zeros((), dtype=dtype), shape)


def check_choice(name: str, value: T, choices: Collection[T]) -> T:
    """``value`` if it is one of ``choices``.

    Raises
    ------
    TypeError
        If the choices are strings and ``value`` is not one.
    ConvArgumentError
        If ``value`` is not among ``choices`` (rule ``unknown_choice``).

    Examples
    --------
    >>> check_choice("view", "scatter", ("gather", "scatter"))
    'scatter'
    >>> check_choice("view", "both", ("gather", "scatter"))
    Traceback (most recent call last):
    ...
    tconv_lib._checks.ConvArgumentError: view must be one of ('gather', 'scatter'), got 'both'
    """
    if all(isinstance(c, str) for c in choices) and not isinstance(value, str):
        raise TypeError(f"{name} must be a string, one of {tuple(choices)!r}, got {value!r} "
                        f"of type {type(value).__name__}")
    if value not in choices:
        raise ConvArgumentError(f"{name} must be one of {tuple(choices)!r}, got {value!r}",
                                "unknown_choice")
    return value
