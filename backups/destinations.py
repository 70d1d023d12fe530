"""Where backups go: a registry of destination kinds (a local or mounted directory; more kinds by new entries).

settings.BACKUP_DESTINATIONS lists them, at least two for Article 5.1.e (several locations). A backup is written
into `<destination>/.partial-<name>` and renamed to `<name>` only once every file is there and its SHA-256 checked,
so a half-written backup never looks complete. A destination that is missing is reported, never created: an
unmounted disk must not silently fill the disk under its mount point.
"""

import re
import shutil
from pathlib import Path

from django.conf import settings

from backups.errors import BackupError
from backups.manifest import MANIFEST, sha256_of
from core.registry import load_class

# Names are UTC instants, so sorting them sorts the backups in time.
NAME_RE = re.compile(r"^\d{8}T\d{6}Z$")
PARTIAL_PREFIX = ".partial-"

# URL scheme -> dotted path of a Destination subclass; a plain path is a local directory.
DESTINATION_KINDS: dict[str, str] = {
    "file": "backups.destinations.LocalDirectory",
}


class Destination:
    """One place backups are kept."""

    def __init__(self, location: str) -> None:
        self.location = location

    def __str__(self) -> str:
        return self.location

    def check(self) -> None:
        """Raise BackupError saying how to fix the destination when it cannot take a backup."""
        raise NotImplementedError

    def store(self, staged: Path, name: str) -> None:
        """Copy the staged backup folder here under name, checking every file's SHA-256."""
        raise NotImplementedError

    def names(self) -> list[str]:
        """The complete backups kept here, oldest first."""
        raise NotImplementedError

    def folder(self, name: str) -> Path:
        """A local folder holding the backup's files (for reading)."""
        raise NotImplementedError

    def remove(self, name: str) -> None:
        raise NotImplementedError


class LocalDirectory(Destination):
    """A directory on this machine or a mounted disk or network share."""

    @property
    def path(self) -> Path:
        return Path(self.location.removeprefix("file://"))

    def check(self) -> None:
        if not self.path.is_absolute():
            raise BackupError(f"Backup destination '{self.location}' is not an absolute path; give the full path.")
        if not self.path.exists():
            raise BackupError(
                f"Backup destination {self.path} does not exist. Create it (mkdir -p {self.path}) or mount the disk "
                f"it stands for, or remove it from BACKUP_DESTINATIONS."
            )
        if not self.path.is_dir():
            raise BackupError(f"Backup destination {self.path} is not a directory; fix BACKUP_DESTINATIONS.")
        probe = self.path / f"{PARTIAL_PREFIX}probe"
        try:
            probe.write_bytes(b"")
            probe.unlink()
        except OSError as exc:
            raise BackupError(
                f"Backup destination {self.path} is not writable by this process: {exc.strerror}."
            ) from None

    def store(self, staged: Path, name: str) -> None:
        partial = self.path / f"{PARTIAL_PREFIX}{name}"
        final = self.path / name
        if partial.resolve() != staged.resolve():
            shutil.rmtree(partial, ignore_errors=True)
            partial.mkdir()
            for source in sorted(staged.iterdir()):
                copied = partial / source.name
                shutil.copyfile(source, copied)
                if sha256_of(copied) != sha256_of(source):
                    raise BackupError(f"The copy of {source.name} to {self.path} differs from the original.")
        partial.rename(final)

    def names(self) -> list[str]:
        if not self.path.is_dir():
            return []
        return sorted(
            entry.name for entry in self.path.iterdir() if NAME_RE.match(entry.name) and (entry / MANIFEST).is_file()
        )

    def folder(self, name: str) -> Path:
        return self.path / name

    def remove(self, name: str) -> None:
        if not NAME_RE.match(name):
            raise ValueError(f"{name!r} is not a backup name.")
        shutil.rmtree(self.path / name)

    def staging(self, name: str) -> Path:
        """A fresh folder to write a new backup into before it is complete."""
        partial = self.path / f"{PARTIAL_PREFIX}{name}"
        shutil.rmtree(partial, ignore_errors=True)
        partial.mkdir()
        return partial


def destination(location: str) -> Destination:
    """Return the destination a BACKUP_DESTINATIONS entry names."""
    scheme = location.split("://", 1)[0] if "://" in location else "file"
    if scheme not in DESTINATION_KINDS:
        raise BackupError(
            f"Backup destination '{location}': the kind '{scheme}' is not supported; use a directory path "
            f"(a mounted disk or share). Supported kinds: {', '.join(DESTINATION_KINDS)}."
        )
    return load_class(DESTINATION_KINDS, scheme, Destination, "backup destination")(location)


def configured() -> list[Destination]:
    """The destinations of settings.BACKUP_DESTINATIONS; none configured is an error that says what to set."""
    locations = list(settings.BACKUP_DESTINATIONS)
    if not locations:
        raise BackupError(
            "No backup destination is configured. Set BACKUP_DESTINATIONS to at least two directories on different "
            "disks, separated by commas (e.g. /srv/backups,/mnt/offsite/ioc-backups)."
        )
    return [destination(location) for location in locations]
