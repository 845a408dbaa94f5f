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

from atlas import config
from etl.errors import EtlError

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
    # the indicator the municipal census population is filed under (atlas.config)
    con.execute(
        "CREATE TABLE seed_municipal_settings AS SELECT ? AS population_indicator",
        [config.POPULATION_INDICATOR],
    )


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
    """Codes for observations that name a municipality (errors stop the build), and for
    the free-text municipality cells of sites and municipal_integration (never an error)."""
    resolve_observations(con)
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


# --- observations that name a municipality (the Directorate's own files) -----------------------

MAX_LISTED = 200  # problems listed per run; the rest are counted


def resolve_observations(con: duckdb.DuckDBPyConnection) -> int:
    """Give each observation that names a municipality its ELSTAT 2021 code (in
    ``municipality``; the text stays in ``municipality_given``) and, where the row has no
    region, the municipality's region. Every problem names file, line and column: an
    unknown name (with the closest names), an ambiguous one without a region (Ηρακλείου:
    Crete or Attica), a municipality outside the row's region, or a row with neither a
    region nor a municipality. Returns the number of municipal rows."""
    from geo.municipalities import municipality_region

    pairs = con.execute(
        """select municipality_given, region, count(*)
           from raw_observations where municipality_given is not null
           group by all"""
    ).fetchall()
    problems: list[EtlError] = []
    codes: list[tuple[str, str | None, str, str]] = []
    for given, region, _n in pairs:
        code, problem = _resolve_cell(given, region)
        if problem is not None:
            problems.append(_problem(con, given, region, *problem))
        else:
            codes.append((given, region, code, municipality_region(code)))
    problems.extend(_rows_without_place(con))
    if problems:
        problems.sort(key=lambda e: (str(e.file), e.line or 0))
        first = problems[0]
        first.more = problems[1:MAX_LISTED]
        first.omitted = max(0, len(problems) - MAX_LISTED)
        raise first
    if codes:
        con.execute(
            "CREATE TEMP TABLE _municipal_codes (given VARCHAR, region VARCHAR, "
            "code VARCHAR, code_region VARCHAR)"
        )
        con.executemany("INSERT INTO _municipal_codes VALUES (?, ?, ?, ?)", codes)
        con.execute(
            """update raw_observations o
               set municipality = m.code, region = m.code_region
               from _municipal_codes m
               where o.municipality_given = m.given
                 and o.region is not distinct from m.region"""
        )
        con.execute("DROP TABLE _municipal_codes")
    return sum(n for *_, n in pairs) if codes else 0


def _resolve_cell(
    given: str, region: str | None
) -> tuple[str | None, tuple[str, str, list[str]] | None]:
    """(code, None), or (None, (message, hint, suggestions)) for a cell that names no
    single municipality in the row's region."""
    from geo.municipalities import (
        AmbiguousMunicipalityError,
        UnknownMunicipalityError,
        label,
        municipality_region,
        resolve,
    )
    from geo.regions import NATIONAL_CODE, region_name

    within = None if region == NATIONAL_CODE else region
    try:
        return resolve(given, within), None
    except AmbiguousMunicipalityError as exc:
        return None, (
            "this municipality name fits more than one municipality",
            "Fill in the region column, or write the ELSTAT 2021 code",
            [label(c, like=given) for c in exc.candidates],
        )
    except UnknownMunicipalityError as exc:
        unknown = (
            "unknown municipality",
            "Write the municipality's name as ELSTAT does (e.g. Δήμος Πατρέων, Patras) "
            "or its ELSTAT 2021 code",
            exc.suggestions,
        )
    if within is None:
        return None, unknown
    try:
        elsewhere = resolve(given)
    except (UnknownMunicipalityError, AmbiguousMunicipalityError):
        return None, unknown
    other = municipality_region(elsewhere)
    return None, (
        f"this municipality lies in {region_name(other)} ({other}), "
        f"not in {region_name(region)} ({region})",
        "Correct the region or the municipality (or leave the region empty)",
        [label(elsewhere, like=given)],
    )


def _rows_without_place(con: duckdb.DuckDBPyConnection) -> list[EtlError]:
    missing = con.execute(
        """select _file, _line from raw_observations
           where region is null and region_given is null and municipality_given is null
           order by _file, _line"""
    ).fetchall()
    return [
        EtlError(
            "a region (or a municipality) is required here",
            file=f,
            line=int(line),
            column="region",
            hint="Fill in the region, or the municipality for a municipal figure",
        )
        for f, line in missing
    ]


def _problem(
    con: duckdb.DuckDBPyConnection,
    given: str,
    region: str | None,
    message: str,
    hint: str,
    suggestions: list[str],
) -> EtlError:
    """The problem at the first row with this (municipality, region); the other rows'
    lines are counted in the message."""
    rows = con.execute(
        """select _file, _line from raw_observations
           where municipality_given = ? and region is not distinct from ?
           order by _file, _line""",
        [given, region],
    ).fetchall()
    file, line = rows[0]
    if len(rows) > 1:
        others = ", ".join(str(r[1]) for r in rows[1:6]) + (" …" if len(rows) > 6 else "")
        message += f" (also on lines {others})"
    return EtlError(
        message,
        file=file,
        line=int(line),
        column="municipality",
        value=given,
        hint=hint,
        suggestions=suggestions,
    )
