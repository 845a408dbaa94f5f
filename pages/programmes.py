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
    status, funder, year, region = ui.choose_all(pv.register_choices(run, lang), [2, 3, 2, 3])
    chosen = {"status": status, "funder": funder, "period": year, "region": region}
    view = ui.view(pv.register_view, lang, **chosen)
    st.caption(pv.shown_note(view, lang, **chosen))
    if year and view.not_running:
        ui.markdown(pv.not_running_markdown(view, lang, year))
    if not view.cards:
        st.info(t("programmes.none_match", lang))
        return
    ui.table_panel(view.table, "programmes_table")
    ui.downloads(view.exports, "programmes")
    for card in view.cards:
        with st.expander(f"{card.name} · {t(f'status.{card.status}', lang)}"):
            ui.markdown(pv.card_markdown(card, lang))
            if card.url:
                st.markdown(f"**{t('programmes.link', lang)}:** <{card.url}>")
            ui.caption(f"{t('common.source', lang)}: {card.source}")
            if len(card.facts):
                st.markdown(f"**{t('programmes.facts', lang)}**")
                ui.table_panel(card.facts, f"facts_{card.programme_id}")


ui.guarded(main)()
