"""The warm-up at start (atlas.ui.warm, called by atlas.serve) makes exactly what the first
pages ask for: after it, the overview, the map explorer's and the municipalities page's
default views draw without computing a view or rendering a map; the background part covers
the explorer's other indicators; a missing database is left for the pages to report."""

from __future__ import annotations

import functools

import pytest

from atlas.ui import panels, warm
from atlas.views import explorer as xv
from atlas.views import municipalities as mv


@pytest.fixture
def work(monkeypatch):
    """Count explorer views computed and maps rendered (by the pages or the warm-up)."""
    seen = {"views": [], "maps": []}
    view, municipal, render = xv.explorer_view, mv.municipal_view, panels._prepare_map

    @functools.wraps(view)
    def explorer_view(run, *args):
        seen["views"].append(args)
        return view(run, *args)

    @functools.wraps(municipal)
    def municipal_view(run, *args):
        seen["views"].append(args)
        return municipal(run, *args)

    @functools.wraps(render)
    def prepare_map(spec, key, *args):
        seen["maps"].append(key)
        return render(spec, key, *args)

    monkeypatch.setattr(xv, "explorer_view", explorer_view)
    monkeypatch.setattr(mv, "municipal_view", municipal_view)
    monkeypatch.setattr(panels, "_prepare_map", prepare_map)
    return seen


def test_the_first_pages_find_their_views_and_maps_made(app, work):
    warm.defaults()
    assert {"overview_map", "explorer_map", "municipal_map"} <= set(work["maps"])
    made = (len(work["views"]), len(work["maps"]))
    for lang in ("en", "el"):
        at = app(lang=lang)  # the overview
        assert not at.exception
        for page in ("pages/map_explorer.py", "pages/municipalities.py"):
            at = app(page, lang=lang)
            assert not at.exception and at.title[0].value
            assert not at.error, [e.value for e in at.error]
    assert (len(work["views"]), len(work["maps"])) == made


def test_without_the_warm_up_the_pages_do_the_work(app, work):
    app("pages/map_explorer.py", lang="en")
    assert work["views"] and {"overview_map", "explorer_map"} <= set(work["maps"])
    app("pages/municipalities.py", lang="en")
    assert "municipal_map" in work["maps"]


def test_the_background_part_covers_the_other_indicators(app, work):
    warm.defaults()
    warmed = warm.rest(pause_s=0)
    assert warmed > 2
    at = app("pages/map_explorer.py", lang="en")
    made = (len(work["views"]), len(work["maps"]))
    assert at.selectbox(key="indicator").value != "arrivals"
    at.selectbox(key="indicator").set_value("arrivals").run()
    assert not at.exception and at.selectbox(key="indicator").value == "arrivals"
    assert (len(work["views"]), len(work["maps"])) == made


def test_a_missing_database_is_left_to_the_pages(monkeypatch, tmp_path, work):
    monkeypatch.setenv("ATLAS_DB", str(tmp_path / "none.duckdb"))
    assert warm.defaults() >= 0
    assert warm.rest(pause_s=0) == 0
    assert work["views"] == [] and work["maps"] == []


def test_a_database_of_an_older_version_is_left_to_the_pages(monkeypatch, old_db, app, work):
    monkeypatch.setenv("ATLAS_DB", str(old_db))
    assert warm.defaults() >= 0
    assert warm.rest(pause_s=0) == 0
    assert work["views"] == [] and work["maps"] == []
    at = app(lang="en")
    assert not at.exception
    assert any("built by another version" in e.value for e in at.error), at.error
    assert "python -m etl" in [c.value for c in at.code]


def test_any_failure_of_the_warm_up_is_logged_and_the_server_goes_on(monkeypatch, caplog, work):
    """What killed the server on 2026-12-06 (a DuckDB error in a view the warm-up computed)
    is logged; the pages compute, and report, what was not warmed."""
    import duckdb

    from atlas.views import overview

    def broken(*_):
        raise duckdb.BinderException('Referenced column "publisher_el" not found')

    monkeypatch.setattr(overview, "key_figures", broken)
    with caplog.at_level("ERROR", logger="atlas"):
        assert warm.defaults() >= 0
    assert "warm-up of the first pages stopped" in caplog.text
    assert "publisher_el" in caplog.text
