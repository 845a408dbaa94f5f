"""Region boundaries: load, validate and serve the GeoJSON in geo/data/ (no Streamlit here).

The files are built by ``python -m geo.build_boundaries`` (see geo/data/README.md for the
source and licence). Every loader returns a GeoDataFrame in EPSG:4326 indexed by its key
and raises ``BoundaryError`` (a ValueError) naming the file and the problem otherwise.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

from geo.regions import BY_CODE, REGION_CODES, REGIONS

DATA_DIR = Path(__file__).resolve().parent / "data"
REGIONS_PATH = DATA_DIR / "regions.geojson"
CONTEXT_PATH = DATA_DIR / "context.geojson"
# The display copy for the browser (served by Streamlit from static/, fetched once by every
# Leaflet map): regions, neighbouring land and its coastline in one simplified TopoJSON.
DISPLAY_PATH = Path(__file__).resolve().parent.parent / "static" / "geo" / "atlas.topo.json"
DISPLAY_LAYERS = ("regions", "land", "coast")

CRS = "EPSG:4326"
# Map frame around Greece (lon_min, lat_min, lon_max, lat_max): every region must lie inside it
# (catches swapped axes or projected metres).
FRAME = (18.5, 33.5, 30.5, 42.5)
# Neighbouring land for the static (PNG/PDF) maps is clipped to this frame: wider than what
# atlas.static_map shows at its sizes (west to 12.4°E with 3 title and 5 footer lines), so
# the cut never shows.
CONTEXT_FRAME = (12.0, 31.0, 31.0, 43.0)
# ... and for the browser maps to this one: a 1920 px wide, 480 px high map shows about 2–45°E
# around Greece, a 360 px phone about 25–45°N.
DISPLAY_FRAME = (2.0, 25.0, 45.0, 47.0)
MAX_FILE_BYTES = 250_000  # each file in geo/data
# The display file is fetched by the browser (once; then from its cache): at most this.
DISPLAY_MAX_BYTES = 110_000
CONTEXT_KEY = "land"  # the one feature of the context layer (property ``layer``)

REGION_COLUMNS = ["iso", "name_el", "name_en"]  # besides region_code (index) and geometry
_NUTS_LIKE = re.compile(r"^[A-Z]{2}[0-9A-Z]{0,3}$")  # any NUTS 0-3 code, e.g. EL, EL3, EL303
# Official Greek files often keep Mount Athos apart; NUTS counts it in Central Macedonia.
_ATHOS_NAMES = {"mount athos", "agion oros", "agio oros", "αγιο ορος", "αγιον ορος"}
_ATHOS_INTO = "EL52"


class BoundaryError(ValueError):
    """A boundary file is missing, unreadable or does not hold the 13 valid regions."""


# --- validation -------------------------------------------------------------------------


def _is_wgs84(crs) -> bool:
    return crs is not None and (crs.to_epsg() == 4326 or crs.equals("OGC:CRS84"))


def _check_geometries(gdf: gpd.GeoDataFrame, source: str) -> None:
    geoms = gdf.geometry
    problems = []
    for key, geom in geoms.items():
        if geom is None or geom.is_empty:
            problems.append(f"{key}: empty geometry")
        elif geom.geom_type not in ("Polygon", "MultiPolygon"):
            problems.append(f"{key}: {geom.geom_type}, expected (Multi)Polygon")
        elif not geom.is_valid:
            problems.append(f"{key}: invalid geometry ({shapely.is_valid_reason(geom)})")
    if problems:
        raise BoundaryError(f"{source}: " + "; ".join(problems))


def _check_inside_frame(gdf: gpd.GeoDataFrame, source: str) -> None:
    lon_min, lat_min, lon_max, lat_max = gdf.total_bounds
    f_lon_min, f_lat_min, f_lon_max, f_lat_max = FRAME
    if lon_min < f_lon_min or lat_min < f_lat_min or lon_max > f_lon_max or lat_max > f_lat_max:
        raise BoundaryError(
            f"{source}: bounds ({lon_min:.4g}, {lat_min:.4g}, {lon_max:.4g}, {lat_max:.4g}) "
            f"are outside the frame around Greece {FRAME} (swapped axes, or metres "
            "labelled as degrees?)"
        )


def validate_regions(gdf: gpd.GeoDataFrame, source: str) -> None:
    """Raise BoundaryError unless ``gdf`` (indexed by region_code) holds exactly the 13
    regions once each, in EPSG:4326, as valid non-empty (Multi)Polygons inside the frame."""
    if not _is_wgs84(gdf.crs):
        raise BoundaryError(f"{source}: CRS is {gdf.crs}, expected {CRS}")
    codes = list(gdf.index)
    duplicated = sorted({c for c in codes if codes.count(c) > 1})
    missing = [c for c in REGION_CODES if c not in codes]
    unexpected = sorted({str(c) for c in codes} - set(REGION_CODES))
    if duplicated or missing or unexpected or len(codes) != len(REGION_CODES):
        raise BoundaryError(
            f"{source}: expected the {len(REGION_CODES)} region codes once each, got "
            f"{len(codes)} features; missing {missing}, unexpected {unexpected}, "
            f"duplicated {duplicated}"
        )
    _check_geometries(gdf, source)
    _check_inside_frame(gdf, source)


def interior_rings(geom) -> int:
    """Number of holes in a (Multi)Polygon."""
    return int(shapely.get_num_interior_rings(shapely.get_parts(geom)).sum())


def validate_context(gdf: gpd.GeoDataFrame, source: str) -> None:
    """Raise BoundaryError unless ``gdf`` (indexed by ``layer``) is the one dissolved land
    feature: valid, in EPSG:4326, without holes (a hole would be a border sliver between two
    countries), inside CONTEXT_FRAME."""
    if not _is_wgs84(gdf.crs):
        raise BoundaryError(f"{source}: CRS is {gdf.crs}, expected {CRS}")
    if list(gdf.index) != [CONTEXT_KEY]:
        raise BoundaryError(
            f"{source}: expected one feature with layer={CONTEXT_KEY!r} (all neighbouring "
            f"land dissolved), got {len(gdf)} features {list(gdf.index)[:5]}"
        )
    _check_geometries(gdf, source)
    holes = interior_rings(gdf.geometry.iloc[0])
    if holes:
        raise BoundaryError(f"{source}: {holes} interior rings (internal borders?)")
    lon_min, lat_min, lon_max, lat_max = gdf.total_bounds
    f_lon_min, f_lat_min, f_lon_max, f_lat_max = CONTEXT_FRAME
    eps = 1e-9
    if (
        lon_min < f_lon_min - eps
        or lat_min < f_lat_min - eps
        or lon_max > f_lon_max + eps
        or lat_max > f_lat_max + eps
    ):
        raise BoundaryError(f"{source}: bounds {gdf.total_bounds} outside {CONTEXT_FRAME}")


# --- loading ----------------------------------------------------------------------------


def _read(path: Path) -> gpd.GeoDataFrame:
    if not path.is_file():
        raise BoundaryError(f"{path}: file not found")
    try:
        return gpd.read_file(path)
    except Exception as exc:  # pyogrio/GDAL errors have no common public base class
        raise BoundaryError(f"{path}: cannot read ({exc})") from exc


def _file_key(path: str | Path) -> tuple[str, int, int]:
    """Cache key: resolved path plus mtime and size, so a rebuilt file is never stale."""
    resolved = Path(path).resolve()
    try:
        stat = resolved.stat()
    except FileNotFoundError as exc:
        raise BoundaryError(f"{resolved}: file not found") from exc
    return str(resolved), stat.st_mtime_ns, stat.st_size


@functools.lru_cache(maxsize=8)
def _load_regions(path: str, _mtime_ns: int, _size: int) -> gpd.GeoDataFrame:
    gdf = _read(Path(path))
    if "region_code" not in gdf.columns:
        raise BoundaryError(f"{path}: no 'region_code' property")
    gdf = gdf.set_index("region_code")
    validate_regions(gdf, path)
    gdf = gdf.loc[list(REGION_CODES)]  # the order of geo.regions.REGIONS
    return gdf.set_crs(CRS, allow_override=True)


def load_regions(path: str | Path = REGIONS_PATH) -> gpd.GeoDataFrame:
    """The 13 regions, indexed by ``region_code`` (NUTS-2) in REGIONS order, EPSG:4326,
    with columns iso, name_el, name_en, geometry. Cached per file version; returns a copy."""
    return _load_regions(*_file_key(path)).copy()


@functools.lru_cache(maxsize=8)
def _load_context(path: str, _mtime_ns: int, _size: int) -> gpd.GeoDataFrame:
    gdf = _read(Path(path))
    if "layer" not in gdf.columns:
        raise BoundaryError(f"{path}: no 'layer' property")
    gdf = gdf.set_index("layer")
    validate_context(gdf, path)
    return gdf.set_crs(CRS, allow_override=True)


def load_context(path: str | Path = CONTEXT_PATH) -> gpd.GeoDataFrame:
    """All land that is not Greece, dissolved into one feature (index ``layer`` = "land",
    no country borders or names) and clipped to CONTEXT_FRAME, EPSG:4326. For the land
    layer under the regions."""
    return _load_context(*_file_key(path)).copy()


def read_display(source: str | Path | bytes) -> dict[str, gpd.GeoDataFrame]:
    """The display TopoJSON (a path or its bytes) decoded by GDAL into one GeoDataFrame per
    layer (DISPLAY_LAYERS), EPSG:4326; regions indexed by ``region_code``. No checks."""
    import io

    import pyogrio

    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    names = {str(name) for name, _ in pyogrio.list_layers(io.BytesIO(data))}
    missing = [name for name in DISPLAY_LAYERS if name not in names]
    if missing:
        raise BoundaryError(f"display geometry: no layer {missing} (has {sorted(names)})")
    out = {}
    for name in DISPLAY_LAYERS:
        gdf = gpd.read_file(io.BytesIO(data), layer=name)
        out[name] = gdf.set_crs(CRS, allow_override=True)
    out["regions"] = out["regions"].set_index("region_code")
    return out


@functools.lru_cache(maxsize=4)
def _text(path: str, _mtime_ns: int, _size: int) -> str:
    return Path(path).read_text(encoding="utf-8")


def regions_geojson_text(path: str | Path = REGIONS_PATH) -> str:
    """The regions file as text (for a map layer); validated by load_regions first."""
    load_regions(path)
    return _text(*_file_key(path))


def regions_geojson(path: str | Path = REGIONS_PATH) -> dict:
    """A fresh dict of the regions FeatureCollection (plotly ``geojson=``,
    ``featureidkey="properties.region_code"``; folium ``GeoJson``). Safe to mutate."""
    return json.loads(regions_geojson_text(path))


def context_geojson(path: str | Path = CONTEXT_PATH) -> dict:
    """A fresh dict of the context FeatureCollection; validated by load_context first."""
    load_context(path)
    return json.loads(_text(*_file_key(path)))


# --- official files ---------------------------------------------------------------------


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join("".join(c if c.isalnum() else " " for c in plain).split())


def _exact_lookup() -> dict[str, str]:
    """Codes, ISO codes and names from geo.regions, accent- and case-free → NUTS-2 code."""
    lookup: dict[str, str] = {}
    for r in REGIONS:
        for key in (r.code, r.iso, r.name_el, r.name_en):
            lookup[_plain(key)] = r.code
    for name in _ATHOS_NAMES:
        lookup[_plain(name)] = _ATHOS_INTO
    return lookup


def _code_for(value: str, lookup: dict[str, str], region_code) -> str | None:
    """NUTS-2 code for a NUTS/ISO code or a region name; None for other NUTS codes (other
    countries or levels in a GISCO file); raises LookupError for an unknown name."""
    text = value.strip()
    if text in BY_CODE:
        return text
    if _plain(text) in lookup:
        return lookup[_plain(text)]
    if _NUTS_LIKE.match(text):
        return None  # e.g. "EL", "EL3", "EL303", "DE11": not one of our 13
    if region_code is not None:
        return region_code(text)
    raise LookupError(text)


def load_official(path: str | Path, code_property: str, *, to_crs: str = CRS) -> gpd.GeoDataFrame:
    """Load an official boundary file into the same shape as ``load_regions``.

    ``code_property`` holds a NUTS-2 code (Eurostat GISCO NUTS 2021: "EL30"; rows with any
    other NUTS code, other countries or levels, are dropped), an ISO 3166-2 code, or a
    region name in Greek or English (geodata.gov.gr), mapped with
    ``geo.regions.region_code`` when it exists. Several rows for one region (e.g. Mount
    Athos kept apart from Central Macedonia) are dissolved. Reprojected to ``to_crs`` and
    validated; raises BoundaryError naming the file and the rows it could not place.
    """
    path = Path(path)
    gdf = _read(path)
    if code_property not in gdf.columns:
        raise BoundaryError(
            f"{path}: no property {code_property!r} (has {sorted(gdf.columns.drop('geometry'))})"
        )
    if gdf.crs is None:
        raise BoundaryError(f"{path}: no CRS in the file")
    try:  # the colleague-owned name matcher; optional until it lands
        from geo.regions import UnknownRegionError, region_code
    except ImportError:
        region_code, UnknownRegionError = None, LookupError

    lookup = _exact_lookup()
    codes: list[str | None] = []
    unknown: list[str] = []
    for value in gdf[code_property]:
        if value is None or (isinstance(value, float) and pd.isna(value)):
            unknown.append(repr(value))
            codes.append(None)
            continue
        try:
            codes.append(_code_for(str(value), lookup, region_code))
        except (UnknownRegionError, LookupError):
            unknown.append(repr(value))
            codes.append(None)
    if unknown:
        raise BoundaryError(f"{path}: cannot map {code_property} values to regions: {unknown}")

    gdf = gdf.assign(region_code=codes).dropna(subset=["region_code"])
    if gdf.empty:
        raise BoundaryError(f"{path}: no Greek NUTS-2 regions in {code_property!r}")
    gdf = gdf.to_crs(to_crs)
    merged = (
        gdf.groupby("region_code")["geometry"]
        .agg(lambda s: shapely.union_all(s.values))
        .reindex([c for c in REGION_CODES if c in set(gdf["region_code"])])
    )
    out = gpd.GeoDataFrame(
        {
            "iso": [BY_CODE[c].iso for c in merged.index],
            "name_el": [BY_CODE[c].name_el for c in merged.index],
            "name_en": [BY_CODE[c].name_en for c in merged.index],
        },
        geometry=list(merged.values),
        index=pd.Index(merged.index, name="region_code"),
        crs=gdf.crs,
    )
    # Same checks as load_regions, made in degrees whatever ``to_crs`` is.
    validate_regions(out if _is_wgs84(out.crs) else out.to_crs(CRS), str(path))
    return out
