"""Demo data of delivery: the default Vietnamese message templates of each audience; rows that exist are kept."""

from typing import TextIO

from delivery import message_defaults


def load(stdout: TextIO) -> None:
    """Create the missing default message templates."""
    templates = message_defaults.create_defaults()
    stdout.write(f"delivery: {templates} message templates created.\n")
