"""Find the dataset inside an uploaded zip: in folders, and in zips within zips, guarded against zip bombs.

People zip a Shapefile by zipping its folder, so the .shp is rarely at the top of the archive. A zip is unpacked
into a private folder (nested zips too, to MAX_DEPTH levels) and searched for datasets; one is imported, several
are listed so the user chooses by name. A zip bomb is refused twice: by the sizes its directory declares (before
anything is written), and by counting the bytes actually inflated (a forged directory cannot lie past the cap).
"""

import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.utils.translation import gettext as _

from core.errors import ImportFailed

MAX_DEPTH = 3  # a zip within a zip within a zip; deeper nesting is no way people pack data
MAX_MEMBERS = 10_000
CHUNK = 1024 * 1024
# Files that are a dataset by themselves (a Shapefile's .dbf, .shx, .prj and a TAB's companions come along).
DATASET_SUFFIXES = {".shp", ".gpkg", ".geojson", ".json", ".kml", ".tab", ".mif", ".gml"}
MIB = 1024 * 1024


def mib(size: float) -> str:
    """A size in MiB, the unit of the *_MAX_MB environment variables: 50, 52.4, or 0.000954 for a tiny one."""
    value = size / MIB
    text = f"{value:.1f}" if value >= 0.1 else f"{value:.6f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def unpacked_limit() -> int:
    """The most bytes a zip may inflate to: ten times the upload limit (vector data compresses about 3 to 5:1)."""
    return int(getattr(settings, "LAYERS_UNZIPPED_MAX_BYTES", 10 * settings.LAYERS_UPLOAD_MAX_BYTES))


class _Budget:
    """Bytes still allowed to be inflated across every archive of one upload."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.left = limit

    def spend(self, count: int, name: str) -> None:
        self.left -= count
        if self.left < 0:
            raise _too_large(name, self.limit)


def _too_large(name: str, limit: int) -> ImportFailed:
    return ImportFailed(
        _("%(name)s: unpacked, the zip would exceed %(limit)s MiB; zip fewer files, or ask an administrator to raise "
          "LAYERS_UPLOAD_MAX_MB.") % {"name": name, "limit": mib(limit)}
    )  # fmt: skip


def is_zip(path: Path) -> bool:
    return path.suffix.lower() == ".zip"


@contextmanager
def unpacked(path: Path, choice: str | None = None, control: str = "") -> Iterator[Path]:
    """Yield the dataset to read: path itself unless it is a zip, else the one dataset found inside it.

    choice names a dataset (its file name, with or without the suffix, or its path in the zip) when there are
    several; control is the name of the control the user chooses with, for the message listing them.
    """
    if not is_zip(path):
        yield path
        return
    folder = Path(tempfile.mkdtemp(prefix="unzip-"))
    try:
        _extract(path, folder, _Budget(unpacked_limit()), depth=1)
        found = sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in DATASET_SUFFIXES)
        yield _choose(path.name, folder, found, choice, control)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _extract(archive_path: Path, folder: Path, budget: _Budget, depth: int) -> None:
    name = archive_path.name
    try:
        with zipfile.ZipFile(archive_path) as archive:
            members = [info for info in archive.infolist() if not info.is_dir()]
            if not members and depth == 1:
                raise ImportFailed(_("%(name)s: the file is empty (the zip holds no files).") % {"name": name})
            if len(members) > MAX_MEMBERS or sum(info.file_size for info in members) > budget.left:
                raise _too_large(name, budget.limit)  # the declared sizes already say too much
            for info in members:
                target = _safe_target(folder, info.filename)
                if target is None:
                    continue  # an absolute path or ../ leads outside the folder: never written
                target.parent.mkdir(parents=True, exist_ok=True)
                _inflate(archive, info, target, budget, name)
                if is_zip(target) and depth < MAX_DEPTH:
                    _extract(target, target.with_suffix(""), budget, depth + 1)
                    target.unlink()
    except zipfile.BadZipFile:
        raise ImportFailed(_("%(name)s: the file is damaged (not a readable zip).") % {"name": name}) from None


def _inflate(archive: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path, budget: _Budget, name: str) -> None:
    """Copy one member, counting what is really inflated against the budget (the header may lie)."""
    with archive.open(info) as source, target.open("wb") as sink:
        while chunk := source.read(CHUNK):
            budget.spend(len(chunk), name)
            sink.write(chunk)


def _safe_target(folder: Path, member: str) -> Path | None:
    parts = PurePosixPath(member.replace("\\", "/")).parts
    if not parts or parts[0] == "/" or ".." in parts or "__MACOSX" in parts:
        return None
    return folder.joinpath(*parts)


def _choose(name: str, folder: Path, found: list[Path], choice: str | None, control: str) -> Path:
    if not found:
        raise ImportFailed(
            _("%(name)s holds no vector data: zip a Shapefile (.shp with its .dbf, .shx and .prj), a GeoPackage, "
              "a GeoJSON, a KML or a MapInfo TAB.") % {"name": name}
        )  # fmt: skip
    labels = {str(path.relative_to(folder)): path for path in found}
    if len(found) == 1:
        return found[0]
    if choice:
        for label, path in labels.items():
            if choice in (label, path.name, path.stem):
                return path
    listed = ", ".join(labels)
    if choice:
        message = _("%(name)s has no dataset %(choice)r; it holds: %(list)s.") % {
            "name": name, "choice": choice, "list": listed}  # fmt: skip
    else:
        message = _("%(name)s holds %(count)d datasets: %(list)s. Choose one by its name with %(control)s.") % {
            "name": name, "count": len(found), "list": listed, "control": control or _("the layer option")}  # fmt: skip
    raise ImportFailed(message)
