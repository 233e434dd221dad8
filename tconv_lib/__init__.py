"""tconv_lib: the transposed convolution as a linear operator, in NumPy.

The public API mirrors ``torch.nn.functional`` (layouts ``(N, C, *spatial)``,
cross-correlation without kernel flip) so that what a reader learns here
carries over. Chapters import everything from this top level.

The numerical core is imported eagerly; the modules that pull in SymPy,
Matplotlib or ipywidgets load on first use of one of their names, so that
``import tconv_lib`` stays fast in every notebook.
"""

from importlib import import_module

from .arithmetic import (
    ConvGeometry,
    DirectEquivalent,
    conv_output_size,
    conv_transpose_output_size,
    effective_kernel_size,
    inverse_output_padding,
    transposed_as_direct,
    validate_conv_call,
)
from .matrix import DENSE_ENTRY_LIMIT, conv_matrix, conv_matrix_entries
from .ops import TRANSPOSE_METHODS, conv, conv_transpose

__version__ = "0.1.0"

# Public names of the heavier modules: name -> submodule that defines it.
_LAZY_EXPORTS: dict[str, str] = {
}


def __getattr__(name: str):
    if name in _LAZY_EXPORTS:
        value = getattr(import_module(f".{_LAZY_EXPORTS[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY_EXPORTS))


__all__ = [
    "DENSE_ENTRY_LIMIT",
    "TRANSPOSE_METHODS",
    "ConvGeometry",
    "DirectEquivalent",
    "conv",
    "conv_matrix",
    "conv_matrix_entries",
    "conv_output_size",
    "conv_transpose",
    "conv_transpose_output_size",
    "effective_kernel_size",
    "inverse_output_padding",
    "transposed_as_direct",
    "validate_conv_call",
    *_LAZY_EXPORTS,
]
