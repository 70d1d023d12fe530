"""Demo data of the cyber sector."""

from typing import TextIO


def load(stdout: TextIO) -> None:
    """Load nothing yet."""
