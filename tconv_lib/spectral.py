"""Frequency responses, spectra and the checkerboard-free condition.

Conventions: the discrete-time Fourier transform of a finite sequence ``h`` is
``H(e^{iω}) = Σ_t h[t] e^{-iωt}``, with ``ω`` in radians per sample (``ω = π`` is the
highest frequency a grid can hold, half the sampling rate). In several dimensions
``ω = (ω_1, ..., ω_n)`` and ``t`` is a multi-index.

Zero insertion by ``s`` compresses a spectrum: ``U(e^{iω}) = X(e^{isω})``, so the
band ``[-π, π]`` of the input appears ``s`` times and the ``s - 1`` copies centred on
the *image frequencies* ``2πl/s`` (:func:`image_frequencies`) are the spectral images a
transposed convolution's kernel must suppress. A kernel maps a constant input to a
constant output (away from the borders) exactly when it vanishes at those frequencies,
which is exactly when its :func:`phase_sums` are equal (:func:`is_checkerboard_free`).
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence

import numpy as np

from ._checks import ConvArgumentError, as_numeric_array, check_int

__all__ = [
    "amplitude_spectrum",
    "dtft",
    "frequency_response",
    "hold_factor",
    "hold_kernel",
    "image_frequencies",
    "is_checkerboard_free",
    "periodic_conv_matrix",
    "periodic_singular_values",
    "phase_sums",
    "strided_autocorrelation",
]


def _kernel(name: str, value: object, ndims: tuple[int, ...] = (1, 2, 3)) -> np.ndarray:
    array = as_numeric_array(name, value)
    if array.ndim not in ndims:
        raise ConvArgumentError(
            f"{name} must have {' or '.join(map(str, ndims))} dimensions, got shape {array.shape}",
            "wrong_ndim",
        )
    if array.size == 0:
        raise ConvArgumentError(f"{name} must not be empty, got shape {array.shape}", "empty_array")
    return array


def _strides(stride: int | Sequence[int], ndim: int) -> tuple[int, ...]:
    if isinstance(stride, bool) or not isinstance(stride, (numbers.Integral, Sequence)):
        raise TypeError(f"stride must be an int or a sequence of ints, got {stride!r}")
    if isinstance(stride, numbers.Integral):
        return (check_int("stride", stride, 1),) * ndim
    values = tuple(stride)
    if len(values) != ndim:
        raise ConvArgumentError(
            f"stride must have one entry per kernel axis ({ndim}), got {stride!r}", "wrong_length"
        )
    return tuple(check_int(f"stride[{j}]", v, 1) for j, v in enumerate(values))


def dtft(signal: object, omega: object) -> np.ndarray:
    """The DTFT ``Σ_t h[t] e^{-iωt}`` of a finite sequence at the given frequencies.

    Parameters
    ----------
    signal : array_like
        ``h``, 1-D, 2-D or 3-D; index 0 is time 0.
    omega : array_like or sequence of array_like
        For a 1-D signal, an array of frequencies (any shape). For an ``n``-D
        signal, a sequence of ``n`` 1-D arrays: the result is on their outer grid.

    Returns
    -------
    numpy.ndarray
        Complex; shape of ``omega`` (1-D) or ``(len(omega_1), ..., len(omega_n))``.

    Examples
    --------
    >>> np.abs(dtft([1.0, 1.0], [0.0, np.pi / 2, np.pi])).round(6)
    array([2.      , 1.414214, 0.      ])
    """
    h = _kernel("signal", signal)
    if h.ndim == 1:
        w = np.asarray(omega, dtype=float)
        return np.tensordot(
            np.exp(-1j * np.multiply.outer(w, np.arange(h.size))), h, axes=([w.ndim], [0])
        )
    if not isinstance(omega, Sequence) or len(omega) != h.ndim:
        raise ConvArgumentError(
            f"omega must be a sequence of {h.ndim} arrays for a {h.ndim}-D signal, "
            f"got {type(omega).__name__}",
            "value_out_of_range",
        )
    result = h.astype(complex)
    for axis, w in enumerate(omega):
        w = np.asarray(w, dtype=float).ravel()
        basis = np.exp(-1j * np.outer(np.arange(h.shape[axis]), w))  # (k, len(w))
        result = np.moveaxis(np.tensordot(result, basis, axes=([axis], [0])), -1, axis)
    return result


def _grid(n: int, centred: bool) -> np.ndarray:
    omega = 2 * np.pi * np.arange(n) / n
    return np.where(omega >= np.pi, omega - 2 * np.pi, omega) if centred else omega


def frequency_response(
    kernel: object, n: int = 256, *, centred: bool = True
) -> tuple[np.ndarray, np.ndarray]:
    """The DTFT of a kernel on ``n`` equally spaced frequencies per axis.

    Parameters
    ----------
    kernel : array_like
        1-D or 2-D (or 3-D) taps.
    n : int
        Grid points per axis, ``ω = 2πj/n``.
    centred : bool
        ``True``: frequencies sorted in ``[-π, π)``; ``False``: in ``[0, 2π)``.

    Returns
    -------
    omega : numpy.ndarray
        The ``n`` frequencies of one axis.
    response : numpy.ndarray
        Complex, shape ``(n,) * kernel.ndim``.

    Examples
    --------
    >>> omega, H = frequency_response([0.5, 0.5], 4, centred=False)
    >>> omega.round(3).tolist(), np.abs(H).round(3).tolist()
    ([0.0, 1.571, 3.142, 4.712], [1.0, 0.707, 0.0, 0.707])
    """
    h = _kernel("kernel", kernel)
    n = check_int("n", n, 1)
    if not isinstance(centred, bool):
        raise TypeError(f"centred must be True or False, got {centred!r}")
    omega = 2 * np.pi * np.arange(n) / n
    response = dtft(h, omega) if h.ndim == 1 else dtft(h, [omega] * h.ndim)
    if centred:
        order = np.argsort(_grid(n, True), kind="stable")
        omega = _grid(n, True)[order]
        response = response[np.ix_(*[order] * h.ndim)]
    return omega, response


def amplitude_spectrum(
    x: object, *, centred: bool = True, db: bool = False
) -> tuple[np.ndarray | tuple[np.ndarray, ...], np.ndarray]:
    """``|X|`` of a 1-D or 2-D array on its own DFT grid (``ω = 2πj/n`` per axis).

    Parameters
    ----------
    x : array_like
        The signal or image.
    centred : bool
        Put ``ω = 0`` in the middle (``numpy.fft.fftshift``).
    db : bool
        Return ``20 log10 |X|`` (floored at 1e-12 of the peak) instead of ``|X|``.

    Returns
    -------
    omega : numpy.ndarray or tuple of numpy.ndarray
        The frequencies of each axis (one array for a 1-D ``x``).
    amplitude : numpy.ndarray
        Real, the shape of ``x``.

    Examples
    --------
    >>> omega, a = amplitude_spectrum([1.0, -1.0, 1.0, -1.0])
    >>> omega.round(3).tolist(), a.round(3).tolist()
    ([-3.142, -1.571, 0.0, 1.571], [4.0, 0.0, 0.0, 0.0])
    """
    x = _kernel("x", x, (1, 2))
    spectrum = np.abs(np.fft.fftn(x))
    omegas = [2 * np.pi * np.fft.fftfreq(n) for n in x.shape]
    if centred:
        spectrum = np.fft.fftshift(spectrum)
        omegas = [np.fft.fftshift(w) for w in omegas]
    if db:
        floor = max(spectrum.max(), 1e-300) * 1e-12
        spectrum = 20 * np.log10(np.maximum(spectrum, floor))
    return (omegas[0] if x.ndim == 1 else tuple(omegas)), spectrum


def image_frequencies(stride: int) -> np.ndarray:
    """The centres ``2πl/s``, ``l = 1, ..., s - 1``, of the spectral images of ``↑s``.

    Parameters
    ----------
    stride : int
        ``s >= 1`` (``s = 1`` has no images: an empty array).

    Returns
    -------
    numpy.ndarray
        ``s - 1`` frequencies in ``(0, 2π)``, radians per sample.

    Examples
    --------
    >>> (image_frequencies(4) / np.pi).tolist()
    [0.5, 1.0, 1.5]
    """
    stride = check_int("stride", stride, 1)
    return 2 * np.pi * np.arange(1, stride) / stride


def phase_sums(kernel: object, stride: int | Sequence[int], dilation: int = 1) -> np.ndarray:
    """The sums ``σ_r`` of the taps ``t`` with ``d t ≡ r (mod s)``, per axis.

    A constant input ``c`` of a transposed convolution gives, away from the
    borders, the output ``c σ_r`` at every cell of phase ``r``.

    Parameters
    ----------
    kernel : array_like
        1-D, 2-D or 3-D taps.
    stride : int or sequence of int
        ``s``, one for all axes or one per axis.
    dilation : int
        ``d``: tap ``t`` lands on phase ``d t mod s``.

    Returns
    -------
    numpy.ndarray
        Shape ``(s_1, ..., s_n)``.

    Examples
    --------
    >>> phase_sums([1.0, 2.0, 3.0], 2)
    array([4., 2.])
    >>> phase_sums(np.ones((3, 3)), 2)
    array([[4., 2.],
           [2., 1.]])
    """
    h = _kernel("kernel", kernel)
    s = _strides(stride, h.ndim)
    d = check_int("dilation", dilation, 1)
    sums = np.zeros(s, dtype=np.result_type(h, float))
    positions = np.indices(h.shape).reshape(h.ndim, -1).T
    for t, value in zip(positions, h.ravel(), strict=True):
        sums[tuple(d * tj % sj for tj, sj in zip(t, s, strict=True))] += value
    return sums


def is_checkerboard_free(
    kernel: object, stride: int | Sequence[int], *, dilation: int = 1, rtol: float = 1e-9
) -> bool:
    """Whether a constant input gives a constant output away from the borders.

    True exactly when all phase sums are equal (to ``rtol`` times ``Σ|h|``),
    equivalently when the kernel's DTFT vanishes at every image frequency
    ``(2πl_1/s_1, ..., 2πl_n/s_n) ≠ 0`` (the DFT of the phase sums).

    Parameters
    ----------
    kernel : array_like
        1-D, 2-D or 3-D taps of a transposed convolution (one channel).
    stride : int or sequence of int
    dilation : int
    rtol : float
        Relative tolerance for the comparison of phase sums.

    Examples
    --------
    >>> is_checkerboard_free([0.5, 1.0, 0.5], 2), is_checkerboard_free([1.0, 1.0, 1.0], 2)
    (True, False)
    >>> is_checkerboard_free(np.ones((4, 4)), 2)
    True
    """
    if isinstance(rtol, bool) or not isinstance(rtol, numbers.Real) or rtol < 0:
        raise ConvArgumentError(
            f"rtol must be a non-negative number, got {rtol!r}", "value_out_of_range"
        )
    h = _kernel("kernel", kernel)
    sums = phase_sums(h, stride, dilation)
    scale = float(np.abs(h).sum())
    return bool(np.all(np.abs(sums - sums.flat[0]) <= rtol * scale))


def hold_kernel(base: object, stride: int | Sequence[int]) -> np.ndarray:
    """``base`` convolved with the zero-order hold (a box of ``s`` ones per axis).

    Every such kernel is checkerboard-free: its phase sums all equal ``Σ base``.
    In 1-D every checkerboard-free kernel is of this form (:func:`hold_factor`).

    Parameters
    ----------
    base : array_like
        ``h_0``, 1-D, 2-D or 3-D.
    stride : int or sequence of int
        ``s``, the length of the box along each axis.

    Returns
    -------
    numpy.ndarray
        The full convolution, ``s - 1`` taps longer than ``base`` along each axis.

    Examples
    --------
    >>> hold_kernel([1.0, 2.0], 2)
    array([1., 3., 2.])
    """
    b = _kernel("base", base)
    s = _strides(stride, b.ndim)
    out = b.astype(np.result_type(b, float))
    for axis, sj in enumerate(s):
        out = np.apply_along_axis(np.convolve, axis, out, np.ones(sj))
    return out


def hold_factor(kernel: object, stride: int, *, rtol: float = 1e-9) -> np.ndarray:
    """The ``h_0`` with ``kernel = hold_kernel(h_0, s)`` (1-D), by polynomial division.

    Parameters
    ----------
    kernel : array_like
        1-D taps, at least ``s`` of them.
    stride : int
        ``s >= 1``.
    rtol : float
        Largest remainder accepted, relative to ``Σ|kernel|``.

    Returns
    -------
    numpy.ndarray
        ``h_0``, ``s - 1`` taps shorter than ``kernel``.

    Raises
    ------
    ValueError
        If the kernel is not checkerboard-free for ``stride`` (the division leaves
        a remainder), or if it has fewer than ``s`` taps.

    Examples
    --------
    >>> hold_factor([1.0, 3.0, 2.0], 2)
    array([1., 2.])
    """
    h = _kernel("kernel", kernel, (1,)).astype(float)
    s = check_int("stride", stride, 1)
    if h.size < s:
        raise ConvArgumentError(
            f"kernel must have at least stride = {s} taps, got {h.size}", "value_out_of_range"
        )
    quotient = np.zeros(h.size - s + 1)
    rest = h.copy()
    for j in range(quotient.size):
        quotient[j] = rest[j]
        rest[j : j + s] -= quotient[j]
    if np.abs(rest).max() > rtol * max(np.abs(h).sum(), 1e-300):
        raise ConvArgumentError(
            f"kernel is not checkerboard-free for stride {s} (phase sums "
            f"{phase_sums(h, s).tolist()}), so it has no zero-order-hold factor",
            "value_out_of_range",
        )
    return quotient


def strided_autocorrelation(kernel: object, stride: int) -> np.ndarray:
    """``R[n] = Σ_t w[t] w[t + s n]`` for ``n = 0, 1, ...`` while non-zero is possible (1-D).

    The rows of a strided convolution matrix are the kernel shifted by ``s``; their
    inner products are these values, so ``C C^T = I`` (periodic boundaries) exactly
    when ``R = (1, 0, 0, ...)``: the rows form an orthonormal set and ``C^T`` is an
    isometry (the columns of ``C`` form a Parseval tight frame).

    Parameters
    ----------
    kernel : array_like
        1-D taps ``w``.
    stride : int
        ``s >= 1``.

    Returns
    -------
    numpy.ndarray
        ``R[0], R[1], ...``, one value per lag ``s n < k``.

    Examples
    --------
    >>> strided_autocorrelation([0.5, 0.5, 0.5, 0.5], 2)
    array([1. , 0.5])
    """
    w = _kernel("kernel", kernel, (1,))
    s = check_int("stride", stride, 1)
    lags = range(0, w.size, s)
    return np.array([np.dot(w[: w.size - lag], w[lag:]) for lag in lags])


def periodic_conv_matrix(n: int, kernel: object, stride: int) -> np.ndarray:
    """The ``n/s x n`` matrix of a strided convolution on a circle (1-D, wrap-around).

    Row ``q`` holds ``w[t]`` in column ``(s q + t) mod n``.

    Parameters
    ----------
    n : int
        Signal length, a multiple of ``s``.
    kernel : array_like
        1-D taps, at most ``n`` of them.
    stride : int
        ``s >= 1``.

    Returns
    -------
    numpy.ndarray
        Shape ``(n / s, n)``.

    Examples
    --------
    >>> periodic_conv_matrix(4, [1.0, 2.0, 3.0], 2)
    array([[1., 2., 3., 0.],
           [3., 0., 1., 2.]])
    """
    n = check_int("n", n, 1)
    w = _kernel("kernel", kernel, (1,))
    s = check_int("stride", stride, 1)
    if n % s:
        raise ConvArgumentError(
            f"n must be a multiple of stride = {s}, got {n}", "value_out_of_range"
        )
    if w.size > n:
        raise ConvArgumentError(
            f"kernel must have at most n = {n} taps, got {w.size}", "value_out_of_range"
        )
    rows = n // s
    matrix = np.zeros((rows, n), dtype=np.result_type(w, float))
    for q in range(rows):
        for t, value in enumerate(w):
            matrix[q, (s * q + t) % n] += value
    return matrix


def periodic_singular_values(n: int, kernel: object, stride: int) -> np.ndarray:
    """Singular values of :func:`periodic_conv_matrix` from the polyphase components.

    With ``M = n / s`` and ``W_r(f)`` the length-``M`` DFT of the phase ``w[r::s]``,
    the DFT turns ``C`` into ``M`` independent ``1 x s`` blocks
    ``(W_0(f), ..., W_{s-1}(f))``, so the singular values are
    ``sqrt(Σ_r |W_r(f)|^2)``, ``f = 0, ..., M - 1``, returned in decreasing order.

    Parameters
    ----------
    n : int
        Signal length, a multiple of ``s``.
    kernel : array_like
        1-D taps, at most ``n`` of them.
    stride : int
        ``s >= 1``.

    Returns
    -------
    numpy.ndarray
        The ``n / s`` singular values, largest first.

    Examples
    --------
    >>> periodic_singular_values(4, [1.0, 1.0], 2)
    array([1.41421356, 1.41421356])
    """
    n = check_int("n", n, 1)
    w = _kernel("kernel", kernel, (1,))
    s = check_int("stride", stride, 1)
    periodic_conv_matrix(n, w, s)  # validates n and the kernel size
    m = n // s
    padded = np.zeros(n, dtype=np.result_type(w, float))
    padded[: w.size] = w
    phases = padded.reshape(m, s).T  # phases[r, u] = w[s u + r]
    energy = (np.abs(np.fft.fft(phases, axis=1)) ** 2).sum(axis=0)
    return np.sort(np.sqrt(energy))[::-1]
