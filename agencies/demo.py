"""Demo data of agencies."""

from typing import TextIO


def load(stdout: TextIO) -> None:
    """Load nothing yet."""
