"""Kept versions of the database: nothing published is lost, any of it can come back.

Layout, beside the database (``config.versions_dir()``), so every app replica sees the same::

    versions/<YYYYMMDDTHHMMSSZ>/
        manifest.json   who, when, every input file with sha256, row counts, the ETL's summary
        atlas.duckdb    the database exactly as published (the live file is a byte copy of it)
        inputs/         the Directorate's own files that made it (uploads and kept earlier ones)

A version is *staged* when validated and *published* when it went live; a live database built
by the command line is kept as a *baseline* version before the first publish replaces it.
Which version is live is read from the live file itself (its sha256), so a rollback or a
command-line rebuild can never leave a stale pointer behind.

Reproducing a version: ``python -m etl --verify VERSION`` rebuilds it from ``data/raw`` and its
``inputs/`` with its own ``built_at`` and compares table by table. DuckDB files carry a random
database identifier and unused bytes, so two builds of the same inputs are never the same
bytes; the tables are identical row for row (see ``REPRODUCIBLE``).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb

from atlas import audit, config, db
from atlas.kept import (  # noqa: F401 - re-exported: the read side of the versions
    DB_FILE,
    INPUTS,
    MANIFEST,
    NAME,
    PUBLISHED,
    all_versions,
    list_versions,
    live_sha,
    live_version,
    read_manifest,
    root,
    sha256,
)
from etl.build import build, build_lock
from etl.errors import EtlError
from etl.load import discover

REPRODUCIBLE = {
    "level": "tables",
    "how": "python -m etl --verify VERSION: rebuild from data/raw + inputs/ with this "
    "built_at; every table has the same rows. Not byte for byte: DuckDB writes a random "
    "database identifier and uninitialised padding into each file.",
}


def now_utc() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


# --- manifests (read: atlas.kept) --------------------------------------------------------------


def write_manifest(vdir: Path, data: dict) -> None:
    """Atomic: a reader sees the old manifest or the new one, never half of one."""
    tmp = vdir / f".{MANIFEST}.{os.getpid()}.{threading.get_ident()}.tmp"
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True), "utf-8")
    os.replace(tmp, vdir / MANIFEST)


def new_dir(db_path: Path, moment: datetime | None = None) -> Path:
    """A fresh version folder named by its UTC time (a suffix when two start in one second)."""
    base = root(db_path)
    base.mkdir(parents=True, exist_ok=True)
    stem = (moment or now_utc()).strftime("%Y%m%dT%H%M%SZ")
    for n in range(1000):
        vdir = base / (stem if n == 0 else f"{stem}-{n}")
        try:
            vdir.mkdir()
        except FileExistsError:
            continue
        (vdir / INPUTS).mkdir()
        return vdir
    raise EtlError("could not create a version folder", file=base)  # pragma: no cover


def inputs_of(vdir: Path) -> list[Path]:
    folder = vdir / INPUTS
    return sorted(p for p in folder.iterdir() if p.is_file()) if folder.is_dir() else []


def live_inputs(db_path: Path | None = None) -> list[Path]:
    """The Directorate's files behind the live database: a kept version's inputs/, or for a
    command-line build the files its build_info names that are still where they were."""
    db_path = Path(db_path or config.db_path())
    live = live_version(db_path)
    if live:
        return inputs_of(root(db_path) / live)
    info = build_info(db_path)
    found = []
    for folder in info.get("input_dirs", []):
        for entry in info.get("inputs", []):
            path = Path(folder) / entry["file"]
            if path.is_file() and sha256(path)[:16] == entry.get("sha256_16"):
                found.append(path)
    return sorted(set(found))


def build_info(db_path: Path) -> dict:
    """The build_info manifest of a database file (read through ATTACH: a plain connect in a
    process that already has the file open would see the replaced file's old data)."""
    if not db_path.exists():
        return {}
    con = duckdb.connect()
    try:
        con.execute("ATTACH ? AS d (READ_ONLY)", [str(db_path)])
        row = con.execute("select manifest from d.build_info limit 1").fetchone()
    except duckdb.Error:
        return {}
    finally:
        con.close()
    return json.loads(row[0]) if row else {}


def table_counts(db_path: Path) -> dict[str, int]:
    con = duckdb.connect()
    try:
        con.execute("ATTACH ? AS d (READ_ONLY)", [str(db_path)])
        names = [
            r[0]
            for r in con.execute(
                "select table_name from information_schema.tables where table_catalog = 'd' "
                "order by table_name"
            ).fetchall()
        ]
        return {n: con.execute(f'select count(*) from d."{n}"').fetchone()[0] for n in names}
    finally:
        con.close()


def describe_inputs(raw_dir: Path, inputs: Path, uploaded: set[str]) -> list[dict]:
    """Every file the build read: bundled ones from data/raw, own ones from ``inputs``."""
    from etl import eurostat

    files = discover(Path(raw_dir), [inputs])
    table_of = {p: name for name, paths in files.items() for p in paths}
    for p in eurostat.find_files([Path(raw_dir), inputs]):
        table_of[p] = "eurostat"
    out = []
    for path, table in sorted(table_of.items(), key=lambda kv: (kv[0].parent != raw_dir, kv[0])):
        own = path.parent == inputs
        st = path.stat()
        out.append(
            {
                "file": path.name,
                "table": table,
                "origin": ("upload" if path.name in uploaded else "kept") if own else "bundled",
                "sha256": sha256(path),
                "bytes": st.st_size,
                "mtime": datetime.fromtimestamp(st.st_mtime, UTC).isoformat(timespec="seconds"),
            }
        )
    return out


# --- making the live database a kept version ---------------------------------------------------


def install(src: Path, db_path: Path) -> None:
    """Make ``src`` the live database: byte copy to a temp file beside it, then os.replace.
    Readers keep the file they had open; the next connection gets the new one."""
    tmp = db_path.with_name(f".{db_path.name}.{os.getpid()}.install.tmp")
    try:
        with open(src, "rb") as fin, open(tmp, "wb") as fout:
            shutil.copyfileobj(fin, fout, 1 << 20)
            fout.flush()
            os.fsync(fout.fileno())
        os.replace(tmp, db_path)
    finally:
        tmp.unlink(missing_ok=True)
    with contextlib.suppress(OSError):
        fd = os.open(db_path.parent, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def keep_baseline(db_path: Path, raw_dir: Path = config.RAW_DIR) -> str | None:
    """Keep the live database as a version if no kept version is a copy of it (a command-line
    build). Call with the build lock held. Returns the version name (None: nothing live)."""
    if not db_path.exists():
        return None
    live = live_version(db_path)
    if live:
        return live
    info = build_info(db_path)
    own = live_inputs(db_path)
    try:  # named by when it was built, so the folder names keep the order of the data
        vdir = new_dir(db_path, datetime.fromisoformat(info["built_at"]).astimezone(UTC))
    except (KeyError, TypeError, ValueError):
        vdir = new_dir(db_path)
    for path in own:
        shutil.copy2(path, vdir / INPUTS / path.name)
    shutil.copyfile(db_path, vdir / DB_FILE)
    moment = iso(now_utc())
    manifest = {
        "status": "baseline",
        "staged_at": moment,
        "published_at": info.get("built_at") or moment,
        "published_by": "python -m etl (command line)",
        "built_at": info.get("built_at"),
        "db_sha256": sha256(vdir / DB_FILE),
        "inputs": describe_inputs(raw_dir, vdir / INPUTS, set()),
        "inputs_complete": all(_accounted(e, own, raw_dir) for e in info.get("inputs", [])),
        "row_counts": {"tables": table_counts(vdir / DB_FILE)},
        "etl_summary": ["kept as found: built from the command line before the first publish"],
        "reproducible": REPRODUCIBLE,
    }
    write_manifest(vdir, manifest)
    return vdir.name


def _accounted(entry: dict, own: list[Path], raw_dir: Path) -> bool:
    """A file named in build_info is either bundled (still in data/raw) or one we kept."""
    want = entry.get("sha256_16")
    candidates = [p for p in own if p.name == entry["file"]] + [Path(raw_dir) / entry["file"]]
    return any(p.is_file() and sha256(p)[:16] == want for p in candidates)


def version_dir(version: str, db_path: Path) -> Path:
    """The folder of a kept version; any other name (paths, '..') is refused."""
    if not isinstance(version, str) or not NAME.match(version):
        raise EtlError("no kept version with this name", file=root(db_path), value=version)
    return root(db_path) / version


def rollback(
    version: str,
    who: str,
    *,
    db_path: Path | None = None,
    lock_timeout_s: float = config.BUILD_LOCK_TIMEOUT_S,
) -> dict:
    """Make a kept version live again (atomic, under the same lock as a build)."""
    db_path = Path(db_path or config.db_path())
    vdir = version_dir(version, db_path)
    with build_lock(db_path, lock_timeout_s):  # checked under the lock: no prune in between
        if not (vdir / MANIFEST).is_file():
            raise EtlError("no kept version with this name", file=root(db_path), value=version)
        manifest = read_manifest(vdir)
        if manifest.get("status") not in PUBLISHED or not (vdir / DB_FILE).is_file():
            raise EtlError("this version was never published", file=vdir, value=version)
        if sha256(vdir / DB_FILE) != manifest.get("db_sha256"):
            raise EtlError("the kept database does not match its manifest (damaged?)", file=vdir)
        unreadable = db.problem(vdir / DB_FILE)
        if unreadable is not None:  # e.g. kept before the schema changed: the app would refuse it
            why = (
                f"was {unreadable.detail}"
                if unreadable.kind == "outdated"
                else f"cannot be read ({unreadable.detail or unreadable.kind})"
            )
            raise EtlError(
                f"this version cannot be made live: its database {why}",
                file=vdir,
                value=version,
                hint=f"Build its own files again: python -m etl --input {vdir / INPUTS}",
            )
        previous = live_version(db_path) or keep_baseline(db_path)
        install(vdir / DB_FILE, db_path)
    audit.record(
        "rollback", who, path=config.audit_path(db_path), version=version, previous=previous
    )
    return {**manifest, "version": version, "previous": previous}


def prune(
    db_path: Path | None = None,
    keep: int | None = None,
    *,
    now: datetime | None = None,
    spare: tuple[str, ...] = (),
) -> list[str]:
    """Delete published versions beyond the newest ``keep`` (default: the setting
    ``ATLAS_KEEP_VERSIONS``, 20; never the live one, never fewer than one) and staged
    uploads older than ``config.STAGED_MAX_AGE_H``. Returns the names deleted."""
    db_path = Path(db_path or config.db_path())
    keep = config.KEEP_VERSIONS if keep is None else keep
    live = live_version(db_path)
    deleted = []
    published = [m for m in all_versions(db_path) if m.get("status") in PUBLISHED]
    for m in published[max(keep, 1) :]:
        if m["version"] != live and m["version"] not in spare:
            shutil.rmtree(root(db_path) / m["version"], ignore_errors=True)
            deleted.append(m["version"])
    limit = (now or now_utc()) - timedelta(hours=config.STAGED_MAX_AGE_H)
    for m in all_versions(db_path):
        stale = m.get("status") == "staged" and (m.get("staged_at") or "") < iso(limit)
        if stale and m["version"] not in (live, *spare):
            shutil.rmtree(root(db_path) / m["version"], ignore_errors=True)
            deleted.append(m["version"])
    for vdir in root(db_path).iterdir() if root(db_path).is_dir() else ():
        # a validation that was killed half-way leaves a folder without a manifest
        orphan = vdir.is_dir() and not (vdir / MANIFEST).exists()
        if orphan and vdir.stat().st_mtime < limit.timestamp() and vdir.name not in spare:
            shutil.rmtree(vdir, ignore_errors=True)
            deleted.append(vdir.name)
    return deleted


# --- reproducing a version ---------------------------------------------------------------------


@dataclass
class Verification:
    version: str
    same_bytes: bool
    tables_same: list[str] = field(default_factory=list)
    tables_different: list[str] = field(default_factory=list)
    inputs_changed: list[str] = field(default_factory=list)

    @property
    def reproduced(self) -> bool:
        return not self.tables_different and not self.inputs_changed


def compare_tables(a: Path, b: Path) -> tuple[list[str], list[str]]:
    """(same, different): every table of either file, compared as multisets of rows."""
    con = duckdb.connect()
    try:
        con.execute("ATTACH ? AS a (READ_ONLY)", [str(a)])
        con.execute("ATTACH ? AS b (READ_ONLY)", [str(b)])
        names = {
            cat: {
                r[0]
                for r in con.execute(
                    "select table_name from information_schema.tables where table_catalog = ?",
                    [cat],
                ).fetchall()
            }
            for cat in ("a", "b")
        }
        same, different = [], []
        for name in sorted(names["a"] | names["b"]):
            if name not in names["a"] or name not in names["b"]:
                different.append(name)
                continue
            ok = all(
                con.execute(
                    f'select count(*) from (select * from {x}."{name}" '
                    f'except all select * from {y}."{name}")'
                ).fetchone()[0]
                == 0
                for x, y in (("a", "b"), ("b", "a"))
            )
            (same if ok else different).append(name)
        return same, different
    finally:
        con.close()


def verify(
    version: str, db_path: Path | None = None, raw_dir: Path = config.RAW_DIR
) -> Verification:
    """Rebuild ``version`` from ``raw_dir`` + its inputs/ and compare with the kept database."""
    db_path = Path(db_path or config.db_path())
    vdir = version_dir(version, db_path)
    if not (vdir / MANIFEST).is_file():
        raise EtlError("no kept version with this name", file=root(db_path), value=version)
    manifest = read_manifest(vdir)
    by_name = {(i["origin"] == "bundled", i["file"]): i["sha256"] for i in manifest["inputs"]}
    changed = []
    for (bundled, name), digest in sorted(by_name.items()):
        path = (Path(raw_dir) if bundled else vdir / INPUTS) / name
        if not path.is_file() or sha256(path) != digest:
            changed.append(name)
    with tempfile.TemporaryDirectory(prefix="atlas-verify-") as tmp:
        out = Path(tmp) / DB_FILE
        build(raw_dir, [vdir / INPUTS], out, built_at=manifest.get("built_at"))
        same_bytes = sha256(out) == manifest.get("db_sha256")
        same, different = compare_tables(vdir / DB_FILE, out)
    return Verification(version, same_bytes, same, different, changed)
