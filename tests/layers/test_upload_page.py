"""Uploading a layer in the web app: signed-in staff with the upload permission, their own agency's layers only."""

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from pytest_django import Settings

from accounts.models import User
from imports.models import ImportJob
from layers.models import Layer
from tests.imports.worker import refused, through_worker
from tests.layers import data
from tests.layers.conftest import People

pytestmark = pytest.mark.django_db

HOST: dict[str, Any] = {"HTTP_HOST": "localhost"}


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def geojson_upload(tmp_path: Path, records: list[dict[str, Any]] = data.ZONES, name: str = "khu.geojson") -> Any:
    path = data.write(tmp_path / name, records, driver="GeoJSON")
    return SimpleUploadedFile(name, path.read_bytes(), content_type="application/geo+json")


def post(client: Client, upload: Any, slug: str = "khu", **fields: str) -> Any:
    """Upload, and let the worker run the import job the upload queued."""
    form = {"file": upload, "slug": slug, "title": "Khu dân cư", "access": "public", "encoding": "auto",
            "publish": "on", **fields}  # fmt: skip
    return through_worker(client, client.post(reverse("layers:upload"), form, **HOST), **HOST)


def test_anonymous_visitors_are_sent_to_sign_in(db: None) -> None:
    response = Client().get(reverse("layers:upload"), **HOST)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_a_viewer_may_not_upload(people: People, tmp_path: Path) -> None:
    response = post(signed_in(people.viewer), geojson_upload(tmp_path))
    assert response.status_code == 403 and "layers.upload" in response.json()["message"]
    assert not Layer.objects.exists() and data.upload_tables() == []


def test_an_agency_officer_uploads_a_layer_owned_by_the_agency(people: People, tmp_path: Path) -> None:
    client = signed_in(people.owner_officer)
    response = post(client, geojson_upload(tmp_path))
    assert response.status_code == 302 and response["Location"] == reverse("layers:detail", args=["khu"])
    layer = Layer.objects.get(slug="khu")
    assert (layer.owner, layer.title, layer.access, layer.published_tiles) == (
        people.environment, "Khu dân cư", "public", True,
    )  # fmt: skip
    assert layer.feature_count == 3
    job = ImportJob.objects.get()
    assert "3 features read" in " ".join(job.report["lines"])  # the job's page shows the import report


def test_another_agency_may_not_replace_the_layer(people: People, tmp_path: Path) -> None:
    post(signed_in(people.owner_officer), geojson_upload(tmp_path))
    before = data.catalogue_state()
    response = post(signed_in(people.other_officer), geojson_upload(tmp_path, data.ZONES[:1]))
    assert response.status_code == 403
    assert data.catalogue_state() == before
    # The province's operator may.
    assert post(signed_in(people.operator), geojson_upload(tmp_path, data.ZONES[:1])).status_code == 302
    assert Layer.objects.get(slug="khu").feature_count == 1


def test_a_csv_upload_with_named_coordinate_columns(people: People, tmp_path: Path) -> None:
    path = data.write_csv(tmp_path / "tram.csv", ["ten", "dong", "bac"], [["Trạm", 109.195, 12.275]])
    upload = SimpleUploadedFile("tram.csv", path.read_bytes(), content_type="text/csv")
    response = post(signed_in(people.operator), upload, slug="tram", lon="dong", lat="bac")
    assert response.status_code == 302
    assert Layer.objects.get(slug="tram").extent == pytest.approx([109.195, 12.275, 109.195, 12.275])


def test_a_bad_file_shows_the_problems_and_writes_nothing(people: People, tmp_path: Path) -> None:
    upload = SimpleUploadedFile("khu.geojson", b'{"type": "FeatureCollection", "features": [', content_type="x")
    response = post(signed_in(people.operator), upload)
    assert refused(response)
    assert "khu.geojson: cannot be read as a vector file" in response.content.decode()
    assert not Layer.objects.exists() and data.upload_tables() == []


def test_a_zip_holding_other_files_is_refused(people: People, tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("khu.vrt", "<OGRVRTDataSource/>")
        archive.writestr("khu.shp", b"")
    upload = SimpleUploadedFile("khu.zip", buffer.getvalue(), content_type="application/zip")
    response = post(signed_in(people.operator), upload)
    assert response.status_code == 400
    assert "khu.zip holds files that are not vector data: khu.vrt" in response.content.decode()
    assert not Layer.objects.exists() and data.upload_tables() == []


def test_unaccepted_types_and_oversized_files_are_refused_by_the_form(
    people: People, tmp_path: Path, settings: Settings
) -> None:
    client = signed_in(people.operator)
    response = post(client, SimpleUploadedFile("khu.vrt", b"<OGRVRTDataSource/>"))
    assert response.status_code == 400 and "files of type .vrt are not accepted" in response.content.decode()
    settings.LAYERS_UPLOAD_MAX_BYTES = 100
    response = post(client, geojson_upload(tmp_path))
    assert response.status_code == 400
    limited = "uploads are limited to 0.000095 MiB (environment variable LAYERS_UPLOAD_MAX_MB)"
    assert limited in response.content.decode()
    assert not Layer.objects.exists() and data.upload_tables() == []
