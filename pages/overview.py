"""Overview: national key figures with sources, the population map, what the atlas holds."""

import streamlit as st

from atlas import classify, ui
from atlas.config import POPULATION_INDICATOR
from atlas.i18n import t
from atlas.views import explorer as xv
from atlas.views import overview as ov

SHOWN_FIGURES = 6  # two rows of three; the rest in an expander


def main() -> None:
    lang = ui.lang()
    run = ui.runner()
    st.title(t("overview.title", lang))
    st.caption(t("app.subtitle", lang) + " · " + t("app.publisher", lang))
    st.subheader(t("overview.key_figures", lang))
    figures = ov.key_figures(run, lang)
    ui.metrics(ov.metrics(figures[:SHOWN_FIGURES], lang), per_row=3)
    if len(figures) > SHOWN_FIGURES:
        with st.expander(t("overview.more_figures", lang, n=len(figures) - SHOWN_FIGURES)):
            for fig in figures[SHOWN_FIGURES:]:
                ui.markdown(ov.figure_line(fig))
    st.subheader(t("overview.population_map", lang))
    period = ov.population_period(run)
    if period:
        view = xv.explorer_view(
            run, POPULATION_INDICATOR, period, "value", classify.DEFAULT_SCHEME, lang
        )
        ui.map_panel(view.map, "overview_map", height=480)
    st.subheader(t("overview.what", lang))
    st.write(ov.holdings(run, lang))


ui.guarded(main)()
