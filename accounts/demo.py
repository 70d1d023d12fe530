"""Demo data of accounts."""

from typing import TextIO


def load(stdout: TextIO) -> None:
    """Load nothing yet."""
