"""Integration Atlas — entry point. Frames the app and routes; pages do the rest.

Run with ``make run`` (or ``streamlit run dashboard.py`` once the database is built).
"""

import logging
import os

import streamlit as st

from atlas import auth, ui
from atlas.i18n import t

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")

st.set_page_config(
    page_title="Άτλας Ένταξης · Integration Atlas", layout="wide", initial_sidebar_state="expanded"
)

lang = ui.sidebar()
ui.set_document_lang(lang)  # <html lang>, names of maps and charts, focus styles
# URL paths equal the file names: Streamlit also sees pages/ as a legacy page folder and
# would flash "Page not found" for any other path. No page icons: Streamlit fetches
# Material icons for the favicon from Google (offline rule).
PAGES = [
    ("pages/overview.py", "nav.overview", "overview"),
    ("pages/map_explorer.py", "nav.map_explorer", "map_explorer"),
    ("pages/region_profile.py", "nav.region_profile", "region_profile"),
    ("pages/reception.py", "nav.reception", "reception"),
    ("pages/helios.py", "nav.helios", "helios"),
    ("pages/timelines.py", "nav.timelines", "timelines"),
    ("pages/programmes.py", "nav.programmes", "programmes"),
    ("pages/activities.py", "nav.activities", "activities"),
    ("pages/data_sources.py", "nav.data_sources", "data_sources"),
]
pages = [
    st.Page(path, title=t(key, lang), url_path=url, default=(url == "overview"))
    for path, key, url in PAGES
]
# Administrators only; when no login is configured the page is hidden from the navigation
# but still answers its URL, saying how to enable it.
upload_on = auth.access(ui.secrets(), os.environ).enabled
pages.append(
    st.Page(
        "pages/data_upload.py",
        title=t("nav.data_upload", lang),
        url_path="data_upload",
        visibility="visible" if upload_on else "hidden",
    )
)
nav = st.navigation(pages)
nav.run()
