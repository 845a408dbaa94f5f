"""Exports: CSV (UTF-8 with BOM, formula-safe, with sources). PNG/PDF come later."""

from __future__ import annotations

import pandas as pd

# A cell starting with one of these is run as a formula by Excel/LibreOffice (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _neutralise(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        try:
            float(value)  # a negative number is not a formula
            return value
        except ValueError:
            return "'" + value
    return value


def safe_csv(frame: pd.DataFrame, *, footer: list[str] | None = None) -> bytes:
    """CSV bytes for Excel: UTF-8 BOM, formula prefixes neutralised, optional source lines."""
    safe = frame.copy()
    for col in safe.columns:
        if safe[col].dtype == object or pd.api.types.is_string_dtype(safe[col]):
            safe[col] = safe[col].map(_neutralise)
    text = safe.to_csv(index=False, lineterminator="\r\n")
    if footer:
        text += "\r\n" + "".join(f"# {_neutralise(line)}\r\n" for line in footer)
    return ("\ufeff" + text).encode("utf-8")
