"""The marts built from the SYNTHETIC fixtures (raw + cases) equal the reviewed golden files."""

import difflib

import pytest

from tests.etl.golden import GOLDEN_DIR, MARTS, mart_csv, schema_problem


@pytest.mark.parametrize("name", MARTS)
def test_mart_matches_golden(cases_db, name):
    expected = (GOLDEN_DIR / f"{name}.csv").read_text(encoding="utf-8")
    actual = mart_csv(cases_db, name)
    if actual != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(True), actual.splitlines(True), "golden", "built", n=1
            )
        )
        pytest.fail(
            f"{name} differs from its golden file (review, then `make golden`):\n" + diff[:4000]
        )


def test_the_columns_the_app_reads_belong_to_the_schema_version(cases_db):
    """A mart's columns changed without a new atlas.db.SCHEMA_VERSION would let an older
    database be read and fail in the middle of a page (as publisher_el did)."""
    problem = schema_problem(cases_db)
    assert problem is None, problem


def test_a_column_change_without_a_new_schema_version_is_caught(cases_db, tmp_path, monkeypatch):
    import shutil

    import duckdb

    from tests.etl import golden

    db = tmp_path / "changed.duckdb"
    shutil.copyfile(cases_db, db)
    with duckdb.connect(str(db)) as con:
        con.execute("ALTER TABLE sources DROP COLUMN publisher_el")
    assert "raise atlas.db.SCHEMA_VERSION" in schema_problem(db)
    monkeypatch.setattr("atlas.db.SCHEMA_VERSION", golden.recorded_schema()[0] + 1)
    assert "records the columns of SCHEMA_VERSION" in schema_problem(db)
    assert "belongs to SCHEMA_VERSION" in schema_problem(cases_db)
