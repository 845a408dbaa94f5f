"""Data & sources: every source with its licence and coverage; gaps made visible."""

import streamlit as st

from atlas import config, ui
from atlas.i18n import t
from atlas.views import common
from atlas.views import sources as sv


def main() -> None:
    lang = ui.lang()
    run = ui.runner()
    st.title(t("sources.title", lang))
    st.write(t("sources.intro", lang))
    built = common.built_at_text(run, lang)
    if built:
        st.caption(t("sources.built", lang, date=built))
    st.subheader(t("sources.list", lang))
    table = ui.view(sv.sources_table, lang)
    ui.table_panel(table, "sources_table")
    ui.downloads([sv.sources_csv(table, lang)], "sources")
    st.subheader(t("sources.coverage", lang))
    ui.table_panel(ui.view(sv.coverage_pivot, lang), "coverage_table")
    gaps = ui.view(sv.not_public_names, lang)
    if gaps:
        st.caption(t("sources.not_public_list", lang, names="; ".join(gaps)))
    national = ui.view(sv.national_only_indicators, lang)
    if national:
        st.caption(t("sources.national_only", lang, names=", ".join(national)))
    st.subheader(t("sources.updates", lang))
    st.caption(t("sources.updates_intro", lang))
    log = ui.view(sv.updates_log, lang, str(config.db_path()))
    if len(log):
        ui.table_panel(log, "updates_table")
    else:
        st.write(t("sources.updates_none", lang))
    st.subheader(t("sources.boundaries", lang))
    st.write(t("sources.boundaries_text", lang))
    st.write(t("sources.municipal_boundaries_text", lang))
    st.caption(t("sources.own_data", lang))


ui.guarded(main)()
