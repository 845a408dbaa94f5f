"""Integration activities (issue 27): who does what, where, when — map by region, who-does-
what-where matrices, monthly timeline, coverage gaps; the report template to download."""

import streamlit as st

from atlas import ui
from atlas.i18n import t
from atlas.views import activities as av


def main() -> None:
    lang = ui.lang()
    run = ui.runner()
    st.title(t("activities.title", lang))
    above = ui.above_map()  # the intro and the choices: shown above the map, sent after it
    choices = av.choices(run, lang)
    *filters, level, measure, indicator = map(ui.chosen, choices)
    view = ui.view(av.activities_view, *filters, measure, indicator, lang, level)
    if not view.empty and view.municipal_map:
        ui.map_panel(view.municipal_map, "activities_municipal_map", height=480)
    elif not view.empty:
        ui.map_panel(view.map, "activities_map", height=480)
    with above:
        st.caption(t("activities.intro", lang))
        ui.choose_all(choices[:5], [3, 3, 3, 2, 2])
        ui.choose_all(choices[5:], [1, 1, 1])
        if view.empty or view.synthetic:
            (st.info if view.empty else st.warning)(view.notice)
    if view.empty:
        ui.downloads([view.template], "activities")
        return
    ui.downloads(view.exports, "activities")
    st.subheader(t("activities.matrix_partners", lang))
    st.caption(t("activities.matrix_note", lang))
    ui.table_panel(view.partners_matrix, "activities_partners", light=True)
    st.subheader(t("activities.matrix_sectors", lang))
    ui.table_panel(view.sectors_matrix, "activities_sectors", light=True)
    st.subheader(t("activities.timeline", lang))
    ui.chart_on_open(view.chart, "activities_timeline", t("common.chart_on_open", lang))
    ui.table_panel(view.timeline, "activities_timeline_table", light=True)
    st.subheader(t("activities.coverage", lang))
    st.caption(t("activities.coverage_note", lang))
    if view.gaps:
        ui.markdown(t("activities.gaps", lang, names=", ".join(view.gaps)))
    ui.table_panel(view.coverage, "activities_coverage", light=True)
    ui.downloads([view.template], "activities_template")


ui.guarded(main)()
