"""Demo data of the roads sector."""

from typing import TextIO


def load(stdout: TextIO) -> None:
    """Load nothing yet."""
