"""Everything Streamlit-specific that pages share: language, URL state, cached data access,
error boundaries and common widgets. Pages import this; nothing below atlas/ui does.
"""

from __future__ import annotations

import logging
import traceback
import uuid
from collections.abc import Callable, Sequence

import pandas as pd
import streamlit as st
from streamlit.runtime.scriptrunner_utils.exceptions import ScriptControlException

from atlas import config, db, i18n
from atlas.i18n import t

log = logging.getLogger("atlas")

# View state shared through the URL (st.query_params): a copied URL reproduces the view.
URL_KEYS = ("lang", "indicator", "period", "measure", "scheme", "region", "process")


# --- data access (cached) ------------------------------------------------------------------


@st.cache_resource
def _published() -> db.Published:
    return db.Published(config.db_path)


def _generation() -> db.Generation:
    """The build this run reads: the one pinned at the start of the run (``pin_database``,
    called by the sidebar) while it is still attached, else the file's current build. A
    database republished mid-run is seen from the next run on, never half-way through."""
    published = _published()
    pinned = st.session_state.get("_db_identity")
    gen = published.get(pinned) if pinned else None
    if gen is None:
        seen = published.builds_seen
        gen = published.current()
        if published.builds_seen != seen:  # a new build: results of the old one are stale
            st.cache_data.clear()
    return gen


def pin_database() -> None:
    """Read one build for the whole run: called once at the top of every run."""
    st.session_state.pop("_db_identity", None)
    st.session_state["_db_identity"] = _generation().identity


@st.cache_data(show_spinner=False, max_entries=1024)
def _cached_query(ident: tuple, sql: str, params: tuple) -> pd.DataFrame:
    published = _published()
    gen = published.get(ident) or published.current()  # detached: two publishes in one run
    return published.execute(gen, sql, list(params))


def runner() -> Callable[[str, Sequence], pd.DataFrame]:
    """``run(sql, params)`` for atlas.queries, cached per database identity."""
    ident = _generation().identity
    return lambda sql, params=(): _cached_query(ident, sql, tuple(params))


def clear_caches() -> None:
    st.cache_data.clear()
    _published().close()
    _published.clear()


# --- language and URL state ----------------------------------------------------------------


def _from_url(name: str) -> str | None:
    value = st.query_params.get(name)
    return value if isinstance(value, str) and value else None


def lang() -> str:
    return i18n.norm_lang(
        st.session_state.get("lang") or st.session_state.get("_keep_lang") or _from_url("lang")
    )


def initial(name: str, options: Sequence[str], default: str | None = None) -> str:
    """The value a widget starts from: the session's last choice, else the URL, else the
    default. Widget state is dropped when a page does not draw the widget, so the last
    choice is also kept under ``_keep_<name>``; we never write the widget key itself."""
    for candidate in (st.session_state.get(f"_keep_{name}"), _from_url(name), default):
        if candidate in options:
            return candidate
    return options[0]


def remember(*names: str) -> None:
    """Copy widget values to their keep-slot and to the URL."""
    for name in names:
        value = st.session_state.get(name)
        if value is None:
            continue
        st.session_state[f"_keep_{name}"] = value
        if st.query_params.get(name) != value:
            st.query_params[name] = value


def select(
    name: str,
    label: str,
    options: Sequence[str],
    fmt: Callable[[str], str] = str,
    *,
    default: str | None = None,
    where=st,
    horizontal: bool = False,
    radio: bool = False,
) -> str:
    """A selectbox/radio whose value lives in session and URL (key = ``name``)."""
    options = list(options)
    if st.session_state.get(name) is not None and st.session_state[name] not in options:
        del st.session_state[name]  # options changed (e.g. another indicator's periods)
    current = st.session_state.get(name)
    index = options.index(current if current in options else initial(name, options, default))
    if radio:
        value = where.radio(
            label, options, index=index, key=name, format_func=fmt, horizontal=horizontal
        )
    else:
        value = where.selectbox(label, options, index=index, key=name, format_func=fmt)
    remember(name)
    return value


def sidebar() -> str:
    """Language switch and database date; returns the language. Runs first in every run,
    so it pins the database build the run reads."""
    try:
        pin_database()
    except db.DatabaseUnavailable:
        pass  # the page's error boundary says so
    with st.sidebar:
        select(
            "lang",
            t("sidebar.language", "el"),
            i18n.LANGS,
            lambda code: {"el": "Ελληνικά", "en": "English"}[code],
            default=i18n.DEFAULT_LANG,
            radio=True,
            horizontal=True,
        )
        # Keep the shared view state in the URL on every page.
        for name in URL_KEYS:
            kept = st.session_state.get(f"_keep_{name}")
            if kept is not None and st.query_params.get(name) != kept:
                st.query_params[name] = kept
        code = lang()
        try:
            from atlas import queries

            info = queries.build_info(runner())
            if info.get("built_at"):
                st.caption(t("sidebar.data_as_of", code, date=info["built_at"][:10]))
        except db.DatabaseUnavailable:
            pass
        st.caption(t("sidebar.offline_note", code))
    return code


# --- error boundary ------------------------------------------------------------------------


def show_db_problem(exc: db.DatabaseUnavailable, code: str) -> None:
    key = "error.db_missing" if exc.kind == "missing" else "error.db_invalid"
    st.error(t(key, code, path=exc.path))
    st.code("python -m etl", language="bash")


def _leave_legacy_page_mode() -> None:
    """Streamlit sees the client-mandated pages/ folder as a v1 multipage app and, for the
    first request after start, may run a page file directly, without dashboard.py (no
    sidebar, no navigation). Switch v1 off and rerun: dashboard.py then routes to the same
    page, since every url_path equals its file name."""
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def guarded(page: Callable[[], None]) -> Callable[[], None]:
    """Run a page so that a user never sees a traceback: known problems get a clear message
    with the fix, anything else a short reference that matches the server log."""

    def run() -> None:
        _leave_legacy_page_mode()
        code = lang()
        try:
            page()
        except db.DatabaseUnavailable as exc:
            show_db_problem(exc, code)
        except ScriptControlException:
            raise  # st.rerun / st.stop are control flow, not errors
        except Exception:  # noqa: BLE001 - the boundary is the point
            ref = uuid.uuid4().hex[:8]
            log.error("page error %s\n%s", ref, traceback.format_exc())
            st.error(t("error.unexpected", code, ref=ref))

    run.__name__ = getattr(page, "__name__", "page")
    return run


def coming(title_key: str) -> None:
    code = lang()
    st.title(t(title_key, code))
    st.info(t("common.coming", code))


def number_formatter(lang_code: str) -> Callable[[object], str]:
    """For Styler.format: the table shows Greek/English numbers but sorts on the values."""
    return lambda v: "" if v is None or pd.isna(v) else i18n.fmt_number(v, lang_code)


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 with BOM so Excel opens Greek correctly; formula prefixes neutralised."""
    from atlas.export import safe_csv

    return safe_csv(frame)


# --- geometry and map helpers ----------------------------------------------------------------


@st.cache_resource
def regions_geojson() -> dict:
    """The validated regions layer (geo.boundaries), read once per server process."""
    from geo import boundaries

    return boundaries.regions_geojson()


@st.cache_resource
def context_geojson() -> dict:
    from geo import boundaries

    return boundaries.context_geojson()


def region_options() -> list[str]:
    from geo.regions import REGION_CODES

    return ["", *REGION_CODES]


def region_label(code: str, lang_code: str) -> str:
    from geo.regions import BY_CODE

    if not code:
        return t("explorer.no_region", lang_code)
    r = BY_CODE[code]
    return f"{r.name_el if lang_code == 'el' else r.name_en} ({code})"


def on_region_click(map_key: str) -> Callable[[], None]:
    """st_folium ``on_change`` callback: a click on a region selects it. Callbacks run before
    the script, the one moment Streamlit lets code set a widget's value; the region widget
    then shows it and ``select`` copies it to the URL."""

    def callback() -> None:
        value = st.session_state.get(map_key) or {}
        feature = value.get("last_active_drawing") or {}
        code = (feature.get("properties") or {}).get("region_code")
        if code in region_options()[1:]:
            st.session_state["region"] = code
            st.session_state["_keep_region"] = code

    return callback


def region_picker(lang_code: str, *, where=st) -> str:
    code = select(
        "region",
        t("explorer.region", lang_code),
        region_options(),
        lambda c: region_label(c, lang_code),
        where=where,
    )
    if code and where.button(t("explorer.open_profile", lang_code), key="open_profile"):
        st.switch_page("pages/region_profile.py")
    return code


# --- accessibility (docs/accessibility.md) ---------------------------------------------------


def set_document_lang(lang_code: str) -> None:
    """Declare the page's language on <html> and load the accessibility script and styles
    (names of maps and charts, keyboard access to map regions, focus styles). Call once per
    run, from dashboard.py; it survives reruns and page switches."""
    from atlas import a11y

    st.html(a11y.document_html(lang_code), unsafe_allow_javascript=True)


def describe_graphic(
    name: str, description: str, *, selectable: bool = False, skip: bool = True
) -> None:
    """Place right before a map (st_folium) or a chart: gives it an accessible name
    ('Χάρτης: …') and a description, a "skip the map" link, and on a map where a click selects
    a region (``selectable``) focusable regions that Enter selects."""
    from atlas import a11y

    st.html(a11y.graphic_marker(name, description, lang(), selectable=selectable, skip=skip))


def describe_map(spec, summary: str = "", *, selectable: bool = False) -> None:
    """``describe_graphic`` for a choropleth: named 'Χάρτης: <spec title>', described by
    ``summary`` and the regions in each legend class (atlas.a11y.spec_description)."""
    from atlas import a11y

    code = lang()
    describe_graphic(
        a11y.map_name(spec.title, code),
        a11y.spec_description(spec, code, summary),
        selectable=selectable,
    )


def describe_chart(fig, description: str = "") -> None:
    """``describe_graphic`` for a Plotly chart: named 'Γράφημα: <its title>', described by
    ``description`` (a summary sentence), else by a pointer to the table with the same data."""
    from atlas import a11y

    code = lang()
    title = (fig.layout.title.text or "").strip() if fig.layout.title else ""
    text = description or t("a11y.map_table_note", code)
    describe_graphic(a11y.chart_name(title, code) if title else text, text, skip=False)


def caption(text: str, *, where=st) -> None:
    """st.caption with the other language's runs marked (English source titles on a Greek
    page are read with English pronunciation)."""
    from atlas import a11y

    where.caption(a11y.lang_spans(text, lang()), unsafe_allow_html=True)


def markdown(text: str, *, where=st) -> None:
    """st.markdown with the other language's runs marked (see ``caption``)."""
    from atlas import a11y

    where.markdown(a11y.lang_spans(text, lang()), unsafe_allow_html=True)


# --- administrators (the data upload page) ---------------------------------------------------


def secrets() -> dict:
    """.streamlit/secrets.toml as a plain dict ({} when there is none or it cannot be read)."""
    try:
        return st.secrets.to_dict() if st.secrets.load_if_toml_exists() else {}
    except Exception as exc:  # noqa: BLE001 - a broken secrets file closes the page, no more
        log.warning("secrets.toml could not be read: %s", type(exc).__name__)
        return {}


def admin_gate(lang_code: str) -> str | None:
    """Who the signed-in administrator is (None: show the login or why the page is closed).
    OIDC through st.login and the allow-list, else the shared password with lock-out."""
    import math
    import os

    from atlas import audit, auth

    access = auth.access(secrets(), os.environ)
    if not access.enabled or access.problem:
        key = "upload.off" if not access.enabled else "upload.misconfigured"
        st.info(t(key, lang_code, problem=access.problem or ""))
        return None
    if access.mode == "oidc":
        user = st.user.to_dict()
        if not user.get("is_logged_in"):
            args = (access.provider,) if access.provider else ()
            st.button(t("upload.login_oidc", lang_code), on_click=st.login, args=args, key="oidc")
            return None
        who, ok = str(user.get("email") or "?"), auth.oidc_allowed(user, access.policy)
        if st.session_state.get("_admin_audited") != who:
            audit.record("login" if ok else "login_refused", who, via="oidc")
            st.session_state["_admin_audited"] = who
        if not ok:
            st.error(t("upload.not_allowed", lang_code, who=who))
        st.button(t("upload.logout", lang_code), on_click=st.logout, key="logout")
        return who if ok else None
    who = st.session_state.get("_admin")
    if who:
        st.caption(t("upload.signed_in", lang_code, who=who))
        if st.button(t("upload.logout", lang_code), key="logout"):
            audit.record("logout", who, via="password")
            del st.session_state["_admin"]
            st.rerun()
        return who
    with st.form("login", clear_on_submit=True):
        name = st.text_input(t("upload.name", lang_code), key="login_name", max_chars=80)
        given = st.text_input(t("upload.password", lang_code), type="password", key="login_pw")
        sent = st.form_submit_button(t("upload.login", lang_code))
    if sent and not name.strip():
        st.error(t("upload.name_needed", lang_code))
    elif sent:
        client = auth.client_key(st.context.ip_address)
        result = auth.password_login(client, given, os.environ)
        event = "login" if result.ok else "login_failed"
        audit.record(event, name.strip(), via="password", client=client)
        if result.ok:
            st.session_state["_admin"] = name.strip()
            st.rerun()
        locked = math.ceil(result.locked_s)
        st.error(t("upload.locked" if locked else "upload.wrong_password", lang_code, s=locked))
    return None
