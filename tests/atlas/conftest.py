import duckdb
import pytest

from atlas import db


@pytest.fixture
def run(built_db):
    """A plain (uncached) query runner over the fixture database."""
    con = duckdb.connect(str(built_db), read_only=True)
    yield lambda sql, params=(): db.execute(con, sql, params)
    con.close()


@pytest.fixture(scope="module")
def bundled_run(bundled_db):
    """A plain query runner over the database built from the bundled data/raw."""
    con = duckdb.connect(str(bundled_db), read_only=True)
    yield lambda sql, params=(): db.execute(con, sql, params)
    con.close()


@pytest.fixture(scope="module")
def cases_run(cases_db):
    """A plain query runner over the fixture database with the truthful-statement cases."""
    con = duckdb.connect(str(cases_db), read_only=True)
    yield lambda sql, params=(): db.execute(con, sql, params)
    con.close()
