"""How a name, a region and a source read in the reader's language: one helper each.

Pure functions (no Streamlit, no database): views, charts and the brief use them, so a name
or a citation reads the same on every page, map, table and export.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from atlas import i18n
from atlas.i18n import t


def _has_text(value: object) -> bool:
    return isinstance(value, str) and value != ""


def local(obj: Any, field: str, lang: str) -> Any:
    """``field`` in the reader's language: ``<field>_el`` in Greek where the data has it, else
    ``<field>_en``. ``obj`` is a DataFrame (gives a Series), a row (Series, dict, namedtuple)
    or any object with ``<field>_el``/``<field>_en`` attributes."""
    el, en = f"{field}_el", f"{field}_en"
    greek = i18n.norm_lang(lang) == "el"
    if isinstance(obj, pd.DataFrame):
        if not greek:
            return obj[en]
        return obj[el].where(obj[el].map(_has_text), obj[en])
    get = obj.get if isinstance(obj, dict | pd.Series) else lambda k: getattr(obj, k, None)
    value = get(el) if greek else None
    return value if _has_text(value) else get(en)


def greek_or(obj: Any, field: str, lang: str) -> Any:
    """``field`` as recorded, or on a Greek page its Greek form ``<field>_el`` where the data
    has one (a publisher's official Greek name). Without a Greek form the recorded (English)
    name stays; pages mark its language (atlas/a11y.js). Frames give a Series."""
    el = f"{field}_el"
    greek = i18n.norm_lang(lang) == "el"
    if isinstance(obj, pd.DataFrame):
        if not greek or el not in obj:
            return obj[field]
        return obj[el].where(obj[el].map(_has_text), obj[field])
    get = obj.get if isinstance(obj, dict | pd.Series) else lambda k: getattr(obj, k, None)
    value = get(el) if greek else None
    return value if _has_text(value) else get(field)


def term(kind: str, text: object, lang: str) -> str:
    """A data term of a small fixed vocabulary (a site type, a party) in the reader's
    language: ``term.<kind>.<slug>`` in the locales where it is there, else the text as the
    data gives it ('' for none). 'armed-forces-managed site' → 'armed_forces_managed_site'."""
    if not _has_text(text):
        return ""
    slug = re.sub(r"[^a-z0-9]+", "_", str(text).casefold()).strip("_")
    key = f"term.{kind}.{slug}"
    return t(key, lang) if slug and i18n.has(key) else str(text)


def region_label(code: str, lang: str, *, with_code: bool = False, unknown: str | None = None):
    """A region's name ('Ήπειρος', 'Epirus (EL54)' with ``with_code``). A code that is not
    one of the 13 reads as ``unknown`` (default: the code itself)."""
    from geo.regions import BY_CODE

    region = BY_CODE.get(code) if isinstance(code, str) else None
    if region is None:
        return code if unknown is None else unknown
    name = local(region, "name", lang)
    return f"{name} ({code})" if with_code else name


def citation(publisher: object, title: object, note: str = "") -> str:
    """'publisher, «title»' (+ ' (note)', e.g. the reference date); '' without a title."""
    if not _has_text(title):
        return ""
    text = f"{publisher}, «{title}»" if _has_text(publisher) else f"«{title}»"
    return f"{text} ({note})" if note else text


def citations(publishers, titles) -> list[str]:
    """``citation`` for each (publisher, title) pair of two columns."""
    return [citation(p, s) for p, s in zip(publishers, titles)]


def source_line(frame: pd.DataFrame, lang: str, *, max_per_publisher: int = 3) -> str:
    """'Source: publisher, «title» (reference date)' for each distinct source in the frame
    (columns source_id, source_publisher, source_title, source_reference_date). A publisher
    with more than ``max_per_publisher`` sources (e.g. ELSTAT's 13 region pages) reads as its
    first source "and 12 more by the same publisher" (the table and CSV list each)."""
    have = frame.dropna(subset=["source_id"]).drop_duplicates("source_id")
    counts = have["source_publisher"].fillna("").value_counts()
    parts, seen = [], set()
    for row in have.itertuples(index=False):
        publisher = row.source_publisher if _has_text(row.source_publisher) else ""
        many = counts.get(publisher, 0) > max_per_publisher
        if many and publisher in seen:
            continue
        seen.add(publisher)
        ref = getattr(row, "source_reference_date", None)
        text = citation(
            greek_or(row, "source_publisher", lang),
            row.source_title,
            i18n.fmt_partial(ref, lang) if _has_text(ref) else "",
        )
        if many and text:
            text += " " + t("common.more_same_publisher", lang, n=int(counts[publisher]) - 1)
        parts.append(text)
    parts = [p for p in parts if p]
    label = t("common.sources" if len(parts) > 1 or len(have) > 1 else "common.source", lang)
    return f"{label}: " + "; ".join(parts) if parts else t("common.no_data", lang)
