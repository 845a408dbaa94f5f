"""The brief of every region on the bundled data, in both languages, read back with pypdf
(issue 25): the source numbers run 1, 2, 3 … in the order they are first cited on page one,
with no gap, and the annex's source list continues from there; the Greek brief carries no
English-only names or notes that have a Greek form (publishers, the governor's status)."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from atlas import brief
from atlas.views import profile as pv
from geo.regions import REGION_CODES

CITE = re.compile(r"\[(\d+)\]")


@pytest.fixture(scope="module")
def briefs(bundled_run):
    out = {}
    for code in REGION_CODES:
        for lang in ("el", "en"):
            view = pv.profile_view(bundled_run, code, lang)
            reader = PdfReader(io.BytesIO(brief.build_brief(view, annex=True)))
            out[code, lang] = [p.extract_text() for p in reader.pages]
    return out


@pytest.mark.parametrize("lang", ["el", "en"])
@pytest.mark.parametrize("code", REGION_CODES)
def test_source_numbers_run_in_order_of_citation(briefs, code, lang):
    pages = briefs[code, lang]
    first = [int(n) for n in CITE.findall(pages[0])]
    assert first, (code, lang)
    seen = list(dict.fromkeys(first))
    # page one: 1..k, no gap, each number first cited after the one before it
    assert sorted(seen) == list(range(1, len(seen) + 1)), (code, lang, seen)
    assert seen == sorted(seen), (code, lang, seen)
    # the annex's list of sources: every number once, 1..n, continuing after page one
    annex = "\n".join(pages[1:])
    listed = [int(n) for n in re.findall(r"^\[(\d+)\] \S", annex, flags=re.M)]
    assert listed == list(range(1, len(listed) + 1)), (code, lang, listed)
    assert len(listed) >= len(seen)
    cited_in_annex = {int(n) for n in CITE.findall(annex)}
    assert cited_in_annex <= set(listed), (code, lang)


# English-only forms that reached the Greek brief before issue 25 (each has a Greek form)
ENGLISH_ONLY = (  # publishers as cited: 'publisher, «title»'
    "Hellenic Statistical Authority (ELSTAT), «",
    "Ministry of Migration and Asylum, «",
    "count in progress",
    "NOT CONFIRMED",
    "UNCONFIRMED",
)


@pytest.mark.parametrize("code", REGION_CODES)
def test_the_greek_brief_speaks_greek(briefs, code):
    text = " ".join(" ".join(briefs[code, "el"]).split())
    found = [s for s in ENGLISH_ONLY if s in text]
    assert found == [], (code, found)
    assert "Ελληνική Στατιστική Αρχή (ΕΛΣΤΑΤ)" in text
    english = " ".join(" ".join(briefs[code, "en"]).split())
    assert "Hellenic Statistical Authority (ELSTAT)" in english


@pytest.mark.parametrize(
    ("code", "greek", "english"),
    [
        ("EL30", ("Αθηναίων —", "Δάφνης-Υμηττού —"), ("Athens —", "HELIOS: Athens")),
        ("EL52", ("Θεσσαλονίκης —", "Καλαμαριάς —"), ("Kalamaria —", "Katerini", "Kilkis")),
        ("EL61", ("Λαρισαίων —",), ("Larissa —", "Trikala")),
    ],
)
def test_the_greek_brief_names_municipalities_in_greek(briefs, code, greek, english):
    """Issue 25: municipalities (network members, councils, HELIOS towns) carry their official
    Greek name (municipality_el) in the Greek brief; the English brief keeps the English."""
    text = " ".join(" ".join(briefs[code, "el"]).split())
    assert [g for g in greek if g not in text] == [], code
    assert [e for e in english if e in text] == [], code
    en = " ".join(" ".join(briefs[code, "en"]).split())
    assert english[0] in en and greek[0] not in en, code


@pytest.mark.parametrize(
    ("code", "greek", "english"),
    [
        ("EL41", "Περιφερειακό Γραφείο Ασύλου Λέσβου", "Regional Asylum Office of Lesvos"),
        ("EL42", "Αυτοτελές Κλιμάκιο Ασύλου Κω", "Asylum Unit of Kos"),
        ("EL52", "Περιφερειακό Γραφείο Ασύλου Θεσσαλονίκης", "Regional Asylum Office"),
    ],
)
def test_the_greek_brief_names_asylum_offices_officially(briefs, code, greek, english):
    """Issue 25: asylum offices carry the Asylum Service's official Greek name (office_el)."""
    text = " ".join(" ".join(briefs[code, "el"]).split())
    assert greek in text and english not in text, code
    en = " ".join(" ".join(briefs[code, "en"]).split())
    assert english in en and greek not in en, code


def test_the_greek_brief_names_the_fylakio_centre_officially(briefs):
    """Issue 25: a Reception and Identification Centre with its official Greek name
    («Κέντρο Υποδοχής και Ταυτοποίησης (ΚΥΤ) <τόπος>») reads so in the Greek brief."""
    text = " ".join(" ".join(briefs["EL51", "el"]).split())
    assert "Κέντρο Υποδοχής και Ταυτοποίησης (ΚΥΤ) Φυλακίου" in text
    assert "Fylakio RIC" not in text
    assert "Fylakio RIC" in " ".join(" ".join(briefs["EL51", "en"]).split())
