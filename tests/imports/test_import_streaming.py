"""Streamed imports: a layer is read and written batch by batch in one transaction, never held whole."""

import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import pyogrio
import pytest
from shapely import MultiPoint, Point, box

from core.errors import ImportFailed
from gis_core.importer import ImportProgress, get_target, reporting, run_import
from layers.importing import column_map
from layers.models import Layer
from layers.schema import UPLOAD_SCHEMA, columns
from tests.gis_core import files
from tests.layers import data

pytestmark = pytest.mark.django_db
BATCH = 10


class Recorder(ImportProgress):
    """A progress sink keeping the order of its reports, as the job's counters receive them."""

    def __init__(self) -> None:
        self.events: list[tuple[str, int]] = []

    def read(self, count: int) -> None:
        self.events.append(("read", count))

    def written(self, count: int) -> None:
        self.events.append(("written", count))

    def most_unwritten(self) -> int:
        """The largest number of features read and not yet written at any moment."""
        read = written = most = 0
        for kind, count in self.events:
            read, written = (read + count, written) if kind == "read" else (read, written + count)
            most = max(most, read - written)
        return most

    def count(self, kind: str) -> int:
        return sum(count for event, count in self.events if event == kind)


def lots(count: int, **overrides: dict[str, Any]) -> list[dict[str, Any]]:
    """count small squares in Nha Trang, numbered; overrides replace the record of a 1-based feature number."""
    records = [{"ten": f"Lô {i}", "so_tang": i % 7, "geometry": box(109.19 + i * 1e-4, 12.27, 109.19 + i * 1e-4 + 5e-5,
                12.27 + 5e-5)} for i in range(1, count + 1)]  # fmt: skip
    for number, record in overrides.items():
        records[int(number) - 1] = {**records[int(number) - 1], **record}
    return records


def import_in_batches(path: Path, slug: str = "lo") -> Recorder:
    """Import path as layer slug as layers.importing does (the file's field types as hints), BATCH at a time."""
    fields = column_map(_columns(path))
    ogr_types = dict(zip(fields, pyogrio.read_info(path)["ogr_types"], strict=True))
    target = get_target("layers", fields, slug=slug, metadata={"title": slug}, ogr_types=ogr_types, max_features=None)
    sink = Recorder()
    with reporting(sink):
        run_import(path, target, batch_size=BATCH)
    return sink


def _columns(path: Path) -> list[str]:
    return [str(name) for name in pyogrio.read_info(path)["fields"]]


def test_a_file_of_many_batches_is_written_whole_while_never_more_than_a_batch_is_held(tmp_path: Path) -> None:
    sink = import_in_batches(data.write(tmp_path / "lo.gpkg", lots(35)))
    assert [count for kind, count in sink.events if kind == "read"] == [10, 10, 10, 5]
    assert sink.count("written") == 35 and sink.most_unwritten() == BATCH  # each batch written before the next read
    layer = Layer.objects.get(slug="lo")
    rows = data.rows_of(layer.table_name)
    assert layer.feature_count == 35 and [row[0] for row in rows] == list(range(1, 36))
    assert rows[34][1:3] == ("Lô 35", 0) and rows[0][3].startswith("POLYGON")


def test_a_bad_feature_in_a_late_batch_leaves_nothing_written(tmp_path: Path) -> None:
    data.write(tmp_path / "v1.gpkg", lots(3))
    import_in_batches(tmp_path / "v1.gpkg")
    before = data.catalogue_state()
    far = {"geometry": box(120.0, 12.27, 120.01, 12.28)}  # east of the Trường Sa islands: not in Việt Nam
    path = data.write(tmp_path / "v2.gpkg", lots(35, **{"34": far}))
    sink = Recorder()
    with pytest.raises(ImportFailed) as refused, reporting(sink):
        fields = column_map(_columns(path))
        run_import(path, get_target("layers", fields, slug="lo", max_features=None), batch_size=BATCH)
    message = refused.value.message
    assert "v2.gpkg, feature 34: the feature lies at 120.0050, 12.2750, outside Việt Nam" in message
    assert "1 problem(s)" in message  # in the last of four batches
    assert sink.count("written") == 30  # three batches were in the new table before the refusal...
    assert data.catalogue_state() == before  # ...and the rollback took them out with everything else


def test_a_column_empty_in_the_first_batch_takes_its_type_from_a_later_one(tmp_path: Path) -> None:
    records = [{**record, "so_tang": None} for record in lots(25)]
    records[21]["so_tang"] = 12
    import_in_batches(data.write(tmp_path / "lo.gpkg", records))
    layer = Layer.objects.get(slug="lo")
    types = {column.name: column.pg_type for column in columns(UPLOAD_SCHEMA, layer.table_name)}
    assert types["so_tang"] == "bigint"
    assert [row[2] for row in data.rows_of(layer.table_name)][20:23] == [None, 12, None]


def test_points_become_multipoints_when_a_later_batch_holds_one(tmp_path: Path) -> None:
    records = [{"ten": f"Trạm {i}", "geometry": Point(109.19 + i * 1e-4, 12.27)} for i in range(25)]
    records[23]["geometry"] = MultiPoint([(109.2, 12.27), (109.21, 12.28)])
    fields = column_map(_columns(data.write(tmp_path / "tram.gpkg", records)))
    target = get_target("layers", fields, slug="tram", geometry_kind="point", max_features=None)
    run_import(tmp_path / "tram.gpkg", target, batch_size=BATCH)
    layer = Layer.objects.get(slug="tram")
    rows = data.rows_of(layer.table_name)
    assert layer.feature_count == 25 and rows[0][-1] == "MULTIPOINT((109.19 12.27))"
    assert rows[23][-1] == "MULTIPOINT((109.2 12.27),(109.21 12.28))"


def test_mixed_geometry_types_are_counted_over_every_batch(tmp_path: Path) -> None:
    records = lots(25)
    for number in (3, 14, 24):
        records[number - 1]["geometry"] = Point(109.2, 12.27)
    path = data.write(tmp_path / "lo.geojson", records, driver="GeoJSON")
    with pytest.raises(ImportFailed) as refused:
        run_import(path, get_target("layers", column_map(_columns(path)), slug="lo"), batch_size=BATCH)
    assert "the layer mixes geometry types (22 polygons, 3 points)" in refused.value.message
    assert "remove the 3 other features (rows 3, 14, 24)" in refused.value.message
    assert not Layer.objects.filter(slug="lo").exists() and data.upload_tables() == []


def test_text_found_not_utf8_in_a_late_batch_starts_the_import_again_as_latin1(tmp_path: Path) -> None:
    path = data.write(tmp_path / "lo.gpkg", [{**record, "ten": f"Lo {i}"} for i, record in enumerate(lots(25), 1)])
    # A GeoPackage promises UTF-8; feature 24 holds TCVN3 bytes instead, which fail to decode in the third batch.
    with closing(sqlite3.connect(path)) as database:
        for name in ("ST_IsEmpty", "ST_MinX", "ST_MaxX", "ST_MinY", "ST_MaxY"):  # the R-tree triggers call them
            database.create_function(name, 1, lambda _geometry: 0)
        tcvn3 = files.LEGACY_BYTES["tcvn3"]["Phường Bắc Nha Trang"]
        database.execute("UPDATE lo SET ten = CAST(? AS TEXT) WHERE fid = 24", (tcvn3,))
        database.commit()
    sink = import_in_batches(path)
    # Two batches, then the third fails to decode: the file is read again from its start, as Latin-1.
    assert [count for kind, count in sink.events if kind == "read"] == [10, 10, 10, 10, 5]
    layer = Layer.objects.get(slug="lo")
    rows = data.rows_of(layer.table_name)
    assert layer.feature_count == 25 and [row[0] for row in rows] == list(range(1, 26))  # the first try is undone
    assert rows[23][1] == "Phường Bắc Nha Trang" and rows[22][1] == "Lo 23"  # detected in the batch holding it
