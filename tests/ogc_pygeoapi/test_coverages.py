"""OGC API - Coverages over raster layers through pygeoapi's rasterio provider, inside Django (issue 18 part 2)."""

import io
from pathlib import Path

import numpy as np
import rasterio
from django.core.management import call_command
from django.test import Client
from rasterio.io import MemoryFile

from accounts.models import User
from layers.models import Layer
from tests.layers import raster_data as rd

REL_COVERAGE = "http://www.opengis.net/def/rel/ogc/1.0/coverage"
VN2000 = {"bbox": "600000,1353000,601000,1354000", "bbox-crs": "http://www.opengis.net/def/crs/EPSG/0/9217"}


def open_tiff(content: bytes) -> rasterio.io.DatasetReader:
    return MemoryFile(content).open()


def test_a_raster_collection_links_its_coverage_and_describes_its_grid(client: Client, flood: Layer) -> None:
    document = client.get("/ogc/collections/flood-depth-demo").json()
    coverage = [link for link in document["links"] if link["rel"] == REL_COVERAGE]
    assert {link["type"] for link in coverage} == {"image/tiff; application=geotiff", "application/prs.coverage+json"}
    grid = document["domainSet"]["generalGrid"]
    assert grid["srsName"] == "http://www.opengis.net/def/crs/EPSG/0/9217" and grid["axisLabels"] == ["x", "y"]
    assert [axis["resolution"] for axis in grid["axis"]] == [10.0, 10.0]
    assert document["rangeType"]["field"][0]["definition"] == "FLOAT32"
    assert document["dataType"] == "coverage" and "itemType" not in document


def test_a_bbox_subset_in_geotiff_keeps_the_vn2000_crs_and_the_pixel_size(client: Client, flood: Layer) -> None:
    response = client.get("/ogc/collections/flood-depth-demo/coverage", {**VN2000, "f": "GTiff"})
    assert response.status_code == 200 and response["Content-Type"] == "image/tiff; application=geotiff"
    with open_tiff(response.content) as tiff:
        assert tiff.crs.to_epsg() == 9217
        assert tiff.res == (10.0, 10.0) and (tiff.width, tiff.height) == (100, 100)
        assert tiff.bounds.left == 600000 and tiff.bounds.top == 1354000


def test_a_bbox_in_lon_lat_is_reprojected_to_the_layer_crs(client: Client, flood: Layer) -> None:
    assert flood.extent is not None
    west, south, east, north = flood.extent
    middle = ((west + east) / 2, (south + north) / 2)
    bbox = f"{middle[0]},{middle[1]},{middle[0] + 0.005},{middle[1] + 0.005}"
    response = client.get("/ogc/collections/flood-depth-demo/coverage", {"bbox": bbox, "f": "GTiff"})
    with open_tiff(response.content) as tiff:
        assert tiff.crs.to_epsg() == 9217 and tiff.res == (10.0, 10.0)
        assert 50 <= tiff.width <= 60 and 50 <= tiff.height <= 60  # 0.005° is about 545 m here


def test_coveragejson_gives_the_grid_in_the_layer_crs_with_nodata_as_null(client: Client, flood: Layer) -> None:
    response = client.get("/ogc/collections/flood-depth-demo/coverage", {**VN2000, "f": "json"})
    assert response.status_code == 200 and response["Content-Type"] == "application/prs.coverage+json"
    document = response.json()
    assert document["type"] == "Coverage" and document["domain"]["domainType"] == "Grid"
    axes = document["domain"]["axes"]
    assert (axes["x"]["start"], axes["x"]["num"], axes["y"]["num"]) == (600000.0, 100, 100)
    system = document["domain"]["referencing"][0]["system"]
    assert system == {"type": "ProjectedCRS", "id": "http://www.opengis.net/def/crs/EPSG/0/9217"}
    [values] = [band["values"] for band in document["ranges"].values()]
    assert len(values) == 100 * 100 and all(value is None or value >= 0 for value in values)


def test_range_subsetting_picks_bands_in_both_formats(client: Client, three_bands: Layer) -> None:
    url = "/ogc/collections/ba-kenh/coverage"
    with open_tiff(client.get(url, {"properties": "3,1", "f": "GTiff"}).content) as tiff:
        assert tiff.count == 2 and tiff.read(1)[0, 0] == 3 and tiff.read(2)[0, 0] == 1
    document = client.get(url, {"properties": "2", "f": "json", "bbox": "600000,1353000,600100,1353100",
                                "bbox-crs": "EPSG:9217"}).json()  # fmt: skip
    assert list(document["ranges"]) == ["2"] and set(document["ranges"]["2"]["values"]) == {2.0}
    every = client.get(url, {"f": "json", "bbox": "600000,1353000,600100,1353100", "bbox-crs": "EPSG:9217"}).json()
    assert {name: set(band["values"]) for name, band in every["ranges"].items()} == {"1": {1.0}, "2": {2.0}, "3": {3.0}}
    assert client.get(url, {"properties": "7"}).status_code == 400


def test_scale_size_answers_a_block_of_exactly_the_size_asked(client: Client, flood: Layer) -> None:
    # GDAL's OGCAPI driver reads 256 x 256 blocks, the last ones past the edge of the grid.
    response = client.get("/ogc/collections/flood-depth-demo/coverage",
                          {"subset": "x(604000:606560),y(1357000:1359560)", "scaleSize": "x(256),y(256)"},
                          HTTP_ACCEPT="image/tiff;application=geotiff")  # fmt: skip
    with open_tiff(response.content) as tiff:
        assert (tiff.width, tiff.height) == (256, 256) and tiff.res == (10.0, 10.0) and tiff.crs.to_epsg() == 9217
        assert tiff.read(1)[0, -1] == -9999.0  # east of the grid: nodata


def test_coveragejson_of_too_many_values_is_refused_with_the_ways_out(client: Client, db: None, tmp_path: Path) -> None:
    call_command("import_layer", str(rd.write_tif(tmp_path / "lon.tif", np.zeros((2100, 2100), dtype="float32"))),
                 "--slug", "lon", "--publish", stdout=io.StringIO())  # fmt: skip
    Layer.objects.filter(slug="lon").update(access=Layer.Access.PUBLIC, published_tiles=True)
    response = client.get("/ogc/collections/lon/coverage", {"f": "json"})
    assert response.status_code == 400 and "scaleSize" in response.json()["description"]
    scaled = client.get("/ogc/collections/lon/coverage", {"f": "json", "scaleSize": "x(100),y(100)"}).json()
    assert scaled["domain"]["axes"]["x"]["num"] == 100


def test_unknown_parameters_and_formats_are_refused_by_name(client: Client, flood: Layer) -> None:
    response = client.get("/ogc/collections/flood-depth-demo/coverage", {"ooga": "booga"})
    assert response.status_code == 400 and "ooga" in response.json()["message"]
    response = client.get("/ogc/collections/flood-depth-demo/coverage", {"f": "png"})
    assert response.status_code == 400
    assert client.get("/ogc/collections/flood-depth-demo/coverage", {"scaleSize": "big"}).status_code == 400


def test_a_vector_collection_has_no_coverage(client: Client, flood: Layer) -> None:
    assert client.get("/ogc/collections/iot-devices/coverage").status_code == 404


def test_a_restricted_raster_is_served_only_to_those_who_may_see_it(
    client: Client, flood: Layer, django_user_model: type[User]
) -> None:
    Layer.objects.filter(pk=flood.pk).update(access=Layer.Access.RESTRICTED)
    url = "/ogc/collections/flood-depth-demo/coverage"
    assert client.get(url, {**VN2000, "f": "GTiff"}).status_code == 401
    client.force_login(django_user_model.objects.create_user("khach", password="x-Khach-2026!"))
    assert client.get(url, {**VN2000, "f": "GTiff"}).status_code == 403
    client.force_login(django_user_model.objects.create_superuser("quan-tri", password="x-Quan-2026!"))
    assert client.get(url, {**VN2000, "f": "GTiff"}).status_code == 200


def test_a_raster_published_now_has_a_coverage_without_a_restart(client: Client, flood: Layer, tmp_path: Path) -> None:
    assert client.get("/ogc/collections/moi/coverage").status_code == 404
    call_command("import_layer", str(rd.write_tif(tmp_path / "moi.tif")), "--slug", "moi", "--publish",
                 stdout=io.StringIO())  # fmt: skip
    Layer.objects.filter(slug="moi").update(access=Layer.Access.PUBLIC, published_tiles=True)
    response = client.get("/ogc/collections/moi/coverage", {"f": "GTiff"})
    with open_tiff(response.content) as tiff:
        assert tiff.crs.to_epsg() == 32649 and (tiff.width, tiff.height) == (1200, 1000)


def test_conformance_lists_coverages_and_edr_once(client: Client) -> None:
    classes = client.get("/ogc/conformance").json()["conformsTo"]
    assert len(classes) == len(set(classes))
    assert "http://www.opengis.net/spec/ogcapi-coverages-1/1.0/conf/core" in classes
    assert "http://www.opengis.net/spec/ogcapi-edr-1/1.0/conf/core" in classes


def test_the_openapi_document_names_the_coverage_path(client: Client, flood: Layer) -> None:
    paths = client.get("/ogc/api", {"f": "json"}).json()["paths"]
    collection = paths["/collections/{collectionId}/coverage"]["get"]["parameters"][0]
    assert collection["schema"]["enum"] == ["flood-depth-demo"]
