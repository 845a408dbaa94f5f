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

# Census years whose population is the denominator of per-1,000 rates; a figure is divided
# by the census nearest in time (ties go to the later census).
POPULATION_INDICATOR = "population_census"

# Person counts below this are shown as "<N" on maps, tables and exports (disclosure control).
DISCLOSURE_THRESHOLD = int(os.environ.get("ATLAS_DISCLOSURE_THRESHOLD", "5"))

# How long a second ETL run waits for the first before giving up (seconds).
BUILD_LOCK_TIMEOUT_S = 60.0


def db_path() -> Path:
    """The database file: $ATLAS_DB if set, else data/atlas.duckdb."""
    value = os.environ.get(DB_ENV_VAR, "").strip()
    return Path(value).expanduser().resolve() if value else DEFAULT_DB_PATH
