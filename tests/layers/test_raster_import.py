"""import_layer and the upload page take GeoTIFFs: a Cloud-Optimized copy, its extent and statistics, atomic swaps.

Every refusal says what is wrong and leaves no file, no folder and no row behind.
"""

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import rasterio
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from pytest_django import Settings

from alert_rules import rule_runs
from layers.models import Layer
from tests.imports.worker import refused as job_refused
from tests.imports.worker import through_worker
from tests.layers import data
from tests.layers import raster_data as rd
from tests.layers.conftest import People

pytestmark = pytest.mark.django_db
HOST: dict[str, Any] = {"HTTP_HOST": "localhost"}


def import_tif(path: Path, slug: str = "ngap", *args: str) -> str:
    out = io.StringIO()
    call_command("import_layer", str(path), "--slug", slug, *args, stdout=out)
    return out.getvalue()


def refused(path: Path, slug: str = "ngap", *args: str) -> str:
    with pytest.raises(CommandError) as caught:
        call_command("import_layer", str(path), "--slug", slug, *args)
    return str(caught.value)


def test_a_geotiff_becomes_a_cloud_optimized_raster_layer(tmp_path: Path) -> None:
    source = rd.write_tif(tmp_path / "do-sau.tif")
    output = import_tif(source, "ngap", "--title", "Độ sâu ngập", "--publish")
    layer = Layer.objects.get(slug="ngap")
    assert "1200 x 1000 raster with 1 band(s) in EPSG:32649" in output and "Cloud-Optimized" in output
    assert (layer.kind, layer.source_kind, layer.title, layer.published_tiles) == ("raster", "cog", "Độ sâu ngập", True)
    path = layer.raster_file()
    assert path.is_file() and path.parent.name == "ngap" and not path.name.startswith(".")
    with rasterio.open(path) as cog:
        assert cog.driver == "GTiff" and cog.tags(ns="IMAGE_STRUCTURE")["LAYOUT"] == "COG"
        assert cog.profile["tiled"] and cog.block_shapes == [(512, 512)]
        assert cog.overviews(1) == [2, 4] and cog.compression.value == "DEFLATE"
        assert cog.crs.to_epsg() == 32649 and cog.nodata == rd.NODATA
        assert np.array_equal(cog.read(1), rd.depths())  # the values themselves are untouched
    assert (layer.raster["crs"], layer.raster["srid"], layer.raster["overviews"]) == ("EPSG:32649", 32649, [2, 4])
    assert (layer.raster["width"], layer.raster["height"], layer.raster["resolution"]) == (1200, 1000, [10.0, 10.0])


def test_the_catalogue_keeps_the_extent_in_wgs84_and_the_band_statistics(tmp_path: Path) -> None:
    import_tif(rd.write_tif(tmp_path / "do-sau.tif"))
    layer = Layer.objects.get(slug="ngap")
    corners = [rd.utm_to_lonlat(e, n) for e in (rd.WEST, rd.WEST + 12_000) for n in (rd.NORTH, rd.NORTH - 10_000)]
    west, south = min(c[0] for c in corners), min(c[1] for c in corners)
    east, north = max(c[0] for c in corners), max(c[1] for c in corners)
    assert layer.extent == pytest.approx([west, south, east, north], abs=1e-6)
    valid = rd.depths()[rd.depths() != rd.NODATA].astype("float64")
    (band,) = layer.raster["bands"]
    assert band["valid_pixels"] == valid.size == 400 * 500 * 2
    assert (band["min"], band["max"]) == pytest.approx((0.7, 1.5))
    assert band["mean"] == pytest.approx(valid.mean()) and band["std"] == pytest.approx(valid.std())


def test_a_new_raster_layer_gets_a_ramp_over_its_values(tmp_path: Path) -> None:
    import_tif(rd.write_tif(tmp_path / "do-sau.tif"))
    style = Layer.objects.get(slug="ngap").style
    assert style["kind"] == "ramp" and style["interpolate"] is True
    assert [stop["value"] for stop in style["stops"]] == pytest.approx([0.7, 0.9, 1.1, 1.3, 1.5])


def test_a_reimport_swaps_the_file_and_bumps_the_data_version(
    tmp_path: Path, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        import_tif(rd.write_tif(tmp_path / "v1.tif"))
    first = Layer.objects.get(slug="ngap")
    Layer.objects.filter(pk=first.pk).update(style=rd.FLOOD_STYLE, access="public")  # kept by re-imports
    with django_capture_on_commit_callbacks(execute=True):
        import_tif(rd.write_tif(tmp_path / "v2.tif", rd.depths(shallow=0.2, deep=2.5)))
    second = Layer.objects.get(slug="ngap")
    assert second.last_updated is not None and first.last_updated is not None
    assert second.data_version == first.data_version + 1 and second.last_updated > first.last_updated
    assert second.raster_path != first.raster_path and second.raster["bands"][0]["max"] == 2.5
    assert (second.style, second.access) == (rd.FLOOD_STYLE, "public")
    with rasterio.open(second.raster_file()) as cog:
        assert float(cog.read(1)[rd.DEEP[0], rd.DEEP[1]].min()) == 2.5
    # The replaced file stays for readers that read its path a moment before; the next import removes it.
    assert rd.files() == sorted([first.raster_path, second.raster_path])
    with django_capture_on_commit_callbacks(execute=True):
        import_tif(rd.write_tif(tmp_path / "v3.tif"))
    third = Layer.objects.get(slug="ngap")
    assert rd.files() == sorted([second.raster_path, third.raster_path])


@pytest.mark.django_db(transaction=True)  # the import's own transaction commits, and its callbacks run
def test_the_alert_rules_rerun_after_the_swap_and_their_failure_keeps_the_new_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []

    def failing_rules(slug: str) -> None:
        calls.append(slug)
        raise RuntimeError("a rule broke")

    monkeypatch.setattr(rule_runs, "run_for_layer", failing_rules)
    with pytest.raises(RuntimeError):
        import_tif(rd.write_tif(tmp_path / "v1.tif"))
    layer = Layer.objects.get(slug="ngap")  # committed before the rules ran: the layer names its new file
    assert calls == ["ngap"] and layer.raster_file().is_file() and rd.files() == [layer.raster_path]


def test_srid_gives_a_crs_to_a_geotiff_without_one(tmp_path: Path) -> None:
    path = rd.write_tif(tmp_path / "khong-crs.tif", crs=None, transform=rd.from_origin(rd.WEST, rd.NORTH, 10, 10))
    assert "khong-crs.tif: the raster has no coordinate reference system; pass --srid" in refused(path)
    output = import_tif(path, "ngap", "--srid", "32649")
    assert "in EPSG:32649" in output
    with rasterio.open(Layer.objects.get(slug="ngap").raster_file()) as cog:
        assert cog.crs.to_epsg() == 32649 and cog.overviews(1) == [2, 4]
    assert rd.files() == [Layer.objects.get(slug="ngap").raster_path]  # the intermediate copy is gone


@pytest.fixture
def existing(tmp_path: Path) -> list[Any]:
    """A raster layer ngap and a vector layer khu already imported; returns the state refusals must keep."""
    import_tif(rd.write_tif(tmp_path / "ngap.tif"))
    call_command("import_layer", str(data.write(tmp_path / "khu.gpkg", data.ZONES)), "--slug", "khu")
    return rd.raster_state()


def _vrt(path: Path, target: Path) -> Path:
    path.write_text(
        f'<VRTDataset rasterXSize="10" rasterYSize="10"><VRTRasterBand dataType="Byte" band="1"><SimpleSource>'
        f"<SourceFilename>{target}</SourceFilename><SourceBand>1</SourceBand></SimpleSource></VRTRasterBand>"
        "</VRTDataset>"
    )
    return path


def _truncated(path: Path) -> Path:
    whole = rd.write_tif(path.with_name("whole.tif")).read_bytes()
    path.write_bytes(whole[: len(whole) * 6 // 10])
    return path


BAD_FILES: dict[str, tuple[Callable[[Path], Path], str]] = {
    "not-a-raster": (
        lambda p: (p.write_text("Đây không phải ảnh"), p)[1],
        "rac.tif: cannot be read as a GeoTIFF (GDAL says: 'rac.tif' not recognized as being in a supported file",
    ),
    "a-gdal-virtual-file": (
        lambda p: _vrt(p, p.with_name("secret.tif")),
        "rac.tif: cannot be read as a GeoTIFF",  # GDAL may use its GeoTIFF driver only, never VRT
    ),
    "corrupt": (_truncated, "rac.tif: cannot be read as a GeoTIFF (GDAL says: rac.tif, band 1: IReadBlock failed"),
    "no-crs": (
        lambda p: rd.write_tif(p, crs=None, transform=rd.from_origin(rd.WEST, rd.NORTH, 10, 10)),
        "rac.tif: the raster has no coordinate reference system; pass --srid",
    ),
    "not-georeferenced": (
        lambda p: rd.write_tif(p, crs=None),
        "rac.tif: the raster is not georeferenced (it has no geotransform)",
    ),
    "outside-vietnam": (
        lambda p: rd.write_tif(p, crs="EPSG:4326", transform=rd.from_origin(2.0, 48.0, 0.001, 0.001)),
        "rac.tif: the raster covers longitude 2.0000 to 3.2000, latitude 47.0000 to 48.0000, outside Việt Nam",
    ),
    "only-nodata": (
        lambda p: rd.write_tif(p, np.full((50, 50), rd.NODATA, dtype="float32")),
        "rac.tif: the raster holds no data: every pixel is nodata.",
    ),
    "complex-values": (
        lambda p: rd.write_tif(p, np.ones((10, 10), dtype="complex64"), nodata=None),
        "rac.tif: the raster holds complex64 values",
    ),
}


@pytest.mark.parametrize("case", BAD_FILES)
@pytest.mark.parametrize("slug", ["ngap", "moi"])  # replacing an existing raster layer, or creating one
def test_a_bad_geotiff_is_refused_and_leaves_nothing(existing: list[Any], tmp_path: Path, case: str, slug: str) -> None:
    make, expected = BAD_FILES[case]
    message = refused(make(tmp_path / "rac.tif"), slug)
    assert message.startswith("Nothing was imported; 1 problem(s):") and expected in message
    assert str(tmp_path) not in message  # an upload's private folder is never shown
    assert rd.raster_state() == existing


def test_a_raster_too_large_for_the_settings_is_refused(
    existing: list[Any], tmp_path: Path, settings: Settings
) -> None:
    settings.LAYERS_RASTER_MAX_PIXELS = 1_000_000
    message = refused(rd.write_tif(tmp_path / "lon.tif"), "moi")
    assert "lon.tif: the raster has 1,200,000 pixels (1200 x 1000 x 1 band(s)); rasters are limited to 1,000,000 " \
        "(setting LAYERS_RASTER_MAX_PIXELS)" in message  # fmt: skip
    settings.LAYERS_UPLOAD_MAX_BYTES = 1000
    limited = "uploads are limited to 0.000954 MiB (environment variable LAYERS_UPLOAD_MAX_MB)"
    assert limited in refused(tmp_path / "lon.tif", "moi")
    assert rd.raster_state() == existing


def test_a_missing_geotiff_is_named(existing: list[Any], tmp_path: Path) -> None:
    assert "khong-co.tif: no such file." in refused(tmp_path / "khong-co.tif")
    assert rd.raster_state() == existing


def test_a_layer_keeps_its_kind(existing: list[Any], tmp_path: Path) -> None:
    vector = data.write(tmp_path / "khu.gpkg", data.ZONES)
    assert "The layer ngap is a raster layer; import a GeoTIFF (.tif) into it" in refused(vector, "ngap")
    message = refused(rd.write_tif(tmp_path / "ngap.tif"), "khu")
    assert "The layer khu is a vector layer; a GeoTIFF cannot replace its features" in message
    assert rd.raster_state() == existing


def test_a_multiband_geotiff_is_accepted_with_statistics_per_band(tmp_path: Path) -> None:
    bands = np.stack([np.full((600, 700), value, dtype="uint16") for value in (10, 20, 30)])
    import_tif(rd.write_tif(tmp_path / "anh.tif", bands, nodata=0))
    raster = Layer.objects.get(slug="ngap").raster
    assert raster["count"] == 3 and [band["mean"] for band in raster["bands"]] == [10, 20, 30]
    assert raster["overviews"] == [2] and raster["dtype"] == "uint16"


def test_an_agency_officer_uploads_a_geotiff_in_the_web_app(people: People, tmp_path: Path) -> None:
    client = Client()
    client.force_login(people.owner_officer)
    upload = SimpleUploadedFile("do-sau.tif", rd.write_tif(tmp_path / "do-sau.tif").read_bytes(), "image/tiff")
    form = {"file": upload, "slug": "ngap", "title": "Ngập", "access": "internal", "encoding": "auto", "publish": "on"}
    response = through_worker(client, client.post(reverse("layers:upload"), form, **HOST), **HOST)
    assert response.status_code == 302 and response["Location"] == reverse("layers:detail", args=["ngap"])
    layer = Layer.objects.get(slug="ngap")
    assert (layer.kind, layer.owner, layer.access, layer.published_tiles) == (
        "raster",
        people.environment,
        "internal",
        True,
    )
    page = client.get(response["Location"], **HOST).content.decode()
    assert (
        "1200 x 1000 pixels, 1 band(s)" in page
        and "EPSG:32649" in page
        and reverse("tiles:tilejson", args=["ngap"]) in page
    )


def test_a_bad_geotiff_upload_shows_the_problem_and_writes_nothing(people: People, tmp_path: Path) -> None:
    client = Client()
    client.force_login(people.owner_officer)
    path = rd.write_tif(tmp_path / "khong-crs.tif", crs=None, transform=rd.from_origin(rd.WEST, rd.NORTH, 10, 10))
    upload = SimpleUploadedFile("khong-crs.tif", path.read_bytes(), "image/tiff")
    form = {"file": upload, "slug": "ngap", "access": "internal", "encoding": "auto"}
    response = through_worker(client, client.post(reverse("layers:upload"), form, **HOST), **HOST)
    assert job_refused(response)
    assert "khong-crs.tif: the raster has no coordinate reference system" in response.content.decode()
    assert not Layer.objects.exists() and rd.files() == []

    upload = SimpleUploadedFile("khong-crs.tif", path.read_bytes(), "image/tiff")
    response = client.post(reverse("layers:upload"), {**form, "file": upload, "srid": "32649"}, **HOST)
    response = through_worker(client, response, **HOST)
    assert response.status_code == 302 and Layer.objects.get(slug="ngap").raster["srid"] == 32649
