"""Reliability battery fixtures: a live database built once, copied per test."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="session")
def live_template(built_db) -> Path:
    """The fixture database as the 'published' one (never written: tests copy it)."""
    return built_db


@pytest.fixture
def live_db(live_template, tmp_path) -> Path:
    """A writable live database (a byte copy of the fixture build) in its own folder."""
    dest = tmp_path / "live" / "atlas.duckdb"
    dest.parent.mkdir()
    shutil.copyfile(live_template, dest)
    return dest


@pytest.fixture
def input_dir(tmp_path) -> Path:
    """The Directorate's folder of own files (``python -m etl --input DIR``)."""
    folder = tmp_path / "input"
    folder.mkdir()
    return folder
