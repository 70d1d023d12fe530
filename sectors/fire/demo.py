"""Demo data of the fire sector."""

from typing import TextIO


def load(stdout: TextIO) -> None:
    """Load nothing yet."""
