"""Small pieces several views share: the 'all' option of a filter, dates as given."""

from __future__ import annotations

from atlas import i18n, queries
from atlas.i18n import t
from atlas.queries import Runner

# The atlas's headline layer (issue #19): residents with foreign citizenship, ELSTAT census
# 2021 final results, all 13 regions. The overview and the map explorer open with it.
FOREIGN_CITIZENS = "census2021_foreign_citizens"
ALL = ""  # the "all" option of a filter
NO_PERIOD = "common.ref_date_not_given"  # a figure without a reference date
NONE = "__none__"  # "not stated" (e.g. programmes whose funder the source does not give)
# The source columns every CSV ends its rows with (the reader can follow each figure).
SOURCE_CSV = ("source_id", "source_publisher", "source_title", "source_url")


def with_all(fmt, lang: str):
    """A selectbox label function whose empty option reads 'All'."""
    return lambda value: t("programmes.all", lang) if value == ALL else fmt(value)


def as_given(text: object, lang: str, *, missing: str | None = None, short: bool = False) -> str:
    """A date or period as the source gives it (``atlas.periods``, formatted by
    ``i18n.fmt_partial``): the one way the views show a partial date. Without one: '' or,
    with ``missing``, that locale key's text ('reference date not given', 'not stated'),
    never a filled-in year. A day and month without a year says so: '17 Νοεμβρίου (η πηγή
    δεν δίνει έτος)' (``short``: '17 Νοεμβρίου, χωρίς έτος στην πηγή'), never a guessed
    year."""
    if not isinstance(text, str) or not text:
        return t(missing, lang) if missing else ""
    shown = i18n.fmt_partial(text, lang)
    if text.startswith("--"):
        note = "profile.no_year_short" if short else "profile.year_not_given"
        shown += (", " if short else " ") + t(note, lang)
    return shown


def built_at_text(run: Runner, lang: str) -> str:
    """When the database was built, in the reader's format (UTC)."""
    from datetime import datetime

    info = queries.build_info(run)
    if not info.get("built_at"):
        return ""
    when = datetime.fromisoformat(info["built_at"])
    return f"{i18n.fmt_date(when.date(), lang)} {when:%H:%M} UTC"
