"""Activities page: without reports it says so and offers the template; with the SYNTHETIC
reports it draws every part, says SYNTHETIC, and keeps its filters in the URL."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st

PAGE = "pages/activities.py"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "activities"


@pytest.fixture(scope="module")
def synthetic_db(tmp_path_factory, fixture_raw) -> Path:
    from etl.build import build

    path = tmp_path_factory.mktemp("act_page") / "atlas.duckdb"
    build(fixture_raw, [FIXTURES], db_path=path)
    return path


@pytest.mark.parametrize("lang", ["el", "en"])
def test_no_reports_offers_the_template(app, lang):
    at = app(PAGE, lang=lang)
    assert not at.exception
    assert at.title[0].value == ("Integration activities" if lang == "en" else "Δράσεις ένταξης")
    text = " ".join(i.value for i in at.info)
    assert ("No activity reports" if lang == "en" else "Δεν έχουν φορτωθεί") in text


def test_synthetic_reports_draw_every_part(app, synthetic_db, monkeypatch):
    monkeypatch.setenv("ATLAS_DB", str(synthetic_db))
    st.cache_data.clear()
    st.cache_resource.clear()
    at = app(PAGE, lang="en")
    assert not at.exception
    assert "SYNTHETIC" in at.warning[0].value
    headers = [h.value for h in at.subheader]
    assert "Who does what where: partners × regions" in headers
    assert "Coverage gaps" in headers and "Monthly timeline" in headers
    at.radio(key="act_level").set_value("municipality").run()
    assert not at.exception
    at.selectbox(key="act_partner").set_value("synthetic_ngo_beta").run()
    assert not at.exception
    value = at.query_params.get("act_partner")
    assert (value[0] if isinstance(value, list) else value) == "synthetic_ngo_beta"
