"""Vectorised cell parsers. Each takes a pandas Series of strings indexed by source line
number and returns parsed values, raising :class:`EtlError` at the first bad cell."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from atlas.periods import partial_date
from etl.errors import EtlError

MAX_CELL_CHARS = 2_000  # longer cells are almost always a paste accident, not data

# Greek files (';'-delimited) write 1.234.567,5; international files write 1234567.5.
# re.ASCII: \d would also match Arabic-Indic or full-width digits, which pandas then turns
# into a silent NaN.
_INTL_NUMBER = re.compile(r"^[+-]?(\d+(\.\d+)?|\.\d+)([eE][+-]?\d+)?$", re.ASCII)
_GREEK_NUMBER = re.compile(r"^[+-]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$", re.ASCII)
_FORMULA_START = re.compile(r"^[=+@\t\r]|^-[^\d.\s]")
_HTML_TAG = re.compile(r"<\s*[/!a-zA-Z]")

QUALIFIERS = {
    "": "=",
    "=": "=",
    "<": "<",
    "<=": "<=",
    "≤": "<=",
    ">": ">",
    ">=": ">=",
    "≥": ">=",
    "~": "~",
    "≈": "~",
    "about": "~",
    "range": "range",
}


def _fail(series: pd.Series, mask: pd.Series, message: str, ctx: dict, hint: str | None = None):
    line = mask[mask].index[0]
    raise EtlError(
        message,
        file=ctx.get("file"),
        line=int(line),
        column=ctx.get("column"),
        value=series.loc[line],
        hint=hint,
    )


def _bad_lines(s: pd.Series, distinct: pd.Series, bad: pd.Series) -> pd.Series:
    """Rows whose value is one of the failing distinct values (checks run once per value:
    a million-row column usually holds a few hundred distinct texts)."""
    return s.isin(distinct[bad.to_numpy()])


def check_text(series: pd.Series, ctx: dict, *, required: bool) -> pd.Series:
    s = series.fillna("").astype(str).str.strip()
    if required:
        _empty = s.eq("")
        if _empty.any():
            _fail(s, _empty, "a value is required here", ctx)
    u = pd.Series(s.unique(), dtype=s.dtype)
    too_long = u.str.len() > MAX_CELL_CHARS
    if too_long.any():
        _fail(s, _bad_lines(s, u, too_long), f"cell longer than {MAX_CELL_CHARS:,} characters", ctx)
    formula = u.str.contains(_FORMULA_START)
    if formula.any():
        _fail(
            s,
            _bad_lines(s, u, formula),
            "text starts like a spreadsheet formula (=, +, -, @)",
            ctx,
            "Remove the leading character or write the text without it",
        )
    html = u.str.contains(_HTML_TAG)
    if html.any():
        _fail(s, _bad_lines(s, u, html), "text contains HTML markup", ctx, "Plain text only")
    return s.where(s.ne(""), None)


def parse_numbers(
    series: pd.Series, ctx: dict, *, greek: bool, required: bool, non_negative: bool
) -> pd.Series:
    s = series.fillna("").astype(str).str.strip().str.replace("\u00a0", "", regex=False)
    empty = s.eq("")
    if required and empty.any():
        _fail(s, empty, "a number is required here", ctx)
    pattern = _GREEK_NUMBER if greek else _INTL_NUMBER
    u = pd.Series(s.unique(), dtype=s.dtype)
    bad = ~empty & _bad_lines(s, u, ~u.str.match(pattern))
    if bad.any():
        hint = (
            "Greek format expected in this ';'-separated file: 1.234,5"
            if greek
            else "Write numbers like 1234.5 (no thousands separators)"
        )
        _fail(s, bad, "not a number", ctx, hint)
    cleaned = s.str.replace(".", "", regex=False).str.replace(",", ".", regex=False) if greek else s
    values = pd.to_numeric(cleaned.where(~empty, None), errors="coerce").astype("float64")
    lost = ~empty & values.isna()  # never let a written number become 'no data' unnoticed
    if lost.any():
        _fail(s, lost, "not a number", ctx)
    not_finite = pd.Series(np.isinf(values.to_numpy()), index=values.index)
    if not_finite.any():
        _fail(s, not_finite, "number is not finite", ctx)
    if non_negative:
        neg = values < 0
        if neg.any():
            _fail(s, neg, "must not be negative", ctx)
    return values


def parse_qualifiers(series: pd.Series, ctx: dict) -> pd.Series:
    s = series.fillna("").astype(str).str.strip()
    bad = ~s.isin(QUALIFIERS.keys())
    if bad.any():
        _fail(s, bad, "unknown qualifier", ctx, "Use one of: (empty), =, <, <=, >, >=, ~, range")
    return s.map(QUALIFIERS)


def parse_bools(series: pd.Series, ctx: dict) -> pd.Series:
    s = series.fillna("").astype(str).str.strip().str.lower()
    truthy = {"true", "yes", "1", "ναι"}
    falsy = {"false", "no", "0", "όχι", "οχι"}
    bad = ~s.isin(truthy | falsy | {""})
    if bad.any():
        _fail(s, bad, "not a yes/no value", ctx, "Use true or false")
    return s.map(lambda v: True if v in truthy else (False if v in falsy else None))


def parse_partial_dates(series: pd.Series, ctx: dict, *, required: bool) -> pd.DataFrame:
    """Return columns ``<col>``, ``<col>_start``, ``<col>_end``, ``<col>_precision``.

    Parses each distinct text once, so millions of rows with few periods stay fast."""
    name = ctx["column"]
    s = series.fillna("").astype(str).str.strip()
    if required and s.eq("").any():
        _fail(s, s.eq(""), "a date is required here", ctx)
    parsed: dict[str, tuple] = {"": (None, None, None)}
    for text in s.unique():
        if text in parsed:
            continue
        try:
            start, end, precision, _, _ = partial_date(text)
        except ValueError as exc:
            _fail(s, s.eq(text), str(exc), ctx)
        parsed[text] = (start, end, precision)
    out = pd.DataFrame(index=s.index)
    out[name] = s.where(s.ne(""), None)
    out[f"{name}_start"] = s.map(lambda t: parsed[t][0])
    out[f"{name}_end"] = s.map(lambda t: parsed[t][1])
    out[f"{name}_precision"] = s.map(lambda t: parsed[t][2])
    return out
