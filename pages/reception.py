"""Reception and integration by region: sites (choropleth + proportional circles by date),
the Ministry's shares with their bounds, the island series, the municipal network, and the
Eurostat foreign-citizen map (or how to load it)."""

import streamlit as st
from streamlit_folium import st_folium

from atlas import i18n, maps, ui
from atlas.charts.reception import island_chart
from atlas.i18n import t
from atlas.queries import reception as rq
from atlas.views import reception as rv


def _map(spec, key: str, points=None, circles=None, lang="el", size_legend=None) -> None:
    fmap = maps.choropleth_map(spec, ui.regions_geojson(), ui.context_geojson())
    if circles:
        maps.add_site_circles(fmap, circles)
        maps.add_size_legend(
            fmap,
            t("reception.size_legend", lang),
            size_legend or [],
            circles[0]["max_value"],
            t("reception.measure_capacity", lang),
            t("reception.measure_occupancy", lang),
        )
    if points:
        maps.add_point_markers(fmap, points)
    if circles or points:
        maps.add_note(fmap, t("reception.geonames", lang))
    ui.describe_map(spec)
    st_folium(fmap, key=key, height=560, use_container_width=True, returned_objects=[])


def sites(run, lang: str) -> None:
    dates = rq.snapshot_dates(run)
    n_sites = dict(zip(dates["date_text"], dates["n_sites"]))
    c1, c2 = st.columns([3, 2])
    day = ui.select(
        "snapshot",
        t("reception.date_select", lang),
        list(n_sites),
        lambda d: rv.date_label(d, n_sites[d], lang),
        default=rv.default_date(dates),
        where=c1,
    )
    measure = ui.select(
        "site_measure",
        t("reception.measure_select", lang),
        rv.SITE_MEASURES,
        lambda m: t(f"reception.measure_{m}", lang),
        where=c2,
    )
    view = rv.sites_view(run, day, measure, lang)
    _map(
        view.spec,
        "reception_sites_map",
        circles=view.points,
        lang=lang,
        size_legend=view.size_legend,
    )
    st.caption(f"{view.summary} {t('reception.not_totals', lang)}")
    if view.n_unplaced:
        st.caption(t("reception.unplaced", lang, n=view.n_unplaced))
    ui.caption(f"{view.source_line} · {t('reception.geonames', lang)}")
    _table(view, t("reception.sites_table", lang), "reception_sites_csv", lang)


def _table(view, title: str, csv_key: str, lang: str) -> None:
    st.subheader(title)
    st.dataframe(view.table, hide_index=True, width="stretch")
    st.download_button(
        t("common.download_csv", lang),
        view.csv,
        file_name=view.csv_name,
        mime="text/csv",
        key=csv_key,
    )


def share(run, lang: str) -> None:
    st.caption(t("reception.share_intro", lang))
    periods = rv.share_periods(run)
    if not periods:
        st.info(t("reception.share_missing", lang))
        return
    period = ui.select(
        "share_period",
        t("reception.share_period", lang),
        periods,
        lambda p: i18n.fmt_partial(p, lang),
        default="2022-03",
    )
    view = rv.share_view(run, period, lang)
    _map(view.spec, "reception_share_map")
    st.markdown(view.summary)
    ui.caption(view.source_line)
    st.dataframe(
        view.table.style.format(
            ui.number_formatter(lang), subset=[t("col.value", lang), t("col.rank", lang)]
        ),
        hide_index=True,
        width="stretch",
    )
    st.download_button(
        t("common.download_csv", lang),
        view.csv,
        file_name=view.csv_name,
        mime="text/csv",
        key="reception_share_csv",
    )


def islands(run, lang: str) -> None:
    st.caption(t("reception.islands_intro", lang))
    frame = rv.island_frame(run, lang)
    chart = island_chart(frame, lang=lang, title=t("reception.islands_title", lang))
    ui.describe_chart(chart)
    st.plotly_chart(
        chart,
        width="stretch",
        config={"displaylogo": False},
    )
    with st.expander(t("reception.islands_table", lang)):
        st.dataframe(rv.island_table(frame, lang), hide_index=True, width="stretch")


def municipal(run, lang: str) -> None:
    st.caption(t("reception.municipal_intro", lang))
    layer = ui.select(
        "municipal_layer",
        t("reception.municipal_select", lang),
        rq.MUNICIPAL_LAYERS,
        lambda x: t(f"reception.layer_{x}", lang),
    )
    view = rv.municipal_view(run, layer, lang)
    _map(view.spec, "reception_municipal_map", points=view.points, lang=lang)
    ui.caption(f"{view.source_line} · {t('reception.geonames', lang)}")
    _table(view, t("reception.municipal_table", lang), "reception_municipal_csv", lang)


def foreign(run, lang: str) -> None:
    inds = rq.eurostat_indicators(run)
    if inds.empty:
        st.warning(t("reception.foreign_missing_title", lang))
        st.markdown(t("reception.foreign_howto", lang))
        st.code("python -m etl --input FOLDER", language="bash")
        st.caption(t("reception.foreign_howto_after", lang))
        return
    names = dict(zip(inds["indicator_id"], inds["name_el" if lang == "el" else "name_en"]))
    c1, c2 = st.columns([3, 2])
    ind_id = ui.select(
        "eurostat_indicator",
        t("reception.foreign_indicator", lang),
        list(names),
        names.get,
        default="eurostat_foreign_citizens_share",
        where=c1,
    )
    rows = inds[inds["indicator_id"] == ind_id]
    period = ui.select(
        "eurostat_period",
        t("reception.foreign_period", lang),
        rows["period"].tolist(),
        lambda p: i18n.fmt_partial(p, lang),
        where=c2,
    )
    view = rv.eurostat_view(run, rows.iloc[0], period, lang)
    _map(view.spec, "reception_foreign_map")
    ui.caption(view.source_line)
    if view.reasons:
        st.markdown(f"**{t('reception.foreign_reasons', lang)}**")
        st.markdown("\n".join(f"- {r}" for r in view.reasons))
    st.caption(t("reception.foreign_howto_after", lang))
    st.download_button(
        t("common.download_csv", lang),
        view.csv,
        file_name=view.csv_name,
        mime="text/csv",
        key="reception_foreign_csv",
    )


LAYERS = {
    "sites": sites,
    "share": share,
    "islands": islands,
    "municipal": municipal,
    "foreign": foreign,
}


def main() -> None:
    lang = ui.lang()
    run = ui.runner()
    st.title(t("reception.title", lang))
    st.caption(t("reception.intro", lang))
    layer = ui.select(
        "layer",
        t("reception.view", lang),
        list(LAYERS),
        lambda x: t(f"reception.view_{x}", lang),
        radio=True,
        horizontal=True,
    )
    LAYERS[layer](run, lang)


ui.guarded(main)()
