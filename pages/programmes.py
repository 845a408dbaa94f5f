"""Programme register: every programme with operator, funder, dates, description, sources."""

import streamlit as st

from atlas import ui
from atlas.i18n import t
from atlas.views import programmes as pv


def main() -> None:
    lang = ui.lang()
    run = ui.runner()
    st.title(t("programmes.title", lang))
    st.caption(t("programmes.intro", lang))
    opts = pv.register_options(run)

    def every(fmt):
        return pv.with_all(fmt, lang)

    c1, c2, c3, c4 = st.columns([2, 3, 2, 3])
    status = ui.select(
        "prog_status",
        t("programmes.status", lang),
        opts["status"],
        every(lambda s: t(f"status.{s}", lang)),
        where=c1,
    )
    funder = ui.select(
        "prog_funder",
        t("programmes.funder", lang),
        opts["funder"],
        every(
            lambda f: (
                t("funder.none", lang) if f == pv.NONE else (f if len(f) <= 70 else f[:68] + "…")
            )
        ),
        where=c2,
    )
    year = ui.select(
        "prog_year", t("programmes.period", lang), opts["period"], every(str), where=c3
    )
    region = ui.select(
        "region",
        t("programmes.region", lang),
        ui.region_options(),
        every(lambda c: ui.region_label(c, lang)),
        where=c4,
    )
    view = pv.register_view(run, lang, status=status, funder=funder, period=year, region=region)
    st.caption(
        t("programmes.shown", lang, n=len(view.cards), total=view.n_total)
        + (
            " " + t("programmes.hidden_undated", lang, n=view.hidden_undated)
            if view.hidden_undated
            else ""
        )
        + (" " + t("programmes.period_note", lang) if year else "")
        + (" " + t("programmes.region_note", lang) if region else "")
    )
    if not view.cards:
        st.info(t("programmes.none_match", lang))
        return
    st.dataframe(view.table, hide_index=True, width="stretch")
    st.download_button(
        t("common.download_csv", lang),
        view.csv,
        file_name=view.csv_name,
        mime="text/csv",
        key="programmes_csv",
    )
    for card in view.cards:
        with st.expander(f"{card.name} · {t(f'status.{card.status}', lang)}"):
            ui.markdown("\n".join(f"- **{label}:** {text}" for label, text in card.lines))
            ui.markdown(f"**{t('programmes.description', lang)}.** {card.description}")
            if card.url:
                st.markdown(f"**{t('programmes.link', lang)}:** <{card.url}>")
            ui.caption(f"{t('common.source', lang)}: {card.source}")
            if len(card.facts):
                st.markdown(f"**{t('programmes.facts', lang)}**")
                st.dataframe(card.facts, hide_index=True, width="stretch")


ui.guarded(main)()
