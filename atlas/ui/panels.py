"""Panels: how every page draws a view's maps, tables, charts, figures and downloads.

Each panel takes one value object of ``atlas.views.shapes`` and a ``key`` (the widget key, or
the prefix of its widgets' keys), draws it, and returns nothing a page has to pass on, so a
panel can be wrapped in ``st.fragment`` (a click reruns that panel only). What a panel makes
from its shape (map HTML, figure, styled table, download bytes) is made once per content
and shared by every session (``atlas.ui.cache``).
"""

from __future__ import annotations

import re
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
    session (``atlas.ui.mapframe``). The selection is not part of the map element: it rides
    on the map's accessibility marker (``describe_map``), whose script outlines the region
    in the map frame; so a new selection re-sends a marker of a few hundred bytes, the map
    element is the same as before (Streamlit sends only its hash) and Leaflet stays.

    A map of municipal units (``spec.units``) selects into ``select_key`` (a unit among
    ``options()``) instead of the region."""
    from atlas.ui import mapframe

    state = st.session_state.get(select_key)
    if clickable and state is not None and (selected or None) != (state or None):
        # Only in a fragment's run (a page draws the map with the region it just read, maybe
        # before the widget: ``ui.region_chosen``): a click chose another region, so
        # everything that shows the region runs again.
        st.rerun()
    prepared, component_key = map_render(spec, key, height, basemap)
    describe_map(
        spec.choropleth,
        description or spec.description,
        selectable=clickable,
        name=title,
        selected=selected or "",
        prefetch=_frame_assets(prepared),
    )
    mapframe.draw(
        prepared,
        None,
        key=key,
        component_key=component_key,
        height=height,
        returned_objects=["last_active_drawing"] if clickable else [],
        on_change=_on_click(spec, key, select_key, options) if clickable else None,
    )
    if spec.caption:
        caption(spec.caption)


def _frame_assets(prepared) -> tuple[str, ...]:
    """What the map frame loads: Leaflet and topojson (scripts, styles; in its head,
    ``mapframe``), then the geometry its script fetches (regions or units)."""
    fetched = re.findall(r'"([^"\s]+\.topo\.json(?:\?[^"\s]*)?)"', prepared.script)
    return tuple(dict.fromkeys([*prepared.js_links, *prepared.css_links, *fetched]))


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


def number_formatter(lang_code: str) -> Callable[[object], str]:
    """For Styler.format: the table shows Greek/English numbers but sorts on the values."""
    return lambda v: "" if v is None or pd.isna(v) else i18n.fmt_number(v, lang_code)


def table_panel(table: Table, key: str, *, light: bool = False) -> None:
    """The table's shown columns: numbers in the reader's format (sorting on the value),
    links clickable, no index. Drawn once per content for every session: the element is
    replayed from the cache (styling a table costs more than the rest of a page).

    ``light``: an HTML table (``atlas.charts.table``: sortable by column, real table
    semantics) instead of Streamlit's data grid, whose ~1.5 MB of grid and Arrow code the
    browser would load before a page's map."""
    if light:
        from atlas.charts.table import table_html

        st.html(artefact("table_html", content_key(table), partial(table_html, table)))
        return
    _table_element(content_key(table), key, _table=table)


def table_section(view, title: str, key: str, *, kinds: Sequence[str] | None = None) -> None:
    """A view's table under a title, as a light table (key ``<key>_table``), and the view's
    downloads (``key``; optionally only ``kinds``): how a map page shows its data. ``view``:
    any view with ``table`` and ``exports``."""
    st.subheader(title)
    table_panel(view.table, f"{key}_table", light=True)
    downloads(view.exports, key, kinds=kinds)


@st.cache_resource(max_entries=ARTEFACT_ENTRIES, show_spinner=False)
def _table_element(content: str, key: str, _table: Table) -> None:
    table = _table
    frame = table.shown()
    numbers = [h for h in table.headers("number") if h in frame]
    data = frame.style.format(number_formatter(table.lang), subset=numbers) if numbers else frame
    links = {h: st.column_config.LinkColumn() for h in table.headers("link")}
    st.dataframe(data, hide_index=True, width="stretch", column_config=links or None, key=key)


def chart_panel(chart: Chart, key: str) -> None:
    """A chart, made from the view's maker once per content for every session. A plotly
    chart: without the plotly logo, named by its title and described by
    ``chart.description`` (else: 'the table has the same data'). An HTML chart
    (``chart.kind == 'html'``) comes named and described; it loads nothing in the browser."""
    fig = chart_figure(chart)
    if chart.kind == "html":
        st.html(fig)
        return
    describe_chart(fig, chart.description)
    st.plotly_chart(fig, width="stretch", config=PLOTLY_CONFIG, key=key)


def chart_on_open(chart: Chart, key: str, label: str) -> None:
    """A plotly chart in an expander, made and sent only while the expander is open: its
    interaction is worth Plotly's 4.6 MB, but not ahead of a page's map (the first paint
    loads no chart library; opening the expander loads it)."""
    box = st.expander(label, key=f"{key}_open", on_change="rerun")
    with box:
        if box.open:
            chart_panel(chart, key)


def chart_figure(chart: Chart):
    """The chart's plotly figure (or HTML), made once per content and shared (read-only)."""
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
