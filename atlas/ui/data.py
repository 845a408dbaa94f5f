"""Cached data access for pages: the published database build a run reads (one build per
run, atlas.db.Published), query results per build identity, and the boundary layers (read
once per server process)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pandas as pd
import streamlit as st

from atlas import config, db

# Called (no arguments) when a new build is first seen: caches of other modules keyed on
# the build drop what they hold (atlas.ui.cache registers itself here).
ON_NEW_BUILD: list[Callable[[], None]] = []


@st.cache_resource
def _published() -> db.Published:
    return db.Published(config.db_path)


def _stale() -> None:
    st.cache_data.clear()
    for forget in ON_NEW_BUILD:
        forget()


def _generation() -> db.Generation:
    """The build this run reads: the one pinned at the start of the run (``pin_database``,
    called by the sidebar) while it is still attached, else the file's current build. A
    database republished mid-run is seen from the next run on, never half-way through."""
    published = _published()
    pinned = st.session_state.get("_db_identity")
    gen = published.get(pinned) if pinned else None
    if gen is None:
        seen = published.builds_seen
        gen = published.current()
        if seen and published.builds_seen != seen:  # a new build: the old one's results go
            _stale()
    return gen


def pin_database() -> None:
    """Read one build for the whole run: called once at the top of every run."""
    st.session_state.pop("_db_identity", None)
    st.session_state["_db_identity"] = _generation().identity


@st.cache_data(show_spinner=False, max_entries=1024)
def _cached_query(ident: tuple, sql: str, params: tuple) -> pd.DataFrame:
    published = _published()
    gen = published.get(ident) or published.current()  # detached: two publishes in one run
    return published.execute(gen, sql, list(params))


def runner() -> Callable[[str, Sequence], pd.DataFrame]:
    """``run(sql, params)`` for atlas.queries, cached per database identity."""
    return runner_for(_generation().identity)


def runner_for(ident: tuple) -> Callable[[str, Sequence], pd.DataFrame]:
    """``run(sql, params)`` on the build ``ident`` (cached per build)."""
    return lambda sql, params=(): _cached_query(ident, sql, tuple(params))


def database_identity() -> tuple:
    """The identity of the build this run reads: a cache key part for anything computed
    from the database (a rebuilt or republished database has a new one)."""
    return _generation().identity


@st.cache_resource
def regions_geojson() -> dict:
    """The validated regions layer (geo.boundaries), read once per server process."""
    from geo import boundaries

    return boundaries.regions_geojson()


@st.cache_resource
def context_geojson() -> dict:
    from geo import boundaries

    return boundaries.context_geojson()
