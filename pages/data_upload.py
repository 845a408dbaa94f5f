"""Data upload (administrators): validate own files, preview the changes, publish, roll back.

Who may: ui.admin_gate (atlas.auth). What happens: etl.publish / etl.versions (the same ETL
as ``python -m etl``, into a version folder; the page calls them). Shown by atlas.upload.
"""

import streamlit as st

from atlas import audit, config, ui, upload
from atlas.i18n import t
from etl import publish, versions
from etl.errors import EtlError


def main() -> None:
    lang = ui.lang()
    st.title(t("upload.title", lang))
    who = ui.admin_gate(lang)
    if not who:
        return
    st.caption(t("upload.intro", lang, mb=config.MAX_INPUT_FILE_MB))
    # always the same element above the tabs: a one-shot notice that vanished would re-create
    # st.tabs and show the first tab again (TECH-NOTES)
    with st.container():
        if notice := st.session_state.pop("_notice", None):
            st.success(notice)
    tabs = st.tabs([t(f"upload.tab.{k}", lang) for k in ("upload", "versions", "audit")])
    with tabs[0]:
        upload_panel(who, lang)
    with tabs[1]:
        versions_panel(who, lang)
    with tabs[2]:
        st.dataframe(upload.audit_frame(audit.recent(), lang), hide_index=True, width="stretch")


@st.cache_data(show_spinner=False, max_entries=8)
def preview(version: str, live_sha: str | None, lang: str) -> upload.PreviewView:
    changes = publish.changes(config.db_path(), publish.staged_db(version))
    return upload.preview_view(changes.tables, changes.values, lang)


def upload_panel(who: str, lang: str) -> None:
    kept = [p.name for p in versions.live_inputs()]
    files = st.file_uploader(
        t("upload.files", lang), publish.UPLOAD_TYPES, accept_multiple_files=True, key="files"
    )
    drop = st.multiselect(t("upload.drop", lang), kept, key="drop") if kept else []
    if st.button(t("upload.validate", lang), key="validate", disabled=not (files or drop)):
        with st.spinner(t("upload.validating", lang)):
            uploads = [(f.name, f.getvalue()) for f in files or []]
            st.session_state["_staged"] = publish.stage(uploads, who, drop=drop)
    staged = st.session_state.get("_staged")
    if staged and not staged.ok:
        view = upload.problems_view(staged.problems, lang)
        st.error(view.summary)
        st.dataframe(view.frame, hide_index=True, width="stretch")
        label = t("upload.download_problems", lang)
        st.download_button(label, view.csv, view.csv_name, "text/csv", key="problems_csv")
    if not (staged and staged.ok):
        return
    view = preview(staged.version, versions.live_sha(config.db_path()), lang)
    st.success(t("upload.valid", lang, version=staged.version))
    st.subheader(t("upload.tables_changed", lang))
    st.dataframe(view.tables, hide_index=True)
    st.subheader(t("upload.values_changed", lang, n=len(view.values.table)))
    for col, (png, caption) in zip(st.columns(2), view.maps, strict=False):
        col.image(png, caption=caption, width="stretch")
    st.dataframe(view.values.table, hide_index=True, width="stretch")
    if st.button(t("upload.publish", lang), key="publish", type="primary"):
        act(lambda: publish.publish(staged.version, who)["version"], "upload.published", lang)


def versions_panel(who: str, lang: str) -> None:
    items = versions.list_versions()
    st.caption(t("upload.versions_intro", lang, keep=config.KEEP_VERSIONS))
    st.dataframe(upload.versions_frame(items, lang), hide_index=True, width="stretch")
    choices = {m["version"]: upload.version_label(m, lang) for m in items if not m["live"]}
    if not choices:
        return
    pick = st.selectbox(
        t("upload.version_pick", lang), list(choices), format_func=choices.get, key="back_to"
    )
    sure = st.checkbox(t("upload.confirm_rollback", lang, version=pick), key="rollback_sure")
    if st.button(t("upload.rollback", lang), key="rollback", disabled=not sure):
        act(lambda: versions.rollback(pick, who)["version"], "upload.rolled_back", lang)


def act(change, done_key: str, lang: str) -> None:
    """Publish or roll back; the outcome is shown after a rerun, with every table renewed."""
    try:
        version = change()
    except EtlError as exc:
        st.error(t("upload.failed", lang, reason=str(exc)))
        return
    st.session_state.pop("_staged", None)
    st.session_state["_notice"] = t(done_key, lang, version=version)
    st.rerun()


ui.guarded(main)()
