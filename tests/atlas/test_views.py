import math

import pandas as pd
import pytest

from atlas import measures, queries
from atlas.views import explorer as xv
from atlas.views import overview as ov
from atlas.views import sources as sv
from atlas.views.shapes import find_export


def test_measure_frame_per_1000_and_rank(run):
    values = queries.indicator_map_values(run, "arrivals", "2022")
    frame = measures.measure_frame(values, "per_1000", "en")
    row = frame.set_index("region_code").loc["EL41"]
    # fixture: EL41 arrivals 20, population 2021 = 200000 + 1000 → 20 / 201000 × 1000
    assert row["value"] == pytest.approx(20 / 201000 * 1000)
    assert frame["rank"].notna().sum() == 11  # 13 − no data (EL65) − bound (EL54)
    assert math.isnan(frame.set_index("region_code").loc["EL65", "value"])
    assert frame.set_index("region_code").loc["EL54", "qualifier"] == "<"


def test_share_measure(run):
    values = queries.indicator_map_values(run, "arrivals", "2022")
    frame = measures.measure_frame(values, "share", "en").set_index("region_code")
    assert frame.loc["EL30", "value"] == pytest.approx(1.0)  # 10 of the reported 1000


def test_measures_offered_by_kind():
    assert measures.measures_for("count") == ("value", "per_1000", "share")
    assert measures.measures_for("share") == ("value",)
    assert measures.measures_for("count", role="population") == ("value", "share")


def test_explorer_view_content(run):
    view = xv.explorer_view(run, "arrivals", "2022", "value", "quantiles", "el")
    csv_export = find_export(view.exports, "csv")
    assert view.title.startswith("Αφίξεις")
    assert "12 από τις 13" in view.summary and "Πελοπόννησος" in view.summary
    assert "Εθνική τιμή: 1.000 άτομα" in view.summary
    assert csv_export.data().startswith("\ufeff".encode())
    csv = pd.read_csv(pd.io.common.BytesIO(csv_export.data()), encoding="utf-8-sig", comment="#")
    assert len(csv) == 13 and {"source_title", "source_licence", "qualifier"} <= set(csv.columns)
    assert csv.set_index("region_code").loc["EL54", "qualifier"] == "<"
    assert "Synthetic reception bulletin" in view.map.caption
    assert csv_export.file_name == "atlas_arrivals_2022_value_el.csv"


def test_explorer_view_per_1000_mentions_census(run):
    view = xv.explorer_view(run, "arrivals", "2022", "per_1000", "quantiles", "en")
    # the denominator names its census and release (the fixture's census states none)
    assert "nearest census (2021, release not stated)" in view.map.caption


def test_key_figures_have_sources(run):
    figures = ov.key_figures(run, "en")
    assert figures[0].indicator_id == "population_census"
    assert all(f.source for f in figures)


def test_coverage_pivot_shows_gaps(run):
    pivot = sv.coverage_pivot(run, "en").shown().set_index("Indicator")
    assert pivot.loc["Arrivals", "Peloponnese"] == "—"
    assert pivot.loc["Arrivals", "Attica"] == "2022"
