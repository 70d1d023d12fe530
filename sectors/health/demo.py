"""Demo data of the health sector."""

from typing import TextIO


def load(stdout: TextIO) -> None:
    """Load nothing yet."""
