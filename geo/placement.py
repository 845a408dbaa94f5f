"""Where to draw a reception site or a municipality: the most specific sourced point.

Points come from the gazetteer ``geo/places.csv`` (GeoNames); nothing is guessed. A place is
accepted only inside the region the record names, so a name shared by two regions never moves
a site to the other one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

_PAREN = re.compile(r"\(([^)]*)\)")


@dataclass(frozen=True)
class Placement:
    lat: float | None
    lon: float | None
    level: str  # 'locality' | 'municipality' | 'regional_unit' | 'none'
    place: str  # the gazetteer name the point stands for
    approximate: bool
    municipality: str = ""  # a known municipality that has no coordinate of its own
    place_el: str = ""  # the gazetteer's Greek name of the place (geo/places_names.csv)


NOWHERE = Placement(None, None, "none", "", True)


def _greek(found: dict) -> str:
    name = found.get("name_el")
    return name if isinstance(name, str) else ""


def _lookup(name: str, kinds: tuple[str, ...], region: str) -> dict | None:
    from geo.places import find_place

    if not name or not name.strip():
        return None
    for kind in kinds:
        found = find_place(name.strip(), kind=kind)
        if found and found["region_code"] == region:
            return found
    return None


def place_site(
    name: str, municipality: str | None, regional_unit: str | None, region: str
) -> Placement:
    """Where to draw a site, from the most specific sourced point (geo/places.csv, GeoNames):
    its locality (named in the site's name), else its municipality's seat, else its
    regional unit's seat. Never a guessed point: a municipality that is an island without a
    coordinate (Leros, Tilos) is not moved to another island's town."""
    words = (name or "").split()
    candidates = _PAREN.findall(name or "") + [
        " ".join(words[:n]) for n in range(len(words), 0, -1)
    ]
    for cand in candidates:
        found = _lookup(cand, ("site_locality", "city"), region)
        if found and found["lat"] is not None:
            return Placement(
                found["lat"],
                found["lon"],
                "locality",
                found["name_en"],
                bool(found["approximate"]),
                place_el=_greek(found),
            )
    muni = municipality if isinstance(municipality, str) else ""
    found = _lookup(muni, ("municipality", "city", "island"), region)
    if found and found["lat"] is not None:
        return Placement(
            found["lat"],
            found["lon"],
            "municipality",
            found["name_en"],
            True,
            place_el=_greek(found),
        )
    if muni and _lookup(muni, ("island",), region):
        return NOWHERE
    ru = regional_unit if isinstance(regional_unit, str) else ""
    found = _lookup(ru, ("regional_unit", "island"), region)
    if found and found["lat"] is not None:
        return Placement(
            lat=found["lat"],
            lon=found["lon"],
            level="regional_unit",
            place=found["name_en"],
            approximate=True,
            municipality=muni,
            place_el=_greek(found),
        )
    return NOWHERE


def place_named(name: str, place: str, region: str) -> Placement:
    """A municipality (or a place named beside it, e.g. 'Chios (Vrontados)') at its seat."""
    for cand in [name, place, *re.split(r"[/()]", place or "")]:
        found = _lookup(cand, ("municipality", "city", "site_locality", "island"), region)
        if found and found["lat"] is not None:
            return Placement(
                found["lat"],
                found["lon"],
                "municipality",
                found["name_en"],
                bool(found["approximate"]),
                place_el=_greek(found),
            )
    return NOWHERE


def with_placement(
    frame: pd.DataFrame,
    name_col: str = "name_en",
    muni_col: str = "municipality",
    ru_col: str = "regional_unit",
) -> pd.DataFrame:
    """``frame`` (one row per site, with region_code) plus lat, lon and how each was placed."""
    places = [
        place_site(
            getattr(r, name_col),
            getattr(r, muni_col, None),
            getattr(r, ru_col, None),
            r.region_code,
        )
        for r in frame.itertuples(index=False)
    ]
    out = frame.copy()
    out["lat"] = [p.lat for p in places]
    out["lon"] = [p.lon for p in places]
    out["place_level"] = [p.level for p in places]
    out["place_name"] = [p.place for p in places]
    out["place_approximate"] = [p.approximate for p in places]
    out["place_municipality"] = [p.municipality for p in places]
    out["place_name_el"] = [p.place_el for p in places]
    return out


def placement_of(row) -> Placement:
    """The ``Placement`` of a row of ``with_placement``'s output."""
    return Placement(
        lat=row.lat,
        lon=row.lon,
        level=row.place_level,
        place=row.place_name,
        approximate=row.place_approximate,
        municipality=row.place_municipality,
        place_el=getattr(row, "place_name_el", ""),
    )
