"""Warm the server process at start, so that no visitor pays for what every visitor needs.

``atlas.serve`` calls ``defaults()`` before Streamlit listens: the imports the pages need,
the database opened (the build sessions will pin), the boundary layers, and the views the
first pages show (overview, map explorer, data & sources, municipalities) in both
languages, with the maps rendered and the charts built as the panels will ask for them
(``atlas.ui.cache``). Then
``rest()`` runs in a background thread: the map explorer's other indicators (latest
period, every measure, both languages), paced to about a quarter of a core
(``BACKGROUND_SHARE``) so that the first visitors' runs come first.

Nothing here draws: no element is cached ahead (a cached table element must be recorded
in a real run), and the query results the pages read are cached on their first run.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator

from atlas import db, i18n
from atlas.ui import cache, panels
from atlas.ui.data import _published, context_geojson

log = logging.getLogger("atlas")
# The map keys and heights the pages use (pages/overview.py, pages/map_explorer.py,
# pages/municipalities.py): a render is cached per key and height. tests/pages/test_warm.py
# checks they still match.
OVERVIEW_MAP = ("overview_map", 480)
EXPLORER_MAP = ("explorer_map", panels.MAP_HEIGHT)
MUNICIPAL_MAP = ("municipal_map", panels.MAP_HEIGHT)
PAUSE_S = 0.05  # between two background items, at least: visitors' runs go first
# The background part holds the GIL while it computes: it sleeps after each item so that it
# takes at most about this share of one core (the first visitors arrive while it runs).
BACKGROUND_SHARE = 0.25


def _imports() -> None:
    """What the pages import on their first run (seconds when cold)."""
    import plotly.graph_objects  # noqa: F401
    import pyarrow  # noqa: F401
    import streamlit_folium  # noqa: F401

    import atlas.queries.local  # noqa: F401
    import atlas.queries.profile  # noqa: F401
    import atlas.queries.programmes  # noqa: F401
    import atlas.queries.reception  # noqa: F401
    from atlas import labels, maps, measures  # noqa: F401
    from atlas.views import (  # noqa: F401
        common,
        explorer,
        helios,
        municipalities,
        overview,
        profile,
        programmes,
        reception,
        sources,
        timelines,
    )


def _reader() -> tuple[tuple, Callable]:
    published = _published()
    gen = published.current()
    return gen.identity, lambda sql, params=(): published.execute(gen, sql, list(params))


def _explorer(ident, run, indicator: str, period: str, measure: str, lang: str, where):
    from atlas import classify
    from atlas.views import explorer as xv

    view = cache.view_for(
        ident, run, xv.explorer_view, indicator, period, measure, classify.SCHEMES[0], lang
    )
    panels.map_render(view.map, *where)
    panels.chart_figure(view.chart)
    return view


def _municipalities(ident, run, lang: str):
    """The municipalities page's default view (the whole country, its first layer) and map,
    as ``pages/municipalities.py`` asks for them."""
    from atlas.views import municipalities as mv

    layer = mv.layer_choice(run, lang).first
    measure = mv.measure_choice(run, layer, lang).first
    structures = mv.structures_choice(lang).first
    view = cache.view_for(ident, run, mv.municipal_view, "", layer, measure, structures, lang)
    panels.map_render(view.map, *MUNICIPAL_MAP)
    return view


def _explorer_defaults(run) -> Iterator[tuple[str, str, str]]:
    """(indicator, latest period, measure) for every map indicator and measure the explorer
    offers, its default indicator first (as ``pages/map_explorer.py`` chooses them)."""
    from atlas import queries
    from atlas.views import explorer as xv

    inds = queries.map_indicators(run)
    ids = list(inds["indicator_id"])
    first = xv.default_indicator(ids)
    for ind_id in sorted(ids, key=lambda i: i != first):
        periods = xv.period_choice(run, ind_id, "en").options
        if periods:
            for measure in xv.measure_choice(inds, ind_id, "en").options:
                yield ind_id, periods[0], measure


def defaults() -> float:
    """Warm what the first pages need; returns the seconds it took. Never raises: a
    missing or broken database is left for the pages to report, and any other failure is
    logged (the pages then compute what was not warmed, and report what fails)."""
    started = time.perf_counter()
    try:
        _defaults()
    except db.DatabaseUnavailable:
        pass
    except Exception:  # noqa: BLE001 - warming is an optimisation, never a failure
        log.exception("warm-up of the first pages stopped")
    return time.perf_counter() - started


def _defaults() -> None:
    from atlas.ui import mapframe
    from atlas.views import overview as ov
    from atlas.views import sources as sv

    _imports()
    mapframe.component()  # the map frame's folder (registered with the server when drawn)
    ident, run = _reader()
    context_geojson()
    first = next(_explorer_defaults(run), None)
    for lang in i18n.LANGS:
        cache.view_for(ident, run, ov.key_figures, lang)
        cache.view_for(ident, run, ov.holdings, lang)
        shown = cache.view_for(ident, run, ov.map_indicator)
        if shown:
            _explorer(ident, run, *shown, "value", lang, OVERVIEW_MAP)
        if first:
            _explorer(ident, run, *first, lang, EXPLORER_MAP)
        for fn in (
            sv.sources_table,
            sv.coverage_pivot,
            sv.not_public_names,
            sv.national_only_indicators,
        ):
            cache.view_for(ident, run, fn, lang)
        _municipalities(ident, run, lang)


def rest(pause_s: float = PAUSE_S) -> int:
    """The explorer's other indicators (latest period, every measure, both languages);
    returns how many views were warmed."""
    try:
        ident, run = _reader()
    except db.DatabaseUnavailable:
        return 0
    n = 0
    for indicator, period, measure in _explorer_defaults(run):
        for lang in i18n.LANGS:
            started = time.perf_counter()
            _explorer(ident, run, indicator, period, measure, lang, EXPLORER_MAP)
            n += 1
            if pause_s:
                took = time.perf_counter() - started
                time.sleep(max(pause_s, took * (1 - BACKGROUND_SHARE) / BACKGROUND_SHARE))
    return n


def start() -> None:
    """``defaults()`` now, ``rest()`` in a background thread (a failure there is logged:
    the pages compute what was not warmed)."""
    took = defaults()
    log.info("warm-up: first pages ready in %.1f s", took)

    def background() -> None:
        try:
            started = time.perf_counter()
            n = rest()
            log.info("warm-up: %d more views in %.1f s", n, time.perf_counter() - started)
        except Exception:  # noqa: BLE001 - warming is an optimisation, never a failure
            log.exception("warm-up stopped")

    threading.Thread(target=background, name="atlas-warm-up", daemon=True).start()
