"""Helpers for the upload tests: stage and publish SYNTHETIC uploads on a database copy."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb

from etl import publish, versions
from tests import synthetic_upload as up
from tests.conftest import FIXTURE_RAW


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def value(db: Path, region: str, indicator: str = up.INDICATOR, period: str = "2024"):
    """A region's value in a database file, through ATTACH (never a stale cached instance)."""
    con = duckdb.connect()
    try:
        con.execute("ATTACH ? AS d (READ_ONLY)", [str(db)])
        row = con.execute(
            "select value from d.region_indicator_values "
            "where indicator_id = ? and region_code = ? and period = ?",
            [indicator, region, period],
        ).fetchone()
    finally:
        con.close()
    return row[0] if row else None


def stage(live: Path, uploads, **kw) -> publish.Staged:
    return publish.stage(uploads, "tester SYNTHETIC", db_path=live, raw_dir=FIXTURE_RAW, **kw)


def publish_ok(live: Path, uploads, **kw) -> dict:
    staged = stage(live, uploads, **kw)
    assert staged.ok, [str(p) for p in staged.problems]
    return publish.publish(staged.version, "tester SYNTHETIC", db_path=live, raw_dir=FIXTURE_RAW)


def staged_dirs(live: Path) -> list[str]:
    base = versions.root(live)
    return sorted(p.name for p in base.iterdir()) if base.exists() else []
