"""Timelines: EIN, Budapest Process and programme milestones, with dates as precise as the
source gives them; events in Greece on a small map; CSV of what is shown."""

import streamlit as st

from atlas import ui
from atlas.i18n import t
from atlas.views import timelines as tv


def filters(choices) -> tuple[dict[str, str], bool]:
    """Process, country and year range (session + URL); '' = all; and whether the range
    was given backwards (then swapped)."""
    process, country, year_from, year_to = map(ui.chosen, choices)
    swapped = bool(year_from and year_to and int(year_from) > int(year_to))
    if swapped:
        year_from, year_to = year_to, year_from
    return {
        "process": process,
        "country": country,
        "year_from": year_from,
        "year_to": year_to,
    }, swapped


def head(choices, swapped: bool, lang: str) -> None:
    """The intro and the filters (drawn after the map, shown above it)."""
    st.caption(t("timeline.intro", lang))
    ui.choose_all(choices, [3, 3, 1, 1])
    if swapped:
        st.caption(t("timeline.bad_range", lang))


def main() -> None:
    lang = ui.lang()
    run = ui.runner()
    st.title(t("timeline.title", lang))
    above = ui.above_map()
    choices = tv.timeline_choices(run, lang)
    chosen, swapped = filters(choices)
    view = ui.view(tv.timeline_view, lang, **chosen)
    if not view.n_dated and not view.n_undated:
        with above:
            head(choices, swapped, lang)
            st.info(t("timeline.none", lang))
        return
    left, right = st.columns([3, 2])
    with right:
        st.subheader(t("timeline.map", lang))
        ui.map_panel(view.map, "timeline_map", height=380)
    with above:
        head(choices, swapped, lang)
        if view.n_dated:
            ui.chart_on_open(view.chart, "timeline_chart", t("common.chart_on_open", lang))
        ui.downloads(view.exports, "timeline")
    with left:
        st.subheader(t("timeline.dated", lang, n=view.n_dated))
        ui.table_panel(view.dated, "timeline_dated", light=True)
        if view.n_undated:
            st.subheader(t("timeline.undated", lang, n=view.n_undated))
            ui.table_panel(view.undated, "timeline_undated", light=True)


ui.guarded(main)()
