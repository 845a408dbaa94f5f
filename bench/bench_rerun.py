"""Script rerun time after a widget change on the map explorer, with Streamlit's AppTest
(the script runs exactly as on the server; no browser, no network): the server time of one
user's rerun. The first run of a session is reported apart: it pays for imports and the
first queries.

Two series: ``warm=True`` runs ``atlas.ui.warm`` first, as ``atlas.serve`` does before it
listens (what a visitor meets); ``warm=False`` starts from empty caches (each new view is
computed in the rerun). The baseline, in the same process: reruns of the bare hello app
(bench/hello_app.py), i.e. what Streamlit itself costs per run.
"""

from __future__ import annotations

import os
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHANGES = 30


def _stats(times: list[float]) -> dict:
    times = sorted(times)
    return {
        "n": len(times),
        "median": statistics.median(times),
        "p95": times[max(0, round(0.95 * len(times)) - 1)],
    }


def changes(at, db: Path, n: int):
    """(selectbox, value) pairs: another indicator, then another measure it offers."""
    import duckdb

    from atlas.measures import MEASURES, measure_label

    with duckdb.connect(str(db), read_only=True) as con:
        sql = "select distinct indicator_id from indicator_periods order by 1"
        indicators = [r[0] for r in con.execute(sql).fetchall()]
    for i in range(n):
        if i % 2 == 0:
            yield at.selectbox(key="indicator"), indicators[(i // 2 + 1) % len(indicators)]
        else:
            box = at.selectbox(key="measure")
            offered = [m for m in MEASURES if measure_label(m, "el") in box.options]
            yield box, offered[(i // 2 + 1) % len(offered)]


def hello(n: int = CHANGES) -> dict:
    """The baseline: ``n`` reruns of the bare hello app."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "bench" / "hello_app.py"), default_timeout=120)
    at.run()
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - t0)
    return _stats(times)


def open_page(page: str, timeout_s: float = 120):
    """A new AppTest session of dashboard.py in Greek, switched to ``page``, and the seconds
    its first runs took (the default page, then ``page``): what a visitor's first view of
    the page costs the server."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=timeout_s)
    at.query_params["lang"] = "el"
    started = time.perf_counter()
    at.run()
    at.switch_page(page).run()
    return at, time.perf_counter() - started


def run(db: Path, changes_n: int = CHANGES, warm: bool = False) -> dict:
    os.environ["ATLAS_DB"] = str(db)
    import duckdb
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()
    warmed = 0.0
    if warm:
        from atlas.ui import warm as warm_up

        started = time.perf_counter()
        warm_up.defaults()
        warm_up.rest(pause_s=0)
        warmed = time.perf_counter() - started
    at, first = open_page("pages/map_explorer.py")
    times, errors = [], 0
    for box, value in changes(at, db, changes_n):
        t0 = time.perf_counter()
        box.set_value(value).run()
        times.append(time.perf_counter() - t0)
        errors += len(at.exception) + len(at.error)
    with duckdb.connect(str(db), read_only=True) as con:
        n_ind = con.execute("select count(distinct indicator_id) from indicator_periods").fetchone()
    return {
        "first": first,
        **_stats(times),
        "errors": errors,
        "indicators": n_ind[0],
        "warm_up_s": warmed,
    }
