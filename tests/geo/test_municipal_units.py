"""The drawn municipal units: the committed display file and the 2021 → unit crosswalk."""

from __future__ import annotations

import json

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from shapely.geometry import Point

from geo.boundaries import load_regions
from geo.build_municipal_boundaries import RENAMED, BuildError, crosswalk, parse_module
from geo.municipal_units import (
    ATHOS_UNIT,
    MUNICIPAL_DISPLAY_MAX_BYTES,
    MUNICIPAL_DISPLAY_PATH,
    SPLIT_2019,
    UNITS_OBJECT,
    plain,
    read_units_display,
    unit_labels,
    unit_of,
    unit_values,
    units,
)
from geo.municipal_units import crosswalk as read_crosswalk
from geo.regions import REGION_CODES

AREA_CRS = "EPSG:2100"
KALLIKRATIS_UNITS = 326  # 325 municipalities + Mount Athos
MUNICIPALITIES_2021 = 332  # + Mount Athos in the ELSTAT list


@pytest.fixture(scope="module")
def cw() -> pd.DataFrame:
    return read_crosswalk()


@pytest.fixture(scope="module")
def display() -> gpd.GeoDataFrame:
    return read_units_display()


# --- the file -------------------------------------------------------------------------------


def test_display_file_is_within_the_budget():
    size = MUNICIPAL_DISPLAY_PATH.stat().st_size
    assert 200_000 < size <= MUNICIPAL_DISPLAY_MAX_BYTES <= 350_000


def test_display_is_one_topology_of_the_units_with_only_their_key():
    topo = json.loads(MUNICIPAL_DISPLAY_PATH.read_text(encoding="utf-8"))
    assert topo["type"] == "Topology" and list(topo["objects"]) == [UNITS_OBJECT]
    geometries = topo["objects"][UNITS_OBJECT]["geometries"]
    assert len(geometries) == KALLIKRATIS_UNITS
    assert all(list(g["properties"]) == ["unit"] for g in geometries)
    # integer (quantised) arcs
    assert all(isinstance(v, int) for arc in topo["arcs"][:50] for xy in arc for v in xy)


def test_display_units_are_valid_without_overlap_or_gap(display):
    assert display.geometry.is_valid.all()
    projected = display.to_crs(AREA_CRS).geometry
    union = shapely.union_all(projected.values)
    assert projected.area.sum() / union.area - 1 < 1e-4  # no overlap
    holes = sum(shapely.Polygon(r).area for p in shapely.get_parts(union) for r in p.interiors)
    assert holes < 2e6  # m²: the source's own slivers only, over the whole country
    # Greece is about 132,000 km²
    assert 125_000 < union.area / 1e6 < 137_000


@pytest.mark.parametrize(
    ("place", "lon", "lat", "unit"),
    [
        ("Gavdos", 24.08, 34.84, "9320"),  # the southernmost island, own municipality
        ("Kastellorizo (Megisti)", 29.59, 36.14, "9295"),
        ("Othonoi", 19.41, 39.85, "9118"),  # Corfu's unit (Diapontia islands)
        ("Agios Efstratios", 24.99, 39.53, "9262"),
        ("Antikythira", 23.30, 35.86, "9209"),
    ],
)
def test_small_islands_are_kept(display, place, lon, lat, unit):
    point = Point(lon, lat).buffer(0.03)
    hits = [u for u, g in display.geometry.items() if g.intersects(point)]
    assert hits, place
    if unit is not None:
        assert unit in hits, (place, hits)


# --- the crosswalk --------------------------------------------------------------------------


def test_every_2021_municipality_maps_to_exactly_one_drawn_unit(cw, display):
    assert len(cw) == MUNICIPALITIES_2021 + 1
    assert cw["code"].is_unique
    assert cw["code"].str.fullmatch(r"\d{4}").all()
    assert (cw["unit"] != "").all()
    assert set(cw["unit"]) <= set(display.index)


def test_every_drawn_unit_holds_at_least_one_municipality(cw, display):
    assert set(display.index) == set(cw["unit"])
    assert len(units()) == KALLIKRATIS_UNITS


def test_merged_units_are_the_2019_splits(cw):
    merged = units().query("merged")
    assert sorted(merged.index) == sorted(SPLIT_2019)
    sizes = {u: len(codes) for u, codes in merged["codes"].items()}
    # Lesvos, Samos, Servia-Velventos; Corfu, Kefalonia
    assert sorted(sizes.values()) == [2, 2, 2, 3, 3]
    for unit, parts in SPLIT_2019.items():
        assert set(merged.at[unit, "codes"]) == {code for code, _ in parts}
        names = cw.set_index("code")["name_2021"]
        assert all(plain(names[code]) == plain(name) for code, name in parts)


def test_changed_codes_are_joined_by_name_and_code(cw):
    by_code = cw.set_index("code")
    # 1402 was Voio in 2011, Velventos in 2021: Velventos is in Servia-Velventos' unit
    assert plain(by_code.at["1402", "name_2021"]) == plain("Βελβεντού")
    assert by_code.at["1402", "unit"] == by_code.at["1405", "unit"] == "9069"
    assert plain(by_code.at["1403", "unit_name_el"]) == plain("Βοΐου")
    assert by_code.at["1403", "elstat_2011"] == "1402"  # the 2001 file's Voio
    # the two Ηρακλείου: Attica and Crete
    assert by_code.at["4604", "region_code"] == "EL30"
    assert by_code.at["7101", "region_code"] == "EL43"
    assert by_code.at["4604", "unit"] != by_code.at["7101", "unit"]


def test_names_match_their_unit_unless_checked_by_hand(cw):
    plain_match = cw[cw["match"] == "name"]
    assert (plain_match["name_2021"].map(plain) == plain_match["unit_name_el"].map(plain)).all()
    checked = cw[cw["match"].str.startswith("checked")]
    assert set(checked["code"]) == set(RENAMED)
    assert len(plain_match) + len(checked) + len(cw[cw["match"] == "split_2019"]) == len(cw)


def test_every_unit_lies_in_its_region(cw, display):
    regions = load_regions().to_crs(AREA_CRS)
    region_of = units()["region_code"]
    assert set(region_of) == set(REGION_CODES)
    points = display.to_crs(AREA_CRS).geometry.representative_point()
    wrong = []
    for unit, point in points.items():
        # inside its region's outline, or, where Natural Earth's coarse outline lacks the
        # island (Leros, Patmos, Leipsoi, Agathonisi, Megisti), inside no region and nearest
        # to its own or within 35 km of it
        own = regions.geometry[region_of[unit]]
        others = [c for c, g in regions.geometry.items() if g.contains(point)]
        nearest = regions.geometry.distance(point).idxmin()
        far = nearest != region_of[unit] and own.distance(point) > 35_000
        if not own.contains(point) and (others or far):
            wrong.append((unit, region_of[unit], others))
    assert wrong == []
    assert region_of[ATHOS_UNIT] == "EL52"


def test_the_2011_codes_are_one_per_unit(cw):
    per_unit = units()["elstat_2011"]
    known = per_unit[per_unit != ""]
    assert known.is_unique and len(known) == KALLIKRATIS_UNITS - 1  # Athos: not in the 2001 file
    assert per_unit[ATHOS_UNIT] == ""


# --- sums and labels ------------------------------------------------------------------------


def test_unit_values_sum_only_where_every_part_has_a_figure(cw):
    # SYNTHETIC figures
    values = pd.Series({"3501": 10.0, "3502": 5.0, "3503": 1.0, "5301": 7.0, "0101": 3.0})
    out = unit_values(values)
    assert out["9120"] == 16.0  # Kefalonia: all three parts
    assert pd.isna(out["9261"])  # Lesvos: only Mytilene has one
    assert out[unit_of("0101")] == 3.0
    assert pd.isna(out["9118"])  # Corfu: none


def test_merged_unit_label_names_what_it_holds():
    labels = unit_labels(pd.Series({"5601": "Ανατολική Σάμος", "5602": "Δυτική Σάμος"}))
    assert labels["9264"] == "Ανατολική Σάμος · Δυτική Σάμος"


# --- the build's checks ---------------------------------------------------------------------


def test_parse_module_reads_the_feature_and_names_a_bad_file():
    feature = '{"type":"Feature","geometry":null,"properties":{"KWD_YPES":"9001"}}'
    text = f"const data = {feature}; export {{data}}"
    assert parse_module("9001.js", text)["properties"]["KWD_YPES"] == "9001"
    with pytest.raises(BuildError, match="9002.js"):
        parse_module("9002.js", "export default 1")


def test_crosswalk_refuses_an_unknown_name_and_an_empty_unit():
    units_frame = gpd.GeoDataFrame(
        {
            "unit": ["9001", "9002"],
            "name_el": ["Δοξάτου", "Καβάλας"],
            "inside": ["EL51", "EL51"],
            "nearest": ["EL51", "EL51"],
        },
        geometry=[Point(24, 41).buffer(0.1), Point(24.4, 40.9).buffer(0.1)],
        crs="EPSG:4326",
    )
    census = [{"elstat_municipality_code": "0601", "municipality_name": "ΔΟΞΑΤΟΥ"}]
    with pytest.raises(BuildError, match="9002"):
        crosswalk(census, units_frame, [])
    census.append({"elstat_municipality_code": "0602", "municipality_name": "ΚΑΒΑΛΑΣ ΝΕΑ"})
    with pytest.raises(BuildError, match="0602"):
        crosswalk(census, units_frame, [])
