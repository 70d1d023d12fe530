"""Render one 256-pixel PNG tile of a raster layer: its Cloud-Optimized GeoTIFF warped to Web Mercator, coloured.

The tile's grid (EPSG:3857, 256 x 256) is the output of a WarpedVRT over the file, opened at the coarsest
overview still at least as fine as the tile's pixels, so a low zoom reads a few overview blocks instead of the
whole file. The layer's colour ramp (layers.styles.ColourRamp) colours the chosen band; nodata, NaN, values
below the first stop and everything outside the file are transparent.
"""

import io
from functools import cache, lru_cache
from typing import Any

import numpy as np
from PIL import Image
from pyproj import CRS as PyprojCRS
from pyproj import Transformer
from rasterio.crs import CRS
from rasterio.enums import Resampling
from rasterio.transform import Affine
from rasterio.vrt import WarpedVRT

from layers import rasters, styles
from tiles.render import tile_bounds
from tiles.spec import TileSpec

TILE_PX = 256
HALF_WORLD_M = 20037508.342789244  # half the width of the Web Mercator world in metres
WEB_MERCATOR_EPSG = 3857
WEB_MERCATOR = CRS.from_epsg(WEB_MERCATOR_EPSG)
PNG_COMPRESS_LEVEL = 6


def mercator_bounds(z: int, x: int, y: int) -> tuple[float, float, float, float]:
    """Return west, south, east, north of tile z/x/y in EPSG:3857 metres."""
    size = 2 * HALF_WORLD_M / 2**z
    west, north = -HALF_WORLD_M + x * size, HALF_WORLD_M - y * size
    return west, north - size, west + size, north


def overlaps(extent: list[float] | None, z: int, x: int, y: int) -> bool:
    """Whether the layer's EPSG:4326 extent touches the tile (no extent: no data, nothing to draw)."""
    if not extent:
        return False
    west, south, east, north = tile_bounds(z, x, y)
    return not (extent[2] < west or extent[0] > east or extent[3] < south or extent[1] > north)


def overview_level(raster: dict[str, Any], bounds: tuple[float, float, float, float]) -> int | None:
    """Return the index of the coarsest overview at least as fine as the tile's pixels (None: full resolution)."""
    factors = raster.get("overviews") or []
    if not factors:
        return None
    left, bottom, right, top = to_raster_crs(raster["crs_wkt"]).transform_bounds(*bounds)
    wanted = min((right - left) / TILE_PX, (top - bottom) / TILE_PX)  # source units per tile pixel
    native = min(abs(value) for value in raster["resolution"])
    level = None
    for index, factor in enumerate(factors):
        if native * factor <= wanted:
            level = index
    return level


@lru_cache(maxsize=64)
def to_raster_crs(crs_wkt: str) -> Transformer:
    """Return a (cached: building one costs milliseconds) transformer from Web Mercator to a raster's CRS."""
    return Transformer.from_crs(WEB_MERCATOR_EPSG, PyprojCRS.from_wkt(crs_wkt), always_xy=True)


def render_raster_tile(spec: TileSpec, z: int, x: int, y: int) -> bytes:
    """Return the PNG of tile z/x/y of a raster layer (a transparent tile where it has no data)."""
    if not spec.raster_path or not overlaps(spec.extent, z, x, y):
        return empty_png()
    bounds = mercator_bounds(z, x, y)
    style = spec.style or styles.default_ramp(0.0, 1.0)
    band = int(style.get("band", 1))
    values, valid = read_tile(spec, bounds, band)
    rgba = styles.ramp_rgba(style, values, valid)
    if not rgba[..., 3].any():
        return empty_png()
    return encode_png(rgba)


def read_tile(spec: TileSpec, bounds: tuple[float, float, float, float], band: int) -> tuple[np.ndarray, np.ndarray]:
    """Return the band's values on the tile's 256 x 256 Web Mercator grid and where they are valid."""
    path = rasters.data_dir() / spec.raster_path
    level = overview_level(spec.raster, bounds)
    options = {} if level is None else {"overview_level": level}
    west, south, east, north = bounds
    grid = Affine((east - west) / TILE_PX, 0, west, 0, (south - north) / TILE_PX, north)
    integers = not str(spec.raster.get("dtype", "float32")).startswith("float")
    # Classes stay whole (nearest); measured quantities are smoothed between pixels (bilinear).
    resampling = Resampling.nearest if integers else Resampling.bilinear
    with rasters.open_raster(path, **options) as source:
        warp = {"crs": WEB_MERCATOR, "transform": grid, "width": TILE_PX, "height": TILE_PX, "resampling": resampling}
        nodata = source.nodata
        if nodata is None:
            warp["add_alpha"] = True  # the alpha band marks the pixels outside the file
        else:
            warp.update(src_nodata=nodata, nodata=nodata)  # the warp fills the outside with nodata too
        # One read, so one warp: the values, and the alpha band when there is no nodata value.
        with WarpedVRT(source, **warp) as vrt:
            if nodata is None:
                values, alpha = vrt.read([band, vrt.count])
                return values, alpha > 0
            values = vrt.read(band)
    return values, values != nodata  # NaN (nodata or not) is left out by the ramp


def encode_png(rgba: np.ndarray) -> bytes:
    """Return an RGBA array (rows, columns, 4) as PNG bytes."""
    buffer = io.BytesIO()
    Image.fromarray(rgba).save(buffer, format="PNG", compress_level=PNG_COMPRESS_LEVEL)
    return buffer.getvalue()


@cache
def empty_png() -> bytes:
    """The fully transparent tile."""
    return encode_png(np.zeros((TILE_PX, TILE_PX, 4), dtype=np.uint8))
