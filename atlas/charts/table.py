"""A view's table as plain HTML (for ``st.html``), for the pages with a map: a real <table>
(headers, scope, links), numbers in the reader's format, sortable by any column (the sort
buttons are wired by atlas/a11y.js, which every page loads; each cell carries its sort key),
and nothing for the browser to download first (``st.dataframe`` pulls ~1.5 MB of grid and
Arrow code ahead of the map). Pure: no Streamlit.
"""

from __future__ import annotations

import html
import math

import pandas as pd

from atlas import i18n
from atlas.views.shapes import Table

_CELL = "padding:.3rem .6rem;border-bottom:1px solid #e6e6e6;vertical-align:top;max-width:24rem"
_HEAD = (
    "padding:0;border-bottom:2px solid #c9ccd3;background:#f0f2f6;text-align:left;"
    "position:sticky;top:0"
)
_NUMBER = ";text-align:right;font-variant-numeric:tabular-nums"
_BUTTON = (
    "all:unset;box-sizing:border-box;display:flex;gap:.3rem;width:100%;cursor:pointer;"
    "padding:.35rem .6rem;font-weight:600;color:#262730"
)


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA


def _sort_key(value: object, number: bool) -> str:
    if _missing(value):
        return ""
    if number:
        try:
            return repr(float(value))
        except (TypeError, ValueError):
            return ""
    return str(value)


def _cell(value: object, kind: str, lang: str) -> str:
    if _missing(value):
        return ""
    if kind == "number":
        try:
            return html.escape(i18n.fmt_number(float(value), lang))
        except (TypeError, ValueError):
            return html.escape(str(value))
    text = html.escape(str(value))
    if kind == "link" and str(value).startswith(("http://", "https://")):
        href = html.escape(str(value), quote=True)
        return f'<a href="{href}" target="_blank" rel="noopener noreferrer">{text}</a>'
    return text


def table_html(table: Table, *, label: str = "") -> str:
    """The table's shown columns in the reader's language; numbers formatted for the reader,
    sorted on their values; links clickable; no index. ``label``: the table's accessible
    name (its caption for screen readers), else none."""
    frame = table.shown()
    kinds = {h: "number" for h in table.headers("number")} | {
        h: "link" for h in table.headers("link")
    }
    hint = i18n.t("a11y.sort_hint", table.lang)
    heads = "".join(
        f'<th scope="col" aria-sort="none" style="{_HEAD}">'
        f'<button type="button" class="atlas-sort" data-col="{i}" style="{_BUTTON}" '
        f'title="{html.escape(hint, quote=True)}">{html.escape(str(h))}'
        f'<span aria-hidden="true" style="color:#595959">↕</span></button></th>'
        for i, h in enumerate(frame.columns)
    )
    rows = []
    for values in frame.itertuples(index=False, name=None):
        cells = []
        for h, v in zip(frame.columns, values):
            kind = kinds.get(h, "text")
            align = _NUMBER if kind == "number" else ""
            key = html.escape(_sort_key(v, kind == "number"), quote=True)
            cells.append(
                f'<td data-sort="{key}" style="{_CELL}{align}">{_cell(v, kind, table.lang)}</td>'
            )
        rows.append(f"<tr>{''.join(cells)}</tr>")
    caption = f'<caption class="atlas-sr-only">{html.escape(label)}</caption>' if label else ""
    return (
        f'<div class="atlas-table" style="overflow:auto;max-height:36rem;'
        f'border:1px solid #e6e6e6;border-radius:.5rem">'
        f'<table class="atlas-sortable" data-lang="{html.escape(table.lang, quote=True)}" '
        f'style="border-collapse:collapse;width:100%;font-size:.875rem;color:#262730">'
        f"{caption}<thead><tr>{heads}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )
