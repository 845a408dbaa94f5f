"""Own files at municipal level (issue 26): observations that name a municipality instead
of (or with) a region, through `python -m etl --input`. All figures here are SYNTHETIC."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from etl.build import build
from etl.errors import EtlError
from tests.conftest import FIXTURE_RAW

HEADER = "region,municipality,indicator,period,value,unit,source_id,confidence,note\n"


def _folder(tmp_path: Path, rows: str, name: str = "observations_municipal.csv") -> Path:
    folder = tmp_path / "input"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(HEADER + rows, encoding="utf-8")
    return folder


def _build(tmp_path: Path, rows: str) -> Path:
    db = tmp_path / "atlas.duckdb"
    build(FIXTURE_RAW, input_dirs=[_folder(tmp_path, rows)], db_path=db)
    return db


def test_municipal_rows_load_by_name_or_code(tmp_path: Path) -> None:
    db = _build(
        tmp_path,
        ",Δήμος Πατρέων,arrivals,2024,10,,test_census,high,SYNTHETIC\n"
        "EL43,Ηρακλείου,arrivals,2024,20,,test_census,high,SYNTHETIC\n"
        ",4604,arrivals,2024,30,,test_census,high,SYNTHETIC\n"
        ",101,arrivals,2024,40,,test_census,high,SYNTHETIC\n"
        "Attica,Agios Dimitrios,arrivals,2024,50,,test_census,high,SYNTHETIC\n",
    )
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute(
            """select code, value, origin from municipal_values
               where indicator_id = 'arrivals' order by code"""
        ).fetchall()
        assert rows == [
            ("0101", 40.0, "observations"),
            ("3701", 10.0, "observations"),
            ("4604", 30.0, "observations"),
            ("4802", 50.0, "observations"),
            ("7101", 20.0, "observations"),
        ]
        # municipal figures never become regional ones
        regional = con.execute(
            """select count(*) from region_indicator_values
               where indicator_id = 'arrivals' and period = '2024'"""
        ).fetchone()[0]
        assert regional == 0
        given = con.execute(
            "select municipality_given from stg_municipal_observations where code = '0101'"
        ).fetchone()[0]
        assert given == "101"
        names = con.execute(
            "select name_en from municipal_indicators where indicator_id = 'arrivals'"
        ).fetchone()
        assert names is not None
    finally:
        con.close()


def _problems(tmp_path: Path, rows: str) -> list[EtlError]:
    live = tmp_path / "live.duckdb"
    live.write_bytes(b"not touched")
    with pytest.raises(EtlError) as err:
        build(FIXTURE_RAW, input_dirs=[_folder(tmp_path, rows)], db_path=live)
    assert live.read_bytes() == b"not touched"  # the live database is left alone
    return err.value.problems


def test_unknown_municipality_names_file_line_column_and_suggests(tmp_path: Path) -> None:
    problems = _problems(tmp_path, ",Πατρεωνν,arrivals,2024,10,,test_census,high,SYNTHETIC\n")
    (problem,) = problems
    assert Path(str(problem.file)).name == "observations_municipal.csv"
    assert (problem.line, problem.column, problem.value) == (2, "municipality", "Πατρεωνν")
    assert problem.suggestions[0].startswith("Πατρέων (3701")
    assert "unknown municipality" in str(problem)


def test_ambiguous_municipality_is_refused_without_region(tmp_path: Path) -> None:
    problems = _problems(
        tmp_path,
        ",Ηρακλείου,arrivals,2024,10,,test_census,high,SYNTHETIC\n"
        ",Heraklion,arrivals,2023,10,,test_census,high,SYNTHETIC\n",
    )
    assert [p.line for p in problems] == [2, 3]
    for problem in problems:
        assert "more than one municipality" in problem.message
        assert {s.split(" (")[1][:4] for s in problem.suggestions} == {"4604", "7101"}


def test_municipality_outside_the_rows_region(tmp_path: Path) -> None:
    (problem,) = _problems(tmp_path, "EL30,Patras,arrivals,2024,10,,test_census,high,SYNTHETIC\n")
    assert problem.column == "municipality"
    assert "Western Greece (EL63)" in problem.message and "EL30" in problem.message


def test_neither_region_nor_municipality(tmp_path: Path) -> None:
    (problem,) = _problems(tmp_path, ",,arrivals,2024,10,,test_census,high,SYNTHETIC\n")
    assert (problem.line, problem.column) == (2, "region")


def test_two_rows_for_one_municipality_are_a_duplicate(tmp_path: Path) -> None:
    problems = _problems(
        tmp_path,
        ",Πάτρα,arrivals,2024,10,,test_census,high,SYNTHETIC\n"
        ",3701,arrivals,2024,11,,test_census,high,SYNTHETIC\n",
    )
    assert problems and problems[0].line in (2, 3)
    # the key columns this file has (a municipality column; the region is the municipality's)
    assert problems[0].column == "region/municipality/indicator/period"
    assert problems[0].value == "EL63 / 3701 / arrivals / 2024"


# --- the data upload page's path (etl.publish.stage: the same build on a staged copy) --------


def test_upload_page_stages_a_municipal_file_and_reports_names(live) -> None:
    from tests.etl.upload_helpers import digest, stage

    before = digest(live)
    good = (HEADER + ",Δήμος Πατρέων,arrivals,2024,10,,test_census,high,SYNTHETIC\n").encode()
    staged = stage(live, [("observations_municipal.csv", good)])
    assert staged.ok, [str(p) for p in staged.problems]
    bad = (HEADER + ",Ηρακλείου,arrivals,2024,10,,test_census,high,SYNTHETIC\n").encode()
    refused = stage(live, [("observations_municipal.csv", bad)])
    assert not refused.ok
    (problem,) = refused.problems
    assert (problem.line, problem.column) == (2, "municipality")
    assert len(problem.suggestions) == 2
    assert digest(live) == before  # staging never touches the live database
