"""Overview: national key figures with sources (led by the foreign-citizen population of the
2021 census), its map by region, what the atlas holds."""

import streamlit as st

from atlas import classify, ui
from atlas.i18n import t
from atlas.views import explorer as xv
from atlas.views import overview as ov
from atlas.views.common import FOREIGN_CITIZENS as FOREIGN

SHOWN_FIGURES = 6  # two rows of three; the rest in an expander


def main() -> None:
    lang = ui.lang()
    st.title(t("overview.title", lang))
    above = ui.above_map()  # the key figures: shown above the map, sent after it
    shown = ui.view(ov.map_indicator)
    if shown:
        indicator_id, period = shown
        view = ui.view(
            xv.explorer_view, indicator_id, period, "value", classify.DEFAULT_SCHEME, lang
        )
        ui.map_panel(view.map, "overview_map", height=480)
        st.caption(t("overview.map_link", lang))
    with above:
        key_figures(lang)
        if shown:
            key = "overview.foreign_map" if indicator_id == FOREIGN else "overview.population_map"
            st.subheader(t(key, lang))
    st.subheader(t("overview.what", lang))
    st.write(ui.view(ov.holdings, lang))


def key_figures(lang: str) -> None:
    st.caption(t("app.subtitle", lang) + " · " + t("app.publisher", lang))
    st.subheader(t("overview.key_figures", lang))
    figures = ui.view(ov.key_figures, lang)
    ui.metrics(ov.metrics(figures[:SHOWN_FIGURES], lang), per_row=3)
    if len(figures) > SHOWN_FIGURES:
        with st.expander(t("overview.more_figures", lang, n=len(figures) - SHOWN_FIGURES)):
            for fig in figures[SHOWN_FIGURES:]:
                ui.markdown(ov.figure_line(fig))


ui.guarded(main)()
