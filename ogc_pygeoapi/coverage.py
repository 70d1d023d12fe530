"""OGC API - Coverages over a raster layer's COG: pygeoapi's rasterio provider, completed where it falls short.

pygeoapi's RasterioProvider does the bbox and subset cropping, range subsetting (properties=band numbers) and the
GeoTIFF output in the layer's own CRS. This subclass adds what its generic version lacks: scaleSize (GDAL's OGCAPI
driver reads a coverage in 256x256 blocks and expects each answer at that size), a bbox-crs given as a URI, one
CoverageJSON range per band (pygeoapi writes every band's values into each range) and EPSG URIs for the CRS.
The collection document's domainSet and rangeType (what GDAL reads to size the grid) come from Layer.raster.
"""

from typing import Any

import numpy as np
import rasterio
from pygeoapi.provider.base import ProviderInvalidQueryError
from pygeoapi.provider.rasterio_ import RasterioProvider
from pyproj import CRS as ProjCRS
from pyproj.exceptions import CRSError
from rasterio.enums import Resampling
from rasterio.errors import WindowError
from rasterio.io import MemoryFile
from rasterio.transform import from_bounds
from rasterio.warp import transform_bounds
from rasterio.windows import Window
from rasterio.windows import from_bounds as window_from_bounds

from layers.models import Layer

CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
REL_COVERAGE = "http://www.opengis.net/def/rel/ogc/1.0/coverage"
GEOTIFF_MEDIA = "image/tiff; application=geotiff"
COVJSON_MEDIA = "application/prs.coverage+json"
MAX_SCALE_PIXELS = 4096 * 4096  # a scaled answer is computed in memory
MAX_COVERAGEJSON_VALUES = 2048 * 2048  # numbers written as JSON text: about 40 MB
DATA_TYPES = {"uint8": "UINT8", "int16": "INT16", "uint16": "UINT16", "int32": "INT32", "uint32": "UINT32",
              "float32": "FLOAT32", "float64": "FLOAT64"}  # fmt: skip


def crs_uri(epsg: int | None) -> str:
    return f"http://www.opengis.net/def/crs/EPSG/0/{epsg}" if epsg else CRS84


def epsg_of(value: Any) -> int:
    """The EPSG code of a bbox-crs value (a code, EPSG:n, an OGC URI; CRS84 is 4326 in x/y order)."""
    if isinstance(value, int):
        return value
    text = str(value).strip()
    if text.upper().endswith("CRS84"):
        return 4326
    try:
        code = ProjCRS.from_user_input(int(text) if text.isdigit() else text).to_epsg()
    except CRSError as error:
        raise ProviderInvalidQueryError(user_msg=f"bbox-crs {text[:80]} is not a known CRS") from error
    if code is None:
        raise ProviderInvalidQueryError(user_msg=f"bbox-crs {text[:80]} has no EPSG code")
    return code


class LayerRasterProvider(RasterioProvider):
    """pygeoapi's rasterio provider with scaleSize, URI bbox-crs, one range per band and EPSG URIs."""

    def __init__(self, provider_def: dict[str, Any]) -> None:
        super().__init__(provider_def)
        self.scale_size: dict[str, int] = provider_def.get("scale_size") or {}
        epsg = self._data.crs.to_epsg() if self._data.crs is not None else None
        if self._data.crs is not None and self._data.crs.is_projected:
            self._coverage_properties["bbox_crs"] = crs_uri(epsg)

    def query(self, properties: list[str] | None = None, subsets: dict[str, list[float]] | None = None,
              bbox: list[float] | None = None, bbox_crs: Any = 4326, datetime_: str | None = None,
              format_: str = "json", **kwargs: Any) -> Any:  # fmt: skip
        """Answer a coverage request: GeoTIFF subsets and scaled answers here, the rest by pygeoapi's provider."""
        properties, subsets, bbox = list(properties or []), dict(subsets or {}), list(bbox or [])
        epsg = epsg_of(bbox_crs)
        if format_ == "json" and not self.scale_size:
            window = window_from_bounds(*self._bounds(subsets, bbox, epsg), transform=self._data.transform)
            bands = len(properties) or self._data.count
            if window.width * window.height * bands > MAX_COVERAGEJSON_VALUES:
                raise ProviderInvalidQueryError(
                    user_msg="CoverageJSON is limited to 4,194,304 values: narrow bbox or subset, ask fewer bands "
                    "(properties), set scaleSize, or ask f=GTiff"
                )
        if self.scale_size or (format_ != "json" and (properties or subsets or bbox)):
            # pygeoapi writes a band selection into a GeoTIFF with the file's band count, and passes its own bbox
            # and units to GDAL as creation options (a warning per request): GeoTIFF subsets are written here.
            return self._window(properties, subsets, bbox, epsg, format_)
        return super().query(properties=properties, subsets=subsets, bbox=bbox, bbox_crs=epsg,
                             datetime_=datetime_, format_=format_, **kwargs)  # fmt: skip

    def _bounds(self, subsets: dict[str, list[float]], bbox: list[float], epsg: int) -> tuple[float, ...]:
        """The requested extent in the layer's CRS: bbox (reprojected), x/y subsets, else the whole grid."""
        x_label, y_label = self._coverage_properties["x_axis_label"], self._coverage_properties["y_axis_label"]
        if bbox:
            return tuple(transform_bounds(rasterio.crs.CRS.from_epsg(epsg), self._data.crs, *bbox[:4]))
        if x_label in subsets and y_label in subsets:
            (left, right), (bottom, top) = subsets[x_label][:2], subsets[y_label][:2]
            return left, bottom, right, top
        return tuple(self._data.bounds)

    def _window(self, bands: list[str], subsets: dict[str, list[float]], bbox: list[float], epsg: int,
                format_: str) -> Any:  # fmt: skip
        """Read the requested extent at scaleSize pixels (blocks past the edge filled with nodata), else natively."""
        x_label, y_label = self._coverage_properties["x_axis_label"], self._coverage_properties["y_axis_label"]
        left, bottom, right, top = self._bounds(subsets, bbox, epsg)
        indexes = [int(band) for band in bands] or list(self._data.indexes)
        if any(band not in self._data.indexes for band in indexes):
            raise ProviderInvalidQueryError(user_msg="properties names a band the coverage does not have")
        window = window_from_bounds(left, bottom, right, top, transform=self._data.transform)
        nodata = self._data.nodata
        if self.scale_size:
            width = int(self.scale_size.get(x_label, 0) or self.scale_size.get("x", 0))
            height = int(self.scale_size.get(y_label, 0) or self.scale_size.get("y", 0))
            if width <= 0 or height <= 0 or width * height > MAX_SCALE_PIXELS:
                raise ProviderInvalidQueryError(user_msg="scaleSize must give both axes, at most 4096x4096 pixels")
            image = self._data.read(
                indexes,
                window=window,
                out_shape=(len(indexes), height, width),
                boundless=True,
                fill_value=nodata if nodata is not None else 0,
                resampling=Resampling.nearest,
            )
            transform = from_bounds(left, bottom, right, top, width, height)
        else:
            grid = Window(0, 0, self._data.width, self._data.height)
            try:
                window = window.round_offsets().round_lengths().intersection(grid)
            except WindowError as error:
                raise ProviderInvalidQueryError(user_msg="the requested extent is outside the coverage") from error
            image = self._data.read(indexes, window=window)
            transform = self._data.window_transform(window)
            height, width = image.shape[1], image.shape[2]
            left, top = transform.c, transform.f
            right, bottom = left + width * transform.a, top + height * transform.e
        if format_ == "json":
            meta = {"bbox": [left, bottom, right, top], "width": width, "height": height, "bands": indexes}
            return self.gen_covjson(meta, np.ma.masked_equal(image, nodata) if nodata is not None else image)
        profile = {
            "driver": "GTiff",
            "width": width,
            "height": height,
            "count": len(indexes),
            "dtype": image.dtype.name,
            "crs": self._data.crs,
            "transform": transform,
            "nodata": nodata,
        }
        with MemoryFile() as memory:
            with memory.open(**profile) as out:
                out.write(image)
            return memory.read()

    def gen_covjson(self, metadata: dict[str, Any], data: Any) -> dict[str, Any]:
        """CoverageJSON with one parameter and one range per band, named by band number as the fields are."""
        minx, miny, maxx, maxy = metadata["bbox"]
        axes = {"x": {"start": minx, "stop": maxx, "num": metadata["width"]},
                "y": {"start": maxy, "stop": miny, "num": metadata["height"]}}  # fmt: skip
        system = {"type": self._coverage_properties["crs_type"], "id": self._coverage_properties["bbox_crs"]}
        document: dict[str, Any] = {
            "type": "Coverage",
            "domain": {"type": "Domain", "domainType": "Grid", "axes": axes,
                       "referencing": [{"coordinates": ["x", "y"], "system": system}]},
        }  # fmt: skip
        bands = metadata["bands"] or list(self._data.indexes)
        document["parameters"], document["ranges"] = {}, {}
        for position, band in enumerate(bands):
            field = self._fields[str(band)]
            name = self._data.descriptions[band - 1] or f"band {band}"
            document["parameters"][str(band)] = {
                "type": "Parameter", "description": {"en": name},
                "observedProperty": {"id": str(band), "label": {"en": field["title"] or name}},
            }  # fmt: skip
            values = data[position]
            flat = np.ma.filled(np.ma.asarray(values).astype("float64"), np.nan)
            document["ranges"][str(band)] = {
                "type": "NdArray", "dataType": "float", "axisNames": ["y", "x"],
                "shape": [metadata["height"], metadata["width"]],
                "values": [None if np.isnan(v) else v for v in flat.ravel().tolist()],
            }  # fmt: skip
        return document


def collection_parts(coverage_url: str, layer: Layer) -> dict[str, Any]:
    """What a raster collection's document adds for Coverages: links, domainSet and rangeType (from Layer.raster)."""
    raster = layer.raster or {}
    links = [
        {"href": f"{coverage_url}?f=GTiff", "rel": REL_COVERAGE, "type": GEOTIFF_MEDIA, "title": "Coverage (GeoTIFF)"},
        {"href": f"{coverage_url}?f=json", "rel": REL_COVERAGE, "type": COVJSON_MEDIA,
         "title": "Coverage (CoverageJSON)"},
    ]  # fmt: skip
    if not raster.get("bounds"):
        return {"links": links}
    left, bottom, right, top = raster["bounds"]
    resolution_x, resolution_y = raster["resolution"]
    projected = bool(raster.get("srid")) and raster["srid"] != 4326
    x_label, y_label = ("x", "y") if projected else ("Long", "Lat")
    axes = [
        {"type": "RegularAxis", "axisLabel": x_label, "lowerBound": left, "upperBound": right,
         "resolution": resolution_x},
        {"type": "RegularAxis", "axisLabel": y_label, "lowerBound": bottom, "upperBound": top,
         "resolution": resolution_y},
    ]  # fmt: skip
    bands = raster.get("bands") or [{"band": i + 1, "dtype": raster.get("dtype")} for i in range(raster["count"])]
    fields = [{"name": str(band["band"]), "definition": DATA_TYPES.get(str(band.get("dtype")), "FLOAT64"),
               "description": band.get("description") or f"band {band['band']}",
               "nilValues": [] if raster.get("nodata") is None else [{"value": raster["nodata"]}]}
              for band in bands]  # fmt: skip
    return {
        "links": links,
        "domainSet": {"type": "DomainSet", "generalGrid": {
            "type": "GeneralGridCoverage", "srsName": crs_uri(raster.get("srid")), "axisLabels": [x_label, y_label],
            "axis": axes, "gridLimits": {"axisLabels": ["i", "j"], "axis": [
                {"type": "IndexAxis", "axisLabel": "i", "lowerBound": 0, "upperBound": raster["width"] - 1},
                {"type": "IndexAxis", "axisLabel": "j", "lowerBound": 0, "upperBound": raster["height"] - 1},
            ]},
        }},
        "rangeType": {"type": "DataRecord", "field": fields},
        "storageCrs": crs_uri(raster.get("srid")),
    }  # fmt: skip
