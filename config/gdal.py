"""Locate a GDAL >= 3.9 for GeoDjango: the one bundled in the pinned pyogrio wheel."""

import importlib.util
import os
from pathlib import Path


def bundled_gdal_library() -> str | None:
    """Return the path of pyogrio's libgdal and point PROJ at its matching data, or None if absent."""
    spec = importlib.util.find_spec("pyogrio")
    if spec is None or spec.origin is None:
        return None
    package = Path(spec.origin).parent
    libraries = sorted((package.parent / "pyogrio.libs").glob("libgdal-*.so*"))
    if not libraries:
        return None
    # The bundled GDAL carries its own PROJ, which must read the proj.db of the same release.
    os.environ.setdefault("PROJ_DATA", str(package / "proj_data"))
    return str(libraries[-1])
