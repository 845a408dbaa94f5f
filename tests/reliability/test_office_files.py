"""Files as a Greek office makes them (issue 14): what is unambiguous loads with the right
values; a run reports all its problems; a killed build leaves nothing behind.

Files are made the way an office makes them: Windows-1253 ';' CSVs as Greek Excel saves
them, workbooks from openpyxl with real number formats. All figures are SYNTHETIC.
"""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
import tracemalloc
from datetime import datetime
from pathlib import Path

import duckdb
import pytest
from openpyxl import Workbook

from etl.build import build
from etl.errors import EtlError
from etl.progress import run_with_progress

from .conftest import digest

ROOT = Path(__file__).resolve().parents[2]
OBS = "region,indicator,period,value,qualifier,value_high,unit,source_id,confidence,note"
GREEK_HEADER = OBS.replace(",", ";") + ";;;"  # Excel keeps empty columns it once saw


def query(db: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


def greek_csv(*rows: str) -> bytes:
    return ("\r\n".join([GREEK_HEADER, *rows]) + "\r\n").encode("cp1253")


def test_greek_office_csv_loads_with_the_right_values(fixture_raw, tmp_path, input_dir):
    """Abbreviated region names, day-first dates, empty trailing columns and rows, and a
    totals row that matches: all load, the totals row is checked and left out."""
    (input_dir / "observations_αφίξεις.csv").write_bytes(
        greek_csv(
            "Κ. Μακεδονία;arrivals;17/3/2024;1.200;;;persons;test_reception;high;ΣΥΝΘΕΤΙΚΟ;;;",
            "Δυτ. Ελλάδα;arrivals;17/3/2024;300;;;persons;test_reception;high;;;;",
            "Στ. Ελλάδα;arrivals;17/3/2024;250;;;persons;test_reception;high;;;;",
            "Αν. Μακεδονία & Θράκη;arrivals;17/3/2024;2.000;;;persons;test_reception;high;;;;",
            "Περ. Αττικής;arrivals;17/3/2024;4.000;;;persons;test_reception;high;;;;",
            "ΣΥΝΟΛΟ;arrivals;17/3/2024;7.750;;;persons;test_reception;high;;;;",
            "Α.Μ.Θ.;arrivals;31/03/2024;10;;;persons;test_reception;high;;;;",
            "ΑΜ-Θ;arrivals;3/2024;11;;;persons;test_reception;high;;;;",
            ";;;;;;;;;;;;",
            ";;;;;;;;;;;;",
        )
    )
    notes: list[str] = []
    db = tmp_path / "ok.duckdb"
    build(fixture_raw, [input_dir], db_path=db, progress=notes.append)
    rows = query(
        db,
        """select region, period, period_precision, value from raw_observations
           where _file = 'observations_αφίξεις.csv' order by _line""",
    )
    assert rows == [
        ("EL52", "2024-03-17", "day", 1200.0),
        ("EL63", "2024-03-17", "day", 300.0),
        ("EL64", "2024-03-17", "day", 250.0),
        ("EL51", "2024-03-17", "day", 2000.0),
        ("EL30", "2024-03-17", "day", 4000.0),
        ("EL51", "2024-03-31", "day", 10.0),
        ("EL51", "2024-03", "month", 11.0),
    ]
    assert any("totals row matches the 5 rows above" in n for n in notes), notes


def test_excel_workbook_keeps_what_its_cells_show(fixture_raw, tmp_path, input_dir):
    wb = Workbook()
    ws = wb.active
    ws.append(OBS.split(","))
    ws.append(["Ήπειρος", "reception_share", datetime(2024, 3, 1), 0.4512, None, None,
               None, "test_reception", "high", "SYNTHETIC"])  # fmt: skip
    ws["C2"].number_format = "mmm-yy"
    ws["D2"].number_format = "0.00%"
    ws.append(["Κρήτη", "arrivals", "31/03/2024", 1500, None, None, None, "test_reception"])
    ws["D3"].number_format = "#,##0"
    ws.append([None] * 10)
    path = input_dir / "observations.xlsx"
    wb.save(path)
    db = tmp_path / "ok.duckdb"
    build(fixture_raw, [input_dir], db_path=db)
    rows = query(
        db,
        """select _line, region, period, period_precision, value from raw_observations
           where _file = 'observations.xlsx' order by _line""",
    )
    assert rows == [
        (2, "EL54", "2024-03", "month", 45.12),
        (3, "EL43", "2024-03-31", "day", 1500.0),
    ]


def test_side_files_of_windows_and_macos_are_ignored(fixture_raw, tmp_path, input_dir):
    (input_dir / "Thumbs.db").write_bytes(b"\xd0\xcf\x11\xe0" + bytes(64))
    (input_dir / "desktop.ini").write_text("[.ShellClassInfo]\r\n", encoding="utf-16")
    (input_dir / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    (input_dir / "~$observations.xlsx").write_bytes(b"\x00lock")
    (input_dir / "observations.csv").write_bytes(
        greek_csv("Ήπειρος;arrivals;2024;5;;;persons;test_reception;high;;;;")
    )
    assert build(fixture_raw, [input_dir], db_path=tmp_path / "ok.duckdb").replaced


def test_dot_thousands_in_a_comma_file_when_the_file_itself_shows_them(
    fixture_raw, tmp_path, input_dir
):
    (input_dir / "site_snapshots.csv").write_text(
        "site_id,date,capacity,occupancy,source_id,confidence,note\n"
        "site_a,2024-01-01,1.500,1.234.567,test_reception,high,SYNTHETIC\n",
        encoding="utf-8",
    )
    db = tmp_path / "ok.duckdb"
    build(fixture_raw, [input_dir], db_path=db)
    assert query(
        db, "select capacity, occupancy from raw_site_snapshots where date = '2024-01-01'"
    ) == [(1500.0, 1234567.0)]


def test_a_run_reports_every_problem_in_order(fixture_raw, live_db, input_dir):
    before = digest(live_db)
    (input_dir / "observations.csv").write_bytes(
        greek_csv(
            "Ήπειρος;arrivals;2024;5;;;persons;test_reception;high;;;;",
            "Ατλαντίδα;arrivals;2024;5;;;persons;test_reception;high;;;;",
            "Κρήτη;arrivals;2099;x;;;persons;test_reception;high;;;;",
            "Θεσσαλία;arrivals;2024;7;;;persons;test_reception;certain;;;;",
        )
    )
    (input_dir / "site_snapshots.csv").write_text(
        "site_id,date,capacity,occupancy,source_id,confidence,note\n"
        "site_a,2024-01-01,-1,5,test_reception,high,\n",
        encoding="utf-8",
    )
    with pytest.raises(EtlError) as info:
        build(fixture_raw, [input_dir], db_path=live_db)
    found = [(Path(str(p.file)).name, p.line, p.column) for p in info.value.problems]
    assert found == [
        ("observations.csv", 3, "region"),
        ("observations.csv", 4, "period"),
        ("observations.csv", 4, "value"),
        ("observations.csv", 5, "confidence"),
        ("site_snapshots.csv", 2, "capacity"),
    ]
    assert digest(live_db) == before


def test_problems_are_capped_and_the_rest_counted(fixture_raw, live_db, input_dir):
    rows = [f"Ήπειρος;arrivals;{1950 + i};abc;;;persons;test_reception;high;;;;" for i in range(70)]
    rows += [f"Νησί {i};arrivals;2020;1;;;persons;test_reception;high;;;;" for i in range(300)]
    (input_dir / "observations.csv").write_bytes(greek_csv(*rows))
    with pytest.raises(EtlError) as info:
        build(fixture_raw, [input_dir], db_path=live_db)
    err = info.value
    assert len(err.problems) == 200
    assert len(err.problems) + err.omitted == 370
    first = err.problems[0]
    assert (first.line, first.column, first.message) == (72, "region", "unknown region")


def test_a_killed_build_leaves_nothing_after_the_next_run(fixture_raw, live_db, tmp_path):
    """kill -9 in the middle of a build: the temp database and its work folder stay behind
    (nothing can remove them at that moment); the next run recognises and removes them."""
    from bench.bench_etl import write_synthetic

    folder = tmp_path / "big"
    folder.mkdir()
    write_synthetic(folder, 300_000)
    before = digest(live_db)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "etl", "--raw", str(fixture_raw), "--input", str(folder)]
    proc = subprocess.Popen([*cmd, "--db", str(live_db), "-q"], cwd=ROOT, env=env)
    deadline = time.monotonic() + 120
    tmp_name = f".{live_db.name}.{proc.pid}.tmp"
    while time.monotonic() < deadline and not (live_db.parent / tmp_name).exists():
        time.sleep(0.05)
    time.sleep(0.5)
    proc.send_signal(signal.SIGKILL)
    proc.wait(30)
    left = sorted(p.name for p in live_db.parent.iterdir() if ".tmp" in p.name)
    assert tmp_name in left, left
    assert digest(live_db) == before
    notes: list[str] = []
    build(fixture_raw, db_path=live_db, progress=notes.append)
    assert not [p.name for p in live_db.parent.iterdir() if ".tmp" in p.name or ".wal" in p.name]
    assert any("interrupted build" in n and tmp_name in n for n in notes), notes


def test_python_memory_does_not_grow_with_the_rows(fixture_raw, tmp_path):
    """A big file stays in DuckDB: the Python side holds distinct values, not rows."""
    from bench.bench_etl import write_synthetic

    peaks = []
    for n in (20_000, 200_000):
        folder = tmp_path / f"n{n}"
        folder.mkdir()
        write_synthetic(folder, n)
        tracemalloc.start()
        build(fixture_raw, [folder], db_path=tmp_path / f"n{n}.duckdb")
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    assert peaks[1] < 2 * peaks[0] + (8 << 20), peaks  # ten times the rows, not ten times


def test_progress_reports_rows_while_duckdb_reads(tmp_path):
    from bench.bench_etl import write_synthetic

    write_synthetic(tmp_path, 400_000)
    path = tmp_path / "observations_synthetic.csv"
    ticks: list[tuple[str, int, int | None]] = []
    con = duckdb.connect()
    con.execute("set enable_progress_bar = true; set enable_progress_bar_print = false")
    run_with_progress(
        con,
        f"create table t as select * from read_csv('{path}', all_varchar = true)",
        "observations_synthetic.csv",
        400_000,
        lambda *a: ticks.append(a),
    )
    assert ticks[0][1] == 0 and ticks[-1][1] == 400_000
    assert [t[1] for t in ticks] == sorted(t[1] for t in ticks)
    assert con.execute("select count(*) from t").fetchall()[0][0] == 400_000


def test_rich_bar_draws_rows_and_rate():
    from rich.console import Console

    from etl import progress

    buf = io.StringIO()
    with progress.rich_ticker(Console(file=buf, force_terminal=True, width=120)) as tick:
        tick("observations.csv", 0, 1_000_000)
        tick("observations.csv", 1_000_000, 1_000_000)
    assert "1,000,000 rows" in buf.getvalue() and "rows/s" in buf.getvalue()


def test_a_duplicate_of_a_bundled_figure_names_both_rows(fixture_raw, live_db, input_dir):
    """The error points at one row (file and line of the same row), names the other, and
    says which is bundled data and which is the Directorate's."""
    bundled = (fixture_raw / "observations.csv").read_text(encoding="utf-8").splitlines()
    line = next(i for i, t in enumerate(bundled, start=1) if t.startswith("EL41,arrivals,2022,"))
    (input_dir / "observations.csv").write_text(
        f"{OBS}\nEL30,arrivals,2024,1,,,persons,test_reception,high,\n"
        "Βόρειο Αιγαίο,arrivals,2022,21,,,persons,test_reception,high,SYNTHETIC\n",
        encoding="utf-8",
    )
    with pytest.raises(EtlError) as info:
        build(fixture_raw, [input_dir], db_path=live_db)
    err = info.value
    assert (Path(str(err.file)).name, err.line) == ("observations.csv", 3)
    assert f"also at observations.csv line {line} (bundled data)" in str(err)
    assert "observations.csv line 3 (your files)" in str(err)


def test_running_out_of_memory_is_a_clear_error(fixture_raw, live_db, tmp_path, monkeypatch):
    """The build's memory is bounded; beyond it the person reads why, not a traceback."""
    from atlas import config
    from bench.bench_etl import write_synthetic

    folder = tmp_path / "big"
    folder.mkdir()
    write_synthetic(folder, 200_000)
    monkeypatch.setattr(config, "ETL_MEMORY_LIMIT", "30MB")
    before = digest(live_db)
    with pytest.raises(EtlError, match="needs more room than it may use"):
        build(fixture_raw, [folder], db_path=live_db)
    assert digest(live_db) == before
    assert not [p.name for p in live_db.parent.iterdir() if ".tmp" in p.name]
