"""Data & sources: every source with its licence and coverage; gaps made visible."""

import streamlit as st

from atlas import ui, views
from atlas.i18n import t


def main() -> None:
    lang = ui.lang()
    run = ui.runner()
    st.title(t("sources.title", lang))
    st.write(t("sources.intro", lang))
    built = views.built_at_text(run, lang)
    if built:
        st.caption(t("sources.built", lang, date=built))
    st.subheader(t("sources.list", lang))
    table = views.sources_table(run, lang)
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        column_config={t("common.link", lang): st.column_config.LinkColumn()},
    )
    st.download_button(
        t("common.download_csv", lang),
        ui.csv_bytes(table),
        file_name=f"atlas_sources_{lang}.csv",
        mime="text/csv",
        key="sources_csv",
    )
    st.subheader(t("sources.coverage", lang))
    st.dataframe(views.coverage_pivot(run, lang), hide_index=True, width="stretch")
    national = views.national_only_indicators(run, lang)
    if national:
        st.caption(t("sources.national_only", lang, names=", ".join(national)))
    st.subheader(t("sources.boundaries", lang))
    st.write(t("sources.boundaries_text", lang))
    st.caption(t("sources.own_data", lang))


ui.guarded(main)()
