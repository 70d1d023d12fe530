"""Demo data of the traffic sector."""

from typing import TextIO


def load(stdout: TextIO) -> None:
    """Load nothing yet."""
