"""Reception and integration by region: census foreign residents beside reception residents,
sites by date, the Ministry's shares, the islands, the municipal network, Eurostat's file."""

import streamlit as st

from atlas import ui
from atlas.i18n import t
from atlas.queries import reception as rq
from atlas.views import reception as rv


def populations(run, lang: str) -> None:
    view, above = rv.populations_view(run, lang), ui.above_map()
    for where, (key, spec) in zip(st.columns(2), view.maps):
        with where:
            ui.map_panel(spec, f"reception_{key}_pop_map", height=380)
    above.caption(t("reception.populations_intro", lang))
    st.info(view.note)
    ui.table_section(view, t("reception.populations_table", lang), "reception_populations")


def sites(run, lang: str) -> None:
    choices, above = rv.site_choices(run, lang), ui.above_map()
    view = ui.view(rv.sites_view, *map(ui.chosen, choices), lang)
    ui.map_panel(view.map, "reception_sites_map")
    ui.choose_all(choices, [3, 2], where=above)
    st.caption(f"{view.summary} {t('reception.not_totals', lang)}")
    if view.n_unplaced:
        st.caption(t("reception.unplaced", lang, n=view.n_unplaced))
    ui.table_section(view, t("reception.sites_table", lang), "reception_sites")


def share(run, lang: str) -> None:
    st.caption(t("reception.share_intro", lang))
    if not (periods := rv.share_periods(run)):
        st.info(t("reception.share_missing", lang))
        return
    choice, above = rv.share_choice(periods, lang), ui.above_map()
    view = ui.view(rv.share_view, ui.chosen(choice), lang)
    ui.map_panel(view.map, "reception_share_map")
    ui.choose(choice, where=above)
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
    choice, above = rv.municipal_choice(lang), ui.above_map()
    view = ui.view(rv.municipal_view, ui.chosen(choice), lang)
    ui.map_panel(view.map, "reception_municipal_map")
    above.caption(t("reception.municipal_intro", lang))
    ui.choose(choice, where=above)
    ui.table_section(view, t("reception.municipal_table", lang), "reception_municipal")


def foreign(run, lang: str) -> None:
    inds = rq.eurostat_indicators(run)
    if inds.empty:
        st.warning(t("reception.foreign_missing_title", lang))
        st.markdown(t("reception.foreign_howto", lang))
        st.code("python -m etl --input FOLDER", language="bash")
        st.caption(t("reception.foreign_howto_after", lang))
        return
    indicator, above = rv.eurostat_indicator_choice(inds, lang), ui.above_map()
    rows = inds[inds["indicator_id"] == ui.chosen(indicator)]
    period = rv.eurostat_period_choice(rows, lang)
    view = rv.eurostat_view(run, rows.iloc[0], ui.chosen(period), lang)
    ui.map_panel(view.map, "reception_foreign_map")
    ui.choose_all([indicator, period], [3, 2], where=above)
    if view.reasons:
        st.markdown(f"**{t('reception.foreign_reasons', lang)}**")
        st.markdown("\n".join(f"- {r}" for r in view.reasons))
    st.caption(t("reception.foreign_howto_after", lang))
    ui.downloads(view.exports, "reception_foreign")


LAYERS = dict(zip(rv.LAYERS, (populations, sites, share, islands, municipal, foreign)))


def main() -> None:
    lang = ui.lang()
    st.title(t("reception.title", lang))
    layer, above = rv.layer_choice(lang), ui.above_map()  # sent after the layer's map
    LAYERS[ui.chosen(layer)](ui.runner(), lang)
    above.caption(t("reception.intro", lang))
    ui.choose(layer, where=above)


ui.guarded(main)()
