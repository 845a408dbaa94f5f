import re
from datetime import date
from pathlib import Path

import pytest

from atlas import i18n

ROOT = Path(__file__).resolve().parents[2]


def test_every_entry_has_both_languages():
    for key, entry in i18n.table().items():
        assert set(entry) == {"el", "en"}, key
        assert entry["el"].strip() and entry["en"].strip(), key


def test_keys_used_in_code_exist():
    """Every literal t("key", ...) in the app has an entry (a typo would crash a page)."""
    used = set()
    for path in [*ROOT.glob("atlas/**/*.py"), *ROOT.glob("pages/*.py"), ROOT / "dashboard.py"]:
        used |= set(re.findall(r"""\bt\(\s*["']([a-z_]+\.[a-z0-9_.]+)["']""", path.read_text()))
    assert used, "the scan found no keys: the pattern is broken"
    missing = sorted(k for k in used if not i18n.has(k))
    assert not missing


def test_duplicate_key_across_files_is_rejected(tmp_path, monkeypatch):
    (tmp_path / "a.toml").write_text('[x.y]\nel = "α"\nen = "a"\n', encoding="utf-8")
    (tmp_path / "b.toml").write_text('[x.y]\nel = "β"\nen = "b"\n', encoding="utf-8")
    monkeypatch.setattr(i18n, "LOCALES_DIR", tmp_path)
    i18n.table.cache_clear()
    try:
        with pytest.raises(ValueError, match="defined twice"):
            i18n.table()
    finally:
        monkeypatch.undo()
        i18n.table.cache_clear()


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        (1234567, "el", "1.234.567"),
        (1234567, "en", "1,234,567"),
        (0.29, "el", "0,29"),
        (0.29, "en", "0.29"),
        (10432481, "el", "10.432.481"),
    ],
)
def test_numbers(value, lang, expected):
    assert i18n.fmt_number(value, lang) == expected


def test_missing_value_reads_no_data():
    assert i18n.fmt_value(None, "el") == "χωρίς στοιχεία"
    assert i18n.fmt_value(float("nan"), "en") == "no data"


@pytest.mark.parametrize(("lang", "expected"), [("el", "17/11/2022"), ("en", "17 Nov 2022")])
def test_dates(lang, expected):
    assert i18n.fmt_date(date(2022, 11, 17), lang) == expected


def test_partial_dates_keep_their_precision():
    assert i18n.fmt_partial("2021", "el") == "2021"
    assert i18n.fmt_partial("2016-10", "en") == "October 2016"
    assert "Οκτώβριος" in i18n.fmt_partial("2016-10", "el")
    assert i18n.fmt_partial("--11-17", "el") == "17 Νοεμβρίου"  # no year invented
    assert i18n.fmt_partial("--11-17", "en") == "17 November"
    assert i18n.fmt_partial("", "en") == "undated"


def test_bounds_and_qualifiers():
    assert i18n.fmt_value(0.29, "el", unit="percent", qualifier="<") == "<0,29 %"
    assert i18n.bound_label("<", 0.29, None, "el", unit="percent") == "κάτω από 0,29 %"
    assert i18n.bound_label("<", 0.29, None, "en", unit="percent") == "below 0.29%"
    assert i18n.fmt_value(45000, "en", unit="persons", qualifier=">") == ">45,000 persons"
    assert i18n.fmt_value(10, "en", qualifier="range", value_high=20) == "10–20"


def test_small_person_counts_are_suppressed():
    threshold = i18n.DISCLOSURE_THRESHOLD
    assert i18n.fmt_value(threshold - 1, "en", unit="persons") == f"<{threshold}"
    assert i18n.fmt_value(threshold, "en", unit="persons") == f"{threshold} persons"
    assert i18n.fmt_value(0, "en", unit="persons") == "0 persons"  # a true zero is not hidden
    assert i18n.fmt_value(3, "en", unit="km2") == "3 km²"  # only person counts


def test_unknown_key_raises():
    with pytest.raises(i18n.MissingTranslation):
        i18n.t("no.such.key", "el")


# --- plurals (ICU-style blocks in the translation table) ------------------------------------


@pytest.mark.parametrize(
    ("n", "lang", "expected"),
    [
        (1, "el", "1 δομή σε 1 Περιφέρεια"),
        (2, "el", "2 δομές σε 1 Περιφέρεια"),
        (0, "el", "0 δομές σε 1 Περιφέρεια"),
        (1, "en", "1 site in 1 region"),
        (22, "en", "22 sites in 1 region"),
    ],
)
def test_plural_agreement(n, lang, expected):
    text = i18n.t("reception.sites_summary", lang, date="2017", n=n, regions=1, placed=n)
    assert expected in text


def test_plural_of_a_formatted_number_and_exact_branches():
    assert i18n.plural_category("1", "el") == "one"
    assert i18n.plural_category("1.234", "el") == "other"  # Greek thousands separator
    assert i18n.plural_category(1.5, "en") == "other"
    text = "{n, plural, =0 {κανένα} one {# στοιχείο} other {# στοιχεία}}"
    assert i18n.select_plurals(text, "el", {"n": 0}) == "κανένα"
    assert i18n.select_plurals(text, "el", {"n": 1}).format(n=1) == "1 στοιχείο"
    assert i18n.select_plurals(text, "el", {"n": 7}).format(n=7) == "7 στοιχεία"
    with pytest.raises(ValueError, match="malformed"):
        i18n.select_plurals("{n, plural, one {x}}", "el", {"n": 1})


def test_every_plural_block_in_the_table_is_well_formed():
    for key, entry in i18n.table().items():
        for lang, text in entry.items():
            if "plural," not in text:
                continue
            names = set(re.findall(r"\{(\w+)\s*,\s*plural", text))
            for value in (0, 1, 2, 1000):
                filled = i18n.select_plurals(text, lang, dict.fromkeys(names, value))
                assert "plural," not in filled, (key, lang)


# --- Greek copy (issue 16): the wording a native speaker corrected stays corrected ----------


def test_greek_copy_reads_as_written():
    greek = " ".join(entry["el"] for entry in i18n.table().values())
    for wrong in ("τη ξανά", "Ό,τι κρατά", "ξαναχτίστε", "Απόλυτη τιμή", "Ταξινόμηση χρωμάτων"):
        assert wrong not in greek, wrong
    assert i18n.t("status.unknown", "el") == "άγνωστο"  # neuter, like ενεργό, ολοκληρωμένο
    # the region is a proper noun in the Directorate's usage: «Περιφέρεια», never lower case
    assert not re.search(r"\bπεριφέρει", greek)
    # no nominative month glued after «από»/«Στις»: sentences take the date after a colon
    assert "από {period}" not in greek and "Στις {date}" not in greek
