"""Kept versions of the database, read-only: what ``etl.versions`` writes, as the app reads it.

Every publish keeps its database and files under ``versions/<YYYYMMDDTHHMMSSZ>/`` beside the
live file (layout and writing: ``etl/versions.py``). The app lists them and compares them
(``atlas.changes``) but never writes here; ``etl.versions`` re-exports these names.
Which version is live is read from the live file itself (its sha256).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import threading
from pathlib import Path

from atlas import audit, config

MANIFEST, DB_FILE, INPUTS = "manifest.json", "atlas.duckdb", "inputs"
PUBLISHED = ("published", "baseline")
NAME = re.compile(r"^\d{8}T\d{6}Z(-\d{1,3})?$")  # what new_dir() makes; nothing else is a version


def root(db_path: Path | None = None) -> Path:
    return config.versions_dir(db_path)


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


_SHA_CACHE: dict[tuple, str] = {}
_SHA_LOCK = threading.Lock()


def live_sha(db_path: Path) -> str | None:
    """sha256 of the live file, remembered per file identity (a replaced file is re-read)."""
    try:
        st = db_path.stat()
    except FileNotFoundError:
        return None
    key = (str(db_path), st.st_ino, st.st_mtime_ns, st.st_size)
    with _SHA_LOCK:
        if key not in _SHA_CACHE:
            if len(_SHA_CACHE) > 64:
                _SHA_CACHE.clear()
            _SHA_CACHE[key] = sha256(db_path)
        return _SHA_CACHE[key]


def read_manifest(vdir: Path) -> dict:
    with open(vdir / MANIFEST, encoding="utf-8") as fh:
        return json.load(fh)


def all_versions(db_path: Path | None = None) -> list[dict]:
    """Every version folder with a readable manifest, newest first (by its own time)."""
    base = root(db_path)
    out = []
    if base.is_dir():
        for vdir in base.iterdir():
            if vdir.is_dir() and (vdir / MANIFEST).is_file():
                with contextlib.suppress(OSError, ValueError):
                    out.append({**read_manifest(vdir), "version": vdir.name})
    return sorted(out, key=_when, reverse=True)


def _when(m: dict) -> tuple[str, str]:
    return (m.get("published_at") or m.get("staged_at") or "", m["version"])


def live_version(db_path: Path | None = None) -> str | None:
    """The kept version the live file is a copy of (None: built outside the versions)."""
    db_path = Path(db_path or config.db_path())
    sha = live_sha(db_path)
    if sha is None:
        return None
    matches = [m for m in all_versions(db_path) if m.get("db_sha256") == sha]
    matches.sort(key=lambda m: m.get("status") not in PUBLISHED)
    return matches[0]["version"] if matches else None


def list_versions(db_path: Path | None = None) -> list[dict]:
    """Published (and baseline) versions, newest first, each with ``live`` set."""
    db_path = Path(db_path or config.db_path())
    live = live_version(db_path)
    out = []
    for m in all_versions(db_path):
        if m.get("status") in PUBLISHED or m["version"] == live:
            out.append({**m, "live": m["version"] == live})
    return out


def history(db_path: Path | None = None) -> list[dict]:
    """Every version that was ever published, newest first: the kept ones (their manifest,
    ``pruned`` False) and those the audit log names but whose folder was pruned since
    (``pruned`` True, with the date of the publish). No names of people in either."""
    db_path = Path(db_path or config.db_path())
    kept = list_versions(db_path)
    names = {m["version"] for m in kept}
    gone: dict[str, dict] = {}
    for entry in audit.entries(config.audit_path(db_path)):
        if entry.get("event") != "publish":
            continue
        for name, when in ((entry.get("version"), entry.get("at")), (entry.get("previous"), None)):
            if isinstance(name, str) and NAME.match(name) and name not in names:
                gone.setdefault(name, {"version": name, "published_at": when or ""})
    out = [{**m, "pruned": False} for m in kept]
    out += [{**m, "live": False, "pruned": True, "status": "pruned"} for m in gone.values()]
    return sorted(out, key=_when, reverse=True)


class VersionError(LookupError):
    """A version that cannot be compared: ``kind`` 'pruned' (it was published, its folder
    has since been pruned) or 'unknown' (no version of that name was ever kept)."""

    def __init__(self, kind: str, version: str) -> None:
        super().__init__(f"{kind}: {version}")
        self.kind, self.version = kind, version


LIVE = "live"


def database_of(version: str, db_path: Path | None = None) -> Path:
    """The database file of a kept version (``'live'``: the live file)."""
    db_path = Path(db_path or config.db_path())
    if version == LIVE:
        return db_path
    if not isinstance(version, str) or not NAME.match(version):
        raise VersionError("unknown", str(version))
    path = root(db_path) / version / DB_FILE
    if path.is_file():
        return path
    if any(m["version"] == version for m in history(db_path)):
        raise VersionError("pruned", version)
    raise VersionError("unknown", version)


def manifest_of(version: str, db_path: Path | None = None) -> dict:
    """The manifest of a kept version ({} for the live file built outside the versions)."""
    db_path = Path(db_path or config.db_path())
    if version == LIVE:
        version = live_version(db_path) or ""
    vdir = root(db_path) / version
    if version and (vdir / MANIFEST).is_file():
        return {**read_manifest(vdir), "version": version}
    return {}
