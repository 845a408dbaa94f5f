"""Census builders: the place-of-birth composition of each region as stacked bars, drawn by
the server as HTML (no chart library for the browser to load on the map explorer).

Pure functions (no Streamlit). The parts are shares of all residents; the bar of a region
is its residents born outside Greece, split by where they were born.
"""

from __future__ import annotations

import html

import pandas as pd

from atlas import i18n
from atlas.charts.ranking import FONT, TEXT_COLOR, figure_html

# Okabe-Ito (colour-blind safe); each part also has its own hatch, so the stack still reads
# in greyscale print. One colour per part, in legend order.
PART_COLORS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#999999", "#56B4E9")
PART_PATTERNS = ("", "/", ".", "x", "-", "+")
_INK = "rgba(51,51,51,.65)"
_HATCH = {  # CSS background layers drawn over the part's colour
    "": "",
    "/": f"repeating-linear-gradient(45deg,transparent 0 3px,{_INK} 3px 4px),",
    ".": f"radial-gradient({_INK} 1px,transparent 1.3px) 0 0/5px 5px,",
    "x": f"repeating-linear-gradient(45deg,transparent 0 3px,{_INK} 3px 4px),"
    f"repeating-linear-gradient(-45deg,transparent 0 3px,{_INK} 3px 4px),",
    "-": f"repeating-linear-gradient(0deg,transparent 0 3px,{_INK} 3px 4px),",
    "+": f"repeating-linear-gradient(0deg,transparent 0 4px,{_INK} 4px 5px),"
    f"repeating-linear-gradient(90deg,transparent 0 4px,{_INK} 4px 5px),",
}


def _fill(i: int) -> str:
    return _HATCH[PART_PATTERNS[i % len(PART_PATTERNS)]] + PART_COLORS[i % len(PART_COLORS)]


def birthplace_bars_html(
    frame: pd.DataFrame,
    parts: list[tuple[str, str]],
    *,
    lang: str,
    title: str,
    name: str = "",
    description: str = "",
) -> str:
    """One horizontal bar per region, stacked by place of birth, as one HTML figure.

    ``frame``: one row per region with ``name`` and a column per part (% of residents);
    ``parts``: (column, label) in stacking order. Regions are sorted by the length of their
    bar (the largest share born outside Greece first); each segment names region, part and
    share (its tooltip), each bar ends with its total; the legend below names the parts."""
    cols = [c for c, _ in parts]
    order = frame.assign(_total=frame[cols].sum(axis=1, min_count=1)).sort_values(
        ["_total", "name"], ascending=[False, True]
    )
    top = max([float(v) for v in order["_total"].dropna()] + [1e-9])
    pct = lambda v: i18n.fmt_value(v, lang, unit="percent", decimals=2)  # noqa: E731
    rows = []
    for row in order.to_dict("records"):
        region = str(row["name"])
        segments = []
        for i, (col, label) in enumerate(parts):
            v = row[col]
            if pd.isna(v) or not v:
                continue
            tip = html.escape(f"{region}: {label} {pct(v)}", quote=True)
            segments.append(
                f'<div title="{tip}" style="width:{float(v) / top * 100:.3f}%;'
                f'background:{_fill(i)};border-right:0.5px solid #555"></div>'
            )
        total = row["_total"]
        label = i18n.t("common.no_data", lang) if pd.isna(total) else pct(total)
        rows.append(
            f'<div style="padding:2px 0;text-align:right">{html.escape(region)}</div>'
            f'<div style="display:flex;height:18px;align-self:center">{"".join(segments)}</div>'
            f'<div style="padding:2px 0;white-space:nowrap">{html.escape(label)}</div>'
        )
    legend = "".join(
        f'<li style="display:inline-flex;align-items:center;margin-right:1rem">'
        f'<span style="display:inline-block;width:14px;height:14px;margin-right:.3rem;'
        f'border:0.5px solid #555;background:{_fill(i)}"></span>{html.escape(label)}</li>'
        for i, (_col, label) in enumerate(parts)
    )
    body = (
        f'<div style="display:grid;grid-template-columns:minmax(5rem,max-content) 1fr '
        f'max-content;column-gap:.5rem;align-items:center">{"".join(rows)}</div>'
        f'<ul style="list-style:none;padding:0;margin:.5rem 0 0;color:{TEXT_COLOR}">'
        f"{legend}</ul>"
    )
    return figure_html(
        body,
        title=title,
        unit=i18n.t("explorer.birthplace_axis", lang),
        name=name,
        description=description,
    )


__all__ = ["FONT", "PART_COLORS", "PART_PATTERNS", "birthplace_bars_html"]
