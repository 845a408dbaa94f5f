"""ETL test fixtures."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest


@pytest.fixture
def live(built_db, tmp_path) -> Path:
    """A writable live database (byte copy of the SYNTHETIC fixture build) in its own folder,
    so its versions/ and audit log are the test's own."""
    dest = tmp_path / "data" / "atlas.duckdb"
    dest.parent.mkdir()
    shutil.copyfile(built_db, dest)
    return dest
