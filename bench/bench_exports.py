"""Export timings: static PNG map and ranking chart, the PDF brief — cold and warm — against a
baseline measured in the same run (rendering the interactive Leaflet map to HTML, which the
app does on every rerun of a map page). Prints figures; asserts nothing.

    python -m bench.bench_exports          # uses $ATLAS_DB / data/atlas.duckdb if built,
                                            # else builds the SYNTHETIC fixture database

``run()`` returns rows {name, value, unit, note} for ``python -m bench``.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REGION = "EL54"
WARM_REPEATS = 5

# Runs in a fresh interpreter: the first export of a process pays for imports, the geometry
# load and projection, and font parsing. Interpreter start-up itself is not counted.
_COLD = r"""
import json, sys, time
t0 = time.perf_counter()
import duckdb
from atlas import brief, db, export
from atlas.views import profile as pv
con = duckdb.connect(sys.argv[1], read_only=True)
run = lambda sql, params=(): db.execute(con, sql, params)
view = pv.profile_view(run, sys.argv[2], "el")
t1 = time.perf_counter()
if sys.argv[3] == "png":
    export.map_png(view.locator, source="s", date_text="d", selected=sys.argv[2])
else:
    brief.build_brief(view, pv.Visit("2026-11-23", "bench", ("a", "b", "c")))
t2 = time.perf_counter()
print(json.dumps({"total": t2 - t0, "export": t2 - t1}))
"""


def _database() -> tuple[Path, str]:
    from atlas import config

    path = config.db_path()
    if path.exists():
        return path, "bundled data"
    from etl.build import build

    tmp = Path(tempfile.mkdtemp(prefix="bench_exports_")) / "atlas.duckdb"
    build(ROOT / "tests" / "fixtures" / "raw", db_path=tmp)
    return tmp, "SYNTHETIC fixture data"


def _warm(fn, repeats: int = WARM_REPEATS) -> float:
    fn()  # first call outside the timing
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def _cold(db_path: Path, kind: str) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, "-c", _COLD, str(db_path), REGION, kind],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def run() -> list[dict]:
    import duckdb

    from atlas import brief, db, export, maps, queries
    from atlas.config import POPULATION_INDICATOR
    from atlas.views import explorer as xv
    from atlas.views import profile as pv
    from geo import boundaries

    db_path, data_note = _database()
    con = duckdb.connect(str(db_path), read_only=True)
    run_q = lambda sql, params=(): db.execute(con, sql, params)  # noqa: E731
    rows: list[dict] = []

    def add(name: str, value: float, unit: str, note: str = "") -> None:
        rows.append(
            {
                "name": name,
                "value": round(value, 4),
                "unit": unit,
                "note": f"{note}; {data_note}".strip("; "),
            }
        )

    view = pv.profile_view(run_q, REGION, "el")
    period = queries.indicator_periods(run_q, POPULATION_INDICATOR)["period"].iloc[0]
    ev = xv.explorer_view(run_q, POPULATION_INDICATOR, period, "value", "quantiles", "el")
    spec, source = ev.map.choropleth, ev.map.caption
    regions_gj, context_gj = boundaries.regions_geojson(), boundaries.context_geojson()

    baseline = _warm(
        lambda: maps.standalone_html(maps.choropleth_map(spec, regions_gj, context_gj))
    )
    add(
        "baseline_folium_map_html_warm",
        baseline,
        "s",
        "interactive explorer map rendered to HTML (what every map rerun costs)",
    )

    png_cold = _cold(db_path, "png")
    add(
        "png_map_cold",
        png_cold["export"],
        "s",
        f"first PNG in a fresh process (imports + geometry); total with view "
        f"{png_cold['total']:.2f} s",
    )
    for scale in (1, 2):
        t = _warm(lambda s=scale: export.map_png(spec, source=source, date_text="d", scale=s))
        add(f"png_map_warm_{scale}x", t, "s", f"explorer map, scale {scale}")
        add(f"png_map_warm_{scale}x_vs_baseline", t / baseline, "ratio", "PNG time ÷ HTML map time")
    t = _warm(
        lambda: export.chart_png(
            ev.frame,
            spec,
            lang="el",
            title=ev.title,
            unit=ev.unit,
            source=source,
            date_text="d",
        )
    )
    add("png_ranking_warm_1x", t, "s", "ranked bar chart")
    size = len(export.map_png(spec, source=source, date_text="d", scale=2))
    add("png_map_2x_bytes", size, "bytes", "2400 × 1800 px")

    pdf_cold = _cold(db_path, "pdf")
    add(
        "brief_pdf_cold",
        pdf_cold["export"],
        "s",
        f"first brief in a fresh process; total with view {pdf_cold['total']:.2f} s",
    )
    visit = pv.Visit("2026-11-23", "bench", ("a", "b", "c"))
    t = _warm(lambda: brief.build_brief(view, visit))
    add("brief_pdf_warm", t, "s", "one page, locator image cached per region")
    add("brief_pdf_warm_vs_baseline", t / baseline, "ratio", "brief time ÷ HTML map time")
    t = _warm(lambda: brief.build_brief(pv.profile_view(run_q, REGION, "en"), visit, annex=True))
    add("brief_pdf_with_annex_and_view_warm", t, "s", "view queries + brief + annex page")
    add("brief_pdf_bytes", len(brief.build_brief(view, visit)), "bytes", "fonts subset")
    con.close()
    return rows


def main() -> None:
    rows = run()
    width = max(len(r["name"]) for r in rows)
    for r in rows:
        print(f"{r['name']:<{width}}  {r['value']:>12,}  {r['unit']:<6}  {r['note']}")


if __name__ == "__main__":
    main()
