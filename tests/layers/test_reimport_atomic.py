"""Re-importing a slug is atomic: readers see the old rows or the new ones, never part; a failure keeps the old."""

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import DatabaseError, OperationalError, connection, transaction

from core.errors import ImportFailed
from layers import loading, schema
from layers.importing import import_layer
from layers.models import Layer
from tests.layers import data

FIVE_ZONES = [
    {"ten": f"Khu {n}", "geometry": data.LOT_A.buffer(-0.0005 * n)} for n in range(1, 6)
]  # fmt: skip


def count_rows(table: str = "khu") -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM layerdata.{table}")
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_a_failure_after_the_swap_leaves_the_old_table_and_version(tmp_path: Path, monkeypatch: Any) -> None:
    import_layer(data.write(tmp_path / "v1.gpkg", data.ZONES), "khu")
    before, version = data.catalogue_state(), Layer.objects.get(slug="khu").data_version

    def broken(self: Layer) -> None:
        raise DatabaseError("the disk is full")

    monkeypatch.setattr(Layer, "refresh_summary", broken)  # fails after the new table was swapped in
    with pytest.raises(ImportFailed, match=r"v2\.gpkg: the database refused the data: the disk is full"):
        import_layer(data.write(tmp_path / "v2.gpkg", FIVE_ZONES), "khu")

    assert data.catalogue_state() == before
    assert Layer.objects.get(slug="khu").data_version == version
    assert data.upload_tables() == ["khu"]


@pytest.fixture
def committed_tables() -> Iterator[None]:
    """Drop the uploaded tables these committed imports leave (the test database flush only empties Django's)."""
    yield
    for table in data.upload_tables():
        loading.drop_table(schema.UPLOAD_SCHEMA, table)


@pytest.mark.django_db(transaction=True)
def test_readers_see_the_old_rows_until_the_import_commits(
    tmp_path: Path, monkeypatch: Any, committed_tables: None
) -> None:
    import_layer(data.write(tmp_path / "v1.gpkg", data.ZONES), "khu")
    loaded, swapped, go_on, finish = threading.Event(), threading.Event(), threading.Event(), threading.Event()
    copy, install = loading.Stage.copy, schema.install_version_trigger

    def copy_then_wait(*args: Any) -> None:
        copy(*args)
        loaded.set()
        go_on.wait(10)

    def swap_then_wait(*args: Any) -> None:
        install(*args)
        swapped.set()
        finish.wait(10)

    monkeypatch.setattr(loading.Stage, "copy", copy_then_wait)
    monkeypatch.setattr(schema, "install_version_trigger", swap_then_wait)
    errors: list[BaseException] = []

    def run() -> None:
        try:
            import_layer(data.write(tmp_path / "v2.gpkg", FIVE_ZONES), "khu")
        except BaseException as exc:  # reported to the test below
            errors.append(exc)
        finally:
            connection.close()

    importer = threading.Thread(target=run)
    importer.start()
    try:
        assert loaded.wait(10)
        # The new rows sit in a staging table; readers still get every old row.
        assert count_rows() == 3
        go_on.set()
        assert swapped.wait(10)
        # Old table dropped, new one renamed, not yet committed: a reader waits instead of seeing anything partial.
        with pytest.raises(OperationalError, match="lock timeout"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '300ms'")
            count_rows()
        assert Layer.objects.get(slug="khu").feature_count == 3  # the catalogue too still shows the old data
    finally:
        go_on.set()
        finish.set()
        importer.join(20)
    assert not errors
    assert count_rows() == 5
    assert Layer.objects.get(slug="khu").feature_count == 5
