"""atlas.queries.local on the database built from the bundled data/raw."""

from __future__ import annotations

import duckdb
import pytest

from atlas.queries import local as q


@pytest.fixture(scope="module")
def run(bundled_db):
    con = duckdb.connect(str(bundled_db), read_only=True)
    yield lambda sql, params: con.execute(sql, list(params)).df()
    con.close()


def test_region_municipalities_with_structures(run) -> None:
    crete = q.municipalities(run, "EL43")
    assert len(crete) == 24 and set(crete["region_code"]) == {"EL43"}
    assert crete["population_2021"].sum() == 617_360
    heraklion = crete.set_index("code").loc["7101"]
    assert heraklion.has_kem and heraklion.in_cities_network and heraklion.has_council
    rethymno = crete.set_index("code").loc["7301"]
    assert rethymno.n_structures == 0  # no record in the atlas (not "none")
    assert len(q.municipalities(run)) == 333


def test_card_parts(run) -> None:
    one = q.municipality(run, "1402")
    assert one.iloc[0]["name_en"] == "Velventos" and one.iloc[0]["region_name_en"]
    assert q.municipality(run, "9999").empty
    rows = q.structures(run, code="4501")
    assert {"kem", "cities_network", "semp", "helios", "reception_site"} <= set(rows["kind"])
    assert rows["source_title"].notna().all()
    sites = q.reception_sites(run, "5301")
    assert "lesvos_mavrovouni" in set(sites["site_id"])
    figures = q.values(run, "0101")
    shares = figures[figures["indicator_id"] == "census2001_non_greek_share"]
    assert list(shares["period"]) == ["2001"] and shares["is_historical"].all()
    pops = figures[figures["indicator_id"] == "population_census"]
    assert list(pops["period"]) == ["2021", "2011"]


def test_structures_filters_and_calls(run) -> None:
    calls = q.structures(run, kinds=("semp",))
    assert set(calls["status"]) == {"known", "call", "announced"}
    assert set(q.structures(run, region_code="EL41", kinds=("kem",))["code"]) == {"5301", "5302"}


def test_indicator_values_cover_every_municipality(run) -> None:
    north_aegean = q.indicator_values(run, "census2001_non_greek_share", "2001", "EL41")
    assert len(north_aegean) == 11
    # Lesvos and Samos were one municipality each in 2001-2011: no figure for their parts
    split = north_aegean[north_aegean["code"].isin(["5301", "5302", "5601", "5602"])]
    assert split["value"].isna().all()
    units = q.former_units(run)
    assert set(units["code_2011"]) == {"1404", "3201", "3501", "5301", "5601"}
    listed = q.indicators(run).set_index("indicator_id")
    assert listed.loc["population_census", "n_municipalities"] == 333
    assert listed.loc["census2001_non_greek_share", "is_historical"]
