"""Qualified values end to end: raw file → mart → legend class → tooltip → CSV, never a made
up number and never dropped. SYNTHETIC fixtures, plus the bundled March 2022 bulletin."""

from __future__ import annotations

import html
import io

import duckdb
import pandas as pd
import pytest

from atlas import db
from atlas.views import explorer as xv
from atlas.views import reception as rv
from atlas.views.shapes import find_export


def _explorer(run, indicator_id: str, period: str, lang: str):
    return xv.explorer_view(run, indicator_id, period, "value", "quantiles", lang)


def _tip(spec, code: str, label: str) -> str:
    """A tooltip cell as the reader sees it (the spec holds it HTML-escaped)."""
    return html.unescape(dict(spec.tooltips[code])[html.escape(label)])


def _csv_rows(view) -> pd.DataFrame:
    text = find_export(view.exports, "csv").data().decode("utf-8-sig").split("\r\n\r\n")[0]
    return pd.read_csv(io.StringIO(text)).set_index("region_code")


def test_bound_in_the_raw_file_reaches_the_mart_unchanged(run):
    df = run(
        """select region_code, value, qualifier, rank from region_indicator_values
                where indicator_id = 'reception_share' and period = '2022-03'
                order by region_code""",
        [],
    )
    bounds = df[df["qualifier"] == "<"]
    assert len(bounds) == 11 and set(bounds["value"]) == {0.29}
    assert bounds["rank"].isna().all()  # a bound is never ranked as if it were 0.29
    assert len(df) == 13


@pytest.mark.parametrize(
    ("lang", "label", "shown"),
    [("en", "below 0.29%", "<0.29%"), ("el", "κάτω από 0,29 %", "<0,29 %")],
)
def test_bound_gets_a_legend_class_a_tooltip_and_a_csv_cell(run, lang, label, shown):
    v = _explorer(run, "reception_share", "2022-03", lang)
    bound = [i for i in v.map.choropleth.legend if i.kind == "bound"]
    assert [i.label for i in bound] == [label]
    assert {v.map.choropleth.colors[c] for c in ("EL30", "EL42", "EL65")} == {bound[0].color}
    assert bound[0].color not in [i.color for i in v.map.choropleth.legend if i.kind == "class"]
    assert _tip(v.map.choropleth, "EL30", v.title) == shown
    rows = _csv_rows(v)
    assert rows.loc["EL30", "qualifier"] == "<" and rows.loc["EL30", "value"] == 0.29
    assert rows.loc["EL30", "value_as_published"] == shown
    assert pd.isna(rows.loc["EL41", "qualifier"]) and rows.loc["EL41", "value"] == 1.13  # plain
    assert "11" in v.summary  # "11 regions are given only as a bound"


def test_share_view_is_the_same_path(run):
    v = rv.share_view(run, "2022-03", "en", indicator_id="reception_share")
    assert [i.label for i in v.map.choropleth.legend if i.kind == "bound"] == ["below 0.29%"]


def test_ranges_and_lower_bounds_from_a_directorate_file(fixture_raw, tmp_path):
    from etl.build import build

    extra = tmp_path / "mine"
    extra.mkdir()
    (extra / "observations_bands.csv").write_text(
        "region,indicator,period,value,qualifier,value_high,unit,source_id\n"
        "EL30,reception_share,2023,0.1,range,0.2,percent,test_reception\n"
        "EL41,reception_share,2023,2,>,,percent,test_reception\n"
        "EL42,reception_share,2023,0.5,,,percent,test_reception\n"
        "EL43,reception_share,2023,0.7,~,,percent,test_reception\n",
        encoding="utf-8",
    )
    dbp = tmp_path / "bands.duckdb"
    build(fixture_raw, [extra], db_path=dbp)
    con = duckdb.connect(str(dbp), read_only=True)
    try:
        run = lambda sql, params=(): db.execute(con, sql, params)  # noqa: E731
        v = _explorer(run, "reception_share", "2023", "en")
    finally:
        con.close()
    labels = {i.label for i in v.map.choropleth.legend if i.kind == "bound"}
    assert labels == {"0.10% to 0.20%", "above 2.00%"}
    assert _tip(v.map.choropleth, "EL30", v.title) == "0.10–0.20%"
    assert _tip(v.map.choropleth, "EL41", v.title) == ">2.00%"
    assert _tip(v.map.choropleth, "EL43", v.title) == "≈0.70%"
    rows = _csv_rows(v)
    assert rows.loc["EL30", "qualifier"] == "range" and rows.loc["EL30", "value_high"] == 0.2
    assert pd.isna(rows.loc["EL65", "value"])  # no row: no data, not zero
    assert v.map.choropleth.colors["EL65"] == "#d9d9d9"


# --- the bundled bulletin of March 2022 ---------------------------------------------------------


def test_march_2022_bulletin_reads_below_0_29(bundled_run):
    v = rv.share_view(bundled_run, "2022-03", "el")
    bound = [i for i in v.map.choropleth.legend if i.kind == "bound"]
    assert [i.label for i in bound] == ["κάτω από 0,29 %"]
    below = [c for c, col in v.map.choropleth.colors.items() if col == bound[0].color]
    assert len(below) == 10 and "EL41" not in below
    assert _tip(v.map.choropleth, "EL41", v.title) == "1,13 %"
    rows = _csv_rows(v)
    assert (rows["qualifier"] == "<").sum() == 10


def test_bundled_sites_and_island_series_are_sourced(bundled_run):
    from atlas.queries import reception as rq

    dates = rq.snapshot_dates(bundled_run)
    v = rv.sites_view(bundled_run, rv.default_date(dates), "occupancy", "en")
    assert v.map.circles and all(dict(p["tooltip"]).get("Source") for p in v.map.circles)
    islands = rv.island_frame(bundled_run, "en")
    assert islands["source"].str.len().gt(0).all()
    assert islands["site_id"].nunique() == 5
