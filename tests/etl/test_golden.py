"""The marts built from the SYNTHETIC fixtures (raw + cases) equal the reviewed golden files."""

import difflib

import pytest

from tests.etl.golden import GOLDEN_DIR, MARTS, mart_csv


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
