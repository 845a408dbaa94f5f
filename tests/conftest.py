"""Shared fixtures: a real database built once per session from tiny SYNTHETIC fixture files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.e2e.conftest import (
    ARTIFACTS,
    CHROMIUM_ARGS,
    CHROMIUM_CANDIDATES,
    browser_missing,
    find_chromium,
)

FIXTURE_RAW = Path(__file__).parent / "fixtures" / "raw"
FIXTURE_CASES = Path(__file__).parent / "fixtures" / "cases"


@pytest.fixture(scope="session")
def fixture_raw() -> Path:
    return FIXTURE_RAW


@pytest.fixture(scope="session")
def built_db(tmp_path_factory) -> Path:
    """The fixture database, built by the real ETL (read it, never write it)."""
    from etl.build import build

    db = tmp_path_factory.mktemp("db") / "atlas.duckdb"
    build(FIXTURE_RAW, db_path=db)
    return db


@pytest.fixture(scope="session")
def cases_db(tmp_path_factory) -> Path:
    """The fixture database plus the SYNTHETIC truthful-statement cases (tests/fixtures/cases),
    loaded as the Directorate loads its own files (read it only)."""
    from etl.build import build

    db = tmp_path_factory.mktemp("cases") / "atlas.duckdb"
    build(FIXTURE_RAW, input_dirs=[FIXTURE_CASES], db_path=db)
    return db


@pytest.fixture(scope="session")
def bundled_db(tmp_path_factory) -> Path:
    """The database built by the real ETL from the bundled data/raw (read it only)."""
    from atlas import config
    from etl.build import build

    db = tmp_path_factory.mktemp("bundled") / "atlas.duckdb"
    build(config.RAW_DIR, db_path=db)
    return db


def older_build(built_db: Path, dest: Path, schema: int | None = None) -> Path:
    """A copy of the fixture build as an older version of the atlas left it (SYNTHETIC):
    the sources mart without publisher_el and build_info without schema_version (``schema``
    None), or recording schema ``schema``."""
    import duckdb

    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(built_db, dest)
    with duckdb.connect(str(dest)) as con:
        if schema is None:
            con.execute("ALTER TABLE build_info DROP COLUMN schema_version")
            con.execute("ALTER TABLE sources DROP COLUMN publisher_el")
        else:
            con.execute("UPDATE build_info SET schema_version = ?", [schema])
        con.execute("CHECKPOINT")
    return dest


@pytest.fixture
def old_db(built_db, tmp_path) -> Path:
    """The fixture build as a version of the atlas before schema versions left it."""
    return older_build(built_db, tmp_path / "old" / "atlas.duckdb")


@pytest.fixture
def raw_copy(tmp_path) -> Path:
    """A writable copy of the fixture raw folder, for tests that break an input."""
    dest = tmp_path / "raw"
    shutil.copytree(FIXTURE_RAW, dest)
    return dest


# --- the browser, shared by every package that drives Chromium (tests/e2e, tests/deploy):
# Playwright's sync API allows one instance per thread, so there is one per test session.


@pytest.fixture(scope="session")
def chromium_path() -> str:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        browser_missing("the playwright Python package is not installed")
    path = find_chromium()
    if not path:
        browser_missing("no Chromium found (looked for " + ", ".join(CHROMIUM_CANDIDATES) + ")")
    return path


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()
