"""Static PNG maps and charts for reports, drawn with matplotlib (Agg) from the SAME
``ChoroplethSpec`` as the interactive Leaflet map: same colours, classes, legend labels and
'no data' grey. No browser, no network, no pyplot global state (safe in Streamlit threads).

Every image carries a title, the legend, a source line and a date, and comes at screen size
(``scale=1``) or twice that for print (``scale=2``, same layout, double the pixels).
Output is deterministic: same inputs, same bytes (no timestamp in the PNG metadata).
"""

from __future__ import annotations

import functools
import io
import textwrap

import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle
from matplotlib.ticker import FuncFormatter

from atlas.classify import NO_DATA_COLOR, ChoroplethSpec
from atlas.maps import GREECE_BOUNDS, LAND_COLOR, OUTLINE, SEA_COLOR, SELECTED_OUTLINE

# Greek Grid (GGRS87): the national projection, so Greece is not stretched as in lon/lat.
PROJECTED_CRS = "EPSG:2100"
MAP_SIZE = (1200, 900)  # screen pixels at scale 1; print is 2× (2400 × 1800)
BAR_WIDTH = 1200
DPI = 100  # matplotlib points → pixels: 1 pt = DPI/72 px at scale 1
FONT = "DejaVu Sans"  # ships with matplotlib: Greek glyphs everywhere, offline
TEXT = "#222222"
MUTED = "#555555"
PNG_METADATA = {"Software": None}  # no version string: bytes depend on the inputs only


@functools.lru_cache(maxsize=2)
def _layers(regions_key: tuple, context_key: tuple):
    """Regions and context in the projected CRS, plus the frame around Greece (cached per
    boundary file version)."""
    import geopandas as gpd
    from shapely.geometry import box

    from geo import boundaries

    regions = boundaries.load_regions(regions_key[0]).to_crs(PROJECTED_CRS)
    context = boundaries.load_context(context_key[0]).to_crs(PROJECTED_CRS)
    (south, west), (north, east) = GREECE_BOUNDS
    frame = gpd.GeoSeries([box(west, south, east, north)], crs="EPSG:4326")
    return regions, context, tuple(frame.to_crs(PROJECTED_CRS).total_bounds)


def layers():
    from geo import boundaries

    return _layers(
        boundaries._file_key(boundaries.REGIONS_PATH), boundaries._file_key(boundaries.CONTEXT_PATH)
    )


def _png(fig: Figure, scale: float) -> bytes:
    FigureCanvasAgg(fig)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI * scale, metadata=PNG_METADATA)
    return buf.getvalue()


def _wrap(text: str, width: int) -> list[str]:
    return [line for para in text.splitlines() for line in (textwrap.wrap(para, width) or [""])]


def _footer_lines(source: str, date_text: str, width: int) -> list[str]:
    lines = _wrap(source, width) if source else []
    if date_text:
        lines += _wrap(date_text, width)
    return lines


def _draw_title_and_footer(
    fig: Figure, title_lines: list[str], foot: list[str], size: tuple[float, float]
) -> None:
    """Title lines from the top left (bold) and footer lines (source, date, credit) from the
    bottom left of a figure of ``size`` pixels, in the house type sizes."""
    w_px, h_px = size
    pt = DPI / 72
    for i, line in enumerate(title_lines):
        fig.text(
            12 / w_px,
            1 - (12 + (i + 0.8) * 15 * pt * 1.25) / h_px,
            line,
            fontsize=15,
            fontweight="bold",
            color=TEXT,
            family=FONT,
            va="baseline",
        )
    for i, line in enumerate(foot):
        fig.text(
            12 / w_px,
            (8 + (len(foot) - i - 0.75) * 8.5 * pt * 1.3) / h_px,
            line,
            fontsize=8.5,
            color=MUTED,
            family=FONT,
            va="baseline",
        )


def render_map(
    spec: ChoroplethSpec,
    *,
    source: str,
    date_text: str,
    scale: float = 1,
    selected: str | None = None,
    size: tuple[int, int] = MAP_SIZE,
    title: str | None = None,
    legend: bool = True,
    legend_title: str | None = None,
    credit: str = "",
    shapes=None,
) -> bytes:
    """The 13 regions coloured by ``spec`` over neighbouring land and sea, as PNG bytes of
    ``size`` × ``scale`` pixels: title on top, legend in the open sea (bottom left), source,
    date and boundary credit underneath. ``shapes``: other shapes keyed as ``spec`` (in
    PROJECTED_CRS), drawn and framed instead of the regions (``render_units_map``)."""
    regions, context, (x0, y0, x1, y1) = _drawn(shapes)
    w_px, h_px = size
    fig = Figure(figsize=(w_px / DPI, h_px / DPI), dpi=DPI, facecolor="white")
    fig.patch.set_facecolor("white")
    pt = DPI / 72  # pixels per point
    title = spec.title if title is None else title
    title_lines = _wrap(title, max(30, int(w_px / (15 * pt * 0.55)))) if title else []
    foot = _footer_lines(source, date_text, max(40, int(w_px / (8.5 * pt * 0.56))))
    if credit:
        foot += _wrap(credit, max(40, int(w_px / (8.5 * pt * 0.56))))
    top_px = 16 + len(title_lines) * 15 * pt * 1.25
    bottom_px = 12 + len(foot) * 8.5 * pt * 1.3
    _draw_title_and_footer(fig, title_lines, foot, (w_px, h_px))
    ax = fig.add_axes((0, bottom_px / h_px, 1, 1 - (top_px + bottom_px) / h_px))
    ax.set_facecolor(SEA_COLOR)
    context.plot(ax=ax, color=LAND_COLOR, edgecolor="#b3b3b3", linewidth=0.6)
    colors = [spec.colors.get(code, NO_DATA_COLOR) for code in regions.index]
    regions.plot(ax=ax, color=colors, edgecolor=OUTLINE, linewidth=0.5)
    if spec.no_data:
        nd = regions.loc[[c for c in regions.index if c in spec.no_data]]
        nd.boundary.plot(ax=ax, color=OUTLINE, linewidth=0.8, linestyle=(0, (4, 3)))
    if selected and selected in regions.index:
        regions.loc[[selected]].boundary.plot(ax=ax, color=SELECTED_OUTLINE, linewidth=2.2)
    ax_w, ax_h = w_px, h_px - top_px - bottom_px
    x0, x1, y0, y1 = _fit(x0, y0, x1, y1, ax_w / ax_h)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal", adjustable="box")
    ax.set_axis_off()
    ax.add_patch(
        Rectangle((0, 0), 1, 1, transform=ax.transAxes, facecolor=SEA_COLOR, zorder=-10)
    )  # sea under the whole frame, also beyond the data
    if legend and spec.legend:
        handles = [
            Patch(
                facecolor=item.color,
                edgecolor="#777777",
                linewidth=0.8,
                linestyle="--" if item.kind == "no_data" else "-",
                label=item.label,
            )
            for item in spec.legend
        ]
        leg = ax.legend(
            handles=handles,
            loc="lower left",
            frameon=True,
            fontsize=10,
            title=_legend_title(spec.title if legend_title is None else legend_title) or None,
            title_fontsize=10.5,
            prop={"family": FONT, "size": 10},
            borderpad=0.7,
            handlelength=1.6,
            handleheight=1.0,
            labelspacing=0.45,
        )
        leg.get_frame().set_alpha(0.92)
        leg.get_frame().set_edgecolor("#999999")
        leg.get_title().set_fontweight("bold")
    return _png(fig, scale)


def _drawn(shapes):
    """The shapes to colour, the land and the frame: the regions, or ``shapes`` framed on
    themselves."""
    regions, context, frame = layers()
    if shapes is None:
        return regions, context, frame
    return shapes, context, _padded(shapes.total_bounds, frame)


def _padded(bounds, frame) -> tuple[float, ...]:
    """``bounds`` with a margin (a quarter of its size, room for the legend), inside
    ``frame`` (the neighbouring land's extent)."""
    x0, y0, x1, y1 = bounds
    dx, dy = (x1 - x0) * 0.25, (y1 - y0) * 0.25
    return (
        max(frame[0], x0 - dx),
        max(frame[1], y0 - dy),
        min(frame[2], x1 + dx / 2),
        min(frame[3], y1 + dy / 2),
    )


@functools.lru_cache(maxsize=2)
def _units(path: str, _mtime_ns: int):
    from geo.municipal_units import read_units_display

    return read_units_display(path).to_crs(PROJECTED_CRS)


def render_units_map(
    spec: ChoroplethSpec, units: tuple[str, ...], *, source: str, credit: str, where: str
) -> bytes:
    """The municipal units ``units`` (of the whole country or of one region) coloured by
    ``spec`` (keyed by unit), framed on them, as a PNG."""
    from geo.municipal_units import MUNICIPAL_DISPLAY_PATH

    shapes = _units(str(MUNICIPAL_DISPLAY_PATH), MUNICIPAL_DISPLAY_PATH.stat().st_mtime_ns)
    shapes = shapes.loc[[u for u in units if u in shapes.index]]
    return render_map(
        spec,
        source=source,
        date_text="",
        credit=credit,
        title=f"{spec.title} — {where}",
        shapes=shapes,
    )


def _fit(x0: float, y0: float, x1: float, y1: float, ratio: float) -> tuple[float, ...]:
    """Limits with the axes' width/height ``ratio`` around the frame of Greece. Extra width
    goes west and extra height south (open sea), never east or north, where the clipped
    edge of the neighbouring countries would show."""
    w, h = x1 - x0, y1 - y0
    if w / h < ratio:
        x0 -= h * ratio - w
    else:
        y0 -= w / ratio - h
    return x0, x1, y0, y1


def _legend_title(title: str) -> str:
    return "\n".join(_wrap(title, 34)[:3])


def render_ranked_bar(
    frame: pd.DataFrame,
    spec: ChoroplethSpec,
    *,
    lang: str,
    title: str,
    unit: str | None,
    source: str,
    date_text: str,
    scale: float = 1,
    width: int = BAR_WIDTH,
) -> bytes:
    """The explorer's ranking as PNG: bars highest first, coloured like the map; a bound
    ('below 0.29 %') is hatched up to the bound with its label; 'no data' has no bar. A
    change (``spec.diverging``) reads with its sign, bars left and right of a line at 0."""
    from atlas.charts.ranking import ranking_bars, unit_line

    # the page's bars and labels (atlas.charts.ranking), lowest first: drawn bottom-up
    bars = ranking_bars(frame, spec, lang=lang, unit=unit)[::-1]
    pt = DPI / 72
    title_lines = _wrap(title, max(30, int(width / (15 * pt * 0.55))))
    foot = _footer_lines(source, date_text, max(40, int(width / (8.5 * pt * 0.56))))
    top_px = 16 + len(title_lines) * 15 * pt * 1.25
    bottom_px = 40 + len(foot) * 8.5 * pt * 1.3 + 20
    body = 34 * len(bars) + 20
    height = int(top_px + body + bottom_px)
    fig = Figure(figsize=(width / DPI, height / DPI), dpi=DPI, facecolor="white")
    _draw_title_and_footer(fig, title_lines, foot, (width, height))
    ax = fig.add_axes((0.30, bottom_px / height, 0.58, body / height))
    ys = list(range(len(bars)))
    values = [b.value for b in bars]
    hi = max([abs(v) for v in values] + [1e-9])
    lo = min(values + [0.0])  # < 0 only for a change: bars left of 0, labels left of them
    span = max(values + [0.0]) - lo or hi
    for y, bar, v in zip(ys, bars, values):
        if bar.hatched:
            ax.barh(
                y, v, color=bar.color, edgecolor="#777777", linewidth=0.5, height=0.72, hatch="///"
            )
        elif bar.has_data:
            ax.barh(y, v, color=bar.color, edgecolor="#555555", linewidth=0.5, height=0.72)
        left = v < 0
        ax.text(
            v - span * 0.01 if left else v + span * 0.01,
            y,
            bar.label,
            va="center",
            ha="right" if left else "left",
            fontsize=10,
            color=TEXT,
            family=FONT,
        )
    if spec.legend:
        handles = [
            Patch(
                facecolor=item.color,
                edgecolor="#777777",
                linewidth=0.8,
                hatch="///" if item.kind == "bound" else None,
                linestyle="--" if item.kind == "no_data" else "-",
                label=item.label,
            )
            for item in spec.legend
        ]
        leg = ax.legend(
            handles=handles,
            loc="upper left" if lo < 0 else "lower right",  # a change: the empty corner
            frameon=True,
            prop={"family": FONT, "size": 9.5},
            handlelength=1.6,
        )
        leg.get_frame().set_edgecolor("#999999")
    ax.set_yticks(ys, [b.name for b in bars], fontsize=10.5, family=FONT)
    if lo < 0:
        ax.set_xlim(lo - span * 0.2, max(values) + span * 0.2 if max(values) > 0 else span * 0.02)
        ax.axvline(0, color="#555555", linewidth=0.8)
    else:
        ax.set_xlim(0, hi * 1.02)
    ax.set_ylim(-0.6, len(bars) - 0.4)
    ax.grid(axis="x", color="#eeeeee")
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    sep = (".", ",") if lang == "el" else (",", ".")
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _p: _tick(x, sep)))
    ax.tick_params(axis="x", labelsize=9)
    if unit_line(unit, lang):
        ax.set_xlabel(unit_line(unit, lang), fontsize=9.5, family=FONT)
    return _png(fig, scale)


def _tick(x: float, sep: tuple[str, str]) -> str:
    thousands, decimal = sep
    text = f"{x:,.0f}" if abs(x) >= 10 or float(x).is_integer() else f"{x:,.2f}".rstrip("0")
    text = text.replace(",", "\0").replace(".", decimal).replace("\0", thousands)
    return text.replace("-", "−")  # the minus sign, as in every other figure


def png_size(data: bytes) -> tuple[int, int]:
    """(width, height) read from the PNG header."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
