"""Back up the database and the uploaded files to every destination, and prove that a backup restores.

A backup is consistent: pg_dump reads the snapshot of a transaction that, in the same snapshot, counted and
checksummed every table; those figures go into the manifest. restore_check restores the dump into a scratch
database (created, then dropped) and compares its figures with the manifest's, which are the live database's at
the instant of the backup; it also lists what changed in the live database since (drift), which is expected on a
running system and fails the check only when asked (--live).
"""

import datetime
import itertools
import os
import shutil
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from backups import manifest as manifest_file
from backups import postgres
from backups.destinations import Destination, LocalDirectory, configured
from backups.errors import BackupError
from backups.models import Backup
from backups.postgres import TableFigures
from backups.retention import to_keep

# The backup run writes its own record after the dump, so this table always differs from the live one by design.
OWN_TABLES = frozenset({"public.backups_backup"})
LOCK_KEY = 5_001_001  # pg advisory lock: one backup at a time across workers and hands


@dataclass
class DestinationResult:
    location: str
    ok: bool
    message: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"destination": self.location, "ok": self.ok, "message": self.message}


def run_backup(trigger: str = Backup.Trigger.MANUAL) -> Backup:
    """Write a backup to every reachable destination, apply retention, record the run; raise when none was reached."""
    started = timezone.now()
    name = started.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    destinations = configured()
    reachable, results = _check_destinations(destinations)
    if not reachable:
        message = " ".join(result.message for result in results)
        _record(name, trigger, started, Backup.Status.FAILED, results, message=message)
        raise BackupError(message)
    with _exclusive_lock(), _staging(reachable[0], name) as staging:
        try:
            stats = _write_backup(staging, name, started, destinations)
        except (BackupError, OSError) as exc:
            message = exc.message if isinstance(exc, BackupError) else f"{exc.strerror}: {exc.filename}"
            _record(name, trigger, started, Backup.Status.FAILED, results, message=message)
            raise BackupError(message) from None
        for target in [*reachable[1:], reachable[0]]:  # the staging destination last: storing there is a rename
            results.append(_store(target, staging, name))
    removed = [_apply_retention(target) for target in reachable if _stored(results, target)]
    ok = all(result.ok for result in results)
    status = Backup.Status.OK if ok else Backup.Status.PARTIAL
    message = " ".join(result.message for result in results if not result.ok)
    return _record(
        name,
        trigger,
        started,
        status,
        results,
        message=message,
        removed=list(itertools.chain.from_iterable(removed)),
        **stats,
    )


def _check_destinations(destinations: list[Destination]) -> tuple[list[Destination], list[DestinationResult]]:
    reachable, results = [], []
    for target in destinations:
        try:
            target.check()
        except BackupError as exc:
            results.append(DestinationResult(str(target), False, exc.message))
        else:
            reachable.append(target)
    return reachable, results


@contextmanager
def _exclusive_lock() -> Iterator[None]:
    conn = postgres.conninfo().connect()
    try:
        conn.autocommit = True
        with conn.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [LOCK_KEY])
            (locked,) = cursor.fetchone()
        if not locked:
            raise BackupError("Another backup of this database is running; wait for it to finish.")
        yield
    finally:
        conn.close()  # ends the session and with it the lock


@contextmanager
def _staging(first: Destination, name: str) -> Iterator[Path]:
    """Write into the first destination's partial folder (no second copy of a large dump), else a temp folder."""
    folder = first.staging(name) if isinstance(first, LocalDirectory) else Path(tempfile.mkdtemp(prefix="ioc-backup-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)  # gone once renamed; removed if anything failed


def _write_backup(
    staging: Path, name: str, started: datetime.datetime, destinations: list[Destination]
) -> dict[str, int]:
    info = postgres.conninfo()
    dump_path = staging / manifest_file.DATABASE_FILE
    with postgres.exported_snapshot(info) as (snapshot_id, cursor):
        cursor.execute("SELECT current_setting('server_version')")
        (server_version,) = cursor.fetchone()
        figures = postgres.table_figures(cursor)
        postgres.dump(info, snapshot_id, dump_path)
        has_srs = postgres.dump_spatial_ref_sys(cursor, staging / manifest_file.SPATIAL_REF_SYS_FILE)
    excluded = [Path(str(getattr(target, "path", ""))).resolve() for target in destinations]
    media = archive_media(staging / manifest_file.MEDIA_FILE, [*excluded, staging.resolve()])
    files = [dump_path, staging / manifest_file.MEDIA_FILE]
    if has_srs:
        files.append(staging / manifest_file.SPATIAL_REF_SYS_FILE)
    manifest_file.write(staging, {
        "format": manifest_file.FORMAT,
        "name": name,
        "created_at": started.isoformat(),
        "database": {"name": info.name, "server_version": server_version, "tables": figures},
        "migrations": _migrations(),
        "files": {path.name: manifest_file.file_entry(path) for path in files},
        "media": media,
    })  # fmt: skip
    return {"database_bytes": dump_path.stat().st_size, "media_files": len(media), "tables": len(figures)}


def media_sources() -> list[tuple[Path, str]]:
    """The folders of uploaded files: MEDIA_ROOT, and LAYER_DATA_DIR (rasters) when it lies outside it."""
    media_root = Path(settings.MEDIA_ROOT).resolve()
    layer_data = Path(settings.LAYER_DATA_DIR).resolve()
    sources = [(media_root, "media")]
    if not layer_data.is_relative_to(media_root):
        sources.append((layer_data, "layer_data"))
    return sources


def archive_media(target: Path, excluded: list[Path]) -> dict[str, dict[str, Any]]:
    """Write every uploaded file into a tar archive; return each member's SHA-256 and size."""
    entries: dict[str, dict[str, Any]] = {}
    with tarfile.open(target, "w") as tar:
        for root, prefix in media_sources():
            for path in sorted(root.rglob("*")) if root.is_dir() else []:
                if path.is_symlink() or not path.is_file() or any(path.is_relative_to(ex) for ex in excluded):
                    continue
                arcname = f"{prefix}/{path.relative_to(root).as_posix()}"
                tar.add(path, arcname=arcname, recursive=False)
                entries[arcname] = manifest_file.file_entry(path)
    return entries


def _migrations() -> dict[str, str]:
    latest: dict[str, str] = {}
    for app, migration in MigrationRecorder.Migration.objects.order_by("applied").values_list("app", "name"):
        latest[app] = migration
    return latest


def _store(target: Destination, staging: Path, name: str) -> DestinationResult:
    try:
        target.store(staging, name)
    except (BackupError, OSError) as exc:
        message = exc.message if isinstance(exc, BackupError) else f"{target}: {exc.strerror}"
        return DestinationResult(str(target), False, message)
    return DestinationResult(str(target), True)


def _stored(results: list[DestinationResult], target: Destination) -> bool:
    return any(result.ok and result.location == str(target) for result in results)


def _apply_retention(target: Destination) -> list[str]:
    names = target.names()
    keep = to_keep(names, settings.BACKUP_KEEP_DAILY, settings.BACKUP_KEEP_WEEKLY)
    removed = []
    for name in names:
        if name not in keep:
            target.remove(name)
            removed.append(f"{target}/{name}")
    return removed


def _record(
    name: str, trigger: str, started: datetime.datetime, status: str, results: list[DestinationResult], **fields: Any
) -> Backup:
    return Backup.objects.create(
        name=name, trigger=trigger, started_at=started, finished_at=timezone.now(), status=status,
        destinations=[result.as_dict() for result in results], **fields,
    )  # fmt: skip


# ---- restore check ---------------------------------------------------------------------------------------------


@dataclass
class CheckResult:
    """What restoring a backup showed."""

    backup: str
    location: str
    problems: list[str] = field(default_factory=list)
    drift: list[str] = field(default_factory=list)
    tables: int = 0
    rows: int = 0
    media_files: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def restore_check(location: str = "", name: str = "") -> CheckResult:
    """Verify the backup's checksums, restore it into a scratch database and compare every table's figures."""
    target, name = _pick_backup(location, name)
    folder = target.folder(name)
    result = CheckResult(name, str(target))
    try:
        manifest = manifest_file.read(folder)
    except (OSError, ValueError) as exc:
        result.problems.append(f"{manifest_file.MANIFEST}: cannot be read ({exc}); the backup cannot be trusted.")
        return result
    result.problems = manifest_file.verify_files(folder, manifest)
    if result.problems:
        return result  # never restore from a damaged file
    expected: TableFigures = manifest["database"]["tables"]
    restored = _restored_figures(folder)
    result.problems = compare(expected, restored)
    result.drift = compare(expected, postgres.figures_of(postgres.conninfo()), ignore=OWN_TABLES)
    result.tables, result.rows = len(restored), sum(entry["rows"] for entry in restored.values())
    result.media_files = len(manifest.get("media", {}))
    return result


def _pick_backup(location: str, name: str) -> tuple[Destination, str]:
    destinations = configured()
    if location:
        destinations = [target for target in destinations if str(target) == location]
        if not destinations:
            raise BackupError(
                f"{location} is not one of BACKUP_DESTINATIONS ({', '.join(settings.BACKUP_DESTINATIONS)})."
            )
    messages = []
    for target in destinations:
        try:
            target.check()
        except BackupError as exc:
            messages.append(exc.message)
            continue
        names = target.names()
        if name and name in names:
            return target, name
        if not name and names:
            return target, names[-1]
        messages.append(f"{target} holds {'no backup ' + name if name else 'no complete backup'}.")
    raise BackupError(" ".join(messages) + " Run manage.py backup first, or name another destination.")


def _restored_figures(folder: Path) -> TableFigures:
    """Follow the README's restore procedure into a scratch database and read its figures."""
    info = postgres.conninfo()
    scratch = f"{info.name[:40]}_restore_check_{os.getpid()}"
    postgres.drop_database(info, scratch)  # left over by a killed run
    postgres.create_database(info, scratch)
    try:
        restore_database(folder, scratch)
        return postgres.figures_of(info, scratch)
    finally:
        postgres.drop_database(info, scratch)


def restore_database(folder: Path, dbname: str) -> None:
    """Restore a backup's database into an existing empty database: the dump, then spatial_ref_sys as it was."""
    info = postgres.conninfo()
    postgres.restore(info, folder / manifest_file.DATABASE_FILE, dbname)
    srs = folder / manifest_file.SPATIAL_REF_SYS_FILE
    if srs.is_file():
        postgres.apply_sql(info, srs, dbname)


def compare(expected: TableFigures, actual: TableFigures, ignore: frozenset[str] = frozenset()) -> list[str]:
    """Every table whose rows or checksum differ, or that only one side has."""
    differences = []
    for table in sorted((set(expected) | set(actual)) - ignore):
        if table not in actual:
            differences.append(f"{table}: missing ({expected[table]['rows']} rows expected)")
        elif table not in expected:
            differences.append(f"{table}: not in the backup ({actual[table]['rows']} rows)")
        elif expected[table]["rows"] != actual[table]["rows"]:
            differences.append(f"{table}: {actual[table]['rows']} rows, {expected[table]['rows']} expected")
        elif expected[table]["checksum"] != actual[table]["checksum"]:
            differences.append(f"{table}: same {actual[table]['rows']} rows but different content (checksum)")
    return differences
