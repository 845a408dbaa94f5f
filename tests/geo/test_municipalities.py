"""geo.municipalities: the 2021 list matches ELSTAT's, every name resolves to its code,
homonyms and unknown names fail with the candidates / suggestions a person needs."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from geo.municipalities import (
    MOUNT_ATHOS_CODE,
    AmbiguousMunicipalityError,
    UnknownMunicipalityError,
    is_municipality_code,
    label,
    municipalities,
    municipality_name,
    municipality_region,
    resolve,
)

RAW = Path(__file__).resolve().parents[2] / "data" / "raw"
SOURCE = RAW / "municipal_population.csv"
HOMONYMS = {"4604", "7101"}  # Ηρακλείου (Attica) and Ηρακλείου (Crete)


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return municipalities()


def test_columns_and_count(frame: pd.DataFrame) -> None:
    assert list(frame.columns[:4]) == ["code", "name_el", "name_en", "region_code"]
    assert len(frame) == 333  # 332 municipalities + Mount Athos
    assert frame["code"].is_unique
    assert (frame["code"].str.fullmatch(r"\d{4}")).all()
    assert MOUNT_ATHOS_CODE in set(frame["code"])


def test_codes_and_greek_names_are_elstats(frame: pd.DataFrame) -> None:
    """Every code and (accent-free) Greek name is the one in ELSTAT's 2021 list."""
    source = pd.read_csv(SOURCE, dtype=str)
    codes, names = source["elstat_municipality_code"], source["municipality_name"]
    by_code = dict(zip(codes, names, strict=True))
    assert set(by_code) == set(frame["code"])
    for row in frame.itertuples():
        if row.code == MOUNT_ATHOS_CODE:
            continue
        assert resolve(by_code[row.code], row.region_code) == row.code


def test_regions_are_nuts2_and_nuts3_agree(frame: pd.DataFrame) -> None:
    from geo.regions import REGION_CODES

    nuts3 = pd.read_csv(Path(__file__).resolve().parents[2] / "geo" / "nuts3.csv", dtype=str)
    parent = dict(zip(nuts3["nuts3_code"], nuts3["region_code"], strict=True))
    assert set(frame["region_code"]) == set(REGION_CODES)
    for row in frame.itertuples():
        assert parent[row.nuts3_code] == row.region_code, row.code
    # one regional unit (first two digits) lies in one region
    assert frame.groupby(frame["code"].str[:2])["region_code"].nunique().max() == 1


@pytest.mark.parametrize("column", ["name_el", "name_en"])
def test_every_name_resolves_to_its_code(frame: pd.DataFrame, column: str) -> None:
    for row in frame.itertuples():
        name = getattr(row, column)
        if row.code in HOMONYMS:  # tested in test_ambiguous_heraklion
            assert resolve(name, row.region_code) == row.code
            continue
        assert resolve(name) == row.code, name
        assert resolve(f"Δήμος {name}") == row.code
        assert resolve(name.upper()) == row.code
        assert resolve(row.code) == row.code


def test_aliases_resolve() -> None:
    from geo.municipalities import _rows

    for code, row in _rows().items():
        for alias in filter(None, row["aliases"].split(";")):
            expected = resolve(alias, row["region_code"])
            assert expected == code, (alias, code)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Δήμος Πατρέων", "3701"),
        ("ΠΑΤΡΕΩΝ", "3701"),
        ("Πάτρα", "3701"),
        ("patras", "3701"),
        ("Patreon", "3701"),  # transliterated genitive
        ("Municipality of Athens", "4501"),
        ("Αθηναίων", "4501"),
        ("KOMOTINIS", "0101"),  # the Latin genitive of the lctools 2001 file
        ("101", "0101"),  # a spreadsheet dropped the leading zero
        (" 0101 ", "0101"),
        ("Ηρακλείου (Αττική)", "4604"),
        ("Heraklion (Crete)", "7101"),
        ("Irakleio (Attica)", "4604"),
        ("Αμπελοκήπων - Μενεμένης", "0702"),
        ("Kalamaria", "0707"),
        ("Haidari", "4707"),
    ],
)
def test_spellings(text: str, code: str) -> None:
    assert resolve(text) == code


def test_1402_is_velventos_in_2021() -> None:
    """ELSTAT 2011 used 1402 for Voio; the 2021 list gives it to Velventos."""
    assert municipality_name("1402", "en") == "Velventos"
    assert municipality_name("1402", "el") == "Βελβεντού"
    assert resolve("1402") == "1402"
    assert resolve("Βελβεντού") == "1402"
    assert resolve("Voio") == "1403"
    assert resolve("Σερβίων") == "1405"


def test_ambiguous_heraklion() -> None:
    for text in ("Ηρακλείου", "Δήμος Ηρακλείου", "Ηράκλειο", "Heraklion", "Iraklio"):
        with pytest.raises(AmbiguousMunicipalityError) as err:
            resolve(text)
        assert sorted(err.value.candidates) == ["4604", "7101"]
        assert isinstance(err.value, ValueError)
    assert resolve("Ηρακλείου", region_code="EL43") == "7101"
    assert resolve("Ηρακλείου", region_code="Κρήτη") == "7101"
    assert resolve("Ηρακλείου", region_code="Attica") == "4604"
    assert resolve("4604") == "4604"
    message = str(pytest.raises(AmbiguousMunicipalityError, resolve, "Ηρακλείου").value)
    assert "Κρήτη" in message and "Αττική" in message


def test_unknown_gives_suggestions() -> None:
    with pytest.raises(UnknownMunicipalityError) as err:
        resolve("Πατρεωνν")
    assert isinstance(err.value, ValueError)
    assert err.value.suggestions and err.value.suggestions[0].startswith("Πατρέων (3701")
    with pytest.raises(UnknownMunicipalityError) as err:
        resolve("Kalamria")
    assert err.value.suggestions[0].startswith("Kalamaria (0707")
    with pytest.raises(UnknownMunicipalityError) as err:
        resolve("Qwxz qqq")
    assert err.value.suggestions == []
    for bad in ("", "   ", "9999", "12345"):
        with pytest.raises(UnknownMunicipalityError):
            resolve(bad)


def test_region_that_does_not_hold_it_is_refused() -> None:
    with pytest.raises(UnknownMunicipalityError, match="EL30"):
        resolve("Πάτρα", region_code="EL30")
    with pytest.raises(UnknownMunicipalityError):
        resolve("3701", region_code="Attica")


def test_helpers() -> None:
    assert is_municipality_code("0101") and not is_municipality_code("101")
    assert municipality_region("9901") == "EL52"
    assert label("7101", like="Ηρακλείου") == "Ηρακλείου (7101, Κρήτη)"
    assert label("7101") == "Heraklion (7101, Crete)"
    with pytest.raises(ValueError):
        municipality_name("3701", "fr")
