"""tconv_lib: the transposed convolution as a linear operator, in NumPy.

The public API mirrors ``torch.nn.functional`` (layouts ``(N, C, *spatial)``,
cross-correlation without kernel flip) so that what a reader learns here
carries over. Chapters import everything from this top level.

The numerical core is imported eagerly; the modules that pull in SymPy,
Matplotlib or ipywidgets load on first use of one of their names, so that
``import tconv_lib`` stays fast in every notebook.
"""

from importlib import import_module
from importlib import metadata as _metadata
from typing import TYPE_CHECKING

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

try:  # the version is set once, in pyproject.toml, and read from the installed metadata
    __version__ = _metadata.version("tconv_lib")
except _metadata.PackageNotFoundError:  # imported from a source tree that is not installed
    __version__ = "0+unknown"

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


if TYPE_CHECKING:  # the lazy names, visible to type checkers and IDEs; a test keeps
    # this block in step with _LAZY_EXPORTS (one line per name)
    from .diagrams.animation import animation_frames as animation_frames
    from .diagrams.animation import gif_bytes as gif_bytes
    from .diagrams.animation import save_gif as save_gif
    from .diagrams.architecture import draw_unet as draw_unet
    from .diagrams.calculator import size_calculator as size_calculator
    from .diagrams.examples import example_values as example_values
    from .diagrams.formulas import output_sizes as output_sizes
    from .diagrams.formulas import substituted_formula as substituted_formula
    from .diagrams.geometry import DiagramConfig as DiagramConfig
    from .diagrams.geometry import GatherGeometry as GatherGeometry
    from .diagrams.geometry import ScatterGeometry as ScatterGeometry
    from .diagrams.geometry import gather_geometry as gather_geometry
    from .diagrams.geometry import gather_values as gather_values
    from .diagrams.geometry import scatter_geometry as scatter_geometry
    from .diagrams.geometry import scatter_partial_sums as scatter_partial_sums
    from .diagrams.matrix_view import draw_conv_matrix as draw_conv_matrix
    from .diagrams.matrix_view import draw_tap_matrix as draw_tap_matrix
    from .diagrams.matrix_view import tap_colours as tap_colours
    from .diagrams.matrix_view import tap_index_matrix as tap_index_matrix
    from .diagrams.matrix_view import tap_label as tap_label
    from .diagrams.player import HtmlBlock as HtmlBlock
    from .diagrams.player import HtmlPlayer as HtmlPlayer
    from .diagrams.player import html_player as html_player
    from .diagrams.player import side_by_side as side_by_side
    from .diagrams.player import stack_blocks as stack_blocks
    from .diagrams.presets import PAPER_PRESETS as PAPER_PRESETS
    from .diagrams.presets import PRESETS as PRESETS
    from .diagrams.presets import Preset as Preset
    from .diagrams.presets import get_preset as get_preset
    from .diagrams.still import GatherDrawing as GatherDrawing
    from .diagrams.still import ScatterDrawing as ScatterDrawing
    from .diagrams.still import compose_figure as compose_figure
    from .diagrams.still import draw_all_frames as draw_all_frames
    from .diagrams.still import draw_still as draw_still
    from .diagrams.still import figure_bytes as figure_bytes
    from .diagrams.still import fit_axes as fit_axes
    from .diagrams.still import save_figure as save_figure
    from .diagrams.style import apply_style as apply_style
    from .diagrams.style import style_context as style_context
    from .diagrams.views import view_definitions as view_definitions
    from .exercises import check_exercise as check_exercise
    from .frameworks import FRAMEWORKS as FRAMEWORKS
    from .frameworks import CanonicalForm as CanonicalForm
    from .frameworks import FrameworkCall as FrameworkCall
    from .frameworks import TorchCall as TorchCall
    from .frameworks import apply_canonical as apply_canonical
    from .frameworks import crop_full_output as crop_full_output
    from .frameworks import from_torch as from_torch
    from .frameworks import infer_crop as infer_crop
    from .frameworks import jax_canonical as jax_canonical
    from .frameworks import jax_conv_transpose as jax_conv_transpose
    from .frameworks import keras_canonical as keras_canonical
    from .frameworks import keras_conv_transpose as keras_conv_transpose
    from .frameworks import onnx_canonical as onnx_canonical
    from .frameworks import onnx_conv_transpose as onnx_conv_transpose
    from .frameworks import tf_canonical as tf_canonical
    from .frameworks import tf_conv_transpose as tf_conv_transpose
    from .frameworks import to_torch as to_torch
    from .frameworks import torch_canonical as torch_canonical
    from .images import sample_photograph as sample_photograph
    from .multirate import downsample as downsample
    from .multirate import downsample_matrix as downsample_matrix
    from .multirate import icnr_weights as icnr_weights
    from .multirate import pixel_shuffle as pixel_shuffle
    from .multirate import pixel_unshuffle as pixel_unshuffle
    from .multirate import polyphase_components as polyphase_components
    from .multirate import polyphase_conv_transpose as polyphase_conv_transpose
    from .multirate import polyphase_merge as polyphase_merge
    from .multirate import subpixel_bias as subpixel_bias
    from .multirate import subpixel_weights as subpixel_weights
    from .multirate import transposed_from_subpixel as transposed_from_subpixel
    from .multirate import upsample as upsample
    from .multirate import upsample_matrix as upsample_matrix
    from .spectral import amplitude_spectrum as amplitude_spectrum
    from .spectral import dtft as dtft
    from .spectral import frequency_response as frequency_response
    from .spectral import hold_factor as hold_factor
    from .spectral import hold_kernel as hold_kernel
    from .spectral import image_frequencies as image_frequencies
    from .spectral import is_checkerboard_free as is_checkerboard_free
    from .spectral import periodic_conv_matrix as periodic_conv_matrix
    from .spectral import periodic_singular_values as periodic_singular_values
    from .spectral import phase_sums as phase_sums
    from .spectral import strided_autocorrelation as strided_autocorrelation
    from .symbolic import SYMBOLIC_ENTRY_LIMIT as SYMBOLIC_ENTRY_LIMIT
    from .symbolic import CentredMatrix as CentredMatrix
    from .symbolic import LibraryView as LibraryView
    from .symbolic import adjoint_gap as adjoint_gap
    from .symbolic import affine_preimage as affine_preimage
    from .symbolic import array_taps as array_taps
    from .symbolic import centred_conv_matrix as centred_conv_matrix
    from .symbolic import centred_library_view as centred_library_view
    from .symbolic import centred_taps as centred_taps
    from .symbolic import centred_to_weight as centred_to_weight
    from .symbolic import delta_at as delta_at
    from .symbolic import inner_product as inner_product
    from .symbolic import is_identity as is_identity
    from .symbolic import kernel_function as kernel_function
    from .symbolic import strided_adjoint as strided_adjoint
    from .symbolic import strided_operator as strided_operator
    from .symbolic import substitute_taps as substitute_taps
    from .symbolic import symbolic_conv_matrix as symbolic_conv_matrix
    from .web import explorer_html as explorer_html
    from .widgets import Explorer as Explorer
    from .widgets import explorer as explorer
    from .widgets import explorer_state as explorer_state


def __getattr__(name: str) -> object:
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
