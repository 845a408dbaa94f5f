"""geo.places: the places table, its region assignments and coordinates."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import pandas as pd
import pytest

from geo.places import (
    KINDS,
    PLACES_CSV,
    UnknownPlaceError,
    find_place,
    load_places,
    place_names,
    place_region,
)
from geo.regions import REGION_CODES, normalize_name, region_code

NAMES_CSV = Path(PLACES_CSV).with_name("places_names.csv")
# Greece, generously: Corfu's west coast (19.6 E) to Kastellorizo (29.6 E), Gavdos (34.8 N)
# to the Evros border (41.7 N).
LON_RANGE = (19.0, 30.0)
LAT_RANGE = (34.5, 42.0)


@pytest.fixture(scope="module")
def places() -> pd.DataFrame:
    return load_places()


def test_exactly_74_regional_units(places: pd.DataFrame) -> None:
    units = places[places["kind"] == "regional_unit"]
    assert len(units) == 74
    assert units["name_en"].is_unique
    assert (units["regional_unit"] == units["name_en"]).all()
    per_region = units.groupby("region_code").size().to_dict()
    assert per_region == {
        "EL30": 8,
        "EL41": 5,
        "EL42": 13,
        "EL43": 4,
        "EL51": 6,
        "EL52": 7,
        "EL53": 4,
        "EL54": 4,
        "EL61": 5,
        "EL62": 5,
        "EL63": 3,
        "EL64": 5,
        "EL65": 5,
    }


def test_all_13_regions_covered_and_codes_valid(places: pd.DataFrame) -> None:
    assert set(places["region_code"]) == set(REGION_CODES)
    assert set(places["kind"]) <= set(KINDS)


def test_place_ids_unique_ascii_slugs(places: pd.DataFrame) -> None:
    assert places["place_id"].is_unique
    assert places["place_id"].str.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*").all()


def test_regional_unit_column_resolves_to_the_same_region(places: pd.DataFrame) -> None:
    units = places[places["kind"] == "regional_unit"].set_index("name_en")["region_code"]
    for row in places.itertuples():
        if row.regional_unit:
            assert units[row.regional_unit] == row.region_code, row.place_id
        else:
            assert row.place_id == "island-crete"  # spans four regional units


def test_no_normalised_name_means_two_regions(places: pd.DataFrame) -> None:
    seen: dict[str, tuple[str, str]] = {}
    for row in places.to_dict("records"):
        for name in place_names(row):
            key = normalize_name(name)
            assert key, f"{row['place_id']}: empty name {name!r}"
            first = seen.setdefault(key, (row["region_code"], row["place_id"]))
            assert first[0] == row["region_code"], (name, first, row["place_id"])


def test_place_names_agree_with_region_names(places: pd.DataFrame) -> None:
    # A place spelled like a region (e.g. "Crete") must not point somewhere else.
    for row in places.to_dict("records"):
        for name in place_names(row):
            try:
                code = region_code(name)
            except ValueError:
                continue
            assert code == row["region_code"], (name, row["place_id"])


EXPECTED = [
    ("Thessaloniki", "EL52"),
    ("Θεσσαλονίκη", "EL52"),
    ("Rhodes", "EL42"),
    ("Ρόδος", "EL42"),
    ("Kythira", "EL30"),
    ("Aegina", "EL30"),
    ("Skyros", "EL64"),
    ("Leros", "EL42"),
    ("Kos", "EL42"),
    ("Lesvos", "EL41"),
    ("Lesbos", "EL41"),
    ("Chios", "EL41"),
    ("Samos", "EL41"),
    ("Thasos", "EL51"),
    ("Samothraki", "EL51"),
    ("Katerini", "EL52"),
    ("Kilkis", "EL52"),
    ("Corfu", "EL62"),
    ("Kerkyra", "EL62"),
    ("Zakynthos", "EL62"),
    ("Filippiada", "EL54"),
    ("Thiva", "EL64"),
    ("Thebes", "EL64"),
    ("Ritsona", "EL64"),
    ("Volos", "EL61"),
    ("Elefsina", "EL30"),
    ("Skaramangas", "EL30"),
    ("Skaramagas", "EL30"),
    ("Schisto", "EL30"),
    ("Malakasa", "EL30"),
    ("Diavata", "EL52"),
    ("Nea Kavala", "EL52"),
    ("Katsikas", "EL54"),
    ("Kavala", "EL51"),
    ("Drama", "EL51"),
    ("Serres", "EL52"),
    ("Veria", "EL52"),
    ("Βέροια", "EL52"),
    ("Alexandreia", "EL52"),
    ("Lagadikia", "EL52"),
    ("Koutsochero", "EL61"),
    ("Crete", "EL43"),
    ("Gavdos", "EL43"),
    ("Evia", "EL64"),
    ("Lemnos", "EL41"),
    ("Ikaria", "EL41"),
    ("Syros", "EL42"),
    ("Naxos", "EL42"),
    ("Kalymnos", "EL42"),
    ("Tilos", "EL42"),
    ("Mytilene", "EL41"),
    ("Fylakio", "EL51"),
    ("Chalkidiki", "EL52"),
    ("Sporades", "EL61"),
    ("Souli (Paramythia)", "EL54"),
    ("Ziros", "EL54"),
    ("Andravida-Kyllini", "EL63"),
    ("Islands (Attica)", "EL30"),
    ("Piraeus", "EL30"),
    ("Δήμος Αθηναίων", "EL30"),
    ("ΛΕΣΒΟΣ", "EL41"),
    ("Π.Ε. Χίου", "EL41"),
    ("Περιφερειακή Ενότητα Έβρου", "EL51"),
]


@pytest.mark.parametrize(("name", "code"), EXPECTED)
def test_place_region(name: str, code: str) -> None:
    assert place_region(name) == code


@pytest.mark.parametrize(
    ("label", "code"),
    [
        ("Περιφέρεια Ηπείρου", "EL54"),
        ("gr-i", "EL30"),
        ("Evros/Thrace", "EL51"),
        ("Amygdaleza (Attica)", "EL30"),
        ("Crete (seat not stated in source)", "EL43"),
        ("Rhodes / Karpathos", "EL42"),
        ("West Athens/Piraeus area", "EL30"),
        ("Larissa (per UNHCR site lists; municipality not verified)", "EL61"),
    ],
)
def test_place_region_falls_back_to_regions_and_label_parts(label: str, code: str) -> None:
    assert place_region(label) == code


def test_label_parts_in_two_regions_are_rejected() -> None:
    with pytest.raises(UnknownPlaceError):
        place_region("Lesvos/Kos")


def test_unknown_place_has_candidates() -> None:
    with pytest.raises(UnknownPlaceError) as info:
        place_region("Lesvoss")
    err = info.value
    assert isinstance(err, ValueError)
    assert err.name == "Lesvoss"
    assert "island-lesvos" in err.candidates
    assert "Lesvos" in str(err)


def test_find_place() -> None:
    chios = find_place("Χίος")
    assert chios is not None
    assert chios["place_id"] == "chios" and chios["region_code"] == "EL41"
    assert isinstance(chios["lat"], float) and chios["approximate"] is False
    unit = find_place("Chios", kind="regional_unit")
    assert unit is not None and unit["place_id"] == "ru-chios" and unit["approximate"]
    ritsona = find_place("Ritsona")
    assert ritsona is not None and ritsona["lat"] is None and ritsona["approximate"]
    assert find_place("Atlantis") is None
    with pytest.raises(ValueError):
        find_place("Chios", kind="planet")


def test_every_coordinate_inside_greece_with_a_source(places: pd.DataFrame) -> None:
    located = places.dropna(subset=["lat"])
    assert places["lat"].isna().equals(places["lon"].isna())
    assert located["lon"].between(*LON_RANGE).all()
    assert located["lat"].between(*LAT_RANGE).all()
    assert located["coord_source"].str.startswith("GeoNames cities500 #").all()
    unlocated = places[places["lat"].isna()]
    assert (unlocated["coord_source"] == "").all()


@pytest.mark.parametrize(
    ("unit_id", "town_id"),
    [
        ("ru-evros", "alexandroupoli"),
        ("ru-imathia", "veria"),
        ("ru-lesbos", "mytilene"),
        ("ru-boeotia", "livadeia"),
        ("ru-west-attica", "elefsina"),
    ],
)
def test_a_seat_stand_in_is_the_town_itself(places, unit_id: str, town_id: str) -> None:
    # Guards against homonyms: GeoNames lists "Veria" as a name of Vergina, too.
    by_id = places.set_index("place_id")
    unit, town = by_id.loc[unit_id], by_id.loc[town_id]
    assert unit["coord_source"].startswith(town["coord_source"])
    assert "approximate" in unit["coord_source"] and "approximate" not in town["coord_source"]


def test_places_csv_is_the_names_table_plus_coordinates(places: pd.DataFrame) -> None:
    with NAMES_CSV.open(encoding="utf-8", newline="") as handle:
        names = list(csv.DictReader(handle))
    assert [n["place_id"] for n in names] == places["place_id"].tolist()
    for name, row in zip(names, places.to_dict("records"), strict=True):
        for column in (
            "name_el",
            "name_en",
            "alt_names",
            "kind",
            "regional_unit",
            "region_code",
            "note",
        ):
            assert name[column] == row[column], (name["place_id"], column)
        if name["coord_from"] == "-":
            assert math.isnan(row["lat"])


def test_load_places_returns_a_copy() -> None:
    first = load_places()
    first.loc[0, "region_code"] = "XX"
    assert load_places().loc[0, "region_code"] != "XX"


def _geonames_line(gid, name, alts, lat, lon, feature, admin1, admin2, pop) -> str:
    fields = [
        gid,
        name,
        name,
        alts,
        lat,
        lon,
        "P",
        feature,
        "GR",
        "",
        admin1,
        admin2,
        "",
        "",
        pop,
        "",
        "",
        "Europe/Athens",
        "2023-01-01",
    ]
    return "\t".join(fields)


def test_build_matches_only_within_region_and_flags_ambiguity(tmp_path: Path) -> None:
    from geo.build_places import build

    # SYNTHETIC GeoNames rows: a homonym in the wrong region, two equal homonyms, a seat.
    dump = tmp_path / "cities500.txt"
    dump.write_text(
        "\n".join(
            [
                _geonames_line("1", "Alfa", "", "40.0", "22.0", "PPL", "ESYE21", "17", "900"),
                _geonames_line("2", "Alfa", "", "38.0", "23.7", "PPL", "ESYE31", "98", "700"),
                _geonames_line("3", "Vita", "", "39.0", "21.0", "PPL", "ESYE21", "17", "0"),
                _geonames_line("4", "Vita", "", "39.5", "21.5", "PPL", "ESYE21", "17", "0"),
                _geonames_line(
                    "5", "Gamma", "Gama,Γάμμα", "39.6", "20.8", "PPLA2", "ESYE21", "17", "5000"
                ),
                _geonames_line("6", "Alfa", "", "36.0", "28.0", "PPL", "ESYE42", "47", "99"),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    names = tmp_path / "names.csv"
    header = "place_id,name_el,name_en,alt_names,kind,regional_unit,region_code,coord_from,note"
    names.write_text(
        "\n".join(
            [
                header,
                "alfa,Άλφα,Alfa,,site_locality,East Attica,EL30,,",
                "vita,Βήτα,Vita,,site_locality,Ioannina,EL54,,",
                "delta,Δέλτα,Delta,,site_locality,Ioannina,EL54,,",
                "ru-gamma,Γάμμα,Gamma unit,,regional_unit,Ioannina,EL54,Γάμμα,",
                "big,Μεγάλο,Big,,island,,EL54,-,",
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "places.csv"
    missing = build(dump, names_csv=names, out_csv=out)
    rows = {r["place_id"]: r for r in csv.DictReader(out.open(encoding="utf-8"))}
    assert (rows["alfa"]["lat"], rows["alfa"]["lon"]) == ("38.00000", "23.70000")
    assert rows["alfa"]["coord_source"] == "GeoNames cities500 #2 Alfa"
    assert rows["vita"]["lat"] == "" and rows["delta"]["lat"] == "" and rows["big"]["lat"] == ""
    assert rows["ru-gamma"]["coord_source"].endswith("#5 Gamma (seat/main town, approximate)")
    reasons = dict(line.split(": ", 1) for line in missing)
    assert reasons["vita"].startswith("ambiguous")
    assert reasons["delta"] == "not found"
    assert set(reasons) == {"vita", "delta", "big"}
