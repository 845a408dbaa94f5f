"""Activity register (issue 27): load time of a SYNTHETIC report file against DuckDB's own
``read_csv`` of the same file, peak memory of the build, and the Activities page's rerun
server time on that data. Figures, not pass/fail (targets: load ≤ 3× read_csv; rerun median
≤ 0.15 s).

``python -m bench.bench_activities [--rows 500000] [--reruns 20]``

The file: 200 partners × 50 municipalities × 10 months × 5 indicators = 500,000 rows (all
SYNTHETIC). The ETL's cost of the file is the build with it minus the build without it (same
bundled data and partner list), both in fresh processes; peak RSS is each process's own.
"""

from __future__ import annotations

import argparse
import csv
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from atlas.activity_template import COLUMNS

ROOT = Path(__file__).resolve().parent.parent
INDICATORS = (
    "persons_reached",
    "persons_enrolled",
    "persons_completed",
    "sessions_held",
    "referrals_made",
)
HEADER = list(COLUMNS)  # the template's columns, in its order


def write_files(folder: Path, rows: int) -> Path:
    """partners.csv and activity_reports.csv (an administrator's file of every partner)."""
    from geo import municipalities

    munis = municipalities.municipalities().head(50)
    activities = list(csv.DictReader(open(ROOT / "data" / "raw" / "activities.csv")))
    per_partner = len(munis) * 10 * len(INDICATORS)
    partners = max(1, -(-rows // per_partner))
    with open(folder / "partners.csv", "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["partner_id", "name_el", "name_en", "kind", "url"])
        for p in range(partners):
            w.writerow([f"bench_p{p:03d}", "", f"SYNTHETIC partner {p}", "ngo", ""])
    path = folder / "activity_reports.csv"
    months = [f"2024-{m:02d}" for m in range(1, 11)]
    n = 0
    with open(path, "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(HEADER)
        for p in range(partners):
            act = activities[p % len(activities)]
            for _, m in munis.iterrows():
                for month in months:
                    for ind in INDICATORS:
                        if n == rows:
                            return path
                        w.writerow(
                            [
                                f"bench_p{p:03d}",
                                "",
                                act["activity_id"],
                                act["sector_id"],
                                ind,
                                m["region_code"],
                                m["code"],
                                month,
                                (n * 7) % 50,
                                "2024-01",
                                "",
                                "ongoing",
                                "SYNTHETIC",
                            ]
                        )
                        n += 1
    return path


CHILD = """
import json, resource, sys, time
from pathlib import Path
from etl.build import build
t0 = time.perf_counter()
build(Path(sys.argv[1]), [Path(p) for p in sys.argv[3:]], db_path=Path(sys.argv[2]))
print(json.dumps({"s": time.perf_counter() - t0,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

DUCKDB_CHILD = """
import json, resource, sys, time, duckdb
con = duckdb.connect(sys.argv[2])
t0 = time.perf_counter()
con.execute("create table t as select * from read_csv(?)", [sys.argv[1]])
print(json.dumps({"s": time.perf_counter() - t0,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _child(code: str, *args: str) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def reruns(db: Path, n: int) -> dict:
    import os

    import streamlit as st

    from bench.bench_rerun import open_page

    os.environ["ATLAS_DB"] = str(db)
    st.cache_data.clear()
    st.cache_resource.clear()
    at, first = open_page("pages/activities.py", timeout_s=300)
    partners = [o for o in at.selectbox(key="act_partner").options][:6]
    boxes = [("act_measure", m) for m in ("activities", "partners", "indicator")]
    times, errors = [], 0
    for i in range(n):
        key, value = boxes[i % 3] if i % 2 else ("act_partner", partners[i % len(partners)])
        box = at.selectbox(key=key)
        value = value if value in box.options else box.options[0]
        t1 = time.perf_counter()
        box.set_value(value).run()
        times.append(time.perf_counter() - t1)
        errors += len(at.exception)
    return {"first_s": first, "median_s": statistics.median(times), "n": n, "errors": errors}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=500_000)
    ap.add_argument("--reruns", type=int, default=20)
    args = ap.parse_args(argv)
    raw = str(ROOT / "data" / "raw")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        (tmp / "with").mkdir()
        (tmp / "without").mkdir()
        path = write_files(tmp / "with", args.rows)
        (tmp / "without" / "partners.csv").write_bytes((tmp / "with" / "partners.csv").read_bytes())
        mb = path.stat().st_size / 2**20
        base = _child(DUCKDB_CHILD, str(path), str(tmp / "duck.duckdb"))
        without = _child(CHILD, raw, str(tmp / "a.duckdb"), str(tmp / "without"))
        with_ = _child(CHILD, raw, str(tmp / "b.duckdb"), str(tmp / "with"))
        cost = with_["s"] - without["s"]
        print(f"SYNTHETIC report file: {args.rows:,} rows, {mb:.1f} MB")
        print(
            f"DuckDB read_csv (create table): {base['s']:.2f} s, peak RSS {base['rss_mb']:.0f} MB"
        )
        print(
            f"ETL build without / with the file: {without['s']:.2f} s / {with_['s']:.2f} s "
            f"(peak RSS {without['rss_mb']:.0f} / {with_['rss_mb']:.0f} MB)"
        )
        print(f"the file's cost: {cost:.2f} s = {cost / base['s']:.2f}× read_csv (target ≤ 3×)")
        r = reruns(tmp / "b.duckdb", args.reruns)
        print(
            f"Activities page: first run {r['first_s']:.2f} s; rerun median {r['median_s']:.3f} s "
            f"over {r['n']} filter changes (target ≤ 0.15 s); errors {r['errors']}"
        )


if __name__ == "__main__":
    main()
