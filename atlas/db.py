"""Read-only access to the atlas database. Every query goes through :func:`execute`.

No Streamlit here; ``atlas.ui`` wraps these with ``st.cache_resource`` / ``st.cache_data``.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

REQUIRED_TABLES = ("regions", "sources", "indicators", "region_indicator_values", "build_info")
# The shape of what the app reads (the marts and build_info). ``python -m etl`` records it in
# build_info.schema_version; a database built with another schema is reported, not read (a
# column the code expects would be missing in the middle of a page). Raise it with every
# change to a mart's columns: tests/etl/test_golden.py compares the built marts' columns
# with tests/etl/golden/schema.txt and says when it was forgotten. A database without the
# column was built before versions were recorded: schema 0.
SCHEMA_VERSION = 1


class DatabaseUnavailable(RuntimeError):
    """The database is missing or unreadable; ``kind`` is 'missing', 'invalid' or 'outdated'
    (built with another ``SCHEMA_VERSION``: ``python -m etl`` rebuilds it)."""

    def __init__(self, kind: str, path: Path, detail: str = "") -> None:
        super().__init__(f"{kind}: {path} {detail}".strip())
        self.kind, self.path, self.detail = kind, path, detail


def identity(path: Path) -> tuple[str, int, int, int]:
    """What makes a database file 'the same': a rebuilt file gets a new identity."""
    try:
        st = path.stat()
    except FileNotFoundError:
        raise DatabaseUnavailable("missing", path) from None
    return (str(path), st.st_ino, st.st_mtime_ns, st.st_size)


def connect(path: Path) -> duckdb.DuckDBPyConnection:
    if not path.exists():
        raise DatabaseUnavailable("missing", path)
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as exc:
        raise DatabaseUnavailable("invalid", path, str(exc).splitlines()[0]) from None
    try:
        check(con, con.execute("select current_database()").fetchone()[0], path)
    except BaseException:
        con.close()
        raise
    return con


def schema_version(con: duckdb.DuckDBPyConnection, catalog: str) -> int | None:
    """The schema a database was built with (0: before versions were recorded), None when
    it has no build_info (not an atlas build)."""
    rows = con.execute(
        "select column_name from information_schema.columns "
        "where table_catalog = ? and table_name = 'build_info'",
        [catalog],
    ).fetchall()
    columns = {r[0] for r in rows}
    if not columns:
        return None
    if "schema_version" not in columns:
        return 0
    table = '"' + catalog.replace('"', '""') + '".build_info'
    found = con.execute(f"select max(schema_version) from {table}").fetchone()[0]
    return int(found or 0)


def outdated(found: int) -> str:
    """Why a database of schema ``found`` is not read (``found`` != SCHEMA_VERSION)."""
    when = "an older" if found < SCHEMA_VERSION else "a newer"
    return (
        f"built by {when} version of the atlas (database schema {found}, "
        f"this version reads {SCHEMA_VERSION})"
    )


def check(con: duckdb.DuckDBPyConnection, catalog: str, path: Path) -> None:
    """Raise DatabaseUnavailable unless catalog ``catalog`` is an atlas database of this
    ``SCHEMA_VERSION`` with every table the app needs."""
    try:
        found = schema_version(con, catalog)
        rows = con.execute(
            "select table_name from information_schema.tables where table_catalog = ?", [catalog]
        ).fetchall()
    except duckdb.Error as exc:
        raise DatabaseUnavailable("invalid", path, str(exc).splitlines()[0]) from None
    if found is not None and found != SCHEMA_VERSION:
        raise DatabaseUnavailable("outdated", path, outdated(found))
    tables = {r[0] for r in rows}
    missing = [t for t in REQUIRED_TABLES if t not in tables]
    if missing:
        raise DatabaseUnavailable("invalid", path, "missing tables: " + ", ".join(missing))


def problem(path: Path) -> DatabaseUnavailable | None:
    """What keeps the file at ``path`` from being read as this version's atlas database, if
    anything (read through ATTACH in a connection of its own: a process that already has the
    file open would otherwise see its old data)."""
    if not path.exists():
        return DatabaseUnavailable("missing", path)
    con = duckdb.connect(":memory:")
    try:
        quoted = str(path).replace("'", "''")
        con.execute(f"ATTACH '{quoted}' AS atlas_checked (READ_ONLY)")
        check(con, "atlas_checked", path)
    except duckdb.Error as exc:
        return DatabaseUnavailable("invalid", path, str(exc).splitlines()[0])
    except DatabaseUnavailable as exc:
        return exc
    finally:
        con.close()
    return None


@dataclass(frozen=True)
class Generation:
    """One published build, attached read-only under its own catalog name."""

    identity: tuple[str, int, int, int]
    catalog: str


class Published:
    """The published database file as a series of builds, for a long-running server.

    Each build the file has held (a new identity after ``os.replace``) is ATTACHed read-only
    under its own catalog in one in-memory DuckDB; the previous build stays readable, so a
    page run that started on the old build finishes on it and never shows half of each.
    (Two plain ``duckdb.connect(path)`` calls share one cached instance per path: a second
    connection would see the old build while the first is open.) ``keep`` builds stay
    attached; older ones are detached. Thread-safe; no Streamlit here.
    """

    def __init__(self, path: Callable[[], Path], keep: int = 2) -> None:
        self._path = path
        self._keep = max(2, keep)
        self._lock = threading.Lock()
        self._con = duckdb.connect(":memory:")
        self._generations: list[Generation] = []  # oldest first
        self._names = (f"atlas_build_{n}" for n in itertools.count(1))
        self.builds_seen = 0  # grows by one for every build attached

    def current(self) -> Generation:
        """The build the file holds now, attached on first sight."""
        path = self._path()
        ident = identity(path)
        with self._lock:
            for gen in self._generations:
                if gen.identity == ident:
                    return gen
            return self._attach(path, ident)

    def _attach(self, path: Path, ident: tuple) -> Generation:
        catalog = next(self._names)
        quoted = str(path).replace("'", "''")
        try:
            self._con.execute(f"ATTACH '{quoted}' AS {catalog} (READ_ONLY)")
        except duckdb.Error as exc:
            raise DatabaseUnavailable("invalid", path, str(exc).splitlines()[0]) from None
        try:
            check(self._con, catalog, path)
            if identity(path) != ident:  # replaced while we attached: take the next call's
                raise DatabaseUnavailable("invalid", path, "replaced while opening; try again")
        except BaseException:
            self._con.execute(f"DETACH {catalog}")
            raise
        gen = Generation(ident, catalog)
        self._generations.append(gen)
        self.builds_seen += 1
        while len(self._generations) > self._keep:
            self._con.execute(f"DETACH {self._generations.pop(0).catalog}")
        return gen

    def get(self, ident: tuple) -> Generation | None:
        """The build with this identity, if it is still attached."""
        with self._lock:
            return next((g for g in self._generations if g.identity == ident), None)

    def execute(self, gen: Generation, sql: str, params: Sequence | dict = ()) -> pd.DataFrame:
        """Run one parameterised query on one build (a cursor of its own)."""
        cur = self._con.cursor()
        try:
            cur.execute(f"USE {gen.catalog}")
            return cur.execute(sql, params).df()
        finally:
            cur.close()

    def close(self) -> None:
        with self._lock:
            self._generations.clear()
            self._con.close()


def execute(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence | dict = ()) -> pd.DataFrame:
    """Run one parameterised query and return a DataFrame (never format values into SQL)."""
    cur = con.cursor()  # a cursor per query: safe across Streamlit's script threads
    try:
        return cur.execute(sql, params).df()
    finally:
        cur.close()
