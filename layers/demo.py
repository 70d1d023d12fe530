"""Demo data of layers: the built-in layers over the demo province's tables."""

from io import TextIOBase

from layers.builtin import register_builtin_layers


def load(stdout: TextIOBase) -> None:
    """Register the built-in layers (admin units); a second run changes nothing."""
    register_builtin_layers(stdout)
