"""Demo data of gis_core."""

from typing import TextIO


def load(stdout: TextIO) -> None:
    """Load nothing yet."""
