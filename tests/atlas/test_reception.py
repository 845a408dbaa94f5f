"""Reception layer: site placement, sites by region (sums only when complete), circles,
island series, municipal counts, Eurostat view, and the profile queries. SYNTHETIC fixtures."""

from __future__ import annotations

import io
import json
import shutil

import duckdb
import pandas as pd
import pytest

from atlas import db, maps
from atlas.charts.reception import island_chart
from atlas.queries import reception as rq
from atlas.views import reception as rv
from atlas.views.shapes import find_export
from geo import boundaries, placement

# --- placement (real gazetteer geo/places.csv) ------------------------------------------------


def test_locality_in_the_name_wins():
    p = placement.place_site("Kos CCAC (Pyli)", "Kos", "Kos", "EL42")
    assert p.level == "locality" and p.place == "Pyli (Kos)" and p.lat == pytest.approx(36.84472)


def test_municipality_seat_is_approximate_and_said_so():
    p = placement.place_site("Koutsochero (Larissa) facility", "Larissa", "Larissa", "EL61")
    assert p.level == "municipality" and p.approximate
    assert "not the exact site" in rv.placement_note(p, "en")


def test_island_without_coordinate_is_not_moved_to_another_island():
    p = placement.place_site("Leros CCAC (Lepida)", "Leros", "Kalymnos", "EL42")
    assert p == placement.NOWHERE and "not drawn" in rv.placement_note(p, "en")


def test_regional_unit_fallback_names_the_municipality():
    p = placement.place_site("West Lesvos facility", "West Lesvos", "Lesvos", "EL41")
    assert p.level == "regional_unit" and p.municipality == "West Lesvos"
    assert "West Lesvos" in rv.placement_note(p, "en") and "Lesbos" in rv.placement_note(p, "en")
    only_ru = placement.place_site("Kipselochori", None, "Larissa", "EL61")
    assert only_ru.level == "regional_unit" and "only the regional unit" in rv.placement_note(
        only_ru, "en"
    )


def test_a_place_in_another_region_is_never_used():
    assert (
        placement.place_site("Giannitsa", "", "", "EL30") == placement.NOWHERE
    )  # Giannitsa is EL52


# --- sites by region ------------------------------------------------------------------------------


def test_region_sums_only_when_every_listed_site_has_the_figure(run):
    df = rq.region_snapshot(run, "2023-09-03").set_index("region_code")
    # EL41: site_a (8000/3346) + site_e (capacity not given / 10)
    assert pd.isna(df.loc["EL41", "capacity"]) and df.loc["EL41", "n_with_capacity"] == 1
    assert df.loc["EL41", "occupancy"] == 3346 + 10
    assert df.loc["EL42", "capacity"] == 2356 + 100 and df.loc["EL42", "occupancy"] == 1579
    assert df["n_sites"].isna().sum() == 11  # no site listed: no data, not zero


def test_sites_view_map_tooltips_points_and_csv(run):
    v = rv.sites_view(run, "2023-09-03", "capacity", "en")
    assert v.map.choropleth.colors["EL41"] == "#d9d9d9"  # partial capacity → no data
    tip = dict(v.map.choropleth.tooltips["EL41"])
    assert tip["Capacity"].startswith("no data (given for 1 of 2 sites")
    assert (
        dict(v.map.choropleth.tooltips["EL30"])["Sites in the source"]
        == "no site of this region in this source"
    )
    names = {dict(p["tooltip"])["Site"] for p in v.map.circles}
    assert names == {"Site A", "Site B (Pyli)", "Site E"}  # Site C (Leros) has no point
    assert v.n_unplaced == 1
    small = [
        dict(p["tooltip"]) for p in rv.sites_view(run, "2023-09-03", "occupancy", "en").map.circles
    ]
    assert all("2 persons" not in d["Occupancy"] for d in small)
    text = find_export(v.exports).data().decode("utf-8-sig")
    assert "GeoNames" in text and "not regional totals" in text
    frame = pd.read_csv(io.StringIO(text.split("\r\n\r\n")[0]))
    assert set(frame["location_basis"]) == {"locality", "municipality", "none", "regional_unit"}


def test_per_1000_uses_the_census(run):
    df = rq.region_snapshot(run, "2023-09-03").set_index("region_code")
    assert df.loc["EL42", "occupancy_per_1000"] == pytest.approx(1579 / 302000 * 1000)


def test_default_date_prefers_complete_snapshots(run):
    dates = rq.snapshot_dates(run)
    assert rv.default_date(dates) == dates["date_text"].iloc[0]
    assert list(dates["date_text"]) == ["2023-09-03", "2022-03", "2017-06-13"]


def test_greek_labels(run):
    v = rv.sites_view(run, "2023-09-03", "occupancy", "el")
    assert v.title == "Διαμένοντες — 03/09/2023"
    assert any("." in item.label for item in v.map.choropleth.legend if item.kind == "class")


# --- map builders ---------------------------------------------------------------------------------


def test_circle_area_is_proportional():
    big, quarter = maps.circle_radius(400, 400), maps.circle_radius(100, 400)
    assert big == maps.MAX_CIRCLE_PX and quarter == pytest.approx(big / 2)
    assert maps.circle_radius(None, 400) is None and maps.circle_radius(float("nan"), 4) is None


def test_site_circles_are_offline_and_escaped(run):
    v = rv.sites_view(run, "2023-09-03", "occupancy", "en")
    v.map.circles[0]["tooltip"].append(("x", "<script>alert(1)</script>"))
    regions = json.loads(boundaries.REGIONS_PATH.read_text(encoding="utf-8"))
    m = maps.choropleth_map(v.map.choropleth, regions, None)
    n = maps.add_site_circles(m, v.map.circles)
    sizes = v.map.size_legend.sizes
    maps.add_size_legend(m, "Persons", sizes, v.map.circles[0]["max_value"], "cap", "occ")
    maps.add_note(m, "Coordinates: GeoNames <b>")
    assert n == 5  # A: 2 circles, B: 2, E: occupancy only
    html = maps.standalone_html(m)
    assert "<script>alert(1)" not in html and "&lt;script&gt;" in html
    assert "GeoNames <b>" not in html and "GeoNames \\u0026lt;b\\u0026gt;" in html
    assert maps.external_urls(m) == []


# --- island series --------------------------------------------------------------------------------


def test_island_series_keeps_gaps_and_sources(run):
    frame = rv.island_frame(run, "en")
    assert set(frame["site"]) == {"Site A", "Site B (Pyli)", "Site E"}
    fig = island_chart(frame, lang="en", title="Islands")
    cap = [tr for tr in fig.data if tr.name == "Capacity"]
    b = frame[frame["site"] == "Site B (Pyli)"].sort_values("snapshot_date")
    assert len(cap) == 3
    ys = list(cap[1].y)
    assert ys[0] is None or pd.isna(ys[0])  # 2022-03: capacity not given → a gap, not 0
    assert "Synthetic reception bulletin" in cap[1].hovertemplate[0]
    assert b["date_label"].tolist() == ["March 2022", "3 Sept 2023"]


# --- municipal network ----------------------------------------------------------------------------


def test_municipal_counts_name_only_what_sources_name(run):
    v = rv.municipal_view(run, "integration_council", "en")
    assert dict(v.map.choropleth.tooltips["EL30"])["Announced only"] == "Kifisia"
    assert v.map.choropleth.colors["EL30"] == "#d9d9d9"  # announced only: not counted
    assert v.map.choropleth.colors["EL54"] != "#d9d9d9"
    hollow = [p for p in v.map.points if not p["confirmed"]]
    assert len(hollow) == 1
    offices = rv.municipal_view(run, "asylum_office", "en")
    assert offices.n_unplaced == 1  # Amygdaleza has no coordinate


# --- Eurostat view ------------------------------------------------------------------


@pytest.fixture(scope="module")
def eurostat_run(tmp_path_factory):
    from etl.build import build
    from tests.conftest import FIXTURE_RAW
    from tests.etl.test_eurostat import SDMX

    tmp = tmp_path_factory.mktemp("es_view")
    (tmp / "in").mkdir()
    shutil.copy(SDMX, tmp / "in" / SDMX.name)
    build(FIXTURE_RAW, [tmp / "in"], db_path=tmp / "e.duckdb")
    con = duckdb.connect(str(tmp / "e.duckdb"), read_only=True)
    yield lambda sql, params=(): db.execute(con, sql, params)
    con.close()


def test_eurostat_view_shows_reasons_and_flags(eurostat_run):
    inds = rq.eurostat_indicators(eurostat_run).set_index("indicator_id")
    ind = inds.loc["eurostat_foreign_citizens"].copy()
    ind["indicator_id"] = "eurostat_foreign_citizens"
    v = rv.eurostat_view(eurostat_run, ind, "2021", "en")
    spec = v.map.choropleth
    assert spec.colors["EL41"] == "#d9d9d9" and spec.colors["EL62"] == "#d9d9d9"
    assert dict(spec.tooltips["EL41"])["No value"] == "confidential value for EL412; not summed"
    assert dict(spec.tooltips["EL62"])["No value"] == "value missing for EL622; not summed"
    assert dict(spec.tooltips["EL30"])["Eurostat flags"] == "p (provisional)"
    assert dict(spec.tooltips["EL43"])["Basis"] == "as published by Eurostat"
    assert len(v.reasons) == 2 and "Eurostat" in v.map.caption
    el = rv.eurostat_view(eurostat_run, ind, "2021", "el")
    assert dict(el.map.choropleth.tooltips["EL65"])["Σημαίες Eurostat"] == "u (χαμηλή αξιοπιστία)"


def test_no_eurostat_file_means_no_indicators(run):
    assert rq.eurostat_indicators(run).empty


def test_small_counts_are_shown_as_a_bound_everywhere(run, monkeypatch):
    from atlas import i18n

    monkeypatch.setattr(i18n, "DISCLOSURE_THRESHOLD", 20)  # Site E has occupancy 10
    v = rv.sites_view(run, "2023-09-03", "occupancy", "en")
    e = [dict(p["tooltip"]) for p in v.map.circles if dict(p["tooltip"])["Site"] == "Site E"][0]
    assert e["Occupancy"] == "<20"
    rows = pd.read_csv(
        io.StringIO(find_export(v.exports).data().decode("utf-8-sig").split("\r\n\r\n")[0])
    )
    row = rows.set_index("site_id").loc["site_e"]
    assert pd.isna(row["occupancy"]) and row["occupancy_as_published"] == "<20"
    assert "10" not in v.table.shown().set_index("Site").loc["Site E", "Occupancy"]
    frame = rv.island_frame(run, "en")
    e = frame[frame["site_id"] == "site_e"].iloc[0]
    assert e["occupancy_shown"] == "<20" and e["occupancy"] == 20


def test_greek_reception_captions_name_publishers_in_greek(bundled_run):
    """Issue 25: the source lines under the Reception maps on a Greek page give the
    publisher's official Greek name (ELSTAT, the Ministry); the English page the English."""
    from atlas.views import reception as rv

    el = " ".join(spec.caption for _, spec in rv.populations_view(bundled_run, "el").maps)
    assert "Ελληνική Στατιστική Αρχή (ΕΛΣΤΑΤ)" in el and "Υπουργείο Μετανάστευσης" in el
    assert "Hellenic Statistical Authority" not in el and "Ministry of Migration" not in el
    en = " ".join(spec.caption for _, spec in rv.populations_view(bundled_run, "en").maps)
    assert "Hellenic Statistical Authority (ELSTAT)" in en


def _municipal_text(view) -> str:
    """Everything a reader sees of a municipal layer: table, point and region tooltips."""
    parts = view.table.shown().astype(str).to_numpy().ravel().tolist()
    for p in view.map.points:
        parts += [str(v) for _, v in p["tooltip"]]
    for rows in view.map.choropleth.tooltips.values():
        parts += [str(v) for _, v in rows]
    return " | ".join(parts)


@pytest.mark.parametrize("layer", ["cni_member", "integration_council"])
def test_greek_municipal_layer_names_municipalities_in_greek(bundled_run, layer):
    """Issue 25: on a Greek page the municipalities of the municipal layers read in their
    official Greek form (geo/data/municipalities.csv), never the English one; the English
    page keeps the English names."""
    el = _municipal_text(rv.municipal_view(bundled_run, layer, "el"))
    en = _municipal_text(rv.municipal_view(bundled_run, layer, "en"))
    for greek, english in (("Αθηναίων", "Athens"), ("Θεσσαλονίκης", "Thessaloniki")):
        assert greek in el and english not in el, (layer, english)
        assert english in en and greek not in en, (layer, greek)
    if layer == "cni_member":
        assert "Λαρισαίων" in el and "Larissa" not in el


def test_greek_profile_lists_name_municipalities_in_greek(bundled_run):
    """Issue 25: the region profile's list of municipal items reads the Greek name."""
    from atlas.views.profile import items as pitems

    el = " ".join(i.title for i in pitems.reception_items(bundled_run, "EL30", "el"))
    en = " ".join(i.title for i in pitems.reception_items(bundled_run, "EL30", "en"))
    assert "Αθηναίων —" in el and "Athens —" not in el
    assert "Athens —" in en and "Αθηναίων" not in en


def test_greek_asylum_office_layer_uses_official_greek_names(bundled_run):
    """Issue 25: the Reception asylum-office layer names each office in Greek on a Greek page."""
    el = _municipal_text(rv.municipal_view(bundled_run, "asylum_office", "el"))
    en = _municipal_text(rv.municipal_view(bundled_run, "asylum_office", "en"))
    assert "Περιφερειακό Γραφείο Ασύλου Χίου" in el and "Asylum Office" not in el
    assert "Asylum Unit" not in el and "Αυτοτελές Κλιμάκιο Ασύλου Ξάνθης" in el
    assert "Regional Asylum Office of Chios" in en and "Γραφείο" not in en
