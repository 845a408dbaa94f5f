"""Map explorer: any indicator across the 13 regions, as a map, a ranking and a table."""

import streamlit as st
from streamlit_folium import st_folium

from atlas import charts, classify, export, i18n, maps, measures, queries, ui, views
from atlas.i18n import t


def main() -> None:
    lang = ui.lang()
    run = ui.runner()
    st.title(t("explorer.title", lang))
    st.caption(t("explorer.intro", lang))
    inds = queries.map_indicators(run)
    if inds.empty:
        st.info(t("explorer.no_indicators", lang))
        return
    names = dict(zip(inds["indicator_id"], inds["name_el" if lang == "el" else "name_en"]))
    c1, c2, c3, c4 = st.columns([3, 2, 2, 2])
    ind_id = ui.select(
        "indicator",
        t("explorer.indicator", lang),
        list(names),
        names.get,
        default="population_census",
        where=c1,
    )
    ind = inds.set_index("indicator_id").loc[ind_id]
    periods = queries.indicator_periods(run, ind_id)["period"].tolist()
    period = ui.select(
        "period", t("explorer.period", lang), periods, lambda p: i18n.fmt_partial(p, lang), where=c2
    )
    measure = ui.select(
        "measure",
        t("explorer.measure", lang),
        measures.measures_for(ind.kind, ind_id),
        lambda m: measures.measure_label(m, lang),
        where=c3,
    )
    scheme = ui.select(
        "scheme",
        t("explorer.scheme", lang),
        classify.SCHEMES,
        lambda s: t(f"scheme.{s}", lang),
        where=c4,
    )
    view = views.explorer_view(run, ind_id, ind, period, measure, scheme, lang)

    left, right = st.columns([3, 2])
    with left:
        fmap = maps.choropleth_map(
            view.spec,
            ui.regions_geojson(),
            ui.context_geojson(),
            selected=st.session_state.get("region"),
            basemap=st.session_state.get("basemap", False),
        )
        ui.describe_map(view.spec, view.summary, selectable=True)
        st_folium(
            fmap,
            key="explorer_map",
            height=560,
            use_container_width=True,
            returned_objects=["last_active_drawing"],
            on_change=ui.on_region_click("explorer_map"),
        )
        ui.caption(view.source_line)
        png_downloads(view, lang, views.built_at_text(run, lang))
        st.toggle(t("explorer.basemap", lang), key="basemap")
    with right:
        ui.region_picker(lang)
        st.markdown(f"**{t('explorer.summary', lang)}.** {view.summary}")
        ranking = charts.ranked_bar(
            view.frame, view.spec, lang=lang, title=view.title, unit=view.unit
        )
        ui.describe_chart(ranking, view.summary)
        st.plotly_chart(
            ranking,
            width="stretch",
            config={"displaylogo": False},
        )
    st.subheader(t("explorer.table", lang))
    st.dataframe(
        view.table.style.format(ui.number_formatter(lang), subset=[t("col.value", lang)]),
        hide_index=True,
        width="stretch",
    )
    st.download_button(
        t("common.download_csv", lang),
        view.csv,
        file_name=view.csv_name,
        mime="text/csv",
        key="explorer_csv",
    )


def png_downloads(view: views.ExplorerView, lang: str, built: str) -> None:
    """Map (screen and 2× print) and ranking as PNG, drawn only when clicked."""
    stamp, stem = export.date_line(built, lang), view.csv_name.removesuffix(".csv")
    cols = st.columns(3)
    for col, scale, key in (
        (cols[0], 1, "profile.download_map"),
        (cols[1], 2, "profile.download_map_print"),
    ):
        col.download_button(
            t(key, lang),
            lambda s=scale: export.map_png(
                view.spec, source=view.source_line, date_text=stamp, scale=s
            ),
            file_name=export.png_name(stem, scale),
            mime="image/png",
            key=f"explorer_png_{scale}",
            on_click="ignore",
        )
    cols[2].download_button(
        t("profile.download_chart", lang),
        lambda: export.chart_png(
            view.frame,
            view.spec,
            lang=lang,
            title=view.title,
            unit=view.unit,
            source=view.source_line,
            date_text=stamp,
        ),
        file_name=export.png_name(stem + "_ranking", 1),
        mime="image/png",
        key="explorer_chart_png",
        on_click="ignore",
    )


ui.guarded(main)()
