"""HELIOS: national figures with sources, phases and milestones, figures by region (only
once the Directorate loads its own: none are public), and the briefing tour of the regions
on the successor programme."""

import streamlit as st

from atlas import ui
from atlas.i18n import t
from atlas.views import helios as hv

MAP_HEIGHT = 460


def coverage_section(run, lang: str) -> None:
    """The map by region; its title and choices above it are drawn after it."""
    head = ui.above_map()
    options = hv.coverage_options(run)
    metric_choice, measure_choice = hv.coverage_choices(options, lang)
    option = ui.chosen(metric_choice) if options else None
    view = ui.view(hv.coverage_map_view, lang, option, ui.chosen(measure_choice))
    ui.map_panel(view.map, "helios_map", height=MAP_HEIGHT)
    with head:
        st.subheader(t("helios.coverage", lang))
        c1, c2 = st.columns([3, 2])
        if options:
            ui.choose(metric_choice, where=c1)
        else:
            none = [t("common.no_public_data", lang)]
            c1.selectbox(metric_choice.label, none, disabled=True, key="helios_metric_none")
        ui.choose(measure_choice, where=c2)
        if view.notice:
            st.warning(view.notice)
    st.info(t("helios.load_own", lang))
    centres = ui.view(hv.learning_centres, lang)
    if len(centres):
        with st.expander(t("helios.learning_centres", lang)):
            ui.table_panel(centres, "helios_centres", light=True)


def national_section(run, lang: str) -> None:
    st.subheader(t("helios.national", lang))
    view = ui.view(hv.national_view, lang)
    ui.chart_on_open(view.chart, "helios_national", t("common.chart_on_open", lang))
    st.caption(t("helios.national_note", lang))
    ui.table_panel(view.table, "helios_national_table", light=True)
    ui.downloads(view.exports, "helios_national")


def milestones_section(run, lang: str) -> None:
    st.subheader(t("helios.milestones", lang))
    view = ui.view(hv.helios_milestones, lang)
    if view.n_dated:
        ui.chart_on_open(view.chart, "helios_milestones", t("common.chart_on_open", lang))
    ui.table_panel(view.dated, "helios_dated", light=True)
    if view.n_undated:
        st.markdown(f"**{t('timeline.undated', lang, n=view.n_undated)}**")
        ui.table_panel(view.undated, "helios_undated", light=True)
    with st.expander(t("helios.facts", lang)):
        ui.table_panel(ui.view(hv.helios_facts, lang), "helios_facts", light=True)


def tour_section(run, lang: str) -> None:
    st.subheader(t("helios.tour", lang))
    view = ui.view(hv.visits_view, lang)
    left, right = st.columns([2, 3])
    with left:
        ui.map_panel(view.map, "helios_tour_map", height=MAP_HEIGHT)
    with right:
        st.caption(t("helios.tour_note", lang))
        ui.table_panel(view.table, "helios_tour_table", light=True)


def main() -> None:
    lang = ui.lang()
    run = ui.runner()
    st.title(t("helios.title", lang))
    above = ui.above_map()  # what is public comes first; no regional figures exist
    coverage_section(run, lang)
    with above:
        st.caption(t("helios.intro", lang))
        national_section(run, lang)
        milestones_section(run, lang)
    tour_section(run, lang)


ui.guarded(main)()
