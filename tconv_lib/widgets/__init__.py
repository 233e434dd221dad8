"""The interactive explorer: set any (transposed) convolution and step through it.

``scene`` computes what is shown for one setting of the controls (pure NumPy,
testable without a browser); ``canvas`` renders it with Matplotlib into PNG
bytes, reusing one figure per picture; ``ui`` lays out the ipywidgets
controls and keeps the pictures in step with them.
"""

from .scene import ExplorerScene, ExplorerSettings, MatrixHighlight, explain_error, explorer_scene
from .ui import CONTROL_LIMITS, Explorer, explorer

__all__ = ["CONTROL_LIMITS", "Explorer", "ExplorerScene", "ExplorerSettings", "MatrixHighlight",
           "explain_error", "explorer", "explorer_scene"]
