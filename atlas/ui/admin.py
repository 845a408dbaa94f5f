"""The administrators' gate (the data upload page): who is signed in, through OIDC
(st.login and an allow-list) or the shared password with lock-out (atlas.auth)."""

from __future__ import annotations

import logging

import streamlit as st

from atlas.i18n import t

log = logging.getLogger("atlas")


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
