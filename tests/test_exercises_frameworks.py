"""The checkers of chapter ch-frameworks accept the book's solutions and reject mistakes."""

import os

os.environ["KERAS_BACKEND"] = "jax"

import keras  # noqa: E402
import numpy as np  # noqa: E402

import tconv_lib as tl  # noqa: E402


def test_keras_crop_checker_accepts_the_measured_crop():
    # The book's solution: measure the crop of a live Keras layer.
    layer = keras.layers.Conv2DTranspose(1, 5, strides=2, padding="same", use_bias=False)
    x = np.random.default_rng(0).standard_normal((1, 7, 7, 1)).astype(np.float32)
    y = np.asarray(layer(x))
    full = tl.conv_transpose(x.transpose(0, 3, 1, 2),
                             np.asarray(layer.kernel).transpose(3, 2, 0, 1), 2)
    crop = tl.infer_crop(full, y.transpose(0, 3, 1, 2))
    assert crop == ((1, 2), (1, 2))
    assert tl.check_exercise("ex-frameworks-1", crop[0])
    assert tl.check_exercise("12.1", list(crop[0]))


def test_keras_crop_checker_rejects_typical_mistakes():
    swapped = tl.check_exercise("ex-frameworks-1", (2, 1))
    assert not swapped and "wrong ends" in swapped.hint
    assert not tl.check_exercise("ex-frameworks-1", (2, 2))
    assert not tl.check_exercise("ex-frameworks-1", 3)  # not a pair


def test_tf_padding_checker():
    assert tl.check_exercise("ex-frameworks-2", (1, 0))
    assert not tl.check_exercise("ex-frameworks-2", (1, 1))  # PyTorch's (1, 0) crop
    assert not tl.check_exercise("ex-frameworks-2", (0, 2))
