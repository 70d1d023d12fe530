"""EDR answers as GeoJSON: each PointSeries coverage of the readings becomes a point feature with its series."""

import json
from typing import Any

from pygeoapi.formatter.base import BaseFormatter


class GeoJSONFormatter(BaseFormatter):
    """CoverageJSON CoverageCollection of PointSeries to a GeoJSON FeatureCollection (f=geojson)."""

    def __init__(self, formatter_def: dict[str, Any]) -> None:
        super().__init__(formatter_def)
        self.name = "geojson"  # pygeoapi matches f= against the formatter's name
        self.f = "geojson"
        self.mimetype = "application/geo+json"
        self.extension = "geojson"

    def write(self, options: dict[str, Any] | None = None, data: dict[str, Any] | None = None) -> str:
        """Return the features as GeoJSON text: the device, its times and one list of values per parameter."""
        coverages = (data or {}).get("coverages", [])
        features = []
        for coverage in coverages:
            axes = coverage["domain"]["axes"]
            series = {name: values["values"] for name, values in coverage["ranges"].items()}
            features.append({
                "type": "Feature", "id": coverage.get("id"),
                "geometry": {"type": "Point", "coordinates": [axes["x"]["values"][0], axes["y"]["values"][0]]},
                "properties": {"device": coverage.get("id"), "name": coverage.get("name"),
                               "datetime": axes["t"]["values"], **series},
            })  # fmt: skip
        parameters = (data or {}).get("parameters", {})
        return json.dumps({"type": "FeatureCollection", "features": features, "parameters": parameters},
                          ensure_ascii=False)  # fmt: skip
