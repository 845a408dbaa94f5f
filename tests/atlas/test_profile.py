"""Region profile view model on the SYNTHETIC fixture database: tiles, sources, programmes,
events, governor, CSV. Values come from tests/fixtures/raw (EL54 population 800,000 in 2011
and 807,000 in 2021; arrivals '<5'; governor of EL51 unconfirmed)."""

from __future__ import annotations

import pytest

from atlas.i18n import t
from atlas.queries import profile as q
from atlas.views import profile as pv
from atlas.views.shapes import find_export
from geo.regions import REGION_CODES


def tile(view, key):
    return next(x for x in view.tiles if x.key == key)


def test_series_marks_latest_and_previous_period(run):
    df = q.region_indicator_series(run, "EL54")
    pop = df[df["indicator_id"] == "population_census"].set_index("period")
    assert pop.loc["2021", "recency"] == 1 and pop.loc["2011", "recency"] == 2
    assert pop.loc["2021", "prev_value"] == 800_000 and pop.loc["2021", "prev_period"] == "2011"
    assert pop.loc["2021", "national_population"] > 0


def test_population_tile_in_greek(run):
    view = pv.profile_view(run, "EL54", "el")
    pop = tile(view, "population_census")
    assert pop.value == "807.000 άτομα"
    assert pop.period == "2021"
    assert "Κατάταξη: 6 από 13" in pop.lines
    assert "+7.000 (+0,9 %) σε σύγκριση με: 2011" in pop.lines
    # a population's national figure is the sum of the 13 regions of one series: said so
    assert any("του συνόλου των 13 Περιφερειών" in line for line in pop.lines)
    assert view.tiles[0].key == "population_census"


def test_population_tile_in_english(run):
    pop = tile(pv.profile_view(run, "EL54", "en"), "population_census")
    assert pop.value == "807,000 persons"
    assert "+7,000 (+0.9%) since 2011" in pop.lines


def test_bound_stays_a_bound_and_has_no_rank(run):
    view = pv.profile_view(run, "EL54", "en")
    arrivals = tile(view, "arrivals")
    assert arrivals.value.startswith("<5")
    assert not any(line.startswith("Rank") for line in arrivals.lines)
    share = tile(view, "reception_share")
    assert share.value == "<0.29%"


def test_no_density_without_an_area_figure(run):
    keys = [x.key for x in pv.profile_view(run, "EL54", "en").tiles]
    assert "density" not in keys and "area_km2" not in keys


def test_every_tile_cites_a_numbered_source_with_reference_date(run):
    view = pv.profile_view(run, "EL54", "el")
    assert list(view.sources.values()) == list(range(1, len(view.sources) + 1))
    for x in view.tiles:
        assert view.cite(x.source_ids).startswith("[")
        assert x.period
    for line in view.source_lines:
        assert "ημερομηνία αναφοράς" in line
    assert any("Test fixture (SYNTHETIC)" in line for line in view.source_lines)


def test_programmes_with_link_and_coverage(run):
    view = pv.profile_view(run, "EL54", "en")
    assert len(view.programmes) == 1
    prog = view.programmes[0]
    # operating in the region (a coverage figure), and a briefing said for what it is
    assert "documented in the region" in prog.detail and "one briefing" in prog.detail
    assert any("2 centres" in x and "(2020)" in x for x in prog.extra)


def test_visits_and_events_keep_date_precision(run):
    epirus = pv.profile_view(run, "EL54", "en").events
    assert epirus and epirus[0].title.startswith("Briefing visit")
    assert "17 November" in epirus[0].detail and "20" not in epirus[0].detail.split("·")[0]
    west = pv.profile_view(run, "EL63", "el").events
    assert [e.title for e in west] == ["Ενημέρωση"]


def test_governor_unconfirmed_is_said(run):
    gov = pv.profile_view(run, "EL51", "en").governor
    assert gov.title == "Governor B"  # no Greek name in the data: the English one is shown
    calm = t("profile.unconfirmed", "en")
    assert any(x.startswith(calm) and "count in progress" in x for x in gov.extra)
    # in Greek: the status in Greek, calmly; the data's English note is not on a Greek page
    greek = pv.profile_view(run, "EL51", "el").governor.extra
    assert greek == [t("profile.unconfirmed", "el")]
    assert not any(c.isupper() and c.isascii() for c in "".join(greek))
    assert pv.profile_view(run, "EL54", "el").governor.extra == []
    assert pv.profile_view(run, "EL30", "en").governor is None


def test_csv_has_bom_sources_and_footer(run):
    view = pv.profile_view(run, "EL54", "el")
    csv = find_export(view.exports, "csv")
    assert csv.data().startswith("\ufeff".encode())
    text = csv.data().decode("utf-8-sig")
    header = text.splitlines()[0]
    for col in ("region_code", "value", "source_publisher", "source_reference_date"):
        assert col in header
    assert "# Ήπειρος (EL54)" in text
    assert csv.file_name == "atlas_profile_EL54_el.csv"


def test_locator_spec_highlights_one_region(run):
    view = pv.profile_view(run, "EL54", "en")
    spec = view.locator
    assert spec.colors["EL54"] == pv.LOCATOR_COLOR
    assert {c for k, c in spec.colors.items() if k != "EL54"} == {pv.LOCATOR_OTHER}
    assert set(spec.colors) == set(REGION_CODES)


@pytest.mark.parametrize("lang", ["el", "en"])
def test_every_region_has_a_view(run, lang):
    for code in REGION_CODES:
        view = pv.profile_view(run, code, lang)
        assert view.code == code and view.tiles  # population at least


def test_unknown_region_is_refused(run):
    with pytest.raises(ValueError):
        pv.profile_view(run, "EL99", "en")


def test_tile_number_and_unit_apart_for_narrow_tiles(run):
    view = pv.profile_view(run, "EL54", "el")
    pop = tile(view, "population_census")
    assert (pop.number, pop.unit) == ("807.000", "άτομα")
    assert tile(view, "arrivals").number == "<5"  # disclosure control kept
    share = tile(view, "reception_share")
    assert (share.number, share.unit) == ("<0,29 %", "")
