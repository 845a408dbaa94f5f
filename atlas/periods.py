"""Periods as the data writes them, and what may be said about their order.

One pure module (no pandas, no Streamlit) used by the ETL, when it reads files, and by the
app, when it formats or compares periods. The SQL marts implement the same rules
(``etl/models/region_indicator_values.sql``, ``site_latest.sql``, ``governors.sql``) and a test
checks that both agree; ``docs/data-model.md`` states the rules in words.

Written forms (``partial_date``):
  ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``  a year, month or day: the whole of it
  ``--MM-DD``                           day and month known, year not stated by the source
  ``A/B``                               a range from the start of A to the end of B, where A
                                        and B are any of the first three forms
                                        (``2011/2021-10-22``, ``2019/2020``)
  empty                                 the source gives no reference date ("unknown")

The period model: a period is the interval ``[start, end]`` (whole days) with a precision.
Order exists only between intervals that do not overlap: ``2022-03`` is before ``2022-08``,
but ``2022`` is neither before nor after ``2022-08``. An undated period is in no order at all.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Generic, TypeVar

MIN_YEAR, MAX_YEAR = 1900, 2100  # plausible range for any date in this domain

# re.ASCII: \d would also match Arabic-Indic or full-width digits.
_PARTIAL_DATE = re.compile(r"^(?:(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?|--(\d{2})-(\d{2}))$", re.ASCII)

# Finer first. The headline rule among overlapping candidates prefers the finer period.
PRECISION_RANK = {"day": 0, "month": 1, "year": 2, "range": 3, "day_no_year": 4, "unknown": 5}
# The source's confidence (how far the source itself can be trusted), higher first.
CONFIDENCE_RANK = {"high": 0, "medium": 1, "low": 2}

# latest() statuses
LATEST = "latest"  # ends last and overlaps no other candidate: "the latest figure"
OVERLAP = "overlap"  # several candidates could be the latest: a headline by rule, flagged
UNDATED = "undated"  # the only candidate has no reference date
NONE = "none"  # no candidate
# reasons printed with OVERLAP / UNDATED
OVERLAPPING_PERIODS = "overlapping_periods"
REFERENCE_DATE_NOT_GIVEN = "reference_date_not_given"
HEADLINE_RULE = "finer period first, then higher confidence, then later end"


def _single(text: str) -> tuple[date | None, date | None, str, int | None, int | None]:
    m = _PARTIAL_DATE.match(text)
    if not m:
        raise ValueError("not a date: use YYYY, YYYY-MM, YYYY-MM-DD, --MM-DD or a range A/B")
    y, mo, d, nm, nd = m.groups()
    if nm is not None:
        month, day = int(nm), int(nd)
        if not 1 <= month <= 12 or not 1 <= day <= calendar.monthrange(2024, month)[1]:
            raise ValueError("no such day")
        return None, None, "day_no_year", month, day
    year = int(y)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"year outside {MIN_YEAR}-{MAX_YEAR}")
    if mo is None:
        return date(year, 1, 1), date(year, 12, 31), "year", None, None
    month = int(mo)
    if not 1 <= month <= 12:
        raise ValueError("no such month")
    last = calendar.monthrange(year, month)[1]
    if d is None:
        return date(year, month, 1), date(year, month, last), "month", month, None
    day = int(d)
    if not 1 <= day <= last:
        raise ValueError("no such day")
    return date(year, month, day), date(year, month, day), "day", month, day


def partial_date(text: str) -> tuple[date | None, date | None, str, int | None, int | None]:
    """Parse ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``, ``--MM-DD`` or a range ``A/B``.

    Returns (first day, last day, precision, month, day); raises ValueError. A range has
    precision ``range`` (month and day None) and must not end before it starts."""
    if "/" in text:
        first, _, last = text.partition("/")
        a, b = _single(first), _single(last)
        if a[2] == "day_no_year" or b[2] == "day_no_year":
            raise ValueError("both ends of a range need a year")
        if b[1] < a[0]:  # type: ignore[operator]
            raise ValueError("the range ends before it starts")
        return a[0], b[1], "range", None, None
    return _single(text)


@dataclass(frozen=True)
class Period:
    """An interval of whole days ``[start, end]`` with the precision the source gave."""

    start: date | None
    end: date | None
    precision: str
    text: str | None = None

    @classmethod
    def parse(cls, text: str | None) -> Period:
        """``None`` or empty text = the source gives no reference date."""
        if text is None or not str(text).strip():
            return cls(None, None, "unknown", None)
        start, end, precision, _, _ = partial_date(str(text).strip())
        return cls(start, end, precision, str(text).strip())

    @classmethod
    def of(cls, start: date | None, end: date | None, precision: str) -> Period:
        return cls(start, end, precision, None)

    @property
    def dated(self) -> bool:
        return self.start is not None and self.end is not None

    def before(self, other: Period) -> bool:
        """Known to end before ``other`` starts (False when either is undated)."""
        return self.dated and other.dated and self.end < other.start  # type: ignore[operator]

    def after(self, other: Period) -> bool:
        return other.before(self)

    def overlaps(self, other: Period) -> bool:
        """Both dated and sharing at least one day: neither is before the other."""
        return self.dated and other.dated and not self.before(other) and not other.before(self)

    def ordered_with(self, other: Period) -> bool:
        """True when one is known to come before the other (a change may be stated)."""
        return self.before(other) or other.before(self)

    def contains(self, day: date) -> bool:
        return self.dated and self.start <= day <= self.end  # type: ignore[operator]


T = TypeVar("T")


@dataclass(frozen=True)
class Latest(Generic[T]):
    """What may be said about the latest of some candidates.

    ``headline`` is the one to show first; ``others`` are the candidates that could equally be
    the latest (shown side by side, with their periods); ``reason`` says why there is no single
    latest (empty when ``status`` is LATEST)."""

    status: str
    headline: T | None
    others: tuple[T, ...] = ()
    reason: str = ""

    @property
    def single(self) -> bool:
        return self.status == LATEST


def frontier(periods: Sequence[Period]) -> list[int]:
    """Indices of the periods that no other period is known to follow: the candidates for
    "latest". An undated period is always on the frontier (nothing is known to follow it)."""
    return [
        i
        for i, p in enumerate(periods)
        if not any(j != i and p.before(q) for j, q in enumerate(periods))
    ]


def headline_key(period: Period, confidence: str | None) -> tuple:
    """Sort key of the headline rule: finer period, then higher confidence, then later end,
    then the period's text (so the choice never depends on row order)."""
    end = period.end.toordinal() if period.end else 0
    return (
        PRECISION_RANK.get(period.precision, len(PRECISION_RANK)),
        CONFIDENCE_RANK.get(confidence or "", len(CONFIDENCE_RANK)),
        -end,
        period.text or "",
    )


def latest(
    items: Sequence[T],
    period: Callable[[T], Period],
    confidence: Callable[[T], str | None] = lambda _: None,
) -> Latest[T]:
    """The latest of ``items``: the one that ends last and overlaps no other candidate.

    Where several candidates could be the latest (overlapping or undated periods), none is
    claimed: the headline is chosen by ``headline_key`` and the rest are returned beside it."""
    if not items:
        return Latest(NONE, None)
    periods = [period(x) for x in items]
    front = frontier(periods)
    ranked = sorted(front, key=lambda i: headline_key(periods[i], confidence(items[i])))
    head, rest = items[ranked[0]], tuple(items[i] for i in ranked[1:])
    if len(front) == 1:
        if periods[ranked[0]].dated:
            return Latest(LATEST, head)
        return Latest(UNDATED, head, (), REFERENCE_DATE_NOT_GIVEN)
    undated = any(not periods[i].dated for i in front)
    return Latest(OVERLAP, head, rest, REFERENCE_DATE_NOT_GIVEN if undated else OVERLAPPING_PERIODS)


def previous(
    items: Sequence[T],
    current: T,
    period: Callable[[T], Period],
    confidence: Callable[[T], str | None] = lambda _: None,
) -> Latest[T]:
    """The figure a change may be stated against: the latest of the items known to come before
    ``current`` (callers pass items of one series only). Status NONE when there is none,
    OVERLAP when the earlier candidates overlap (then no change may be stated)."""
    now = period(current)
    return latest([x for x in items if period(x).before(now)], period, confidence)


# --- validity: office holders and programme statuses ------------------------------------------

IN_OFFICE = "in_office"
UNCONFIRMED = "unconfirmed"
NOT_YET = "not_yet"
ENDED = "ended"  # an end event (resigned …) on or before the date
END_DATE_NOT_KNOWN = "end_date_not_known"  # an end event without a date: cannot say
TERM_ENDED = "term_ended"
VALIDITY_NOT_KNOWN = "validity_not_known"


def valid_on(
    day: date,
    valid_from: Period,
    valid_to: Period,
    *,
    end_event: str | None = None,
    end_date: Period | None = None,
    confirmed: bool = True,
) -> str:
    """Whether a fact (an office holder's term) holds on ``day``.

    The term covers ``valid_from.start`` … ``valid_to.end`` (a term written as years covers
    those whole years). An end event (resigned, removed …) ends it from the start of its date
    (a source's date: the end had happened by then); an end event without a date makes the
    holder's status after the term began unknown."""
    if not valid_from.dated and not valid_to.dated:
        return VALIDITY_NOT_KNOWN
    if valid_from.dated and day < valid_from.start:  # type: ignore[operator]
        return NOT_YET
    if end_event:
        if end_date is None or not end_date.dated:
            return END_DATE_NOT_KNOWN
        if day >= end_date.start:  # type: ignore[operator]
            return ENDED
    if valid_to.dated and day > valid_to.end:  # type: ignore[operator]
        return TERM_ENDED
    if not valid_from.dated:
        return VALIDITY_NOT_KNOWN
    return IN_OFFICE if confirmed else UNCONFIRMED


# "running in year X" (programme register, profile, brief)
RUNNING = "running"  # a sourced start and end (or halt, or 'active as of') cover part of X
STARTED = "started"  # the sourced start falls in X
NOT_STARTED = "not_started"
PLANNED = "planned"
SUSPENDED = "suspended"
COMPLETED = "completed"
ENDED_BEFORE = "ended"  # the sourced (or announced) end is before X
END_NOT_KNOWN = "end_not_known"
START_NOT_KNOWN = "start_not_known"
RUNNING_STATES = (RUNNING, STARTED)


def status_in_year(
    year: int,
    start: Period,
    end: Period,
    status: str,
    status_date: Period | None = None,
) -> str:
    """What may be said about a programme in ``year``. Only sourced dates count: a programme
    with a start but no end, halt or dated 'active' status is "end not known", never running.

    ``status_date`` is the date the source gives the status for: for ``suspended`` /
    ``completed`` the date it took effect, for ``active`` the date it was reported active.
    A ``completed`` programme without a status date is taken to end at its ``end``."""
    y0, y1 = date(year, 1, 1), date(year, 12, 31)
    sd = status_date if status_date is not None and status_date.dated else None
    halt = None
    if status in (SUSPENDED, COMPLETED):
        halt = sd or (end if status == COMPLETED and end.dated else None)
    if status == PLANNED and not start.dated:
        return PLANNED
    if start.dated and start.start > y1:  # type: ignore[operator]
        return NOT_STARTED
    if halt is not None and halt.start <= y0:  # type: ignore[operator]
        return status
    if end.dated and end.end < y0:  # type: ignore[operator]
        return ENDED_BEFORE
    if not start.dated:
        return START_NOT_KNOWN
    if start.end >= y0:  # type: ignore[operator]  # start.start <= y1 already
        return STARTED
    if end.dated:  # start before X, end in or after X
        return RUNNING
    if halt is not None:  # halted after X began: it ran until then
        return RUNNING
    if status == "active" and sd is not None and sd.end >= y0:  # type: ignore[operator]
        return RUNNING
    return END_NOT_KNOWN
