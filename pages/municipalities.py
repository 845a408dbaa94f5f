"""Municipalities: the drawn municipal units of the country or of one region as a map (with
the integration structures as layers), the card of one municipality, a table and downloads."""

import streamlit as st

from atlas import ui
from atlas.i18n import t
from atlas.views import municipalities as mv


def choices(run, lang: str) -> tuple[str, str, str, str]:
    """Region, layer, measure and structure layer (session + URL)."""
    c1, c2, c3, c4 = st.columns([3, 3, 2, 3])
    region = ui.region_select(
        lang, t("explorer.region", lang), fmt=lambda c: mv.region_option(c, lang), where=c1
    )
    layer = ui.choose(mv.layer_choice(run, lang), where=c2)
    measure = ui.choose(mv.measure_choice(run, layer, lang), where=c3)
    structures = ui.choose(mv.structures_choice(lang), where=c4)
    return region, layer, measure, structures


@st.fragment
def map_part(view: mv.MunicipalView, region: str, unit: str, lang: str) -> None:
    """The map and its PNG: a click on a municipality chooses it (the card's list above the
    map) and the page shows its card below."""
    ui.map_panel(
        view.map,
        "municipal_map",
        selected=unit or None,
        clickable=True,
        select_key=mv.MUNICIPALITY_KEY,
        options=lambda: mv.unit_choice(region, lang).options[1:],
    )
    ui.downloads(view.exports, "municipal", kinds=("png",))


def card(unit: str, lang: str) -> None:
    """The card of the municipality chosen on the map or in the list."""
    if not unit:
        return
    found = ui.view(mv.card_view, unit, lang)
    if found is None:
        return
    st.subheader(t("municipal.card_title", lang, name=found.title))
    ui.markdown("\n\n".join(found.lines))
    st.markdown(f"**{t('municipal.card.figures', lang)}**")
    ui.table_panel(found.figures, "municipal_card_figures", light=True)


def main() -> None:
    lang = ui.lang()
    run = ui.runner()
    st.title(t("municipal.title", lang))
    st.caption(t("municipal.intro", lang))
    region, layer, measure, structures = choices(run, lang)
    view = ui.view(mv.municipal_view, region, layer, measure, structures, lang)
    if view.empty:
        st.info(t("municipal.no_data", lang))
    if view.note:
        ui.caption(view.note)
    unit = ui.choose(mv.unit_choice(region, lang))  # before the map: a click sets it
    map_part(view, region, unit, lang)
    card(unit, lang)
    st.subheader(t("municipal.table", lang))
    ui.table_panel(view.table, "municipal_table", light=True)
    ui.downloads(view.exports, "municipal", kinds=("csv",))


ui.guarded(main)()
