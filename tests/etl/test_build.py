"""The ETL end to end on the SYNTHETIC fixture files: contracts, atomic swap, idempotence."""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

import duckdb
import pytest

from etl.build import build, build_lock, model_order
from etl.cli import main as cli_main
from etl.errors import ContractError, EtlError


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def query(db: Path, sql: str, params=None):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def test_fixture_build_has_every_mart(built_db):
    tables = {r[0] for r in query(built_db, "select table_name from information_schema.tables")}
    for name in (
        "regions",
        "sources",
        "indicators",
        "region_indicator_values",
        "latest_region_indicator",
        "national_values",
        "coverage_matrix",
        "events",
        "programmes",
        "programme_coverage",
        "visits",
        "sites",
        "site_snapshots",
        "governors",
        "census_population",
        "indicator_periods",
        "build_info",
    ):
        assert name in tables, name


def test_models_run_after_their_dependencies():
    order = [p.stem for p in model_order()]
    assert order.index("stg_observations") < order.index("census_population")
    assert order.index("census_population") < order.index("region_indicator_values")
    assert order.index("region_indicator_values") < order.index("latest_region_indicator")


def test_regions_all_have_boundaries(built_db):
    rows = query(built_db, "select count(*), bool_and(has_boundary) from regions")
    assert rows == [(13, True)]


def test_per_1000_uses_nearest_census(built_db):
    # EL30 fixture: population 2021 = 100000, arrivals 2022 = 10 → 0.1 per 1,000
    rows = query(
        built_db,
        """select census_year, population, per_1000 from
                              region_indicator_values where region_code = 'EL30'
                              and indicator_id = 'arrivals'""",
    )
    assert rows == [(2021, 100000.0, pytest.approx(0.1))]


def test_share_uses_reported_national_total(built_db):
    rows = query(
        built_db,
        """select national_basis, share_of_national_pct
                              from region_indicator_values where region_code = 'EL41'
                              and indicator_id = 'arrivals'""",
    )
    assert rows == [("reported", pytest.approx(2.0))]  # 20 of 1000


def test_bound_is_kept_not_ranked(built_db):
    rows = query(
        built_db,
        """select value, qualifier, rank from region_indicator_values
                              where region_code = 'EL54' and indicator_id = 'arrivals'""",
    )
    assert rows == [(5.0, "<", None)]


def test_missing_region_has_no_row(built_db):
    rows = query(
        built_db,
        """select count(*) from region_indicator_values
                              where region_code = 'EL65' and indicator_id = 'arrivals'""",
    )
    assert rows == [(0,)]
    cov = query(
        built_db,
        """select has_data from coverage_matrix
                             where region_code = 'EL65' and indicator_id = 'arrivals'""",
    )
    assert cov == [(False,)]


def test_population_national_is_sum_of_regions(built_db):
    rows = query(
        built_db,
        """select value, basis from national_values
                              where indicator_id = 'population_census' and period = '2011'""",
    )
    assert rows == [(sum(100000 * (i + 1) for i in range(13)), "sum_of_regions")]


def test_event_without_year_and_undated_event(built_db):
    rows = query(built_db, "select date_precision, date_start from visits")
    assert rows == [("day_no_year", None)]
    undated = query(built_db, "select is_dated from events where event_id = 'ev_undated'")
    assert undated == [(False,)]
    one_off = query(
        built_db,
        """select end_date, end_precision from events
                                 where event_id = 'ev_month'""",
    )
    assert str(one_off[0][0]) == "2016-10-31" and one_off[0][1] == "month"


def test_rebuild_is_idempotent(fixture_raw, tmp_path):
    db = tmp_path / "a.duckdb"
    build(fixture_raw, db_path=db)
    first = query(db, "select * from region_indicator_values order by all")
    build(fixture_raw, db_path=db)
    assert query(db, "select * from region_indicator_values order by all") == first


def test_marts_built_per_batch_of_indicators_are_the_same(cases_db, tmp_path, monkeypatch):
    """A large input builds region_indicator_values one batch of indicators at a time (memory
    bounded); with one indicator per batch the table holds the same rows as in one piece."""
    from etl import build as build_module
    from tests.conftest import FIXTURE_CASES, FIXTURE_RAW

    monkeypatch.setattr(build_module, "BATCH_ROWS", 1)
    db = tmp_path / "batched.duckdb"
    build(FIXTURE_RAW, [FIXTURE_CASES], db_path=db)
    con = duckdb.connect()
    try:
        con.execute(f"attach '{cases_db}' as a (read_only)")
        con.execute(f"attach '{db}' as b (read_only)")
        with duckdb.connect(str(db), read_only=True) as b:
            batches = build_module.indicator_batches(b, "stg_observations", 1)
        assert len(batches) > 5  # really built in pieces
        for x, y in (("a", "b"), ("b", "a")):
            extra = con.execute(
                f"select count(*) from (select * from {x}.region_indicator_values "
                f"except all select * from {y}.region_indicator_values)"
            ).fetchone()[0]
            assert extra == 0
        n = con.execute("select count(*) from b.region_indicator_values").fetchone()[0]
        assert n > 50
    finally:
        con.close()


def test_check_only_does_not_create_the_database(fixture_raw, tmp_path):
    db = tmp_path / "never.duckdb"
    result = build(fixture_raw, db_path=db, check_only=True)
    assert not db.exists() and not result.replaced
    assert not list(tmp_path.glob("*.tmp"))


# --- failures: a clear message naming the place, and the live database untouched ---------


def break_file(raw: Path, name: str, old: str, new: str) -> None:
    path = raw / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture changed: {old!r} not in {name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


CASES = [
    # (file, old, new, expected message fragment, expected column)
    (
        "observations.csv",
        "EL30,population_census,2011",
        "Atlantis,population_census,2011",
        "unknown region",
        "region",
    ),
    ("observations.csv", "EL41,arrivals,2022,20,", "EL41,arrivals,2022,-20,", "negative", "value"),
    (
        "observations.csv",
        "EL41,arrivals,2022,20,",
        "EL41,arrivals,2022,twenty,",
        "not a number",
        "value",
    ),
    (
        "observations.csv",
        "EL41,arrivals,2022,20,",
        "EL41,arrivals,2022-13,20,",
        "no such month",
        "period",
    ),
    (
        "observations.csv",
        "EL41,arrivals,2022,20,,,persons,test_reception",
        "EL41,arrivals,2022,20,,,persons,nosuchsource",
        "not found in sources.csv",
        "source_id",
    ),
    (
        "observations.csv",
        "EL41,arrivals,2022,20,",
        "EL41,nosuchindicator,2022,20,",
        "not found in indicators.csv",
        "indicator",
    ),
    (
        "observations.csv",
        "EL42,arrivals,2022",
        "EL41,arrivals,2022",
        "duplicate key",
        "region/indicator/period",  # the key columns the file has: no municipality column
    ),
    (
        "observations.csv",
        "EL41,reception_share,2022-03,1.13",
        "EL41,reception_share,2022-03,113",
        "percentage above 100",
        "value",
    ),
    (
        "observations.csv",
        "EL41,arrivals,2022,20,,,persons",
        "EL41,arrivals,2022,20,,,km2",
        "unit differs",
        "unit",
    ),
    (
        "site_snapshots.csv",
        "site_a,2023-09-03",
        "site_zz,2023-09-03",
        "not found in sites.csv",
        "site_id",
    ),
    ("events.csv", "2019-11-14,2019-11-15", "2019-11-14,2019-11-13", "ends before", "end"),
    (
        "sources.csv",
        "test_census,Test fixture (SYNTHETIC)",
        "test_census,",
        "required",
        "publisher",
    ),
    ("programmes.csv", ",suspended,", ",paused,", "unexpected value", "status"),
    ("sources.csv", "https://example.org/census", "ftp://example.org", "web address", "url"),
]


@pytest.mark.parametrize(
    ("name", "old", "new", "message", "column"), CASES, ids=[c[3] for c in CASES]
)
def test_bad_input_fails_clearly_and_keeps_live_db(
    fixture_raw, raw_copy, tmp_path, name, old, new, message, column
):
    db = tmp_path / "live.duckdb"
    build(fixture_raw, db_path=db)
    before = digest(db)
    break_file(raw_copy, name, old, new)
    with pytest.raises(EtlError) as info:
        build(raw_copy, db_path=db)
    err = info.value
    assert message in str(err)
    assert err.column == column
    assert Path(str(err.file)).name == name and err.line and err.line > 1
    assert digest(db) == before
    assert not list(tmp_path.glob(".*.tmp"))


def test_contract_error_lists_samples(raw_copy, tmp_path):
    break_file(raw_copy, "observations.csv", "EL42,arrivals,2022", "EL41,arrivals,2022")
    with pytest.raises(ContractError) as info:
        build(raw_copy, db_path=tmp_path / "x.duckdb")
    assert "observations.csv line" in str(info.value) and "also at" in str(info.value)
    # the file has no municipality column: its key is shown without one (no "∅")
    assert info.value.value == "EL41 / arrivals / 2022"
    assert "region/indicator/period" in str(info.value) and "∅" not in str(info.value)


def test_input_folder_is_merged(fixture_raw, tmp_path):
    extra = tmp_path / "mine"
    extra.mkdir()
    (extra / "observations_2024.csv").write_text(
        "region;indicator;period;value;source_id\nΠεριφέρεια Ηπείρου;arrivals;2024;1.234;"
        "test_reception\n",
        encoding="cp1253",
    )
    db = tmp_path / "m.duckdb"
    build(fixture_raw, [extra], db_path=db)
    assert query(
        db,
        """select value, region_code from region_indicator_values
                        where indicator_id = 'arrivals' and period = '2024'""",
    ) == [(1234.0, "EL54")]


@pytest.mark.parametrize(
    ("filename", "message"),
    [
        ("budget.csv", "does not match any table"),
        ("observations;rm -rf.csv", "unsupported characters"),
    ],
)
def test_input_folder_rejects_unknown_or_unsafe_names(fixture_raw, tmp_path, filename, message):
    extra = tmp_path / "mine"
    extra.mkdir()
    (extra / filename).write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(EtlError, match=message):
        build(fixture_raw, [extra], db_path=tmp_path / "x.duckdb")


def test_second_build_waits_then_fails_cleanly(fixture_raw, tmp_path):
    db = tmp_path / "locked.duckdb"
    entered, release = threading.Event(), threading.Event()

    def hold():
        with build_lock(db, 5):
            entered.set()
            release.wait(10)

    t = threading.Thread(target=hold)
    t.start()
    entered.wait(5)
    try:
        with pytest.raises(EtlError, match="another ETL run"):
            build(fixture_raw, db_path=db, lock_timeout_s=0.3)
    finally:
        release.set()
        t.join()
    assert not db.exists()


def test_cli_exit_codes_and_message(fixture_raw, raw_copy, tmp_path, capsys):
    db = tmp_path / "cli.duckdb"
    assert cli_main(["--raw", str(fixture_raw), "--db", str(db), "-q"]) == 0
    before = digest(db)
    break_file(
        raw_copy, "observations.csv", "EL30,population_census,2011", "Ipirus,population_census,2011"
    )
    assert cli_main(["--raw", str(raw_copy), "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert "observations.csv" in err and "line 2" in err and "'region'" in err
    assert "Epirus" in err or "EL54" in err  # a suggestion for the misspelling
    assert "not changed" in err
    assert digest(db) == before


def test_cli_if_missing_skips_existing(fixture_raw, tmp_path, capsys):
    db = tmp_path / "exists.duckdb"
    db.write_bytes(b"not a database")
    assert cli_main(["--raw", str(fixture_raw), "--db", str(db), "--if-missing"]) == 0
    assert db.read_bytes() == b"not a database"


def test_cli_if_missing_rebuilds_a_database_of_an_older_version(fixture_raw, old_db, capsys):
    """``make run`` after a pull: a database from before the schema changed is rebuilt (and
    says why), a current one is left as it is."""
    from atlas import db

    assert db.problem(old_db).kind == "outdated"
    assert cli_main(["--raw", str(fixture_raw), "--db", str(old_db), "--if-missing"]) == 0
    out = capsys.readouterr().out
    assert f"database {old_db} was built by an older version" in out and "rebuilding" in out
    assert db.problem(old_db) is None
    columns = "select column_name from information_schema.columns where table_name = 'sources'"
    assert ("publisher_el",) in query(old_db, columns)
    before = digest(old_db)
    assert cli_main(["--raw", str(fixture_raw), "--db", str(old_db), "--if-missing"]) == 0
    assert "database exists, not rebuilt" in capsys.readouterr().out
    assert digest(old_db) == before
