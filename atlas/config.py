"""All configuration in one place: repo-relative paths, the one env override, named constants.

No Streamlit import here: the ETL and the tests use this module too.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RAW_DIR = ROOT / "data" / "raw"
TEMPLATES_DIR = ROOT / "data" / "templates"
STATIC_DIR = ROOT / "static"
DEFAULT_DB_PATH = ROOT / "data" / "atlas.duckdb"
DB_ENV_VAR = "ATLAS_DB"  # the only override: the ETL writes and the app reads this file

# Which indicators are populations (the denominators of rates) is said once, by the role
# 'population' in indicators.csv (etl/models/stg_indicators.sql). These two name figures the
# atlas shows first: the census population (2011 and the 2021 provisional results; the map's
# default indicator) and ELSTAT's final 2021 residents, which replace the provisional
# population in a region's briefing where they are held.
POPULATION_INDICATOR = "population_census"
FINAL_POPULATION_INDICATOR = "census2021_residents"

# Person counts below this are shown as "<N" on maps, tables and exports (disclosure control).
DISCLOSURE_THRESHOLD = int(os.environ.get("ATLAS_DISCLOSURE_THRESHOLD", "5"))

# Streamlit's own setting for serving the atlas under a path (e.g. /atlas/ on an intranet
# host behind nginx): Streamlit reads this variable as server.baseUrlPath, so one value moves
# both the app and the absolute asset URLs built here (the Leaflet files in /app/static).
BASE_PATH_ENV_VAR = "STREAMLIT_SERVER_BASE_URL_PATH"

# How long a second ETL run waits for the first before giving up (seconds).
BUILD_LOCK_TIMEOUT_S = 60.0

# DuckDB's memory during a build; beyond it DuckDB spills to a folder beside the temp file,
# so a 10 M-row input needs no more (DuckDB's own default is 80 % of the machine's RAM).
ETL_MEMORY_LIMIT = os.environ.get("ATLAS_ETL_MEMORY_LIMIT", "2GB")
# … and at most this much spill on disk: one input must not fill the disk of a shared machine.
ETL_MAX_SPILL = os.environ.get("ATLAS_ETL_MAX_SPILL", "16GB")


# --- data upload (pages/data_upload.py, etl/publish.py, etl/versions.py) --------------------

ADMIN_PASSWORD_ENV = "ATLAS_ADMIN_PASSWORD"
# A shared password shorter than this is refused: the page stays closed and says why.
MIN_ADMIN_PASSWORD_CHARS = 12
# Failed password logins from one client before a lock-out, and how long it lasts. Five tries
# cover typing mistakes; two minutes turns guessing into a few hundred tries a day per client.
LOGIN_MAX_FAILURES = 5
LOGIN_LOCKOUT_S = 120.0
# The largest input file accepted, in MB. .streamlit/config.toml server.maxUploadSize holds the
# same number (a test compares them), so the browser refuses what the loader would refuse.
MAX_INPUT_FILE_MB = 100
# An XLSX is a zip archive: its declared unpacked size is checked before anything is inflated
# (a few MB can unpack to gigabytes). 2× the file limit leaves room for XML's verbosity.
MAX_XLSX_INFLATED_MB = 2 * MAX_INPUT_FILE_MB
MAX_XLSX_MEMBERS = 1_000
MAX_UPLOAD_FILES = 30
# Published versions kept in versions/ beside the database (the live one is never deleted).
KEEP_VERSIONS = int(os.environ.get("ATLAS_KEEP_VERSIONS", "20"))
# A validated but unpublished upload is deleted after this many hours.
STAGED_MAX_AGE_H = 24


def db_path() -> Path:
    """The database file: $ATLAS_DB if set, else data/atlas.duckdb."""
    value = os.environ.get(DB_ENV_VAR, "").strip()
    return Path(value).expanduser().resolve() if value else DEFAULT_DB_PATH


def versions_dir(db: Path | None = None) -> Path:
    """Kept versions live beside the database (replicas that share the file share these)."""
    return Path(db or db_path()).parent / "versions"


def audit_path(db: Path | None = None) -> Path:
    """The append-only audit log (JSON lines) beside the database."""
    return Path(db or db_path()).parent / "atlas-audit.jsonl"


def base_url_path() -> str:
    """'' or '/atlas': the path the app is served under ($STREAMLIT_SERVER_BASE_URL_PATH).
    Prefix absolute URLs with it, e.g. ``base_url_path() + "/app/static/vendor/leaflet"``."""
    value = os.environ.get(BASE_PATH_ENV_VAR, "").strip().strip("/")
    return f"/{value}" if value else ""
