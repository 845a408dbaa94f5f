"""The bundled data/raw programme and event files load, and say what the sources say."""

import pandas as pd
import pytest

from atlas.charts import timeline as tl
from atlas.queries import programmes as pq
from atlas.views import helios as hv
from atlas.views import timelines as tv


@pytest.fixture(scope="module")
def real(bundled_run):
    return bundled_run


def test_programmes_load_with_sources(real):
    df = pq.programmes(real)
    assert set(df["programme_id"]) >= {
        "helios",
        "helios_successor",
        "sem_support",
        "sid_capacity",
        "help_ukraine_platform",
        "ein",
        "budapest_process",
    }
    assert df["source_title"].notna().all()
    sid = df.set_index("programme_id").loc["sid_capacity"]
    assert sid["start_text"] == "2021-07" and pd.isna(sid["end_text"])  # 12 months, no end


def test_events_load_with_precision(real):
    ev = pq.events(real).set_index("event_id")
    assert ev["source_title"].notna().all()
    assert ev.loc["ein_2016_10_first_meeting", "start_precision"] == "month"
    assert ev.loc["bp_2003_rhodes", "region_code"] == "EL42"  # Rhodes → South Aegean
    assert ev.loc["ein_2019_11_thessaloniki", "region_code"] == "EL52"
    for eid in ("helios_successor_briefing_epirus", "helios_successor_briefing_western_greece"):
        assert ev.loc[eid, "start_precision"] == "day_no_year"
        assert pd.isna(ev.loc[eid, "start_date"]) and not ev.loc[eid, "is_dated"]


def test_no_regional_helios_figures_are_invented(real):
    assert pq.regional_metrics(real, "helios").empty
    view = hv.coverage_map_view(real, "en", None)
    assert not view.has_regional and len(view.map.choropleth.no_data) == 13


def test_briefing_tour_as_the_source_says(real):
    view = hv.visits_view(real, "el")
    # the source says briefings were scheduled in the other eleven regions (date not given)
    assert view.counts == {"briefed": 2, "planned": 11}
    table = view.table.shown()
    dates = dict(zip(table["Περιφέρεια"], table["Ημερομηνία (όπως στην πηγή)"]))
    assert dates["Ήπειρος"] == "17 Νοεμβρίου (η πηγή δεν δίνει έτος)"
    assert dates["Δυτική Ελλάδα"] == "18 Νοεμβρίου (η πηγή δεν δίνει έτος)"
    status = dict(zip(table["Περιφέρεια"], table["Κατάσταση"]))
    scheduled = [
        r for r, s in status.items() if s == "έχει προγραμματιστεί, η ημερομηνία δεν δίνεται"
    ]
    assert len(scheduled) == 11 and "όχι ακόμη" not in status.values()


def test_timeline_places_every_dated_event(real):
    view = tv.timeline_view(real, "en")
    ev = pq.events(real)
    assert len(tl.bars(view.chart.figure())) == int(ev["is_dated"].sum()) == view.n_dated
    assert view.n_undated == int((~ev["is_dated"]).sum())


def test_learning_centres_are_places_not_counts(real):
    df = hv.learning_centres(real, "el").shown()
    assert "Ιωάννινα" in set(df["Τόπος"]) and df["Πηγή"].str.len().gt(0).all()
    # the map still has no regional HELIOS figure: the list is not turned into counts
    assert pq.regional_metrics(real, "helios").empty
