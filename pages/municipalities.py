"""Municipalities: the drawn municipal units of the country or of one region as a map (with
the integration structures as layers), the card of one municipality, a table and downloads."""

import streamlit as st

from atlas import ui
from atlas.i18n import t
from atlas.views import municipalities as mv


def choices(run, lang: str) -> list:
    """Layer, measure and structure layer (session + URL); the measures depend on the layer."""
    layer = mv.layer_choice(run, lang)
    return [layer, mv.measure_choice(run, ui.chosen(layer), lang), mv.structures_choice(lang)]


def draw_choices(picks: list, lang: str) -> None:
    """The region and the choices, side by side (drawn after the map, shown above it)."""
    c1, *cols = st.columns([3, 3, 2, 3])
    label, fmt = t("explorer.region", lang), lambda c: mv.region_option(c, lang)
    ui.region_select(lang, label, fmt=fmt, where=c1)
    for choice, col in zip(picks, cols):
        ui.choose(choice, where=col)


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
    above = ui.above_map()
    region, picks = ui.region_chosen(), choices(run, lang)
    view = ui.view(mv.municipal_view, region, *map(ui.chosen, picks), lang)
    unit_choice = mv.unit_choice(region, lang)  # a click on the map sets it
    unit = ui.chosen(unit_choice) or ""
    map_part(view, region, unit, lang)
    with above:
        st.caption(t("municipal.intro", lang))
        draw_choices(picks, lang)
        if view.empty:
            st.info(t("municipal.no_data", lang))
        if view.note:
            ui.caption(view.note)
        ui.choose(unit_choice)
    card(unit, lang)
    ui.table_section(view, t("municipal.table", lang), "municipal", kinds=["csv"])


ui.guarded(main)()
