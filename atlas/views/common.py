"""Small pieces several views share: the 'all' option of a filter, 'not stated' dates."""

from __future__ import annotations

from atlas import i18n, queries
from atlas.i18n import t
from atlas.queries import Runner

ALL = ""  # the "all" option of a filter
NONE = "__none__"  # "not stated" (e.g. programmes whose funder the source does not give)
# The source columns every CSV ends its rows with (the reader can follow each figure).
SOURCE_CSV = ("source_id", "source_publisher", "source_title", "source_url")


def with_all(fmt, lang: str):
    """A selectbox label function whose empty option reads 'All'."""
    return lambda value: t("programmes.all", lang) if value == ALL else fmt(value)


def partial_or(text: object, lang: str, missing_key: str = "programmes.not_stated") -> str:
    """A partial date as the source gives it, else 'not stated' (or ``missing_key``)."""
    return i18n.fmt_partial(text, lang) if isinstance(text, str) and text else t(missing_key, lang)


def built_at_text(run: Runner, lang: str) -> str:
    """When the database was built, in the reader's format (UTC)."""
    from datetime import datetime

    info = queries.build_info(run)
    if not info.get("built_at"):
        return ""
    when = datetime.fromisoformat(info["built_at"])
    return f"{i18n.fmt_date(when.date(), lang)} {when:%H:%M} UTC"
