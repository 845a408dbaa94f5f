"""Reception page (AppTest): every layer renders in both languages without an exception;
the foreign-citizen layer explains how to load Eurostat's file until one is loaded."""

from __future__ import annotations

import shutil

import pytest
import streamlit as st

PAGE = "pages/reception.py"
LAYERS = ("sites", "share", "islands", "municipal", "foreign")


def texts(at) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [w.value for w in at.warning] + [i.value for i in at.info]
    parts += [c.value for c in at.code]
    return "\n".join(parts)


@pytest.mark.parametrize("lang", ["el", "en"])
@pytest.mark.parametrize("layer", LAYERS)
def test_every_layer_renders(app, layer, lang):
    at = app(PAGE, lang=lang, layer=layer)
    assert not at.exception
    assert at.radio(key="layer").value == layer
    assert not at.error


def test_sites_layer_has_date_measure_table_and_csv(app):
    at = app(PAGE, lang="en", layer="sites")
    assert at.selectbox(key="snapshot").value == "2023-09-03"
    at.selectbox(key="site_measure").set_value("occupancy_per_1000").run()
    assert not at.exception
    text = texts(at)
    assert "not regional totals" in text and "GeoNames" in text
    assert "Sites not drawn (no coordinates for their place, see the table): 1." in text
    assert len(at.html) and any("atlas-sortable" in h.value for h in at.html)  # light table


def test_date_selector_reaches_older_snapshots(app):
    at = app(PAGE, lang="en", layer="sites", snapshot="2017-06-13")
    assert at.selectbox(key="snapshot").value == "2017-06-13"
    assert not at.exception


def test_foreign_layer_says_what_to_download_and_where(app):
    for lang, words in (("en", "download it as"), ("el", "κατεβάστε")):
        at = app(PAGE, lang=lang, layer="foreign")
        text = texts(at)
        assert "cens_21ctz_r3" in text and "SDMX-CSV" in text and words in text
        assert "python -m etl --input FOLDER" in text
        assert not at.exception


@pytest.fixture(scope="module")
def eurostat_db(tmp_path_factory):
    from etl.build import build
    from tests.conftest import FIXTURE_RAW
    from tests.etl.test_eurostat import SDMX

    tmp = tmp_path_factory.mktemp("es_page")
    (tmp / "in").mkdir()
    shutil.copy(SDMX, tmp / "in" / SDMX.name)
    build(FIXTURE_RAW, [tmp / "in"], db_path=tmp / "e.duckdb")
    return tmp / "e.duckdb"


def test_foreign_layer_fills_in_once_a_file_is_loaded(app, eurostat_db, monkeypatch):
    monkeypatch.setenv("ATLAS_DB", str(eurostat_db))
    st.cache_data.clear()
    st.cache_resource.clear()
    at = app(PAGE, lang="en", layer="foreign")
    assert not at.exception and not at.warning
    assert at.selectbox(key="eurostat_indicator").value == "eurostat_foreign_citizens_share"
    text = texts(at)
    assert "confidential value for EL412" in text and "value missing for EL622" in text
