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


class DatabaseUnavailable(RuntimeError):
    """The database is missing or unreadable; ``kind`` is 'missing' or 'invalid'."""

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
        tables = {
            r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()
        }
    except duckdb.Error as exc:
        raise DatabaseUnavailable("invalid", path, str(exc).splitlines()[0]) from None
    missing = [t for t in REQUIRED_TABLES if t not in tables]
    if missing:
        con.close()
        raise DatabaseUnavailable("invalid", path, "missing tables: " + ", ".join(missing))
    return con


def _missing_tables(con: duckdb.DuckDBPyConnection, catalog: str) -> list[str]:
    rows = con.execute(
        "select table_name from information_schema.tables where table_catalog = ?", [catalog]
    ).fetchall()
    tables = {r[0] for r in rows}
    return [t for t in REQUIRED_TABLES if t not in tables]


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
            missing = _missing_tables(self._con, catalog)
            if missing:
                raise DatabaseUnavailable("invalid", path, "missing tables: " + ", ".join(missing))
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
