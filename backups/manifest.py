"""The manifest of a backup: SHA-256 of every file, of every archived media file, and the database's table figures.

manifest.json sits beside database.dump and media.tar in each backup folder. verify_files recomputes the checksums
and returns every difference, so a damaged or tampered copy is found before anything is restored from it.
"""

import hashlib
import json
import tarfile
from pathlib import Path
from typing import Any

MANIFEST = "manifest.json"
DATABASE_FILE = "database.dump"
MEDIA_FILE = "media.tar"
SPATIAL_REF_SYS_FILE = "spatial_ref_sys.sql"
FORMAT = 1
CHUNK = 1024 * 1024


def sha256_of(path: Path) -> str:
    """SHA-256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def file_entry(path: Path) -> dict[str, Any]:
    return {"sha256": sha256_of(path), "bytes": path.stat().st_size}


def write(folder: Path, manifest: dict[str, Any]) -> None:
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True, ensure_ascii=False), "utf-8")


def read(folder: Path) -> dict[str, Any]:
    """Read a backup's manifest; a missing or unreadable one is reported as a difference by the caller."""
    manifest: dict[str, Any] = json.loads((folder / MANIFEST).read_text("utf-8"))
    if manifest.get("format") != FORMAT:
        raise ValueError(f"manifest format {manifest.get('format')!r} is not {FORMAT}")
    return manifest


def verify_files(folder: Path, manifest: dict[str, Any]) -> list[str]:
    """Recompute the checksums of the backup's files and of the media archive's members; return the differences."""
    problems = []
    for name, expected in sorted(manifest["files"].items()):
        path = folder / name
        if not path.is_file():
            problems.append(f"{name}: missing from {folder}")
            continue
        actual = sha256_of(path)
        if actual != expected["sha256"]:
            problems.append(
                f"{name}: SHA-256 {actual} differs from the manifest's {expected['sha256']} (damaged or altered)"
            )
    if (folder / MEDIA_FILE).is_file() and not problems:
        problems += verify_media(folder / MEDIA_FILE, manifest.get("media", {}))
    return problems


def verify_media(archive: Path, expected: dict[str, dict[str, Any]]) -> list[str]:
    """Check each archived media file against the manifest's list."""
    problems = []
    seen = set()
    with tarfile.open(archive) as tar:
        for member in tar:
            if not member.isfile():
                continue
            seen.add(member.name)
            handle = tar.extractfile(member)
            assert handle is not None
            digest = hashlib.sha256()
            while chunk := handle.read(CHUNK):
                digest.update(chunk)
            entry = expected.get(member.name)
            if entry is None:
                problems.append(f"{MEDIA_FILE}: {member.name} is not in the manifest")
            elif digest.hexdigest() != entry["sha256"]:
                problems.append(f"{MEDIA_FILE}: {member.name} differs from the manifest")
    problems += [f"{MEDIA_FILE}: {name} is missing from the archive" for name in sorted(set(expected) - seen)]
    return problems
