"""The region profile's Municipalities section and its brief lines (issue 26), on the
bundled data, in both languages."""

from __future__ import annotations

import io

import duckdb
import pytest
from pypdf import PdfReader

from atlas.brief import build_brief
from atlas.views.profile import Visit, municipal_caption, profile_view


@pytest.fixture(scope="module")
def run(bundled_db):
    con = duckdb.connect(str(bundled_db), read_only=True)
    yield lambda sql, params: con.execute(sql, list(params)).df()
    con.close()


@pytest.mark.parametrize("lang", ["el", "en"])
def test_section_lists_every_municipality_truthfully(run, lang: str) -> None:
    view = profile_view(run, "EL43", lang)
    section = view.municipal
    assert section.n_municipalities == len(section.table) == 24
    shown = section.table.shown()
    assert len(shown.columns) == 5
    no_record = "Καμία καταγραφή στον Άτλαντα" if lang == "el" else "No record in the atlas"
    texts = list(section.table.frame["structures"])
    assert texts.count(no_record) == section.n_without_record == 22
    heraklion = section.table.frame.set_index("code").loc["7101"]
    assert heraklion["structures_cited"].endswith("]")  # cites the profile's [n]
    assert [x.title.split(" (")[1] for x in section.network] == ["7101)", "7401)"]
    for text in texts:  # never "has none"
        assert "δεν έχει" not in text and "has no" not in text
    assert municipal_caption(view)
    csvs = [e for e in view.exports if e.key == "csv_municipalities"]
    assert csvs and b"7101" in csvs[0].make()


def test_call_is_not_a_council_and_former_unit_is_said(run) -> None:
    west = profile_view(run, "EL30", "en").municipal.table.frame.set_index("code")
    assert "not proof" in west.loc["5001", "structures"]  # Elefsina: an open call
    lesvos = profile_view(run, "EL41", "en").municipal.table.frame.set_index("code")
    assert "before the 2019 split" in lesvos.loc["5302", "structures"]


@pytest.mark.parametrize("lang", ["el", "en"])
def test_brief_page_one_and_annex(run, lang: str) -> None:
    view = profile_view(run, "EL43", lang)
    pdf = PdfReader(io.BytesIO(build_brief(view, Visit(), annex=True)))
    first = pdf.pages[0].extract_text()
    name = "Ηρακλείου (7101)" if lang == "el" else "Heraklion (7101)"
    assert name in first
    rest = " ".join(p.extract_text() for p in pdf.pages[1:])
    assert "Ρεθύμνης (7301)" in rest or "Rethymno (7301)" in rest
