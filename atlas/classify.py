"""Classing and colours for choropleths: one spec shared by the interactive and static maps.

Plain values are classed (quantiles, equal interval or natural breaks). Quantiles and equal
intervals are computed here with numpy, exactly as mapclassify computes them (tested against
it); mapclassify (which imports scikit-learn and scipy: seconds and tens of MB) is imported
only for natural breaks (Fisher–Jenks). matplotlib is imported when a ramp is first made.
Values that are bounds ('below 0.29 %') get their own legend class and are never turned into
a number; regions without a figure are 'no data', never coloured as zero.

A % change (indicator kind 'change') is drawn on a diverging scale centred on 0: decreases
and increases are classed apart, in the two arms of ColorBrewer RdBu (lightest next to 0),
and every legend label carries its sign and the word "decrease"/"increase", so the legend
still reads in greyscale print.
"""

from __future__ import annotations

import functools
import html
import math
import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from atlas import i18n

SCHEMES = ("quantiles", "equal_interval", "natural_breaks")
DEFAULT_SCHEME = "quantiles"
DEFAULT_K = 5
# ColorBrewer YlGnBu: sequential, colour-blind safe and monotone in lightness, so the classes
# still read in greyscale print. The pale end is kept for 'below X' bounds.
RAMP = "YlGnBu"
NO_DATA_COLOR = "#d9d9d9"
BOUND_COLOR = "#f6e8c3"  # a bound that overlaps the classes: distinct sand tint
# ColorBrewer RdBu (colour-blind safe): red arm = decrease, blue arm = increase, white = 0.
DIVERGING_RAMP = "RdBu"
ZERO_COLOR = "#f7f7f7"  # RdBu's centre: no change
LOW_QUALIFIERS = ("<", "<=")
HIGH_QUALIFIERS = (">", ">=")


@dataclass(frozen=True)
class LegendItem:
    color: str
    label: str
    kind: str  # 'class' | 'bound' | 'no_data'


@dataclass
class ChoroplethSpec:
    """Everything a map needs, per region code: colour, tooltip rows; plus the legend."""

    title: str
    colors: dict[str, str]
    tooltips: dict[str, list[tuple[str, str]]]
    legend: list[LegendItem]
    breaks: list[float] = field(default_factory=list)
    caption: str = ""
    no_data: list[str] = field(default_factory=list)
    diverging: bool = False  # a change centred on 0: values read with their sign


def ramp(n: int) -> list[str]:
    return list(_ramp(n))


@functools.lru_cache(maxsize=32)
def _ramp(n: int) -> tuple[str, ...]:
    from matplotlib import colormaps
    from matplotlib.colors import to_hex

    cmap = colormaps[RAMP]
    if n <= 0:
        return ()
    if n == 1:
        return (to_hex(cmap(0.6)),)
    return tuple(to_hex(cmap(0.18 + 0.77 * i / (n - 1))) for i in range(n))


def quantile_bins(y: np.ndarray, k: int) -> np.ndarray:
    """``mapclassify.Quantiles(y, k).bins`` without importing it: the k quantiles by scipy's
    ``scoreatpercentile`` (linear interpolation between the closest ranks, in its
    arithmetic), duplicates collapsed."""
    ordered = np.sort(np.asarray(y, dtype=float).ravel())
    w = 100.0 / k
    pcts = np.arange(w, 100 + w, w)
    if pcts[-1] > 100.0:
        pcts[-1] = 100.0
    out = []
    for pct in pcts:
        idx = pct / 100.0 * (len(ordered) - 1)
        i = int(idx)
        if i == idx:
            out.append(ordered[i])
        else:
            weights = np.array([(i + 1 - idx), (idx - i)], float)
            out.append(np.add.reduce(ordered[i : i + 2] * weights) / weights.sum())
    return np.unique(np.array(out))


def equal_interval_bins(y: np.ndarray, k: int) -> np.ndarray:
    """``mapclassify.EqualInterval(y, k).bins`` without importing it (``y`` not constant)."""
    y = np.asarray(y, dtype=float).ravel()
    max_y, min_y = max(y), min(y)
    width = (max_y - min_y) * 1.0 / k
    cuts = np.arange(min_y + width, max_y + width, width)
    if len(cuts) > k:  # overshooting
        cuts = cuts[0:k]
    cuts[-1] = max_y
    return cuts.copy()


def diverging_ramp(n_neg: int, n_pos: int) -> tuple[list[str], list[str]]:
    """Colours of the decrease classes (darkest = largest decrease first) and of the increase
    classes (lightest first), from the two arms of RdBu; the centre (white) is kept for 0."""
    from matplotlib import colormaps
    from matplotlib.colors import to_hex

    cmap = colormaps[DIVERGING_RAMP]

    def arm(n: int, far: float, near: float) -> list[str]:
        if n <= 0:
            return []
        if n == 1:
            return [to_hex(cmap((far + near) / 2))]
        return [to_hex(cmap(far + (near - far) * i / (n - 1))) for i in range(n)]

    return arm(n_neg, 0.04, 0.38), arm(n_pos, 0.96, 0.62)[::-1]


def class_breaks(
    values: list[float], scheme: str = DEFAULT_SCHEME, k: int = DEFAULT_K
) -> list[float]:
    """Upper bounds of up to ``k`` classes (fewer when there are fewer distinct values)."""
    y = np.asarray([v for v in values if v is not None and not math.isnan(v)], dtype=float)
    distinct = np.unique(y)
    if len(distinct) == 0:
        return []
    k_eff = min(k, len(distinct))
    if k_eff == 1:
        return [float(distinct[-1])]
    if scheme == "quantiles":
        bins = quantile_bins(y, k_eff)
    elif scheme == "equal_interval":
        bins = equal_interval_bins(y, k_eff)
    elif scheme == "natural_breaks":
        import mapclassify

        with warnings.catch_warnings():  # "Numba not installed": 13 values need no JIT
            warnings.simplefilter("ignore", UserWarning)
            bins = mapclassify.FisherJenks(y, k=k_eff).bins
    else:
        raise ValueError(f"unknown classification scheme {scheme!r}")
    out = sorted({float(b) for b in bins})
    out[-1] = max(out[-1], float(distinct[-1]))
    return out


def class_index(value: float, breaks: list[float]) -> int:
    for i, upper in enumerate(breaks):
        if value <= upper:
            return i
    return len(breaks) - 1


def _range_label(lo: float, hi: float, lang: str, decimals: int, unit: str | None) -> str:
    a = i18n.fmt_number(lo, lang, decimals)
    b = i18n.fmt_number(hi, lang, decimals)
    text = a if a == b else f"{a} – {b}"
    return text + i18n.unit_suffix(unit, lang)


def choropleth_spec(
    frame: pd.DataFrame,
    *,
    lang: str,
    title: str,
    unit: str | None,
    scheme: str = DEFAULT_SCHEME,
    k: int = DEFAULT_K,
    extra_tooltip: dict[str, list[tuple[str, str]]] | None = None,
    caption: str = "",
    diverging: bool = False,
    place_label: str | None = None,
) -> ChoroplethSpec:
    """``frame``: one row per region with region_code, name, value, qualifier, value_high
    (or per other shape: ``region_code`` is then its key, ``place_label`` what the tooltip
    calls it, e.g. 'Municipality'; default 'Region').

    ``diverging``: a change centred on 0 (see the module docstring); ``scheme`` and ``k``
    then class each side of 0 apart.

    Tooltip rows are (label, text) pairs already formatted for ``lang`` and HTML-escaped."""
    if diverging:
        return _diverging_spec(
            frame,
            lang=lang,
            title=title,
            unit=unit,
            scheme=scheme,
            k=k,
            extra_tooltip=extra_tooltip,
            caption=caption,
            place_label=place_label,
        )
    qual = frame["qualifier"].fillna("=")
    has_value = frame["value"].notna()
    plain = has_value & qual.isin(i18n.PLAIN_QUALIFIERS)
    values = frame.loc[plain, "value"].astype(float).tolist()
    breaks = class_breaks(values, scheme, k)
    decimals = i18n.smart_decimals(
        frame.loc[has_value, "value"].astype(float).tolist()
        + frame["value_high"].dropna().astype(float).tolist()
    )
    lo_all = min(values) if values else math.inf
    hi_all = max(values) if values else -math.inf

    # A bound entirely below every class gets the pale end of the ramp, one entirely above
    # gets the dark end; otherwise it gets a distinct tint. It is never placed in a class.
    bounds = frame.loc[has_value & ~plain, ["qualifier", "value", "value_high"]]
    below = [(q, v) for q, v, _ in bounds.itertuples(index=False) if q in LOW_QUALIFIERS]
    above = [(q, v) for q, v, _ in bounds.itertuples(index=False) if q in HIGH_QUALIFIERS]
    n_low = 1 if below and all(v <= lo_all for _, v in below) else 0
    n_high = 1 if above and all(v >= hi_all for _, v in above) else 0
    colors_all = ramp(len(breaks) + n_low + n_high)
    class_colors = colors_all[n_low : n_low + len(breaks)]
    low_color = colors_all[0] if n_low else BOUND_COLOR
    high_color = colors_all[-1] if n_high else BOUND_COLOR

    colors: dict[str, str] = {}
    legend: list[LegendItem] = []
    bound_items: dict[str, LegendItem] = {}
    for row in frame.itertuples(index=False):
        code = row.region_code
        q = row.qualifier if isinstance(row.qualifier, str) else "="
        if is_missing(row.value):
            colors[code] = NO_DATA_COLOR
        elif q in i18n.PLAIN_QUALIFIERS:
            colors[code] = class_colors[class_index(float(row.value), breaks)]
        else:
            color = (
                low_color
                if q in LOW_QUALIFIERS
                else (high_color if q in HIGH_QUALIFIERS else BOUND_COLOR)
            )
            colors[code] = color
            label = i18n.bound_label(
                q, row.value, row.value_high, lang, unit=unit, decimals=decimals
            )
            bound_items.setdefault(label, LegendItem(color, label, "bound"))

    lower = lo_all
    for i, upper in enumerate(breaks):
        legend.append(
            LegendItem(class_colors[i], _range_label(lower, upper, lang, decimals, unit), "class")
        )
        lower = upper
    legend = list(bound_items.values()) + legend if n_low else legend + list(bound_items.values())
    no_data = _no_data_item(colors, legend, lang)

    tooltips = _region_tooltips(
        frame, lang, title, unit, decimals, extra_tooltip, signed=False, place=place_label
    )
    return ChoroplethSpec(
        title=title,
        colors=colors,
        tooltips=tooltips,
        legend=legend,
        breaks=breaks,
        caption=caption,
        no_data=no_data,
    )


def _no_data_item(colors: dict[str, str], legend: list[LegendItem], lang: str) -> list[str]:
    """The regions drawn as 'no data' (in map order); adds their legend item if there are any."""
    no_data = [code for code, color in colors.items() if color == NO_DATA_COLOR]
    if no_data:
        legend.append(LegendItem(NO_DATA_COLOR, i18n.t("common.no_data", lang), "no_data"))
    return no_data


def _region_tooltips(
    frame: pd.DataFrame,
    lang: str,
    title: str,
    unit: str | None,
    decimals: int,
    extra: dict[str, list[tuple[str, str]]] | None,
    *,
    signed: bool,
    place: str | None = None,
) -> dict[str, list[tuple[str, str]]]:
    out = {}
    place = place or i18n.t("common.region", lang)
    for row in frame.itertuples(index=False):
        q = row.qualifier if isinstance(row.qualifier, str) else "="
        plain = q in i18n.PLAIN_QUALIFIERS and not is_missing(row.value)
        if signed and plain:
            shown = ("≈" if q == "~" else "") + i18n.fmt_signed(
                row.value, lang, unit=unit, decimals=decimals
            )
        else:
            shown = i18n.fmt_value(
                row.value,
                lang,
                unit=unit,
                qualifier=q,
                value_high=row.value_high,
                decimals=decimals,
            )
        rows = [(place, str(row.name)), (title, shown)]
        rows += (extra or {}).get(row.region_code, [])
        out[row.region_code] = [(html.escape(a), html.escape(b)) for a, b in rows]
    return out


def is_missing(value: object) -> bool:
    """'No data': the one test of whether a region has a figure (the query leaves the value
    null where none is held; never coloured as zero). Such regions get ``NO_DATA_COLOR``, a
    dashed outline and the legend's 'no data' item (``_no_data_item``); a region a spec does
    not mention at all is drawn the same way by the maps."""
    return value is None or (isinstance(value, float) and math.isnan(value))


def _signed_range(lo: float, hi: float, lang: str, decimals: int, unit: str | None) -> str:
    a = i18n.fmt_signed(lo, lang, unit=unit, decimals=decimals)
    if i18n.fmt_number(lo, lang, decimals) == i18n.fmt_number(hi, lang, decimals):
        return a
    b = i18n.fmt_signed(hi, lang, unit=unit, decimals=decimals)
    return i18n.t("legend.range", lang, low=a, high=b)


def _diverging_spec(
    frame: pd.DataFrame,
    *,
    lang: str,
    title: str,
    unit: str | None,
    scheme: str,
    k: int,
    extra_tooltip: dict[str, list[tuple[str, str]]] | None,
    caption: str,
    place_label: str | None = None,
) -> ChoroplethSpec:
    """Decreases and increases classed apart (each side gets up to ``k`` − 1 classes when
    both occur), coloured from the two arms of RdBu; 0 is white; bounds keep their own tint.
    Legend, low to high: the decreases, no change, the increases, each label signed and
    named ("−27,0 % έως −20,1 % · μείωση")."""
    qual = frame["qualifier"].fillna("=")
    has_value = frame["value"].notna()
    plain = has_value & qual.isin(i18n.PLAIN_QUALIFIERS)
    values = frame.loc[plain, "value"].astype(float)
    neg = values[values < 0].tolist()
    pos = values[values > 0].tolist()
    both = bool(neg) and bool(pos)
    side_k = max(1, k - 1) if both else k
    neg_breaks = class_breaks(neg, scheme, side_k)
    pos_breaks = class_breaks(pos, scheme, side_k)
    neg_colors, pos_colors = diverging_ramp(len(neg_breaks), len(pos_breaks))
    decimals = max(1, i18n.smart_decimals(frame.loc[has_value, "value"].astype(float).tolist()))

    colors: dict[str, str] = {}
    bound_items: dict[str, LegendItem] = {}
    for row in frame.itertuples(index=False):
        code = row.region_code
        q = row.qualifier if isinstance(row.qualifier, str) else "="
        if is_missing(row.value):
            colors[code] = NO_DATA_COLOR
        elif q not in i18n.PLAIN_QUALIFIERS:
            colors[code] = BOUND_COLOR
            label = i18n.bound_label(
                q, row.value, row.value_high, lang, unit=unit, decimals=decimals
            )
            bound_items.setdefault(label, LegendItem(BOUND_COLOR, label, "bound"))
        elif row.value < 0:
            colors[code] = neg_colors[class_index(float(row.value), neg_breaks)]
        elif row.value > 0:
            colors[code] = pos_colors[class_index(float(row.value), pos_breaks)]
        else:
            colors[code] = ZERO_COLOR

    legend: list[LegendItem] = []
    decrease, increase = i18n.t("legend.decrease", lang), i18n.t("legend.increase", lang)
    lower = min(neg) if neg else 0.0
    for color, upper in zip(neg_colors, neg_breaks):
        text = _signed_range(lower, upper, lang, decimals, unit)
        legend.append(LegendItem(color, f"{text} · {decrease}", "class"))
        lower = upper
    if (values == 0).any():
        legend.append(LegendItem(ZERO_COLOR, i18n.t("legend.no_change", lang), "class"))
    lower = min(pos) if pos else 0.0
    for color, upper in zip(pos_colors, pos_breaks):
        text = _signed_range(lower, upper, lang, decimals, unit)
        legend.append(LegendItem(color, f"{text} · {increase}", "class"))
        lower = upper
    legend += list(bound_items.values())
    no_data = _no_data_item(colors, legend, lang)
    tooltips = _region_tooltips(
        frame, lang, title, unit, decimals, extra_tooltip, signed=True, place=place_label
    )
    return ChoroplethSpec(
        title=title,
        colors=colors,
        tooltips=tooltips,
        legend=legend,
        breaks=[*neg_breaks, *pos_breaks],
        caption=caption,
        no_data=no_data,
        diverging=True,
    )
