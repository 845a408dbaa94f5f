"""Reception and integration by region: census foreign residents beside reception residents,
sites by date, the Ministry's shares, the islands, the municipal network, Eurostat's file."""

import streamlit as st

from atlas import ui
from atlas.i18n import t
from atlas.queries import reception as rq
from atlas.views import reception as rv


def table(view, title: str, key: str) -> None:
    st.subheader(title)
    ui.table_panel(view.table, f"{key}_table", light=True)
    ui.downloads(view.exports, key)


def populations(run, lang: str) -> None:
    view = rv.populations_view(run, lang)
    st.caption(t("reception.populations_intro", lang))
    for where, (key, spec) in zip(st.columns(2), view.maps):
        with where:
            ui.map_panel(spec, f"reception_{key}_pop_map", height=380)
    st.info(view.note)
    table(view, t("reception.populations_table", lang), "reception_populations")


def sites(run, lang: str) -> None:
    day, measure = ui.choose_all(rv.site_choices(run, lang), [3, 2])
    view = ui.view(rv.sites_view, day, measure, lang)
    ui.map_panel(view.map, "reception_sites_map")
    st.caption(f"{view.summary} {t('reception.not_totals', lang)}")
    if view.n_unplaced:
        st.caption(t("reception.unplaced", lang, n=view.n_unplaced))
    table(view, t("reception.sites_table", lang), "reception_sites")


def share(run, lang: str) -> None:
    st.caption(t("reception.share_intro", lang))
    periods = rv.share_periods(run)
    if not periods:
        st.info(t("reception.share_missing", lang))
        return
    view = ui.view(rv.share_view, ui.choose(rv.share_choice(periods, lang)), lang)
    ui.map_panel(view.map, "reception_share_map")
    st.markdown(view.summary)
    ui.table_panel(view.table, "reception_share_table", light=True)
    ui.downloads(view.exports, "reception_share", kinds=("csv",))


def islands(run, lang: str) -> None:
    st.caption(t("reception.islands_intro", lang))
    view = ui.view(rv.island_view, lang)
    ui.chart_panel(view.chart, "reception_islands")
    with st.expander(t("reception.islands_table", lang)):
        ui.table_panel(view.table, "reception_islands_table", light=True)


def municipal(run, lang: str) -> None:
    st.caption(t("reception.municipal_intro", lang))
    view = ui.view(rv.municipal_view, ui.choose(rv.municipal_choice(lang)), lang)
    ui.map_panel(view.map, "reception_municipal_map")
    table(view, t("reception.municipal_table", lang), "reception_municipal")


def foreign(run, lang: str) -> None:
    inds = rq.eurostat_indicators(run)
    if inds.empty:
        st.warning(t("reception.foreign_missing_title", lang))
        st.markdown(t("reception.foreign_howto", lang))
        st.code("python -m etl --input FOLDER", language="bash")
        st.caption(t("reception.foreign_howto_after", lang))
        return
    c1, c2 = st.columns([3, 2])
    ind_id = ui.choose(rv.eurostat_indicator_choice(inds, lang), where=c1)
    rows = inds[inds["indicator_id"] == ind_id]
    period = ui.choose(rv.eurostat_period_choice(rows, lang), where=c2)
    view = rv.eurostat_view(run, rows.iloc[0], period, lang)
    ui.map_panel(view.map, "reception_foreign_map")
    if view.reasons:
        st.markdown(f"**{t('reception.foreign_reasons', lang)}**")
        st.markdown("\n".join(f"- {r}" for r in view.reasons))
    st.caption(t("reception.foreign_howto_after", lang))
    ui.downloads(view.exports, "reception_foreign")


LAYERS = dict(zip(rv.LAYERS, (populations, sites, share, islands, municipal, foreign)))


def main() -> None:
    lang = ui.lang()
    run = ui.runner()
    st.title(t("reception.title", lang))
    st.caption(t("reception.intro", lang))
    LAYERS[ui.choose(rv.layer_choice(lang))](run, lang)


ui.guarded(main)()
