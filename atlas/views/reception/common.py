"""What the reception views share: how a point was placed, a person count or a capacity as
the source gives it, a tooltip's source row and the 13-region frame the choropleth reads."""

from __future__ import annotations

import pandas as pd

from atlas import i18n, labels
from atlas.i18n import t
from geo.placement import Placement


def placement_note(p: Placement, lang: str) -> str:
    """How a point was placed, said to the reader ('at the municipality's seat, not …'); the
    place in Greek on a Greek page where the gazetteer has its Greek name."""
    place = p.place_el if i18n.norm_lang(lang) == "el" and p.place_el else p.place
    if p.level == "regional_unit" and p.municipality:
        return t(
            "reception.place_regional_unit_muni", lang, place=place, municipality=p.municipality
        )
    return t(f"reception.place_{p.level}", lang, place=place)


def persons(value, lang: str, qualifier: object = "=") -> str:
    q = qualifier if isinstance(qualifier, str) and qualifier else "="
    return i18n.fmt_value(value, lang, unit="persons", qualifier=q)


def capacity_text(value, qualifier: object, basis: object, lang: str) -> str:
    """A capacity as the source gives it: '≤650' (up to), '400 (προγραμματισμένη)' for a
    capacity announced at opening; '' without a figure."""
    if pd.isna(value):
        return ""
    q = qualifier if isinstance(qualifier, str) and qualifier else "="
    text = i18n.fmt_value(value, lang, qualifier=q)
    if basis == "planned":
        text += f" ({t('profile.planned', lang)})"
    return text


def source_row(r, lang: str) -> list[tuple[str, str]]:
    """The tooltip's source row, if the record names its source."""
    if not isinstance(r.source_title, str):
        return []
    return [
        (
            t("common.source", lang),
            labels.citation(labels.greek_or(r, "source_publisher", lang), r.source_title),
        )
    ]


def region_frame(df: pd.DataFrame, values: pd.Series, lang: str) -> pd.DataFrame:
    """The 13-region frame ``classify.choropleth_spec`` reads (plain values)."""
    return pd.DataFrame(
        {
            "region_code": df["region_code"],
            "name": labels.local(df, "name", lang),
            "value": values.astype("float64"),
            "qualifier": "=",
            "value_high": float("nan"),
        }
    )
