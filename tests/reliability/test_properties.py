"""Property-based tests (hypothesis): region-name normalisation and number parsing."""

from __future__ import annotations

import unicodedata
from decimal import Decimal

import pandas as pd
import pytest
from babel.numbers import format_decimal
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from etl import parse
from etl.errors import EtlError
from geo import regions
from geo.regions import REGION_ALIASES, REGION_CODES, REGIONS, UnknownRegionError

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

KNOWN_NAMES = sorted(
    {
        (r.code, name)
        for r in REGIONS
        for name in (r.name_el, r.name_en, r.code, r.iso, *REGION_ALIASES.get(r.code, ()))
    }
)
PREFIXES = (
    "",
    "Περιφέρεια ",
    "ΠΕΡΙΦΕΡΕΙΑ ",
    "περιφέρεια ",
    "Region of ",
    "Periferia ",
    "Π. ",
    "Αιρετή Περιφέρεια ",
)
SUFFIXES = ("", " Region", " region", " Περιφέρεια")


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )


def recase(text: str, flips: list[bool]) -> str:
    return "".join(c.upper() if f else c.lower() for c, f in zip(text, flips + [False] * len(text)))


@st.composite
def spelled_names(draw):
    """A known name of a region as people type it: any case, with or without accents,
    with an administrative prefix or suffix, with stray spaces."""
    code, name = draw(st.sampled_from(KNOWN_NAMES))
    if draw(st.booleans()):
        name = strip_accents(name)
    name = recase(name, draw(st.lists(st.booleans(), min_size=len(name), max_size=len(name))))
    is_code = name.upper() in {code, *(r.iso for r in REGIONS)}
    if not is_code:
        name = draw(st.sampled_from(PREFIXES)) + name + draw(st.sampled_from(SUFFIXES))
    pad = draw(st.sampled_from(("", " ", "  ", "\t")))
    return code, pad + name + pad


@SETTINGS
@given(spelled_names())
def test_region_code_ignores_accents_case_and_prefixes(item):
    code, text = item
    assert regions.region_code(text) == code


@pytest.mark.parametrize(
    ("genitive", "code"),
    [
        ("Περιφέρεια Ηπείρου", "EL54"),
        ("ΠΕΡΙΦΕΡΕΙΑ ΚΕΝΤΡΙΚΗΣ ΜΑΚΕΔΟΝΙΑΣ", "EL52"),
        ("περιφερεια αττικης", "EL30"),
        ("Περιφέρεια Ανατολικής Μακεδονίας και Θράκης", "EL51"),
        ("Περιφέρεια Δυτικής Ελλάδας", "EL63"),
        ("Περιφέρεια Ιονίων Νήσων", "EL62"),
        ("Περιφέρεια Νοτίου Αιγαίου", "EL42"),
        ("Περιφέρεια Βορείου Αιγαίου", "EL41"),
        ("Περιφέρεια Κρήτης", "EL43"),
        ("Περιφέρεια Θεσσαλίας", "EL61"),
        ("Περιφέρεια Στερεάς Ελλάδας", "EL64"),
        ("Περιφέρεια Πελοποννήσου", "EL65"),
        ("Περιφέρεια Δυτικής Μακεδονίας", "EL53"),
    ],
)
def test_official_genitive_names(genitive, code):
    assert regions.region_code(genitive) == code
    assert regions.region_code(strip_accents(genitive).upper()) == code


@SETTINGS
@given(st.text(max_size=40))
def test_region_code_never_crashes_and_only_returns_one_of_the_13(text):
    try:
        code = regions.region_code(text)
    except UnknownRegionError as exc:
        assert all(c in REGION_CODES for c in exc.candidates)
    else:
        assert code in REGION_CODES


@SETTINGS
@given(
    st.sampled_from(
        ["Macedonia", "Μακεδονία", "Aegean", "Αιγαίο", "Greece", "Ελλάδα", "Κεντρική Ελλάδα"]
    )
)
def test_ambiguous_or_national_names_are_not_a_region(text):
    with pytest.raises(UnknownRegionError):
        regions.region_code(text)


# --- numbers ------------------------------------------------------------------------------

decimals = st.builds(
    lambda n, k: Decimal(n).scaleb(-k),
    st.integers(min_value=-(10**13), max_value=10**13),
    st.integers(min_value=0, max_value=4),
)


def parse_one(text: str, *, greek: bool, non_negative: bool = False) -> float:
    s = pd.Series([text], index=[2])
    ctx = {"file": "SYNTHETIC.csv", "column": "value"}
    return float(
        parse.parse_numbers(s, ctx, greek=greek, required=True, non_negative=non_negative).iloc[0]
    )


@SETTINGS
@given(decimals, st.booleans())
def test_greek_formatted_numbers_round_trip(value, grouped):
    exp = -value.as_tuple().exponent if value.as_tuple().exponent < 0 else 0
    pattern = ("#,##0" if grouped else "0") + ("." + "0" * exp if exp else "")
    text = format_decimal(value, format=pattern, locale="el_GR")
    assert parse_one(text, greek=True) == pytest.approx(float(value), rel=1e-15, abs=1e-12)


@SETTINGS
@given(decimals)
def test_international_numbers_round_trip(value):
    text = format_decimal(value, format="0.####", locale="en_GB")
    assert parse_one(text, greek=False) == pytest.approx(float(value), rel=1e-15, abs=1e-12)


@SETTINGS
@given(decimals.filter(lambda d: abs(d) >= 1000))
def test_thousands_separators_are_refused_in_international_files(value):
    """'1,234' in a comma-separated file is either a wrong column split or 1.234: refuse."""
    text = format_decimal(value, format="#,##0.##", locale="en_GB")
    with pytest.raises(EtlError, match="not a number"):
        parse_one(text, greek=False)


@SETTINGS
@given(decimals.filter(lambda d: d < 0))
def test_negative_counts_are_refused(value):
    text = format_decimal(value, format="#,##0.####", locale="el_GR")
    assume(parse_one(text, greek=True) < 0)  # -0,0000 formats as 0
    with pytest.raises(EtlError, match="must not be negative"):
        parse_one(text, greek=True, non_negative=True)


@SETTINGS
@given(st.text(min_size=1, max_size=20))
@example("٣")  # Arabic-Indic digit: was read as a silent NaN
@example("１２")  # full-width digits
@example("1.٣٣٣")
@example("NaN")
@example("-inf")
@example("1e400")
def test_number_parser_accepts_only_numbers(text):
    """Whatever a cell holds, the parser returns a finite float or a clear EtlError."""
    for greek in (True, False):
        try:
            value = parse_one(text, greek=greek)
        except EtlError as exc:
            assert exc.line == 2 and exc.column == "value"
        else:
            assert value == value and abs(value) != float("inf")
