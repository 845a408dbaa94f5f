"""Panels: how every page draws a view's maps, tables, charts, figures and downloads.

Each panel takes one value object of ``atlas.views.shapes`` and a ``key`` (the widget key, or
the prefix of its widgets' keys), draws it, and returns nothing a page has to pass on, so a
panel can be wrapped in ``st.fragment`` (a click reruns that panel only). What a panel makes
from its shape (map HTML, figure, styled table, download bytes) is made once per content
and shared by every session (``atlas.ui.cache``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial

import pandas as pd
import streamlit as st

from atlas import config, i18n
from atlas.ui.accessible import caption, describe_chart, describe_map
from atlas.ui.cache import ARTEFACT_ENTRIES, artefact, content_key, export_bytes
from atlas.ui.data import context_geojson
from atlas.ui.regions import REGION_KEY, on_region_click, on_shape_click
from atlas.views.shapes import Chart, Export, MapSpec, Metric, Table

MAP_HEIGHT = 560
PLOTLY_CONFIG = {"displaylogo": False}


def map_panel(
    spec: MapSpec,
    key: str,
    *,
    height: int = MAP_HEIGHT,
    selected: str | None = None,
    clickable: bool = False,
    basemap: bool = False,
    title: str | None = None,
    description: str | None = None,
    select_key: str = REGION_KEY,
    options: Callable[[], Sequence[str]] | None = None,
) -> None:
    """A choropleth with its point layers, legend and notes, then its caption (the source).

    ``clickable``: a click on a region selects it (the ``region`` widget and URL; the regions
    are focusable and Enter selects); ``selected`` must then be that widget's value. In a
    fragment, a click reruns the whole page (the region changes more than the map).
    ``title``/``description``: the map's accessible name and description (default: the
    spec's title and description; the legend classes are always described).

    The map is rendered once per content (spec, height, basemap, base path, key) for every
    session (``atlas.ui.mapframe``); the selection goes to the component as its own small
    layer, so a new selection restyles the map in the browser instead of rebuilding it.

    A map of municipal units (``spec.units``) selects into ``select_key`` (a unit among
    ``options()``) instead of the region."""
    from atlas.ui import mapframe

    if clickable and (selected or None) != (st.session_state.get(select_key) or None):
        # Only in a fragment's run (a page draws the map with the region it just read): a
        # click chose another region, so everything that shows the region runs again.
        st.rerun()
    prepared, component_key = map_render(spec, key, height, basemap)
    layer = artefact("map_selection", selected or "", partial(_selection_script, selected))
    describe_map(spec.choropleth, description or spec.description, selectable=clickable, name=title)
    mapframe.draw(
        prepared,
        layer,
        key=key,
        component_key=component_key,
        height=height,
        returned_objects=["last_active_drawing"] if clickable else [],
        on_change=_on_click(spec, key, select_key, options) if clickable else None,
    )
    if spec.caption:
        caption(spec.caption)


def _on_click(spec: MapSpec, key: str, select_key: str, options):
    if spec.units is None:
        return on_region_click(key)
    return on_shape_click(key, "unit", select_key, options or (lambda: ()))


def map_render(spec: MapSpec, key: str, height: int = MAP_HEIGHT, basemap: bool = False):
    """The rendered map (``mapframe.Prepared``) and its component key, made once per
    content and shared (``map_panel`` draws it; ``atlas.ui.warm`` makes it ahead)."""
    return artefact(
        "map",
        content_key(spec, key, height, basemap, config.base_url_path()),
        partial(_prepare_map, spec, key, height, basemap),
    )


def _prepare_map(spec: MapSpec, key: str, height: int, basemap: bool):
    """The folium map of ``spec`` (without a selection), as the component receives it."""
    from atlas import maps
    from atlas.ui import mapframe

    # The geometry comes from static/ (maps.choropleth_map does not read a layer).
    if spec.units is not None:
        fmap = maps.units_map(
            spec.choropleth, only=spec.units or None, bounds=spec.bounds, height=height
        )
    else:
        fmap = maps.choropleth_map(
            spec.choropleth, None, context_geojson(), basemap=basemap, height=height
        )
    if spec.circles:
        maps.add_site_circles(fmap, spec.circles)
        if spec.size_legend:
            legend = spec.size_legend
            maps.add_size_legend(
                fmap,
                legend.title,
                legend.sizes,
                legend.max_value,
                legend.capacity_label,
                legend.occupancy_label,
            )
    if spec.points:
        maps.add_point_markers(fmap, spec.points)
    if spec.note:
        maps.add_note(fmap, spec.note)
    prepared = mapframe.prepare(fmap)
    return prepared, mapframe.element_key(prepared, key)


def _selection_script(selected: str | None) -> str:
    from atlas import maps
    from atlas.ui import mapframe

    return mapframe.layer_script(maps.selection_layer(selected))


def number_formatter(lang_code: str) -> Callable[[object], str]:
    """For Styler.format: the table shows Greek/English numbers but sorts on the values."""
    return lambda v: "" if v is None or pd.isna(v) else i18n.fmt_number(v, lang_code)


def table_panel(table: Table, key: str) -> None:
    """The table's shown columns: numbers in the reader's format (sorting on the value),
    links clickable, no index. Drawn once per content for every session: the element is
    replayed from the cache (styling a table costs more than the rest of a page)."""
    _table_element(content_key(table), key, _table=table)


@st.cache_resource(max_entries=ARTEFACT_ENTRIES, show_spinner=False)
def _table_element(content: str, key: str, _table: Table) -> None:
    table = _table
    frame = table.shown()
    numbers = [h for h in table.headers("number") if h in frame]
    data = frame.style.format(number_formatter(table.lang), subset=numbers) if numbers else frame
    links = {h: st.column_config.LinkColumn() for h in table.headers("link")}
    st.dataframe(data, hide_index=True, width="stretch", column_config=links or None, key=key)


def chart_panel(chart: Chart, key: str) -> None:
    """A plotly chart (built here, from the view's maker, once per content for every
    session) without the plotly logo, named by its title and described by
    ``chart.description`` (else: 'the table has the same data')."""
    fig = chart_figure(chart)
    describe_chart(fig, chart.description)
    st.plotly_chart(fig, width="stretch", config=PLOTLY_CONFIG, key=key)


def chart_figure(chart: Chart):
    """The chart's plotly figure, made once per content and shared (read-only)."""
    return artefact("figure", content_key(chart), chart.figure)


def downloads(
    exports: Sequence[Export], key: str, *, kinds: Sequence[str] | None = None, columns: int = 0
) -> None:
    """One download button per export (optionally only ``kinds``), keyed ``<key>_<export
    key>``; the file is made when clicked. ``columns``: side by side in that many columns."""
    chosen = [e for e in exports if kinds is None or e.kind in kinds]
    places = st.columns(columns) if columns else [st] * len(chosen)
    for place, item in zip(places, chosen):
        place.download_button(
            item.label,
            partial(_export_data, item),
            file_name=item.file_name,
            mime=item.mime,
            key=f"{key}_{item.key}",
            on_click="ignore",
        )


def _export_data(item: Export) -> bytes:
    """A download's bytes, made when its button is clicked, once for equal content."""
    return export_bytes(content_key(item), item.make)


def metrics(items: Sequence[Metric], *, per_row: int) -> None:
    """Key figures as bordered metric tiles, ``per_row`` to a row, each with its caption."""
    for start in range(0, len(items), per_row):
        for col, item in zip(st.columns(per_row), items[start : start + per_row]):
            col.metric(item.label, item.value, border=True)
            if item.caption:
                caption(item.caption, where=col)
