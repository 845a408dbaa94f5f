"""Concurrency: the database is rebuilt while readers read; two ETL runs at once.

Readers go through atlas.db.connect/execute with a fresh connection each time, as the app
does after a rebuild. Each build carries a distinguishing SYNTHETIC value in two different
marts (regional values and the national figure), so a reader that saw half of one build and
half of another would notice.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from atlas import db
from etl.build import build
from etl.errors import EtlError
from geo.regions import REGION_CODES

ROOT = Path(__file__).resolve().parents[2]
READERS = 4
REBUILDS = 4
MARKERS = (111, 222)


def marker_folder(base: Path, marker: int) -> Path:
    folder = base / f"input_{marker}"
    folder.mkdir(exist_ok=True)
    codes = REGION_CODES
    rows = [f"{c},arrivals,2024,{marker},persons,test_reception,high,SYNTHETIC" for c in codes]
    rows.append(f"EL,arrivals,2024,{marker * 10},persons,test_reception,high,SYNTHETIC")
    (folder / "observations_marker.csv").write_text(
        "region,indicator,period,value,unit,source_id,confidence,note\n" + "\n".join(rows) + "\n",
        encoding="utf-8",
    )
    return folder


def read_marker(path: Path) -> tuple[int, int, int]:
    """(regional marker, national marker, rows) through a fresh connection, three queries."""
    con = db.connect(path)
    try:
        regional = db.execute(
            con,
            """select min(value) as lo, max(value) as hi, count(*) as n
                                      from region_indicator_values
                                      where indicator_id = ? and period = ?
                                      order by 1""",
            ["arrivals", "2024"],
        )
        national = db.execute(
            con,
            """select value from national_values
                                      where indicator_id = ? and period = ? and basis = ?
                                      order by 1""",
            ["arrivals", "2024", "reported"],
        )
        lo, hi, n = regional.iloc[0]
        assert lo == hi, f"mixed regional values {lo} and {hi}"
        return int(lo), int(national.iloc[0, 0]), int(n)
    finally:
        con.close()


def test_rebuild_while_readers_read(fixture_raw, tmp_path):
    live = tmp_path / "live" / "atlas.duckdb"
    live.parent.mkdir()
    folders = {m: marker_folder(tmp_path, m) for m in MARKERS}
    build(fixture_raw, [folders[MARKERS[0]]], db_path=live)

    stop = threading.Event()
    errors: list[str] = []
    seen: list[tuple[int, int, int]] = []
    lock = threading.Lock()

    def reader() -> None:
        while not stop.is_set():
            try:
                got = read_marker(live)
            except Exception as exc:  # noqa: BLE001 - every error is a finding
                with lock:
                    errors.append(f"{type(exc).__name__}: {exc}")
                continue
            with lock:
                seen.append(got)
            time.sleep(0.01)  # leave the builder some CPU on 2 cores

    threads = [threading.Thread(target=reader, daemon=True) for _ in range(READERS)]
    for th in threads:
        th.start()
    try:
        for i in range(REBUILDS):
            build(fixture_raw, [folders[MARKERS[(i + 1) % 2]]], db_path=live)
            time.sleep(0.05)
    finally:
        stop.set()
        for th in threads:
            th.join(30)
    assert not errors, errors[:5]
    assert seen, "the readers never read"
    for regional, national, rows in seen:
        assert regional in MARKERS, regional
        assert national == regional * 10, "a reader saw two builds at once"
        assert rows == 13
    assert read_marker(live)[0] == MARKERS[REBUILDS % 2]  # the last build is live


def test_reader_holding_a_connection_keeps_the_old_data(fixture_raw, tmp_path):
    live = tmp_path / "atlas.duckdb"
    build(fixture_raw, [marker_folder(tmp_path, 111)], db_path=live)
    con = db.connect(live)
    try:
        build(fixture_raw, [marker_folder(tmp_path, 222)], db_path=live)
        old = db.execute(
            con,
            """select max(value) from region_indicator_values
                                 where indicator_id = ? and period = ?""",
            ["arrivals", "2024"],
        )
        assert int(old.iloc[0, 0]) == 111  # no error, consistently the old data
    finally:
        con.close()
    assert read_marker(live)[0] == 222  # reconnecting gives the new data


def test_two_builds_at_once_one_waits(fixture_raw, tmp_path):
    live = tmp_path / "atlas.duckdb"
    folders = [marker_folder(tmp_path, m) for m in MARKERS]
    results: list[object] = [None, None]

    def run(i: int) -> None:
        try:
            results[i] = build(fixture_raw, [folders[i]], db_path=live, lock_timeout_s=60)
        except Exception as exc:  # noqa: BLE001
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(120)
    assert all(getattr(r, "replaced", False) for r in results), results
    assert read_marker(live)[0] in MARKERS


def test_two_cli_runs_at_once_wait_or_fail_cleanly(fixture_raw, tmp_path):
    """Two `python -m etl` processes on the same database: the lock is per file, so across
    processes too. Each exits 0 (it waited) or 1 with the 'another ETL run' message."""
    live = tmp_path / "atlas.duckdb"
    folders = [marker_folder(tmp_path, m) for m in MARKERS]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "etl",
                "--raw",
                str(fixture_raw),
                "--input",
                str(f),
                "--db",
                str(live),
                "-q",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for f in folders
    ]
    outcomes = [(p.wait(180), p.stderr.read()) for p in procs]
    for code, err in outcomes:
        assert code in (0, 1), (code, err)
        assert "Traceback" not in err
        if code == 1:
            assert "another ETL run" in err and "not changed" in err
    assert any(code == 0 for code, _ in outcomes)
    assert read_marker(live)[0] in MARKERS
    assert not list(tmp_path.glob(".*.tmp"))


def test_second_build_with_short_timeout_fails_cleanly(fixture_raw, tmp_path):
    live = tmp_path / "atlas.duckdb"
    build(fixture_raw, [marker_folder(tmp_path, 111)], db_path=live)
    before = live.read_bytes()
    from etl.build import build_lock

    with build_lock(live, 5):
        with pytest.raises(EtlError, match="another ETL run"):
            build(fixture_raw, [marker_folder(tmp_path, 222)], db_path=live, lock_timeout_s=0.2)
    assert live.read_bytes() == before
