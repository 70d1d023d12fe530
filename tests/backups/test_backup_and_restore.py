"""manage.py backup and restore_check against the real PostGIS test database, with real files and pg tools."""

import datetime
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from agencies.models import Sector
from backups.manifest import sha256_of
from backups.models import Backup
from backups.retention import to_keep
from backups.tasks import is_due

pytestmark = pytest.mark.django_db(transaction=True)  # pg_dump reads committed data only


@pytest.fixture
def places(tmp_path: Path, layer_data_dir: Path) -> Iterator[tuple[Path, Path]]:
    """Two destinations, a media folder with an upload and a raster file in the layer data folder."""
    first, second, media = tmp_path / "disk-a", tmp_path / "disk-b", tmp_path / "media"
    for folder in (first, second, media / "fieldreports"):
        folder.mkdir(parents=True)
    (media / "fieldreports" / "photo.jpg").write_bytes(b"\xff\xd8 not really a photo")
    (layer_data_dir / "flood.tif").write_bytes(b"II*\x00 raster bytes")
    Sector.objects.create(code="backup-probe", name="Lĩnh vực thử sao lưu")
    with override_settings(BACKUP_DESTINATIONS=[str(first), str(second)], MEDIA_ROOT=media):
        yield first, second


def run(command: str, *args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(command, *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def only_backup(folder: Path) -> Path:
    (backup,) = [entry for entry in folder.iterdir() if not entry.name.startswith(".")]
    return backup


def scratch_databases() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT datname FROM pg_database WHERE datname LIKE %s", ["%restore_check%"])
        return [row[0] for row in cursor.fetchall()]


def test_backup_then_restore_check_passes(places: tuple[Path, Path]) -> None:
    first, second = places

    out, _err = run("backup")
    checked, _err = run("restore_check")

    backup_a, backup_b = only_backup(first), only_backup(second)
    manifest = json.loads((backup_a / "manifest.json").read_text())
    assert "written to 2 destinations" in out
    assert backup_a.name == backup_b.name == manifest["name"]
    assert {"database.dump", "media.tar", "spatial_ref_sys.sql"} == set(manifest["files"])
    for name, entry in manifest["files"].items():
        assert sha256_of(backup_a / name) == sha256_of(backup_b / name) == entry["sha256"]
    assert {"media/fieldreports/photo.jpg", "layer_data/flood.tif"} <= set(manifest["media"])
    assert manifest["database"]["tables"]["public.agencies_sector"]["rows"] == 1
    assert "restore check passed" in checked and "2 media files verified" in checked
    assert "still matches the backup exactly" in checked
    assert scratch_databases() == []  # the scratch database is dropped
    assert Backup.objects.get().status == Backup.Status.OK


def test_a_tampered_dump_is_reported_and_not_restored(places: tuple[Path, Path]) -> None:
    first, _second = places
    run("backup")
    dump = only_backup(first) / "database.dump"
    data = bytearray(dump.read_bytes())
    data[len(data) // 2] ^= 0xFF
    dump.write_bytes(bytes(data))

    err = io.StringIO()
    with pytest.raises(CommandError, match="restore check FAILED") as failure:
        call_command("restore_check", stderr=err)

    assert "1 difference" in str(failure.value)
    assert "database.dump: SHA-256" in err.getvalue() and "damaged or altered" in err.getvalue()
    assert scratch_databases() == []


def test_the_other_copy_still_passes_when_one_is_damaged(places: tuple[Path, Path]) -> None:
    first, second = places
    run("backup")
    (only_backup(first) / "media.tar").write_bytes(b"truncated")

    out, _err = run("restore_check", "--destination", str(second))

    assert "restore check passed" in out


def test_restored_figures_differing_from_the_manifest_are_listed(places: tuple[Path, Path]) -> None:
    first, _second = places
    run("backup")
    manifest_path = only_backup(first) / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["database"]["tables"]["public.agencies_sector"]["rows"] = 2
    manifest["database"]["tables"]["public.django_migrations"]["checksum"] = "0"
    manifest_path.write_text(json.dumps(manifest))

    err = io.StringIO()
    with pytest.raises(CommandError, match="2 difference"):
        call_command("restore_check", stderr=err)

    assert "public.agencies_sector: 1 rows, 2 expected" in err.getvalue()
    assert "public.django_migrations: same" in err.getvalue() and "different content" in err.getvalue()


def test_changes_since_the_backup_are_listed_and_fail_only_with_live(places: tuple[Path, Path]) -> None:
    run("backup")
    Sector.objects.create(code="after-backup", name="Thêm sau khi sao lưu")

    out, _err = run("restore_check")
    with pytest.raises(CommandError, match="--live"):
        run("restore_check", "--live")

    assert "restore check passed" in out
    assert "public.agencies_sector: 2 rows, 1 expected" in out


def test_a_missing_destination_gives_a_clear_message(places: tuple[Path, Path], tmp_path: Path) -> None:
    first, _second = places
    missing = tmp_path / "unmounted-disk"

    with override_settings(BACKUP_DESTINATIONS=[str(first), str(missing)]), pytest.raises(CommandError) as failure:
        run("backup")

    message = str(failure.value)
    assert f"Backup destination {missing} does not exist" in message and f"mkdir -p {missing}" in message
    assert not missing.exists()  # never created: it may be an unmounted disk
    assert (only_backup(first) / "manifest.json").is_file()  # the reachable destination still got it
    assert Backup.objects.get().status == Backup.Status.PARTIAL


def test_no_destination_configured_is_refused_with_what_to_set(db: None) -> None:
    with override_settings(BACKUP_DESTINATIONS=[]), pytest.raises(CommandError, match="Set BACKUP_DESTINATIONS"):
        run("backup")


def test_an_unsupported_destination_kind_is_named(places: tuple[Path, Path]) -> None:
    with override_settings(BACKUP_DESTINATIONS=["s3://bucket/ioc"]), pytest.raises(CommandError, match="'s3'"):
        run("backup")


def test_restore_check_without_backups_says_to_run_backup(places: tuple[Path, Path]) -> None:
    with pytest.raises(CommandError, match=r"Run manage\.py backup first"):
        run("restore_check")


def test_the_schedule_wants_a_backup_only_when_configured_and_old_enough(places: tuple[Path, Path]) -> None:
    now = timezone.now()
    assert is_due(now)
    run("backup")
    assert not is_due(timezone.now())
    assert is_due(timezone.now() + datetime.timedelta(hours=25))
    with override_settings(BACKUP_DESTINATIONS=[]):
        assert not is_due(now)


def test_retention_keeps_the_newest_of_each_day_and_week() -> None:
    names = [
        "20260302T010000Z", "20260302T090000Z",  # Monday 2 March (two runs: the later one stays)
        "20260303T010000Z", "20260304T010000Z", "20260305T010000Z",
        "20260223T010000Z", "20260216T010000Z", "20260209T010000Z",  # Mondays of earlier weeks
    ]  # fmt: skip

    kept = to_keep(names, keep_daily=3, keep_weekly=3)

    daily = {"20260305T010000Z", "20260304T010000Z", "20260303T010000Z"}
    weekly = {"20260223T010000Z", "20260216T010000Z"}  # this week's newest is already kept daily
    assert kept == daily | weekly
