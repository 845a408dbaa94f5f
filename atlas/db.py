"""Read-only access to the atlas database. Every query goes through :func:`execute`.

No Streamlit here; ``atlas.ui`` wraps these with ``st.cache_resource`` / ``st.cache_data``.
"""

from __future__ import annotations

from collections.abc import Sequence
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


def execute(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence | dict = ()) -> pd.DataFrame:
    """Run one parameterised query and return a DataFrame (never format values into SQL)."""
    cur = con.cursor()  # a cursor per query: safe across Streamlit's script threads
    try:
        return cur.execute(sql, params).df()
    finally:
        cur.close()
