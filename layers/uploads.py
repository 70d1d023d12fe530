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
from dataclasses import asdict, replace
from pathlib import Path, PurePosixPath
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from core.errors import ImportFailed
from gis_core.archives import mib
from imports import jobs
from imports.kinds import JobKind, JobResult
from imports.models import ImportJob
from layers import access
from layers.importing import ImportOptions, ImportResult, import_layer
from layers.models import Layer

UPLOAD_SUFFIXES = {".gpkg", ".geojson", ".json", ".kml", ".zip", ".csv", ".xlsx", ".tif", ".tiff"}
ZIP_MEMBER_SUFFIXES = {
    ".shp", ".shx", ".dbf", ".prj", ".cpg", ".qix", ".sbn", ".sbx", ".xml",  # Shapefile
    ".tab", ".dat", ".map", ".id", ".ind", ".mif", ".mid",  # MapInfo
    ".gpkg", ".geojson", ".json", ".kml", ".txt",
    ".zip",  # a zip within the zip: gis_core.archives unpacks it (to a small depth, within the size cap)
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
        return too_large(name, upload.size, limit)
    return None


def too_large(name: str, size: int, limit: int) -> str:
    """Why a file over the upload limit is refused, in MiB (the unit of LAYERS_UPLOAD_MAX_MB) and naming it."""
    return _(
        "%(name)s is %(size)s MiB; uploads are limited to %(limit)s MiB (environment variable "
        "LAYERS_UPLOAD_MAX_MB). Split it, or zip a Shapefile, or ask an administrator to raise the limit."
    ) % {"name": name, "size": mib(size), "limit": mib(limit)}


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


def queue_upload(user: User, upload: UploadedFile, slug: str, options: ImportOptions) -> ImportJob:
    """Check who may load the layer and the file's type, size and zip members, then queue its import job."""
    access.require(user, "layers.upload", Layer.objects.filter(slug=slug).first())
    if problem := upload_problem(upload):
        raise ImportFailed(problem)
    params = {"slug": slug, "options": asdict(options)}
    return jobs.enqueue("layer", user, params, upload, check=stored_problem)


def stored_problem(path: Path) -> str | None:
    """Why a stored upload is refused before its job is queued (a zip holding other files), or None."""
    return zip_problem(path) if path.suffix.lower() == ".zip" else None


class LayerUploadJob(JobKind):
    """A layer upload, imported by the worker."""

    title = gettext_lazy("Layer import")

    def run(self, job: ImportJob, path: Path | None) -> JobResult:
        if path is None:
            raise ImportFailed(_("The uploaded file is no longer there; upload it again."))
        slug = job.params["slug"]
        options = ImportOptions(**job.params["options"])
        existing = Layer.objects.filter(slug=slug).first()
        access.require(job.created_by, "layers.upload", existing)  # the rights may have changed since the upload
        result = import_layer(path, slug, replace(options, metadata=_owned(job.created_by, existing, options)))
        return JobResult(
            lines=result.summary().splitlines(),
            url=reverse("layers:detail", args=[result.layer.slug]),
            link=_("Open the layer %(title)s") % {"title": result.layer.title_in()},
        )


def _owned(user: access.Viewer, existing: Layer | None, options: ImportOptions) -> dict[str, Any]:
    """The metadata of the layer, owned by the uploader's agency when the upload creates it."""
    metadata = dict(options.metadata)
    if existing is None and getattr(user, "agency_id", None) is not None:
        metadata["owner_id"] = user.agency_id  # type: ignore[union-attr]
    return metadata


def import_upload(user: access.Viewer, upload: UploadedFile, slug: str, options: ImportOptions) -> ImportResult:
    """Import an uploaded file as layer slug for the user; agency staff load only their own agency's layers."""
    existing = Layer.objects.filter(slug=slug).first()
    access.require(user, "layers.upload", existing)
    metadata = dict(options.metadata)
    if existing is None and getattr(user, "agency_id", None) is not None:
        metadata["owner_id"] = user.agency_id  # type: ignore[union-attr]
    with staged(upload) as path:
        return import_layer(path, slug, replace(options, metadata=metadata))
