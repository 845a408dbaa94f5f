"""Tests for geo/boundaries.py and the committed boundary files (no network)."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from shapely.geometry import Point, box, mapping

from geo.boundaries import (
    CONTEXT_FRAME,
    CONTEXT_PATH,
    DISPLAY_FRAME,
    DISPLAY_LAYERS,
    DISPLAY_MAX_BYTES,
    DISPLAY_PATH,
    MAX_FILE_BYTES,
    REGIONS_PATH,
    BoundaryError,
    context_geojson,
    interior_rings,
    load_context,
    load_official,
    load_regions,
    read_display,
    regions_geojson,
)
from geo.regions import BY_CODE, REGION_CODES

# Approximate town or island centres (lon, lat), test data only. Natural Earth 10m is
# coarse, so points are taken a little inland of the harbour where a town is on the coast.
POINTS = {
    "Mount Athos (Karyes)": (24.21, 40.26, "EL52"),
    "Corfu town": (19.92, 39.62, "EL62"),
    "Kythira (island centre)": (22.99, 36.25, "EL30"),
    "Aegina (island centre)": (23.50, 37.74, "EL30"),
    "Rhodes town": (28.22, 36.43, "EL42"),
    "Mytilene (Lesvos)": (26.55, 39.11, "EL41"),
    "Chios town": (26.13, 38.37, "EL41"),
    "Heraklion": (25.13, 35.34, "EL43"),
    "Gavdos": (24.08, 34.84, "EL43"),
    "Thasos (island centre)": (24.71, 40.78, "EL51"),
    "Samothraki (island centre)": (25.53, 40.47, "EL51"),
    "Skyros (island centre)": (24.56, 38.90, "EL64"),
    "Zakynthos (island centre)": (20.90, 37.78, "EL62"),
    "Ioannina": (20.85, 39.67, "EL54"),
    "Patras": (21.73, 38.25, "EL63"),
    "Larissa": (22.42, 39.64, "EL61"),
    "Kozani": (21.79, 40.30, "EL53"),
    "Komotini": (25.40, 41.12, "EL51"),
    "Tripoli": (22.37, 37.51, "EL65"),
    "Lamia": (22.43, 38.90, "EL64"),
}

GREEK_AREA_CRS = "EPSG:2100"  # GGRS87 / Greek Grid: metres, for area comparisons


@pytest.fixture(scope="module")
def regions() -> gpd.GeoDataFrame:
    return load_regions()


@pytest.fixture(scope="module")
def regions_fc() -> dict:
    return json.loads(REGIONS_PATH.read_text(encoding="utf-8"))


def _write(path: Path, features: list[dict], crs: str | None = None) -> Path:
    fc: dict = {"type": "FeatureCollection", "features": features}
    if crs:
        fc["crs"] = {"type": "name", "properties": {"name": crs}}
    path.write_text(json.dumps(fc, ensure_ascii=False), encoding="utf-8")
    return path


# --- the committed files ----------------------------------------------------------------


@pytest.mark.parametrize("path", [REGIONS_PATH, CONTEXT_PATH], ids=["regions", "context"])
def test_file_exists_and_is_small(path):
    assert path.is_file()
    assert 0 < path.stat().st_size <= MAX_FILE_BYTES


def test_regions_are_the_13_codes_valid_and_non_empty(regions):
    assert tuple(regions.index) == REGION_CODES
    assert regions.index.name == "region_code"
    assert regions.crs.to_epsg() == 4326
    assert regions.geometry.is_valid.all()
    assert not regions.geometry.is_empty.any()
    assert set(regions.geom_type) <= {"Polygon", "MultiPolygon"}


def test_region_properties_come_from_geo_regions(regions_fc):
    for feature in regions_fc["features"]:
        props = feature["properties"]
        assert set(props) == {"region_code", "iso", "name_el", "name_en"}
        region = BY_CODE[props["region_code"]]
        assert (props["iso"], props["name_el"], props["name_en"]) == (
            region.iso,
            region.name_el,
            region.name_en,
        )


def test_exterior_rings_are_clockwise_and_holes_counter_clockwise(regions, regions_fc):
    polygons = shapely.get_parts(regions.geometry.values)
    assert len(polygons) > 13
    assert not shapely.is_ccw(shapely.get_exterior_ring(polygons)).any()
    holes = [ring for p in polygons for ring in p.interiors]
    assert all(shapely.is_ccw(ring) for ring in holes)
    # Check the file itself too: the loader could in principle re-orient.
    for feature in regions_fc["features"]:
        geom = feature["geometry"]
        polys = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
        for poly in polys:
            assert not shapely.is_ccw(shapely.LinearRing(poly[0]))


def test_coordinates_have_at_most_4_decimals(regions_fc):
    coords = shapely.get_coordinates(
        [shapely.geometry.shape(f["geometry"]) for f in regions_fc["features"]]
    )
    assert (abs(coords * 1e4 - (coords * 1e4).round()) < 1e-6).all()


def test_no_gaps_or_overlaps_between_neighbours(regions):
    projected = regions.to_crs(GREEK_AREA_CRS)
    union = shapely.union_all(projected.geometry.values)
    assert union.is_valid
    summed = projected.area.sum()
    assert summed == pytest.approx(union.area, rel=1e-3)  # overlaps would make summed larger
    # Gaps: holes inside the mainland that are not real lakes would show up as interiors of
    # the union; Natural Earth admin-1 has none for Greece.
    interiors = [ring for p in shapely.get_parts(union) for ring in p.interiors]
    assert sum(shapely.Polygon(r).area for r in interiors) < 1e6  # < 1 km²
    # Every mainland region touches at least one other region.
    for code in ("EL51", "EL52", "EL53", "EL54", "EL61", "EL63", "EL64", "EL65", "EL30"):
        others = projected.drop(index=code)
        assert others.geometry.touches(projected.geometry[code]).any(), code


def test_greece_area_is_plausible(regions):
    # Greece: 131,957 km². Natural Earth 10m lacks small islets and smooths coasts.
    area_km2 = regions.to_crs(GREEK_AREA_CRS).area.sum() / 1e6
    assert 125_000 < area_km2 < 136_000


def test_mount_athos_is_in_central_macedonia_as_one_polygon(regions):
    athos = Point(24.21, 40.26)
    assert regions.geometry["EL52"].contains(athos)
    # Athos merged into the mainland polygon rather than added as a separate part.
    assert regions.geometry["EL52"].geom_type == "Polygon"


@pytest.mark.parametrize("name", list(POINTS))
def test_point_falls_in_the_right_region(regions, name):
    lon, lat, code = POINTS[name]
    hits = [c for c, geom in regions.geometry.items() if geom.contains(Point(lon, lat))]
    assert hits == [code]


def test_islands_are_kept(regions):
    parts = {code: len(shapely.get_parts(g)) for code, g in regions.geometry.items()}
    assert parts["EL42"] >= 30  # Cyclades and Dodecanese
    assert parts["EL62"] >= 7  # Corfu, Paxoi, Lefkada, Kefalonia, Ithaca, Zakynthos, ...
    assert parts["EL43"] == 2  # Crete and Gavdos
    assert sum(parts.values()) >= 80


def test_context_is_one_dissolved_land_feature(regions):
    """Issue #18: all land that is not Greece as ONE shape: no border between two other
    states (e.g. Kosovo's), no country names."""
    fc = json.loads(CONTEXT_PATH.read_text(encoding="utf-8"))
    assert len(fc["features"]) == 1
    assert fc["features"][0]["properties"] == {"layer": "land"}
    context = load_context()
    assert list(context.index) == ["land"] and list(context.columns) == ["geometry"]
    land = context.geometry["land"]
    assert land.is_valid and land.geom_type == "MultiPolygon"
    # No interior ring at all: a country border inside the land would leave one as a sliver.
    assert interior_rings(land) == 0
    greece = shapely.union_all(regions.geometry.values)
    assert land.intersection(greece).area < 1e-6
    assert not land.contains(Point(23.73, 37.98))  # Athens


@pytest.mark.parametrize(
    "place, lon, lat",
    [
        ("Tirana", 19.82, 41.33),
        ("Skopje", 21.43, 42.00),
        ("Pristina", 21.17, 42.66) if CONTEXT_FRAME[3] > 42.66 else ("Ohrid", 20.80, 41.12),
        ("Sofia", 23.32, 42.70) if CONTEXT_FRAME[3] > 42.70 else ("Blagoevgrad", 23.10, 42.02),
        ("Edirne", 26.56, 41.68),
        ("Izmir", 27.14, 38.42),
        ("Bodrum", 27.43, 37.04),
        ("Lecce", 18.17, 40.35),
        ("Tripoli (Libya)", 13.19, 32.89),
    ],
)
def test_context_covers_the_neighbours_land(place, lon, lat):
    assert load_context().geometry["land"].contains(Point(lon, lat)), place


def test_context_has_no_internal_borders_between_neighbours():
    """The points either side of the Albania–North Macedonia, North Macedonia–Bulgaria and
    Bulgaria–Türkiye borders lie in the same polygon, and no ring runs between them."""
    land = load_context().geometry["land"]
    pairs = [
        ((20.45, 41.0), (20.65, 41.0)),
        ((22.9, 41.6), (23.1, 41.6)),
        ((26.3, 41.9), (26.7, 41.9)),
    ]
    for a, b in pairs:
        part = [p for p in shapely.get_parts(land) if p.contains(Point(a))]
        assert part and part[0].contains(Point(b))
        segment = shapely.LineString([a, b])
        assert not segment.intersects(land.boundary)


def test_context_touches_greece_along_its_land_border(regions):
    land = load_context().geometry["land"]
    greece = shapely.union_all(regions.geometry.values)
    shared = land.boundary.intersection(greece.boundary)
    assert shared.length > 5  # degrees of common border (AL, MK, BG, TR: ~1,200 km)


# --- the display copy for the browser -----------------------------------------------------


@pytest.fixture(scope="module")
def display():
    return read_display(DISPLAY_PATH)


def test_display_file_is_small(display):
    assert 0 < DISPLAY_PATH.stat().st_size <= DISPLAY_MAX_BYTES
    topo = json.loads(DISPLAY_PATH.read_text(encoding="utf-8"))
    assert topo["type"] == "Topology" and "transform" in topo  # quantised
    assert set(topo["objects"]) == set(DISPLAY_LAYERS)
    assert [g["properties"] for g in topo["objects"]["regions"]["geometries"]] == [
        {"region_code": c} for c in REGION_CODES
    ]


def test_display_regions_are_simplified_but_keep_every_island(display, regions):
    simple = display["regions"]
    assert sorted(simple.index) == sorted(REGION_CODES)
    assert simple.geometry.is_valid.all()
    full_n = shapely.get_num_coordinates(regions.geometry.values).sum()
    assert shapely.get_num_coordinates(simple.geometry.values).sum() < 0.7 * full_n
    for code, geom in regions.geometry.items():
        assert len(shapely.get_parts(simple.geometry[code])) == len(shapely.get_parts(geom)), code


@pytest.mark.parametrize("name", list(POINTS))
def test_display_point_falls_in_the_right_region(display, name):
    """Within the simplification tolerance (~500 m): a town on the coast may fall just
    outside its region, never into another one."""
    lon, lat, code = POINTS[name]
    simple = display["regions"]
    hits = [c for c, geom in simple.geometry.items() if geom.contains(Point(lon, lat))]
    assert hits in ([code], [])
    assert simple.geometry[code].distance(Point(lon, lat)) < 0.006


@pytest.mark.parametrize(
    "island, code, lon, lat",
    [
        ("Gavdos", "EL43", 24.08, 34.84),
        ("Kythira", "EL30", 22.99, 36.25),
        ("Samothraki", "EL51", 25.53, 40.47),
    ],
)
def test_display_keeps_the_small_islands(display, regions, island, code, lon, lat):
    full = [p for p in shapely.get_parts(regions.geometry[code]) if p.contains(Point(lon, lat))]
    simple = [
        p
        for p in shapely.get_parts(display["regions"].geometry[code])
        if p.contains(Point(lon, lat))
    ]
    assert len(full) == 1 and len(simple) == 1, island
    assert simple[0].area == pytest.approx(full[0].area, rel=0.1)


def test_display_has_no_slivers_between_neighbours(display):
    projected = display["regions"].to_crs(GREEK_AREA_CRS)
    union = shapely.union_all(projected.geometry.values)
    assert projected.area.sum() == pytest.approx(union.area, rel=1e-4)  # no overlaps
    holes = [ring for p in shapely.get_parts(union) for ring in p.interiors]
    assert sum(shapely.Polygon(r).area for r in holes) < 1e6  # no gaps (< 1 km²)
    for code in ("EL51", "EL52", "EL53", "EL54", "EL61", "EL63", "EL64", "EL65", "EL30"):
        others = projected.drop(index=code)
        assert others.geometry.touches(projected.geometry[code]).any(), code


def test_display_land_meets_the_regions_without_gap_or_overlap(display):
    land = shapely.union_all(display["land"].geometry.values)
    greece = shapely.union_all(display["regions"].geometry.values)
    assert land.intersection(greece).area < 1e-5
    assert land.boundary.intersection(greece.boundary).length > 5  # the shared land border
    assert interior_rings(land) == 0
    assert land.contains(Point(21.43, 42.00)) and land.contains(Point(27.14, 38.42))
    coast = display["coast"].geometry.iloc[0]
    assert coast.geom_type in ("LineString", "MultiLineString")
    # the coastline leaves out the straight cuts along the frame
    frame = shapely.box(*DISPLAY_FRAME).exterior
    assert coast.intersection(frame.buffer(1e-3)).length < 0.5


def test_geojson_helpers_return_fresh_dicts():
    a = regions_geojson()
    a["features"].clear()
    b = regions_geojson()
    assert [f["properties"]["region_code"] for f in b["features"]] == list(REGION_CODES)
    assert context_geojson()["type"] == "FeatureCollection"


# --- load_regions rejects a broken file ---------------------------------------------------


def test_load_regions_rejects_a_missing_region(tmp_path, regions_fc):
    bad = _write(tmp_path / "twelve.geojson", regions_fc["features"][:12])
    with pytest.raises(BoundaryError, match=r"twelve\.geojson.*missing \['EL65'\]"):
        load_regions(bad)


def test_load_regions_rejects_a_duplicated_region(tmp_path, regions_fc):
    features = regions_fc["features"][:12] + [regions_fc["features"][0]]
    bad = _write(tmp_path / "dup.geojson", features)
    with pytest.raises(BoundaryError, match=r"duplicated \['EL30'\]"):
        load_regions(bad)


def test_load_regions_rejects_an_invalid_geometry(tmp_path, regions_fc):
    features = json.loads(json.dumps(regions_fc["features"]))
    bowtie = [[[22.0, 39.0], [22.5, 39.5], [22.5, 39.0], [22.0, 39.5], [22.0, 39.0]]]
    features[8]["geometry"] = {"type": "Polygon", "coordinates": bowtie}
    bad = _write(tmp_path / "bowtie.geojson", features)
    with pytest.raises(BoundaryError, match=r"bowtie\.geojson.*EL61: invalid geometry"):
        load_regions(bad)


def test_load_regions_rejects_another_crs(tmp_path, regions):
    projected = regions.to_crs(GREEK_AREA_CRS).reset_index()
    bad = tmp_path / "greek_grid.geojson"
    projected.to_file(bad, driver="GeoJSON")
    assert gpd.read_file(bad).crs.to_epsg() == 2100  # the file really declares EPSG:2100
    with pytest.raises(BoundaryError, match=r"greek_grid\.geojson: CRS is EPSG:2100"):
        load_regions(bad)


def test_load_regions_rejects_swapped_axes(tmp_path, regions_fc):
    features = json.loads(json.dumps(regions_fc["features"]))
    geom = shapely.geometry.shape(features[0]["geometry"])
    features[0]["geometry"] = mapping(shapely.transform(geom, lambda c: c[:, ::-1]))
    bad = _write(tmp_path / "swapped.geojson", features)
    with pytest.raises(BoundaryError, match="outside the frame"):
        load_regions(bad)


def test_load_regions_names_a_missing_file(tmp_path):
    with pytest.raises(BoundaryError, match="nowhere.geojson: file not found"):
        load_regions(tmp_path / "nowhere.geojson")


def test_load_regions_sees_a_rewritten_file(tmp_path, regions_fc):
    path = _write(tmp_path / "regions.geojson", regions_fc["features"])
    assert len(load_regions(path)) == 13
    _write(path, regions_fc["features"][:12])
    with pytest.raises(BoundaryError):
        load_regions(path)  # not served stale from the cache


# --- load_official ----------------------------------------------------------------------


def _official_features(extra: list[dict] | None = None) -> list[dict]:
    """A GISCO-like file: one square per Greek NUTS-2 region plus rows at other levels."""
    features = []
    for i, code in enumerate(REGION_CODES):
        x, y = 20.0 + (i % 5), 35.0 + (i // 5)
        features.append(
            {
                "type": "Feature",
                "properties": {"NUTS_ID": code, "LEVL_CODE": 2, "CNTR_CODE": "EL"},
                "geometry": mapping(box(x, y, x + 0.9, y + 0.9)),
            }
        )
    features += [
        {
            "type": "Feature",
            "properties": {"NUTS_ID": nuts_id, "LEVL_CODE": level, "CNTR_CODE": cntr},
            "geometry": mapping(box(20.0, 35.0, 20.5, 35.5)),
        }
        for nuts_id, level, cntr in [
            ("EL", 0, "EL"),
            ("EL3", 1, "EL"),
            ("EL303", 3, "EL"),
            ("BG41", 2, "BG"),
        ]
    ]
    return features + (extra or [])


def test_load_official_with_nuts_codes(tmp_path):
    path = _write(tmp_path / "gisco.geojson", _official_features())
    gdf = load_official(path, "NUTS_ID")
    assert tuple(gdf.index) == REGION_CODES
    assert gdf.crs.to_epsg() == 4326
    assert gdf.loc["EL30", "name_en"] == "Attica"
    assert gdf.geometry["EL30"].equals(box(20.0, 35.0, 20.9, 35.9))


def test_load_official_reprojects_and_dissolves_athos(tmp_path):
    athos = {
        "type": "Feature",
        "properties": {"NUTS_ID": "Άγιο Όρος"},
        "geometry": mapping(box(20.9, 36.0, 20.95, 36.9)),  # east of EL52's square
    }
    path = _write(tmp_path / "gisco_athos.geojson", _official_features([athos]))
    gdf = load_official(path, "NUTS_ID", to_crs=GREEK_AREA_CRS)
    assert gdf.crs.to_epsg() == 2100
    el52 = gdf.to_crs("EPSG:4326").geometry["EL52"]  # square at (20, 36) plus Athos
    assert el52.geom_type == "Polygon"
    assert el52.bounds == pytest.approx((20.0, 36.0, 20.95, 36.9), abs=1e-6)


def test_load_official_rejects_unknown_names(tmp_path):
    odd = {
        "type": "Feature",
        "properties": {"NUTS_ID": "Atlantis"},
        "geometry": mapping(box(22.0, 38.0, 22.1, 38.1)),
    }
    path = _write(tmp_path / "odd.geojson", _official_features([odd]))
    with pytest.raises(BoundaryError, match=r"odd\.geojson: cannot map NUTS_ID.*'Atlantis'"):
        load_official(path, "NUTS_ID")


def test_load_official_rejects_a_missing_region_and_a_wrong_property(tmp_path):
    features = [f for f in _official_features() if f["properties"]["NUTS_ID"] != "EL43"]
    path = _write(tmp_path / "no_crete.geojson", features)
    with pytest.raises(BoundaryError, match=r"missing \['EL43'\]"):
        load_official(path, "NUTS_ID")
    with pytest.raises(BoundaryError, match="no property 'nuts_id'"):
        load_official(path, "nuts_id")
