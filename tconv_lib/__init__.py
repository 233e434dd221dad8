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
    ERROR_RULES,
    ConvArgumentError,
    ConvGeometry,
    DirectEquivalent,
    conv_output_size,
    conv_transpose_output_size,
    effective_kernel_size,
    inverse_output_padding,
    pool_output_size,
    transposed_as_direct,
    validate_conv_call,
)
from .bilinear import bilinear_kernel, bilinear_padding, bilinear_upsample, bilinear_weight
from .gradients import conv_input_grad, conv_transpose_weight_grad, conv_weight_grad
from .matrix import DENSE_ENTRY_LIMIT, conv_matrix, conv_matrix_entries
from .ops import TRANSPOSE_METHODS, conv, conv_transpose
from .overlap import overlap_count, overlap_period, uniform_overlap
from .unet import UNetStep, unet_shapes

__version__ = "0.1.0"

# Public names of the heavier modules: name -> submodule that defines it.
_LAZY_EXPORTS: dict[str, str] = {
    "SYMBOLIC_ENTRY_LIMIT": "symbolic",
    "CentredMatrix": "symbolic",
    "LibraryView": "symbolic",
    "adjoint_gap": "symbolic",
    "affine_preimage": "symbolic",
    "array_taps": "symbolic",
    "centred_conv_matrix": "symbolic",
    "centred_library_view": "symbolic",
    "centred_taps": "symbolic",
    "centred_to_weight": "symbolic",
    "delta_at": "symbolic",
    "inner_product": "symbolic",
    "is_identity": "symbolic",
    "kernel_function": "symbolic",
    "strided_adjoint": "symbolic",
    "strided_operator": "symbolic",
    "substitute_taps": "symbolic",
    "symbolic_conv_matrix": "symbolic",
    "draw_conv_matrix": "diagrams.matrix_view",
    "draw_tap_matrix": "diagrams.matrix_view",
    "tap_colours": "diagrams.matrix_view",
    "tap_index_matrix": "diagrams.matrix_view",
    "tap_label": "diagrams.matrix_view",
    "DiagramConfig": "diagrams.geometry",
    "GatherGeometry": "diagrams.geometry",
    "ScatterGeometry": "diagrams.geometry",
    "gather_geometry": "diagrams.geometry",
    "gather_values": "diagrams.geometry",
    "scatter_geometry": "diagrams.geometry",
    "scatter_partial_sums": "diagrams.geometry",
    "PAPER_PRESETS": "diagrams.presets",
    "PRESETS": "diagrams.presets",
    "Preset": "diagrams.presets",
    "get_preset": "diagrams.presets",
    "GatherDrawing": "diagrams.still",
    "ScatterDrawing": "diagrams.still",
    "compose_figure": "diagrams.still",
    "draw_all_frames": "diagrams.still",
    "draw_still": "diagrams.still",
    "example_values": "diagrams.examples",
    "figure_bytes": "diagrams.still",
    "fit_axes": "diagrams.still",
    "save_figure": "diagrams.still",
    "animation_frames": "diagrams.animation",
    "gif_bytes": "diagrams.animation",
    "save_gif": "diagrams.animation",
    "apply_style": "diagrams.style",
    "style_context": "diagrams.style",
    "HtmlBlock": "diagrams.player",
    "HtmlPlayer": "diagrams.player",
    "html_player": "diagrams.player",
    "side_by_side": "diagrams.player",
    "stack_blocks": "diagrams.player",
    "view_definitions": "diagrams.views",
    "size_calculator": "diagrams.calculator",
    "output_sizes": "diagrams.formulas",
    "substituted_formula": "diagrams.formulas",
    "Explorer": "widgets",
    "explorer": "widgets",
    "explorer_state": "widgets",
    "explorer_html": "web",
    "check_exercise": "exercises",
    "sample_photograph": "images",
    "draw_unet": "diagrams.architecture",
    "FRAMEWORKS": "frameworks",
    "CanonicalForm": "frameworks",
    "FrameworkCall": "frameworks",
    "TorchCall": "frameworks",
    "apply_canonical": "frameworks",
    "crop_full_output": "frameworks",
    "from_torch": "frameworks",
    "infer_crop": "frameworks",
    "jax_canonical": "frameworks",
    "jax_conv_transpose": "frameworks",
    "keras_canonical": "frameworks",
    "keras_conv_transpose": "frameworks",
    "onnx_canonical": "frameworks",
    "onnx_conv_transpose": "frameworks",
    "tf_canonical": "frameworks",
    "tf_conv_transpose": "frameworks",
    "to_torch": "frameworks",
    "torch_canonical": "frameworks",
    "downsample": "multirate",
    "downsample_matrix": "multirate",
    "icnr_weights": "multirate",
    "pixel_shuffle": "multirate",
    "pixel_unshuffle": "multirate",
    "polyphase_components": "multirate",
    "polyphase_conv_transpose": "multirate",
    "polyphase_merge": "multirate",
    "subpixel_bias": "multirate",
    "subpixel_weights": "multirate",
    "transposed_from_subpixel": "multirate",
    "upsample": "multirate",
    "upsample_matrix": "multirate",
    "amplitude_spectrum": "spectral",
    "dtft": "spectral",
    "frequency_response": "spectral",
    "hold_factor": "spectral",
    "hold_kernel": "spectral",
    "image_frequencies": "spectral",
    "is_checkerboard_free": "spectral",
    "periodic_conv_matrix": "spectral",
    "periodic_singular_values": "spectral",
    "phase_sums": "spectral",
    "strided_autocorrelation": "spectral",
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
    "ERROR_RULES",
    "TRANSPOSE_METHODS",
    "ConvArgumentError",
    "ConvGeometry",
    "DirectEquivalent",
    "UNetStep",
    "bilinear_kernel",
    "bilinear_padding",
    "bilinear_upsample",
    "bilinear_weight",
    "conv",
    "conv_input_grad",
    "conv_matrix",
    "conv_matrix_entries",
    "conv_output_size",
    "conv_transpose",
    "conv_transpose_output_size",
    "conv_transpose_weight_grad",
    "conv_weight_grad",
    "effective_kernel_size",
    "inverse_output_padding",
    "overlap_count",
    "overlap_period",
    "pool_output_size",
    "transposed_as_direct",
    "unet_shapes",
    "uniform_overlap",
    "validate_conv_call",
    *_LAZY_EXPORTS,
]
