"""atlas.export: CSV behaviour kept; PNG and PDF entry points. Values are SYNTHETIC."""

from __future__ import annotations

import pandas as pd

from atlas import classify, export, static_map
from geo.regions import REGION_CODES


def test_csv_bom_formula_and_footer():
    df = pd.DataFrame({"name": ["Ήπειρος", "=1+1", "-3.5"], "value": [1, 2, 3]})
    data = export.safe_csv(df, footer=["Πηγή: SYNTHETIC", "=HYPERLINK()"])
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert "Ήπειρος" in text and "'=1+1" in text and "\r\n-3.5," in text
    assert text.rstrip().endswith("# '=HYPERLINK()")
    assert "# Πηγή: SYNTHETIC" in text


def spec():
    f = pd.DataFrame(
        {
            "region_code": list(REGION_CODES),
            "name": list(REGION_CODES),
            "value": [float(i) for i in range(13)],
            "qualifier": ["="] * 13,
            "value_high": [float("nan")] * 13,
        }
    )
    return f, classify.choropleth_spec(f, lang="en", title="SYNTHETIC", unit=None)


def test_map_png_screen_and_print():
    _, s = spec()
    one = export.map_png(s, source="SYNTHETIC", date_text="today")
    two = export.map_png(s, source="SYNTHETIC", date_text="today", scale=2)
    assert static_map.png_size(one) == (1200, 900)
    assert static_map.png_size(two) == (2400, 1800)


def test_chart_png():
    f, s = spec()
    data = export.chart_png(
        f, s, lang="en", title="SYNTHETIC", unit=None, source="s", date_text="d"
    )
    assert static_map.png_size(data)[0] == 1200


def test_names_and_date_line():
    assert export.png_name("atlas_x_2021_value_el", 1) == "atlas_x_2021_value_el.png"
    assert export.png_name("atlas_x_2021_value_el", 2) == "atlas_x_2021_value_el@2x.png"
    assert export.date_line("23/11/2026", "el") == "Βάση δεδομένων του Άτλαντα: 23/11/2026"
    assert export.date_line("", "en") == ""
