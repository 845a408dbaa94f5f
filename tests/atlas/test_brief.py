"""The one-page regional brief (PDF) on the SYNTHETIC fixture database: Greek text is
extractable (fonts embedded), figures are formatted per language, sources are in the footer,
one page (plus annex), same inputs → same bytes, every region in both languages."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader

from atlas import brief
from atlas.views import profile as pv
from geo.regions import BY_CODE, REGION_CODES

VISIT = pv.Visit(
    "2026-11-23", "Ενημέρωση για το πρόγραμμα (SYNTHETIC)", ("Πρώτο μήνυμα", "Second message", "")
)


def text_of(data: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(data))
    return len(reader.pages), "\n".join(p.extract_text() for p in reader.pages)


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def views(built_db):
    import duckdb

    from atlas import db

    con = duckdb.connect(str(built_db), read_only=True)
    run = lambda sql, params=(): db.execute(con, sql, params)  # noqa: E731
    out = {(c, lang): pv.profile_view(run, c, lang) for c in REGION_CODES for lang in ("el", "en")}
    con.close()
    return out


def test_greek_brief_text(views):
    pages, text = text_of(brief.build_brief(views["EL54", "el"], VISIT))
    assert pages == 1
    t = flat(text)
    assert "Ήπειρος" in t and "EL54" in t
    assert "807.000" in t  # population, Greek thousands separator
    assert "Πηγές και ημερομηνίες αναφοράς" in t
    assert "Test fixture (SYNTHETIC)" in t and "ημερομηνία αναφοράς 2021" in t
    assert "23/11/2026" in t  # visit date, Greek format
    assert "Πρώτο μήνυμα" in t and "Second message" in t
    assert "Ενημέρωση για το πρόγραμμα (SYNTHETIC)" in t


def test_english_brief_text(views):
    pages, text = text_of(brief.build_brief(views["EL54", "en"], VISIT))
    t = flat(text)
    assert pages == 1
    assert "Epirus" in t and "Ήπειρος" in t  # both names in the header
    assert "807,000" in t and "Sources and reference dates" in t
    assert "23 Nov 2026" in t


def test_unset_visit_fields_say_so(views):
    _, text = text_of(brief.build_brief(views["EL54", "el"]))
    assert flat(text).count("δεν έχει οριστεί") >= 3  # date, purpose, messages


def test_same_inputs_same_bytes(views):
    a = brief.build_brief(views["EL54", "el"], VISIT)
    b = brief.build_brief(views["EL54", "el"], VISIT)
    assert a == b
    other = pv.Visit("2026-11-24", VISIT.purpose, VISIT.messages)
    assert brief.build_brief(views["EL54", "el"], other) != a


def test_fonts_are_embedded(views):
    data = brief.build_brief(views["EL54", "el"], VISIT)
    reader = PdfReader(io.BytesIO(data))
    fonts = reader.pages[0]["/Resources"]["/Font"]
    names = [fonts[k].get_object()["/BaseFont"] for k in fonts]
    assert any("DejaVu" in n for n in names)
    assert b"/FontFile2" in data


def test_annex_lists_everything(views):
    pages, text = text_of(brief.build_brief(views["EL54", "en"], VISIT, annex=True))
    t = flat(text)
    assert pages >= 2
    assert "Annex — Epirus (EL54)" in t
    assert "ALL FIGURES THE ATLAS HOLDS FOR THE REGION" in t  # English headings in capitals
    assert "800,000" in t  # the 2011 census, only in the annex table
    assert "Page 2 of" in t


def test_unconfirmed_governor_in_brief(views):
    _, text = text_of(brief.build_brief(views["EL51", "en"]))
    assert "Result not yet confirmed by a final-results source" in flat(text)
    _, text = text_of(brief.build_brief(views["EL51", "el"]))
    assert "δεν έχει ακόμη επιβεβαιωθεί" in flat(text)
    assert "count in progress" not in text and "NOT CONFIRMED" not in text


@pytest.mark.parametrize("lang", ["el", "en"])
def test_every_region_builds_one_page(views, lang):
    for code in REGION_CODES:
        pages, text = text_of(brief.build_brief(views[code, lang], VISIT))
        region = BY_CODE[code]
        assert pages == 1, code
        assert (region.name_el if lang == "el" else region.name_en) in flat(text), code


def test_file_name():
    assert brief.brief_filename("EL54", "2026-11-27", "el") == "brief_EL54_2026-11-27_el.pdf"
    assert (
        brief.brief_filename("EL54", "", "en", today=date(2026, 11, 23))
        == "brief_EL54_2026-11-23_en.pdf"
    )


def test_font_files_ship_with_matplotlib():
    for path in brief.font_paths().values():
        assert path.is_file() and path.stat().st_size > 100_000
