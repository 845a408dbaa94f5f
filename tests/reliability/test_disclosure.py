"""Disclosure control: person counts below config.DISCLOSURE_THRESHOLD read "<5" on the map
explorer's map (tooltips), table, chart and CSV export. See docs/disclosure-control.md.

SYNTHETIC figures: arrivals 2023 with small counts in a few regions.
"""

from __future__ import annotations

import csv
import html
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from atlas import config, db
from atlas.views import explorer as xv
from atlas.views.shapes import find_export
from etl.build import build

ROOT = Path(__file__).resolve().parents[2]
SMALL = {"EL30": 3, "EL41": 1, "EL42": 4}  # below the threshold: must never show
AT_THRESHOLD = {"EL43": 5}  # shown as is
OTHERS = {
    "EL51": 50,
    "EL52": 60,
    "EL53": 70,
    "EL54": 80,
    "EL61": 90,
    "EL62": 100,
    "EL63": 110,
    "EL64": 120,
    "EL65": 0,
}
THRESHOLD_TEXT = "<5"


@pytest.fixture(scope="module")
def small_counts_db(fixture_raw, tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("disclosure")
    folder = base / "input"
    folder.mkdir()
    lines = ["region,indicator,period,value,unit,source_id,confidence,note"]
    for code, value in {**SMALL, **AT_THRESHOLD, **OTHERS}.items():
        lines.append(f"{code},arrivals,2023,{value},persons,test_reception,high,SYNTHETIC")
    (folder / "observations_small.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    path = base / "atlas.duckdb"
    build(fixture_raw, [folder], db_path=path)
    return path


@pytest.fixture(scope="module")
def view(small_counts_db):
    assert config.DISCLOSURE_THRESHOLD == 5, "tests assume the default threshold"
    con = db.connect(small_counts_db)
    try:

        def run(sql, params=()):
            return db.execute(con, sql, params)

        return xv.explorer_view(run, "arrivals", "2023", "value", "quantiles", "en")
    finally:
        con.close()


def test_map_tooltips_show_below_threshold(view):
    for code in SMALL:
        value = html.unescape(view.map.choropleth.tooltips[code][1][1])
        assert value.startswith(THRESHOLD_TEXT) and str(SMALL[code]) not in value, (code, value)
    assert "5 persons" in html.unescape(view.map.choropleth.tooltips["EL43"][1][1])


def test_summary_never_names_a_small_count(view):
    for value in SMALL.values():
        assert f" {value} persons" not in view.summary


def test_table_shows_below_threshold(view):
    table = view.table.shown()
    shown = dict(zip(table.iloc[:, 1], table.iloc[:, 2]))
    for code in SMALL:
        assert shown[code].startswith(THRESHOLD_TEXT), shown[code]
    assert shown["EL65"].startswith("0")  # a true zero is not a small count


def export_rows(view) -> dict[str, dict[str, str]]:
    text = find_export(view.exports, "csv").data().decode("utf-8-sig").split("\r\n\r\n")[0]
    return {r["region_code"]: r for r in csv.DictReader(io.StringIO(text, newline=""))}


def test_csv_value_as_published_is_suppressed(view):
    rows = export_rows(view)
    for code in SMALL:
        assert rows[code]["value_as_published"].startswith(THRESHOLD_TEXT)


def test_csv_has_no_raw_small_count(view):
    rows = export_rows(view)
    for code, value in SMALL.items():
        raw = {rows[code]["value"], rows[code]["rank"]}
        assert str(float(value)) not in raw and str(value) not in raw, rows[code]


def test_ranking_chart_shows_below_threshold(view):
    from atlas.charts.ranking import ranking_bars

    page = view.chart.figure()  # the ranked bars the page draws (HTML)
    bars = ranking_bars(view.frame, view.map.choropleth, lang="en", unit=view.unit)
    assert len(bars) == len(view.frame)
    for bar in bars:
        assert html.escape(bar.label) in page
        if bar.region_code in SMALL:
            # drawn as the bound: a hatched bar up to the threshold labelled "below 5"
            assert bar.label.startswith(("below 5", THRESHOLD_TEXT)), bar
            assert bar.hatched and bar.value not in SMALL.values(), bar


def test_threshold_is_configurable_by_environment():
    code = (
        "from atlas import config, i18n; "
        "print(config.DISCLOSURE_THRESHOLD, i18n.fmt_value(7, 'el', unit='persons'), "
        "i18n.fmt_value(10, 'el', unit='persons'), i18n.fmt_value(7, 'el', unit='percent'), "
        "sep='|')"
    )
    env = {**os.environ, "ATLAS_DISCLOSURE_THRESHOLD": "10"}
    out = (
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            env=env,
            cwd=ROOT,
            check=True,
            timeout=60,
        )
        .stdout.strip()
        .split("|")
    )
    assert out[0] == "10"
    assert out[1] == "<10"  # a person count below the configured threshold
    assert out[2].startswith("10 ")  # at the threshold: shown
    assert out[3].startswith("7")  # not a person count: never suppressed
