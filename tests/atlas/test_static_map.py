"""Static PNG maps and charts: size, content, colours shared with the interactive map,
greyscale reading, determinism. Values are SYNTHETIC."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest
from PIL import Image, ImageColor

from atlas import classify, static_map
from geo.regions import REGION_CODES

NAMES = {code: f"Region {code}" for code in REGION_CODES}


def frame(values, qualifiers=None):
    """SYNTHETIC: one value per region (None = no data)."""
    return pd.DataFrame(
        {
            "region_code": list(REGION_CODES),
            "name": [NAMES[c] for c in REGION_CODES],
            "value": [float("nan") if v is None else float(v) for v in values],
            "qualifier": qualifiers or ["=" if v is not None else None for v in values],
            "value_high": [float("nan")] * len(REGION_CODES),
        }
    )


@pytest.fixture(scope="module")
def spec():
    values = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, None, 130]  # EL64 no data
    return classify.choropleth_spec(
        frame(values), lang="en", title="SYNTHETIC test map", unit="persons"
    )


@pytest.fixture(scope="module")
def png(spec):
    return static_map.render_map(
        spec, source="Source: SYNTHETIC fixture", date_text="Data as of 1 Jan 2000"
    )


def rgb(data: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(data)).convert("RGB"))


def test_screen_and_print_sizes(spec, png):
    assert static_map.png_size(png) == static_map.MAP_SIZE
    big = static_map.render_map(spec, source="s", date_text="d", scale=2)
    w, h = static_map.MAP_SIZE
    assert static_map.png_size(big) == (2 * w, 2 * h)
    assert Image.open(io.BytesIO(big)).size == (2 * w, 2 * h)


def test_not_blank(png):
    img = rgb(png)
    colours = np.unique(img.reshape(-1, 3), axis=0)
    assert len(colours) > 50
    assert (img < 200).any(axis=2).mean() > 0.01  # ink for outlines, text, dark classes


def test_every_class_colour_and_no_data_grey_are_drawn(spec, png):
    present = {tuple(c) for c in np.unique(rgb(png).reshape(-1, 3), axis=0)}
    for item in spec.legend:
        assert ImageColor.getrgb(item.color) in present, item
    assert ImageColor.getrgb(classify.NO_DATA_COLOR) in present


def test_classes_read_in_greyscale(spec, png):
    """Printed in black and white, each class must be darker than the one below it."""
    grey = np.asarray(Image.open(io.BytesIO(png)).convert("L"))
    rgb_img = rgb(png)
    levels = []
    for item in [i for i in spec.legend if i.kind == "class"]:
        mask = (rgb_img == np.array(ImageColor.getrgb(item.color))).all(axis=2)
        assert mask.any(), item
        levels.append(int(np.median(grey[mask])))
    assert len(levels) >= 3
    assert all(a > b for a, b in zip(levels, levels[1:])), levels  # strictly darker


def test_title_and_footer_bands_carry_text(spec, png):
    bare = static_map.render_map(spec, source="", date_text="", title="")
    img, plain = rgb(png), rgb(bare)
    top = img[:30].min(axis=2)
    assert (top < 120).sum() > 200  # the title's letters
    assert (plain[:14].min(axis=2) > 240).all()  # nothing there without a title
    bottom = img[-30:].min(axis=2)
    assert (bottom < 160).sum() > 100  # source and date lines


def test_selected_region_outlined(spec):
    a = rgb(static_map.render_map(spec, source="", date_text="", selected="EL54"))
    red = (a == np.array(ImageColor.getrgb(static_map.SELECTED_OUTLINE))).all(axis=2)
    assert red.sum() > 50


def test_deterministic_bytes(spec, png):
    again = static_map.render_map(
        spec, source="Source: SYNTHETIC fixture", date_text="Data as of 1 Jan 2000"
    )
    assert again == png


def test_extra_space_goes_to_open_sea():
    x0, x1, y0, y1 = static_map._fit(0, 0, 100, 100, 2.0)
    assert (x0, x1, y0, y1) == (-100, 100, 0, 100)  # wider: extended west only
    x0, x1, y0, y1 = static_map._fit(0, 0, 100, 100, 0.5)
    assert (x0, x1, y0, y1) == (0, 100, -100, 100)  # taller: extended south only


@pytest.mark.parametrize("ratio", [1.0, 660 / 560, 1200 / 780, 1.67])
def test_neighbouring_land_reaches_past_every_edge_of_the_map(ratio):
    """The context layer is clipped to CONTEXT_FRAME: the map's extent must stay inside it,
    or the cut would show as a straight coast (ratios: the brief's locator, the screen map
    with 1–3 title and up to 5 footer lines, a square one)."""
    import geopandas as gpd
    import shapely

    from geo.boundaries import CONTEXT_FRAME

    regions, context, (x0, y0, x1, y1) = static_map.layers()
    fx0, fx1, fy0, fy1 = static_map._fit(x0, y0, x1, y1, ratio)
    extent = shapely.segmentize(shapely.box(fx0, fy0, fx1, fy1), 1000)
    lon_min, lat_min, lon_max, lat_max = (
        gpd.GeoSeries([extent], crs=static_map.PROJECTED_CRS).to_crs(4326).total_bounds
    )
    f_lon_min, f_lat_min, f_lon_max, f_lat_max = CONTEXT_FRAME
    assert f_lon_min < lon_min and f_lat_min < lat_min
    assert lon_max < f_lon_max and lat_max < f_lat_max
    assert len(context) == 1  # one dissolved land shape, no country borders


def test_ranked_bar_png(spec):
    f = frame([10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, None, 130])
    data = static_map.render_ranked_bar(
        f,
        spec,
        lang="el",
        title="SYNTHETIC",
        unit="persons",
        source="Πηγή: SYNTHETIC",
        date_text="01/01/2000",
    )
    w, h = static_map.png_size(data)
    assert w == static_map.BAR_WIDTH and h > 13 * 30
    present = {tuple(c) for c in np.unique(rgb(data).reshape(-1, 3), axis=0)}
    for item in spec.legend:
        if item.kind == "class":
            assert ImageColor.getrgb(item.color) in present
    big = static_map.render_ranked_bar(
        f,
        spec,
        lang="el",
        title="SYNTHETIC",
        unit="persons",
        source="Πηγή: SYNTHETIC",
        date_text="01/01/2000",
        scale=2,
    )
    assert static_map.png_size(big) == (2 * w, 2 * h)


def test_png_size_refuses_other_files():
    with pytest.raises(ValueError):
        static_map.png_size(b"%PDF-1.7")


def test_ranked_bars_of_a_change_read_with_their_sign_in_a_column():
    """A change (−27 … +11 %): every bar's signed value stands in the label column right of
    the bars (a label left of a bar left of 0 would cover the names); highest first."""
    from atlas.charts.ranking import ranked_bars_html, ranking_bars

    values = [-27, -15, -8.7, -2.7, 11, -20, -25.1, -22.9, -26.1, -10.2, -19.5, -21, -12.4]
    f = frame(values)
    change = classify.choropleth_spec(
        f, lang="en", title="SYNTHETIC", unit="percent", diverging=True
    )
    bars = ranking_bars(f, change, lang="en", unit="percent")
    labels = {b.region_code: b.label for b in bars}
    assert labels["EL30"] == "−27.0%" and labels["EL51"] == "+11.0%"
    assert [b.value for b in bars] == sorted(values, reverse=True)
    assert all(b.color == change.colors[b.region_code] for b in bars)
    page = ranked_bars_html(f, change, lang="en", title="SYNTHETIC", unit="percent")
    assert page.count("−27.0%") == 1 and "border-left:1px solid" in page  # the line at 0

    plain = frame([10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, None, 130])
    spec = classify.choropleth_spec(plain, lang="en", title="SYNTHETIC", unit="persons")
    bars = ranking_bars(plain, spec, lang="en", unit="persons")
    assert bars[0].label == "130" and bars[-1].label == "no data" and not bars[-1].has_data


def test_ranked_bars_in_greek_read_greek_numbers_and_keep_their_title():
    """Issue 25: Greek number format throughout (no '100k' axis: there is no axis), the
    whole title (it wraps, never cut), the accessible name and description."""
    from atlas.charts.ranking import ranked_bars_html

    big = frame([344851.0, 106701, 50986, 46081, 37613, 36715, 32936, 32078, 21377, 19243,
                 14633, 13693, 8691])  # fmt: skip
    spec = classify.choropleth_spec(big, lang="el", title="SYNTHETIC", unit="persons")
    title = "Κάτοικοι με ξένη υπηκοότητα (απογραφή 2021) — 22/10/2021, ένας πολύ μακρύς τίτλος"
    page = ranked_bars_html(
        big, spec, lang="el", title=title, unit="persons", name="Γράφημα: x", description="Δ"
    )
    assert "344.851" in page and "106.701" in page and "k<" not in page
    assert title in page and "text-overflow" not in page
    assert 'aria-label="Γράφημα: x"' in page and 'role="figure"' in page
    assert "aria-describedby=" in page and ">Δ</p>" in page
    assert "άτομα" in page  # the unit, once, under the title


def test_ranked_bar_png_of_a_change_draws_the_bars_left_of_0():
    """A change: the bars below 0 are drawn (not cut off at an axis starting at 0), far more
    of the deepest-decrease colour than its legend patch alone."""
    values = [-15, 11, -2.7, -19.5, -12.4, -8.7, -25.1, -22.9, -26.1, -10.2, -22.7, -27, -25.6]
    f = frame(values)
    change = classify.choropleth_spec(
        f, lang="el", title="SYNTHETIC", unit="percent", diverging=True
    )
    data = static_map.render_ranked_bar(
        f, change, lang="el", title="SYNTHETIC", unit="percent", source="SYNTHETIC", date_text=""
    )
    deepest = ImageColor.getrgb(change.colors["EL64"])  # −27 %
    pixels = rgb(data).reshape(-1, 3)
    assert int((pixels == deepest).all(axis=1).sum()) > 5000
