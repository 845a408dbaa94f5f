"""HELIOS: coverage by region (same map as the explorer), national figures with sources,
phases and milestones, and the briefing tour of the regions on the successor programme."""

import streamlit as st
from streamlit_folium import st_folium

from atlas import maps, measures, ui
from atlas.i18n import t
from atlas.views import programmes as pv

MAP_HEIGHT = 460


def coverage_section(run, lang: str) -> None:
    st.subheader(t("helios.coverage", lang))
    options = pv.coverage_options(run)
    c1, c2 = st.columns([3, 2])
    option = None
    if options:
        option = ui.select(
            "helios_metric",
            t("helios.metric", lang),
            options,
            lambda o: pv.coverage_option_label(o, lang),
            where=c1,
        )
    else:
        c1.selectbox(
            t("helios.metric", lang),
            [t("common.no_public_data", lang)],
            disabled=True,
            key="helios_metric_none",
        )
    measure = ui.select(
        "helios_measure",
        t("helios.measure", lang),
        ["value", "per_1000"],
        lambda m: measures.measure_label(m, lang),
        where=c2,
    )
    view = pv.coverage_map_view(run, lang, option, measure)
    if not view.has_regional:
        st.warning(t("helios.no_regional", lang))
    fmap = maps.choropleth_map(
        view.spec, ui.regions_geojson(), ui.context_geojson(), height=MAP_HEIGHT
    )
    ui.describe_map(view.spec)
    st_folium(
        fmap, key="helios_map", height=MAP_HEIGHT, use_container_width=True, returned_objects=[]
    )
    if view.has_regional:
        ui.caption(view.source_line)
    st.info(t("helios.load_own", lang))
    centres = pv.learning_centres(run, lang)
    if len(centres):
        with st.expander(t("helios.learning_centres", lang)):
            st.dataframe(centres, hide_index=True, width="stretch")


def national_section(run, lang: str) -> None:
    st.subheader(t("helios.national", lang))
    view = pv.national_view(run, lang)
    ui.describe_chart(view.figure)
    st.plotly_chart(
        view.figure, width="stretch", config={"displaylogo": False}, key="helios_national"
    )
    st.caption(t("helios.national_note", lang))
    st.dataframe(view.table, hide_index=True, width="stretch")
    st.download_button(
        t("helios.download_national", lang),
        view.csv,
        file_name=f"atlas_helios_national_{lang}.csv",
        mime="text/csv",
        key="helios_national_csv",
    )


def milestones_section(run, lang: str) -> None:
    st.subheader(t("helios.milestones", lang))
    view = pv.helios_milestones(run, lang)
    if view.n_dated:
        ui.describe_chart(view.figure)
        st.plotly_chart(
            view.figure, width="stretch", config={"displaylogo": False}, key="helios_milestones"
        )
    st.dataframe(view.dated, hide_index=True, width="stretch")
    if view.n_undated:
        st.markdown(f"**{t('timeline.undated', lang, n=view.n_undated)}**")
        st.dataframe(view.undated, hide_index=True, width="stretch")
    with st.expander(t("helios.facts", lang)):
        st.dataframe(pv.helios_facts(run, lang), hide_index=True, width="stretch")


def tour_section(run, lang: str) -> None:
    st.subheader(t("helios.tour", lang))
    view = pv.visits_view(run, lang)
    left, right = st.columns([2, 3])
    with left:
        fmap = maps.choropleth_map(
            view.spec, ui.regions_geojson(), ui.context_geojson(), height=MAP_HEIGHT
        )
        ui.describe_map(view.spec)
        st_folium(
            fmap,
            key="helios_tour_map",
            height=MAP_HEIGHT,
            use_container_width=True,
            returned_objects=[],
        )
    with right:
        st.caption(t("helios.tour_note", lang))
        st.dataframe(view.table, hide_index=True, width="stretch")


def main() -> None:
    lang = ui.lang()
    run = ui.runner()
    st.title(t("helios.title", lang))
    st.caption(t("helios.intro", lang))
    coverage_section(run, lang)
    national_section(run, lang)
    milestones_section(run, lang)
    tour_section(run, lang)


ui.guarded(main)()
