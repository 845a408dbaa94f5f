"""The explorer's ranking: horizontal bars drawn by the server as HTML (no Plotly, nothing for
the browser to download before the map). Pure: strings from a DataFrame, no Streamlit.

``ranking_bars`` is the one place that says what each bar shows (order, value, label, hatch);
``ranked_bars_html`` draws them for the page and ``atlas.static_map.render_ranked_bar`` for
the PNG export.
"""

from __future__ import annotations

import hashlib
import html
import math
from dataclasses import dataclass

import pandas as pd

from atlas import i18n
from atlas.classify import NO_DATA_COLOR, ChoroplethSpec

FONT = "DejaVu Sans, Arial, sans-serif"  # DejaVu has full Greek coverage (exports)
TEXT_COLOR = "#333333"  # 12.6:1 on white (atlas.charts.style.TEXT_COLOR)


@dataclass(frozen=True)
class Bar:
    """One region's bar: ``value`` is drawn (0 without data), ``label`` is its text in the
    reader's language; ``hatched``: a bound ('below 5') drawn up to the bound."""

    region_code: str
    name: str
    value: float
    label: str
    color: str
    hatched: bool
    has_data: bool


def ranking_bars(
    frame: pd.DataFrame, spec: ChoroplethSpec, *, lang: str, unit: str | None
) -> list[Bar]:
    """The bars, highest first, coloured like the map. A bound is labelled as the bound; a
    change (``spec.diverging``) reads with its sign ('+11,0 %'); a region without data has
    no bar and reads 'no data'. Units other than % go in the chart's unit line, not on each
    label."""
    decimals = i18n.smart_decimals(frame["value"].dropna().tolist())
    if spec.diverging:
        decimals = max(1, decimals)
    order = frame.assign(_sort=frame["value"].fillna(-math.inf)).sort_values(
        ["_sort", "name"], ascending=[False, True]
    )
    bar_unit = "percent" if unit == "percent" else None
    bars = []
    for row in order.itertuples(index=False):
        q = row.qualifier if isinstance(row.qualifier, str) else "="
        has_data = not pd.isna(row.value)
        if not has_data:
            label = i18n.t("common.no_data", lang)
        elif q in i18n.PLAIN_QUALIFIERS and spec.diverging:
            label = i18n.fmt_signed(row.value, lang, unit=bar_unit, decimals=decimals)
        elif q in i18n.PLAIN_QUALIFIERS:
            label = i18n.fmt_value(row.value, lang, unit=bar_unit, qualifier=q, decimals=decimals)
        else:
            label = i18n.bound_label(
                q, row.value, row.value_high, lang, unit=bar_unit, decimals=decimals
            )
        bars.append(
            Bar(
                region_code=row.region_code,
                name=str(row.name),
                value=float(row.value) if has_data else 0.0,
                label=label,
                color=spec.colors.get(row.region_code, NO_DATA_COLOR),
                hatched=has_data and q not in i18n.PLAIN_QUALIFIERS,
                has_data=has_data,
            )
        )
    return bars


def unit_line(unit: str | None, lang: str) -> str:
    """The unit of the bars when it is not on each label ('persons'), else ''."""
    return "" if unit == "percent" else i18n.unit_suffix(unit, lang).strip()


def _bar_style(bar: Bar, left: float, width: float) -> str:
    fill = (
        f"repeating-linear-gradient(135deg,{bar.color} 0 4px,#777 4px 5px)"
        if bar.hatched
        else bar.color
    )
    return (
        f"position:absolute;top:3px;bottom:3px;left:{left:.2f}%;width:{width:.2f}%;"
        f"background:{fill};border:0.5px solid #555;box-sizing:border-box"
    )


def ranked_bars_html(
    frame: pd.DataFrame,
    spec: ChoroplethSpec,
    *,
    lang: str,
    title: str,
    unit: str | None,
    name: str = "",
    description: str = "",
) -> str:
    """The ranking as one HTML figure (for ``st.html``): the title wraps (never cut), one
    row per region — name, bar, label — with the labels in a column of their own, so a bar
    left of 0 (a change) never covers a name. ``name``: the figure's accessible name
    ('Chart: …'); ``description``: its text alternative (read after the name)."""
    bars = ranking_bars(frame, spec, lang=lang, unit=unit)
    values = [b.value for b in bars]
    lo, hi = min([*values, 0.0]), max([*values, 0.0])
    span = (hi - lo) or 1.0
    zero = -lo / span * 100
    axis = (  # the line at 0 of a change, drawn in every row's track
        f'<div style="position:absolute;top:0;bottom:0;left:{zero:.2f}%;'
        f'border-left:1px solid #555"></div>'
        if lo < 0
        else ""
    )
    rows = []
    for b in bars:
        width = abs(b.value) / span * 100
        left = zero - width if b.value < 0 else zero
        bar = f'<div style="{_bar_style(b, left, width)}"></div>' if b.has_data else ""
        rows.append(
            f'<div style="display:contents">'
            f'<div style="padding:2px 0;text-align:right">{html.escape(b.name)}</div>'
            f'<div style="position:relative;min-height:22px">{axis}{bar}</div>'
            f'<div style="padding:2px 0;white-space:nowrap;font-variant-numeric:tabular-nums">'
            f"{html.escape(b.label)}</div></div>"
        )
    body = (
        f'<div style="display:grid;grid-template-columns:minmax(5rem,max-content) 1fr '
        f'max-content;column-gap:.5rem;align-items:center">{"".join(rows)}</div>'
    )
    return figure_html(
        body, title=title, unit=unit_line(unit, lang), name=name, description=description
    )


def figure_html(
    body: str, *, title: str, unit: str = "", name: str = "", description: str = ""
) -> str:
    """An HTML chart as one accessible figure (for ``st.html``): named ``name`` ('Chart:
    …', else the title), described by ``description`` (read after the name), its title
    wrapping (never cut) and its unit on a line of their own above ``body``."""
    digest = hashlib.sha1(f"{title}\n{body}".encode()).hexdigest()[:10]
    desc_id = f"atlas-chart-desc-{digest}"
    unit_html = (
        f'<p style="margin:0 0 .4rem;font-size:.85rem">{html.escape(unit)}</p>' if unit else ""
    )
    desc = (
        f'<p id="{desc_id}" class="atlas-sr-only">{html.escape(description)}</p>'
        if description
        else ""
    )
    described = f' aria-describedby="{desc_id}"' if description else ""
    label = html.escape(name or title, quote=True)
    return (
        f'<figure class="atlas-chart" role="figure" aria-label="{label}"{described} '
        f'style="margin:0;font-family:{FONT};font-size:.8rem;color:{TEXT_COLOR}">'
        f'<p style="margin:0 0 .2rem;font-size:.95rem;font-weight:600;'
        f'overflow-wrap:anywhere">{html.escape(title)}</p>{unit_html}{desc}{body}</figure>'
    )
