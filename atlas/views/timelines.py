"""The timelines' view: EIN, Budapest Process and programme milestones with dates as precise
as the source gives them, events in Greece by region, and the CSV of what is shown."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import partial

import pandas as pd

from atlas import labels
from atlas.charts import timeline as tl
from atlas.classify import ChoroplethSpec
from atlas.i18n import t
from atlas.queries import Runner
from atlas.queries import programmes as pq
from atlas.queries.core import regions as all_regions
from atlas.views.common import ALL, SOURCE_CSV, with_all
from atlas.views.shapes import Chart, Choice, Column, Export, MapSpec, Table, csv_export, table

CSV_FIELDS = (
    "event_id",
    "title_el",
    "title_en",
    "start_text",
    "start_precision",
    "end_text",
    "end_precision",
    "place",
    "region_code",
    "country",
    "partners",
    "process",
    "programme_id",
    "is_dated",
    "note",
    *SOURCE_CSV,
)


@dataclass
class TimelineView:
    chart: Chart
    dated: Table  # the events on the chart
    undated: Table  # events that cannot be placed (no year)
    n_dated: int
    n_undated: int
    map: MapSpec
    n_greece_no_region: int
    exports: list[Export]


def timeline_options(run: Runner) -> dict[str, list[str]]:
    ev = pq.events(run)
    countries = sorted(_country_names(ev))
    years = sorted(
        {d.year for d in pd.concat([ev["start_date"], ev["end_date"]]).dropna().map(pd.Timestamp)}
    )
    return {
        "process": [ALL, *tl.lanes(ev)],
        "country": [ALL, *countries],
        "years": [str(y) for y in range(years[0], years[-1] + 1)] if years else [],
    }


def timeline_choices(run: Runner, lang: str) -> list[Choice]:
    """Process, country ('' = all) and the range of years (first to last by default)."""
    opts = timeline_options(run)
    years = tuple(opts["years"])
    first, last = (years[0], years[-1]) if years else (None, None)
    process = with_all(lambda p: tl.process_label(p, lang), lang)
    country = with_all(lambda c: tl.country_label(c, lang), lang)
    return [
        Choice("process", t("timeline.process", lang), tuple(opts["process"]), process),
        Choice("country", t("timeline.country", lang), tuple(opts["country"]), country),
        Choice("year_from", t("timeline.year_from", lang), years, default=first),
        Choice("year_to", t("timeline.year_to", lang), years, default=last),
    ]


def _country_names(ev: pd.DataFrame) -> set[str]:
    """Countries: every name in the country (venue) column, plus partner names the
    translation table knows as a country (partners also name organisations)."""
    venues = {c for text in ev["country"] for c in tl.split_list(text)}
    partners = {c for text in ev["partners"] for c in tl.split_list(text) if tl.is_country(c)}
    return venues | partners


def filter_events(
    ev: pd.DataFrame,
    *,
    process: str = ALL,
    country: str = ALL,
    year_from: str | None = None,
    year_to: str | None = None,
) -> pd.DataFrame:
    """Process and country (where held or taking part) filter every event; the date range
    filters dated events by overlap and keeps the undated ones (they cannot be placed)."""
    keep = pd.Series(True, index=ev.index)
    if process:
        keep &= ev["process"] == process
    if country:
        keep &= pd.Series(
            [
                country in tl.split_list(c) or country in tl.split_list(p)
                for c, p in zip(ev["country"], ev["partners"])
            ],
            index=ev.index,
            dtype=bool,
        )
    if year_from or year_to:
        lo = date(int(year_from), 1, 1) if year_from else date.min
        hi = date(int(year_to), 12, 31) if year_to else date.max
        in_range = [
            pd.isna(s)
            or (pd.Timestamp(s).date() <= hi and pd.Timestamp(e if pd.notna(e) else s).date() >= lo)
            for s, e in zip(ev["start_date"], ev["end_date"])
        ]
        keep &= pd.Series(in_range, index=ev.index, dtype=bool)
    return ev[keep]


def event_table(ev: pd.DataFrame, lang: str) -> Table:
    rows = pd.DataFrame(
        {
            "when": [tl.date_label(a, b, lang) for a, b in zip(ev["start_text"], ev["end_text"])],
            "title": labels.local(ev, "title", lang),
            "process": [tl.process_label(p, lang) for p in ev["process"]],
            "place": [tl.place_label(p, lang) if isinstance(p, str) else "" for p in ev["place"]],
            "region": labels.local(ev, "region_name", lang).fillna(""),
            "country": [
                "; ".join(tl.country_label(c, lang) for c in tl.split_list(x))
                for x in ev["country"]
            ],
            "source": labels.citations(
                labels.greek_or(ev, "source_publisher", lang), ev["source_title"]
            ),
            "note": ev["note"].fillna(""),
        }
    )
    keys = ("timeline.date", "timeline.event", "timeline.process", "timeline.place")
    keys += ("common.region", "timeline.country", "common.source", "common.notes")
    return table(rows, [Column(f, t(k, lang)) for f, k in zip(rows.columns, keys)], lang)


def events_map_spec(ev: pd.DataFrame, lang: str, regions: pd.DataFrame) -> ChoroplethSpec:
    """Events held in each Greek region (count). The events table lists every recorded
    event, so a region without one shows 0 — not 'no data'."""
    counts = ev.dropna(subset=["region_code"]).groupby("region_code").size()
    frame = pd.DataFrame(
        {
            "region_code": regions["region_code"],
            "name": labels.local(regions, "name", lang),
            "value": [float(counts.get(c, 0)) for c in regions["region_code"]],
            "qualifier": "=",
            "value_high": float("nan"),
        }
    )
    extra = {}
    for code, rows in ev.dropna(subset=["region_code"]).groupby("region_code"):
        extra[code] = [
            (t("timeline.event", lang), f"{tl.date_label(a, b, lang)}: {title}")
            for a, b, title in zip(
                rows["start_text"], rows["end_text"], labels.local(rows, "title", lang)
            )
        ]
    return tl.count_spec(frame, lang=lang, title=t("timeline.map_title", lang), extra_tooltip=extra)


def timeline_view(
    run: Runner,
    lang: str,
    *,
    process: str = ALL,
    country: str = ALL,
    year_from: str | None = None,
    year_to: str | None = None,
) -> TimelineView:
    ev = filter_events(
        pq.events(run), process=process, country=country, year_from=year_from, year_to=year_to
    )
    dated = ev[tl.placeable(ev)]
    undated = ev[~tl.placeable(ev)]
    filters = ", ".join(
        f"{k}={v}"
        for k, v in (
            ("process", process),
            ("country", country),
            ("from", year_from),
            ("to", year_to),
        )
        if v
    )
    footer = [t("timeline.title", lang), t("timeline.csv_filters", lang, filters=filters or "—")]
    csv = csv_export(
        ev[list(CSV_FIELDS)],
        f"atlas_events_{lang}.csv",
        t("common.download_csv", lang),
        footer=footer,
    )
    n_no_region = int((ev["in_greece"].fillna(False) & ev["region_code"].isna()).sum())
    spec = events_map_spec(ev, lang, all_regions(run))
    return TimelineView(
        chart=Chart(partial(tl.timeline_figure, ev, lang=lang)),  # described by its tables
        dated=event_table(dated, lang),
        undated=event_table(undated, lang),
        n_dated=len(dated),
        n_undated=len(undated),
        map=MapSpec(spec, caption=t("timeline.map_note", lang, n=n_no_region)),
        n_greece_no_region=n_no_region,
        exports=[csv],
    )
