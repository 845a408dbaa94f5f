"""Every page loads in Greek and English without an exception or an error box."""

import pytest

from atlas import nav

PAGES = nav.page_files()  # the pages the navigation offers (atlas.nav), upload included


@pytest.mark.parametrize("lang", ["el", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_page_loads(app, page, lang):
    at = app(page, lang=lang)
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    assert at.title, "every page has a title"


def test_language_switch_changes_labels(app):
    at = app("pages/map_explorer.py")
    assert at.title[0].value == "Εξερεύνηση χάρτη"
    at.sidebar.radio(key="lang").set_value("en").run()
    assert at.title[0].value == "Map explorer"
    assert at.query_params["lang"] == ["en"] or at.query_params["lang"] == "en"


def test_missing_database_gives_clear_message(app, monkeypatch, tmp_path):
    monkeypatch.setenv("ATLAS_DB", str(tmp_path / "nope.duckdb"))
    at = app("pages/map_explorer.py", lang="en")
    assert not at.exception
    assert any("python -m etl" in c.value for c in at.code)
    assert any("not found" in e.value for e in at.error)


def test_corrupt_database_gives_clear_message(app, monkeypatch, tmp_path):
    bad = tmp_path / "bad.duckdb"
    bad.write_bytes(b"this is not a database" * 100)
    monkeypatch.setenv("ATLAS_DB", str(bad))
    at = app("pages/overview.py", lang="en")
    assert not at.exception
    assert any("cannot be read" in e.value for e in at.error)
