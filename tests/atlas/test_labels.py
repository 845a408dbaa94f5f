"""One helper each for a localised name, a region label and a citation."""

from collections import namedtuple

import pandas as pd

from atlas import i18n, labels


def test_local_prefers_greek_and_falls_back_to_english():
    row = {"name_el": "Ήπειρος", "name_en": "Epirus"}
    assert labels.local(row, "name", "el") == "Ήπειρος"
    assert labels.local(row, "name", "en") == "Epirus"
    assert labels.local({"name_el": None, "name_en": "Epirus"}, "name", "el") == "Epirus"
    assert labels.local({"name_el": "", "name_en": "Epirus"}, "name", "el") == "Epirus"
    Row = namedtuple("Row", "title_el title_en")
    assert labels.local(Row(float("nan"), "Meeting"), "title", "el") == "Meeting"
    assert labels.local(pd.Series(row), "name", "xx") == "Ήπειρος"  # unknown lang → Greek


def test_local_on_a_frame_fills_missing_greek_per_row():
    df = pd.DataFrame({"name_el": ["Α", None, ""], "name_en": ["A", "B", "C"]})
    assert labels.local(df, "name", "el").tolist() == ["Α", "B", "C"]
    assert labels.local(df, "name", "en").tolist() == ["A", "B", "C"]


def test_region_label():
    assert labels.region_label("EL54", "el") == "Ήπειρος"
    assert labels.region_label("EL54", "en", with_code=True) == "Epirus (EL54)"
    assert labels.region_label("EL99", "en") == "EL99"
    assert labels.region_label("EL99", "en", unknown="") == ""


def test_citation_and_source_line():
    assert labels.citation("ELSTAT", "Census 2021") == "ELSTAT, «Census 2021»"
    assert labels.citation("ELSTAT", "Census 2021", "2023") == "ELSTAT, «Census 2021» (2023)"
    assert labels.citation("ELSTAT", None) == ""
    frame = pd.DataFrame(
        {
            "source_id": ["a", "a", "b", None],
            "source_publisher": ["P", "P", "Q", None],
            "source_title": ["T", "T", "U", None],
            "source_reference_date": ["2021-10", "2021-10", None, None],
        }
    )
    assert labels.source_line(frame, "en") == "Sources: P, «T» (October 2021); Q, «U»"
    assert labels.source_line(frame.iloc[:1], "el") == "Πηγή: P, «T» (Οκτώβριος 2021)"
    assert labels.source_line(frame.iloc[3:], "en") == i18n.t("common.no_data", "en")


def test_number_symbols_and_other_language():
    assert i18n.number_symbols("el") == (",", ".")
    assert i18n.plotly_separators("en") == ".,"
    assert i18n.other_lang("el") == "en" and i18n.other_lang("en") == "el"


def test_terms_of_a_fixed_vocabulary_read_in_greek_and_unknown_ones_as_written():
    """Site types and parties as the data writes them: Greek where the locales have them;
    a term the locales lack is shown as the data gives it (never dropped)."""
    assert labels.term("site_type", "armed-forces-managed site", "el").startswith("δομή υπό")
    assert labels.term("site_type", "armed-forces-managed site", "en") == (
        "armed-forces-managed site"
    )
    assert labels.term("party", "New Democracy", "el") == "Νέα Δημοκρατία"
    assert labels.term("party", "SYNTHETIC party", "el") == "SYNTHETIC party"
    assert labels.term("party", None, "el") == ""


def test_every_site_type_and_party_of_the_bundled_data_reads_in_greek():
    import csv

    from atlas.config import RAW_DIR

    for file, column, kind in (
        ("sites.csv", "site_type", "site_type"),
        ("governors.csv", "party", "party"),
    ):
        with open(RAW_DIR / file, encoding="utf-8") as fh:
            values = {r[column] for r in csv.DictReader(fh) if r[column]}
        assert values
        for v in values:
            assert labels.term(kind, v, "el") != v, f"{file} {column}: {v!r} has no Greek term"


def test_greek_or_takes_the_greek_form_on_greek_pages_only():
    import pandas as pd

    from atlas import labels

    row = {"publisher": "Hellenic Statistical Authority (ELSTAT)", "publisher_el": "ΕΛΣΤΑΤ"}
    assert labels.greek_or(row, "publisher", "el") == "ΕΛΣΤΑΤ"
    assert labels.greek_or(row, "publisher", "en") == row["publisher"]
    bare = {"publisher": "UNHCR", "publisher_el": None}
    assert labels.greek_or(bare, "publisher", "el") == "UNHCR"  # no Greek form: as recorded
    frame = pd.DataFrame([row, bare])
    assert labels.greek_or(frame, "publisher", "el").tolist() == ["ΕΛΣΤΑΤ", "UNHCR"]
    assert labels.greek_or(frame.drop(columns="publisher_el"), "publisher", "el").tolist() == [
        row["publisher"],
        "UNHCR",
    ]
