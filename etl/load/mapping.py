"""Python mappers for periods and regions, run once per distinct value."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from etl import parse
from etl.schema import PLANNED_MARGIN_DAYS, Column, FileSpec


@dataclass(frozen=True)
class Mapped:
    """A distinct cell value's problem, found in Python."""

    message: str
    hint: str | None = None
    suggestions: tuple[str, ...] = ()


def _period_rows(col: Column, values: list[str], today: date) -> tuple[list[tuple], dict]:
    if col.future == "planned":
        limit, ahead = today + timedelta(days=PLANNED_MARGIN_DAYS), "planned"
    elif col.future == "any":
        limit, ahead = None, ""
    else:
        limit, ahead = today, "no"
    rows, bad = [], {}
    for v in values:
        text = v.strip()
        if not text:
            rows.append((v, None, None, None, None))
            continue
        try:
            norm, start, end, precision = parse.parse_period(text)
        except ValueError as exc:
            bad[v] = (1, Mapped(str(exc)))
            continue
        if limit is not None and start is not None and start > limit:
            if ahead == "planned":
                message = (
                    f"more than {PLANNED_MARGIN_DAYS // 366} years ahead "
                    f"(after {limit.isoformat()})"
                )
                hint = "Check the year; planned events and visits may be up to two years ahead"
            else:
                message = f"a date in the future (after the build date, {today.isoformat()})"
                hint = "Check the year: only planned events and visits may lie ahead"
            bad[v] = (2, Mapped(message, hint))
            continue
        rows.append((v, norm, start, end, precision))
    return rows, bad


def _region_rows(col: Column, spec: FileSpec, values: list[str]) -> tuple[list[tuple], dict]:
    from geo import regions

    mapper = regions.area_code if col.kind == "area" else regions.region_code
    rows, bad = [], {}
    for v in values:
        text = v.strip()
        if not text:
            rows.append((v, None, False))
            continue
        if regions.is_total_name(text):
            if spec.totals:
                rows.append((v, None, True))
            else:
                bad[v] = (
                    1,
                    Mapped(
                        "a totals row is not a region",
                        "Remove the totals row: the atlas adds up the regions itself",
                    ),
                )
            continue
        try:
            rows.append((v, mapper(text), False))
        except regions.AmbiguousRegionError as exc:
            labels = tuple(regions.candidate_label(c, text) for c in exc.candidates)
            bad[v] = (1, Mapped("this region name fits more than one region", None, labels))
        except regions.UnknownRegionError as exc:
            labels = tuple(regions.candidate_label(c, text) for c in exc.candidates[:3])
            bad[v] = (1, Mapped("unknown region", None, labels))
    return rows, bad
