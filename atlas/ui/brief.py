"""The visit fields and the one-page brief of the region profile.

The visit fields are view state like any other (session + URL, never stored). The brief is
built only when asked for (it takes seconds) and then kept, with the inputs it was built
from, until one of them changes: the database, the region, the brief's language, the annex
choice or a visit field. Reruns that change none of these (a map reporting in, a language
switch of the page) leave the prepared brief and its download button in place.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import streamlit as st

from atlas.i18n import t
from atlas.ui.data import database_identity
from atlas.ui.frame import LANGUAGE_NAMES
from atlas.ui.state import date_field, select, text

if TYPE_CHECKING:  # the profile view (and the classing it needs) loads with the profile page
    from atlas.views.profile import Visit

WANTED = "_brief_wanted"  # set by the 'prepare' button's callback
READY = "_brief"  # (BriefInputs, pdf bytes, file name)


@dataclass(frozen=True)
class BriefInputs:
    """Everything the brief's bytes depend on."""

    database: tuple
    region: str
    lang: str
    annex: bool
    visit: tuple


def visit_fields(lang: str) -> Visit:
    """Date, purpose and three key messages of a coming visit (session + URL only)."""
    from atlas.views.profile import MAX_MESSAGE, MAX_PURPOSE, Visit

    st.subheader(t("profile.visit", lang))
    st.caption(t("profile.visit_note", lang))
    c1, c2 = st.columns([1, 3])
    when = date_field("visit_date", t("profile.visit_date", lang), where=c1)
    purpose = text(
        "purpose", t("profile.purpose", lang), max_chars=MAX_PURPOSE, area=True, where=c2
    )
    messages = tuple(
        text(f"msg{n}", t("profile.message", lang, n=n), max_chars=MAX_MESSAGE, where=col)
        for n, col in zip((1, 2, 3), st.columns(3))
    )
    last = select("last_brief", t("profile.last_brief", lang), *_versions(lang), default="")
    return Visit(when, purpose, messages, last or "")


def _versions(lang: str) -> tuple:
    """The past versions of the data a last brief may have been made from (options, labels)."""
    from atlas import config
    from atlas.ui.cache import view
    from atlas.views.profile import since_choice

    choice = view(since_choice, lang, str(config.db_path()))
    return choice.options, choice.fmt


def _want() -> None:
    st.session_state[WANTED] = True


def _build(run, inputs: BriefInputs, visit: Visit) -> tuple[bytes, str]:
    from atlas import brief
    from atlas.views.profile import profile_view

    view = profile_view(run, inputs.region, inputs.lang)
    data = brief.build_brief(view, visit, annex=inputs.annex, since=_since(visit, inputs))
    return data, brief.brief_filename(inputs.region, visit.date, inputs.lang)


def _since(visit: Visit, inputs: BriefInputs):
    """The changes in the region's figures since the last brief's version of the data (None:
    no last brief, nothing changed, or that version is no longer kept)."""
    from atlas import changes, kept

    if not visit.last_brief:
        return None
    try:
        vc = changes.between(visit.last_brief, kept.LIVE, region_code=inputs.region)
    except kept.VersionError:
        return None
    return changes.brief_changes(vc, inputs.lang)


def brief_panel(run, code: str, lang: str, visit: Visit) -> None:
    """Brief language, annex, 'prepare', then the download of the prepared brief."""
    st.subheader(t("profile.brief", lang))
    c1, c2 = st.columns([1, 2])
    brief_lang = select(
        "brief_lang",
        t("profile.brief_lang", lang),
        ("el", "en"),
        LANGUAGE_NAMES.get,
        default=lang,
        where=c1,
        radio=True,
        horizontal=True,
    )
    annex = c2.checkbox(t("profile.annex", lang), key="brief_annex")
    inputs = BriefInputs(database_identity(), code, brief_lang, annex, visit.key())
    # A callback, not the return value: it survives a rerun that happens before the body.
    st.button(t("profile.prepare_brief", lang), key="prepare_brief", type="primary", on_click=_want)
    ready = st.session_state.get(READY)
    if st.session_state.get(WANTED) and not (ready and ready[0] == inputs):
        with st.spinner(t("profile.prepare_brief", lang)):
            data, name = _build(run, inputs, visit)
            # Stored before the spinner ends: leaving it is the first point where a rerun
            # (e.g. the map reporting in) can stop this run; the next run finds the brief
            # ready for the same inputs and shows it instead of building it again.
            ready = (inputs, data, name)
            st.session_state[READY] = ready
    # The request is cleared only once a brief for these inputs is stored: a rerun that
    # interrupts the build builds it again instead of losing it.
    st.session_state.pop(WANTED, None)
    if ready and ready[0] == inputs:
        st.download_button(
            t("profile.download_brief", lang),
            ready[1],
            file_name=ready[2],
            mime="application/pdf",
            key="brief_pdf",
            on_click="ignore",
        )
    else:
        st.caption(t("profile.brief_hint", lang))
