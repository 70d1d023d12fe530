"""Read one layer of a vector file in batches: choose the layer, plan its text decoding, refuse broken files.

The importer (gis_core.importer) never holds a whole layer: it takes BATCH_SIZE features at a time from
LayerReader.batches, so a file of a million features needs the memory of one batch.
"""

import gc
import unicodedata
import warnings
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import Any

import numpy as np
import pyogrio
from django.utils.translation import gettext as _
from pyogrio.errors import DataLayerError, DataSourceError
from pyproj import CRS

from core.errors import ImportFailed
from gis_core import encoding as text
from gis_core import hints
from gis_core.problems import Problem, fail

# Features per batch when a caller names none (the importer passes settings.LAYERS_IMPORT_BATCH_SIZE).
BATCH_SIZE = 50_000
# pyogrio's name for "hand over each byte as one character" with every driver ("latin-1" is not one).
BYTES_AS_LATIN1 = "ISO-8859-1"
FORMATS = "GeoPackage, Shapefile (or zipped), GeoJSON, KML, MapInfo TAB"


@dataclass
class Batch:
    """Consecutive features of a layer: the wanted columns' values and the geometries, as read."""

    start: int  # 0-based number of the first feature in the layer
    values: dict[str, list[Any]]
    geoms: np.ndarray

    def __len__(self) -> int:
        return len(self.geoms)


@dataclass
class LayerReader:
    """One layer of a file, opened: its columns, CRS and feature count, and its features batch by batch."""

    path: Path
    layer: str
    columns: list[str]  # every attribute column, named in Unicode
    surface: dict[str, str]  # column name in Unicode -> the name as the reader returns it
    crs: CRS | None
    total: int | None  # the layer's feature count, when the driver knows it without reading
    decoding: text.TextDecoding
    reader_encoding: str | None  # what pyogrio is told the text is (None: GDAL decodes it)
    crs_label: str = ""

    def batches(self, wanted: Sequence[str], size: int = BATCH_SIZE) -> Iterator[Batch]:
        """Yield the wanted columns and the geometries, size features at a time.

        Raises UnicodeDecodeError when the text is not in the encoding read with: start again with fallback().
        """
        columns = [self.surface[name] for name in wanted if name in self.surface]
        start = 0
        while True:
            try:
                frame = _quiet(pyogrio.read_dataframe, self.path, layer=self.layer, encoding=self.reader_encoding,
                               columns=columns, force_2d=True, skip_features=start, max_features=size)  # fmt: skip
            except UnicodeDecodeError:
                raise
            except (DataSourceError, DataLayerError, ValueError) as exc:
                raise _unreadable(self.path, str(exc)) from None
            if not len(frame):
                return
            values = {name: frame[self.surface[name]].tolist() for name in wanted if name in self.surface}
            batch = Batch(start=start, values=values, geoms=np.asarray(frame.geometry.to_numpy(), dtype=object))
            del frame
            if not gc.isenabled():
                # pyogrio's reader leaves a reference cycle holding each read's arrays; with the collector paused
                # (importer.cyclic_gc_paused) they would pile up batch after batch. The youngest generation holds
                # only what this batch made, so collecting it costs little.
                gc.collect(0)
            yield batch
            start += len(batch)
            if len(batch) < size:
                return

    def fallback(self) -> "LayerReader":
        """Return the reader to start again with after a UnicodeDecodeError, or raise ImportFailed."""
        if self.reader_encoding is not None:
            reason = _("its text is not in the declared encoding; choose another with %(control)s.")
            raise _unreadable(self.path, reason % {"control": hints.current().encoding})
        # The driver promised UTF-8 and the bytes are not: read them as Latin-1 and detect by content.
        decoding = text.TextDecoding(legacy=self.decoding.legacy, origin=_("(not UTF-8: read as Latin-1)"))
        return _open(self.path, self.layer, BYTES_AS_LATIN1, decoding)


def open_layer(path: str | Path, layer: str | None, decoding: text.TextDecoding) -> LayerReader:
    """Open one layer of the file (a file with one spatial layer needs none named), its text decoded as planned."""
    resolved = _existing_file(path)
    layer, driver = _choose_layer(resolved, layer)
    if driver == "ESRI Shapefile":
        _check_shapefile_parts(resolved)
    reader_encoding, decoding = _plan_decoding(resolved, layer, driver, decoding)
    try:
        return _open(resolved, layer, reader_encoding, decoding)
    except UnicodeDecodeError:
        if reader_encoding is not None:
            reason = _("its text is not in the declared encoding; choose another with %(control)s.")
            raise _unreadable(resolved, reason % {"control": hints.current().encoding}) from None
    fallback = text.TextDecoding(legacy=decoding.legacy, origin=_("(not UTF-8: read as Latin-1)"))
    return _open(resolved, layer, BYTES_AS_LATIN1, fallback)


def _open(path: Path, layer: str, reader_encoding: str | None, decoding: text.TextDecoding) -> LayerReader:
    try:
        info = _quiet(pyogrio.read_info, path, layer=layer, encoding=reader_encoding)
    except UnicodeDecodeError:
        raise
    except (DataSourceError, DataLayerError, ValueError) as exc:
        raise _unreadable(path, str(exc)) from None
    surface = _column_names(list(info["fields"]), decoding)
    count = int(info.get("features", -1))
    return LayerReader(
        path=path,
        layer=layer,
        columns=list(surface),
        surface=surface,
        crs=CRS.from_user_input(info["crs"]) if info.get("crs") else None,
        total=count if count >= 0 else None,
        decoding=decoding,
        reader_encoding=reader_encoding,
    )


def _check_shapefile_parts(path: Path) -> None:
    """Refuse a Shapefile whose .dbf has another number of rows than its .shp has shapes.

    GDAL reads as many features as there are shapes and drops the extra attribute rows without a word: the .dbf
    then belongs to another export, and every attribute may sit on the wrong shape.
    """
    shx, dbf = _sibling(path, ".shx"), _sibling(path, ".dbf")
    if shx is None or dbf is None:
        return
    with dbf.open("rb") as handle:
        header = handle.read(8)
    if len(header) < 8:
        return
    rows = int.from_bytes(header[4:8], "little")
    shapes = max(shx.stat().st_size - 100, 0) // 8  # the .shx: a 100-byte header, then 8 bytes per shape
    if rows != shapes:
        message = _(
            "the Shapefile's parts do not match: %(dbf)s has %(rows)d attribute rows but %(shp)s has %(shapes)d "
            "shapes, so attributes would land on the wrong shapes or be dropped. Export the Shapefile again and "
            "upload all its files (.shp, .shx, .dbf, .prj) from the same export."
        )
        given = {"dbf": dbf.name, "rows": rows, "shp": path.name, "shapes": shapes}
        raise fail([Problem(path.name, message % given)])


def _sibling(path: Path, suffix: str) -> Path | None:
    """The file beside path with the suffix, in either case (.dbf or .DBF), or None."""
    for candidate in (path.with_suffix(suffix), path.with_suffix(suffix.upper())):
        if candidate.is_file():
            return candidate
    return None


def _existing_file(path: str | Path) -> Path:
    # An absolute path keeps GDAL from reading "DRIVER:" prefixes or /vsi… names out of the user's text.
    resolved = Path(path).expanduser().resolve()
    if not resolved.is_file():
        raise fail([Problem(str(path), _("no such file; check the path."))])
    return resolved


# What GDAL says when a file's bytes are broken; its own text (an SQLite statement) means nothing to a user.
_DAMAGE_SIGNS = ("sqlite", "malformed", "not a database", "corrupt", "truncated", "unexpected end")


def _unreadable(path: Path, reason: str) -> ImportFailed:
    if path.is_file() and path.stat().st_size == 0:
        return fail([Problem(path.name, _("the file is empty; export the data again and upload the new file."))])
    reason = reason.replace(str(path), path.name)  # the folders above the file could hold any word
    if any(sign in reason.lower() for sign in _DAMAGE_SIGNS):
        message = _("the file is damaged (it cannot be opened as %(formats)s); export it again, or check that it "
                    "was copied completely.")  # fmt: skip
        return fail([Problem(path.name, message % {"formats": FORMATS})])
    reason = reason.split(";")[0].replace(str(path), path.name)
    message = _("cannot be read as a vector file (%(formats)s): %(reason)s")
    return fail([Problem(path.name, message % {"formats": FORMATS, "reason": reason})])


def _quiet(function: Any, *args: Any, **kwargs: Any) -> Any:
    """Call a pyogrio function without its RuntimeWarnings about charsets, which the importer acts on itself."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return function(*args, **kwargs)


def _choose_layer(path: Path, layer: str | None) -> tuple[str, str]:
    """Return (layer name, GDAL driver); a file with one spatial layer needs no layer chosen."""
    try:
        layers = _quiet(pyogrio.list_layers, path)
        names = [str(name) for name, _geometry in layers]
        if layer is None:
            spatial = [str(name) for name, geometry in layers if geometry is not None]
            if len(spatial) != 1:
                message = _("the file has %(count)d spatial layers (%(names)s); choose one with %(control)s.")
                names_given = {"count": len(spatial), "names": ", ".join(spatial), "control": hints.current().layer}
                raise fail([Problem(path.name, message % names_given)])
            layer = spatial[0]
        elif layer not in names:
            message = _("the file has no layer %(layer)r; its layers are: %(names)s.")
            raise fail([Problem(path.name, message % {"layer": layer, "names": ", ".join(names)})])
        info = _quiet(pyogrio.read_info, path, layer=layer, encoding=BYTES_AS_LATIN1)  # never fails on bytes
    except (DataSourceError, DataLayerError) as exc:
        raise _unreadable(path, str(exc)) from None
    return layer, str(info["driver"])


def _plan_decoding(
    path: Path, layer: str, driver: str, decoding: text.TextDecoding
) -> tuple[str | None, text.TextDecoding]:
    """Return the encoding to hand pyogrio (None: let GDAL decode) and how to decode what it returns."""
    mapinfo_charset = _mapinfo_charset(path) if driver == "MapInfo File" else None
    if not decoding.chosen:
        # GDAL cannot decode CP1258: MapInfo has no iconv name for it, and iconv drops each value's last
        # letter in Shapefiles. Everything else GDAL decodes itself.
        if mapinfo_charset == text.CP1258:
            decoding = replace(decoding, codec=text.CP1258, origin=_("(MapInfo charset WindowsVietnamese)"))
        elif driver == "ESRI Shapefile" and _cpg_codec(path, layer) == text.CP1258:
            decoding = replace(decoding, codec=text.CP1258, origin=_("(from the .cpg file)"))
        else:
            return None, decoding
    if mapinfo_charset not in (None, text.CP1258):
        # GDAL recodes a MapInfo file from the charset it declares; encoding back to it gives the bytes.
        return None, replace(decoding, surface=mapinfo_charset)
    return BYTES_AS_LATIN1, replace(decoding, surface="latin-1")


def _mapinfo_charset(path: Path) -> str | None:
    if path.suffix.lower() not in {".tab", ".mif"}:
        return None
    with path.open("rb") as handle:
        return text.codec_from_mapinfo_header(handle.read(65536))


def _cpg_codec(path: Path, layer: str) -> str | None:
    """Return the codec a Shapefile's .cpg names, also inside a .zip."""
    wanted = f"{layer.lower()}.cpg"
    if path.suffix.lower() == ".zip":
        with zipfile.ZipFile(path) as archive:
            for member in archive.infolist():
                if PurePosixPath(member.filename).name.lower() == wanted and member.file_size < 100:
                    return text.codec_from_cpg(archive.read(member).decode("ascii", errors="replace"))
        return None
    for candidate in path.parent.iterdir():
        if candidate.name.lower() == wanted and candidate.stat().st_size < 100:
            return text.codec_from_cpg(candidate.read_bytes().decode("ascii", errors="replace"))
    return None


def _column_names(fields: list[str], decoding: text.TextDecoding) -> dict[str, str]:
    """Return {column name in Unicode: the name as the reader returns it}."""
    names: dict[str, str] = {}
    for name in fields:
        readable = name
        if decoding.codec is not None:
            try:
                readable = text.decode_raw(name, decoding.codec, decoding.surface)
            except UnicodeError:
                readable = name
        names[unicodedata.normalize("NFC", readable)] = name
    return names
