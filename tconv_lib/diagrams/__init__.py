"""Dumoulin–Visin style diagrams of (transposed) convolutions.

``style`` holds the one colour and line definition; ``geometry`` computes what
is drawn (pure NumPy, from :mod:`tconv_lib.arithmetic`); ``presets`` names the
guide's configurations and a few more; ``still``, ``animation`` and ``player``
render a configuration as a Matplotlib figure, a GIF, or a kernel-free HTML
player; ``formulas`` and ``calculator`` state the output-size formulas once for
Python, JavaScript and prose; ``matrix_view`` pictures the matrix ``C``.
"""
