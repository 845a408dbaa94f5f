"""The warm-up at start (atlas.ui.warm, called by atlas.serve) makes exactly what the first
pages ask for: after it, the overview and the map explorer's default view draw without
computing a view or rendering a map; the background part covers the explorer's other
indicators; a missing database is left for the pages to report."""

from __future__ import annotations

import functools

import pytest

from atlas.ui import panels, warm
from atlas.views import explorer as xv


@pytest.fixture
def work(monkeypatch):
    """Count explorer views computed and maps rendered (by the pages or the warm-up)."""
    seen = {"views": [], "maps": []}
    view, render = xv.explorer_view, panels._prepare_map

    @functools.wraps(view)
    def explorer_view(run, *args):
        seen["views"].append(args)
        return view(run, *args)

    @functools.wraps(render)
    def prepare_map(spec, key, *args):
        seen["maps"].append(key)
        return render(spec, key, *args)

    monkeypatch.setattr(xv, "explorer_view", explorer_view)
    monkeypatch.setattr(panels, "_prepare_map", prepare_map)
    return seen


def test_the_first_pages_find_their_views_and_maps_made(app, work):
    warm.defaults()
    assert {"overview_map", "explorer_map"} <= set(work["maps"])
    made = (len(work["views"]), len(work["maps"]))
    for lang in ("en", "el"):
        at = app(lang=lang)  # the overview
        assert not at.exception
        at = app("pages/map_explorer.py", lang=lang)
        assert not at.exception and at.title[0].value
    assert (len(work["views"]), len(work["maps"])) == made


def test_without_the_warm_up_the_pages_do_the_work(app, work):
    app("pages/map_explorer.py", lang="en")
    assert work["views"] and {"overview_map", "explorer_map"} <= set(work["maps"])


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
