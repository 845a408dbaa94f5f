"""Read the light HTML tables (``atlas.charts.table.table_html``) that an AppTest run drew with
``st.html`` back into DataFrames, so a page test can check their values as it checks a data
grid's: one column per header, each cell its sort key (``data-sort``: the value itself, a
number as a float), ``None`` for an empty cell."""

from __future__ import annotations

from html.parser import HTMLParser

import pandas as pd


class _Tables(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tables: list[tuple[list[str], list[list[str | None]]]] = []
        self._in_head = self._in_hidden = False
        self._head: list[str] = []
        self._rows: list[list[str | None]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and "atlas-sortable" in (attrs.get("class") or ""):
            self._head, self._rows = [], []
        elif tag == "th":
            self._in_head = True
            self._head.append("")
        elif tag == "span" and self._in_head and attrs.get("aria-hidden") == "true":
            self._in_hidden = True
        elif tag == "tr" and self._head:
            self._rows.append([])
        elif tag == "td" and self._rows:
            self._rows[-1].append(attrs.get("data-sort") or None)

    def handle_endtag(self, tag):
        if tag == "th":
            self._in_head = False
        elif tag == "span":
            self._in_hidden = False
        elif tag == "table" and self._head:
            self.tables.append((self._head, [r for r in self._rows if r]))
            self._head = []

    def handle_data(self, data):
        if self._in_head and not self._in_hidden:
            self._head[-1] += data


def _value(key: str | None):
    if key is None:
        return None
    try:
        return float(key)
    except ValueError:
        return key


def light_tables(at) -> list[pd.DataFrame]:
    """Every light table of the run, in page order."""
    parser = _Tables()
    for element in at.html:
        parser.feed(str(element.value))
    return [
        pd.DataFrame([[_value(k) for k in row] for row in rows], columns=head)
        for head, rows in parser.tables
    ]
