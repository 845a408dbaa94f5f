"""Municipal level (issue 26): the reference list and the 2011 → 2021 crosswalk as seed
tables, and ELSTAT 2021 codes for rows that name a municipality in words.

Names are resolved in Python (geo.municipalities.resolve) once per distinct (name, region)
pair; the models join on the codes these tables hold.

- ``seed_municipalities``: the 333 rows of geo/data/municipalities.csv (332 + Mount Athos).
- ``seed_municipalities_2011``: one row per (2011 code, 2021 code) from
  geo/data/municipalities_2011.csv; a 2011 municipality split in 2019 has several rows and
  ``split`` true (a figure of the 2011 unit is never given to one of its parts).
- ``seed_site_municipalities`` / ``seed_municipal_integration_codes``: each reception site
  (each municipal_integration municipality) whose ``municipality`` cell names one 2021
  municipality in its region; an empty, unknown or ambiguous cell has no row (the place is
  not put in a municipality; these cells are free text, so it is not an error).
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

CROSSWALK_2011_CSV = (
    Path(__file__).resolve().parent.parent / "geo" / "data" / "municipalities_2011.csv"
)


def crosswalk_2011() -> pd.DataFrame:
    """One row per (code_2011, code_2021): name_2011, change (same, renumbered, renamed,
    split), note, split (bool)."""
    frame = pd.read_csv(CROSSWALK_2011_CSV, dtype=str, keep_default_na=False)
    frame["code_2021"] = frame.pop("codes_2021").str.split(";")
    frame = frame.explode("code_2021", ignore_index=True)
    frame["split"] = frame["change"] == "split"
    return frame[["code_2011", "name_2011", "code_2021", "change", "split", "note"]]


def seed(con: duckdb.DuckDBPyConnection) -> None:
    from geo.municipalities import municipalities

    for name, frame in (
        ("seed_municipalities", municipalities()),
        ("seed_municipalities_2011", crosswalk_2011()),
    ):
        con.register("_frame", frame)
        con.execute(f"CREATE TABLE {name} AS SELECT * FROM _frame")
        con.unregister("_frame")


def resolve_quietly(name: str | None, region: str | None) -> str | None:
    """The 2021 code of `name` in `region`, or None when empty, unknown or ambiguous."""
    from geo.municipalities import AmbiguousMunicipalityError, UnknownMunicipalityError, resolve

    if not name or not str(name).strip():
        return None
    try:
        return resolve(str(name), region)
    except (UnknownMunicipalityError, AmbiguousMunicipalityError):
        return None


def assign(con: duckdb.DuckDBPyConnection) -> None:
    """Codes for the free-text municipality cells of sites and municipal_integration."""
    _assign(con, "seed_site_municipalities", "site_id", "raw_sites")
    _assign(con, "seed_municipal_integration_codes", "municipality", "raw_municipal_integration")


def _assign(con: duckdb.DuckDBPyConnection, name: str, key: str, table: str) -> None:
    pairs = con.execute(f"select distinct {key}, municipality, region from {table}").fetchall()
    rows = [
        (ident, region, code)
        for ident, municipality, region in pairs
        if (code := resolve_quietly(municipality, region)) is not None
    ]
    con.execute(
        f"CREATE TABLE {name} ({key} VARCHAR, region_code VARCHAR, municipality_code VARCHAR)"
    )
    if rows:
        con.executemany(f"INSERT INTO {name} VALUES (?, ?, ?)", rows)
