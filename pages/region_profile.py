"""Region profile: one region's figures (each with source and date), programmes, visits and
events, governor; visit fields (session + URL only) and the one-page PDF brief."""

from datetime import date

import streamlit as st
from streamlit_folium import st_folium

from atlas import brief, maps, queries, static_map, ui
from atlas.i18n import t
from atlas.views import profile as pv
from geo.regions import REGION_CODES

VISIT_KEYS = ("visit_date", "purpose", "msg1", "msg2", "msg3")


def _kept(name: str) -> str:
    """A visit field's last value: this session first, else the URL (as text)."""
    value = st.session_state.get(f"_keep_{name}")
    if value is None:
        value = st.query_params.get(name) or ""
    return value if isinstance(value, str) else ""


def _keep_visit() -> pv.Visit:
    """Mirror the visit fields to the session keep-slot and the URL; never to the database."""
    for name in VISIT_KEYS:
        value = st.session_state.get(name)
        text = value.isoformat() if isinstance(value, date) else (value or "")
        st.session_state[f"_keep_{name}"] = text
        if text and st.query_params.get(name) != text:
            st.query_params[name] = text
        elif not text and name in st.query_params:
            del st.query_params[name]
    kept = {n: st.session_state[f"_keep_{n}"] for n in VISIT_KEYS}
    return pv.Visit(kept["visit_date"], kept["purpose"], (kept["msg1"], kept["msg2"], kept["msg3"]))


def _visit_fields(lang: str) -> pv.Visit:
    st.subheader(t("profile.visit", lang))
    st.caption(t("profile.visit_note", lang))
    try:
        start = date.fromisoformat(_kept("visit_date")) if _kept("visit_date") else None
    except ValueError:
        start = None
    c1, c2 = st.columns([1, 3])
    c1.date_input(
        t("profile.visit_date", lang),
        value=start,
        key="visit_date",
        format="DD/MM/YYYY" if lang == "el" else "YYYY-MM-DD",
    )
    c2.text_area(
        t("profile.purpose", lang),
        value=_kept("purpose"),
        key="purpose",
        max_chars=brief.MAX_PURPOSE,
        height=68,
    )
    for n, col in zip((1, 2, 3), st.columns(3)):
        col.text_input(
            t("profile.message", lang, n=n),
            value=_kept(f"msg{n}"),
            key=f"msg{n}",
            max_chars=brief.MAX_MESSAGE,
        )
    return _keep_visit()


def _brief_section(run, code: str, lang: str, visit: pv.Visit, built: str) -> None:
    st.subheader(t("profile.brief", lang))
    c1, c2 = st.columns([1, 2])
    brief_lang = ui.select(
        "brief_lang",
        t("profile.brief_lang", lang),
        ("el", "en"),
        lambda c: {"el": "Ελληνικά", "en": "English"}[c],
        default=lang,
        where=c1,
        radio=True,
        horizontal=True,
    )
    annex = c2.checkbox(t("profile.annex", lang), key="brief_annex")
    key = (built, code, brief_lang, annex, visit.key())
    # A callback, not the return value: it survives a rerun that happens before the body.
    st.button(
        t("profile.prepare_brief", lang),
        key="prepare_brief",
        type="primary",
        on_click=st.session_state.__setitem__,
        args=("_brief_wanted", True),
    )
    # The request is cleared only once the brief is stored: a rerun that interrupts the
    # build (e.g. the map component reporting in) then builds it again instead of losing it.
    if st.session_state.get("_brief_wanted"):
        with st.spinner(t("profile.prepare_brief", lang)):
            view = pv.profile_view(run, code, brief_lang)
            data = brief.build_brief(view, visit, annex=annex)
        st.session_state["_brief"] = (key, data, brief.brief_filename(code, visit.date, brief_lang))
        st.session_state.pop("_brief_wanted", None)
    ready = st.session_state.get("_brief")
    if ready and ready[0] == key:
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


def _list(items: list, view: pv.ProfileView, empty: str) -> None:
    if not items:
        st.caption(empty)
    for item in items:
        extra = " · ".join(item.extra)
        ui.markdown(
            f"**{item.title}**  \n{item.detail}"
            + (f" · {extra}" if extra else "")
            + f" {view.cite(item.source_ids)}"
        )


def main() -> None:
    lang = ui.lang()
    run = ui.runner()
    code = ui.select(
        "region", t("common.region", lang), REGION_CODES, lambda c: ui.region_label(c, lang)
    )
    view = pv.profile_view(run, code, lang)
    st.title(view.name)
    other = view.name_en if lang == "el" else view.name_el
    st.caption(
        f"{other} · {t('profile.nuts', lang)} {code} · ISO {view.iso} · "
        + t("profile.data_as_of_note", lang, date=view.data_as_of)
    )
    st.caption(t("profile.intro", lang))
    left, right = st.columns([2, 3])
    with left:
        fmap = maps.choropleth_map(
            view.locator, ui.regions_geojson(), ui.context_geojson(), selected=code
        )
        ui.describe_map(view.locator, selectable=True)
        st_folium(
            fmap,
            key="profile_map",
            height=420,
            use_container_width=True,
            returned_objects=["last_active_drawing"],
            on_change=ui.on_region_click("profile_map"),
        )
        st.caption(t("profile.map_click", lang) + " " + t("common.boundaries_credit", lang))
        title = t("profile.locator_title", lang, name=view.name, code=code)
        for scale, label in ((1, "profile.download_map"), (2, "profile.download_map_print")):
            st.download_button(
                t(label, lang),
                lambda s=scale: static_map.render_map(
                    view.locator,
                    title=title,
                    legend_title="",
                    selected=code,
                    scale=s,
                    source=t("common.boundaries_credit", lang),
                    date_text=t("profile.data_as_of_note", lang, date=view.data_as_of),
                ),
                file_name=f"map_{code}_{lang}@{scale}x.png",
                mime="image/png",
                key=f"map_png_{scale}",
                on_click="ignore",
            )
        st.subheader(t("profile.governor", lang))
        if view.governor:
            _list([view.governor], view, "")
        else:
            st.caption(t("profile.no_governor", lang))
    with right:
        st.subheader(t("profile.key_figures", lang))
        if not view.tiles:
            st.info(t("profile.no_figures", lang))
        for start in range(0, len(view.tiles), 2):
            for col, tile in zip(st.columns(2), view.tiles[start : start + 2]):
                col.metric(
                    f"{tile.label} ({tile.unit})" if tile.unit else tile.label,
                    tile.number or tile.value,
                    border=True,
                )
                ui.caption(
                    " · ".join(
                        [
                            t(
                                "profile.figure_source",
                                lang,
                                period=tile.period,
                                cite=view.cite(tile.source_ids),
                            ),
                            *tile.lines,
                        ]
                    ),
                    where=col,
                )
    st.subheader(t("profile.programmes", lang))
    _list(view.programmes, view, t("profile.no_programmes", lang))
    st.subheader(t("profile.events", lang))
    _list(view.events, view, t("profile.no_events", lang))
    with st.expander(t("profile.reception", lang)):
        _list(view.reception, view, t("profile.no_reception", lang))
    st.subheader(t("profile.sources", lang))
    ui.caption("  \n".join(view.source_lines) + "  \n\n_" + " ".join(view.caveats) + "_")
    st.download_button(
        t("common.download_csv", lang),
        view.csv,
        file_name=view.csv_name,
        mime="text/csv",
        key="profile_csv",
    )
    visit = _visit_fields(lang)
    _brief_section(run, code, lang, visit, str(queries.build_info(run).get("built_at")))


ui.guarded(main)()
