"""Timelines: EIN, Budapest Process and programme milestones, with dates as precise as the
source gives them; events in Greece on a small map; CSV of what is shown."""

import streamlit as st
from streamlit_folium import st_folium

from atlas import maps, ui
from atlas.charts import timeline as tl
from atlas.i18n import t
from atlas.views import programmes as pv


def main() -> None:
    lang = ui.lang()
    run = ui.runner()
    st.title(t("timeline.title", lang))
    st.caption(t("timeline.intro", lang))
    opts = pv.timeline_options(run)
    years = opts["years"]
    c1, c2, c3, c4 = st.columns([3, 3, 1, 1])
    process = ui.select(
        "process",
        t("timeline.process", lang),
        opts["process"],
        pv.with_all(lambda p: tl.process_label(p, lang), lang),
        where=c1,
    )
    country = ui.select(
        "country",
        t("timeline.country", lang),
        opts["country"],
        pv.with_all(lambda c: tl.country_label(c, lang), lang),
        where=c2,
    )
    year_from = ui.select(
        "year_from",
        t("timeline.year_from", lang),
        years,
        default=years[0] if years else None,
        where=c3,
    )
    year_to = ui.select(
        "year_to",
        t("timeline.year_to", lang),
        years,
        default=years[-1] if years else None,
        where=c4,
    )
    if years and int(year_from) > int(year_to):
        st.caption(t("timeline.bad_range", lang))
        year_from, year_to = year_to, year_from
    view = pv.timeline_view(
        run, lang, process=process, country=country, year_from=year_from, year_to=year_to
    )
    if not view.n_dated and not view.n_undated:
        st.info(t("timeline.none", lang))
        return
    if view.n_dated:
        ui.describe_chart(view.figure)
        st.plotly_chart(
            view.figure, width="stretch", config={"displaylogo": False}, key="timeline_chart"
        )
    st.download_button(
        t("common.download_csv", lang),
        view.csv,
        file_name=view.csv_name,
        mime="text/csv",
        key="timeline_csv",
    )
    left, right = st.columns([3, 2])
    with left:
        st.subheader(t("timeline.dated", lang, n=view.n_dated))
        st.dataframe(view.dated, hide_index=True, width="stretch")
        if view.n_undated:
            st.subheader(t("timeline.undated", lang, n=view.n_undated))
            st.dataframe(view.undated, hide_index=True, width="stretch")
    with right:
        st.subheader(t("timeline.map", lang))
        fmap = maps.choropleth_map(
            view.map_spec, ui.regions_geojson(), ui.context_geojson(), height=380
        )
        ui.describe_map(view.map_spec)
        st_folium(
            fmap, key="timeline_map", height=380, use_container_width=True, returned_objects=[]
        )
        st.caption(t("timeline.map_note", lang, n=view.n_greece_no_region))


ui.guarded(main)()
