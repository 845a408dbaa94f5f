"""Timelines: EIN, Budapest Process and programme milestones, with dates as precise as the
source gives them; events in Greece on a small map; CSV of what is shown."""

import streamlit as st

from atlas import ui
from atlas.i18n import t
from atlas.views import timelines as tv


def filters(run, lang: str) -> dict[str, str]:
    """Process, country and year range (session + URL); '' = all."""
    chosen = ui.choose_all(tv.timeline_choices(run, lang), [3, 3, 1, 1])
    process, country, year_from, year_to = chosen
    if year_from and year_to and int(year_from) > int(year_to):
        st.caption(t("timeline.bad_range", lang))
        year_from, year_to = year_to, year_from
    return {"process": process, "country": country, "year_from": year_from, "year_to": year_to}


def main() -> None:
    lang = ui.lang()
    run = ui.runner()
    st.title(t("timeline.title", lang))
    st.caption(t("timeline.intro", lang))
    view = ui.view(tv.timeline_view, lang, **filters(run, lang))
    if not view.n_dated and not view.n_undated:
        st.info(t("timeline.none", lang))
        return
    if view.n_dated:
        ui.chart_on_open(view.chart, "timeline_chart", t("common.chart_on_open", lang))
    ui.downloads(view.exports, "timeline")
    left, right = st.columns([3, 2])
    with left:
        st.subheader(t("timeline.dated", lang, n=view.n_dated))
        ui.table_panel(view.dated, "timeline_dated", light=True)
        if view.n_undated:
            st.subheader(t("timeline.undated", lang, n=view.n_undated))
            ui.table_panel(view.undated, "timeline_undated", light=True)
    with right:
        st.subheader(t("timeline.map", lang))
        ui.map_panel(view.map, "timeline_map", height=380)


ui.guarded(main)()
