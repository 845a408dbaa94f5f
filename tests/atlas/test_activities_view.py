"""The Activities page's view (issue 27) on the fixture database (no reports: the page says
so and offers the template) and on the SYNTHETIC reports (tests/fixtures/activities)."""

from __future__ import annotations

import io
import pickle
from pathlib import Path

import duckdb
import pytest
from openpyxl import load_workbook

from atlas import classify, db
from atlas.views import activities as av
from atlas.views.shapes import find_export
from etl.build import build

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "activities"


def runner(path: Path):
    con = duckdb.connect(str(path), read_only=True)
    return con, lambda sql, params=(): db.execute(con, sql, params)


@pytest.fixture(scope="module")
def synthetic_db(tmp_path_factory) -> Path:
    """The bundled data (census 2021 foreign residents: the coverage denominator) with the
    SYNTHETIC reports."""
    from atlas import config

    path = tmp_path_factory.mktemp("act_view") / "atlas.duckdb"
    build(config.RAW_DIR, [FIXTURES], db_path=path)
    return path


@pytest.fixture(scope="module")
def run(synthetic_db):
    con, run = runner(synthetic_db)
    yield run
    con.close()


def view(run, lang="en", measure="activities", indicator="persons_reached", level="region", **kw):
    args = [kw.get(k, "") for k in ("programme", "sector", "partner", "month_from", "month_to")]
    return av.activities_view(run, *args, measure, indicator, lang, level)


@pytest.mark.parametrize("lang", ["el", "en"])
def test_no_reports_loaded_says_so_and_offers_the_template(built_db, lang):
    con, run = runner(built_db)
    try:
        v = view(run, lang)
    finally:
        con.close()
    assert v.empty and v.map is None
    assert ("No activity reports have been loaded" if lang == "en" else "Δεν έχουν φορτωθεί") in (
        v.notice
    )
    wb = load_workbook(io.BytesIO(v.template.data()))
    assert wb.sheetnames[0] == "Αναφορές" and v.template.file_name.endswith(".xlsx")


@pytest.mark.parametrize("lang", ["el", "en"])
def test_synthetic_reports_are_labelled_everywhere(run, lang):
    v = view(run, lang)
    tag = "SYNTHETIC"
    assert v.synthetic and tag in v.notice and tag in v.map.title and tag in v.map.caption
    assert tag in v.chart.figure().layout.title.text
    for key in ("csv", "csv_coverage"):
        assert tag in find_export(v.exports, key).data().decode("utf-8-sig")
    assert all("synthetic" in e.file_name for e in v.exports)
    pickle.dumps(v)  # cached across sessions


def test_months_nobody_reported_are_not_reported_not_zero(run):
    v = view(run, "en")
    shown = dict(zip(v.timeline.frame["month"], v.timeline.frame["shown"], strict=True))
    assert shown["2025-04"] == "Not reported"  # no partner reported April 2025
    assert shown["2025-01"].endswith("persons") and shown["2025-01"] != "0 persons"
    assert "2025-04" in v.chart.description


def test_coverage_gaps_say_no_activity_reported(run):
    v = view(run, "en")
    cov = v.coverage.frame.set_index("region")
    assert cov.loc["Crete", "status"] == "No activity reported"
    assert cov.loc["Crete", "reach"] == "" and cov.loc["Crete", "foreign_residents"] != ""
    assert "Crete" in v.gaps and "Attica" not in v.gaps
    assert "no activity" not in " ".join(cov["status"]).lower().replace("no activity reported", "")
    assert cov.loc["Attica", "per_1000"] != ""


def test_matrices_and_filters(run):
    v = view(run, "en")
    partners = v.partners_matrix.shown().set_index("Partner")
    assert partners.loc["SYNTHETIC NGO Beta", "Epirus"] == "1"
    assert partners.loc["SYNTHETIC NGO Beta", "Attica"] == ""
    sectors = view(run, "en", partner="synthetic_ngo_beta").sectors_matrix.shown()
    assert list(sectors["Sector"]) == ["Legal aid and documents"]
    narrowed = view(run, "en", month_from="2025-03", month_to="2025-03")
    assert list(narrowed.timeline.frame["month"]) == ["2025-03"]


def test_small_person_counts_are_withheld(run):
    small = run(
        """select partner_id, month, region_code, sum(value) as v from activity_reports
           where indicator_id = 'persons_reached' group by all having v between 1 and 4
           order by all limit 1""",
        [],
    )
    assert len(small), "the SYNTHETIC set has a small count to withhold"
    partner, month = small.iloc[0]["partner_id"], small.iloc[0]["month"]
    v = view(run, "en", measure="indicator", partner=partner, month_from=month, month_to=month)
    text = find_export(v.exports, "csv").data().decode("utf-8-sig")
    assert "<5" in text
    matrix = " ".join(v.partners_matrix.shown().astype(str).to_numpy().ravel())
    assert "<5" in matrix and f" {int(small.iloc[0]['v'])} persons" not in f" {matrix}"
    crete = " ".join(f"{a} {b}" for a, b in v.map.choropleth.tooltips["EL43"])
    assert "No activity reported" in crete


def test_region_lines_for_the_profile(run):
    lines = av.region_lines(run, "EL52", "en")
    assert lines and all(title.startswith("SYNTHETIC") for title, _ in lines)
    assert any("Latest month reported: May 2025" in detail for _, detail in lines)
    assert av.region_lines(run, "EL43", "en") == []


def test_municipal_map_from_the_municipalities_page(run):
    assert view(run, "en").municipal_map is None  # one map at a time: by region first
    v = view(run, "en", level="municipality")
    spec = v.municipal_map
    assert spec is not None and spec.units == () and "SYNTHETIC" in spec.title
    assert "by municipality" in spec.title
    from geo import municipal_units as mu

    athens = spec.choropleth.colors[mu.unit_of("4501")]  # Αθηναίων: one activity
    crete = spec.choropleth.colors[mu.unit_of("7101")]  # Ηρακλείου (Crete): none
    assert athens != crete and crete == classify.NO_DATA_COLOR
    assert "no activity reported at municipal level" in spec.description


@pytest.mark.parametrize("lang", ["el", "en"])
def test_profile_and_brief_list_the_activities_reported(run, lang):
    from pypdf import PdfReader

    from atlas import brief
    from atlas.views import profile as pv

    profile = pv.profile_view(run, "EL52", lang)
    assert profile.activities and all("SYNTHETIC" in item.title for item in profile.activities)
    pdf = brief.build_brief(profile, annex=True)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    heading = "Activities reported in this region" if lang == "en" else "Δράσεις που αναφέρθηκαν"
    assert heading.upper() in " ".join(text.split()).upper() and "SYNTHETIC" in text
