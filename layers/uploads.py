"""Files uploaded through the web app: which kinds are accepted, and a private temporary copy to import from.

Only plain data files are accepted; a zip may hold only the parts of Shapefiles, MapInfo tables and the
single-file formats, never a GDAL virtual file (.vrt) or anything else that could make GDAL read other files.
A GeoTIFF is opened with GDAL's GeoTIFF driver alone (layers.rasters), whatever its content claims to be.
"""

import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from core.errors import ImportFailed
from layers import access
from layers.importing import ImportOptions, ImportResult, import_layer
from layers.models import Layer

UPLOAD_SUFFIXES = {".gpkg", ".geojson", ".json", ".kml", ".zip", ".csv", ".xlsx", ".tif", ".tiff"}
ZIP_MEMBER_SUFFIXES = {
    ".shp", ".shx", ".dbf", ".prj", ".cpg", ".qix", ".sbn", ".sbx", ".xml",  # Shapefile
    ".tab", ".dat", ".map", ".id", ".ind", ".mif", ".mid",  # MapInfo
    ".gpkg", ".geojson", ".json", ".kml", ".txt",
}  # fmt: skip
_SAFE_NAME = re.compile(r"[^\w.-]+")


def upload_problem(upload: UploadedFile) -> str | None:
    """Return why an uploaded file is refused before it is read, or None."""
    name = Path(upload.name or "").name
    suffix = Path(name).suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        return _(
            "%(name)s: files of type %(suffix)s are not accepted; upload a GeoPackage, GeoJSON, KML, CSV, XLSX, a "
            "zip of a Shapefile or MapInfo TAB, or a GeoTIFF (.tif) for a raster layer."
        ) % {"name": name, "suffix": suffix or _("(none)")}
    limit = settings.LAYERS_UPLOAD_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        return _(
            "%(name)s is %(size).1f MB; uploads are limited to %(limit).1f MB (setting LAYERS_UPLOAD_MAX_BYTES)."
        ) % {"name": name, "size": upload.size / 1e6, "limit": limit / 1e6}
    return None


def zip_problem(path: Path) -> str | None:
    """Return why a zip is refused (unreadable, or holding files other than vector data), or None."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = [info for info in archive.infolist() if not info.is_dir()]
    except zipfile.BadZipFile:
        return _("%(name)s is not a valid zip file.") % {"name": path.name}
    refused = sorted(
        info.filename for info in members if PurePosixPath(info.filename).suffix.lower() not in ZIP_MEMBER_SUFFIXES
    )
    if refused:
        return _("%(name)s holds files that are not vector data: %(files)s; zip only the layer's own files.") % {
            "name": path.name,
            "files": ", ".join(refused[:10]),
        }
    return None


@contextmanager
def staged(upload: UploadedFile) -> Iterator[Path]:
    """Yield a private copy of the upload under its own (sanitised) name; removed afterwards."""
    if problem := upload_problem(upload):
        raise ImportFailed(problem)
    name = _SAFE_NAME.sub("_", Path(upload.name or "upload").name).lstrip(".") or "upload"
    folder = Path(tempfile.mkdtemp(prefix="layer-upload-"))
    try:
        path = folder / name
        with path.open("wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        if path.suffix.lower() == ".zip" and (problem := zip_problem(path)):
            raise ImportFailed(problem)
        yield path
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def import_upload(user: access.Viewer, upload: UploadedFile, slug: str, options: ImportOptions) -> ImportResult:
    """Import an uploaded file as layer slug for the user; agency staff load only their own agency's layers."""
    existing = Layer.objects.filter(slug=slug).first()
    access.require(user, "layers.upload", existing)
    metadata = dict(options.metadata)
    if existing is None and getattr(user, "agency_id", None) is not None:
        metadata["owner_id"] = user.agency_id  # type: ignore[union-attr]
    with staged(upload) as path:
        return import_layer(path, slug, replace(options, metadata=metadata))
