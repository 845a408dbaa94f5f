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
    st.caption(t("activities.intro", lang))
    choices = av.choices(run, lang)
    programme, sector, partner, month_from, month_to = ui.choose_all(choices[:5], [3, 3, 3, 2, 2])
    level, measure, indicator = ui.choose_all(choices[5:], [1, 1, 1])
    filters = (programme, sector, partner, month_from, month_to)
    view = ui.view(av.activities_view, *filters, measure, indicator, lang, level)
    if view.empty:
        st.info(view.notice)
        ui.downloads([view.template], "activities")
        return
    if view.synthetic:
        st.warning(view.notice)
    if view.municipal_map:
        ui.map_panel(view.municipal_map, "activities_municipal_map", height=480)
    else:
        ui.map_panel(view.map, "activities_map", height=480)
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
