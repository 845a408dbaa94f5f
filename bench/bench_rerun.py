"""Script rerun time after a widget change on the map explorer, with Streamlit's AppTest
(the script runs exactly as on the server; no browser, no network). The first run of a
session is reported apart: it pays for imports and the first queries."""

from __future__ import annotations

import os
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHANGES = 30


def run(db: Path, changes: int = CHANGES) -> dict:
    os.environ["ATLAS_DB"] = str(db)
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.query_params["lang"] = "el"
    started = time.perf_counter()
    at.run()
    at.switch_page("pages/map_explorer.py").run()
    first = time.perf_counter() - started
    import duckdb

    from atlas.measures import MEASURES, measure_label

    with duckdb.connect(str(db), read_only=True) as con:
        indicators = [
            r[0]
            for r in con.execute(
                "select distinct indicator_id from indicator_periods order by 1"
            ).fetchall()
        ]
    times, errors = [], 0
    for i in range(changes):
        # alternate: another indicator, then another measure (among those it offers)
        if i % 2 == 0:
            box, value = at.selectbox(key="indicator"), indicators[(i // 2 + 1) % len(indicators)]
        else:
            box = at.selectbox(key="measure")
            offered = [m for m in MEASURES if measure_label(m, "el") in box.options]
            value = offered[(i // 2 + 1) % len(offered)]
        t0 = time.perf_counter()
        box.set_value(value).run()
        times.append(time.perf_counter() - t0)
        errors += len(at.exception) + len(at.error)
    times.sort()
    return {
        "first": first,
        "n": len(times),
        "median": statistics.median(times),
        "p95": times[max(0, round(0.95 * len(times)) - 1)],
        "errors": errors,
        "indicators": len(indicators),
    }
