"""Views are computed once per server process and shared by sessions (atlas.ui.cache): a
second session reuses the first one's view, a page leaves the shared view as it found it,
and a newly published build gets new views (never the old build's)."""

from __future__ import annotations

import functools
import os
import pickle
import shutil

import duckdb
import pytest

from atlas import db
from atlas.ui import cache
from atlas.ui.data import _published
from atlas.views import explorer as xv

PAGE = "pages/map_explorer.py"


@pytest.fixture
def counted(monkeypatch):
    """Count the calls of the explorer view (the page looks it up at each run)."""
    calls: list[tuple] = []
    original = xv.explorer_view

    @functools.wraps(original)
    def explorer_view(run, *args):
        calls.append(args)
        return original(run, *args)

    monkeypatch.setattr(xv, "explorer_view", explorer_view)
    return calls


def test_a_second_session_reuses_the_view(app, counted):
    app(PAGE, lang="en", indicator="arrivals")  # the overview (population map), then the page
    assert [c[0] for c in counted] == ["population_census", "arrivals"]
    other = app(PAGE, lang="en", indicator="arrivals")
    assert len(counted) == 2 and not other.exception
    other.selectbox(key="measure").set_value("per_1000").run()
    assert len(counted) == 3 and counted[-1][2] == "per_1000"  # new inputs: a new view
    app(PAGE, lang="el", indicator="arrivals")
    assert len(counted) == 5 and counted[-1][-1] == "el"  # the language is an input


def test_pages_leave_the_shared_view_unchanged(app, built_db):
    at = app(PAGE, lang="en", indicator="arrivals", period="2022", measure="per_1000")
    at.selectbox(key="region").set_value("EL54").run()
    at.run()
    args = ("arrivals", "2022", "per_1000", "quantiles", "en")
    ident = _published().current().identity
    shared = cache._view(ident, cache._name(xv.explorer_view), args, (), _fn=None)
    con = duckdb.connect(str(built_db), read_only=True)
    try:
        fresh = xv.explorer_view(lambda sql, p=(): db.execute(con, sql, p), *args)
    finally:
        con.close()
    assert pickle.dumps(shared) == pickle.dumps(fresh)


def test_a_new_build_gets_new_views(app, counted, built_db, tmp_path, monkeypatch):
    live = tmp_path / "atlas.duckdb"
    shutil.copyfile(built_db, live)
    monkeypatch.setenv("ATLAS_DB", str(live))
    at = app(PAGE, lang="en")
    assert len(counted) == 1  # the overview's population map is the explorer's default view
    at.run()
    assert len(counted) == 1
    staged = tmp_path / "atlas.duckdb.new"
    shutil.copyfile(built_db, staged)
    os.replace(staged, live)  # published: a new identity
    at.run()
    assert len(counted) == 2 and not at.exception
    assert at.title[0].value  # the page drew from the new build
