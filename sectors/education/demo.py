"""Demo data of the education sector."""

from typing import TextIO


def load(stdout: TextIO) -> None:
    """Load nothing yet."""
