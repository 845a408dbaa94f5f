"""Exports: CSV (UTF-8 with BOM, formula-safe, with sources), PNG maps and charts.

PNG and PDF builders live in ``atlas.static_map`` and ``atlas.brief`` (matplotlib, geopandas,
fpdf2); they are imported only when an export is asked for, so pages that show no export
button do not pay for them. All exports work offline and are deterministic.
"""

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


# --- PNG (maps and charts) and PDF ---------------------------------------------------------


def map_png(spec, *, source: str, date_text: str, scale: float = 1, **options) -> bytes:
    """A static map drawn from the same ``ChoroplethSpec`` as the interactive map, with title,
    legend, source line and date; ``scale`` 1 = screen (1200 × 900 px), 2 = print."""
    from atlas import static_map

    return static_map.render_map(spec, source=source, date_text=date_text, scale=scale, **options)


def chart_png(
    frame: pd.DataFrame,
    spec,
    *,
    lang: str,
    title: str,
    unit: str | None,
    source: str,
    date_text: str,
    scale: float = 1,
) -> bytes:
    """The ranked bar chart of a map view as PNG, coloured by the same spec."""
    from atlas import static_map

    return static_map.render_ranked_bar(
        frame,
        spec,
        lang=lang,
        title=title,
        unit=unit,
        source=source,
        date_text=date_text,
        scale=scale,
    )


def date_line(built_at_text: str, lang: str) -> str:
    """'Data as of …' for the foot of an image ('' when the date is unknown)."""
    from atlas.i18n import t

    return t("profile.data_as_of_note", lang, date=built_at_text) if built_at_text else ""


def png_name(stem: str, scale: float) -> str:
    """atlas_population_census_2021_value_el.png, …@2x.png for print."""
    return f"{stem}{'' if scale == 1 else f'@{scale:g}x'}.png"
