"""What frames every page: the sidebar (language, data date) and the error boundary that
keeps tracebacks from users."""

from __future__ import annotations

import logging
import traceback
import uuid
from collections.abc import Callable

import streamlit as st
from streamlit.runtime.scriptrunner_utils.exceptions import ScriptControlException

from atlas import db, i18n
from atlas.i18n import t
from atlas.ui.data import pin_database, runner
from atlas.ui.state import URL_KEYS, lang, select

log = logging.getLogger("atlas")
LANGUAGE_NAMES = {"el": "Ελληνικά", "en": "English"}


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
            LANGUAGE_NAMES.get,
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


def show_db_problem(exc: db.DatabaseUnavailable, code: str) -> None:
    key = {"missing": "error.db_missing", "outdated": "error.db_outdated"}.get(
        exc.kind, "error.db_invalid"
    )
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
