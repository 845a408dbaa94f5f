"""Region profile page: widgets by key, URL round trip of region and visit fields, the brief
built only on request, downloads present, no exception. Fixture data are SYNTHETIC."""

from __future__ import annotations

import pytest

PAGE = "pages/region_profile.py"


def qp(at, name):
    value = at.query_params.get(name)
    return value[0] if isinstance(value, list) else value


def downloads(at) -> dict[str, object]:
    return {d.proto.label: d for d in at.get("download_button")}


def test_renders_with_default_region(app):
    at = app(PAGE, lang="en")
    assert not at.exception and not at.error
    assert at.selectbox(key="region").value == "EL30"
    assert at.title[0].value == "Attica"
    labels = downloads(at)
    assert {"Map PNG (screen)", "Map PNG (print 2×)", "Download CSV"} <= set(labels)


def test_region_from_url_and_widget(app):
    at = app(PAGE, lang="el", region="EL54")
    assert at.selectbox(key="region").value == "EL54"
    assert at.title[0].value == "Ήπειρος"
    assert any("807.000" in str(m.value) for m in at.metric)
    at.selectbox(key="region").set_value("EL63").run()
    assert qp(at, "region") == "EL63" and at.title[0].value == "Δυτική Ελλάδα"
    assert not at.exception


def test_every_figure_has_source_and_period(app):
    at = app(PAGE, lang="en", region="EL54")
    captions = [c.value for c in at.caption]
    assert len(at.metric) >= 3
    assert sum("Source [" in c and "reference period" in c for c in captions) == len(at.metric)
    assert any("Test fixture (SYNTHETIC)" in c for c in captions)


def test_visit_fields_from_url_and_back(app):
    at = app(
        PAGE, lang="en", region="EL54", visit_date="2026-11-27", purpose="Briefing", msg1="First"
    )
    assert str(at.date_input(key="visit_date").value) == "2026-11-27"
    assert at.text_area(key="purpose").value == "Briefing"
    assert at.text_input(key="msg1").value == "First"
    at.text_input(key="msg2").input("Second").run()
    assert qp(at, "msg2") == "Second"
    at.text_area(key="purpose").input("").run()
    assert qp(at, "purpose") is None  # empty fields leave the URL


def test_visit_fields_survive_page_switch(app):
    at = app(PAGE, lang="en", region="EL54")
    at.text_input(key="msg3").input("Third").run()
    at.switch_page("pages/data_sources.py").run()
    at.switch_page(PAGE).run()
    assert at.text_input(key="msg3").value == "Third"


def test_bad_visit_date_in_url_is_ignored(app):
    at = app(PAGE, lang="en", region="EL54", visit_date="31/02/2026")
    assert not at.exception and not at.error
    assert at.date_input(key="visit_date").value is None


def test_brief_only_on_request(app):
    at = app(PAGE, lang="en", region="EL54", visit_date="2026-11-27")
    assert "Download brief (PDF)" not in downloads(at)
    at.radio(key="brief_lang").set_value("el").run()
    at.button(key="prepare_brief").click().run()
    assert not at.exception and not at.error
    assert "Download brief (PDF)" in downloads(at)
    _key, data, name = at.session_state["_brief"]
    assert name == "brief_EL54_2026-11-27_el.pdf" and data.startswith(b"%PDF")
    at.text_input(key="msg1").input("Changed").run()  # other inputs: the old file is stale
    assert "Download brief (PDF)" not in downloads(at)


def test_explorer_region_carries_over(app):
    at = app("pages/map_explorer.py", lang="en")
    at.selectbox(key="region").set_value("EL62").run()
    at.switch_page(PAGE).run()
    assert at.selectbox(key="region").value == "EL62"


@pytest.mark.parametrize("legacy", ["EL12", "GR-B"])
def test_a_link_with_an_older_region_code_opens_that_region(app, legacy):
    """EL12 (NUTS before 2013) and GR-B (ISO) are Central Macedonia, not the first region."""
    at = app("pages/region_profile.py", lang="en", region=legacy)
    assert not at.exception, at.exception
    assert at.title[0].value == "Central Macedonia"
