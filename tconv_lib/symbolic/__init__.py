"""SymPy versions of the objects of the linear-operator chapters.

``kernel`` names the kernel (an undefined function ``k``, centred taps
``k_{-m} .. k_m``, array taps ``w_0 .. w_{K-1}``); ``operators`` writes the
strided operator, its adjoint and the inner products as integrals over the
real line or as sums; ``matrices`` builds ``C`` symbolically in both index
conventions; ``support`` solves for the interval on which a shifted, scaled
kernel is non-zero; ``checks`` tests identities.
"""

from .checks import adjoint_gap, is_identity
from .kernel import array_taps, centred_taps, centred_to_weight, kernel_function
from .matrices import (
    SYMBOLIC_ENTRY_LIMIT,
    CentredMatrix,
    LibraryView,
    centred_conv_matrix,
    centred_library_view,
    substitute_taps,
    symbolic_conv_matrix,
)
from .operators import delta_at, inner_product, strided_adjoint, strided_operator
from .support import affine_preimage

__all__ = [
    "SYMBOLIC_ENTRY_LIMIT",
    "CentredMatrix",
    "LibraryView",
    "adjoint_gap",
    "affine_preimage",
    "array_taps",
    "centred_conv_matrix",
    "centred_library_view",
    "centred_taps",
    "centred_to_weight",
    "delta_at",
    "inner_product",
    "is_identity",
    "kernel_function",
    "strided_adjoint",
    "strided_operator",
    "substitute_taps",
    "symbolic_conv_matrix",
]
