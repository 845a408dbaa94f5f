"""Build the municipal display geometry and the 2021 → drawn-unit crosswalk.

Usage (from the repository root)::

    python -m geo.build_municipal_boundaries --source DIR [--census CSV] [--census2001 CSV]

``DIR`` is a clone of https://github.com/sourcegr/Kalikratis-GeoJSON (a checkout or a bare git
directory; commit c7cefeb, 2021-04-21): one ES-module file per Kallikratis municipality,
``datafiles/<YPES code>.js`` = ``const data = {GeoJSON Feature}; export {data}``, properties
``NAME`` (Greek, genitive) and ``KWD_YPES`` (Ministry of the Interior code 9001–9325; null
for Mount Athos). CC BY 3.0, data from geodata.gov.gr; 38 MB, never committed here.

``--census``: the ELSTAT 2021 list (``elstat_municipality_code``, ``municipality_name``);
``--census2001``: the lctools 2001 file (2011 ELSTAT codes, Latin names). Both default to
``data/raw/`` and then ``../shared/data/local/``.

Outputs (deterministic for the same inputs):

- ``static/geo/municipalities.topo.json``: one TopoJSON object ``units`` (properties
  ``unit``, ``region_code``), the 325 Kallikratis municipalities + Mount Athos, simplified
  along shared arcs (no gap or overlap can open between neighbours; every island kept,
  checked) and quantised; ≤ ``MUNICIPAL_DISPLAY_MAX_BYTES``. Fetched once per browser.
- ``geo/data/municipal_units.csv``: each 2021 municipality (ELSTAT 2021 code) → its drawn
  unit, checked by name and code (see ``crosswalk``).
"""

from __future__ import annotations

import argparse
import csv
import difflib
import io
import json
import math
import subprocess
import sys
import time
from pathlib import Path

import geopandas as gpd
import shapely
from shapely.geometry import shape

from geo.boundaries import CRS, load_regions
from geo.build_boundaries import AREA_CRS, DECIMALS, BuildError, _parts, write_atomic
from geo.municipal_units import (
    ATHOS_UNIT,
    CROSSWALK_COLUMNS,
    CROSSWALK_PATH,
    MUNICIPAL_DISPLAY_MAX_BYTES,
    MUNICIPAL_DISPLAY_PATH,
    SPLIT_2019,
    UNIT_KEY,
    UNITS_OBJECT,
    plain,
    read_units_display,
)

ROOT = Path(__file__).resolve().parent.parent
CENSUS_FILE = "elstat_census2021_provisional_population_by_municipality.csv"
CENSUS2001_FILE = "lctools_census2001_foreign_citizen_share_by_kallikratis_municipality.csv"
SEARCH = (ROOT / "data" / "raw", ROOT.parent / "shared" / "data" / "local")
SOURCE_FEATURES = 326  # 325 municipalities + Mount Athos

# Coverage simplification (Visvalingam-Whyatt on shared edges), tolerance 0.005° (~500 m:
# about a pixel at zoom 8, a region's view), then a 1e-4° grid (~10 m), what the file stores.
TOLERANCE = 0.005
GRID = 1e-4
MIN_ISLAND_M2 = 10_000  # every part of at least 1 ha (a rock of 100 × 100 m) is kept
AREA_SLACK = 0.15  # island units with many islets lose up to ~12 % of area to the coastline

# The 2021 municipalities whose name is not their Kallikratis unit's (checked by hand against
# the ELSTAT list and ypesCodeMapping.json): 2021 code → (YPES unit, why). Every other
# municipality matches exactly one unit by its name.
RENAMED: dict[str, tuple[str, str]] = {
    "2704": ("9163", "ΚΑΜΕΝΩΝ ΒΟΥΡΛΩΝ", "renamed 2014: Molos-Agios Konstantinos → Kamena Vourla"),
    "2602": ("9112", "ΜΕΤΕΩΡΩΝ", "renamed: Kalampaka → Meteora"),
    "1602": ("9065", "ΑΡΓΟΥΣ ΟΡΕΣΤΙΚΟΥ", "renamed: Orestida → Argos Orestiko"),
    "0803": ("9025", "ΗΡΩΙΚΗΣ ΠΟΛΕΩΣ ΝΑΟΥΣΑΣ", "name: Naousa → Heroic City of Naousa"),
    "6202": ("9281", "ΗΡΩΙΚΗΣ ΝΗΣΟΥ ΚΑΣΟΥ", "name: Kasos → Heroic Island of Kasos"),
    "5702": ("9267", "ΗΡΩΙΚΗΣ ΝΗΣΟΥ ΨΑΡΩΝ", "name: Psara → Heroic Island of Psara"),
    "2802": ("9142", "ΑΛΙΑΡΤΟΥ - ΘΕΣΠΙΕΩΝ", "name: Aliartos → Aliartos-Thespies"),
    "5207": ("9213", "ΤΡΟΙΖΗΝΙΑΣ - ΜΕΘΑΝΩΝ", "name: Troizinia → Troizinia-Methana"),
    "4203": ("9244", "ΛΟΥΤΡΑΚΙΟΥ - ΠΕΡΑΧΩΡΑΣ - ΑΓΙΩΝ ΘΕΟΔΩΡΩΝ", "name: + Perachora"),
    "4508": ("9193", "ΝΕΑΣ ΦΙΛΑΔΕΛΦΕΙΑΣ - ΝΕΑΣ ΧΑΛΚΗΔΟΝΟΣ", "spelling: Nea Filadelfeia"),
    "5104": ("9204", "ΝΙΚΑΙΑΣ - ΑΓΙΟΥ ΙΩΑΝΝΗ ΡΕΝΤΗ", "spelling: Nikaia-Agios Ioannis Rentis"),
    "6702": ("9292", "ΝΑΞΟΥ ΚΑΙ ΜΙΚΡΩΝ ΚΥΚΛΑΔΩΝ", "spelling: Naxos and Small Cyclades"),
    "2405": ("9108", "ΡΗΓΑ ΦΕΡΑΙΟΥ", "spelling: Rigas Feraios"),
    "2707": ("9164", "ΣΤΥΛΙΔΟΣ", "spelling: Stylida"),
    "5201": ("9211", "ΣΑΛΑΜΙΝΟΣ", "spelling: Salamina"),
    "4506": ("9191", "ΗΛΙΟΥΠΟΛΕΩΣ", "spelling: Ilioupoli"),
    "4706": ("9184", "ΠΕΤΡΟΥΠΟΛΕΩΣ", "spelling: Petroupoli"),
    # Ηρακλείου is two municipalities: Attica (4604; extracted as 7101) and Crete (7101)
    "4604": ("9170", "ΗΡΑΚΛΕΙΟΥ", "same name in Crete: Irakleio (Attica)"),
    "7101": ("9305", "ΗΡΑΚΛΕΙΟΥ", "same name in Attica: Heraklion (Crete)"),
    "9901": (ATHOS_UNIT, "ΑΓΙΟ ΟΡΟΣ (ΑΥΤΟΔΙΟΙΚΗΤΟ)", "Mount Athos (self-governing)"),
}
# 2011 ELSTAT codes that a name cannot find (the 2001 file's Latin names): unit → 2011 code.
CODES_2011: dict[str, str] = {}


# --- source -----------------------------------------------------------------------------


def _git(source: Path, *args: str) -> str:
    proc = subprocess.run(
        ["git", f"--git-dir={source}", *args], capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        raise BuildError(f"git {' '.join(args)} in {source}: {proc.stderr.strip()}")
    return proc.stdout


def source_files(source: Path) -> dict[str, str]:
    """``datafiles/*.js`` of a checkout or a bare git directory: name → text."""
    if (source / "datafiles").is_dir():
        return {p.name: p.read_text(encoding="utf-8") for p in (source / "datafiles").glob("*.js")}
    names = _git(source, "ls-tree", "--name-only", "HEAD", "datafiles/").split()
    return {Path(n).name: _git(source, "show", f"HEAD:{n}") for n in names if n.endswith(".js")}


def parse_module(name: str, text: str) -> dict:
    """The GeoJSON Feature inside ``const data = {…}; export {data}``."""
    start, end = text.find("{"), text.rfind("; export")
    if start < 0 or end < 0:
        raise BuildError(f"{name}: not `const data = {{…}}; export {{data}}`")
    try:
        feature = json.loads(text[start:end])
    except json.JSONDecodeError as exc:
        raise BuildError(f"{name}: not JSON ({exc})") from exc
    if feature.get("type") != "Feature" or "KWD_YPES" not in feature.get("properties", {}):
        raise BuildError(f"{name}: not a Feature with KWD_YPES")
    return feature


def read_units(source: Path, regions: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The 326 source units: ``unit`` (YPES code, ATHOS_UNIT), ``name_el``, ``region_code``
    (the region holding the unit's representative point; else the nearest), geometry."""
    files = source_files(source)
    if len(files) != SOURCE_FEATURES:
        raise BuildError(f"{source}: {len(files)} datafiles, expected {SOURCE_FEATURES}")
    rows = []
    for name in sorted(files):
        f = parse_module(name, files[name])
        geom = shape(f["geometry"])
        if not geom.is_valid:
            raise BuildError(f"{name}: invalid geometry ({shapely.is_valid_reason(geom)})")
        unit = f["properties"]["KWD_YPES"] or ATHOS_UNIT
        rows.append({"unit": str(unit), "name_el": f["properties"]["NAME"], "geometry": geom})
    gdf = gpd.GeoDataFrame(rows, geometry="geometry", crs=CRS)
    if gdf["unit"].duplicated().any():
        raise BuildError(f"duplicated units {sorted(gdf.loc[gdf['unit'].duplicated(), 'unit'])}")
    points = [g.representative_point() for g in gdf.geometry]
    gdf["inside"] = [region_inside(p, regions) for p in points]
    metres = regions.to_crs(AREA_CRS).geometry
    gdf["nearest"] = [
        str(metres.distance(p).idxmin()) for p in gpd.GeoSeries(points, crs=CRS).to_crs(AREA_CRS)
    ]
    return gdf.sort_values("unit", key=lambda s: s.str.zfill(5)).reset_index(drop=True)


def region_inside(point, regions: gpd.GeoDataFrame) -> str:
    """The region (Natural Earth outline) holding ``point``; '' on an islet it lacks."""
    inside = [code for code, g in regions.geometry.items() if g.contains(point)]
    return inside[0] if len(inside) == 1 else ""


def assign_regions(rows: list[dict], units: gpd.GeoDataFrame, problems: list[str]) -> None:
    """A unit's region is its regional unit's (the 2021 code's first two digits): the region
    holding the points of that regional unit's units (the nearest region for an islet the
    coarse outline lacks). A unit whose point lies in another region is a problem."""
    inside = units.set_index("unit")["inside"].fillna("")
    nearest = units.set_index("unit")["nearest"]
    votes: dict[str, list[str]] = {}
    for r in rows:
        votes.setdefault(r["code"][:2], []).append(inside[r["unit"]])
    for r in rows:
        known = [v for v in votes[r["code"][:2]] if v]
        region = max(set(known), key=known.count) if known else nearest[r["unit"]]
        if inside[r["unit"]] not in ("", region):
            problems.append(f"{r['code']}: point in {inside[r['unit']]}, regional unit in {region}")
        r["region_code"] = region


# --- crosswalk --------------------------------------------------------------------------


def _find(name: str, given: Path | None) -> Path:
    for path in [given] if given else [d / name for d in SEARCH]:
        if path is not None and path.is_file():
            return path
    raise BuildError(f"{name} not found (looked in {', '.join(map(str, SEARCH))})")


def read_census(path: Path) -> list[dict]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for n, row in enumerate(rows, start=2):
        for col in ("elstat_municipality_code", "municipality_name"):
            if not (row.get(col) or "").strip():
                raise BuildError(f"{path}: row {n}: no {col}")
    return rows


def _latin(text: str) -> str:
    table = dict(
        zip(
            "αβγδεζηθικλμνξοπρσςτυφχψω",
            "a v g d e z i th i k l m n x o p r s s t y f ch ps o".split(),
            strict=True,
        )
    )
    return "".join(table.get(c, c) for c in plain(text))


def crosswalk(census: list[dict], units: gpd.GeoDataFrame, census2001: list[dict]) -> list[dict]:
    """Each 2021 municipality → one unit: by name (accent- and case-free, exactly one unit of
    that name) or through ``RENAMED``/``SPLIT_2019`` (code and name both as listed there).
    Fails unless every unit gets ≥ 1 municipality and lies in its regional unit's region."""
    by_name: dict[str, list[str]] = {}
    for row in units.itertuples():
        by_name.setdefault(plain(row.name_el), []).append(row.unit)
    unit_row = units.set_index("unit")
    split = {code: (unit, n) for unit, parts in SPLIT_2019.items() for code, n in parts}
    out, problems = [], []
    for row in census:
        code, name = row["elstat_municipality_code"].strip(), row["municipality_name"].strip()
        if code in split:
            unit, expected = split[code]
            how = "split_2019"
        elif code in RENAMED:
            unit, expected, why = RENAMED[code]
            how = "checked: " + why
        else:
            expected = name
            found = by_name.get(plain(name), [])
            if len(found) != 1:
                problems.append(f"{code} {name}: {len(found)} units of that name")
                continue
            unit, how = found[0], "name"
        if plain(name) != plain(expected):
            problems.append(f"{code}: named {name!r} in the list, {expected!r} in the crosswalk")
        if unit not in unit_row.index:
            problems.append(f"{code} {name}: unit {unit} not in the source")
            continue
        out.append(
            {
                "code": code,
                "name_2021": name,
                "unit": unit,
                "unit_name_el": unit_row.at[unit, "name_el"],
                "region_code": "",
                "match": how,
            }
        )
    codes = [r["code"] for r in out]
    if len(set(codes)) != len(codes):
        problems.append("a 2021 code twice")
    empty = sorted(set(units["unit"]) - {r["unit"] for r in out})
    if empty:
        problems.append(f"units without a 2021 municipality: {empty}")
    assign_regions(out, units, problems)
    per_unit = {}
    for r in out:
        if per_unit.setdefault(r["unit"], r["region_code"]) != r["region_code"]:
            problems.append(f"unit {r['unit']} in two regions")
    codes_2011 = match_2011(census2001, out, units, problems)
    if problems:
        raise BuildError("crosswalk:\n  - " + "\n  - ".join(problems))
    for r in out:
        r["elstat_2011"] = codes_2011.get(r["unit"], "")
    return sorted(out, key=lambda r: r["code"])


def match_2011(census2001: list[dict], out: list[dict], units, problems: list[str]) -> dict:
    """Unit → 2011 ELSTAT code (the 2001 file's key): the Latin name matched to the
    transliterated Kallikratis names of the units of the same regional unit (code prefix).
    One code per unit, one unit per code."""
    names = units.set_index("unit")["name_el"]
    prefix_units: dict[str, set[str]] = {}
    for r in out:
        prefix_units.setdefault(r["code"][:2], set()).add(r["unit"])
    found: dict[str, str] = dict(CODES_2011)
    for row in census2001:
        code = row["elstat_municipality_code"].strip()
        if code in found.values():
            continue
        latin = plain(row["municipality_name_latin"])
        scored = sorted(
            (difflib.SequenceMatcher(None, latin, _latin(names[u])).ratio(), u)
            for u in prefix_units.get(code[:2], ())
        )
        if not scored or scored[-1][0] < 0.6 or (len(scored) > 1 and scored[-2][0] > 0.9):
            problems.append(f"2001 file: {code} {latin!r}: no single unit ({scored[-2:]})")
            continue
        unit = scored[-1][1]
        if unit in found:
            problems.append(f"2001 file: {code} and {found[unit]} both match unit {unit}")
        found[unit] = code
    return found


# --- display ----------------------------------------------------------------------------


def simplify(units: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The units simplified as one coverage (GEOS CoverageSimplifier, Visvalingam-Whyatt on
    the shared edges: a border is simplified once for both neighbours, the result is valid
    and no gap or overlap opens), then snapped to the GRID (what the file stores exactly)."""
    exact = shapely.set_precision(units.geometry.values, 1e-5)  # closes the source slivers
    simple = shapely.set_precision(shapely.coverage_simplify(exact, TOLERANCE), GRID)
    return units.assign(geometry=simple)


def display_topology(simple: gpd.GeoDataFrame) -> str:
    """One TopoJSON object of the simplified units (property ``unit``): shared borders as
    one arc, integer coordinates on the GRID (delta-encoded), one arc a line."""
    import topojson

    topo = topojson.Topology(
        simple[[UNIT_KEY, "geometry"]].reset_index(drop=True),
        object_name=UNITS_OBJECT,
        prequantize=False,
        topology=True,
    )
    raw = json.loads(topo.to_json())
    x0 = math.floor(raw["bbox"][0] / GRID) * GRID
    y0 = math.floor(raw["bbox"][1] / GRID) * GRID
    arcs = []
    for arc in raw["arcs"]:
        px = py = 0
        out = []
        for x, y in arc:
            ix, iy = round((x - x0) / GRID), round((y - y0) / GRID)
            out.append([ix - px, iy - py])
            px, py = ix, iy
        arcs.append(out)
    geometries = [
        {"type": g["type"], "arcs": g["arcs"], "properties": {UNIT_KEY: g["properties"][UNIT_KEY]}}
        for g in raw["objects"][UNITS_OBJECT]["geometries"]
    ]
    head = {
        "type": "Topology",
        "bbox": [round(v, DECIMALS) for v in raw["bbox"]],
        "transform": {"scale": [GRID, GRID], "translate": [round(x0, 4), round(y0, 4)]},
        "objects": {UNITS_OBJECT: {"type": "GeometryCollection", "geometries": geometries}},
    }
    compact = {"separators": (",", ":"), "ensure_ascii": False}
    lines = ",\n".join(json.dumps(a, **compact) for a in arcs)
    return json.dumps(head, **compact)[:-1] + ',"arcs":[\n' + lines + "\n]}\n"


def _islands(geom) -> int:
    """Parts of at least MIN_ISLAND_M2 (``geom`` in metres)."""
    return sum(1 for p in shapely.get_parts(geom) if p.area >= MIN_ISLAND_M2)


def check_display(text: str, units: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Decode as a browser would (GDAL) and compare with the full detail: the same units,
    valid, every island of ≥ 1 ha kept, no overlap, no gap between neighbours beyond the
    source's own slivers, areas within AREA_SLACK (or 1.5 km²: the smallest units)."""
    simple = read_units_display(text.encode("utf-8"))
    full = units.set_index(UNIT_KEY)
    if sorted(simple.index) != sorted(full.index):
        raise BuildError("municipal display geometry: units differ from the source")
    invalid = [u for u, g in simple.geometry.items() if not g.is_valid]
    if invalid:
        raise BuildError(f"municipal display geometry: invalid after simplifying: {invalid}")
    problems = []
    projected = simple.to_crs(AREA_CRS).geometry
    full_m = full.to_crs(AREA_CRS).geometry
    for unit, geom in full_m.items():
        kept, area = _parts(projected[unit]), projected[unit].area
        if kept < _islands(geom):
            problems.append(f"{unit}: {_islands(geom)} parts ≥ 1 ha, {kept} kept")
        if abs(area - geom.area) > max(AREA_SLACK * geom.area, 1.5e6):
            problems.append(f"{unit}: area {area / geom.area:.3f} × the full detail")
    union = shapely.union_all(projected.values)
    if abs(projected.area.sum() / union.area - 1) > 1e-4:
        problems.append(f"units overlap ({projected.area.sum() / union.area - 1:.2e})")
    holes = sum(shapely.Polygon(r).area for p in shapely.get_parts(union) for r in p.interiors)
    if holes > 2e6:
        problems.append(f"gaps between units: {holes / 1e6:.2f} km²")
    if problems:
        raise BuildError("municipal display geometry: " + "; ".join(problems))
    overlap = projected.area.sum() / union.area - 1
    print(f"display: overlap {overlap:.1e}, holes {holes / 1e6:.2f} km²")
    return simple


def crosswalk_text(rows: list[dict]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CROSSWALK_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def build(
    source: Path,
    census: Path,
    census2001: Path,
    display_path: Path = MUNICIPAL_DISPLAY_PATH,
    crosswalk_path: Path = CROSSWALK_PATH,
) -> None:
    units = read_units(source, load_regions())
    rows = crosswalk(read_census(census), units, read_census_2001(census2001))
    units["region_code"] = units["unit"].map({r["unit"]: r["region_code"] for r in rows})
    text = display_topology(simplify(units))
    simple = check_display(text, units)
    size = write_atomic(display_path, text, limit=MUNICIPAL_DISPLAY_MAX_BYTES)
    vertices = int(shapely.get_num_coordinates(simple.geometry.values).sum())
    full = int(shapely.get_num_coordinates(units.geometry.values).sum())
    parts = sum(_parts(g) for g in simple.geometry)
    print(f"display: {len(simple)} units, {parts} polygons, {vertices:,} vertices (of {full:,})")
    print(f"display: {size:,} bytes → {display_path}")
    size = write_atomic(crosswalk_path, crosswalk_text(rows))
    merged = sum(1 for r in rows if r["match"] == "split_2019")
    print(f"crosswalk: {len(rows)} municipalities ({merged} in merged units) → {crosswalk_path}")


def read_census_2001(path: Path) -> list[dict]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, required=True, help="Kalikratis-GeoJSON clone")
    parser.add_argument("--census", type=Path, help=f"the ELSTAT 2021 list ({CENSUS_FILE})")
    parser.add_argument("--census2001", type=Path, help=f"the 2001 file ({CENSUS2001_FILE})")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        build(
            args.source,
            _find(CENSUS_FILE, args.census),
            _find(CENSUS2001_FILE, args.census2001),
        )
    except BuildError as exc:
        print(f"build_municipal_boundaries: {exc}", file=sys.stderr)
        return 1
    print(f"done in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
