"""Programme queries and view models on the SYNTHETIC fixture database."""

import pandas as pd
import pytest

from atlas.charts import helios as hcharts
from atlas.charts import timeline as tl
from atlas.queries import core
from atlas.queries import programmes as pq
from atlas.views import helios as hv
from atlas.views import programmes as pv
from atlas.views import timelines as tv
from atlas.views.shapes import find_export


def test_programmes_keep_date_precision(run):
    df = pq.programmes(run).set_index("programme_id")
    assert df.loc["prog_a", "start_precision"] == "month"
    assert pd.isna(df.loc["prog_b", "start_date"])  # no date is never filled in
    assert pd.Timestamp(df.loc["prog_c", "end_date"]) == pd.Timestamp("2016-06-30")
    assert df["source_title"].notna().all()


def test_programme_regions_from_sourced_rows_only(run):
    links = pq.programme_regions(run)
    got = set(zip(links["programme_id"], links["region_code"], links["basis"]))
    assert ("prog_a", "EL54", "coverage") in got and ("prog_a", "EL52", "coverage") in got
    assert ("prog_a", "EL54", "visit") in got and ("prog_a", "EL63", "event") in got
    assert not (links["region_code"] == "EL").any()
    assert "prog_b" not in set(links["programme_id"])


def test_register_filters(run):
    links = pq.programme_regions(run)
    df = pq.programmes(run)

    def ids(**kw):
        if kw.get("period"):
            kw["year_status"] = pq.programme_status_in_year(run, int(kw["period"]))
        return list(pv.filter_programmes(df, links, **kw)["programme_id"])

    assert ids(status="planned") == ["prog_b"]
    assert sorted(ids(funder="Funder A")) == ["prog_a", "prog_c"]
    assert ids(period="2016") == ["prog_c"]  # sourced start 2015, end June 2016
    assert ids(period="2017") == []  # prog_c ended, prog_a starts in 2019
    assert ids(period="2020") == ["prog_a"]  # started 2019, suspended only from 2024
    assert ids(period="2025") == []  # prog_a suspended since January 2024: not running
    assert ids(region="EL63") == ["prog_a"]
    assert ids(region="EL65") == []


def test_register_view_says_why_the_others_are_not_running(run):
    view = pv.register_view(run, "en", period="2020")
    assert view.n_total == 3 and [c.programme_id for c in view.cards] == ["prog_a"]
    assert ("In 2020", "running (by the sourced dates)") in view.cards[0].lines
    assert "Programme B: planned, no start date" in view.not_running
    assert "Programme C: completed (June 2016)" in view.not_running
    later = pv.register_view(run, "el", period="2025")
    assert later.cards == []
    assert "Πρόγραμμα Α: σε αναστολή από: Ιανουάριος 2024" in later.not_running
    assert find_export(view.exports).data().startswith(b"\xef\xbb\xbf")
    cards = pv.register_view(run, "el").cards
    assert [c.programme_id for c in cards] == ["prog_c", "prog_a", "prog_b"]  # undated last
    assert ("Διάρκεια", "2015 – Ιούνιος 2016") in cards[0].lines
    assert ("Διάρκεια", "δεν αναφέρεται – λήξη δεν αναφέρεται") in cards[2].lines
    assert list(cards[1].facts.shown().iloc[:, 0]) == ["Δομή μαθημάτων", "Έναρξη"]


def test_register_options(run):
    opts = pv.register_options(run)
    assert opts["status"] == ["", "planned", "suspended", "completed"]
    assert opts["funder"] == ["", "Funder A", "Funder B"]
    # from the first programme start to the latest programme or event date or the build's
    # year (whichever is later), newest first
    built = core.reference_date(run)
    assert built is not None
    assert opts["period"][1] == str(max(2019, built.year)) and opts["period"][-1] == "2015"
    assert opts["period"][1:] == [str(y) for y in range(max(2019, built.year), 2014, -1)]


def test_coverage_map_missing_regions_are_no_data(run):
    options = hv.coverage_options(run, "prog_a")
    assert options == ["learning_centres|2020"]
    view = hv.coverage_map_view(run, "en", options[0], programme_id="prog_a")
    assert view.has_regional
    assert len(view.frame) == 13
    assert sorted(view.frame.dropna(subset=["value"])["region_code"]) == ["EL52", "EL54"]
    assert len(view.map.choropleth.no_data) == 11
    assert view.map.choropleth.legend[-1].kind == "no_data"
    assert "Synthetic reception bulletin" in view.map.caption


def test_coverage_map_per_1000_uses_population(run):
    view = hv.coverage_map_view(
        run, "en", "learning_centres|2020", "per_1000", programme_id="prog_a"
    )
    row = view.frame.set_index("region_code").loc["EL54"]
    assert row["value"] == pytest.approx(2 / row["population"] * 1000)
    assert "per 1,000" in view.title


def test_coverage_map_without_regional_figures(run):
    view = hv.coverage_map_view(run, "el", None, programme_id="prog_b")
    assert not view.has_regional
    assert len(view.map.choropleth.no_data) == 13
    assert [i.kind for i in view.map.choropleth.legend] == ["no_data"]
    assert "δημόσια" in view.notice


def test_national_series_points_and_sources(run):
    view = hv.national_view(run, "en", programme_id="prog_a")
    trace = view.chart.figure().data[0]
    assert trace.meta["metric"] == "enrolled_cumulative" and len(trace.x) == 2
    assert list(trace.text) == ["18,000", "above 25,000"]
    assert list(trace.marker.symbol) == ["circle", "circle-open"]
    assert all("Synthetic reception bulletin" in h for h in trace.hovertext)


def test_visit_status_spec_is_categorical():
    frame = pd.DataFrame(
        {
            "region_code": ["EL54", "EL63", "EL30"],
            "name": ["Epirus", "W Greece", "Attica"],
            "status": ["briefed", "planned", None],
            "date_text": ["--11-17", None, None],
            "source_publisher": ["Test", "Test", None],
            "source_title": ["SYNTHETIC", "S", None],
        }
    )
    spec = hcharts.visit_status_spec(frame, lang="el", title="t")
    assert spec.colors == {
        "EL54": hcharts.VISIT_COLORS["briefed"],
        "EL63": hcharts.VISIT_COLORS["planned"],
        "EL30": hcharts.VISIT_COLORS["not_recorded"],  # no row: not recorded, not 'not yet'
    }
    assert [i.label for i in spec.legend] == [
        "ενημερώθηκε (1)",
        "έχει προγραμματιστεί, η ημερομηνία δεν δίνεται (1)",
        "δεν έχει καταγραφεί (1)",
    ]
    date = ("Ημερομηνία (όπως στην πηγή)", "17 Νοεμβρίου (η πηγή δεν δίνει έτος)")
    assert date in spec.tooltips["EL54"]


def test_visits_view_no_year_guessed(run):
    view = hv.visits_view(run, "en", programme_id="prog_a")
    assert view.counts == {"briefed": 1, "not_recorded": 12}
    first = view.table.shown().iloc[0]
    assert first["Date (as in the source)"] == "17 November (year not given by the source)"


def test_timeline_filters(run):
    ev = pq.events(run)
    ids = lambda **kw: sorted(tv.filter_events(ev, **kw)["event_id"])  # noqa: E731
    assert ids(process="budapest") == ["ev_abroad", "ev_rhodes", "ev_undated", "ev_year"]
    assert ids(country="Estonia") == ["ev_multi"]  # a participant, not the venue
    assert ids(country="Cyprus") == ["ev_day", "ev_multi"]
    # date range keeps overlapping dated events and the undated ones (cannot be placed)
    assert ids(year_from="2016", year_to="2016") == ["ev_month", "ev_noyear", "ev_undated"]


def test_timeline_view_counts_and_map(run):
    view = tv.timeline_view(run, "en")
    assert (view.n_dated, view.n_undated) == (6, 2)
    assert len(tl.bars(view.chart.figure())) == 6
    colors = view.map.choropleth.colors
    assert colors["EL52"] != tl.ZERO_COLOR  # Thessaloniki meeting
    assert colors["EL42"] != tl.ZERO_COLOR  # Rhodes
    assert colors["EL30"] == tl.ZERO_COLOR
    csv = find_export(view.exports).data()
    assert b"ev_rhodes" in csv and b"ev_undated" in csv
    only = tv.timeline_view(run, "en", process="ein")
    assert b"ev_rhodes" not in find_export(only.exports).data()


def test_timeline_options(run):
    opts = tv.timeline_options(run)
    assert opts["process"] == ["", "budapest", "ein", "helios"]
    assert opts["country"] == ["", "Cyprus", "Estonia", "Greece", "Türkiye"]
    assert opts["years"][0] == "2003" and opts["years"][-1] == "2019"


def test_region_functions_for_the_profile(run):
    progs = pq.region_programmes(run, "EL54")
    assert list(progs["programme_id"]) == ["prog_a"]
    assert progs.iloc[0]["bases"] == "coverage, visit"
    ev = pq.region_events(run, "EL52")
    assert list(ev["event_id"]) == ["ev_day"] and ev.iloc[0]["source_title"]
    visit = pq.region_visit(run, "EL54")
    assert visit.iloc[0]["date_text"] == "--11-17" and pd.isna(visit.iloc[0]["date_start"])
    assert pq.region_visit(run, "EL30").empty
