"""Region profile: one region's figures (each with source and date), programmes, visits and
events, governor; visit fields (session + URL only) and the one-page PDF brief."""

import streamlit as st

from atlas import config, ui
from atlas.i18n import t
from atlas.views import profile as pv
from geo.regions import REGION_CODES


def items(view: pv.ProfileView, entries: list, empty: str) -> None:
    if not entries:
        st.caption(empty)
    for item in entries:
        ui.markdown(pv.item_markdown(view, item))


def since_box(code: str, lang: str) -> dict[str, str]:
    """ "Since …": a past version (or the one live on a date) and what changed in the
    region's figures since; returns the marks for the tiles."""
    db = str(config.db_path())
    left, right = st.columns([3, 2])
    with left:
        picked = ui.choose(ui.view(pv.since_choice, lang, db))
    with right:
        day = ui.date_field("since_date", t("profile.since_date", lang))
    since = ui.view(pv.since_view, code, pv.resolve(picked, day, db), lang, db)
    if since is None:
        return {}
    with st.container(border=True):
        st.markdown(f"**{since.title}**")
        (st.write if since.ok else st.warning)(since.summary)
        st.caption(since.note)
        if since.table is not None:
            with st.expander(t("profile.since_list", lang)):
                ui.table_panel(since.table, "since_table", light=True)
    return since.marks


@st.fragment
def brief(run, code: str, lang: str) -> None:
    """Visit fields and the brief: typing or preparing reruns only this part."""
    visit = ui.visit_fields(lang)
    ui.brief_panel(run, code, lang, visit)


def main() -> None:
    lang = ui.lang()
    run = ui.runner()
    above = ui.above_map()  # the region, title and "since" box: above the map, sent after it
    code = ui.region_chosen(REGION_CODES)
    view = ui.view(pv.profile_view, code, lang)
    left, right = st.columns([2, 3])
    with left:
        ui.map_panel(view.map, "profile_map", height=420, selected=code, clickable=True)
        ui.downloads(view.exports, "profile", kinds=("png",))
        st.subheader(t("profile.governor", lang))
        items(view, [view.governor] if view.governor else [], t("profile.no_governor", lang))
    with above:
        ui.region_select(lang, t("common.region", lang), REGION_CODES)
        st.title(view.name)
        st.caption(pv.header_line(view))
        st.caption(t("profile.intro", lang))
        marks = since_box(code, lang)
    with right:
        st.subheader(t("profile.key_figures", lang))
        if not view.tiles:
            st.info(t("profile.no_figures", lang))
        ui.metrics(pv.metrics(view, view.briefing, marks), per_row=2)
    if view.other_tiles:
        with st.expander(t("profile.more_figures", lang, n=len(view.other_tiles))):
            ui.metrics(pv.metrics(view, view.other_tiles, marks), per_row=3)
    st.subheader(t("profile.programmes", lang))
    items(view, view.programmes, t("profile.no_programmes", lang))
    st.subheader(t("profile.activities", lang))
    items(view, view.activities, t("profile.activities_none", lang))
    st.subheader(t("profile.events", lang))
    items(view, view.events, t("profile.no_events", lang))
    with st.expander(t("profile.reception", lang)):
        items(view, view.reception, t("profile.no_reception", lang))
    st.subheader(t("local.section", lang))
    st.caption(pv.municipal_caption(view))
    if view.municipal is not None:
        ui.table_panel(view.municipal.table, "profile_municipalities", light=True)
    st.subheader(t("profile.sources", lang))
    ui.caption(pv.sources_markdown(view))
    ui.downloads(view.exports, "profile", kinds=("csv",))
    brief(run, code, lang)


ui.guarded(main)()
