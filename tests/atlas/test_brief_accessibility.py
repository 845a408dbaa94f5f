"""The brief is a tagged PDF (WCAG 2.1 AA through the PDF techniques, docs/accessibility.md):
document language and title, /MarkInfo, a structure tree in reading order, alternative text
for the locator map, every piece of text inside tagged content or an artifact. Checked with
pypdf on the SYNTHETIC fixture database."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream

from atlas import brief
from atlas.i18n import t
from atlas.views import profile as pv

VISIT = pv.Visit("2026-11-23", "Σκοπός (SYNTHETIC)", ("Πρώτο μήνυμα", "", ""))


@pytest.fixture(scope="module")
def view_of(built_db):
    import duckdb

    from atlas import db

    con = duckdb.connect(str(built_db), read_only=True)
    run = lambda sql, params=(): db.execute(con, sql, params)  # noqa: E731
    views = {lang: pv.profile_view(run, "EL54", lang) for lang in ("el", "en")}
    con.close()
    return views


def structure(reader: PdfReader) -> list[tuple[str, str | None]]:
    """(type, alt text) of each element under /Document, in order."""
    root = reader.trailer["/Root"]["/StructTreeRoot"]
    document = root["/K"]
    document = document[0].get_object() if isinstance(document, list) else document.get_object()
    kids = document["/K"]
    kids = kids if isinstance(kids, list) else [kids]
    out = []
    for kid in kids:
        elem = kid.get_object()
        alt = elem.get("/Alt")
        out.append((str(elem["/S"]), str(alt) if alt is not None else None))
    return out


def untagged_text(reader: PdfReader) -> list[str]:
    """Text-showing operators outside any marked-content sequence (tagged or artifact)."""
    found = []
    for n, page in enumerate(reader.pages, 1):
        depth = 0
        ops = ContentStream(page.get_contents(), reader).operations
        for operands, op in ops:
            if op in (b"BDC", b"BMC"):
                depth += 1
            elif op == b"EMC":
                depth -= 1
                assert depth >= 0, f"page {n}: EMC without BDC"
            elif op in (b"Tj", b"TJ", b"'", b'"') and depth == 0:
                found.append(f"page {n}: {operands!r}"[:120])
        assert depth == 0, f"page {n}: {depth} marked-content sequences left open"
    return found


@pytest.mark.parametrize(("lang", "pdf_lang"), [("el", "el-GR"), ("en", "en-GB")])
@pytest.mark.parametrize("annex", [False, True], ids=["page", "annex"])
def test_brief_is_a_tagged_pdf(view_of, lang, pdf_lang, annex):
    view = view_of[lang]
    reader = PdfReader(io.BytesIO(brief.build_brief(view, VISIT, annex=annex)))
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == pdf_lang
    assert catalog["/MarkInfo"]["/Marked"] == True  # noqa: E712 - a pypdf BooleanObject
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712
    title = reader.metadata.title
    assert title == f"{t('brief.title', lang)}: {view.name} (EL54)"
    elements = structure(reader)
    kinds = [k for k, _ in elements]
    assert kinds[0] == "/H1"  # the region's name comes first in reading order
    assert kinds.count("/H1") == (2 if annex else 1)
    assert "/H2" in kinds and kinds.count("/P") >= 8
    figures = [alt for k, alt in elements if k == "/Figure"]
    assert figures == [t("a11y.locator_alt", lang, name=view.name, code="EL54")]
    assert kinds.index("/Figure") < kinds.index("/Caption")  # the caption follows its map
    assert untagged_text(reader) == []


def test_reading_order_follows_the_page(view_of):
    """Structure elements carry the page text in the order a reader meets it: header, visit,
    map, governor, key figures, programmes, events, sources."""
    reader = PdfReader(io.BytesIO(brief.build_brief(view_of["en"], VISIT)))
    kinds = [k for k, _ in structure(reader)]
    h2 = [i for i, k in enumerate(kinds) if k == "/H2"]
    assert kinds.index("/Figure") < h2[0]  # the map (left column) before the key figures
    assert len(h2) >= 4  # key figures, programmes, events, sources
