"""The app's pages: one list that the navigation (dashboard.py) and the page tests read.

Each page is (file, title key in atlas/locales, URL path). URL paths equal the file names:
Streamlit also sees pages/ as a legacy page folder and would flash "Page not found" for any
other path. The upload page is for administrators: the navigation hides it when no login is
configured (it still answers its URL, saying how to enable it)."""

from __future__ import annotations

PAGES = (
    ("pages/overview.py", "nav.overview", "overview"),
    ("pages/map_explorer.py", "nav.map_explorer", "map_explorer"),
    ("pages/region_profile.py", "nav.region_profile", "region_profile"),
    ("pages/municipalities.py", "nav.municipalities", "municipalities"),
    ("pages/reception.py", "nav.reception", "reception"),
    ("pages/helios.py", "nav.helios", "helios"),
    ("pages/timelines.py", "nav.timelines", "timelines"),
    ("pages/programmes.py", "nav.programmes", "programmes"),
    ("pages/activities.py", "nav.activities", "activities"),
    ("pages/data_sources.py", "nav.data_sources", "data_sources"),
)
UPLOAD_PAGE = ("pages/data_upload.py", "nav.data_upload", "data_upload")
DEFAULT_PAGE = "overview"


def page_files() -> list[str]:
    """Every page file, the upload page last."""
    return [path for path, _, _ in (*PAGES, UPLOAD_PAGE)]
