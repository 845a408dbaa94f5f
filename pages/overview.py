"""Overview: national key figures with sources, the population map, what the atlas holds."""

import streamlit as st
from streamlit_folium import st_folium

from atlas import maps, queries, ui, views
from atlas.i18n import t


def main() -> None:
    lang = ui.lang()
    run = ui.runner()
    st.title(t("overview.title", lang))
    st.caption(t("app.subtitle", lang) + " · " + t("app.publisher", lang))
    st.subheader(t("overview.key_figures", lang))
    figures = views.key_figures(run, lang)
    for start in range(0, min(len(figures), 6), 3):
        for col, fig in zip(st.columns(3), figures[start : start + 3]):
            col.metric(fig.label, fig.value, border=True)
            ui.caption(
                " · ".join(
                    x
                    for x in (fig.unit, t("overview.period", lang, period=fig.period), fig.source)
                    if x
                ),
                where=col,
            )
    if len(figures) > 6:
        with st.expander(t("overview.more_figures", lang, n=len(figures) - 6)):
            for fig in figures[6:]:
                ui.markdown(
                    f"**{fig.label}**: {fig.value} {fig.unit} — {fig.period} · {fig.source}"
                )
    st.subheader(t("overview.population_map", lang))
    periods = queries.indicator_periods(run, "population_census")["period"].tolist()
    if periods:
        ind = queries.map_indicators(run).set_index("indicator_id").loc["population_census"]
        view = views.explorer_view(
            run, "population_census", ind, periods[0], "value", "quantiles", lang
        )
        fmap = maps.choropleth_map(view.spec, ui.regions_geojson(), ui.context_geojson())
        ui.describe_map(view.spec, view.summary)
        st_folium(
            fmap, key="overview_map", height=480, use_container_width=True, returned_objects=[]
        )
        ui.caption(view.source_line)
    st.subheader(t("overview.what", lang))
    st.write(views.holdings(run, lang))


ui.guarded(main)()
