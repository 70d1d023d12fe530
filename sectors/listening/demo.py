"""Demo data of the listening sector."""

from typing import TextIO


def load(stdout: TextIO) -> None:
    """Load nothing yet."""
