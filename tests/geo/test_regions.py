"""geo.regions: every real-world spelling maps to one NUTS-2 code; unknown names fail loudly."""

from __future__ import annotations

import pytest

from geo.regions import (
    BY_CODE,
    NAME_PREFIXES,
    NAME_SUFFIXES,
    NATIONAL_CODE,
    REGION_ALIASES,
    REGION_CODES,
    REGIONS,
    AmbiguousRegionError,
    UnknownRegionError,
    affix_keys,
    area_code,
    candidate_label,
    is_region_code,
    is_total_name,
    known_region_names,
    normalize_name,
    region_code,
    region_name,
    strip_affixes,
)

SPELLINGS: list[tuple[str, str]] = [
    # codes: NUTS-2 in any case, ISO 3166-2 (Attica is GR-I), Natural Earth's old GR-A1
    ("el54", "EL54"),
    ("EL54", "EL54"),
    (" El30 ", "EL30"),
    ("GR-D", "EL54"),
    ("gr-i", "EL30"),
    ("GR-A1", "EL30"),
    ("GR-A", "EL51"),
    ("gr-m", "EL43"),
    ("EL21", "EL54"),
    ("GR-EP", "EL54"),
    # Greek: accents, capitals, final sigma, genitive, prefixes
    ("ΗΠΕΙΡΟΣ", "EL54"),
    ("Ήπειρος", "EL54"),
    ("Ηπειρος", "EL54"),
    ("Ηπείρου", "EL54"),
    ("Περιφέρεια Ηπείρου", "EL54"),
    ("ΠΕΡΙΦΕΡΕΙΑ ΗΠΕΙΡΟΥ", "EL54"),
    ("Π. Ηπείρου", "EL54"),
    ("Περιφέρεια Δυτικής Ελλάδας", "EL63"),
    ("Περιφέρεια Δυτικής Ελλάδος", "EL63"),
    ("Περιφέρεια Βορείου Αιγαίου", "EL41"),
    ("Νοτίου Αιγαίου", "EL42"),
    ("Περιφέρεια Αττικής", "EL30"),
    ("Κρήτης", "EL43"),
    ("Ιονίων Νήσων", "EL62"),
    ("Στερεάς Ελλάδας", "EL64"),
    ("Στερεάς Ελλάδος", "EL64"),
    ("Θεσσαλίας", "EL61"),
    ("Πελοποννήσου", "EL65"),
    ("Κεντρικής Μακεδονίας", "EL52"),
    ("Δυτικής Μακεδονίας", "EL53"),
    ("Ανατολικής Μακεδονίας και Θράκης", "EL51"),
    ("Ανατ. Μακεδονίας & Θράκης", "EL51"),
    ("Περιφέρεια Ανατολικής Μακεδονίας και Θράκης", "EL51"),
    ("ΑΝΑΤΟΛΙΚΗ ΜΑΚΕΔΟΝΙΑ ΚΑΙ ΘΡΑΚΗ", "EL51"),
    ("Αττική", "EL30"),
    ("Βόρειο Αιγαίο", "EL41"),
    # English
    ("West Greece", "EL63"),
    ("Western Greece", "EL63"),
    ("Sterea Ellada", "EL64"),
    ("Central Greece", "EL64"),
    ("North Aegean", "EL41"),
    ("Northern Aegean", "EL41"),
    ("South Aegean", "EL42"),
    ("Southern Aegean", "EL42"),
    ("Ionian Islands", "EL62"),
    ("East Macedonia and Thrace", "EL51"),
    ("Eastern Macedonia & Thrace", "EL51"),
    ("Centre Macedonia", "EL52"),
    ("Central Macedonia", "EL52"),
    ("Region of Epirus", "EL54"),
    ("Attica Region", "EL30"),
    ("Peloponnese", "EL65"),
    ("Peloponnesus", "EL65"),
    ("Crete", "EL43"),
    ("the Region of Crete", "EL43"),
    ("Western Macedonia", "EL53"),
    ("Thessaly", "EL61"),
    ("Epirus", "EL54"),
    ("Attica", "EL30"),
    # transliterations
    ("Ipeiros", "EL54"),
    ("Epiros", "EL54"),
    ("Dytiki Ellada", "EL63"),
    ("Kentriki Makedonia", "EL52"),
    ("Dytiki Makedonia", "EL53"),
    ("Anatoliki Makedonia kai Thraki", "EL51"),
    ("Notio Aigaio", "EL42"),
    ("Voreio Aigaio", "EL41"),
    ("Peloponnisos", "EL65"),
    ("Kriti", "EL43"),
    ("Thessalia", "EL61"),
    ("Attiki", "EL30"),
    ("Ionia Nisia", "EL62"),
    ("Periferia Kritis", "EL43"),
    ("Perifereia Ipeirou", "EL54"),
]


@pytest.mark.parametrize(("spelling", "code"), SPELLINGS)
def test_spelling_maps_to_code(spelling: str, code: str) -> None:
    assert region_code(spelling) == code


@pytest.mark.parametrize("region", REGIONS, ids=lambda r: r.code)
def test_round_trip_of_the_regions_table(region) -> None:
    for spelling in (region.code, region.iso, region.ne_code, region.name_el, region.name_en):
        assert region_code(spelling) == region.code
        assert region_code(spelling.lower()) == region.code
    assert region_name(region.code, "el") == region.name_el
    assert region_name(region.code, "en") == region.name_en
    assert is_region_code(region.code)


@pytest.mark.parametrize(("code", "aliases"), sorted(REGION_ALIASES.items()))
def test_every_alias_in_the_table_resolves_to_its_own_region(code, aliases) -> None:
    for alias in aliases:
        assert region_code(alias) == code, alias


def test_no_normalised_name_means_two_regions() -> None:
    seen: dict[str, str] = {}
    for region in REGIONS:
        names = (region.name_el, region.name_en, *REGION_ALIASES[region.code])
        for name in names:
            key = normalize_name(name)
            assert seen.setdefault(key, region.code) == region.code, name
    assert seen == known_region_names()


def test_table_is_thirteen_regions() -> None:
    assert len(REGIONS) == len(set(REGION_CODES)) == 13
    assert set(REGION_ALIASES) == set(REGION_CODES)


@pytest.mark.parametrize("name", ["Epiruss", "Epirous", "Ipirou region"])
def test_unknown_name_suggests_the_closest_region(name: str) -> None:
    with pytest.raises(UnknownRegionError) as info:
        region_code(name)
    err = info.value
    assert isinstance(err, ValueError)
    assert err.name == name
    assert err.candidates[0] == "EL54"
    assert name in str(err) and "Epirus (EL54)" in str(err)


def test_unknown_name_without_anything_close() -> None:
    with pytest.raises(UnknownRegionError) as info:
        region_code("zzzz qqqq")
    assert info.value.candidates == ()


@pytest.mark.parametrize("name", ["Macedonia", "Aegean", "Kentriki Ellada", "", "EL99", "GR-Z"])
def test_ambiguous_or_invalid_names_are_rejected(name: str) -> None:
    with pytest.raises(UnknownRegionError):
        region_code(name)


@pytest.mark.parametrize("name", ["EL", "el", "Greece", "Ελλάδα", "ΕΛΛΑΔΑ", "Hellas"])
def test_national_level_only_through_area_code(name: str) -> None:
    with pytest.raises(UnknownRegionError, match="area_code"):
        region_code(name)
    assert area_code(name) == NATIONAL_CODE


def test_area_code_still_maps_regions_and_rejects_unknowns() -> None:
    assert area_code("Περιφέρεια Κρήτης") == "EL43"
    with pytest.raises(UnknownRegionError) as info:
        area_code("Epiruss")
    assert info.value.candidates[0] == "EL54"


def test_is_region_code_is_strict() -> None:
    assert not is_region_code("el54")
    assert not is_region_code("Epirus")
    assert not is_region_code(NATIONAL_CODE)
    assert not is_region_code(None)


def test_region_name() -> None:
    assert region_name("EL30", "el") == "Αττική"
    assert region_name("EL63") == "Western Greece"
    assert region_name(NATIONAL_CODE, "el") == "Ελλάδα"
    with pytest.raises(ValueError):
        region_name("EL30", "fr")
    with pytest.raises(UnknownRegionError):
        region_name("EL99", "en")


def test_normalisation() -> None:
    assert normalize_name("ΠΕΡΙΦΕΡΕΙΑ  Ηπείρου") == normalize_name("Ηπειρου")
    assert normalize_name("Σάμος") == normalize_name("ΣΑΜΟΣ") == "σαμοσ"
    assert normalize_name("Macedonia & Thrace") == normalize_name("Macedonia kai Thrace")
    assert normalize_name("Region of Epirus") == "epirus"


def test_prefixes_ending_in_a_final_sigma_are_stripped() -> None:
    """ "Νομός"/"Δήμος" end in ς, which the key folds to σ before the affixes are stripped:
    written as a person writes them, they never matched ("νομοσ αττικησ" stayed a name)."""
    assert normalize_name("Νομός Αττικής") == normalize_name("ΝΟΜΟΣ ΑΤΤΙΚΗΣ") == "αττικησ"
    assert normalize_name("Δήμος Νήσου Ψαρών") == "νησου ψαρων"
    assert region_code("Νομός Αττικής") == "EL30"
    assert strip_affixes("δημοσ υδρασ", affix_keys(("Δήμος",)), ()) == "υδρασ"
    assert strip_affixes("δημοσ υδρασ", ("δημος",), ()) == "δημοσ υδρασ"  # the old mistake
    for affixes in (NAME_PREFIXES, NAME_SUFFIXES):
        assert "ς" not in "".join(affixes) and affixes == affix_keys(affixes)


def test_aliases_cover_brief_from_shared_data() -> None:
    # The English names used by the shared data files must all resolve.
    for name in BY_CODE.values():
        assert region_code(f"Region of {name.name_en}") == name.code


# As offices write them: an abbreviation, then the nominative or genitive; initials.
OFFICE_SPELLINGS: list[tuple[str, str]] = [
    ("Κ. Μακεδονία", "EL52"),
    ("Κεντρ. Μακεδονία", "EL52"),
    ("Κεν. Μακεδονίας", "EL52"),
    ("Π.Κ.Μ.", "EL52"),
    ("Δυτ. Ελλάδα", "EL63"),
    ("Δ. Ελλάδα", "EL63"),
    ("ΠΔΕ", "EL63"),
    ("Στ. Ελλάδα", "EL64"),
    ("Στερ. Ελλάδα", "EL64"),
    ("Αν. Μακεδονία & Θράκη", "EL51"),
    ("Ανατ. Μακεδονία - Θράκη", "EL51"),
    ("Α.Μ.Θ.", "EL51"),
    ("ΑΜ-Θ", "EL51"),
    ("ΑΜΘ", "EL51"),
    ("Περ. Αττικής", "EL30"),
    ("Περιφ. Κρήτης", "EL43"),
    ("Δυτ. Μακεδονία", "EL53"),
    ("Βορ. Αιγαίο", "EL41"),
    ("Νοτ. Αιγαίου", "EL42"),
    ("Ιον. Νήσων", "EL62"),
]


@pytest.mark.parametrize(("spelling", "code"), OFFICE_SPELLINGS)
def test_office_spellings(spelling: str, code: str) -> None:
    assert region_code(spelling) == code
    assert region_code(spelling.upper()) == code


@pytest.mark.parametrize(
    "name", ["ΣΥΝΟΛΟ", "Σύνολο", "Σύνολο Επικράτειας", "ΓΕΝΙΚΟ ΣΥΝΟΛΟ", "Total"]
)
def test_totals_rows_are_recognised_and_are_no_region(name: str) -> None:
    assert is_total_name(name)
    with pytest.raises(UnknownRegionError):
        region_code(name)
    with pytest.raises(UnknownRegionError):
        area_code(name)


@pytest.mark.parametrize("name", ["Αττική", "EL", "Ελλάδα", "Κεντρική Μακεδονία"])
def test_regions_and_greece_are_not_totals(name: str) -> None:
    assert not is_total_name(name)


def test_macedonia_alone_stays_ambiguous_with_every_candidate_in_words() -> None:
    with pytest.raises(AmbiguousRegionError) as info:
        region_code("Μακεδονία")
    assert info.value.candidates == ("EL51", "EL52", "EL53")
    labels = [candidate_label(c, "Μακεδονία") for c in info.value.candidates]
    assert "Κεντρική Μακεδονία (EL52)" in labels
    assert candidate_label("EL52", "Macedonia") == "Central Macedonia (EL52)"
