"""The drawn municipal units and the crosswalk from the 2021 municipalities to them.

The municipal map draws the 325 Kallikratis municipalities + Mount Athos
(``static/geo/municipalities.topo.json``, built by ``python -m geo.build_municipal_boundaries``
from sourcegr/Kalikratis-GeoJSON, CC BY 3.0, data from geodata.gov.gr). The 2021 list
(Kleisthenis, ELSTAT 2021 codes) has 332 municipalities: 7 of them come from the 2019 split of
5 Kallikratis municipalities (``SPLIT_2019``), which no public boundary file draws apart. So
each of those 5 units is drawn once, labelled with the names of the municipalities it holds,
and its figure is a sum only where every municipality in it has one (``unit_values``).

``geo/data/municipal_units.csv`` (one row per 2021 municipality; built and checked by the
build, never edited by hand): ``code`` (ELSTAT 2021), ``name_2021`` (as ELSTAT lists it),
``unit`` (the drawn unit: YPES code, or ``ATHOS``), ``unit_name_el`` (Kallikratis name),
``region_code`` (NUTS-2), ``match`` (how the row was matched), ``elstat_2011`` (the unit's
2011 ELSTAT code, the key of the 2001-census file: codes changed between the two lists,
e.g. 1402 was Voio in 2011 and is Velventos in 2021).

No Streamlit and no atlas import here.
"""

from __future__ import annotations

import functools
import io
from pathlib import Path

import pandas as pd

from geo.boundaries import CRS, _plain

DATA_DIR = Path(__file__).resolve().parent / "data"
CROSSWALK_PATH = DATA_DIR / "municipal_units.csv"
MUNICIPAL_DISPLAY_PATH = (
    Path(__file__).resolve().parent.parent / "static" / "geo" / "municipalities.topo.json"
)
MUNICIPAL_DISPLAY_MAX_BYTES = 350_000  # the whole country, fetched once per browser
UNITS_OBJECT = "units"
UNIT_KEY = "unit"
ATHOS_UNIT = "ATHOS"
CROSSWALK_COLUMNS = [
    "code",
    "name_2021",
    "unit",
    "unit_name_el",
    "region_code",
    "match",
    "elstat_2011",
]
ATTRIBUTION = {
    "el": "Όρια δήμων (Καλλικράτης): geodata.gov.gr, μέσω sourcegr/Kalikratis-GeoJSON, CC BY 3.0",
    "en": "Municipal boundaries (Kallikratis): geodata.gov.gr, via "
    "sourcegr/Kalikratis-GeoJSON, CC BY 3.0",
}

# The 2019 splits (L.4600/2019): Kallikratis unit → its 2021 municipalities (code, name as
# ELSTAT lists it). Corfu → 3, Kefalonia → 3, Lesvos → 2, Samos → 2, Servia-Velventos → 2.
SPLIT_2019: dict[str, tuple[tuple[str, str], ...]] = {
    "9118": (
        ("3201", "ΚΕΝΤΡΙΚΗΣ ΚΕΡΚΥΡΑΣ ΚΑΙ ΔΙΑΠΟΝΤΙΩΝ ΝΗΣΩΝ"),
        ("3202", "ΒΟΡΕΙΑΣ ΚΕΡΚΥΡΑΣ"),
        ("3203", "ΝΟΤΙΑΣ ΚΕΡΚΥΡΑΣ"),
    ),
    "9120": (("3501", "ΑΡΓΟΣΤΟΛΙΟΥ"), ("3502", "ΛΗΞΟΥΡΙΟΥ"), ("3503", "ΣΑΜΗΣ")),
    "9261": (("5301", "ΜΥΤΙΛΗΝΗΣ"), ("5302", "ΔΥΤΙΚΗΣ ΛΕΣΒΟΥ")),
    "9264": (("5601", "ΑΝΑΤΟΛΙΚΗΣ ΣΑΜΟΥ"), ("5602", "ΔΥΤΙΚΗΣ ΣΑΜΟΥ")),
    "9069": (("1405", "ΣΕΡΒΙΩΝ"), ("1402", "ΒΕΛΒΕΝΤΟΥ")),
}


def plain(text: str) -> str:
    """Accent-, case- and punctuation-free (final sigma folded): how names are compared."""
    return _plain(text)


@functools.lru_cache(maxsize=2)
def _crosswalk(path: str, _mtime_ns: int) -> pd.DataFrame:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in CROSSWALK_COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(f"{path}: no column {missing}")
    return frame[CROSSWALK_COLUMNS]


def crosswalk(path: str | Path = CROSSWALK_PATH) -> pd.DataFrame:
    """One row per 2021 municipality (columns ``CROSSWALK_COLUMNS``, all text). A copy."""
    path = Path(path)
    return _crosswalk(str(path), path.stat().st_mtime_ns).copy()


def units(path: str | Path = CROSSWALK_PATH) -> pd.DataFrame:
    """One row per drawn unit, indexed by ``unit``: ``region_code``, ``unit_name_el``,
    ``codes`` (tuple of its 2021 codes, in the list's order), ``merged`` (holds > 1)."""
    cw = crosswalk(path)
    grouped = cw.groupby("unit", sort=False)
    out = grouped.agg(
        region_code=("region_code", "first"),
        unit_name_el=("unit_name_el", "first"),
        elstat_2011=("elstat_2011", "first"),
        codes=("code", tuple),
    )
    out["merged"] = out["codes"].map(len) > 1
    return out


def unit_of(code: str, path: str | Path = CROSSWALK_PATH) -> str:
    """The drawn unit of a 2021 municipality code; KeyError for an unknown code."""
    cw = crosswalk(path).set_index("code")
    return str(cw.at[str(code), "unit"])


def unit_values(values: pd.Series, path: str | Path = CROSSWALK_PATH) -> pd.Series:
    """Figures per 2021 code (index) → per drawn unit: a sum only where every municipality
    of the unit has a figure, else no figure (NaN): a part is never shown as the whole."""
    cw = crosswalk(path)
    numbers = pd.to_numeric(values, errors="coerce")
    per = cw.assign(value=cw["code"].map(numbers))
    complete = per.groupby("unit")["value"].agg(lambda s: s.notna().all())
    sums = per.groupby("unit")["value"].sum(min_count=1)
    return sums.where(complete).reindex(units(path).index)


def unit_labels(names: pd.Series, path: str | Path = CROSSWALK_PATH) -> pd.Series:
    """A label per drawn unit from the names of its municipalities (``names``: 2021 code →
    name in the reader's language): one name, or the names it holds joined by ' · '."""
    out = units(path)["codes"].map(lambda codes: " · ".join(str(names.get(c, c)) for c in codes))
    return out.rename("label")


def read_units_display(source: str | Path | bytes = MUNICIPAL_DISPLAY_PATH):
    """The municipal display TopoJSON decoded by GDAL: a GeoDataFrame indexed by ``unit``
    (column ``region_code``), EPSG:4326. No checks."""
    import geopandas as gpd

    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    gdf = gpd.read_file(io.BytesIO(data), layer=UNITS_OBJECT)
    return gdf.set_crs(CRS, allow_override=True).set_index(UNIT_KEY)
