"""Map explorer: any indicator across the 13 regions, as a map, a ranking and a table."""

import streamlit as st

from atlas import queries, ui
from atlas.i18n import t
from atlas.views import explorer as xv


def choices(run, lang: str, inds) -> tuple[str, str, str, str]:
    """Indicator, period, measure and scheme (session + URL); a period or measure depends on
    the indicator chosen before it."""
    c1, c2, c3, c4 = st.columns([3, 2, 2, 2])
    ind_id = ui.choose(xv.indicator_choice(inds, lang), where=c1)
    period = ui.choose(xv.period_choice(run, ind_id, lang), where=c2)
    measure = ui.choose(xv.measure_choice(inds, ind_id, lang), where=c3)
    scheme = ui.choose(xv.scheme_choice(lang), where=c4)
    return ind_id, period, measure, scheme


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
    st.caption(t("explorer.intro", lang))
    inds = queries.map_indicators(run)
    if inds.empty:
        st.info(t("explorer.no_indicators", lang))
        return
    view = ui.view(xv.explorer_view, *choices(run, lang, inds), lang)
    left, right = st.columns([3, 2])
    with right:  # the picker first: the map outlines the region chosen there (or in the URL)
        region = ui.region_picker(lang)
    with left:
        map_part(view, region, lang)
    with right:  # then what is drawn after the map
        st.markdown(f"**{t('explorer.summary', lang)}.** {view.summary}")
        ui.chart_panel(view.chart, "explorer_ranking")
    st.subheader(t("explorer.table", lang))
    ui.table_panel(view.table, "explorer_table")
    ui.downloads(view.exports, "explorer", kinds=("csv",))
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
        ui.table_panel(view.table, "explorer_birthplace_table")
        ui.downloads(view.exports, "explorer_birthplace")


ui.guarded(main)()
