"""Demo data of layers: the built-in layers over the demo province's tables and the synthetic flood-depth raster."""

from io import TextIOBase

from layers import demo_raster
from layers.builtin import register_builtin_layers


def load(stdout: TextIOBase) -> None:
    """Register the built-in layers (admin units) and the demo raster; a second run changes nothing."""
    register_builtin_layers(stdout)
    demo_raster.load(stdout)
