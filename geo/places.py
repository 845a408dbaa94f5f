"""Places in Greece (regional units, islands, municipalities, towns, site localities) and the
region each lies in, read from geo/places.csv (built by geo/build_places.py; sources in
geo/PLACES.md). Names are matched with the same normalisation as region names.
"""

from __future__ import annotations

import difflib
import math
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from geo.regions import (
    BY_CODE,
    REGION_CODES,
    UnknownRegionError,
    closest_regions,
    known_region_names,
    normalize_name,
    region_code,
)

PLACES_CSV = Path(__file__).with_name("places.csv")
KINDS: tuple[str, ...] = ("regional_unit", "island", "municipality", "city", "site_locality")
# When one name means several rows (Chios: town, municipality, island, regional unit),
# `find_place` returns the most specific point first. All such rows share one region.
KIND_PRIORITY: dict[str, int] = {
    "city": 0,
    "municipality": 1,
    "site_locality": 2,
    "island": 3,
    "regional_unit": 4,
}
_TEXT_COLUMNS = (
    "place_id",
    "name_el",
    "name_en",
    "alt_names",
    "kind",
    "regional_unit",
    "region_code",
    "coord_source",
    "note",
)
_SEGMENT_SPLIT = re.compile(r"[/()]")


class UnknownPlaceError(ValueError):
    """A name that is neither a known place nor a region; `.candidates` holds the closest
    place ids (or region codes)."""

    def __init__(self, name: str, candidates: tuple[str, ...]) -> None:
        self.name = name
        self.candidates = candidates
        shown = ", ".join(_describe(c) for c in candidates)
        hint = f"; closest: {shown}" if candidates else "; no close match"
        super().__init__(f"unknown place {name!r}{hint}")


def load_places(path: Path | str = PLACES_CSV) -> pd.DataFrame:
    """One row per place: text columns as strings ("" when empty), lat/lon as floats (NaN
    where no sourced coordinate exists)."""
    return _load(str(path)).copy()


@lru_cache(maxsize=4)
def _load(path: str) -> pd.DataFrame:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    missing = [c for c in (*_TEXT_COLUMNS, "lat", "lon") if c not in frame.columns]
    if missing:
        raise ValueError(f"{path}: missing columns {missing}")
    for column in ("lat", "lon"):
        frame[column] = pd.to_numeric(frame[column].replace("", None), errors="raise")
        frame[column] = frame[column].astype("float64")
    return frame


def place_names(row: dict[str, Any]) -> list[str]:
    """Every spelling of one place row: English, Greek and the alternatives."""
    alternatives = [a for a in str(row.get("alt_names", "")).split(";") if a.strip()]
    return [row["name_en"], row["name_el"], *alternatives]


@lru_cache(maxsize=4)
def _index(path: str = str(PLACES_CSV)) -> dict[str, tuple[dict[str, Any], ...]]:
    """Normalised name → rows, most specific kind first. Fails if a name means two regions."""
    index: dict[str, list[dict[str, Any]]] = {}
    for row in _load(path).to_dict("records"):
        for key in {normalize_name(n) for n in place_names(row)} - {""}:
            index.setdefault(key, []).append(row)
    for key, rows in index.items():
        regions = {r["region_code"] for r in rows}
        if len(regions) > 1:
            ids = ", ".join(r["place_id"] for r in rows)
            raise ValueError(f"place name {key!r} ({ids}) lies in regions {sorted(regions)}")
    return {
        key: tuple(sorted(rows, key=lambda r: KIND_PRIORITY.get(r["kind"], 9)))
        for key, rows in index.items()
    }


def _as_result(row: dict[str, Any]) -> dict[str, Any]:
    result = dict(row)
    for column in ("lat", "lon"):
        value = result[column]
        result[column] = None if value is None or math.isnan(value) else float(value)
    # Stand-ins (a seat for a regional unit or island) and missing points are approximate.
    result["approximate"] = result["lat"] is None or "approximate" in result["coord_source"]
    return result


def find_place(name: str, kind: str | None = None) -> dict[str, Any] | None:
    """The place called `name` (any known spelling), or None. With several rows of the same
    name, the most specific kind wins unless `kind` is given. The dict holds the CSV columns,
    lat/lon as float or None, and `approximate` (True when the point is a stand-in or
    missing)."""
    if kind is not None and kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
    rows = _index().get(normalize_name(name), ())
    for row in rows:
        if kind is None or row["kind"] == kind:
            return _as_result(row)
    return None


def place_region(name: str) -> str:
    """NUTS-2 code of the region holding a place or region named `name`.

    Tries, in order: a known place; a region name or code (`region_code`); and, for labels
    such as "Evros/Thrace" or "Amygdaleza (Attica)", the parts split at "/" and brackets when
    every part that resolves gives the same region. Raises UnknownPlaceError otherwise.
    """
    resolved = _resolve(name)
    if resolved is not None:
        return resolved
    parts = [p for p in _SEGMENT_SPLIT.split(str(name)) if p.strip()]
    if len(parts) > 1:
        codes = {code for code in map(_resolve, parts) if code is not None}
        if len(codes) == 1:
            return codes.pop()
    raise UnknownPlaceError(str(name), closest_places(str(name)))


def _resolve(name: str) -> str | None:
    rows = _index().get(normalize_name(name))
    if rows:
        return rows[0]["region_code"]
    try:
        return region_code(name)
    except UnknownRegionError:
        return None


def closest_places(name: str, limit: int = 3) -> tuple[str, ...]:
    """Place ids (or region codes) whose names are closest to `name`, best first."""
    key = normalize_name(name)
    places = _index()
    regions = known_region_names()
    matches = difflib.get_close_matches(key, [*places, *regions], n=20, cutoff=0.6)
    found: list[str] = []
    for match in matches:
        ident = places[match][0]["place_id"] if match in places else regions[match]
        if ident not in found:
            found.append(ident)
    if not found:
        found.extend(closest_regions(name))
    return tuple(found[:limit])


def _describe(ident: str) -> str:
    if ident in REGION_CODES:
        return f"{BY_CODE[ident].name_en} ({ident})"
    frame = _load(str(PLACES_CSV))
    row = frame.loc[frame["place_id"] == ident]
    if row.empty:
        return ident
    first = row.iloc[0]
    return f"{first['name_en']} ({first['kind']}, {first['region_code']})"
