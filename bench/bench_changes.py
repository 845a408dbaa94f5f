"""Changes between versions (issue 28): how long ``atlas.changes`` takes to compare two
versions of the bundled database, and the region profile's rerun with "Since …" set.

Two versions are made the way an administrator makes them: the bundled database is copied to
a temporary live file, then two SYNTHETIC uploads are published through ``etl.publish``
(tests/synthetic_upload.py: a SYNTHETIC indicator added, then a period added, a figure
revised and a source changed). Nothing here touches data/atlas.duckdb or its versions.

- compare: ``changes.compare(A, B)`` with its pair cache emptied, N times; baseline in the
  same run: reading both versions' ``region_indicator_values`` whole (DuckDB, same files).
- profile rerun: AppTest runs pages/region_profile.py against the temporary live file; the
  region changes on every rerun (13 regions, twice: the first round computes each region's
  "since" view, the second finds it cached per version pair). Once with "since" set to A,
  once without (the baseline of the same run).

``python -m bench.bench_changes`` prints the figures; nothing asserts a time.
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
N_COMPARE = 10
TARGET_COMPARE_S = 1.0
TARGET_RERUN_S = 0.15


def make_versions(tmp: Path) -> tuple[Path, str, str]:
    """A temporary live copy of the bundled database with versions A and B published."""
    from atlas import config
    from etl import publish
    from tests import synthetic_upload as up

    live = tmp / "data" / "atlas.duckdb"
    live.parent.mkdir(parents=True)
    shutil.copyfile(config.db_path(), live)
    names = []
    for files in (up.first_upload(), up.second_upload()):
        staged = publish.stage(files, "bench SYNTHETIC", db_path=live, raw_dir=config.RAW_DIR)
        if not staged.ok:
            raise SystemExit(f"staging failed: {[str(p) for p in staged.problems]}")
        names.append(publish.publish(staged.version, "bench SYNTHETIC", db_path=live)["version"])
    return live, names[0], names[1]


def time_compare(live: Path, a: str, b: str, n: int = N_COMPARE) -> dict:
    import duckdb

    from atlas import changes, kept

    old, new = kept.database_of(a, live), kept.database_of(b, live)
    times, base = [], []
    rows = 0
    for _ in range(n):
        changes._PAIRS.clear()
        t0 = time.perf_counter()
        rows = len(changes.compare(old, new))
        times.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        con = duckdb.connect()
        for alias, path in (("o", old), ("n", new)):
            con.execute(f"ATTACH '{path}' AS {alias} (READ_ONLY)")
            con.execute(f"select * from {alias}.region_indicator_values").df()
        con.close()
        base.append(time.perf_counter() - t0)
    with duckdb.connect(str(new), read_only=True) as con:
        figures = con.execute("select count(*) from region_indicator_values").fetchone()[0]
    return {
        "median": statistics.median(times),
        "max": max(times),
        "baseline": statistics.median(base),
        "changes": rows,
        "figures": figures,
    }


def time_reruns(live: Path, since: str | None) -> dict:
    import streamlit as st
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.testing.v1 import AppTest

    from geo.regions import REGION_CODES

    original = PagesManager.__init__

    def init(self, *args, **kwargs):  # as tests/pages/conftest.py: no legacy pages mode
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    PagesManager.__init__ = init
    os.environ["ATLAS_DB"] = str(live)
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.query_params["lang"] = "el"
    if since:
        at.query_params["since"] = since
    at.run()
    at.switch_page("pages/region_profile.py")
    t0 = time.perf_counter()
    at.run()
    first = time.perf_counter() - t0
    times, errors = [], 0
    for code in [*REGION_CODES[1:], REGION_CODES[0]] * 2:
        at.selectbox(key="region").set_value(code)
        t0 = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - t0)
        errors += len(at.exception)
    PagesManager.__init__ = original
    half = len(times) // 2
    return {
        "median": statistics.median(times),
        "median_cached": statistics.median(times[half:]),
        "p95": sorted(times)[round(0.95 * len(times)) - 1],
        "first": first,
        "n": len(times),
        "errors": errors,
    }


def run() -> dict:
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory(prefix="atlas-bench-changes-") as tmp:
        t0 = time.perf_counter()
        live, a, b = make_versions(Path(tmp))
        made = time.perf_counter() - t0
        cmp = time_compare(live, a, b)
        with_since = time_reruns(live, a)
        without = time_reruns(live, None)
    return {"made_s": made, "compare": cmp, "since": with_since, "plain": without}


def main() -> None:
    r = run()
    c, s, p = r["compare"], r["since"], r["plain"]
    print(
        f"two versions of the bundled database published in {r['made_s']:.1f} s (SYNTHETIC uploads)"
    )
    print(
        f"compare A→B: median {c['median']:.3f} s, max {c['max']:.3f} s over {N_COMPARE} "
        f"({c['figures']} figures, {c['changes']} changes); baseline (read both marts) "
        f"{c['baseline']:.3f} s; ratio {c['median'] / c['baseline']:.1f}×; "
        f"target ≤ {TARGET_COMPARE_S} s: {'met' if c['median'] <= TARGET_COMPARE_S else 'NOT met'}"
    )
    met = s["median_cached"] <= TARGET_RERUN_S
    print(
        f"profile rerun with 'since' set, region changed each time: median {s['median']:.3f} s "
        f"over {s['n']} reruns (first round computes each region's profile and box), second "
        f"round, cached per version pair: median {s['median_cached']:.3f} s; p95 "
        f"{s['p95']:.3f} s; first run {s['first']:.2f} s; {s['errors']} errors; target "
        f"≤ {TARGET_RERUN_S} s (cached per version pair): {'met' if met else 'NOT met'}"
    )
    print(
        f"profile rerun without 'since' (baseline): median {p['median']:.3f} s (cached "
        f"{p['median_cached']:.3f} s); ratio {s['median'] / p['median']:.2f}×"
    )


if __name__ == "__main__":
    main()
