"""Map explorer: any indicator across the 13 regions, as a map, a ranking and a table."""

import streamlit as st

from atlas import queries, ui
from atlas.i18n import t
from atlas.views import explorer as xv


def choices(run, lang: str, inds) -> list:
    """Indicator, period, measure and scheme (session + URL); a period or measure depends on
    the indicator chosen before it."""
    ind_id = ui.chosen(indicator := xv.indicator_choice(inds, lang))
    return [
        indicator,
        xv.period_choice(run, ind_id, lang),
        xv.measure_choice(inds, ind_id, lang),
        xv.scheme_choice(lang),
    ]


@st.fragment
def map_part(view: xv.ExplorerView, region: str, lang: str) -> None:
    """The map, its PNGs and the basemap toggle: the toggle reruns only this part."""
    basemap = st.session_state.get("basemap", False)
    ui.map_panel(view.map, "explorer_map", selected=region, basemap=basemap, clickable=True)
    ui.downloads(view.exports, "explorer", kinds=("png",), columns=3)
    st.toggle(t("explorer.basemap", lang), key="basemap")


def main() -> None:
    lang = ui.lang()
    run = ui.runner()
    st.title(t("explorer.title", lang))
    above = ui.above_map()  # the intro and the choices: shown above the map, sent after it
    inds = queries.map_indicators(run)
    if inds.empty:
        above.caption(t("explorer.intro", lang))
        above.info(t("explorer.no_indicators", lang))
        return
    chosen = choices(run, lang, inds)
    view = ui.view(xv.explorer_view, *map(ui.chosen, chosen), lang)
    left, right = st.columns([3, 2])
    with left:
        map_part(view, ui.region_chosen(), lang)
    with above:
        st.caption(t("explorer.intro", lang))
        ui.choose_all(chosen, [3, 2, 2, 2])
    with right:  # the picker's region is the one the map outlines (read before the map)
        ui.region_picker(lang)
        st.markdown(f"**{t('explorer.summary', lang)}.** {view.summary}")
        ui.chart_panel(view.chart, "explorer_ranking")
    ui.table_section(view, t("explorer.table", lang), "explorer", kinds=["csv"])
    birthplace(run, lang)


def birthplace(run, lang: str) -> None:
    """Place of birth by region: a third party's computation from Eurostat, labelled so."""
    view = ui.view(xv.birthplace_view, lang)
    if view is None:
        return
    st.subheader(t("explorer.birthplace", lang))
    ui.chart_panel(view.chart, "explorer_birthplace")
    ui.caption(view.caption)
    with st.expander(t("explorer.birthplace_table", lang)):
        ui.table_panel(view.table, "explorer_birthplace_table", light=True)
        ui.downloads(view.exports, "explorer_birthplace")


ui.guarded(main)()
